"""Load the Vega scripts only on pages that have a chart.

Charts compiled to Vega at build time (``data-mode="vega"``, :mod:`book.embed`) need
no vega-lite.js; a page with a chart the build could not compile loads it too.
"""

from __future__ import annotations

from typing import Any

from sphinx.application import Sphinx


def add_chart_scripts(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], *_: Any
) -> None:
    """Add the vendored Vega and ``gba-charts.js`` to a page with a chart."""
    body = context.get("body", "")
    if 'class="gba-chart"' not in body:
        return
    from book.vendor import script_names

    needs_lite = 'data-mode="vega-lite"' in body
    for offset, name in enumerate(script_names()):
        if name.startswith("vega-lite@") and not needs_lite:
            continue
        app.add_js_file(f"gba-vendor/{name}", priority=600 + offset, defer="defer")
    if "gbaCompare" in body:  # the city comparison's grapher, before it is drawn
        app.add_js_file("gba/gba-compare.js", priority=609, defer="defer")
        app.add_css_file("gba/gba-compare.css")
    app.add_js_file("gba/gba-charts.js", priority=610, defer="defer")
