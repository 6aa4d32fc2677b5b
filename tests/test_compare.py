"""The city comparison: pure functions and the static chart's parameters (the live
panel: tests/test_panel.py)."""

from __future__ import annotations

import dataclasses
import math
import os
import subprocess
import sys

import pandas as pd
import pytest

from book import compare, currency, data, widgets
from book.compare import Selection


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


def test_default_selection_has_three_to_five_cities(d: data.BookData) -> None:
    result = compare.compare(d, Selection())
    assert 3 <= len(result.table) <= 5
    assert result.unit == "10,000 persons"
    assert (result.table["status"] == "ok").all()


def test_per_km2_is_population_over_land(d: data.BookData) -> None:
    result = compare.compare(d, Selection("population", ("macao",), "per_km2"))
    expected = (
        d.value("macao", "population", 2024) * 1e4 / d.value("macao", "land_area")
    )
    assert result.table.loc[0, "value"] == pytest.approx(expected)
    assert result.unit == "persons per km²"


def test_money_is_converted_and_says_so(d: data.BookData) -> None:
    result = compare.compare(d, Selection("gdp", ("hong-kong", "shenzhen"), "absolute"))
    hk = result.table.set_index("city_id").loc["hong-kong"]
    rate = d.exchange_rates.query(
        "currency in ['HKD', 'CNY'] and year == 2024 and basis == 'wdi-period-average'"
    )
    per_usd = dict(zip(rate["currency"], rate["lcu_per_usd"], strict=True))
    assert hk["value"] == pytest.approx(31750.94 * per_usd["CNY"] / per_usd["HKD"])
    assert hk["currency"] == "CNY"
    assert any("converted" in n for n in result.notes)
    assert "wdi-exchange-rates" in result.source_ids
    assert result.unit == "100 million CNY"


def test_local_currencies_are_never_added_or_shared(d: data.BookData) -> None:
    local = compare.compare(
        d, Selection("gdp", ("hong-kong", "shenzhen", "macao"), currency="local")
    )
    assert set(local.table["currency"]) == {"HKD", "CNY", "MOP"}
    assert any("not converted" in n for n in local.notes)
    with pytest.raises(ValueError, match="one currency"):
        compare.compare(d, Selection("gdp", ("shenzhen",), "share", currency="local"))
    # the chart puts each currency on its own axis
    spec = compare.chart(local, "Source: t").to_dict()
    assert "facet" in spec and spec["facet"]["row"]["field"] == "currency"


def test_share_is_of_all_11_cities_and_needs_them_all(d: data.BookData) -> None:
    everyone = tuple(d.cities["city_id"])
    shares = compare.compare(d, Selection("gdp", everyone, "share")).table
    assert shares["value"].sum() == pytest.approx(100)
    early = compare.compare(
        d, Selection("employment", ("guangzhou",), "share", (1999, 1999))
    ).table
    assert math.isnan(early.loc[0, "value"])
    assert "total unknown" in early.loc[0, "note"]


def test_index_is_100_in_the_base_year_and_uses_local_currency(
    d: data.BookData,
) -> None:
    result = compare.compare(
        d, Selection("gdp", ("hong-kong",), "index", (2015, 2024), base_year=2015)
    )
    table = result.table.set_index("year")
    assert table.loc[2015, "value"] == pytest.approx(100)
    assert table.loc[2024, "value"] == pytest.approx(100 * 31750.94 / 23982.8)
    assert table.loc[2024, "currency"] == "HKD"
    assert result.unit == "index, 2015 = 100"


def test_missing_values_stay_missing_with_reasons(d: data.BookData) -> None:
    result = compare.compare(
        d, Selection("gdp_per_capita", ("foshan", "shenzhen"), years=(2024, 2024))
    )
    foshan = result.table.set_index("city_id").loc["foshan"]
    assert foshan["status"] == "missing" and math.isnan(foshan["value"])
    assert "no figure" in foshan["note"]
    jobs = compare.compare(
        d, Selection("employment", ("guangzhou",), years=(2023, 2024))
    ).table
    assert jobs.set_index("year").loc[2024, "note"] == "no figure for 2024"
    spec = compare.chart(result, "Source: t").to_dict()
    gap_rows = [
        r
        for rows in spec["datasets"].values()
        for r in rows
        if r.get("status") == "missing"
    ]
    assert gap_rows and gap_rows[0]["value"] is None  # null, not zero


