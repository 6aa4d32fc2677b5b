"""Each validation rule fails on a realistic bad file, naming file, row, column, rule."""

from __future__ import annotations

import json
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest
from conftest import DATA, read_rows, set_cell, write_rows

from book.data import check
from book.rules import Finding, check_package

CI = "city_indicators.csv"
GZ_POP_2024 = {"city_id": "guangzhou", "indicator_id": "population", "year": "2024"}


def _expect(
    findings: list[Finding], file: str, row: int | None, column: str | None, rule: str
) -> Finding:
    for finding in findings:
        if (finding.file, finding.row, finding.column, finding.rule) == (
            file,
            row,
            column,
            rule,
        ):
            return finding
    shown = "\n".join(str(f) for f in findings) or "(no findings)"
    raise AssertionError(f"expected {file}:{row}:{column}:[{rule}], got:\n{shown}")


def test_repository_data_passes_every_rule() -> None:
    tables, findings = check_package(DATA)
    assert findings == []
    assert len(tables) == len(
        json.loads((DATA / "datapackage.json").read_text())["resources"]
    )


def test_repository_data_is_a_valid_frictionless_package() -> None:
    """A second, independent validator agrees with ours on the real package."""
    frictionless = pytest.importorskip("frictionless")
    report = frictionless.validate(str(DATA / "datapackage.json"))
    assert report.valid, report.flatten(["rowNumber", "fieldName", "type", "note"])[:10]


# Each case breaks a copy of data/ and returns the finding it must produce.
Case = Callable[[Path], tuple[str, int | None, str | None, str]]


def unknown_source(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "source_id", "statistics-yearbook-2099")
    return CI, row, "source_id", "foreign-key"


def unknown_city(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "city_id", "shanghai")
    return CI, row, "city_id", "foreign-key"


def non_numeric_value(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "1,897.8 万")
    return CI, row, "value", "type"


def thousands_separator(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "1,897.80")
    return CI, row, "value", "type"


def second_unit(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "unit", "persons")
    return CI, row, "unit", "one-unit"


def second_unit_in_indicators(d: Path):
    rows = read_rows(d / "indicators.csv")
    rows.append({**rows[0], "unit": "million persons"})
    write_rows(d / "indicators.csv", rows)
    return "indicators.csv", len(rows) + 1, "indicator_id", "duplicate-key"


def duplicate_key(d: Path):
    rows = read_rows(d / CI)
    rows.append(dict(rows[0]))
    write_rows(d / CI, rows)
    return CI, len(rows) + 1, "city_id, indicator_id, year", "duplicate-key"


def year_out_of_range(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "year", "2204")
    return CI, row, "year", "range"


def missing_required_column(d: Path):
    rows = read_rows(d / CI)
    for row in rows:
        del row["source_id"]
    write_rows(d / CI, rows)
    return CI, 1, "source_id", "missing-column"


def extra_column(d: Path):
    rows = read_rows(d / CI)
    for row in rows:
        row["comment"] = ""
    write_rows(d / CI, rows)
    return CI, 1, "comment", "extra-column"


def negative_count(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "-1897.8")
    return CI, row, "value", "range"


def share_above_100(d: Path):
    row = set_cell(
        d / "article_facts.csv",
        {"fact_id": "zhuhai-advanced-manufacturing-share"},
        "value",
        "158.6",
    )
    return "article_facts.csv", row, "value", "share-range"


def gii_share_above_100(d: Path):
    row = set_cell(
        d / "gii_clusters.csv", {"edition": "2023", "rank": "1"}, "pct_share", "101"
    )
    return "gii_clusters.csv", row, "pct_share", "range"


def bad_qualifier(d: Path):
    row = set_cell(
        d / "article_facts.csv",
        {"fact_id": "guangming-synbio-run-hours"},
        "qualifier",
        "超",
    )
    return "article_facts.csv", row, "qualifier", "enum"


def missing_value_without_reason(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "")
    return CI, row, "value", "missing-value"


def wrong_currency(d: Path):
    row = set_cell(
        d / CI,
        {"city_id": "hong-kong", "indicator_id": "gdp", "year": "2024"},
        "currency",
        "CNY",
    )
    return CI, row, "currency", "currency"


def year_missing_for_dated_indicator(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "year", "")
    return CI, row, "year", "required"


