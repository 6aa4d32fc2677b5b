"""The second fault catalogue: careless and hostile edits a contributor might make.

Each fault edits a copy of ``data/`` and returns what ``python -m book validate``
must say (file, editor line, column, rule, and words the message must contain), or
:data:`ACCEPTED` for a harmless variation the book must build correctly.

``frictionless`` records whether Frictionless, run on the same faulty package as a
second opinion, rejects it too; ``why`` says why the two disagree when they do. A
test checks both against reality, so the notes stay true.
"""

from __future__ import annotations

import json
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path

from conftest import read_rows, set_cell, write_rows

CI = "city_indicators.csv"
ER = "exchange_rates.csv"
GZ_POP_2024 = {"city_id": "guangzhou", "indicator_id": "population", "year": "2024"}
HKD_2023 = {"currency": "HKD", "year": "2023", "basis": "wdi-period-average"}

NO_ROW_RULES = "frictionless checks each table against its schema; rules across rows, tables or the calendar are the book's own"


@dataclass(frozen=True)
class Expect:
    """What the validator must report."""

    file: str
    row: int | None
    column: str | None
    rule: str
    contains: str = ""


ACCEPTED = None


@dataclass(frozen=True)
class Fault:
    """One fault: how to make it, and what Frictionless makes of it."""

    make: Callable[[Path], Expect | None]
    frictionless: bool
    why: str = ""

    @property
    def name(self) -> str:
        return self.make.__name__


def _descriptor(d: Path) -> dict:
    return json.loads((d / "datapackage.json").read_text(encoding="utf-8"))


def _save(d: Path, descriptor: object) -> None:
    text = json.dumps(descriptor, indent=2, ensure_ascii=False) + "\n"
    (d / "datapackage.json").write_text(text, encoding="utf-8")


def _field(descriptor: dict, resource: str, name: str) -> dict:
    found = next(r for r in descriptor["resources"] if r["name"] == resource)
    return next(f for f in found["schema"]["fields"] if f["name"] == name)


def _path_of(descriptor: dict, resource: str, name: str | None = None) -> str:
    index = next(
        i for i, r in enumerate(descriptor["resources"]) if r["name"] == resource
    )
    if name is None:
        return f"resources[{index}]"
    fields = descriptor["resources"][index]["schema"]["fields"]
    position = next(i for i, f in enumerate(fields) if f["name"] == name)
    return f"resources[{index}].schema.fields[{position}]"


def _line_of(d: Path, *names: str) -> int:
    text = (d / "datapackage.json").read_text(encoding="utf-8")
    offset = 0
    for name in names:
        offset = text.index(f'"name": "{name}"', offset) + 1
    return text.count("\n", 0, offset) + 1


def _row(d: Path, file: str, match: dict[str, str]) -> int:
    for index, row in enumerate(read_rows(d / file)):
        if all(row[k] == v for k, v in match.items()):
            return index + 2
    raise AssertionError(f"no row {match} in {file}")


# ------------------------------------------------------------ addresses


def javascript_address(d: Path):
    row = set_cell(d / "sources.csv", {"source_id": "official-gba-gdp"}, "url",
                   "javascript:alert(document.cookie)")  # fmt: skip
    return Expect("sources.csv", row, "url", "address", "http")


def address_without_host(d: Path):
    row = set_cell(d / "sources.csv", {"source_id": "article"}, "url", "https:///gdp")
    return Expect("sources.csv", row, "url", "address", "host")


def ftp_address(d: Path):
    row = set_cell(d / "sources.csv", {"source_id": "official-gba-gdp"}, "url",
                   "ftp://stats.gov.cn/gdp.xls")  # fmt: skip
    return Expect("sources.csv", row, "url", "address")


def address_with_a_quote(d: Path):
    row = set_cell(d / "sources.csv", {"source_id": "official-gba-gdp"}, "url",
                   'https://example.org/"onmouseover="alert(1)')  # fmt: skip
    return Expect("sources.csv", row, "url", "address", "quotes")


# ----------------------------------------------------- plausible values