def test_measures_that_do_not_apply_are_refused(d: data.BookData) -> None:
    assert compare.valid_measures(d, "gdp_per_capita") == ["absolute", "index"]
    assert "index" not in compare.valid_measures(d, "land_area")
    with pytest.raises(ValueError, match="does not apply"):
        compare.compare(d, Selection("gdp_per_capita", ("macao",), "share"))
    with pytest.raises(ValueError, match="unknown measure"):
        compare.compare(d, Selection(measure="median"))


def test_bar_for_one_year_line_for_a_range(d: data.BookData) -> None:
    one = compare.chart(compare.compare(d, Selection()), "Source: t").to_dict()
    assert one["layer"][0]["mark"]["type"] == "bar"
    many = compare.chart(
        compare.compare(d, Selection(years=(2010, 2024))), "Source: t"
    ).to_dict()
    line = many["layer"][0]["mark"]
    assert line["type"] == "line" and line["invalid"] == "break-paths-filter-domains"
    words = " ".join([*many["title"]["text"], *many["title"]["subtitle"]])
    assert words.startswith("Population, 2010-2024, people")  # the unit in words
    # values drawn in people (published in 10,000 persons) and named at line ends
    rows = next(iter(many["datasets"].values()))
    first = compare.compare(d, Selection(years=(2010, 2024))).table.iloc[0]
    assert rows[0]["value"] == pytest.approx(first["value"] * 1e4)
    assert rows[0]["value_text"] == compare.figure(first["value"] * 1e4)
    assert many["layer"][1]["mark"]["type"] == "text"
    assert many["layer"][1]["encoding"]["text"]["field"] == "city"


def test_compare_does_not_touch_the_loaded_frames(d: data.BookData) -> None:
    before = d.city_indicators.copy()
    compare.compare(
        d, Selection("gdp", tuple(d.cities["city_id"]), "per_resident", (2000, 2024))
    )
    pd.testing.assert_frame_equal(d.city_indicators, before)


# ------------------------------------------- each measure, computed by hand
# The figures below are copied from data/city_indicators.csv and
# data/exchange_rates.csv (World Bank annual averages, local currency per US dollar).

CNY_PER_USD_2024 = 7.19749110789917
HKD_PER_USD_2024 = 7.80383333333334
POPULATION_2024 = {  # 10,000 persons
    "guangzhou": 1897.8,
    "shenzhen": 1798.95,
    "zhuhai": 251.85,
    "foshan": 969.89,
    "huizhou": 611.68,
    "dongguan": 1057.08,
    "zhongshan": 449.46,
    "jiangmen": 482.26,
    "zhaoqing": 413.38,
    "hong-kong": 753.42,
    "macao": 68.83,
}


def _value(d: data.BookData, sel: Selection, city: str, year: int | None = None):
    table = compare.compare(d, sel).table
    rows = table[table["city_id"] == city]
    if year is not None:
        rows = rows[rows["year"] == year]
    assert len(rows) == 1
    return rows.iloc[0]


def test_hand_computed_per_resident_in_yuan_and_dollars(d: data.BookData) -> None:
    # Hong Kong's GDP, 2024: HK$31,750.94 hundred million, 753.42 ten thousand residents
    hkd = 31750.94e8
    residents = 753.42e4
    cny = _value(d, Selection("gdp", ("hong-kong",), "per_resident"), "hong-kong")
    assert cny["value"] == pytest.approx(
        hkd * CNY_PER_USD_2024 / HKD_PER_USD_2024 / residents, rel=1e-12
    )
    assert cny["currency"] == "CNY" and cny["status"] == "ok"
    usd = _value(
        d,
        Selection("gdp", ("hong-kong",), "per_resident", currency="USD"),
        "hong-kong",
    )
    assert usd["value"] == pytest.approx(hkd / HKD_PER_USD_2024 / residents, rel=1e-12)
    local = compare.compare(
        d, Selection("gdp", ("hong-kong",), "per_resident", currency="local")
    )
    assert local.table.loc[0, "value"] == pytest.approx(hkd / residents, rel=1e-12)
    assert local.unit == "local currency per resident"


