"""Read an indicator's unit, the measures it allows, and label a measure's unit."""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from book.compare.selection import Selection
from book.data import BookData

__all__ = [
    "Unit",
    "label",
    "measures_for",
    "per_resident_factor",
    "unit_from",
    "unit_of",
    "valid_measures",
]


@dataclass(frozen=True)
class Unit:
    """What an indicator's unit is made of.

    Attributes
    ----------
    kind : str
        ``"count"``, ``"money"``, ``"area"`` or ``"ratio"``.
    scale : float
        Multiplier to base units (persons, currency units, km²): 1e4 for
        "10,000 persons", 1e8 for "100 million".
    noun : str
        What is counted: ``"persons"``, ``"firms"``, ``"km²"``, ``"currency"``.
    per_person : bool
        Money per person (GDP per capita): not additive.
    published : str
        The unit as ``indicators.csv`` gives it, e.g. ``"100 million, local currency"``.
    """

    kind: str
    scale: float
    noun: str
    per_person: bool = False
    published: str = ""


_PREFIXES = (("100 million", 1e8), ("10,000 ", 1e4), ("10000 ", 1e4))


def unit_of(d: BookData, indicator: str) -> Unit:
    """Parse an indicator's unit (``indicators.csv``) into a :class:`Unit`."""
    return unit_from(d.indicator(indicator))


def unit_from(meta: pd.Series) -> Unit:
    """Parse the unit of an indicator's row of ``indicators.csv``."""
    text = published = str(meta["unit"])
    scale = 1.0
    for prefix, factor in _PREFIXES:
        if text.startswith(prefix):
            scale, text = factor, text[len(prefix) :].strip(" ,")
    if bool(meta["money"]):
        per_person = " per " in f" {text} "
        return Unit("money", scale, "currency", per_person, published)
    if "%" in text or " per " in f" {text} ":
        return Unit("ratio", 1.0, text, published=published)
    if text == "km²":
        return Unit("area", 1.0, "km²", published=published)
    return Unit("count", scale, text, published=published)


def valid_measures(d: BookData, indicator: str) -> list[str]:
    """The measures that make sense for an indicator (e.g. no share of a ratio)."""
    return measures_for(d.indicator(indicator))


def measures_for(meta: pd.Series) -> list[str]:
    """The measures that make sense for an indicator's row of ``indicators.csv``."""
    unit = unit_from(meta)
    measures = ["absolute"]
    additive = unit.kind in ("count", "money", "area") and not unit.per_person
    if additive and meta["indicator_id"] != "population":
        measures.append("per_resident")
    if additive and unit.kind != "area":
        measures.append("per_km2")
    if additive:
        measures.append("share")
    if meta["time_basis"] != "undated":
        measures.append("index")
    return measures


def label(sel: Selection, unit: Unit, money_currency: str) -> str:
    """The unit of the measure ``sel`` asks for, e.g. ``"CNY per resident"``."""
    base = unit.published
    money = "local currency" if money_currency == "local" else money_currency
    if sel.measure == "absolute":
        if unit.kind == "money" and money_currency != "local":
            return base.replace(", local currency", f" {money}").replace(
                "local currency", money
            )
        return base
    if sel.measure == "per_resident":
        return _per_resident_label(unit, money)
    if sel.measure == "per_km2":
        if unit.kind == "money":
            return f"million {money} per km²"
        return f"{unit.noun} per km²"
    if sel.measure == "share":
        return "% of the 11-city total"
    return f"index, {sel.base} = 100"


def _per_resident_label(unit: Unit, money: str) -> str:
    """The unit of a value per resident (see :func:`per_resident_factor`)."""
    if unit.kind == "money":
        return f"{money} per resident"
    if unit.kind == "area":
        return "m² per resident"
    if unit.noun == "persons":
        return "% of residents"
    return f"{unit.noun} per 10,000 residents"


def per_resident_factor(unit: Unit) -> float:
    """What one unit per resident is multiplied by to read in the labelled unit.

    m² per resident (x 1,000,000 from km²), % of residents (x 100), firms per 10,000
    residents (x 10,000), money per resident (x 1).
    """
    if unit.kind == "area":
        return 1e6
    if unit.kind == "count" and unit.noun == "persons":
        return 100.0
    if unit.kind == "count":
        return 1e4
    return 1.0
