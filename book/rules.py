"""Validation rules for the book's data package.

Every rule returns :class:`Finding` objects that name the file, the row, the column
and the rule, so that a contributor can go straight to the cell that is wrong. Row
numbers count the header as row 1, so they match the line numbers an editor shows.

The rules come in two layers:

* schema rules, driven by ``datapackage.json`` (Frictionless Table Schema): files
  present and described, UTF-8 without a byte-order mark, header columns, types,
  required cells, enums, patterns, minimum/maximum, primary and foreign keys;
* semantic rules that the schema language cannot express: one unit per indicator,
  the currency of money indicators, missing values with a reason, undated
  indicators, percentages within 0-100, ranges.

This module imports nothing from the rest of ``book``.
"""

from __future__ import annotations

import csv
import io
import json
import math
import re
from collections.abc import Iterable
from dataclasses import dataclass
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Finding", "Table", "check_package"]

LIST_KEY = "gba:listOf"
PERCENT_UNITS = {"%", "percent"}


@dataclass(frozen=True)
class Finding:
    """One rule violation, located as precisely as the rule allows.

    Attributes
    ----------
    file : str
        File name inside the data folder, e.g. ``city_indicators.csv``.
    row : int or None
        Row number in the file, header = 1 (None for a file-level finding).
    column : str or None
        Column name (None when the finding concerns a whole row or file).
    rule : str
        Short rule id, e.g. ``foreign-key``.
    message : str
        What is wrong and how to fix it.

    """

    file: str
    row: int | None
    column: str | None
    rule: str
    message: str

    def __str__(self) -> str:
        where = self.file
        if self.row is not None:
            where += f", row {self.row}"
        if self.column is not None:
            where += f", column '{self.column}'"
        return f"{where}: [{self.rule}] {self.message}"


@dataclass
class Table:
    """A parsed resource: typed cell values plus the row number of each record."""

    name: str
    path: str
    fields: list[dict[str, Any]]
    records: list[dict[str, Any]]
    rows: list[int]


class _Collector:
    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(
        self, file: str, row: int | None, column: str | None, rule: str, msg: str
    ) -> None:
        self.findings.append(Finding(file, row, column, rule, msg))


# --------------------------------------------------------------------- reading


def _read_text(path: Path, out: _Collector) -> str | None:
    raw = path.read_bytes()
    if raw.startswith(b"\xef\xbb\xbf"):
        out.add(
            path.name,
            1,
            None,
            "encoding",
            "file starts with a UTF-8 byte-order mark (BOM); save it as UTF-8 "
            "without BOM",
        )
        return None
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        line = raw[: exc.start].count(b"\n") + 1
        out.add(
            path.name,
            line,
            None,
            "encoding",
            f"not valid UTF-8 (byte 0x{raw[exc.start]:02x}); save the file as UTF-8",
        )
        return None
    if not text.strip():
        out.add(path.name, None, None, "empty-file", "file is empty; it needs a header")
        return None
    return text


def _parse_cell(value: str, field: dict[str, Any]) -> tuple[Any, str | None]:
    """Convert one CSV cell to the field's type; return (value, error message)."""
    if value == "":
        return None, None
    kind = field.get("type", "string")
    if kind == "string":
        return value, None
    if kind == "integer":
        if re.fullmatch(r"-?\d+", value):
            return int(value), None
        return None, f"'{value}' is not an integer"
    if kind == "number":
        if re.fullmatch(r"-?\d{1,3}(,\d{3})+(\.\d+)?", value):
            return None, (
                f"'{value}' is not a number: write it without thousands separators"
            )
        try:
            number = float(value)
        except ValueError:
            return None, f"'{value}' is not a number"
        if not math.isfinite(number):
            return None, f"'{value}' is not a finite number"
        return number, None
    if kind == "boolean":
        if value in ("true", "false"):
            return value == "true", None
        return None, f"'{value}' is not a boolean (true or false)"
    if kind == "date":
        try:
            return date.fromisoformat(value), None
        except ValueError:
            return None, f"'{value}' is not a date (YYYY-MM-DD)"
    return value, None


