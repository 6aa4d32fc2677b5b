"""The panel's controls: what to compare, and when; laid out as one widget."""

from __future__ import annotations

import ipywidgets as widgets

from book import compare
from book.data import BookData

__all__ = ["CONTROLS", "choice_controls", "layout", "time_controls"]

CONTROLS = (
    "indicator",
    "measure",
    "mode",
    "currency",
    "cities",
    "year",
    "years",
    "base_year",
)
"""The panel's controls, in the order :meth:`ComparePanel.select` sets them."""


def choice_controls(
    d: BookData, sel: compare.Selection
) -> tuple[widgets.Dropdown, widgets.SelectMultiple, widgets.Dropdown]:
    """What to compare: the indicator, the cities and the currency of money."""
    titles = d.indicators.set_index("indicator_id")["title_en"]
    indicator = widgets.Dropdown(
        options=[(str(titles[i]), i) for i in d.indicators["indicator_id"]],
        value=sel.indicator,
        description="Indicator",
    )
    cities = widgets.SelectMultiple(
        options=[
            (f"{r.name_en} {r.name_zh}", r.city_id) for r in d.cities.itertuples()
        ],
        value=tuple(sel.cities),
        rows=11,
        description="Cities",
    )
    money = widgets.Dropdown(
        options=[
            ("yuan (CNY), converted", "CNY"),
            ("US dollars, converted", "USD"),
            ("local currencies, not converted", "local"),
        ],
        value=sel.currency,
        description="Money in",
    )
    return indicator, cities, money


def time_controls(
    d: BookData, sel: compare.Selection
) -> tuple[
    widgets.ToggleButtons, widgets.IntSlider, widgets.IntRangeSlider, widgets.IntSlider
]:
    """When: one year or a range of years, and the base year of an index.

    The sliders span the years in the data. For one year, the range and the base
    year start ten years before it.
    """
    years = d.city_indicators["year"].dropna()
    low, high = int(years.min()), int(years.max())
    decade = (max(low, sel.years[1] - 10), sel.years[1])
    mode = widgets.ToggleButtons(
        options=[("One year", "year"), ("Over time", "range")],
        value="year" if sel.single_year else "range",
        description="Show",
    )
    year = widgets.IntSlider(value=sel.years[1], min=low, max=high, description="Year")
    span = widgets.IntRangeSlider(
        value=decade if sel.single_year else sel.years,
        min=low,
        max=high,
        description="Years",
    )
    base = widgets.IntSlider(
        value=sel.base_year or (decade[0] if sel.single_year else sel.years[0]),
        min=low,
        max=high,
        description="Base year",
    )
    return mode, year, span, base


def layout(panel: object) -> widgets.VBox:
    """The panel's controls, message, output and download link as one widget."""
    return widgets.VBox(
        [
            widgets.HBox([panel.indicator, panel.measure]),
            widgets.HBox([panel.mode, panel.currency]),
            widgets.HBox([panel.year, panel.years, panel.base_year]),
            panel.cities,
            panel.message,
            panel.output,
            panel.download,
        ]
    )
