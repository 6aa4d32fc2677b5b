"""Exercises of the chapter "Mechanism reform: rules and zones"."""

from __future__ import annotations

import pandas as pd

from book.data import BookData
from book.exercises import FRACTION_HINT, Mistake, NumberExercise

QIANHAI_BEFORE, QIANHAI_AFTER = "qianhai-area-2010", "qianhai-area-2021"


def _area(data: BookData, place_fact_id: str) -> float:
    return float(data.place_fact(place_fact_id)["value"])


def _qianhai_factor(data: BookData) -> float:
    return _area(data, "qianhai-area-2021") / _area(data, "qianhai-area-2010")


def _qianhai_growth(data: BookData) -> float:
    """The slip: the increase relative to the old area, not the factor."""
    return _qianhai_factor(data) - 1


def _hetao_share(data: BookData, park: str) -> float:
    return 100 * _area(data, park) / _area(data, "hetao-area")


def _firms_per_1000(data: BookData) -> float:
    firms = data.fact("hengqin-macao-funded-firms").value
    residents = data.fact("hengqin-macao-residents").value
    return 1000 * firms / residents


def _firms_2021_per_1000(data: BookData) -> float:
    firms = float(data.place_fact("hengqin-macao-firms-2021")["value"])
    return 1000 * firms / data.fact("hengqin-macao-residents").value


# ------------------------------------------------ solutions, as a student writes them


def _areas(d: BookData) -> pd.Series:
    """Every area in the place facts, in km², by place fact id."""
    areas = d.place_facts[d.place_facts["unit"] == "km²"]
    return areas.set_index("place_fact_id")["value"].astype(float)


def _ratio(d: BookData, part: str, whole: str) -> float:
    """One area over another (place fact ids)."""
    areas = _areas(d)
    return float(areas[part] / areas[whole])


def _per_1000(d: BookData, firms: float | None = None, *, per: float = 1000) -> float:
    """Macao-funded firms per ``per`` Macao residents of Hengqin."""
    if firms is None:
        firms = d.fact("hengqin-macao-funded-firms").value
    return per * firms / d.fact("hengqin-macao-residents").value


EXERCISES = [
    NumberExercise(
        "zones-qianhai-factor",
        expected=_qianhai_factor,
        unit="times the old area",
        decimals=2,
        slips=(
            (
                lambda d: 1 / _qianhai_factor(d),
                "upside down: divide the area after the expansion by the area "
                "before it",
            ),
            (
                _qianhai_growth,
                "that is the increase (after minus before, over before); the "
                "exercise asks for the factor, after divided by before",
            ),
            (
                lambda d: 100 * _qianhai_growth(d),
                "that is the percentage increase; the exercise asks for the "
                "factor, after divided by before",
            ),
        ),
        scale_hints={
            0.01: "that looks like a percentage: give the factor as a plain "
            "number (after divided by before, not times 100)",
        },
        solution=lambda d: _ratio(d, QIANHAI_AFTER, QIANHAI_BEFORE),
        mistakes=(
            Mistake(lambda d: _ratio(d, QIANHAI_BEFORE, QIANHAI_AFTER), "upside down"),
            Mistake(
                lambda d: _ratio(d, QIANHAI_AFTER, QIANHAI_BEFORE) - 1,
                "that is the increase",
            ),
            Mistake(
                lambda d: 100 * (_ratio(d, QIANHAI_AFTER, QIANHAI_BEFORE) - 1),
                "percentage increase",
            ),
            Mistake(
                lambda d: 100 * _ratio(d, QIANHAI_AFTER, QIANHAI_BEFORE),
                "looks like a percentage",
            ),
        ),
    ),
    NumberExercise(
        "zones-hetao-sz-share",
        expected=lambda d: _hetao_share(d, "hetao-sz-park-area"),
        unit="% of the Hetao zone's total area",
        decimals=1,
        slips=(
            (
                lambda d: _hetao_share(d, "hetao-hk-park-area"),
                "that is the Hong Kong Park's share; the exercise asks for the "
                "Shenzhen Park",
            ),
            (
                lambda d: (
                    100
                    * _area(d, "hetao-sz-park-area")
                    / _area(d, "hetao-hk-park-area")
                ),
                "you divided by the Hong Kong Park; divide by the zone's total "
                "area instead",
            ),
        ),
        scale_hints={
            100: FRACTION_HINT,
            1 / 100: "too large by 100: multiply by 100 once, not twice (or the "
            "areas are in hectares and km² at once)",
        },
        solution=lambda d: 100 * _ratio(d, "hetao-sz-park-area", "hetao-area"),
        mistakes=(
            Mistake(
                lambda d: 100 * _ratio(d, "hetao-hk-park-area", "hetao-area"),
                "Hong Kong Park's share",
            ),
            Mistake(
                lambda d: 100 * _ratio(d, "hetao-sz-park-area", "hetao-hk-park-area"),
                "divided by the Hong Kong Park",
            ),
            Mistake(
                lambda d: _ratio(d, "hetao-sz-park-area", "hetao-area"),
                "looks like a fraction",
            ),
            Mistake(
                lambda d: 100 * 100 * _ratio(d, "hetao-sz-park-area", "hetao-area"),
                "multiply by 100 once",
            ),
        ),
    ),
    NumberExercise(
        "zones-hengqin-firms-per-1000",
        expected=_firms_per_1000,
        unit="Macao-funded firms per 1,000 Macao residents",
        decimals=1,
        slips=(
            (
                lambda d: 1000 / _firms_per_1000(d) * 1000,
                "upside down: that is residents per 1,000 firms; divide the firms "
                "by the residents",
            ),
            (
                lambda d: 1000 / _firms_per_1000(d),
                "upside down: that is residents per firm; divide the firms by "
                "the residents, then multiply by 1,000",
            ),
            (
                _firms_2021_per_1000,
                "that uses the 2021 count of registered firms; the exercise asks "
                "for the article's figure (fact hengqin-macao-funded-firms)",
            ),
        ),
        scale_hints={
            1000: "that is firms per resident: multiply by 1,000 for firms per "
            "1,000 residents",
            1 / 1000: "too large by 1,000: multiply by 1,000 once, not twice",
        },
        solution=_per_1000,
        mistakes=(
            Mistake(lambda d: 1000 / _per_1000(d, per=1), "residents per 1,000 firms"),
            Mistake(lambda d: 1 / _per_1000(d, per=1), "residents per firm"),
            Mistake(
                lambda d: _per_1000(
                    d, float(d.place_fact("hengqin-macao-firms-2021")["value"])
                ),
                "the 2021 count",
            ),
            Mistake(lambda d: _per_1000(d, per=1), "firms per resident"),
            Mistake(lambda d: _per_1000(d, per=1000 * 1000), "1,000 once, not twice"),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