def rd_intensity_of_250(d: Path):
    match = {"city_id": "shenzhen", "indicator_id": "rd_intensity", "year": "2023"}
    row = set_cell(d / CI, match, "value", "250")
    return Expect(CI, row, "value", "plausible-range", "rd_intensity")


def gdp_a_thousand_times_too_large(d: Path):
    match = {"city_id": "guangzhou", "indicator_id": "gdp", "year": "2023"}
    value = float(
        next(r for r in read_rows(d / CI) if all(r[k] == v for k, v in match.items()))[
            "value"
        ]
    )
    row = set_cell(d / CI, match, "value", f"{value * 1000:.2f}")
    return Expect(CI, row, "value", "plausible-range")


def gdp_ten_times_too_large(d: Path):
    match = {"city_id": "zhaoqing", "indicator_id": "gdp", "year": "2022"}
    value = float(
        next(r for r in read_rows(d / CI) if all(r[k] == v for k, v in match.items()))[
            "value"
        ]
    )
    row = set_cell(d / CI, match, "value", f"{value * 10:.2f}")
    return Expect(CI, row, "value", "plausible-change", "zhaoqing gdp")


def population_in_persons_not_ten_thousands(d: Path):
    match = {"city_id": "macao", "indicator_id": "population", "year": "2023"}
    value = float(
        next(r for r in read_rows(d / CI) if all(r[k] == v for k, v in match.items()))[
            "value"
        ]
    )
    row = set_cell(d / CI, match, "value", f"{value * 10:.2f}")
    return Expect(CI, row, "value", "plausible-change", "macao population")


def inverted_exchange_rate(d: Path):
    value = float(
        next(
            r for r in read_rows(d / ER) if all(r[k] == v for k, v in HKD_2023.items())
        )["lcu_per_usd"]
    )
    row = set_cell(d / ER, HKD_2023, "lcu_per_usd", f"{1 / value:.6f}")
    return Expect(ER, row, "lcu_per_usd", "plausible-change", "inverted")


def exchange_rate_of_zero(d: Path):
    row = set_cell(d / ER, HKD_2023, "lcu_per_usd", "0")
    return Expect(ER, row, "lcu_per_usd", "range")


def exchange_rate_typed_a_decade_off(d: Path):
    row = set_cell(d / ER, HKD_2023, "lcu_per_usd", "78.3")
    return Expect(ER, row, "lcu_per_usd", "plausible-change")


def unlisted_real_change(d: Path):
    rows = [r for r in read_rows(d / "plausibility_exceptions.csv")
            if (r["city_id"], r["indicator_id"], r["year"]) != ("macao", "gdp", "2020")]  # fmt: skip
    write_rows(d / "plausibility_exceptions.csv", rows)
    match = {"city_id": "macao", "indicator_id": "gdp", "year": "2020"}
    return Expect(CI, _row(d, CI, match), "value", "plausible-change", "-5")


def negative_max_change(d: Path):
    row = set_cell(d / "indicators.csv", {"indicator_id": "gdp"}, "max_change", "-0.5")
    return Expect("indicators.csv", row, "max_change", "range", "allowed: 0 or more")


def exception_for_a_city_that_is_not_there(d: Path):
    rows = read_rows(d / "plausibility_exceptions.csv")
    rows.append({**rows[0], "city_id": "shanghai"})
    write_rows(d / "plausibility_exceptions.csv", rows)
    return Expect(
        "plausibility_exceptions.csv", len(rows) + 1, "city_id", "foreign-key"
    )


def wipo_total_not_the_sum_of_its_parts(d: Path):
    rows = read_rows(d / "gii_clusters.csv")
    index = next(i for i, r in enumerate(rows) if r["sum_of_shares"] and r["pct_share"])
    rows[index]["pct_share"] = str(float(rows[index]["sum_of_shares"]) + 5)
    write_rows(d / "gii_clusters.csv", rows)
    return Expect("gii_clusters.csv", index + 2, "sum_of_shares", "sum")


# ---------------------------------------------------------- Unicode form