def test_hand_computed_per_resident_in_the_units_of_the_label(
    d: data.BookData,
) -> None:
    jobs = compare.compare(
        d, Selection("employment", ("macao",), "per_resident", (2023, 2023))
    )
    assert jobs.unit == "% of residents"
    assert jobs.table.loc[0, "value"] == pytest.approx(100 * 36.52 / 68.37, rel=1e-12)
    firms = compare.compare(
        d, Selection("high_tech_enterprises", ("shenzhen",), "per_resident")
    )
    assert firms.unit == "firms per 10,000 residents"
    assert firms.table.loc[0, "value"] == pytest.approx(25000 / 1798.95, rel=1e-12)
    # land is undated: divided by the population of the last year selected
    land = compare.compare(
        d, Selection("land_area", ("macao",), "per_resident", (2015, 2023))
    )
    assert land.unit == "m² per resident"
    assert land.table.loc[0, "value"] == pytest.approx(33e6 / 68.37e4, rel=1e-12)
    assert land.table.loc[0, "year"] is None


def test_hand_computed_money_per_km2(d: data.BookData) -> None:
    result = compare.compare(d, Selection("gdp", ("shenzhen",), "per_km2"))
    assert result.unit == "million CNY per km²"
    # 36,801.87 hundred million yuan on 1,997 km², in millions
    assert result.table.loc[0, "value"] == pytest.approx(
        36801.87e8 / 1997 / 1e6, rel=1e-12
    )


def test_hand_computed_share_of_the_11_city_total(d: data.BookData) -> None:
    result = compare.compare(d, Selection("population", ("macao", "shenzhen"), "share"))
    total = sum(POPULATION_2024.values())
    shares = result.table.set_index("city_id")["value"]
    assert shares["macao"] == pytest.approx(100 * 68.83 / total, rel=1e-12)
    assert shares["shenzhen"] == pytest.approx(100 * 1798.95 / total, rel=1e-12)
    assert list(result.table["city_id"]) == ["macao", "shenzhen"]  # as chosen
    # a total with a gap is unknown, and the note names the missing cities
    early = compare.compare(
        d, Selection("employment", ("macao",), "share", (1999, 1999))
    ).table
    assert early.loc[0, "note"] == "11-city total unknown (shenzhen, dongguan missing)"
    # each year's shares are of that year's total
    everyone = tuple(d.cities["city_id"])
    years = compare.compare(d, Selection("gdp", everyone, "share", (2015, 2024))).table
    sums = years.groupby("year")["value"].sum()
    assert list(sums.index) == list(range(2015, 2025))
    assert sums.to_numpy() == pytest.approx([100.0] * 10, rel=1e-12)


@pytest.mark.parametrize("explicit_first", [False, True])
def test_the_index_base_defaults_to_the_first_year_chosen_in_any_order(
    d: data.BookData, explicit_first: bool
) -> None:
    """Without a base year the index is 100 in the first year chosen, not in the
    first year published, and a cached result never leaks into another selection
    (found when a parallel test run put the default before the explicit base)."""
    from book.compare import compute

    compute._CACHE.clear()
    default = Selection("gdp", ("hong-kong",), "index", (2015, 2024))
    explicit = dataclasses.replace(default, base_year=2015)
    order = (explicit, default) if explicit_first else (default, explicit)
    tables = [compare.compare(d, sel).table for sel in order]
    for table in tables:
        assert table.set_index("year").loc[2015, "value"] == pytest.approx(100)
    pd.testing.assert_frame_equal(tables[0], tables[1])


