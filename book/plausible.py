"""Plausibility rules: values that are well formed but cannot be right.

The schema catches a value that is not a number; these rules catch a number that is
wrong: a GDP a thousand times too large, an R&D intensity of 250%, an exchange rate
inverted, a total that is not the sum of its parts, a date that does not exist or
lies after the day its source was read. What counts as plausible is declared in the
data, not here:

* per indicator, in ``indicators.csv``: ``min_value`` and ``max_value`` (the range
  for one city) and ``max_change`` (the largest year-on-year change, as a fraction:
  0.5 is 50% up or down); a real change beyond it is listed, with its source, in
  ``plausibility_exceptions.csv`` (Macao's GDP in 2020);
* in ``datapackage.json``: ``gba:maxChange`` on a field (exchange rates move less
  than a stated ratio from one year to the next), ``gba:sums`` on a resource (WIPO's
  share total is the sum of its parts), ``gba:partialDate`` on a date-like field.

Money values need an exchange rate for their currency and year (and the yuan's), or
the chapters could not convert them. Every rule returns findings located like the
schema's (file, row, column, rule), and never assumes another rule passed.

This module imports nothing from the rest of ``book`` but the types of
:mod:`book.rules.findings`.
"""

from __future__ import annotations

import math
import re
from collections.abc import Iterator
from datetime import date
from typing import Any

from book.rules.findings import Finding, Table, show

__all__ = ["DEFAULT_BASIS", "check"]

DEFAULT_BASIS = "wdi-period-average"  # the series book.currency converts with
YEAR_COLUMNS = ("year", "edition", "population_year", "gdp_year")
_PART = re.compile(r"(\d{4})(?:-(\d{2})(?:-(\d{2}))?)?")


def check(tables: dict[str, Table], descriptor: dict[str, Any]) -> list[Finding]:
    """Every plausibility finding for the parsed tables."""
    findings: list[Finding] = []
    resources = {r["name"]: r for r in descriptor["resources"]}
    accessed = _accessed(tables.get("sources"))
    for name, table in tables.items():
        fields = {f["name"]: f for f in table.fields}
        findings += _partial_dates(table, fields, accessed)
        findings += _years_after_access(table, fields, accessed)
        findings += _max_changes(table, fields)
        findings += _sums(table, resources[name].get("gba:sums", []))
    if {"indicators", "city_indicators"} <= tables.keys():
        findings += _indicator_bounds(tables)
    if "exchange_rates" in tables:
        findings += _rates_for_money(tables)
    return findings


# ------------------------------------------------------------------ dates


def _accessed(sources: Table | None) -> dict[str, date]:
    if sources is None:
        return {}
    return {
        r["source_id"]: r["date_accessed"]
        for r in sources.records
        if r.get("source_id") and isinstance(r.get("date_accessed"), date)
    }


def _source_ids(record: dict[str, Any]) -> list[str]:
    ids = str(record.get("source_id") or "").split()
    ids += str(record.get("source_ids") or "").split()
    return ids


