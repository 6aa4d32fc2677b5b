"""Exercises of the chapter "The Bay at a glance"."""

from __future__ import annotations

from book import currency
from book.data import BookData
from book.exercises import CityExercise, NumberExercise


def _density(data: BookData, city: str, year: int = 2024) -> float:
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


EXERCISES = [
    NumberExercise(
        "bay-density-macao",
        expected=lambda d: _density(d, "macao"),
        unit="persons per km²",
        scale_hints={
            10_000: "your answer is 10,000 times too small: population is "
            "published in units of 10,000 persons (万人)",
            1 / 10_000: "your answer is 10,000 times too large: multiply the "
            "population by 10,000 once, not twice",
        },
    ),
    CityExercise(
        "bay-densest-mainland",
        expected=_densest_mainland,
        hint="not that one: compute persons per km² for each of the nine "
        "mainland cities in 2024 and take the largest",
    ),
    NumberExercise(
        "bay-share-2023-revised",
        expected=lambda d: _share(d, 2023, "revised"),
        unit="% of China's GDP, two decimals",
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
        scale_hints={
            100: "that looks like a fraction: express the share as a "
            "percentage (multiply by 100)",
        },
    ),
]
"""The chapter's auto-checked exercises."""