def test_hand_computed_index_with_a_base_year(d: data.BookData) -> None:
    sel = Selection("population", ("shenzhen",), "index", (2023, 2024), base_year=2015)
    result = compare.compare(d, sel)
    # the base year is read but not shown: only the years selected are
    assert list(result.table["year"]) == [2023, 2024]
    values = result.table.set_index("year")["value"]
    assert values[2023] == pytest.approx(100 * 1779.01 / 1414.21, rel=1e-12)
    assert values[2024] == pytest.approx(100 * 1798.95 / 1414.21, rel=1e-12)
    # money: in the city's own currency, whatever currency was asked for
    macao = compare.compare(
        d, Selection("gdp", ("macao",), "index", (2024, 2024), 2015, currency="USD")
    ).table
    assert macao.loc[0, "value"] == pytest.approx(100 * 4033.14 / 3597.08, rel=1e-12)
    assert macao.loc[0, "currency"] == "MOP"
    # a base year without a figure: missing, and the note says why
    gap = compare.compare(
        d, Selection("employment", ("shenzhen",), "index", (2000, 2000), 1999)
    ).table
    assert math.isnan(gap.loc[0, "value"]) and gap.loc[0, "status"] == "missing"
    assert gap.loc[0, "note"] == (
        "no base-year figure (marked '~' (no figure) in the official table)"
    )
    # a base year after the years shown is read too, as on the static page
    late = compare.compare(
        d, Selection("population", ("macao",), "index", (2015, 2020), base_year=2024)
    ).table
    macao = d.series("population").set_index(["city_id", "year"])["value"]
    expected = 100 * macao[("macao", 2020)] / macao[("macao", 2024)]
    assert late["value"].iloc[-1] == pytest.approx(expected, rel=1e-12)
    # a base year outside the data: missing, and the note says why
    early = compare.compare(
        d, Selection("population", ("macao",), "index", (2015, 2020), base_year=1990)
    ).table
    assert early["value"].isna().all()
    assert set(early["note"]) == {"no base-year figure (no figure for 1990)"}
    # a zero in the base year cannot be divided by
    ci = d.city_indicators
    base = (ci["city_id"] == "macao") & (ci["indicator_id"] == "gdp")
    zero = ci.assign(value=ci["value"].mask(base & (ci["year"] == 2015), 0.0))
    edited = dataclasses.replace(d, city_indicators=zero)
    zeroed = compare.compare(
        edited, Selection("gdp", ("macao",), "index", (2024, 2024), 2015)
    ).table
    assert math.isnan(zeroed.loc[0, "value"])
    assert zeroed.loc[0, "note"] == "no base-year figure (zero)"


def test_a_year_without_a_rate_is_missing_with_the_reason(d: data.BookData) -> None:
    rates = d.exchange_rates
    without = rates[~((rates["currency"] == "HKD") & (rates["year"] == 2024))]
    edited = dataclasses.replace(d, exchange_rates=without)
    table = compare.compare(
        edited, Selection("gdp", ("hong-kong", "shenzhen"), "absolute")
    ).table.set_index("city_id")
    assert math.isnan(table.loc["hong-kong", "value"])
    assert table.loc["hong-kong", "status"] == "missing"
    assert table.loc["hong-kong", "note"] == (
        "no wdi-period-average exchange rate for HKD in 2024"
    )
    assert table.loc["shenzhen", "value"] == 36801.87  # yuan needs no rate
    assert table.loc["shenzhen", "note"] == ""


def test_conversion_notes_name_the_missing_rates(d: data.BookData) -> None:
    rates = d.exchange_rates
    hkd, cny = rates["currency"] == "HKD", rates["currency"] == "CNY"
    gaps = (hkd & rates["year"].isin([2022, 2023])) | (
        cny & rates["year"].isin([2022, 2024])
    )
    rows = d.series("gdp", years=(2022, 2024))
    basis = "no wdi-period-average exchange rate for"
    usd = currency.to_currency(rows, rates[~gaps], target="USD")
    usd = usd.set_index(["city_id", "year"])["conversion_note"]
    assert usd["hong-kong", 2023] == f"{basis} HKD in 2023"
    assert usd["hong-kong", 2024] == ""
    assert usd["shenzhen", 2024] == f"{basis} CNY in 2024"
    cny = currency.to_currency(rows, rates[~gaps], target="CNY")
    cny = cny.set_index(["city_id", "year"])
    assert (
        cny.loc[("hong-kong", 2022), "conversion_note"] == f"{basis} HKD, CNY in 2022"
    )
    assert cny.loc[("macao", 2024), "conversion_note"] == f"{basis} CNY in 2024"
    assert math.isnan(cny.loc[("macao", 2024), "value_CNY"])
    assert cny.loc[("shenzhen", 2024), "value_CNY"] == 36801.87  # yuan: no rate needed
    assert cny.loc[("shenzhen", 2024), "conversion_note"] == ""


def test_nothing_to_compare_is_refused(d: data.BookData) -> None:
    with pytest.raises(ValueError, match="at least one city"):
        compare.compare(d, Selection(cities=()))
    with pytest.raises(ValueError, match="unknown city"):
        compare.compare(d, Selection(cities=("atlantis",)))


