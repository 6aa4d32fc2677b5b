"""Compute a comparison: merge once, then each measure is one column operation.

For a city's value ``v`` in year ``t`` (in base units: persons, yuan, km²):

=============  =================================================================
measure        arithmetic
=============  =================================================================
absolute       ``v`` as published (money converted: ``v × rate`` of year ``t``)
per resident   ``v / (residents in t)``, then in the label's unit (% of
               residents, per 10,000 residents, m² per resident)
per km²        ``v / land area`` (money in millions per km²)
share          ``100 × v / (sum of v over all 11 cities in t)``
index          ``100 × v / (v of the same city in the base year)``
=============  =================================================================

Every measure is computed for all 11 cities at once (a share needs them all), on one
frame that already holds each city's value, exchange rate, population and land area.
A value that cannot be computed stays missing (NaN) and its ``note`` says why.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import replace

import numpy as np
import pandas as pd

from book import currency
from book.compare.describe import describe
from book.compare.selection import CURRENCIES, MEASURES, Comparison, Selection
from book.compare.units import (
    Unit,
    label,
    measures_for,
    per_resident_factor,
    unit_from,
)
from book.compare.words import factor, heading, unit_words, what
from book.data import BookData

__all__ = [
    "MEASURE_FUNCTIONS",
    "checked",
    "compare",
    "measured",
    "merged",
    "rows_shown",
    "years_shown",
]

_COLUMNS = [
    "city_id",
    "city",
    "name_zh",
    "jurisdiction",
    "year",
    "value",
    "currency",
    "status",
    "note",
]


def compare(d: BookData, selection: Selection) -> Comparison:
    """Compute a comparison.

    Parameters
    ----------
    d : BookData
        The loaded data package.
    selection : Selection
        What to compare.

    Returns
    -------
    Comparison
        The table (missing values kept, with reasons) and its labels.

    Raises
    ------
    ValueError
        For an unknown measure, currency or city, a measure that does not apply to
        the indicator (e.g. a share of GDP in local currencies), or nothing to show.
    """
    sel = selection
    meta, unit, money = checked(d, sel)
    years = years_shown(sel, meta)
    rows = rows_shown(_all_cities(d, sel, meta, unit, money), sel, years)
    table = _table(d, rows, years, money if unit.kind == "money" else None)
    title, notes, sources = describe(d, sel, meta, years, money)
    return Comparison(
        selection=sel,
        table=table,
        title=title,
        unit=label(sel, unit, money),
        notes=notes,
        source_ids=sources,
        currencies=tuple(sorted(set(table["currency"].dropna()))),
        heading=heading(meta, sel, unit, money),
        what=what(meta, sel.measure),
        words=unit_words(sel, unit, money),
        factor=factor(sel, unit),
    )


# ------------------------------------------------------------ computed once

_CACHE: dict[tuple, tuple[BookData, pd.DataFrame]] = {}
_CACHE_SIZE = 64


def _all_cities(
    d: BookData, sel: Selection, meta: pd.Series, unit: Unit, money: str
) -> pd.DataFrame:
    """The measure for all 11 cities over all the indicator's and chosen years.

    With ``value`` and ``note``; computed once per indicator, measure, currency and
    base year, so that a new year or city only selects rows.

    The result is shared between calls: callers select from it (as
    :func:`rows_shown` does) and never change it.
    """
    if meta["time_basis"] == "undated":
        span: tuple = (None, sel.years[1])  # per resident: population of that year
        years: list[int | None] = [None]
    else:
        published = d.series(sel.indicator)["year"].dropna()
        first, last = sel.years
        if len(published):
            first = min(first, int(published.min()))
            last = max(last, int(published.max()))
        span, years = (first, last), list(range(first, last + 1))
    base = sel.base if sel.measure == "index" else None
    key = (id(d), sel.indicator, sel.measure, money, base, span)
    cached = _CACHE.get(key)
    if cached is not None and cached[0] is d:
        return cached[1]
    # the widened years must not move the index's base (by default the first year
    # chosen, not the first year published)
    whole = sel if span[0] is None else replace(sel, years=span, base_year=base)
    frame = merged(d, whole, years, money)
    value, note = measured(frame, whole, unit)
    frame = frame.assign(value=value, note=note)
    if len(_CACHE) >= _CACHE_SIZE:
        _CACHE.pop(next(iter(_CACHE)))
    _CACHE[key] = (d, frame)
    return frame


# ------------------------------------------------------------ what is asked


def checked(d: BookData, sel: Selection) -> tuple[pd.Series, Unit, str]:
    """Refuse a selection that cannot be computed, or return what it needs.

    That is the indicator's row of ``indicators.csv``, its unit, and the money basis.
    The money basis is the currency money is shown in: ``sel.currency`` for money,
    ``"local"`` for an index (each city's own currency) and for anything not money.
    """
    if sel.measure not in MEASURES:
        raise ValueError(
            f"unknown measure '{sel.measure}'; choose from {list(MEASURES)}"
        )
    if sel.currency not in CURRENCIES:
        raise ValueError(f"unknown currency '{sel.currency}'; choose from {CURRENCIES}")
    meta = d.indicator(sel.indicator)
    allowed = measures_for(meta)
    if sel.measure not in allowed:
        raise ValueError(
            f"'{sel.measure}' does not apply to {sel.indicator}; use one of {allowed}"
        )
    unit = unit_from(meta)
    money = sel.currency if unit.kind == "money" and sel.measure != "index" else "local"
    if sel.measure == "share" and unit.kind == "money" and money == "local":
        raise ValueError(
            "a share of the total needs one currency: CNY, HKD and MOP cannot be "
            "added as they stand; choose currency 'CNY' or 'USD'"
        )
    known = set(d.cities["city_id"])
    unknown = [c for c in sel.cities if c not in known]
    if unknown:
        raise ValueError(f"unknown city id(s): {unknown}")
    if not sel.cities or sel.years[0] > sel.years[1]:
        raise ValueError(
            "nothing to compare: choose at least one city, and years from first to last"
        )
    return meta, unit, money


def years_shown(sel: Selection, meta: pd.Series) -> list[int | None]:
    """The years shown: the selected range, or ``[None]`` for an undated indicator."""
    if meta["time_basis"] == "undated":
        return [None]
    return list(range(sel.years[0], sel.years[1] + 1))


# ------------------------------------------------------------ merge once


def merged(
    d: BookData,
    sel: Selection,
    years: list[int | None],
    money: str,
    measures: Sequence[str] = (),
) -> pd.DataFrame:
    """All 11 cities in every year needed, with what the measures divide by.

    One row per city and year (the years shown, plus the base year of an index), with
    ``amount`` (the value, converted to ``money``; NaN when missing) and ``why`` (the
    reason it is missing); for a value per resident ``residents`` (persons), for a
    value per km² ``land`` (km²). ``measures`` default to ``sel.measure``.
    """
    measures = measures or [sel.measure]
    if sel.measure == "index" and sel.base not in years:
        years = [*years, sel.base]
    grid = d.cities[["city_id"]].merge(
        pd.DataFrame({"year": pd.array(years, dtype="Int64")}), how="cross"
    )
    figures = _figures(d, sel, money, undated=years == [None])
    frame = grid.merge(figures, on=["city_id", "year"], how="left")
    frame["why"] = _why_missing(frame)
    if "per_resident" in measures:
        # an undated figure (land area) is divided by the population of the last year
        frame["pop_year"] = frame["year"].fillna(sel.years[1])
        population = d.series("population")[["city_id", "year", "value"]]
        population = population.rename(
            columns={"year": "pop_year", "value": "residents"}
        )
        population["residents"] *= 1e4  # 10,000 persons -> persons
        frame = frame.merge(population, on=["city_id", "pop_year"], how="left")
    if "per_km2" in measures:
        land = d.series("land_area")[["city_id", "value"]]
        frame = frame.merge(land.rename(columns={"value": "land"}), how="left")
    return frame


def _figures(d: BookData, sel: Selection, money: str, undated: bool) -> pd.DataFrame:
    """The indicator's published rows in the years read, with ``amount`` in ``money``.

    An index reads from its base year on; an undated indicator reads every row.
    Money is converted at the year's annual average rate unless ``money`` is
    ``"local"``; ``conversion_note`` says why a value could not be converted.
    """
    rows = d.series(sel.indicator)
    if not undated and rows["year"].notna().any():
        first = min(sel.base, sel.years[0]) if sel.measure == "index" else sel.years[0]
        rows = rows[rows["year"].between(first, sel.years[1])]
    rows = rows[["city_id", "year", "value", "currency", "note"]]
    if money == "local":
        return rows.assign(amount=rows["value"], conversion_note="", found=True)
    rows = currency.to_currency(rows, d.exchange_rates, target=money)
    return rows.rename(columns={f"value_{money}": "amount"}).assign(found=True)


def _why_missing(frame: pd.DataFrame) -> pd.Series:
    """Why a city's value is missing: no row, marked missing, or not convertible."""
    year = frame["year"].astype("string")  # <NA> for an undated indicator
    no_row = ("no figure for " + year).fillna("no figure")
    why = pd.Series("", index=frame.index, dtype="str")
    why = why.mask(
        frame["amount"].isna(),
        frame["conversion_note"].replace("", "could not be converted"),
    )
    why = why.mask(
        frame["value"].isna(), frame["note"].fillna("marked missing in the source")
    )
    return why.mask(frame["found"].isna(), no_row)


# ------------------------------------------------------------ the measures
# Each takes the merged frame and returns the measure and, where a value exists but
# the measure cannot be computed from it, the reason (otherwise "").

Measured = tuple[pd.Series, pd.Series]
"""A measure's values and, where it cannot be computed, why."""


def measured(
    frame: pd.DataFrame, sel: Selection, unit: Unit, measure: str | None = None
) -> Measured:
    """A measure (default: ``sel.measure``) of every row of :func:`merged`, and notes.

    The note says why a value is missing: the figure's own reason, or why the
    measure cannot be computed from it (e.g. no population figure); else "".
    """
    value, reason = MEASURE_FUNCTIONS[measure or sel.measure](frame, sel, unit)
    return value, frame["why"].where(frame["amount"].isna(), reason)


def absolute(frame: pd.DataFrame, sel: Selection, unit: Unit) -> Measured:
    """The value as published (money converted to the chosen currency)."""
    return frame["amount"], _no_reason(frame)


def per_resident(frame: pd.DataFrame, sel: Selection, unit: Unit) -> Measured:
    """Value per resident in the same year, in the label's unit (% of residents...)."""
    per_person = frame["amount"] * unit.scale / frame["residents"]
    value = per_person * per_resident_factor(unit)
    no_population = "no population figure for " + frame["pop_year"].astype(str)
    return value, no_population.where(frame["residents"].isna(), "")


def per_km2(frame: pd.DataFrame, sel: Selection, unit: Unit) -> Measured:
    """Value per km² of land (money in millions per km²)."""
    value = frame["amount"] * unit.scale / frame["land"]
    if unit.kind == "money":
        value = value / 1e6
    return value, _no_reason(frame).mask(frame["land"].isna(), "no land area")


def share(frame: pd.DataFrame, sel: Selection, unit: Unit) -> Measured:
    """Percent of the 11-city total of the year (unknown if a city is missing)."""
    total = frame.groupby("year", dropna=False)["amount"].transform("sum", skipna=False)
    value = 100 * frame["amount"] / total
    return value, _unknown_totals(frame)


def index(frame: pd.DataFrame, sel: Selection, unit: Unit) -> Measured:
    """100 × value / the same city's value in the base year (local currency)."""
    base = frame[frame["year"] == sel.base].set_index("city_id")
    base_amount = frame["city_id"].map(base["amount"])
    usable = base_amount.notna() & (base_amount != 0)
    value = (100 * frame["amount"] / base_amount).where(usable)
    base_why = frame["city_id"].map(base["why"]).replace("", "zero")
    return value, ("no base-year figure (" + base_why + ")").where(~usable, "")


def _unknown_totals(frame: pd.DataFrame) -> pd.Series:
    """For each row, the cities that leave its year's total unknown ("" if none)."""
    missing = frame[frame["amount"].isna()]
    # joined as plain Python strings: a string array is iterated item by item
    ids = missing["city_id"].astype(object)
    names = ids.groupby(missing["year"], dropna=False).agg(", ".join)
    names = names.astype(missing["city_id"].dtype)
    gaps = frame[["year"]].merge(names.rename("gaps").reset_index(), how="left")
    reason = "11-city total unknown (" + gaps["gaps"] + " missing)"
    return reason.fillna("").set_axis(frame.index)


def _no_reason(frame: pd.DataFrame) -> pd.Series:
    """An empty reason for every row."""
    return pd.Series("", index=frame.index, dtype="str")


MEASURE_FUNCTIONS = {
    "absolute": absolute,
    "per_resident": per_resident,
    "per_km2": per_km2,
    "share": share,
    "index": index,
}
"""The function that computes each measure of :data:`MEASURES`."""


# ------------------------------------------------------------ the result


def rows_shown(
    frame: pd.DataFrame, sel: Selection, years: list[int | None]
) -> pd.DataFrame:
    """The rows of the selected cities in the years shown: by year, cities as chosen."""
    shown = pd.DataFrame({"year": pd.array(years, dtype="Int64")}).merge(
        pd.DataFrame({"city_id": list(sel.cities)}), how="cross"
    )
    return shown.merge(frame, on=["city_id", "year"], how="left")


def _table(
    d: BookData, rows: pd.DataFrame, years: list[int | None], money: str | None
) -> pd.DataFrame:
    """The comparison's table: each row's city, value, currency, status and note.

    ``money`` is the currency of money values (``"local"``: each city's own), or
    None when the indicator is not money.
    """
    cities = d.cities[["city_id", "name_en", "name_zh", "jurisdiction", "currency"]]
    table = rows[["city_id", "year", "value", "note"]].merge(
        cities.rename(columns={"name_en": "city", "currency": "local"}),
        on="city_id",
        how="left",
    )
    table["currency"] = table["local"] if money == "local" else money
    table["status"] = np.where(table["value"].notna(), "ok", "missing")
    table["note"] = table["note"].astype(str)
    table["year"] = None if years == [None] else table["year"].astype("int64")
    return table[_COLUMNS]
