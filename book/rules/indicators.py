"""Rules for the indicator tables (``city_indicators``, ``national_indicators``).

Each row is checked against its indicator in ``indicators.csv``: one unit per
indicator, the city's currency for money (and no currency otherwise), a year unless
the indicator is undated, a qualifier with every value and a reason for every gap.
"""

from __future__ import annotations

from typing import Any

from book.rules.findings import Collector, Table, show

__all__ = ["check_indicator_rows"]

WrongCurrencies = dict[str, list[tuple[int, Any]]]
"""Money values in the wrong currency: (row, currency found) by city id."""


def check_indicator_rows(
    table: Table, tables: dict[str, Table], out: Collector, geo: str
) -> None:
    """Rules for city_indicators (``geo="city"``) and national_indicators."""
    indicators = tables["indicators"].by_id("indicator_id")
    cities = tables["cities"].by_id("city_id")
    wrong_currency: WrongCurrencies = {}
    for rec, row in zip(table.records, table.rows, strict=True):
        ind = indicators.get(rec.get("indicator_id"))
        if ind is None:
            continue  # reported by the foreign-key rule
        _check_unit(table, rec, row, ind, out)
        _check_currency(table, rec, row, ind, out)
        expected = _expected_currency(rec, ind, cities, geo)
        currency = rec.get("currency")
        if expected and currency != expected and not table.failed(row, "currency"):
            wrong_currency.setdefault(rec.get("city_id") or "", []).append(
                (row, currency)
            )
        _check_year(table, rec, row, ind, out)
        _check_value(table, rec, row, out)
    _report_currencies(table, tables, wrong_currency, geo, out)


def _check_unit(
    table: Table, rec: dict[str, Any], row: int, ind: dict[str, Any], out: Collector
) -> None:
    """The indicator's unit (unless either unit failed its own check)."""
    if (
        "unit" in ind
        and rec.get("unit") != ind["unit"]
        and not table.failed(row, "unit")
    ):
        out.add(
            table.file,
            row,
            "unit",
            "one-unit",
            f"unit {show(rec.get('unit'))} differs from the unit of indicator "
            f"'{ind['indicator_id']}' ({show(ind['unit'])}); every value of an "
            "indicator uses its one unit",
        )


def _check_currency(
    table: Table, rec: dict[str, Any], row: int, ind: dict[str, Any], out: Collector
) -> None:
    """No currency for a figure that is not money."""
    if "money" in ind and not ind["money"] and rec.get("currency"):
        out.add(
            table.file, row, "currency", "currency",
            f"indicator '{ind['indicator_id']}' is not money; leave currency empty",
        )  # fmt: skip


def _expected_currency(
    rec: dict[str, Any],
    ind: dict[str, Any],
    cities: dict[Any, dict[str, Any]],
    geo: str,
) -> str | None:
    """The currency of a money value: its city's own, or CNY (None if not money)."""
    if not ind.get("money"):
        return None
    if geo != "city":
        return "CNY"
    city = cities.get(rec.get("city_id"))
    return city.get("currency") if city else None


def _check_year(
    table: Table, rec: dict[str, Any], row: int, ind: dict[str, Any], out: Collector
) -> None:
    if (
        rec.get("year") is None
        and ind.get("time_basis", "undated") != "undated"
        and not table.failed(row, "year")
    ):
        out.add(
            table.file,
            row,
            "year",
            "required",
            f"year is required for indicator '{ind['indicator_id']}' "
            "(only undated indicators may leave it empty)",
        )


def _check_value(table: Table, rec: dict[str, Any], row: int, out: Collector) -> None:
    """A value takes a qualifier; an empty value a reason and no qualifier.

    A value that failed its own check is empty here but was reported already.
    """
    if "qualifier" not in rec or table.failed(row, "value"):
        return
    if rec.get("value") is None:
        if not rec.get("note"):
            out.add(
                table.file, row, "value", "missing-value",
                "value is empty: say why in the note (or delete the row)",
            )  # fmt: skip
        if rec.get("qualifier"):
            out.add(
                table.file, row, "qualifier", "missing-value",
                "an empty value takes no qualifier",
            )  # fmt: skip
    elif not rec.get("qualifier") and not table.failed(row, "qualifier"):
        out.add(table.file, row, "qualifier", "required", "value needs a qualifier")


def _report_currencies(
    table: Table,
    tables: dict[str, Table],
    wrong: WrongCurrencies,
    geo: str,
    out: Collector,
) -> None:
    """Money values in the wrong currency, blamed where the mistake most likely is.

    When every money value of a city is in one currency other than the city's own,
    the city's currency in cities.csv is the likelier mistake: one finding there,
    not one per value.
    """
    cities = tables["cities"]
    for city_id, rows in wrong.items():
        if geo == "city" and _all_in_one_currency(table, city_id, rows):
            _blame_city(table, cities, city_id, rows, out)
            continue
        expected = "CNY" if geo != "city" else _city_row(cities, city_id)[1]["currency"]
        for row, currency in rows:
            out.add(
                table.file,
                row,
                "currency",
                "currency",
                f"a money value needs currency '{expected}' here, found "
                f"{show(currency or '')}",
            )


def _all_in_one_currency(
    table: Table, city_id: str, rows: list[tuple[int, Any]]
) -> bool:
    """Whether all of a city's money values (two or more) share one wrong currency."""
    used = {currency for _, currency in rows}
    money_rows = sum(
        1
        for rec in table.records
        if rec.get("city_id") == city_id and rec.get("currency")
    )
    return len(rows) > 1 and len(used) == 1 and len(rows) == money_rows


def _blame_city(
    table: Table,
    cities: Table,
    city_id: str,
    rows: list[tuple[int, Any]],
    out: Collector,
) -> None:
    """One finding on the city's currency in cities.csv, for all its values."""
    row, city = _city_row(cities, city_id)
    out.add(
        cities.file,
        row,
        "currency",
        "currency",
        f"{city_id}'s currency {show(city['currency'])} disagrees with all "
        f"{len(rows)} of its money values in {table.file}, which are in "
        f"{show(rows[0][1])}: is the currency here the typo?",
    )


def _city_row(cities: Table, city_id: str) -> tuple[int, dict[str, Any]]:
    """(row, record) of a city in cities.csv."""
    index = next(i for i, r in enumerate(cities.records) if r.get("city_id") == city_id)
    return cities.rows[index], cities.records[index]
