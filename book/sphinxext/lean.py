"""Pages that load what they use: no icon script or font, the search index on search.

A first visit to a page loaded about 0.9 MB gzipped before any chart: the theme's
``fontawesome.js`` (540 kB) and the Font Awesome font (160 kB) for about twenty
icons, Sphinx's search index and tools (45 kB) for a search dialog that only
sends the reader to ``search.html``, and Bootstrap's scripts for a few tooltips and
menus. This module, with :mod:`.icons`:

* renders every page through :class:`LeanTemplates` (Sphinx's ``template_bridge``,
  the template loader with one more step): the page's Font Awesome icons become
  inline SVG, the ``fontawesome.js`` script goes, and the search scripts stay on
  ``search.html`` only (the search dialog of every other page submits to it; the
  theme's search-as-you-type, which would need them, is off);
* takes out the theme's ``bootstrap.js`` (Bootstrap and Popper, 24 kB gzipped),
  which ``gba-bootstrap.js`` loads when a reader first points at or focuses a
  button with a tooltip or opens a dropdown menu;
* rewrites the stylesheets that draw Font Awesome glyphs (the theme's,
  sphinx-exercise's) with the icons as SVG masks and without the icon font
  (:func:`write_theme_css`).

Every rewrite knows what it must find; anything else is a warning, so the ``-W``
build stops when a new theme changes the markup.
"""

from __future__ import annotations

import functools
import re
from pathlib import Path
from typing import Any

from sphinx.application import Sphinx
from sphinx.config import Config
from sphinx.errors import ExtensionError
from sphinx.jinja2glue import BuiltinTemplateLoader
from sphinx.util import logging

from book.sphinxext.icons import Icons, css_masks, inline_icons, read_icons

__all__ = ["LeanTemplates", "configure", "lean_page", "write_theme_css"]

logger = logging.getLogger(__name__)

BRIDGE = "book.sphinxext.lean.LeanTemplates"
ICON_SCRIPT = re.compile(
    r"\s*(?:<!-- So that users can add custom icons -->\s*)?"
    r'<script defer src="[^"]*_static/scripts/fontawesome\.js[^"]*"></script>'
)
# the theme's Bootstrap: preloaded in <head>, run at the end of <body>
BOOTSTRAP = re.compile(
    r'\s*<link rel="preload" as="script" href="[^"]*_static/scripts/bootstrap\.js'
    r'[^"]*" />|\s*<script defer src="[^"]*_static/scripts/bootstrap\.js[^"]*">'
    r"</script>"
)
SEARCH_SCRIPTS = re.compile(
    r'\s*<script src="[^"]*(?:_static/searchtools\.js|_static/language_data\.js'
    r'|searchindex\.js)"></script>'
)


def _theme_file(theme_dirs: list[str], name: str) -> Path | None:
    for folder in theme_dirs:
        path = Path(folder) / "static" / name
        if path.is_file():
            return path
    return None


@functools.cache
def _icons(script: Path) -> Icons:
    return read_icons(script.read_text(encoding="utf-8"))


def lean_page(page: str, pagename: str, icons: Icons) -> tuple[str, list[str]]:
    """One rendered page without the icon script, Bootstrap and search scripts.

    ``gba-bootstrap.js`` loads Bootstrap on use; the search page keeps its
    search scripts. Returns the page and its problems: markup that was not where
    it should be.
    """
    problems = []
    page, count = ICON_SCRIPT.subn("", page)
    if count != 1:
        problems.append(f"found {count} fontawesome.js scripts, not 1")
    page, count = BOOTSTRAP.subn("", page)
    if count != 2:
        problems.append(f"found {count} of the 2 bootstrap.js tags (preload, script)")
    if pagename != "search":
        page, count = SEARCH_SCRIPTS.subn("", page)
        if count != 3:
            problems.append(f"found {count} of the 3 search scripts to remove")
    page, _, unknown = inline_icons(page, icons)
    problems.extend(f"no Font Awesome icon for {element}" for element in unknown)
    return page, problems


class LeanTemplates(BuiltinTemplateLoader):
    """Sphinx's template loader; an HTML page comes out lean (:func:`lean_page`)."""

    def init(self, builder: Any, theme: Any = None, dirs: Any = None) -> None:
        """Set up as Sphinx's loader; find the theme's ``fontawesome.js``."""
        super().init(builder, theme, dirs)
        script = None
        if theme is not None and builder.format == "html":
            script = _theme_file(theme.get_theme_dirs(), "scripts/fontawesome.js")
        self._icon_script = script

    def render(self, template: str, context: dict) -> str:  # type: ignore[override]
        """Render a template; a whole page also goes through :func:`lean_page`.

        The theme renders its components with this method too; they become part
        of a page, which is rewritten once, whole.
        """
        page = super().render(template, context)
        if self._icon_script is None or "</html>" not in page[-200:]:
            return page
        page, problems = lean_page(page, context["pagename"], _icons(self._icon_script))
        for problem in problems:
            logger.warning(
                f"[gba] lean page: {problem}; the theme's markup changed "
                "(book/sphinxext/lean.py)",
                location=context["pagename"], type="gba", subtype="lean",
            )  # fmt: skip
        return page


def configure(app: Sphinx, config: Config) -> None:
    """Render pages through :class:`LeanTemplates` (config-inited)."""
    if config.template_bridge not in (None, "", BRIDGE):
        raise ExtensionError(
            f"[gba] template_bridge is {config.template_bridge!r}; the book needs "
            f"{BRIDGE} to keep pages lean"
        )
    config.template_bridge = BRIDGE


def write_theme_css(app: Sphinx, exception: Exception | None) -> None:
    """Rewrite the site's stylesheets: icons as masks, no font (build-finished).

    Every stylesheet in ``_static`` that draws a Font Awesome glyph (the theme's,
    sphinx-exercise's) is rewritten by :func:`~.icons.css_masks`; connected late,
    after the extensions have copied theirs.
    """
    if exception is not None or app.builder.format != "html":
        return
    script = _theme_file(app.builder.theme.get_theme_dirs(), "scripts/fontawesome.js")
    static = Path(app.outdir) / "_static"
    if script is None:
        logger.warning(
            "[gba] the theme has no fontawesome.js to read its icons from any "
            "more (book/sphinxext/lean.py)",
            type="gba",
        )
        return
    for path in sorted(static.rglob("*.css")):
        source = path.read_text(encoding="utf-8")
        css, missing = css_masks(source, _icons(script))
        for code in missing:
            logger.warning(f"[gba] {path.name}: no Font Awesome icon for {code}",
                           type="gba")  # fmt: skip
        if css != source:  # its source map no longer matches it
            css = re.sub(r"/\*# sourceMappingURL=[^*]*\*/\s*$", "", css)
            path.write_text(css, encoding="utf-8")
