"""A comparison's title, notes and sources: what the chart says beside its data."""

from __future__ import annotations

import pandas as pd

from book.compare.selection import MEASURES, Selection
from book.compare.units import unit_from
from book.data import BookData

__all__ = ["describe"]


def describe(
    d: BookData, sel: Selection, meta: pd.Series, years: list[int | None], money: str
) -> tuple[str, tuple[str, ...], tuple[str, ...]]:
    """The comparison's title, its notes and its source ids."""
    unit = unit_from(meta)
    if years == [None]:
        when = "undated"
    elif sel.single_year:
        when = str(sel.years[0])
    else:
        when = f"{sel.years[0]}-{sel.years[1]}"
    title = f"{meta['title_en']}, {MEASURES[sel.measure]}, {when}"
    notes, sources = [], str(meta["source_ids"]).split()
    if unit.kind == "money" and money in ("CNY", "USD"):
        notes.append(
            f"HKD and MOP converted to {money} at World Bank annual average rates."
        )
        sources.append("wdi-exchange-rates")
    elif unit.kind == "money" and sel.measure == "index":
        notes.append(
            "Local currencies; an index is computed in each city's own currency."
        )
    elif unit.kind == "money":
        notes.append(
            "Local currencies; not converted: CNY, HKD and MOP are not comparable as "
            "they stand."
        )
    if sel.measure == "per_resident":
        sources.append("official-gba-population")
    if sel.measure == "per_km2":
        sources.append("bayarea-gov-hk-cities")
        notes.append("Land areas are undated (about 2018).")
    known = set(d.sources["source_id"])
    return title, tuple(notes), tuple(dict.fromkeys(s for s in sources if s in known))