def full_width_percent(d: Path):
    rows = read_rows(d / "article_facts.csv")
    index = next(i for i, r in enumerate(rows) if r["unit"] == "%")
    rows[index]["unit"] = "％"
    rows[index]["value"] = "250"
    write_rows(d / "article_facts.csv", rows)
    return Expect("article_facts.csv", index + 2, "unit", "unicode-form", "'%'")


def full_width_digits(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "１８９７.８")
    return Expect(CI, row, "value", "type")


def zero_width_space_in_an_id(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "city_id", "guangzhou\u200b")
    return Expect(CI, row, "city_id", "foreign-key", "\\u200b")


def cyrillic_letter_in_an_id(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "city_id", "gu\u0430ngzhou")
    return Expect(CI, row, "city_id", "foreign-key", "CYRILLIC SMALL LETTER A")


def no_break_space_in_a_number(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "1\u00a0897.8")
    return Expect(CI, row, "value", "type", "\\u00a0")


def trailing_space_in_a_qualifier(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "qualifier", "exact ")
    return Expect(CI, row, "qualifier", "enum", "'exact '")


def full_width_currency_code(d: Path):
    match = {"city_id": "hong-kong", "indicator_id": "gdp", "year": "2024"}
    row = set_cell(d / CI, match, "currency", "ＨＫＤ")
    return Expect(CI, row, "currency", "unicode-form", "'HKD'")


# ------------------------------------------------------------------ dates


def accessed_in_the_future(d: Path):
    row = set_cell(
        d / "sources.csv", {"source_id": "article"}, "date_accessed", "2031-01-05"
    )
    return Expect("sources.csv", row, "date_accessed", "future-date")


def published_after_it_was_read(d: Path):
    row = set_cell(
        d / "sources.csv",
        {"source_id": "official-gba-gdp"},
        "date_published",
        "2027-06",
    )
    return Expect("sources.csv", row, "date_published", "future-date")


def impossible_calendar_date(d: Path):
    row = set_cell(d / "events.csv", {"event_id": "hzmb-opens"}, "date", "2018-02-30")
    return Expect("events.csv", row, "date", "calendar-date", "real calendar date")


def month_thirteen(d: Path):
    row = set_cell(d / "events.csv", {"event_id": "hzmb-opens"}, "date", "2018-13")
    return Expect("events.csv", row, "date", "calendar-date", "month 13")


def impossible_access_date(d: Path):
    row = set_cell(
        d / "sources.csv", {"source_id": "article"}, "date_accessed", "2026-02-30"
    )
    return Expect("sources.csv", row, "date_accessed", "type", "calendar")


def interval_that_ends_before_it_starts(d: Path):
    rows = read_rows(d / "article_facts.csv")
    index = next(i for i, r in enumerate(rows) if "/" in r["as_of"])
    start, end = rows[index]["as_of"].split("/")
    rows[index]["as_of"] = f"{end}/{start}"
    write_rows(d / "article_facts.csv", rows)
    return Expect(
        "article_facts.csv", index + 2, "as_of", "calendar-date", "ends before"
    )


def year_typed_in_the_future(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "year", "2029")
    return Expect(CI, row, "year", "future-date", "2029")


def fact_dated_after_its_source_was_read(d: Path):
    rows = read_rows(d / "place_facts.csv")
    index = next(i for i, r in enumerate(rows) if r["as_of"])
    rows[index]["as_of"] = "2027-05"
    write_rows(d / "place_facts.csv", rows)
    return Expect("place_facts.csv", index + 2, "as_of", "future-date")


# -------------------------------------------------------- exchange rates


def missing_rate_for_a_money_year(d: Path):
    rows = [r for r in read_rows(d / ER)
            if (r["currency"], r["year"], r["basis"]) != ("MOP", "2024", "wdi-period-average")]  # fmt: skip
    write_rows(d / ER, rows)
    match = {"city_id": "macao", "indicator_id": "gdp", "year": "2024"}
    return Expect(CI, _row(d, CI, match), "year", "exchange-rate", "MOP in 2024")


