"""Exercises of the chapter "Compare the cities"."""

from __future__ import annotations

from book import compare
from book.data import BookData
from book.exercises import CityExercise, NumberExercise


def _latest(d: BookData, indicator: str) -> int:
    return int(d.series(indicator).dropna(subset=["value"])["year"].max())


def _per_resident(d: BookData, target: str) -> float:
    year = _latest(d, "population")
    sel = compare.Selection(
        "gdp", ("shenzhen",), "per_resident", (year, year), currency=target
    )
    return float(compare.compare(d, sel).table.loc[0, "value"])


def _fastest_jobs(d: BookData) -> str:
    last = _latest(d, "employment")
    sel = compare.Selection(
        "employment", tuple(d.cities["city_id"]), "index", (2015, last), base_year=2015
    )
    table = compare.compare(d, sel).table
    return str(table[table["year"] == last].sort_values("value").iloc[-1]["city_id"])


EXERCISES = [
    NumberExercise(
        "compare-shenzhen-usd",
        expected=lambda d: _per_resident(d, "USD"),
        unit="US dollars per resident",
        rtol=0.01,
        slips=(
            (
                lambda d: _per_resident(d, "CNY"),
                "that is in yuan: choose currency='USD'",
            ),
        ),
        scale_hints={
            1e4: "your answer is 10,000 times too small: population is published in "
            "units of 10,000 persons",
            1e-4: "your answer is 10,000 times too large: check the population unit",
            1e8: "GDP is published in units of 100 million: multiply before dividing",
        },
    ),
    CityExercise(
        "compare-employment-growth",
        expected=_fastest_jobs,
        hint="not that one: index employment to 2015 for every city and compare the "
        "last year of the employment table",
    ),
]
"""The chapter's auto-checked exercises."""
