"""Every value the static (kernel-free) comparison can show, in one table."""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import pandas as pd

from book.compare.compute import checked, measured, merged, rows_shown, years_shown
from book.compare.selection import Selection
from book.compare.units import measures_for
from book.compare.words import factor
from book.data import BookData

__all__ = ["STATIC_MEASURES", "static_table"]

STATIC_MEASURES = ("absolute", "per_resident", "per_km2", "share", "index")
"""The measures the static chart offers; the browser computes the index itself."""

_TABLE_MEASURES = STATIC_MEASURES[:-1]


def static_table(d: BookData, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Every city, year and measure of the chosen indicators, for the static chart.

    One row per indicator, city and year, with one column per measure (computed by
    the functions :func:`compare` uses, money in yuan, in the unit in words of
    :func:`~book.compare.words.unit_words`: people, yuan), its ``note_<measure>`` (why
    a value is missing; ``note`` for the value as published) and ``raw``, the value in
    the city's own currency from which the browser computes the index for any base
    year. Measures that do not apply to an indicator are empty.
    """
    indicators = list(indicators or d.indicators["indicator_id"])
    frames = [_indicator_table(d, indicator) for indicator in indicators]
    table = pd.concat(frames, ignore_index=True)
    table["year"] = table["year"].astype("Int64")  # undated rows: <NA> -> null
    for measure in _TABLE_MEASURES:
        if measure not in table:
            table[measure] = float("nan")
        table[f"note_{measure}"] = table.get(f"note_{measure}", "").fillna("")
    table["note"] = table.pop("note_absolute")
    info = d.cities.set_index("city_id")
    table["city"] = table["city_id"].map(info["name_en"])
    for column in (*_TABLE_MEASURES, "raw"):
        table[column] = _six_digits(table[column])
    return table


def _indicator_table(d: BookData, indicator: str) -> pd.DataFrame:
    """One indicator: all 11 cities over all its years, a column per measure.

    Each measure that applies (money in yuan) has a column and a ``note_<measure>``
    column, all computed from one merged frame; ``raw`` is the value as published,
    in the city's own currency.
    """
    years = d.series(indicator)["year"].dropna()
    span = (int(years.min()), int(years.max())) if len(years) else (2024, 2024)
    cities = tuple(d.cities["city_id"])
    sel = Selection(indicator, cities, "absolute", span, None, "CNY")
    meta, unit, money = checked(d, sel)
    shown = years_shown(sel, meta)
    measures = [m for m in _TABLE_MEASURES if m in measures_for(meta)]
    frame = merged(d, sel, shown, money, measures)
    columns = ["city_id", "year"]
    for measure in measures:
        values, frame[f"note_{measure}"] = measured(frame, sel, unit, measure)
        frame[measure] = values * factor(replace(sel, measure=measure), unit)
        columns += [measure, f"note_{measure}"]
    table = rows_shown(frame.assign(raw=frame["value"]), sel, shown)
    table = table[[*columns, "raw"]]
    table.insert(0, "indicator", indicator)
    return table


def _six_digits(values: pd.Series) -> pd.Series:
    """Round to six significant digits (the page carries no false precision)."""
    return values.map(lambda v: float(f"{v:.6g}") if pd.notna(v) else v)
