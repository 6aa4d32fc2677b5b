"""Only the controls that apply: the measures, years and base year an indicator has.

Each function adapts the panel's controls to the data after a change and returns the
notes a reader should see under the controls (wording in ``book/text/compare.yml``).
The panel calls them with its observers held, so moving a control here does not
recompute the comparison; the panel then recomputes once.
"""

from __future__ import annotations

from typing import Any

import ipywidgets as widgets
import pandas as pd

from book import compare
from book.compare.words import short_name, text
from book.widgets.controls import shown

__all__ = [
    "bounds",
    "default_year",
    "fit_base",
    "fit_measures",
    "fit_years",
    "label",
    "moved",
    "show_time",
    "span",
    "unavailable",
]


def _words() -> dict[str, str]:
    return text()["panel"]


def _name(panel: Any) -> str:
    return short_name(panel.data.indicator(panel.indicator.value))


def span(panel: Any) -> tuple[int, int] | None:
    """The indicator's first and last year; None if it is undated (kept per panel)."""
    spans = panel.__dict__.setdefault("_spans", {})
    indicator = panel.indicator.value
    if indicator not in spans:
        spans[indicator] = compare.year_range(panel.data, indicator)
    return spans[indicator]


def fit_measures(panel: Any) -> dict[str, str]:
    """Offer only the measures that can have values (see :func:`unavailable`).

    A measure that is no longer available falls back to the value as published;
    the note (key ``"fallback"``) says so.
    """
    reasons = compare.measure_reasons(
        panel.data, panel.indicator.value, panel.currency.value
    )
    offered = [m for m, why in reasons.items() if not why]
    before = panel.measure.value
    panel.measure.options = [(compare.MEASURES[m], m) for m in offered]
    panel.measure.value = before if before in offered else "absolute"
    if before is None or before == panel.measure.value:
        return {}
    note = _words()["fallback"].format(
        measure=_capital(label(before)),
        indicator=_name(panel),
        instead=compare.MEASURES["absolute"],
    )
    return {"fallback": note}


def unavailable(panel: Any) -> list[str]:
    """The measures that cannot be chosen, with their reasons, as one note."""
    words = _words()
    reasons = compare.measure_reasons(
        panel.data, panel.indicator.value, panel.currency.value
    )
    items = [
        words["unavailable_item"].format(measure=label(m), reason=why)
        for m, why in reasons.items()
        if why
    ]
    if not items:
        return []
    joined = words["separator"].join(items)
    return [words["unavailable"].format(indicator=_name(panel), items=joined)]


def label(measure: str) -> str:
    """A measure's label without its explanation in brackets."""
    return compare.MEASURES[measure].split(" (")[0]


def _capital(words: str) -> str:
    return words[:1].upper() + words[1:]


def bounds(slider: widgets.Widget, low: int, high: int) -> None:
    """Set a slider's range in an order its validation accepts (min never > max)."""
    if low > slider.max:
        slider.max, slider.min = high, low
    else:
        slider.min, slider.max = low, high


def _clamp(year: int, years: tuple[int, int]) -> int:
    return min(max(int(year), years[0]), years[1])


def fit_years(panel: Any, reset: bool) -> dict[str, str]:
    """Move the year sliders to the indicator's years.

    With ``reset`` (a new indicator) the year moves to :func:`compare.default_year`,
    the latest with values for most of the chosen cities; otherwise the years are
    only kept inside the range. The note says when the year moved.
    """
    years = span(panel)
    if years is None:
        return {}
    before = panel.year.value
    for slider in (panel.year, panel.years, panel.base_year):
        bounds(slider, *years)
    first, last = (_clamp(y, years) for y in panel.years.value)
    panel.years.value = (first, last)
    if not reset:
        return {}
    year = default_year(panel)
    panel.year.value = year
    if year == before or year == years[1]:
        return {}
    return {"year": moved(panel, year)}


def default_year(panel: Any) -> int | None:
    """:func:`compare.default_year` of the controls' choices (kept per panel).

    It computes a comparison over all the indicator's years, as long as the update
    itself; a reader going back to an indicator does not wait for it again.
    """
    key = (
        panel.indicator.value,
        tuple(panel.cities.value) or compare.DEFAULT_CITIES,
        panel.measure.value,
        panel.currency.value,
        panel.base_year.value if panel.measure.value == "index" else None,
    )
    found = panel.__dict__.setdefault("_default_years", {})
    if key not in found:
        found[key] = compare.default_year(panel.data, *key)
    return found[key]


def moved(panel: Any, year: int) -> str:
    """The note that the year moved to ``year``."""
    return _words()["year_moved"].format(year=year, indicator=_name(panel))


def fit_base(panel: Any) -> None:
    """A base year inside the indicator's years, with values for the chosen cities.

    The first year shown over time, or ten years before the one year shown. For an
    index, where the data are sparse, the first year from there on in which the
    most cities have a value (for one year: of the cities with a value that year),
    so the index is not empty.
    """
    years = span(panel)
    if years is None:
        return
    if panel.mode.value == "range":
        base, last = panel.years.value
    else:
        base = last = panel.year.value
        base -= 10
    base = _clamp(base, years)
    if panel.measure.value == "index":
        found = _found(panel)
        if panel.mode.value == "year":
            found = found[
                found["city_id"].isin(found.loc[found["year"] == last, "city_id"])
            ]
        counts = found.groupby("year").size()
        later = counts[(counts.index >= base) & (counts.index <= last)]
        if not later.empty and later.max() > counts.get(base, 0):
            base = int(later[later == later.max()].index.min())
    panel.base_year.value = base


def _found(panel: Any) -> pd.DataFrame:
    """The city and year of every value of the chosen cities (kept per panel)."""
    cities = tuple(panel.cities.value) or compare.DEFAULT_CITIES
    key = (panel.indicator.value, cities, panel.currency.value)
    found = panel.__dict__.setdefault("_found", {})
    if key not in found:
        sel = compare.Selection(key[0], cities, "absolute", span(panel), None, key[2])
        table = compare.compare(panel.data, sel).table.dropna(subset=["value"])
        found[key] = table[["city_id", "year"]]
    return found[key]


def show_time(panel: Any) -> list[str]:
    """Show the year controls that apply; none for an undated indicator.

    The base year shows only for an index, the currency only for money. Returns
    the note for an undated indicator.
    """
    dated = span(panel) is not None
    one_year = panel.mode.value == "year"
    shown(panel.mode, dated)
    shown(panel.year, dated and one_year)
    shown(panel.years, dated and not one_year)
    shown(panel.base_year, dated and panel.measure.value == "index")
    shown(panel.currency, bool(panel.data.indicator(panel.indicator.value)["money"]))
    return [] if dated else [_words()["undated"].format(indicator=_name(panel))]
