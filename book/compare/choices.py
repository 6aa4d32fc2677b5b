"""Which choices apply: years per indicator, the default year, measures and why not.

The live panel and the static page offer only what applies: the years an indicator has,
the latest year with data for the cities chosen, and every measure, with the reason
when one cannot be chosen. Errors name the valid choices.
"""

from __future__ import annotations

from collections.abc import Iterable, Sequence

import pandas as pd

from book.compare.compute import compare
from book.compare.selection import MEASURES, Selection
from book.compare.units import measures_for, unit_from
from book.compare.words import text
from book.data import BookData

__all__ = [
    "best_year",
    "check_choice",
    "default_year",
    "measure_reason",
    "measure_reasons",
    "year_range",
]

_REASONS_CACHE: dict[tuple[int, str, str], tuple[BookData, dict[str, str]]] = {}


def check_choice(name: str, value: object, choices: Iterable[object]) -> None:
    """Refuse a value that is not among ``choices``, naming them.

    Raises
    ------
    ValueError
        ``'gpd' is not a choice for indicator; choose one of: population, gdp, ...``
    """
    choices = list(choices)
    if value not in choices:
        raise ValueError(
            text()["errors"]["choice"].format(
                value=value, name=name, choices=", ".join(map(str, choices))
            )
        )


def year_range(d: BookData, indicator: str) -> tuple[int, int] | None:
    """The first and last year with a value of ``indicator``; None if undated."""
    years = d.series(indicator).dropna(subset=["value"])["year"].dropna()
    if d.indicator(indicator)["time_basis"] == "undated" or years.empty:
        return None
    return int(years.min()), int(years.max())


def best_year(years: pd.Series) -> int | None:
    """The latest of the years that occur most often (one per city with a value)."""
    counts = years.dropna().astype(int).value_counts()
    if counts.empty:
        return None
    most = counts[counts == counts.max()]
    return int(most.index.max())


def default_year(
    d: BookData,
    indicator: str,
    cities: Sequence[str],
    measure: str = "absolute",
    currency: str = "CNY",
    base_year: int | None = None,
) -> int | None:
    """The year a comparison opens on (None for an undated indicator).

    That is the latest year in which the most of ``cities`` have a value of
    ``measure``.

    Employment ends in 2023, so it opens on 2023; GDP per person misses one city in
    2024, so a selection with that city opens on 2023 and one without it on 2024.
    """
    span = year_range(d, indicator)
    if span is None:
        return None
    sel = Selection(indicator, tuple(cities), measure, span, base_year, currency)
    try:
        table = compare(d, sel).table
    except ValueError:
        return span[1]
    found = best_year(table.loc[table["value"].notna(), "year"])
    return span[1] if found is None else found


def measure_reason(meta: pd.Series, measure: str, currency: str = "CNY") -> str:
    """Why ``measure`` cannot be chosen for an indicator by its kind ("" if it can).

    This is the rule of :func:`~book.compare.units.measures_for`, in words.
    """
    reasons = text()["reasons"]
    unit = unit_from(meta)
    if measure not in measures_for(meta):
        if measure == "index":
            return reasons["index_undated"]
        if measure == "per_resident" and meta["indicator_id"] == "population":
            return reasons["per_resident_population"]
        if measure == "per_km2" and unit.kind == "area":
            return reasons["per_km2_area"]
        return reasons[f"{measure}_ratio"]
    if measure == "share" and unit.kind == "money" and currency == "local":
        return reasons["share_local"]
    return ""


def measure_reasons(
    d: BookData, indicator: str, currency: str = "CNY"
) -> dict[str, str]:
    """Every measure of :data:`MEASURES` and why it cannot be chosen ("" if it can).

    A measure is also refused when no city has a value for it in any year (a share of
    a total that is never complete, for instance).
    """
    key = (id(d), indicator, currency)
    cached = _REASONS_CACHE.get(key)
    if cached is not None and cached[0] is d:
        return dict(cached[1])
    meta = d.indicator(indicator)
    span = year_range(d, indicator) or (2024, 2024)
    everyone = tuple(d.cities["city_id"])
    reasons = {}
    for measure in MEASURES:
        reason = measure_reason(meta, measure, currency)
        if not reason:
            sel = Selection(indicator, everyone, measure, span, None, currency)
            if compare(d, sel).table["value"].isna().all():
                words = text()["reasons"]
                reason = words["share_no_total" if measure == "share" else "no_values"]
        reasons[measure] = reason
    _REASONS_CACHE[key] = (d, reasons)
    return dict(reasons)