def range_without_upper(d: Path):
    row = set_cell(
        d / "article_facts.csv",
        {"fact_id": "sz-hk-auto-express-wait-months"},
        "value_max",
        "",
    )
    return "article_facts.csv", row, "value_max", "range-qualifier"


def source_without_address(d: Path):
    row = set_cell(d / "sources.csv", {"source_id": "bayarea-gov-hk-cities"}, "url", "")
    set_cell(d / "sources.csv", {"source_id": "bayarea-gov-hk-cities"}, "note", "")
    return "sources.csv", row, "url", "source-address"


def byte_order_mark(d: Path):
    path = d / CI
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    return CI, 1, None, "encoding"


def not_utf8(d: Path):
    path = d / "cities.csv"
    path.write_bytes(path.read_text(encoding="utf-8").encode("gb18030"))
    return "cities.csv", 2, None, "encoding"


def wrong_delimiter(d: Path):
    path = d / "exchange_rates.csv"
    path.write_text(
        path.read_text(encoding="utf-8").replace(",", ";"), encoding="utf-8"
    )
    return "exchange_rates.csv", 1, None, "delimiter"


def empty_file(d: Path):
    (d / "national_indicators.csv").write_text("", encoding="utf-8")
    return "national_indicators.csv", None, None, "empty-file"


def resource_missing_on_disk(d: Path):
    (d / "exchange_rates.csv").unlink()
    return "exchange_rates.csv", None, None, "missing-resource"


def csv_not_described(d: Path):
    (d / "notes.csv").write_text("a,b\n1,2\n", encoding="utf-8")
    return "notes.csv", None, None, "undescribed-resource"


def unquoted_comma(d: Path):
    path = d / "cities.csv"
    lines = path.read_text(encoding="utf-8").splitlines()
    lines[3] = lines[3].replace("city centre;", "city centre, near the bridge;")
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return "cities.csv", 4, None, "row-length"


CASES: list[Case] = [
    unknown_source, unknown_city, non_numeric_value, thousands_separator, second_unit,
    second_unit_in_indicators, duplicate_key, year_out_of_range, missing_required_column,
    extra_column, negative_count, share_above_100, gii_share_above_100, bad_qualifier,
    missing_value_without_reason, wrong_currency, year_missing_for_dated_indicator,
    range_without_upper, source_without_address, byte_order_mark, not_utf8,
    wrong_delimiter, empty_file, resource_missing_on_disk, csv_not_described,
    unquoted_comma,
]  # fmt: skip


@pytest.mark.parametrize("case", CASES, ids=[c.__name__ for c in CASES])
def test_each_rule_names_file_row_column_and_rule(case: Case, data_copy: Path) -> None:
    file, row, column, rule = case(data_copy)
    _, findings = check_package(data_copy)
    finding = _expect(findings, file, row, column, rule)
    assert finding.message  # says what is wrong
    text = str(finding)
    assert file in text and f"[{rule}]" in text
    if row is not None:
        assert f"row {row}" in text
    if column is not None:
        assert f"column '{column}'" in text


ACCEPTANCE = [
    unknown_source, unknown_city, non_numeric_value, second_unit, duplicate_key,
    year_out_of_range, missing_required_column,
]  # fmt: skip


@pytest.mark.parametrize("case", ACCEPTANCE, ids=[c.__name__ for c in ACCEPTANCE])
def test_cli_exits_non_zero_with_location(case: Case, data_copy: Path) -> None:
    file, row, column, rule = case(data_copy)
    result = subprocess.run(
        [sys.executable, "-m", "book", "validate", "--data", str(data_copy)],
        capture_output=True,
        text=True,
    )
    assert result.returncode == 1
    expected = (
        file
        + (f", row {row}" if row else "")
        + (f", column '{column}'" if column else "")
    )
    assert expected in result.stdout
    assert f"[{rule}]" in result.stdout


def test_cli_exits_zero_on_the_repository() -> None:
    result = subprocess.run(
        [sys.executable, "-m", "book", "validate"], capture_output=True, text=True
    )
    assert result.returncode == 0, result.stdout
    assert "every rule passed" in result.stdout


def test_missing_value_with_reason_is_allowed(data_copy: Path) -> None:
    set_cell(data_copy / CI, GZ_POP_2024, "value", "")
    set_cell(data_copy / CI, GZ_POP_2024, "qualifier", "")
    set_cell(data_copy / CI, GZ_POP_2024, "note", "not yet published")
    _, findings = check_package(data_copy)
    assert findings == []