def _check_constraints(
    value: Any, raw: str, field: dict[str, Any], loc: tuple[str, int], out: _Collector
) -> None:
    cons = field.get("constraints", {})
    name = field["name"]
    if "enum" in cons and value not in cons["enum"]:
        allowed = ", ".join(cons["enum"])
        out.add(*loc, name, "enum", f"'{raw}' is not allowed; use one of: {allowed}")
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw):
        out.add(*loc, name, "pattern", f"'{raw}' does not match {cons['pattern']}")
    low, high = cons.get("minimum"), cons.get("maximum")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        if low is not None and value < low:
            what = "negative" if low == 0 else f"below the minimum {low}"
            out.add(*loc, name, "range", f"{raw} is {what} (allowed: {low} to {high})")
        elif high is not None and value > high:
            out.add(*loc, name, "range", f"{raw} is above the maximum {high}")


def _read_table(root: Path, res: dict[str, Any], out: _Collector) -> Table | None:
    path = root / res["path"]
    fields = res["schema"]["fields"]
    text = _read_text(path, out)
    if text is None:
        return None
    reader = csv.reader(io.StringIO(text, newline=""))
    header = next(reader)
    names = [f["name"] for f in fields]
    if len(header) == 1 and len(names) > 1:
        for sep, label in ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes")):
            if sep in header[0]:
                out.add(
                    path.name,
                    1,
                    None,
                    "delimiter",
                    f"the header is split by {label}; columns must be separated "
                    "by commas",
                )
                return None
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for name in missing:
        out.add(path.name, 1, name, "missing-column", "required column is missing")
    for name in extra:
        out.add(
            path.name,
            1,
            name,
            "extra-column",
            "column is not described in datapackage.json",
        )
    if missing:
        return None
    by_name = {f["name"]: f for f in fields}
    records, rows = [], []
    for line_no, cells in enumerate(reader, start=2):
        if not cells:
            continue
        if len(cells) != len(header):
            out.add(
                path.name,
                line_no,
                None,
                "row-length",
                f"row has {len(cells)} cells but the header has {len(header)} "
                "(a comma inside a value must be quoted)",
            )
            continue
        record = {}
        for head, raw in zip(header, cells, strict=True):
            field = by_name.get(head)
            if field is None:
                continue
            value, error = _parse_cell(raw, field)
            loc = (path.name, line_no)
            if error:
                out.add(*loc, head, "type", error)
            elif value is None and field.get("constraints", {}).get("required"):
                out.add(*loc, head, "required", "value is required")
            elif value is not None:
                _check_constraints(value, raw, field, loc, out)
            record[head] = value
        records.append(record)
        rows.append(line_no)
    return Table(res["name"], res["path"], fields, records, rows)


# ---------------------------------------------------------------------- keys


def _check_primary_key(table: Table, schema: dict[str, Any], out: _Collector) -> None:
    key = schema.get("primaryKey")
    if not key:
        return
    seen: dict[tuple, int] = {}
    for rec, row in zip(table.records, table.rows, strict=True):
        value = tuple(rec.get(k) for k in key)
        if value in seen:
            shown = ", ".join(
                f"{k}={v if v is not None else '(empty)'}"
                for k, v in zip(key, value, strict=True)
            )
            out.add(
                Path(table.path).name,
                row,
                ", ".join(key),
                "duplicate-key",
                f"duplicate key ({shown}); first seen in row {seen[value]}",
            )
        else:
            seen[value] = row


