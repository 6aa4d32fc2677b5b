"""The book's one Altair theme; `book.setup()` registers and enables it.

* Readable type: a system font stack (no web fonts to download) that includes CJK
  fonts, 12-13 px labels and a 16 px left-aligned title.
* One visual language: a fixed colour per city (:data:`CITY_COLORS`), and for
  everything else one scale of firmness (exact, a bound, an approximation, missing).
* An explicit white background, so charts stay readable when the book's theme is
  switched to dark mode.
"""

from __future__ import annotations

import altair as alt

__all__ = [
    "ACCENT",
    "CITY_COLORS",
    "CONTEXT",
    "FIRM",
    "FONT",
    "JURISDICTION_COLORS",
    "LOOSE",
    "MISSING",
    "MUTED",
    "NAME",
    "NONE",
    "OUTSIDE",
    "PALETTE",
    "QUIET",
    "REFERENCE",
    "SOFT",
    "city_scale",
    "theme",
]

NAME = "gba"

# ---------------------------------------------------------------- city colours
CITY_COLORS: dict[str, str] = {
    "guangzhou": "#009E73",  # bluish green (Okabe-Ito)
    "shenzhen": "#D55E00",  # vermilion (Okabe-Ito)
    "zhuhai": "#332288",  # indigo (Tol)
    "foshan": "#E69F00",  # orange (Okabe-Ito)
    "huizhou": "#666633",  # olive (Tol)
    "dongguan": "#56B4E9",  # sky blue (Okabe-Ito)
    "zhongshan": "#663333",  # brown (Tol)
    "jiangmen": "#AA3377",  # purple (Tol)
    "zhaoqing": "#000000",  # black
    "hong-kong": "#0072B2",  # blue (Okabe-Ito)
    "macao": "#CC79A7",  # reddish purple (Okabe-Ito)
}
"""One colour per city, the same in every chart of the book.

Okabe & Ito's six darker colours plus five of Paul Tol's, chosen so that every pair
stays apart for readers with red-green colour blindness (the smallest CIELAB
distance under simulated deuteranopia and protanopia is about 18, and 25 for
typical vision; ``tests/test_theme.py`` keeps it so). Neighbouring cities get
unlike colours. Eleven colours are still many: charts label cities directly
(line ends, axis labels), so colour is never the only way to tell them apart.
"""

PALETTE: list[str] = list(CITY_COLORS.values())
"""The city colours as a list (Vega-Lite's default category range)."""

# ------------------------------------------------------------- concept colours
# Charts that are not about cities colour one concept: how firm a figure is.
# Darker means firmer, lighter less firm, grey means missing. Each colour below
# has that one meaning everywhere in the book.
FIRM = "#08519C"
"""Exact, as published, current, sourced: a figure a reader can take as given."""
SOFT = "#4A98C9"
"""A bound ("more than", "at least", "up to") or an earlier year's figure."""
LOOSE = "#A6CDE6"
"""An approximation ("about", "nearly") or an undated snapshot."""
MISSING = "#8C8C8C"
"""Grey for missing data: the gap marks and "no data" labels."""
NONE = "#E3E3E3"
"""Nothing at all: no row in the data, or no figure found."""
OUTSIDE = "#F7F7F7"
"""Not collected by the book at all (paler than :data:`NONE`)."""
CONTEXT = "#B8B8B8"
"""Context the eye should pass over: other clusters, the state before a change."""
ACCENT = "#B2182B"
"""The one thing a chart is about: the Bay's cluster, the article's claim."""
REFERENCE = "#333333"
"""Reference lines and their labels (a target, a claim, zero)."""
QUIET = "#767676"
"""Text about context: quiet, yet readable on white (contrast 4.5:1)."""

MUTED = MISSING
"""Former name of :data:`MISSING`, kept for chapters that say ``charts.MUTED``."""

JURISDICTION_COLORS = {"mainland": FIRM, "sar": SOFT}
"""Mainland cities and the two SARs where a chart groups cities by system."""


def city_scale(cities: list[str] | None = None) -> dict[str, list[str]]:
    """The colour scale that gives every city its colour from :data:`CITY_COLORS`.

    Parameters
    ----------
    cities : list of str, optional
        City ids (``"hong-kong"``) or English names (``"Hong Kong"``) in the chart's
        colour field; all eleven English names when omitted.

    Returns
    -------
    dict
        ``{"domain": [...], "range": [...]}``, to pass as ``alt.Scale(**...)``.

    A name that is not one of the eleven (a renamed or misspelt city) is drawn
    in :data:`REFERENCE` grey rather than stopping the chart: the data rules
    report the name itself.
    """
    names = (
        [city.replace("-", " ").title() for city in CITY_COLORS]
        if cities is None
        else list(cities)
    )
    # a label may add a year or a qualifier: "Foshan (2020)" is Foshan
    key = {name: name.split(" (")[0].lower().replace(" ", "-") for name in names}
    colors = [CITY_COLORS.get(key[name], REFERENCE) for name in names]
    return {"domain": names, "range": colors}


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
            "mark": {"color": FIRM},
            "bar": {"color": FIRM},
            "point": {"color": FIRM, "filled": True, "size": 60},
            "line": {"color": FIRM, "strokeWidth": 2},
        },
    }