def missing_yuan_rate(d: Path):
    rows = [r for r in read_rows(d / ER)
            if (r["currency"], r["year"], r["basis"]) != ("CNY", "2010", "wdi-period-average")]  # fmt: skip
    write_rows(d / ER, rows)
    match = {"city_id": "guangzhou", "indicator_id": "gdp", "year": "2010"}
    return Expect(CI, _row(d, CI, match), "year", "exchange-rate", "CNY in 2010")


# ------------------------------------------------------------- descriptor


def descriptor_is_a_list(d: Path):
    _save(d, [_descriptor(d)])
    return Expect("datapackage.json", 1, "(top)", "descriptor", "one JSON object")


def resource_without_schema(d: Path):
    descriptor = _descriptor(d)
    resource = next(r for r in descriptor["resources"] if r["name"] == "events")
    del resource["schema"]
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "events"),
                  f"{_path_of(descriptor, 'events')}.schema", "descriptor")  # fmt: skip


def field_type_typo(d: Path):
    descriptor = _descriptor(d)
    _field(descriptor, "city_indicators", "value")["type"] = "numbr"
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "city_indicators", "value"),
                  f"{_path_of(descriptor, 'city_indicators', 'value')}.type",
                  "descriptor", "numbr")  # fmt: skip


def pattern_that_is_not_a_regex(d: Path):
    descriptor = _descriptor(d)
    _field(descriptor, "events", "date")["constraints"]["pattern"] = "^\\d{4}(-\\d{2}"
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "events", "date"),
                  f"{_path_of(descriptor, 'events', 'date')}.constraints.pattern",
                  "descriptor", "regular expression")  # fmt: skip


def misspelt_constraint(d: Path):
    descriptor = _descriptor(d)
    _field(descriptor, "city_indicators", "value")["constraints"] = {"minimun": 0}
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "city_indicators", "value"),
                  f"{_path_of(descriptor, 'city_indicators', 'value')}.constraints.minimun",
                  "descriptor")  # fmt: skip


def minimum_above_maximum(d: Path):
    descriptor = _descriptor(d)
    _field(descriptor, "city_indicators", "year")["constraints"] = {
        "minimum": 2030,
        "maximum": 1990,
    }
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "city_indicators", "year"),
                  f"{_path_of(descriptor, 'city_indicators', 'year')}.constraints",
                  "descriptor", "above maximum")  # fmt: skip


def foreign_key_to_a_missing_resource(d: Path):
    descriptor = _descriptor(d)
    resource = next(
        r for r in descriptor["resources"] if r["name"] == "city_indicators"
    )
    resource["schema"]["foreignKeys"][0]["reference"]["resource"] = "towns"
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "city_indicators"),
                  f"{_path_of(descriptor, 'city_indicators')}.schema.foreignKeys[0]",
                  "descriptor", "towns")  # fmt: skip


def resource_path_outside_data(d: Path):
    descriptor = _descriptor(d)
    next(r for r in descriptor["resources"] if r["name"] == "events")["path"] = (
        "../events.csv"
    )
    _save(d, descriptor)
    return Expect("datapackage.json", _line_of(d, "events"),
                  f"{_path_of(descriptor, 'events')}.path", "descriptor")  # fmt: skip


def field_removed_that_the_code_reads(d: Path):
    descriptor = _descriptor(d)
    resource = next(r for r in descriptor["resources"] if r["name"] == "events")
    resource["schema"]["fields"] = [
        f for f in resource["schema"]["fields"] if f["name"] != "title_en"
    ]
    _save(d, descriptor)
    rows = read_rows(d / "events.csv")
    write_rows(
        d / "events.csv",
        [{k: v for k, v in r.items() if k != "title_en"} for r in rows],
    )
    return Expect("datapackage.json", None, "events.title_en", "contract")


def field_type_changed_that_the_code_reads(d: Path):
    descriptor = _descriptor(d)
    _field(descriptor, "city_indicators", "year")["type"] = "string"
    del _field(descriptor, "city_indicators", "year")["constraints"]
    _save(d, descriptor)
    return Expect(
        "datapackage.json", None, "city_indicators.year", "contract", "integer"
    )