def _parse_partial(text: str) -> tuple[date, date] | str:
    """(first, last day) of a partial date (YYYY, YYYY-MM, YYYY-MM-DD), or why not."""
    match = _PART.fullmatch(text)
    if not match:
        return f"{show(text)} is not a date (YYYY, YYYY-MM or YYYY-MM-DD)"
    year, month, day = (int(g) if g else None for g in match.groups())
    if month is not None and not 1 <= month <= 12:
        return f"{show(text)} has no month {month:02d}"
    try:
        if day is not None:
            first = last = date(year, month, day)
        elif month is not None:
            first = date(year, month, 1)
            following = date(year + month // 12, month % 12 + 1, 1)
            last = date.fromordinal(following.toordinal() - 1)
        else:
            first, last = date(year, 1, 1), date(year, 12, 31)
    except ValueError:
        return f"{show(text)} is not a real calendar date"
    return first, last


def _partial_dates(
    table: Table, fields: dict[str, dict[str, Any]], accessed: dict[str, date]
) -> Iterator[Finding]:
    columns = [n for n, f in fields.items() if f.get("gba:partialDate")]
    for column in columns:
        for record, row in zip(table.records, table.rows, strict=True):
            text = record.get(column)
            if not text or (row, column) in table.invalid:
                continue
            parts = [_parse_partial(p) for p in str(text).split("/")]
            errors = [p for p in parts if isinstance(p, str)]
            if errors:
                yield Finding(table.file, row, column, "calendar-date", errors[0])
                continue
            if len(parts) == 2 and parts[0][0] > parts[1][1]:
                yield Finding(
                    table.file, row, column, "calendar-date",
                    f"{show(text)}: the interval ends before it starts",
                )  # fmt: skip
                continue
            earliest = parts[0][0]
            for source in _source_ids(record):
                read = accessed.get(source)
                if read is not None and earliest > read:
                    yield Finding(
                        table.file, row, column, "future-date",
                        f"{text} is after {read}, the day source '{source}' was read",
                    )  # fmt: skip


def _years_after_access(
    table: Table, fields: dict[str, dict[str, Any]], accessed: dict[str, date]
) -> Iterator[Finding]:
    """A figure cannot describe a year after the year its source was read."""
    columns = [c for c in YEAR_COLUMNS if fields.get(c, {}).get("type") == "integer"]
    for column in columns:
        for record, row in zip(table.records, table.rows, strict=True):
            year = record.get(column)
            if year is None:
                continue
            read = [accessed[s] for s in _source_ids(record) if s in accessed]
            if read and year > max(r.year for r in read):
                yield Finding(
                    table.file, row, column, "future-date",
                    f"{year} is after {max(read).year}, when its source was read: "
                    "a typo?",
                )  # fmt: skip


# ------------------------------------------------------------------ values


Series = dict[int, tuple[float, int]]
"""One city's values of one indicator: (value, row) by year."""


def _indicator_bounds(tables: dict[str, Table]) -> Iterator[Finding]:
    """Per-indicator range and year-on-year change, with listed exceptions."""
    indicators = tables["indicators"].by_id("indicator_id")
    table = tables["city_indicators"]
    series: dict[tuple[Any, Any], Series] = {}
    for record, row in zip(table.records, table.rows, strict=True):
        indicator = indicators.get(record.get("indicator_id"))
        value = record.get("value")
        if indicator is None or value is None or table.failed(row, "value"):
            continue
        outside = _outside(value, indicator)
        if outside:
            yield Finding(table.file, row, "value", "plausible-range", outside)
        elif record.get("year") is not None:
            key = (record.get("city_id"), record["indicator_id"])
            series.setdefault(key, {})[record["year"]] = (value, row)
    listed = tables.get("plausibility_exceptions")
    if listed is not None and listed.unsure("city_id", "indicator_id", "year"):
        return  # a listed change may be in a row or cell reported already
    exceptions = {
        (r.get("city_id"), r.get("indicator_id"), r.get("year"))
        for r in getattr(listed, "records", [])
    }
    for (city, indicator_id), years in series.items():
        limit = indicators[indicator_id].get("max_change")
        if limit is not None:
            known = {y for c, i, y in exceptions if (c, i) == (city, indicator_id)}
            name = f"{city} {indicator_id}"
            yield from _changes(table.file, name, years, limit, known)


def _outside(value: float, indicator: dict[str, Any]) -> str | None:
    """Why ``value`` is outside its indicator's declared range (None if inside)."""
    low, high = indicator.get("min_value"), indicator.get("max_value")
    if not ((low is not None and value < low) or (high is not None and value > high)):
        return None
    if low is None or high is None:
        declared = f"at least {low:g}" if high is None else f"at most {high:g}"
    else:
        declared = f"{low:g} to {high:g}"
    return (
        f"{value:,.6g} ({indicator.get('unit')}) is outside the range declared for "
        f"{indicator['indicator_id']} in indicators.csv ({declared}): "
        "a unit or decimal slip?"
    )


def _changes(
    file: str, name: str, years: Series, limit: float, listed: set[int]
) -> Iterator[Finding]:
    """Year-on-year changes beyond ``limit``, each compared with a value that passed.

    A year in ``listed`` is a real change, with its source in
    plausibility_exceptions.csv; one bad value is one finding, not two.
    """
    trusted: tuple[int, float] | None = None  # the last value that passed
    for year, (value, row) in sorted(years.items()):
        if (
            trusted is None
            or trusted[0] != year - 1
            or trusted[1] == 0
            or year in listed
        ):
            trusted = (year, value)  # nothing to compare with, or a listed change
            continue
        change = value / trusted[1] - 1
        if abs(change) <= limit:
            trusted = (year, value)
            continue
        trusted = None
        yield Finding(file, row, "value", "plausible-change", (
            f"{name} changes by {change:+.0%} from {year - 1} "
            f"(largest declared change: {limit:.0%}); if the figure is right, "
            "list it with its source in plausibility_exceptions.csv"
        ))  # fmt: skip


def _max_changes(table: Table, fields: dict[str, dict[str, Any]]) -> Iterator[Finding]:
    """``gba:maxChange``: a value within a ratio of the group's previous value."""
    for column, spec in fields.items():
        rule = spec.get("gba:maxChange")
        if not rule:
            continue
        groups: dict[tuple, list[tuple[Any, float, int]]] = {}
        for record, row in zip(table.records, table.rows, strict=True):
            value, order = record.get(column), record.get(rule["order"])
            if value is None or order is None or (row, column) in table.invalid:
                continue
            key = tuple(record.get(k) for k in rule["by"])
            groups.setdefault(key, []).append((order, value, row))
        for key, items in groups.items():
            items.sort()
            trusted = items[0]  # compare with the last value that passed, so that
            for order1, value1, row1 in items[1:]:  # one bad value is one finding
                order0, value0, _ = trusted
                if value0 <= 0 or value1 <= 0:
                    continue
                if abs(math.log(value1 / value0)) > math.log(1 + rule["ratio"]):
                    group = ", ".join(str(k) for k in key)
                    yield Finding(
                        table.file, row1, column, "plausible-change",
                        f"{value1:g} ({group}, {order1}) is {value1 / value0:.3g} "
                        f"times the value for {order0} ({value0:g}); more than "
                        f"{rule['ratio']:.0%} apart: inverted or mistyped?",
                    )  # fmt: skip
                else:
                    trusted = (order1, value1, row1)


def _sums(table: Table, rules: list[dict[str, Any]]) -> Iterator[Finding]:
    """``gba:sums``: a total equals the sum of its parts (at least the known parts)."""
    for rule in rules:
        tolerance = rule.get("tolerance", 0.0)
        for record, row in zip(table.records, table.rows, strict=True):
            total = record.get(rule["total"])
            if total is None or (row, rule["total"]) in table.invalid:
                continue
            parts = [record.get(p) for p in rule["parts"]]
            known = [p for p in parts if p is not None]
            if len(known) == len(parts) and abs(sum(known) - total) > tolerance:
                yield Finding(
                    table.file, row, rule["total"], "sum",
                    f"{total:g} is not the sum of {', '.join(rule['parts'])} "
                    f"({sum(known):g})",
                )  # fmt: skip
            elif sum(known) > total + tolerance:
                yield Finding(
                    table.file, row, rule["total"], "sum",
                    f"{total:g} is less than its known parts ({sum(known):g})",
                )  # fmt: skip


def _rates_for_money(tables: dict[str, Table]) -> Iterator[Finding]:
    """Every money value's currency and year has a rate, as has the yuan that year.

    One finding per missing currency-year, at the first value that needs it.
    """
    if tables["exchange_rates"].unsure("currency", "year", "basis"):
        return  # a rate may be in a row or cell reported already
    rates = {
        (r.get("currency"), r.get("year"))
        for r in tables["exchange_rates"].records
        if r.get("basis") == DEFAULT_BASIS
    }
    needing: dict[tuple[str, int], list[tuple[Table, int]]] = {}
    for name in ("city_indicators", "national_indicators"):
        table = tables.get(name)
        if table is None:
            continue
        for record, row in zip(table.records, table.rows, strict=True):
            currency, year = record.get("currency"), record.get("year")
            if not currency or year is None or record.get("value") is None:
                continue
            for needed in dict.fromkeys((currency, "CNY")):
                if (needed, year) not in rates:
                    needing.setdefault((needed, year), []).append((table, row))
    for (currency, year), places in needing.items():
        table, row = places[0]
        more = f" (and {len(places) - 1} more values)" if len(places) > 1 else ""
        yield Finding(
            table.file, row, "year", "exchange-rate",
            f"no {DEFAULT_BASIS} rate for {currency} in {year} in exchange_rates.csv: "
            f"the chapters could not convert this value{more}",
        )  # fmt: skip
