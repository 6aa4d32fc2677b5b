"""The comparison reads well: headings that follow the selection, units in words,
one number rule, only the choices that apply, and a table without NaN (issue 14)."""

from __future__ import annotations

import io

import pandas as pd
import pytest

from book import compare, data
from book.compare import Selection, words


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


@pytest.mark.parametrize(
    ("selection", "heading"),
    [
        (
            Selection("gdp", measure="per_resident"),
            "GDP per resident, 2024, yuan at World Bank average rates",
        ),
        (Selection("population"), "Population, 2024, people"),
        (
            Selection("population", measure="per_km2"),
            "Population per km² of land, 2024, people per km²",
        ),
        (
            Selection("gdp", measure="share", currency="USD"),
            "GDP, 2024, % of the 11-city total",
        ),
        (
            Selection("gdp", measure="index", years=(2015, 2024)),
            "GDP, 2015-2024, index, 2015 = 100",
        ),
        (
            Selection("employment", measure="per_resident", years=(2023, 2023)),
            "Employment per resident, 2023, % of residents",
        ),
        (Selection("land_area"), "Land area, undated, km²"),
        (Selection("gdp", currency="local"), "GDP, 2024, each city's own currency"),
    ],
)
def test_the_heading_follows_the_selection(
    d: data.BookData, selection: Selection, heading: str
) -> None:
    assert compare.compare(d, selection).heading == heading


@pytest.mark.parametrize(
    ("value", "text"),
    [
        (0.05883, "0.0588"),
        (68.83, "68.8"),
        (753.4, "753"),
        (2.125, "2.13"),  # halves away from zero, as the browser rounds
        (1234.5, "1,235"),
        (152380.2, "152,380"),
        (18_827_000, "18.8 million"),
        (3.694e12, "3.69 trillion"),
        (448e9, "448 billion"),
        (float("nan"), "–"),
        (None, "–"),
    ],
)
def test_one_number_rule(value: float, text: str) -> None:
    assert compare.figure(value) == text


def test_values_read_in_the_unit_in_words(d: data.BookData) -> None:
    """Population is published in 10,000 persons; the reader sees people."""
    result = compare.compare(d, Selection("population", ("guangzhou",)))
    published = result.table.loc[0, "value"]
    assert result.words == "people" and result.factor == 1e4
    shown = compare.view_table(result).iloc[0, 3]
    assert shown == compare.figure(published * 1e4) and shown.endswith("million")


def test_the_view_table_has_human_headers_and_no_nan(d: data.BookData) -> None:
    result = compare.compare(
        d, Selection("high_tech_enterprises", tuple(d.cities["city_id"]))
    )
    table = compare.view_table(result)
    header = "High-tech enterprises (firms)"
    assert list(table.columns) == ["City", "中文", "Year", header, "Note"]
    assert len(table) == 11
    assert not table.isna().any().any()
    assert "NaN" not in table.to_string() and "nan" not in table.to_string()
    missing = table[table[header] == "–"]
    assert len(missing) == (result.table["status"] == "missing").sum() > 0
    assert (missing["Note"] != "").all()  # every gap says why


def test_the_csv_is_exactly_the_view(d: data.BookData) -> None:
    result = compare.compare(
        d, Selection("gdp", ("guangzhou", "macao", "hong-kong"), "per_resident")
    )
    table = compare.view_table(result)
    csv = pd.read_csv(io.StringIO(compare.view_csv(result)), keep_default_na=False)
    assert list(csv.columns) == list(table.columns)
    assert list(csv["City"]) == list(table["City"])
    header = table.columns[3]
    numbers = result.table["value"] * result.factor
    assert csv[header].astype(float).tolist() == pytest.approx(numbers.tolist(), 1e-5)


def test_year_range_and_default_year_follow_the_indicator(d: data.BookData) -> None:
    cities = compare.DEFAULT_CITIES
    assert compare.year_range(d, "employment")[1] == 2023
    assert compare.default_year(d, "employment", cities) == 2023
    assert compare.default_year(d, "population", cities) == 2024
    assert compare.year_range(d, "land_area") is None
    assert compare.default_year(d, "land_area", cities) is None
    # the year in which the most of the chosen cities have a value, the latest of those
    table = d.series("gdp_per_capita").dropna(subset=["value"])
    latest = int(table["year"].max())
    have = set(table.loc[table["year"] == latest, "city_id"])
    lacking = sorted(set(d.cities["city_id"]) - have)
    assert lacking, "the data changed: pick an indicator with a gap in its last year"
    assert compare.default_year(d, "gdp_per_capita", lacking[:1]) < latest
    assert compare.default_year(d, "gdp_per_capita", sorted(have)[:2]) == latest


def test_measures_that_cannot_have_values_say_why(d: data.BookData) -> None:
    reasons = compare.measure_reasons(d, "population")
    assert set(reasons) == set(compare.MEASURES)
    assert reasons["absolute"] == "" and reasons["share"] == ""
    assert "always 1" in reasons["per_resident"]
    share = compare.measure_reasons(d, "high_tech_enterprises")["share"]
    assert share == "no year has figures for all 11 cities"
    assert "no years" in compare.measure_reasons(d, "land_area")["index"]
    assert "cannot be added" in compare.measure_reasons(d, "gdp", "local")["share"]


def test_an_invalid_choice_names_the_valid_ones() -> None:
    with pytest.raises(ValueError, match="choose one of: population, gdp"):
        compare.check_choice("indicator", "gpd", ["population", "gdp"])
    compare.check_choice("indicator", "gdp", ["population", "gdp"])


def test_the_wording_is_in_one_translatable_file() -> None:
    wording = words.text()
    assert {"heading", "units", "reasons", "table", "errors"} <= set(wording)
