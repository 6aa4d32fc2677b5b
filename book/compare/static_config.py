"""What the static page's grapher needs besides the chart: choices, words, defaults.

The static comparison page builds its controls, heading, table, notes and source line
in the browser (``book/static/gba/gba-compare.js``) from this configuration, computed
at build time by the same functions as the live panel (:mod:`book.compare.words`,
:mod:`book.compare.choices`), so the page and the kernel say the same things. The
script holds no wording of its own: every word it shows is here.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from book.compare.choices import measure_reasons, year_range
from book.compare.compute import checked, years_shown
from book.compare.describe import describe
from book.compare.selection import MEASURES, Selection
from book.compare.static_table import STATIC_MEASURES
from book.compare.words import heading, text, unit_words, what
from book.data import BookData
from book.theme import CITY_COLORS

__all__ = ["BASE_MARK", "YEAR_MARK", "grapher_config", "wording"]

YEAR_MARK, BASE_MARK = 9001, 9002
"""Stand-in years: a heading computed for them becomes a template ({year}, {base})."""


def _template(words: str) -> str:
    """A heading for the stand-in years, as a template the page fills in."""
    return words.replace(str(YEAR_MARK), "{year}").replace(str(BASE_MARK), "{base}")


def wording(d: BookData, sel: Selection) -> dict[str, Any]:
    """What :func:`book.compare.compare` says of ``sel`` beside its table.

    The heading, column header, notes and source line, from the same functions,
    without computing the table (a test checks they agree).
    """
    meta, unit, money = checked(d, sel)
    _, notes, sources = describe(d, sel, meta, years_shown(sel, meta), money)
    header = text()["table"]["value"].format(
        what=what(meta, sel.measure), unit=unit_words(sel, unit, money)
    )
    return {
        "heading": heading(meta, sel, unit, money),
        "header": header,
        "notes": list(notes),
        "source": d.source_line(list(sources), derived=True),
    }


def _indicator(d: BookData, indicator: str) -> dict[str, Any]:
    """One indicator's years, measures (with reasons) and words per measure."""
    reasons = measure_reasons(d, indicator, "CNY")
    everyone = tuple(d.cities["city_id"])
    per_measure: dict[str, dict[str, Any]] = {}
    for measure in STATIC_MEASURES:
        if reasons[measure]:
            continue
        sel = Selection(
            indicator, everyone, measure, (YEAR_MARK, YEAR_MARK), BASE_MARK, "CNY"
        )
        words = wording(d, sel)
        words["heading"] = _template(words["heading"])
        words["header"] = _template(words["header"])
        per_measure[measure] = words
    return {
        "id": indicator,
        "label": str(d.indicator(indicator)["title_en"]),
        "years": year_range(d, indicator),
        "reasons": {m: reasons[m] for m in STATIC_MEASURES},
        "measures": per_measure,
    }


def grapher_config(
    d: BookData,
    indicators: Sequence[str],
    cities: Sequence[str],
    base_year: int,
) -> dict[str, Any]:
    """The configuration of the static grapher (``usermeta["gbaCompare"]``)."""
    words = text()
    return {
        "indicators": [_indicator(d, i) for i in indicators],
        "measures": [{"id": m, "label": MEASURES[m]} for m in STATIC_MEASURES],
        "cities": [
            {
                "id": row.city_id,
                "name": row.name_en,
                "zh": row.name_zh,
                "color": CITY_COLORS[row.city_id],
            }
            for row in d.cities.itertuples()
        ],
        "defaults": {"cities": list(cities), "base": base_year},
        "words": {**words["page"], **words["table"], "undated": words["undated"]},
        "unavailable": words["unavailable"],
    }
