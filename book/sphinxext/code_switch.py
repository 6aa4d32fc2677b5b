"""Code cells on the page: one code switch per chapter, readable outputs.

``gba-code.js`` puts a single "Show all code" button under a chapter's title that
opens or closes every cell whose input the chapter hides (tag ``hide-input``);
each such cell keeps a small toggle of its own. ``gba-outputs.css`` styles that
switch and those toggles, wraps long code lines instead of cutting them, and gives
output tables the theme's colours, so that they read in dark mode too. Both files
are in ``book/static/gba/``; the script does nothing on a page without hidden cells.
"""

from __future__ import annotations

from sphinx.application import Sphinx

SCRIPT = "gba/gba-code.js"
STYLESHEET = "gba/gba-outputs.css"


def register(app: Sphinx) -> None:
    """Add the switch's script and the outputs' stylesheet to every page."""
    app.add_css_file(STYLESHEET)
    app.add_js_file(SCRIPT, defer="defer")