def resource_removed_that_the_code_reads(d: Path):
    descriptor = _descriptor(d)
    descriptor["resources"] = [
        r for r in descriptor["resources"] if r["name"] != "travel_times"
    ]
    _save(d, descriptor)
    (d / "travel_times.csv").unlink()
    return Expect("datapackage.json", None, "travel_times", "contract")


def fact_a_chapter_reads_deleted(d: Path):
    rows = read_rows(d / "article_facts.csv")
    write_rows(
        d / "article_facts.csv",
        [r for r in rows if r["fact_id"] != "hengqin-macao-residents"],
    )
    return Expect(
        "article_facts.csv", None, "fact_id", "contract", "hengqin-macao-residents"
    )


def licence_address_that_runs_script(d: Path):
    descriptor = _descriptor(d)
    descriptor["licenses"][0]["path"] = "javascript:alert(1)"
    _save(d, descriptor)
    return Expect("datapackage.json", None, "licenses[0].path", "address")


# ------------------------------------------------- rows, columns, messages


def duplicated_column(d: Path):
    path = d / CI
    lines = path.read_text(encoding="utf-8").split("\n")
    lines = [line + "," + line.split(",")[3] if line else line for line in lines]
    lines[0] = lines[0].rsplit(",", 1)[0] + ",value"
    path.write_text("\n".join(lines), encoding="utf-8")
    return Expect(CI, 1, "value", "duplicate-column", "2 times")


def row_after_a_multi_line_note(d: Path):
    rows = read_rows(d / "sources.csv")
    rows[0]["note"] = rows[0]["note"] + "\nsecond line\nthird line"
    rows[5]["confidence"] = "very high"
    write_rows(d / "sources.csv", rows)
    return Expect("sources.csv", 6 + 1 + 2, "confidence", "enum")  # two extra lines


def type_error_reported_once(d: Path):
    row = set_cell(d / CI, GZ_POP_2024, "value", "n/a")
    return Expect(CI, row, "value", "type", "'n/a'")


def city_currency_changed(d: Path):
    row = set_cell(d / "cities.csv", {"city_id": "hong-kong"}, "currency", "CNY")
    return Expect("cities.csv", row, "currency", "currency", "all")


def unterminated_quote(d: Path):
    path = d / "events.csv"
    lines = path.read_text(encoding="utf-8").split("\n")
    lines[3] = lines[3] + ',"'  # an opening quote that never closes
    path.write_text("\n".join(lines), encoding="utf-8")
    return Expect("events.csv", 4, None, "row-length")


def duplicate_source_id(d: Path):
    rows = read_rows(d / "sources.csv")
    rows.append(dict(rows[1]))
    write_rows(d / "sources.csv", rows)
    return Expect("sources.csv", len(rows) + 1, "source_id", "duplicate-key", "row 3")


# ---------------------------------------------------- harmless variations


def windows_line_endings(d: Path):
    path = d / "cities.csv"
    path.write_bytes(path.read_bytes().replace(b"\n", b"\r\n"))
    return ACCEPTED


def reordered_columns(d: Path):
    rows = read_rows(d / "events.csv")
    fields = list(rows[0])
    write_rows(d / "events.csv", rows, [*fields[1:], fields[0]])
    return ACCEPTED


def no_newline_at_the_end(d: Path):
    path = d / "places.csv"
    path.write_text(path.read_text(encoding="utf-8").rstrip("\n"), encoding="utf-8")
    return ACCEPTED


def blank_lines_at_the_end(d: Path):
    path = d / "travel_times.csv"
    path.write_text(path.read_text(encoding="utf-8") + "\n\n", encoding="utf-8")
    return ACCEPTED


def quoted_everywhere(d: Path):
    import csv

    rows = read_rows(d / "indicators.csv")
    with (d / "indicators.csv").open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=list(rows[0]), quoting=csv.QUOTE_ALL,
                                lineterminator="\n")  # fmt: skip
        writer.writeheader()
        writer.writerows(rows)
    return ACCEPTED


