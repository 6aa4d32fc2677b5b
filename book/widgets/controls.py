"""The panel's controls, what they show, and how they are laid out as one widget."""

from __future__ import annotations

import ipywidgets as widgets

from book import compare
from book.data import BookData

__all__ = [
    "CONTROLS",
    "choice_controls",
    "layout",
    "measure_control",
    "shown",
    "time_controls",
]

CONTROLS = (
    "indicator",
    "currency",
    "cities",
    "measure",
    "mode",
    "year",
    "years",
    "base_year",
)
"""The panel's controls, in the order :meth:`ComparePanel.select` sets them.

The indicator and the currency come first because they decide which measures and
years can be chosen; the years come last, after the choices that move them.
"""

_NARROW = {"description_width": "5.5em"}


def _wide(**more: str) -> widgets.Layout:
    """A control's own layout (one per control: hiding one hides no other)."""
    return widgets.Layout(width="26em", **more)  # a label and the longest option


def choice_controls(
    d: BookData, sel: compare.Selection
) -> tuple[widgets.Dropdown, widgets.SelectMultiple, widgets.Dropdown]:
    """What to compare: the indicator, the cities and the currency of money."""
    titles = d.indicators.set_index("indicator_id")["title_en"]
    indicator = widgets.Dropdown(
        options=[(str(titles[i]), i) for i in d.indicators["indicator_id"]],
        value=sel.indicator,
        description="Indicator",
        style=_NARROW,
        layout=_wide(),
    )
    cities = widgets.SelectMultiple(
        options=[
            (f"{r.name_en} {r.name_zh}", r.city_id) for r in d.cities.itertuples()
        ],
        value=tuple(sel.cities),
        rows=11,
        description="Cities",
        style=_NARROW,
        layout=widgets.Layout(width="19em"),
    )
    money = widgets.Dropdown(
        options=[
            ("yuan (CNY), converted", "CNY"),
            ("US dollars, converted", "USD"),
            ("local currencies, not converted", "local"),
        ],
        value=sel.currency,
        description="Money in",
        style=_NARROW,
        layout=_wide(),
    )
    return indicator, cities, money


def measure_control(measure: str) -> widgets.Dropdown:
    """The measure (the panel offers the ones that apply to the indicator)."""
    return widgets.Dropdown(
        options=[(compare.MEASURES[measure], measure)],
        value=measure,
        description="Measure",
        style=_NARROW,
        layout=_wide(),
    )


def time_controls(
    sel: compare.Selection, span: tuple[int, int]
) -> tuple[
    widgets.ToggleButtons, widgets.IntSlider, widgets.IntRangeSlider, widgets.IntSlider
]:
    """When: one year or a range of years, and the base year of an index.

    The sliders span ``span``, the indicator's years (the panel moves them when the
    indicator changes); the selection's years are kept inside it. For one year, the
    range starts ten years before it.
    """
    low, high = span
    first, last = (min(max(y, low), high) for y in sel.years)
    if first == last:
        first = max(low, last - 10)
    mode = widgets.ToggleButtons(
        options=[("One year", "year"), ("Over time", "range")],
        value="year" if sel.single_year else "range",
        description="Show",
        style={**_NARROW, "button_width": "7.5em"},
        layout=_wide(display="flex"),
    )
    year = widgets.IntSlider(
        value=last, min=low, max=high, description="Year", style=_NARROW, layout=_wide()
    )
    span_slider = widgets.IntRangeSlider(
        value=(first, last),
        min=low,
        max=high,
        description="Years",
        style=_NARROW,
        layout=_wide(),
    )
    base = widgets.IntSlider(
        value=min(max(sel.base, low), high),
        min=low,
        max=high,
        description="Base year",
        style=_NARROW,
        layout=_wide(),
    )
    return mode, year, span_slider, base


def shown(control: widgets.Widget, visible: bool) -> None:
    """Show or hide a control (hidden controls take no room); hidden ones disabled.

    Toggle buttons are shown as a flex row, so that their label stands beside them
    (ipywidgets 8 stacks it above them otherwise).
    """
    flex = "flex" if isinstance(control, widgets.ToggleButtons) else None
    control.layout.display = flex if visible else "none"
    control.disabled = not visible


def layout(panel: object) -> widgets.VBox:
    """The panel as one widget: controls, notes, heading, Chart/Table tabs, link.

    The choices stand in a column beside the list of cities, so the controls take
    the height of that list; on a narrow screen the list moves under them.
    """
    choices = widgets.VBox(
        [
            panel.indicator,
            panel.measure,
            panel.currency,
            panel.mode,
            panel.year,
            panel.years,
            panel.base_year,
        ]
    )
    controls = widgets.HBox(
        [choices, panel.cities], layout=widgets.Layout(flex_flow="row wrap")
    )
    return widgets.VBox(
        [controls, panel.message, panel.heading, panel.tabs, panel.download]
    )
