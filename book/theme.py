"""The book's one Altair theme; `book.setup()` registers and enables it.

* Readable type: a system font stack (no web fonts to download) that includes CJK
  fonts, 12-13 px labels and a 16 px left-aligned title.
* Colour-blind-safe palette: Okabe & Ito (2008), with yellow last because it is too
  light for marks on white.
* An explicit white background, so charts stay readable when the book's theme is
  switched to dark mode.
"""

from __future__ import annotations

import altair as alt

__all__ = ["FONT", "JURISDICTION_COLORS", "MUTED", "NAME", "PALETTE", "theme"]

NAME = "gba"

PALETTE: list[str] = [
    "#0072B2",  # blue
    "#E69F00",  # orange
    "#009E73",  # bluish green
    "#CC79A7",  # reddish purple
    "#56B4E9",  # sky blue
    "#D55E00",  # vermilion
    "#000000",  # black
    "#F0E442",  # yellow (low contrast on white: last)
]
"""Okabe-Ito colours, safe for the common forms of colour blindness."""

MUTED = "#8C8C8C"
"""Grey for context marks and missing data."""

JURISDICTION_COLORS = {"mainland": PALETTE[0], "sar": PALETTE[1]}
"""Colours for the nine mainland cities and the two SARs, used in every chart."""

FONT = (
    'system-ui, -apple-system, "Segoe UI", Roboto, "Noto Sans", "Noto Sans CJK SC", '
    '"PingFang SC", "Microsoft YaHei", "Helvetica Neue", Arial, sans-serif'
)
TEXT = "#222222"
SUBTLE = "#555555"


def theme() -> alt.theme.ThemeConfig:
    """Return the theme configuration (a plain dict Vega-Lite understands)."""
    return {
        "background": "#ffffff",
        "padding": 8,
        "config": {
            "font": FONT,
            "view": {"stroke": None, "continuousWidth": 560, "continuousHeight": 300},
            "title": {
                "anchor": "start",
                "fontSize": 16,
                "fontWeight": 600,
                "color": TEXT,
                "subtitleFontSize": 12,
                "subtitleColor": SUBTLE,
                "subtitlePadding": 4,
                "offset": 12,
            },
            "axis": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "titleFontWeight": 600,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "gridColor": "#e6e6e6",
                "domainColor": "#999999",
                "tickColor": "#999999",
                "labelLimit": 220,
                # a chart narrowed to fit its card drops crowded tick labels
                # instead of running them together ("8001,000")
                "labelOverlap": True,
                "labelSeparation": 4,
            },
            "legend": {
                "labelFontSize": 12,
                "titleFontSize": 12,
                "labelColor": TEXT,
                "titleColor": TEXT,
                "orient": "bottom",
                "direction": "horizontal",
            },
            "header": {"labelFontSize": 12, "titleFontSize": 12, "labelColor": TEXT},
            "text": {"fontSize": 12, "color": TEXT},
            "range": {"category": PALETTE},
            "mark": {"color": PALETTE[0]},
            "bar": {"color": PALETTE[0]},
            "point": {"color": PALETTE[0], "filled": True, "size": 60},
            "line": {"color": PALETTE[0], "strokeWidth": 2},
        },
    }
