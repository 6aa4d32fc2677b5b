"""Extension scripts and stylesheets only on the pages that use them.

Jupyter Book's extensions add their assets to every page. A page without tabs or
cards needs no sphinx-design (``sphinx-design.min.css``, ``design-tabs.js``); one
without code blocks no copy button (``clipboard.min.js``, ``copybutton.js`` and its
CSS); one without toggles or dropdowns no sphinx-togglebutton (its script,
stylesheet and inline settings). Each is an
:class:`~book.sphinxext.patches.AssetPatch`: on a page that does not use the
extension it must find all of the extension's assets, so a renamed asset stops the
``-W`` build instead of silently staying on every page.
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from typing import Any

from book.sphinxext.patches import AssetPatch, Page

__all__ = ["COPYBUTTON", "DESIGN", "PATCHES", "TOGGLEBUTTON", "UnusedAssets"]


@dataclass(frozen=True, kw_only=True)
class UnusedAssets(AssetPatch):
    """Drop an extension's assets from a page whose body does not use it."""

    extension: str  # the Sphinx extension's module name
    uses: re.Pattern[str]  # found in the body of a page that uses it
    files: tuple[str, ...]  # its assets, by file name
    inline: tuple[str, ...] = ()  # text of its inline scripts
    keys: tuple[str, ...] = ("script_files", "css_files")
    drop: Any = field(default=None, repr=False)
    expect: Any = field(default=None, repr=False)

    def unused(self, page: Page) -> bool:
        """Whether the extension is loaded and the page does not use it."""
        return self.extension in page.app.extensions and not self.uses.search(
            page.context.get("body", "")
        )

    def count(self, page: Page) -> int:
        """How many assets the page must lose: all of them where unused."""
        return len(self.files) + len(self.inline) if self.unused(page) else 0

    def matches(self, asset: Any) -> bool:
        """Whether ``asset`` is one of the extension's."""
        name = str(getattr(asset, "filename", "") or "").split("?")[0]
        name = name.rsplit("/", 1)[-1]  # Sphinx lists them as _static/NAME
        body = str(getattr(asset, "attributes", {}).get("body", ""))
        return name in self.files or any(text in body for text in self.inline)

    def __post_init__(self) -> None:
        object.__setattr__(self, "drop", self.matches)
        object.__setattr__(self, "expect", self.count)
        object.__setattr__(self, "needed", lambda app: self.extension in app.extensions)

    def apply(self, page: Page) -> int:
        """Drop the assets where the page does not use the extension."""
        return super().apply(page) if self.unused(page) else 0


def _patch(name: str, extension: str, uses: str, files: tuple[str, ...],
           inline: tuple[str, ...] = ()) -> UnusedAssets:  # fmt: skip
    return UnusedAssets(
        name=name,
        looks_for=f"{extension}'s {', '.join(files + inline)}",
        why=f"a page that does not use {extension} needs none of its assets",
        extension=extension,
        uses=re.compile(uses),
        files=files,
        inline=inline,
    )


DESIGN = _patch(
    "unused-sphinx-design", "sphinx_design", r'class="[^"]*\bsd-',
    ("sphinx-design.min.css", "design-tabs.js"),
)  # fmt: skip
COPYBUTTON = _patch(
    "unused-copybutton", "sphinx_copybutton", r"<pre\b",
    ("copybutton.css", "clipboard.min.js", "copybutton.js"),
)  # fmt: skip
TOGGLEBUTTON = _patch(
    "unused-togglebutton", "sphinx_togglebutton",
    r'class="(?:[^"]*\s)?(?:toggle|dropdown|toggle-details|toggle-shown)[\s"]',
    ("togglebutton.css", "togglebutton.js"),
    ("toggleHintShow", "toggleHintHide", "toggleOpenOnPrint", "togglebuttonSelector"),
)  # fmt: skip

PATCHES = (DESIGN, COPYBUTTON, TOGGLEBUTTON)