def _check_foreign_keys(
    table: Table, schema: dict[str, Any], tables: dict[str, Table], out: _Collector
) -> None:
    refs: list[tuple[str, str, str, bool]] = []
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        refs.append((fk["fields"][0], ref["resource"], ref["fields"][0], False))
    for field in table.fields:
        if LIST_KEY in field:
            target = field[LIST_KEY]
            refs.append((field["name"], target["resource"], target["field"], True))
    for column, resource, ref_field, is_list in refs:
        target = tables.get(resource)
        if target is None:
            continue
        known = {r.get(ref_field) for r in target.records}
        for rec, row in zip(table.records, table.rows, strict=True):
            value = rec.get(column)
            if value is None:
                continue
            for item in value.split() if is_list else [value]:
                if item not in known:
                    out.add(
                        Path(table.path).name,
                        row,
                        column,
                        "foreign-key",
                        f"unknown {ref_field.replace('_', ' ')} '{item}' "
                        f"(not in {target.path})",
                    )


# ------------------------------------------------------------ semantic rules


def _check_indicator_rows(
    table: Table, tables: dict[str, Table], out: _Collector, geo: str
) -> None:
    """Rules for city_indicators and national_indicators."""
    indicators = {r["indicator_id"]: r for r in tables["indicators"].records}
    cities = {r["city_id"]: r for r in tables["cities"].records}
    file = Path(table.path).name
    for rec, row in zip(table.records, table.rows, strict=True):
        ind = indicators.get(rec.get("indicator_id"))
        if ind is None:
            continue  # reported by the foreign-key rule
        if rec.get("unit") != ind["unit"]:
            out.add(
                file,
                row,
                "unit",
                "one-unit",
                f"unit '{rec.get('unit')}' differs from the unit of indicator "
                f"'{ind['indicator_id']}' ('{ind['unit']}'); every value of an "
                "indicator uses its one unit",
            )
        if ind["money"]:
            if geo == "city":
                city = cities.get(rec.get("city_id"))
                expected = city["currency"] if city else None
            else:
                expected = "CNY"
            if expected and rec.get("currency") != expected:
                out.add(
                    file,
                    row,
                    "currency",
                    "currency",
                    f"money indicator '{ind['indicator_id']}' needs currency "
                    f"'{expected}' here, found '{rec.get('currency') or ''}'",
                )
        elif rec.get("currency"):
            out.add(
                file,
                row,
                "currency",
                "currency",
                f"indicator '{ind['indicator_id']}' is not money; leave currency empty",
            )
        if rec.get("year") is None and ind["time_basis"] != "undated":
            out.add(
                file,
                row,
                "year",
                "required",
                f"year is required for indicator '{ind['indicator_id']}' "
                "(only undated indicators may leave it empty)",
            )
        if "qualifier" in rec:
            if rec.get("value") is None:
                if not rec.get("note"):
                    out.add(
                        file,
                        row,
                        "value",
                        "missing-value",
                        "value is empty: say why in the note (or delete the row)",
                    )
                if rec.get("qualifier"):
                    out.add(
                        file,
                        row,
                        "qualifier",
                        "missing-value",
                        "an empty value takes no qualifier",
                    )
            elif not rec.get("qualifier"):
                out.add(file, row, "qualifier", "required", "value needs a qualifier")


def _check_percent_and_range(table: Table, out: _Collector) -> None:
    """Percentages within 0-100; ``value_max`` only for ranges (value/unit tables)."""
    file = Path(table.path).name
    for rec, row in zip(table.records, table.rows, strict=True):
        value, high = rec.get("value"), rec.get("value_max")
        if rec.get("unit") in PERCENT_UNITS:
            for column, number in (("value", value), ("value_max", high)):
                if number is not None and not 0 <= number <= 100:
                    out.add(
                        file,
                        row,
                        column,
                        "share-range",
                        f"{number:g}% is outside 0-100",
                    )
        if "value_max" not in rec:
            continue
        if rec.get("qualifier") == "range":
            if high is None:
                out.add(
                    file, row, "value_max", "range-qualifier", "a range needs value_max"
                )
            elif value is not None and high <= value:
                out.add(
                    file,
                    row,
                    "value_max",
                    "range-qualifier",
                    f"value_max {high:g} must be larger than value {value:g}",
                )
        elif high is not None:
            out.add(
                file,
                row,
                "value_max",
                "range-qualifier",
                "value_max is only used with qualifier 'range'",
            )