# ---------------------------------------------------------- static chart


def test_static_chart_binds_inputs_to_parameters(d: data.BookData) -> None:
    spec = compare.static_chart(d).to_dict()
    params = {p["name"]: p for p in spec["params"]}
    assert params["indicator"]["bind"]["input"] == "select"
    assert params["measure"]["bind"]["input"] == "select"
    assert params["year"]["bind"]["input"] == "range"
    checkboxes = [
        p for p in params.values() if p.get("bind", {}).get("input") == "checkbox"
    ]
    assert len(checkboxes) == 11
    assert sum(p["value"] for p in checkboxes) == len(compare.DEFAULT_CITIES)
    assert set(params["indicator"]["bind"]["options"]) == set(compare.CORE_INDICATORS)


def test_static_table_matches_the_pure_functions(d: data.BookData) -> None:
    table = compare.static_table(d, ["population", "gdp"])
    row = table[
        (table["indicator"] == "gdp")
        & (table["city_id"] == "macao")
        & (table["year"] == 2024)
    ].iloc[0]
    expected = compare.compare(
        d, Selection("gdp", ("macao",), "per_resident")
    ).table.loc[0, "value"]
    assert row["per_resident"] == pytest.approx(expected, rel=1e-5)
    assert row["raw"] == pytest.approx(
        4033.14
    )  # local currency, for the browser's index
    assert table[table["indicator"] == "population"]["per_resident"].isna().all()


IMPORT_EVERY_MODULE = """
import importlib, os, pkgutil, book
names = [m.name for m in pkgutil.walk_packages(book.__path__, "book.")]
for name in names:
    if not name.endswith("__main__"):
        importlib.import_module(name)
print(len(names), os.environ.get(book.render.BUILD_ENV, "unset"))
"""


def test_build_env_is_only_set_by_the_build() -> None:
    """Importing any module of book (even the Sphinx extension) leaves the variable
    alone: only the build sets it, so a kernel outside the build shows live widgets."""
    env = {k: v for k, v in os.environ.items() if k != widgets.BUILD_ENV}
    result = subprocess.run(
        [sys.executable, "-c", IMPORT_EVERY_MODULE],
        capture_output=True,
        text=True,
        env=env,
        timeout=120,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    count, value = result.stdout.split()
    assert int(count) > 20, "the walk found almost no modules"
    assert value == "unset"


def test_every_kind_of_comparison_chart_compiles(d: data.BookData) -> None:
    """Bars and lines, one currency or several: the book compiles each to Vega."""
    import vl_convert

    three = ("shenzhen", "zhuhai", "macao")
    for sel in (
        Selection("gdp", three, "index", (2010, 2024), 2010, "CNY"),
        Selection("gdp", three, "absolute", (2010, 2024), None, "local"),
        Selection("gdp", three, "absolute", (2024, 2024), None, "local"),
        Selection("population", three, "share", (2010, 2024)),
    ):
        spec = compare.chart(compare.compare(d, sel), "Source: t").to_dict()
        assert vl_convert.vegalite_to_vega(spec)["marks"], sel


def test_the_static_page_s_words_are_the_comparison_s(d: data.BookData) -> None:
    """The grapher's configuration words a selection without computing its table
    (``static_config.wording``): the same heading, header, notes and sources."""
    from book.compare.choices import measure_reasons
    from book.compare.selection import CORE_INDICATORS
    from book.compare.static_config import wording
    from book.compare.static_table import STATIC_MEASURES
    from book.compare.words import text

    checked = 0
    for indicator in CORE_INDICATORS:
        reasons = measure_reasons(d, indicator, "CNY")
        for measure in (m for m in STATIC_MEASURES if not reasons[m]):
            sel = Selection(
                indicator, tuple(d.cities["city_id"]), measure, (2020, 2020), 2015
            )
            result = compare.compare(d, sel)
            header = text()["table"]["value"].format(
                what=result.what, unit=result.words
            )
            assert wording(d, sel) == {
                "heading": result.heading,
                "header": header,
                "notes": list(result.notes),
                "source": d.source_line(list(result.source_ids), derived=True),
            }
            checked += 1
    assert checked >= 10
