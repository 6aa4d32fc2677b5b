"""Exercises of the chapter "Compare the cities"."""

from __future__ import annotations

import pandas as pd

from book import compare
from book.currency import DEFAULT_BASIS
from book.data import BookData
from book.exercises import CityExercise, Mistake, NumberExercise


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


# ------------------------------------------------ solutions, as a student writes them


def _shenzhen_per_resident(
    d: BookData, *, usd: bool = True, gdp_unit: float = 1e8, pop_unit: float = 1e4
) -> float:
    """GDP per resident by hand: GDP in yuan over persons, then yuan to dollars.

    GDP is published in 100 million yuan and population in 10,000 persons; the
    units can be changed to make the slips of forgetting (or doubling) them.
    """
    year = _latest(d, "population")
    gdp_yuan = d.value("shenzhen", "gdp", year) * gdp_unit
    persons = d.value("shenzhen", "population", year) * pop_unit
    per_resident = gdp_yuan / persons
    rates = d.exchange_rates.set_index(["currency", "year", "basis"])["lcu_per_usd"]
    return per_resident / rates[("CNY", year, DEFAULT_BASIS)] if usd else per_resident


def _jobs(d: BookData) -> pd.DataFrame:
    """Employed persons, one row per city and one column per year."""
    return d.series("employment").pivot(index="city_id", columns="year", values="value")


def _jobs_growth_leader(d: BookData, *, base: int | None = 2015) -> str:
    """The city whose employment grew most from ``base`` (None: the first year)."""
    jobs = _jobs(d)
    first = jobs.columns.min() if base is None else base
    return str((jobs[jobs.columns.max()] / jobs[first]).idxmax())


def _most_jobs(d: BookData) -> str:
    """The slip of not indexing at all: the most employed persons in the last year."""
    jobs = _jobs(d)
    return str(jobs[jobs.columns.max()].idxmax())


EXERCISES = [
    NumberExercise(
        "compare-shenzhen-usd",
        unit="US dollars per resident",
        decimals=0,
        rtol=0.01,
        expected=lambda d: _per_resident(d, "USD"),
        solution=_shenzhen_per_resident,
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
        mistakes=(
            Mistake(lambda d: _shenzhen_per_resident(d, usd=False), "that is in yuan"),
            Mistake(
                lambda d: _shenzhen_per_resident(d, pop_unit=1e8),
                "10,000 times too small",
            ),
            Mistake(
                lambda d: _shenzhen_per_resident(d, pop_unit=1),
                "10,000 times too large",
            ),
            Mistake(
                lambda d: _shenzhen_per_resident(d, gdp_unit=1), "units of 100 million"
            ),
        ),
    ),
    CityExercise(
        "compare-employment-growth",
        expected=_fastest_jobs,
        hint="not that one: index employment to 2015 for every city and compare the "
        "last year of the employment table",
        solution=_jobs_growth_leader,
        mistakes=(
            Mistake(_most_jobs, "index employment to 2015"),
            Mistake(lambda d: _jobs_growth_leader(d, base=None), "to 2015"),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