# A cell that fails its own check is one finding. No later rule may report it again
# (as an empty value, a missing coordinate, a range without its end), and no rule that
# looks ids up in its table may report what the look-up misses (issue 12: a value
# that failed its type check also got "value is empty" and "an empty value takes no
# qualifier").
def value_not_a_number_with_a_qualifier(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "1,897.8 万")  # qualifier: exact
    assert read_rows(d / CI)[row - 2]["note"] == ""  # an empty value needs a note
    return CI, row, "value", "type"


def value_max_not_a_number_in_a_range(d: Path):
    match = {"fact_id": "sz-hk-auto-express-wait-months"}  # qualifier: range
    row = set_cell(d / "article_facts.csv", match, "value_max", "three")
    return "article_facts.csv", row, "value_max", "type"


def qualifier_not_allowed_on_a_range(d: Path):
    match = {"fact_id": "sz-hk-auto-express-wait-months"}  # has a value_max
    row = set_cell(d / "article_facts.csv", match, "qualifier", "rnage")
    return "article_facts.csv", row, "qualifier", "enum"


def latitude_out_of_bounds(d: Path):
    row = set_cell(d / "cities.csv", {"city_id": "zhuhai"}, "lat", "122.3")
    return "cities.csv", row, "lat", "range"


def city_id_not_allowed(d: Path):
    row = set_cell(d / "cities.csv", {"city_id": "zhuhai"}, "city_id", "Zhuhai")
    return "cities.csv", row, "city_id", "pattern"


def source_id_empty(d: Path):
    row = set_cell(d / "sources.csv", {"source_id": "article"}, "source_id", "")
    return "sources.csv", row, "source_id", "required"


def indicator_unit_empty(d: Path):
    row = set_cell(d / "indicators.csv", {"indicator_id": "population"}, "unit", "")
    return "indicators.csv", row, "unit", "required"


def indicator_money_not_a_boolean(d: Path):
    row = set_cell(d / "indicators.csv", {"indicator_id": "gdp"}, "money", "yes")
    return "indicators.csv", row, "money", "type"


def undated_indicator_time_basis_empty(d: Path):
    match = {"indicator_id": "little_giant_firms_batch3"}
    row = set_cell(d / "indicators.csv", match, "time_basis", "")
    return "indicators.csv", row, "time_basis", "required"


def exchange_rate_year_not_a_number(d: Path):
    match = {"currency": "HKD", "year": "2023", "basis": "wdi-period-average"}
    row = set_cell(d / "exchange_rates.csv", match, "year", "2O23")
    return "exchange_rates.csv", row, "year", "type"


def listed_exception_year_not_a_number(d: Path):
    match = {"city_id": "dongguan", "indicator_id": "gdp", "year": "2000"}
    row = set_cell(d / "plausibility_exceptions.csv", match, "year", "2OOO")
    return "plausibility_exceptions.csv", row, "year", "type"


ONE_CAUSE: list[Case] = [
    value_not_a_number_with_a_qualifier, value_max_not_a_number_in_a_range,
    qualifier_not_allowed_on_a_range, latitude_out_of_bounds, city_id_not_allowed,
    source_id_empty, indicator_unit_empty, indicator_money_not_a_boolean,
    undated_indicator_time_basis_empty, exchange_rate_year_not_a_number,
    listed_exception_year_not_a_number, unquoted_comma,
]  # fmt: skip


@pytest.mark.parametrize("case", ONE_CAUSE, ids=[c.__name__ for c in ONE_CAUSE])
def test_a_cell_that_fails_its_check_is_the_only_finding(
    case: Case, data_copy: Path
) -> None:
    expected = case(data_copy)
    _, findings = check(data_copy)  # with the contract: named ids are looked up
    found = [(f.file, f.row, f.column, f.rule) for f in findings]
    assert found == [expected], "\n".join(str(f) for f in findings[:10])


def test_a_range_declared_on_one_side_only(data_copy: Path) -> None:
    set_cell(
        data_copy / "indicators.csv", {"indicator_id": "population"}, "max_value", ""
    )
    row = set_cell(data_copy / CI, GZ_POP_2024, "value", "0.5")
    _, findings = check_package(data_copy)
    finding = _expect(findings, CI, row, "value", "plausible-range")
    assert "(at least 1)" in finding.message
    assert len(findings) == 1
