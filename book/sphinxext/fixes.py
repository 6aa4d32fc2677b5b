"""The checked patches of other packages' HTML and assets that every page gets.

* pandas leaves the corner cells of a table's header empty; as header cells they
  would announce nothing (axe: empty-table-header), so they become data cells.
  Tables come from notebook outputs, so no template can reach them.
* sphinx-thebe (always on in Jupyter Book 1) puts an unpkg.com address and its
  loader on every page and loads Thebe from there when activated. The book offers
  Binder instead, so its scripts and stylesheet are removed and no page refers to
  another host.
* myst-nb embeds the saved ipywidgets state of a notebook; without a kernel it
  only draws dead controls (:mod:`book.widgets` shows a note instead).

Each is a :class:`~book.sphinxext.patches.Patch` that knows how many matches a page
must have; see :mod:`book.sphinxext.patches` for how they are checked.
"""

from __future__ import annotations

import re
from html.parser import HTMLParser
from typing import Any

from docutils import nodes

from book.sphinxext.patches import AssetPatch, BodyPatch, Page, Patch

__all__ = ["EMPTY_TABLE_HEADER", "PATCHES", "THEBE", "WIDGET_STATE"]


class _EmptyHeaders(HTMLParser):
    """Count ``<th>`` cells with no text (spaces and no-break spaces only)."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.count = 0
        self._text: list[str] | None = None

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag == "th":
            self._text = []

    def handle_data(self, data: str) -> None:
        if self._text is not None:
            self._text.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "th" and self._text is not None:
            self.count += not "".join(self._text).strip()
            self._text = None


def empty_headers(html: str) -> int:
    """How many ``<th>`` cells of ``html`` have no text, read by an HTML parser."""
    parser = _EmptyHeaders()
    parser.feed(html)
    parser.close()
    return parser.count


def _raw_empty_headers(page: Page) -> int:
    """Empty header cells in the raw HTML of the page's doctree (cell outputs)."""
    if page.doctree is None:
        return 0
    return sum(
        empty_headers(node.astext())
        for node in page.doctree.findall(nodes.raw)
        if "html" in node.get("format", "").split() and "<th" in node.astext()
    )


EMPTY_TABLE_HEADER = BodyPatch(
    name="empty-table-header",
    looks_for='<th></th> or <th class="blank ..." >&nbsp;</th> (pandas)',
    why="empty header cells announce nothing (axe: empty-table-header)",
    expect=_raw_empty_headers,
    pattern=re.compile(r'<th((?: class="blank[^"]*" ?)?)>(|&nbsp;)</th>'),
    replacement=r"<td\1>\2</td>",
)


def _is_thebe(asset: Any) -> bool:
    """sphinx-thebe's script, stylesheet or inline setting of its CDN address."""
    filename = str(getattr(asset, "filename", "") or "")
    body = str(getattr(asset, "attributes", {}).get("body", ""))
    return "thebe" in filename or "THEBE_JS_URL" in body


THEBE = AssetPatch(
    name="thebe",
    looks_for="sphinx-thebe's THEBE_JS_URL script, sphinx-thebe.js and .css",
    why="Thebe loads from unpkg.com and the book offers Binder instead",
    # on every page: the setting (Sphinx lists it twice), the loader, the stylesheet
    expect=lambda page: 4,
    keys=("script_files", "css_files"),
    drop=_is_thebe,
)


def _is_widget_state(js: Any) -> bool:
    """myst-nb's embedded ipywidgets state: dead controls without a kernel."""
    return "widget-state" in str(getattr(js, "attributes", {}).get("type", ""))


def _recorded_widget_state(page: Page) -> int:
    """1 if myst-nb recorded the notebook's widget state for this page."""
    from myst_nb.sphinx_ import NbMetadataCollector

    if page.pagename not in page.app.env.found_docs:
        return 0
    recorded = NbMetadataCollector.get_js_files(page.app.env, page.pagename)
    return int("ipywidgets_state" in recorded)


WIDGET_STATE = AssetPatch(
    name="widget-state",
    looks_for='myst-nb\'s <script type="application/vnd.jupyter.widget-state+json">',
    why="saved widgets without a kernel are dead controls",
    expect=_recorded_widget_state,
    keys=("script_files",),
    drop=_is_widget_state,
)

PATCHES: tuple[Patch, ...] = (
    EMPTY_TABLE_HEADER,
    THEBE,
    WIDGET_STATE,
)
