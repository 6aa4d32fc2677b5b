"""Exercises of the chapter "The Bay at a glance"."""

from __future__ import annotations

import pandas as pd

from book import currency
from book.data import BookData
from book.exercises import FRACTION_HINT, CityExercise, Mistake, NumberExercise


def _latest_population_year(data: BookData) -> int:
    """The chapter's ``YEAR``: the latest year with a population figure."""
    return int(data.series("population").dropna(subset=["value"])["year"].max())


def _density(data: BookData, city: str) -> float:
    year = _latest_population_year(data)
    persons = data.value(city, "population", year) * 10_000
    return persons / data.value(city, "land_area")


def _densest_mainland(data: BookData) -> str:
    mainland = data.cities[data.cities["jurisdiction"] == "mainland"]["city_id"]
    return max(mainland, key=lambda c: _density(data, c))


def _bay_gdp_cny(data: BookData, year: int) -> float:
    rows = data.series("gdp", year=year)
    converted = currency.to_currency(rows, data.exchange_rates, target="CNY")
    return float(converted["value_CNY"].sum(skipna=False))


def _share(data: BookData, year: int, vintage: str) -> float:
    return 100 * _bay_gdp_cny(data, year) / data.national_value("gdp", year, vintage)


def _share_unconverted(data: BookData, year: int, vintage: str) -> float:
    total = float(data.series("gdp", year=year)["value"].sum(skipna=False))
    return 100 * total / data.national_value("gdp", year, vintage)


# ------------------------------------------------ solutions, as a student writes them


def _city_table(d: BookData, *, per_unit: float = 10_000) -> pd.DataFrame:
    """Population, jurisdiction and persons per km² of each city, latest year."""
    pop = d.series("population").dropna(subset=["value"])
    pop = pop[pop["year"] == pop["year"].max()].set_index("city_id")
    area = d.series("land_area").set_index("city_id")["value"]
    density = pop["value"] * per_unit / area  # population is in 10,000 persons
    return pop[["value", "jurisdiction"]].assign(density=density)


def _densest(
    d: BookData, *, among: str | None = "mainland", by: str = "density"
) -> str:
    """The city with the largest ``by`` (``"value"``: population, a slip)."""
    table = _city_table(d)
    if among is not None:
        table = table[table["jurisdiction"] == among]
    return str(table[by].idxmax())


def _share_of_china(
    d: BookData, *, vintage: str = "revised", convert: bool = True
) -> float:
    """The Bay's 2023 GDP in percent of China's, converted through the US dollar."""
    gdp = d.series("gdp", year=2023)
    rates = d.exchange_rates
    rates = rates[(rates["year"] == 2023) & (rates["basis"] == currency.DEFAULT_BASIS)]
    per_usd = rates.set_index("currency")["lcu_per_usd"]
    yuan = gdp["value"] * per_usd["CNY"] / gdp["currency"].map(per_usd)
    total = (yuan if convert else gdp["value"]).sum()
    return 100 * total / d.national_value("gdp", 2023, vintage)


EXERCISES = [
    NumberExercise(
        "bay-density-macao",
        expected=lambda d: _density(d, "macao"),
        unit="persons per km²",
        decimals=0,
        scale_hints={
            10_000: "your answer is 10,000 times too small: population is "
            "published in units of 10,000 persons (万人)",
            1 / 10_000: "your answer is 10,000 times too large: multiply the "
            "population by 10,000 once, not twice",
        },
        solution=lambda d: _city_table(d).loc["macao", "density"],
        mistakes=(
            Mistake(
                lambda d: _city_table(d, per_unit=1).loc["macao", "density"],
                "10,000 times too small",
            ),
            Mistake(
                lambda d: _city_table(d, per_unit=10_000**2).loc["macao", "density"],
                "10,000 once, not twice",
            ),
        ),
    ),
    CityExercise(
        "bay-densest-mainland",
        expected=_densest_mainland,
        hint="not that one: compute persons per km² for each of the nine "
        "mainland cities in the latest year and take the largest",
        solution=_densest,
        mistakes=(
            Mistake(lambda d: _densest(d, among=None), "nine mainland cities"),
            Mistake(lambda d: _densest(d, by="value"), "persons per km²"),
        ),
    ),
    NumberExercise(
        "bay-share-2023-revised",
        expected=lambda d: _share(d, 2023, "revised"),
        unit="% of China's GDP, two decimals",
        decimals=2,
        atol=0.01,
        slips=(
            (
                lambda d: _share(d, 2023, "preliminary"),
                "that is the share of the preliminary 2023 national GDP; the "
                "exercise asks for the figure revised after the census",
            ),
            (
                lambda d: _share_unconverted(d, 2023, "revised"),
                "it looks as if Hong Kong's and Macao's GDP were added in their "
                "own currencies: convert HKD and MOP to CNY first",
            ),
        ),
        scale_hints={100: FRACTION_HINT},
        solution=_share_of_china,
        mistakes=(
            Mistake(
                lambda d: _share_of_china(d, vintage="preliminary"),
                "preliminary 2023 national GDP",
            ),
            Mistake(lambda d: _share_of_china(d, convert=False), "convert HKD and MOP"),
            Mistake(lambda d: _share_of_china(d) / 100, "looks like a fraction"),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
