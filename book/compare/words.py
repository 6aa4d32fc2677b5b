"""How a comparison reads: its heading, units in words, numbers, and the view's table.

The wording is in ``book/text/compare.yml`` (so it can be translated); this module fills
it in. The static page and the live panel both use these functions: the static page
gets their results from the build (and :func:`figure_expr`, the same number rule as a
Vega expression), so a reader sees the same words and numbers in either.

Numbers read with three significant digits, in words from a million up ("18.8
million", "3.69 trillion"), as whole numbers with separators from 1,000 to a million
("152,380"), and with three significant digits below ("68.8", "0.0588").
"""

from __future__ import annotations

import math
from decimal import ROUND_HALF_UP, Decimal
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from book.compare.selection import Comparison, Selection
from book.compare.units import Unit

__all__ = [
    "TEXT_FILE",
    "factor",
    "figure",
    "figure_expr",
    "heading",
    "short_name",
    "text",
    "unit_words",
    "value_header",
    "view_csv",
    "view_table",
    "what",
    "when",
]

TEXT_FILE = Path(__file__).resolve().parent.parent / "text" / "compare.yml"

_WORDS = ((1e12, "trillion"), (1e9, "billion"), (1e6, "million"))


@lru_cache(maxsize=1)
def text() -> dict[str, Any]:
    """The comparison's wording (``book/text/compare.yml``)."""
    import yaml

    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


def short_name(meta: pd.Series) -> str:
    """The indicator's name in a heading ("GDP"), else its ``title_en``."""
    return str(text()["short_names"].get(meta["indicator_id"], meta["title_en"]))


def what(meta: pd.Series, measure: str) -> str:
    """What is measured, e.g. ``"GDP per resident"``."""
    return text()["what"][measure].format(name=short_name(meta))


def when(sel: Selection, undated: bool) -> str:
    """The years in a heading: ``"2024"``, ``"2015-2024"`` or ``"undated"``."""
    if undated:
        return text()["undated"]
    if sel.single_year:
        return str(sel.years[0])
    return text()["range"].format(first=sel.years[0], last=sel.years[1])


def unit_words(sel: Selection, unit: Unit, money: str) -> str:
    """The unit of the measure in words: ``"people"``, ``"yuan at World Bank..."``.

    ``money`` is the currency money is shown in (``"CNY"``, ``"USD"`` or
    ``"local"``); values in this unit are the comparison's values times
    :func:`factor`.
    """
    words = text()
    units = words["units"]
    noun = words["nouns"].get(unit.noun, unit.noun)
    money_words = words["money"][money]
    if sel.measure in ("share", "index"):
        key = sel.measure
    elif unit.kind == "money":
        key = f"{sel.measure}_money"
    elif sel.measure == "per_resident":
        kind = "persons" if unit.noun == "persons" else unit.kind
        key = f"per_resident_{'count' if kind == 'ratio' else kind}"
    elif sel.measure == "per_km2":
        key = "per_km2_count"
    else:
        key = "absolute"
    return units[key].format(noun=noun, money=money_words, base=sel.base)


def factor(sel: Selection, unit: Unit) -> float:
    """What a comparison's value is multiplied by to read in :func:`unit_words`' unit.

    Published scales become base units (10,000 persons -> people, 100 million yuan ->
    yuan); money per km², computed in millions, becomes yuan per km².
    """
    if sel.measure == "absolute" and unit.kind in ("count", "money"):
        return unit.scale
    if sel.measure == "per_km2" and unit.kind == "money":
        return 1e6
    return 1.0


def heading(meta: pd.Series, sel: Selection, unit: Unit, money: str) -> str:
    """The title that follows the selection.

    For example ``"GDP per resident, 2024, yuan at World Bank average rates"``.
    """
    undated = meta["time_basis"] == "undated"
    return text()["heading"].format(
        what=what(meta, sel.measure),
        when=when(sel, undated),
        unit=unit_words(sel, unit, money),
    )


def value_header(what_text: str, unit_text: str) -> str:
    """The heading of the value column: ``"GDP per resident (yuan at ...)"``."""
    return text()["table"]["value"].format(what=what_text, unit=unit_text)


def figure(value: float | None) -> str:
    """A number as the comparison shows it (see the module); ``"–"`` if missing."""
    if value is None or pd.isna(value):
        return text()["table"]["missing"]
    size = abs(value)
    for scale, word in _WORDS:
        if size >= scale:
            return f"{_significant(value / scale)} {word}"
    if size >= 1000:
        return f"{_rounded(value, Decimal(1)):,.0f}"
    return _significant(value)


def _rounded(value: float, step: Decimal) -> Decimal:
    """``value`` rounded to a multiple of ``step``, halves away from zero.

    The browser's ``toFixed`` and ``toPrecision`` round so: page and kernel agree.
    """
    return Decimal(value).quantize(step, rounding=ROUND_HALF_UP)


def _significant(value: float) -> str:
    """Three significant digits, trailing zeros dropped: 68.8, 0.0588, 3.5, 1,000."""
    if value == 0 or not math.isfinite(value):
        return "0" if value == 0 else str(value)
    exact = Decimal(value)
    rounded = _rounded(value, Decimal(1).scaleb(exact.adjusted() - 2))
    if rounded == rounded.to_integral_value():
        return f"{int(rounded):,}"
    return f"{rounded:,f}".rstrip("0").rstrip(".")


def figure_expr(x: str) -> str:
    """:func:`figure` as a Vega expression of the expression ``x`` (valid numbers)."""
    steps = [
        f"abs({x}) >= {scale:.0e} ? format({x} / {scale:.0e}, ',.3~r') + ' {word}'"
        for scale, word in _WORDS
    ]
    return (
        "(" + " : ".join(steps) + f" : abs({x}) >= 1000 ? format({x}, ',.0f')"
        f" : format({x}, ',.3~r'))"
    )


def view_table(comparison: Comparison) -> pd.DataFrame:
    """The current view as a reader sees it.

    Human headers, numbers in words, and ``"–"`` with the reason in the note where a
    value is missing (never NaN).
    """
    words = text()["table"]
    table = comparison.table
    header = value_header(comparison.what, comparison.words)
    shown = pd.DataFrame(
        {
            words["city"]: table["city"],
            words["name_zh"]: table["name_zh"],
            words["year"]: table["year"],
            header: (table["value"] * comparison.factor).map(figure),
            "currency": table["currency"],
            words["note"]: table["note"].where(table["status"] == "missing", ""),
        }
    )
    if len(comparison.currencies) <= 1:
        shown = shown.drop(columns="currency")
    else:
        shown = shown.rename(columns={"currency": "Currency"})
    if table["year"].isna().all():
        shown = shown.drop(columns=words["year"])
    else:
        shown[words["year"]] = shown[words["year"]].astype(str)
    return shown.reset_index(drop=True)


def view_csv(comparison: Comparison) -> str:
    """The current view as CSV.

    The table's rows and headers, values as numbers in the header's unit (six
    significant digits; empty where missing).
    """
    shown = view_table(comparison)
    header = value_header(comparison.what, comparison.words)
    values = comparison.table["value"] * comparison.factor
    shown[header] = values.map(lambda v: f"{v:.6g}" if pd.notna(v) else "").values
    return shown.to_csv(index=False)
