"""The loader: tidy frames, look-ups, missing kept missing, bad data refused."""

from __future__ import annotations

import os
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, set_cell

from book import data


def test_load_returns_tidy_frames() -> None:
    d = data.load()
    long = d.city_indicators
    assert {
        "city_id",
        "city",
        "indicator_id",
        "year",
        "value",
        "unit",
        "currency",
    } <= set(long)
    assert long["value"].dtype == "float64"
    assert long["year"].dtype == "Int64"
    # one row per city, indicator and year
    assert not long.duplicated(["city_id", "indicator_id", "year"]).any()
    assert set(long["city_id"]) == set(d.cities["city_id"])
    assert len(d.cities) == 11


def test_population_and_gdp_cover_every_city_1999_2024() -> None:
    d = data.load()
    for indicator in ("population", "gdp"):
        years = (
            d.series(indicator).groupby("city_id")["year"].agg(["min", "max", "count"])
        )
        assert (years["min"] == 1999).all() and (years["max"] == 2024).all()
        assert (years["count"] == 26).all()


def test_value_lookup_matches_the_official_table() -> None:
    d = data.load()
    assert d.value("shenzhen", "population", 2024) == pytest.approx(1798.95)
    assert d.value("hong-kong", "gdp", 2024) == pytest.approx(31750.94)
    assert d.value("macao", "land_area") == 33


def test_missing_stays_missing_with_a_reason() -> None:
    d = data.load()
    row = d.series("gdp_per_capita", cities=["foshan"], year=2024).iloc[0]
    assert pd.isna(row["value"])
    assert "no figure" in row["note"]
    with pytest.raises(ValueError, match="missing"):
        d.value("foshan", "gdp_per_capita", 2024)
    # employment is only published to 2023: 2024 is an absent row, not a zero
    assert d.series("employment", year=2024).empty


def test_money_rows_carry_the_city_currency() -> None:
    d = data.load()
    gdp = d.series("gdp", year=2024).set_index("city_id")["currency"]
    assert (
        gdp["hong-kong"] == "HKD" and gdp["macao"] == "MOP" and gdp["shenzhen"] == "CNY"
    )
    assert d.series("population")["currency"].isna().all()


def test_fact_lookup_keeps_the_qualifier() -> None:
    d = data.load()
    fact = d.fact("guangming-synbio-run-hours")
    assert fact.value == 100_000 and fact.qualifier == "more_than"
    assert fact.qualifier_words == "more than"
    assert "超10万小时" in fact.phrase_zh
    with pytest.raises(KeyError, match="similar ids"):
        d.fact("guangming-nonexistent")


def test_unknown_names_raise_helpful_errors() -> None:
    d = data.load()
    with pytest.raises(KeyError, match="known: "):
        d.series("patents")
    with pytest.raises(KeyError, match="unknown city"):
        d.series("population", cities=["shanghai"])


def test_source_line_names_publishers_once() -> None:
    d = data.load()
    line = d.source_line(["official-gba-population", "official-gba-gdp"], derived=True)
    assert (
        line
        == "Source: Guangdong Statistics Bureau, HK C&SD, Macao DSEC; author's calculation"
    )
    with pytest.raises(KeyError):
        d.source_line(["no-such-source"])


def test_load_refuses_invalid_data(data_copy: Path) -> None:
    set_cell(
        data_copy / "city_indicators.csv",
        {"city_id": "macao", "indicator_id": "land_area"},
        "source_id",
        "nowhere",
    )
    with pytest.raises(data.DataValidationError) as info:
        data.load(data_copy)
    assert "city_indicators.csv" in str(info.value) and "[foreign-key]" in str(
        info.value
    )
    assert info.value.findings


def test_load_sees_an_edited_file(data_copy: Path) -> None:
    before = data.load(data_copy).value("guangzhou", "population", 2024)
    set_cell(
        data_copy / "city_indicators.csv",
        {"city_id": "guangzhou", "indicator_id": "population", "year": "2024"},
        "value",
        "1900.5",
    )
    # a new modification time invalidates the cache
    os.utime(data_copy / "city_indicators.csv", ns=(1, 1))
    after = data.load(data_copy).value("guangzhou", "population", 2024)
    assert before == pytest.approx(1897.8) and after == pytest.approx(1900.5)


def test_data_dir_follows_the_environment(
    data_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv(data.DATA_ENV, str(data_copy))
    assert data.data_dir() == data_copy.resolve()
    monkeypatch.delenv(data.DATA_ENV)
    assert data.data_dir() == Path(data.__file__).resolve().parent.parent / "data"


def test_the_contract_records_what_the_code_reads_now() -> None:
    """book/contract.json is what tools/contract.py writes from the current code."""
    import json
    import sys

    sys.path.insert(0, str(ROOT / "tools"))
    from contract import CONTRACT, contract

    recorded = json.loads(CONTRACT.read_text(encoding="utf-8"))
    assert recorded == contract(), "run `make contract` and commit book/contract.json"
    assert len(recorded["ids"]["article_facts"]) > 50  # the chapters name their facts