def _check_coordinates(table: Table, out: _Collector) -> None:
    """Both coordinates or neither; a source when present, a reason when absent."""
    file = Path(table.path).name
    for rec, row in zip(table.records, table.rows, strict=True):
        lat, lon = rec.get("lat"), rec.get("lon")
        if (lat is None) != (lon is None):
            out.add(
                file,
                row,
                "lon" if lon is None else "lat",
                "coordinates",
                "give both latitude and longitude, or neither",
            )
        elif lat is not None and not rec.get("coord_source_id"):
            out.add(
                file, row, "coord_source_id", "coordinates", "coordinates need a source"
            )
        elif lat is None and not rec.get("note"):
            out.add(
                file,
                row,
                "note",
                "missing-value",
                "no coordinates: say why in the note",
            )


def _check_sources(table: Table, out: _Collector) -> None:
    for rec, row in zip(table.records, table.rows, strict=True):
        if not rec.get("url") and not rec.get("note"):
            out.add(
                Path(table.path).name,
                row,
                "url",
                "source-address",
                "a source needs an address, or a note saying why it has none",
            )


# ------------------------------------------------------------------ package


def _load_descriptor(root: Path, out: _Collector) -> dict[str, Any] | None:
    path = root / "datapackage.json"
    if not path.exists():
        out.add(
            "datapackage.json", None, None, "package", "datapackage.json is missing"
        )
        return None
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (json.JSONDecodeError, UnicodeDecodeError) as exc:
        out.add("datapackage.json", None, None, "package", f"not valid JSON: {exc}")
        return None


def check_package(root: Path) -> tuple[dict[str, Table], list[Finding]]:
    """Validate the data package in ``root``.

    Parameters
    ----------
    root : pathlib.Path
        Folder holding ``datapackage.json`` and the CSV files it describes.

    Returns
    -------
    tables : dict of str to Table
        The resources that could be parsed, by resource name, with typed values.
    findings : list of Finding
        Every violation found; empty when the package is valid.

    """
    out = _Collector()
    descriptor = _load_descriptor(root, out)
    if descriptor is None:
        return {}, out.findings
    resources = descriptor.get("resources", [])
    described = {r["path"] for r in resources}
    for csv_path in sorted(root.glob("*.csv")):
        if csv_path.name not in described:
            out.add(
                csv_path.name,
                None,
                None,
                "undescribed-resource",
                "CSV file is not described in datapackage.json; add a resource "
                "for it or move it out of data/",
            )
    tables: dict[str, Table] = {}
    for res in resources:
        if not (root / res["path"]).exists():
            out.add(
                res["path"],
                None,
                None,
                "missing-resource",
                "listed in datapackage.json but not found on disk",
            )
            continue
        table = _read_table(root, res, out)
        if table is not None:
            tables[res["name"]] = table
    schemas = {r["name"]: r["schema"] for r in resources}
    for name, table in tables.items():
        _check_primary_key(table, schemas[name], out)
        _check_foreign_keys(table, schemas[name], tables, out)
    if {"indicators", "cities"} <= tables.keys():
        for name, geo in (
            ("city_indicators", "city"),
            ("national_indicators", "national"),
        ):
            if name in tables:
                _check_indicator_rows(tables[name], tables, out, geo)
    for table in tables.values():
        names = {f["name"] for f in table.fields}
        if {"value", "unit"} <= names and "indicator_id" not in names:
            _check_percent_and_range(table, out)
        if {"lat", "lon", "coord_source_id"} <= names:
            _check_coordinates(table, out)
    if "sources" in tables:
        _check_sources(tables["sources"], out)
    return tables, _sorted(out.findings)


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.row or 0, f.column or "", f.rule))