CATALOGUE: list[Fault] = [
    Fault(
        javascript_address,
        False,
        "Frictionless sees a string; the book demands http(s) with a host",
    ),
    Fault(
        address_without_host,
        False,
        "Frictionless sees a string; the book demands a host",
    ),
    Fault(
        ftp_address, False, "Frictionless sees a string; the book accepts http(s) only"
    ),
    Fault(
        address_with_a_quote,
        False,
        "Frictionless sees a string; quotes could break out of an attribute",
    ),
    Fault(rd_intensity_of_250, False, NO_ROW_RULES),
    Fault(gdp_a_thousand_times_too_large, False, NO_ROW_RULES),
    Fault(gdp_ten_times_too_large, False, NO_ROW_RULES),
    Fault(population_in_persons_not_ten_thousands, False, NO_ROW_RULES),
    Fault(inverted_exchange_rate, False, NO_ROW_RULES),
    Fault(exchange_rate_of_zero, True),
    Fault(exchange_rate_typed_a_decade_off, False, NO_ROW_RULES),
    Fault(unlisted_real_change, False, NO_ROW_RULES),
    Fault(negative_max_change, True),
    Fault(exception_for_a_city_that_is_not_there, True),
    Fault(wipo_total_not_the_sum_of_its_parts, False, NO_ROW_RULES),
    Fault(full_width_percent, False, "Frictionless compares units as plain strings"),
    Fault(
        full_width_digits,
        False,
        "Python, and so Frictionless, reads full-width digits as a number; the book accepts ASCII digits only",
    ),
    Fault(zero_width_space_in_an_id, True),
    Fault(cyrillic_letter_in_an_id, True),
    Fault(no_break_space_in_a_number, True),
    Fault(trailing_space_in_a_qualifier, True),
    Fault(full_width_currency_code, True),
    Fault(accessed_in_the_future, False, NO_ROW_RULES),
    Fault(published_after_it_was_read, False, NO_ROW_RULES),
    Fault(
        impossible_calendar_date,
        False,
        "the field is a pattern-checked string; the calendar is the book's rule",
    ),
    Fault(
        month_thirteen,
        False,
        "the field is a pattern-checked string; the calendar is the book's rule",
    ),
    Fault(impossible_access_date, True),
    Fault(interval_that_ends_before_it_starts, False, NO_ROW_RULES),
    Fault(year_typed_in_the_future, False, NO_ROW_RULES),
    Fault(fact_dated_after_its_source_was_read, False, NO_ROW_RULES),
    Fault(missing_rate_for_a_money_year, False, NO_ROW_RULES),
    Fault(missing_yuan_rate, False, NO_ROW_RULES),
    Fault(descriptor_is_a_list, True),
    Fault(resource_without_schema, True),
    Fault(field_type_typo, True),
    Fault(pattern_that_is_not_a_regex, True),
    Fault(misspelt_constraint, True),
    Fault(minimum_above_maximum, True),
    Fault(foreign_key_to_a_missing_resource, True),
    Fault(resource_path_outside_data, True),
    Fault(
        field_removed_that_the_code_reads,
        False,
        "the package stays self-consistent; only the book's code needs the field",
    ),
    Fault(
        field_type_changed_that_the_code_reads,
        False,
        "the package stays self-consistent; only the book's code needs the type",
    ),
    Fault(
        resource_removed_that_the_code_reads,
        False,
        "the package stays self-consistent; only the book's code needs the resource",
    ),
    Fault(
        fact_a_chapter_reads_deleted,
        False,
        "any row may go as far as the package knows; a chapter looks this one up",
    ),
    Fault(
        licence_address_that_runs_script, False, "Frictionless accepts any licence path"
    ),
    Fault(duplicated_column, True),
    Fault(row_after_a_multi_line_note, True),
    Fault(type_error_reported_once, True),
    Fault(city_currency_changed, False, NO_ROW_RULES),
    Fault(unterminated_quote, True),
    Fault(duplicate_source_id, True),
    Fault(windows_line_endings, False),
    Fault(
        reordered_columns,
        True,
        "Frictionless expects columns in the schema's order; the book reads them by name",
    ),
    Fault(no_newline_at_the_end, False),
    Fault(
        blank_lines_at_the_end,
        True,
        "Frictionless reports blank rows; the book skips them, as a spreadsheet does",
    ),
    Fault(quoted_everywhere, False),
]
