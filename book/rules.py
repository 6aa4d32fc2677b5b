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
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from datetime import date
from pathlib import Path
from typing import Any

__all__ = ["Finding", "Table", "check_package", "show"]

LIST_KEY = "gba:listOf"
DATE_KEY = "gba:partialDate"
PERCENT_UNITS = {"%", "percent"}


def show(value: Any) -> str:
    r"""A value quoted for a message, with characters an editor hides made visible.

    Invisible characters (zero-width spaces, control characters, unusual spaces) are
    written as ``\u200b``; letters that look like Latin ones but are not (Cyrillic
    a, Greek o) are named after the value.
    """
    text = str(value)
    shown = []
    lookalikes = []
    for char in text:
        category = unicodedata.category(char)
        if char != " " and (category[0] in "CZ"):
            shown.append(f"\\u{ord(char):04x}")
            continue
        shown.append(char)
        if category[0] == "L" and not char.isascii():
            script = unicodedata.name(char, "").split(" ")[0]
            if script in ("CYRILLIC", "GREEK", "FULLWIDTH", "ARMENIAN"):
                lookalikes.append(f"U+{ord(char):04X} {unicodedata.name(char)}")
    quoted = "'" + "".join(shown) + "'"
    if lookalikes and any(c.isascii() and c.isalpha() for c in text):
        quoted += " (contains " + ", ".join(dict.fromkeys(lookalikes)) + ")"
    return quoted


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
    invalid: set[tuple[int, str]] = dataclass_field(default_factory=set)
    """(row, column) of cells that failed their type or constraint check."""
    incomplete: bool = False
    """Some rows could not be read (wrong number of cells): rows may be missing."""

    @property
    def file(self) -> str:
        """The file name, as findings name it."""
        return Path(self.path).name


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
    shown = show(value)
    if kind == "integer":
        if re.fullmatch(r"-?[0-9]+", value):
            return int(value), None
        return None, f"{shown} is not an integer"
    if kind == "number":
        if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", value):
            return None, (
                f"{shown} is not a number: write it without thousands separators"
            )
        if not re.fullmatch(
            r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", value
        ):
            return None, f"{shown} is not a number"
        number = float(value)
        if not math.isfinite(number):
            return None, f"{shown} is not a finite number"
        return number, None
    if kind == "boolean":
        if value in ("true", "false"):
            return value == "true", None
        return None, f"{shown} is not a boolean (true or false)"
    if kind == "date":
        try:
            return date.fromisoformat(value), None
        except ValueError:
            return None, f"{shown} is not a real calendar date (YYYY-MM-DD)"
    return value, None


def _check_constraints(
    value: Any, raw: str, field: dict[str, Any], loc: tuple[str, int], out: _Collector
) -> bool:
    """Check a typed value against its field's constraints; ``False`` if it fails."""
    cons = field.get("constraints", {})
    name = field["name"]
    before = len(out.findings)
    if "enum" in cons and value not in cons["enum"]:
        allowed = ", ".join(cons["enum"])
        out.add(
            *loc, name, "enum", f"{show(raw)} is not allowed; use one of: {allowed}"
        )
    # ASCII: a pattern's \d must not accept full-width or Arabic-Indic digits
    if "pattern" in cons and not re.fullmatch(cons["pattern"], raw, flags=re.ASCII):
        out.add(*loc, name, "pattern", f"{show(raw)} does not match {cons['pattern']}")
    low, high = cons.get("minimum"), cons.get("maximum")
    if isinstance(value, (int, float)) and not isinstance(value, bool):
        allowed = _allowed(low, high) if low is not None or high is not None else ""
        if low is not None and value < low:
            what = "negative" if low == 0 else f"below the minimum {low}"
            out.add(*loc, name, "range", f"{raw} is {what} ({allowed})")
        elif high is not None and value > high:
            out.add(
                *loc, name, "range", f"{raw} is above the maximum {high} ({allowed})"
            )
    return len(out.findings) == before


def _allowed(low: Any, high: Any) -> str:
    if low is not None and high is not None:
        return f"allowed: {low:g} to {high:g}"
    if low is not None:
        return f"allowed: {low:g} or more"
    return f"allowed: up to {high:g}"


def _unicode_form(
    raw: str, field: dict[str, Any], loc: tuple[str, int], out: _Collector
) -> bool:
    """Codes and units in their plain form: '％' is '%', a full-width 'ａ' is 'a'.

    Width variants (and invisible format characters) look right in an editor but
    compare unequal, so '25％' would escape the percentage rule. Superscripts such as
    the '²' of 'km²' are kept: they are the unit's usual spelling.
    """
    if field.get("type", "string") != "string":
        return True
    cons = field.get("constraints", {})
    if not (
        "enum" in cons or "pattern" in cons or field["name"] in ("unit", "currency")
    ):
        return True
    odd = [
        c
        for c in raw
        if unicodedata.decomposition(c).split(" ")[0] in ("<wide>", "<narrow>")
        or unicodedata.category(c) == "Cf"
        or c == "\u3000"
    ]
    if not odd:
        return True
    plain = "".join(
        unicodedata.normalize("NFKC", c)
        if c in odd and c != "\u3000"
        else (" " if c == "\u3000" else c)
        for c in raw
        if unicodedata.category(c) != "Cf"
    )
    out.add(
        *loc,
        field["name"],
        "unicode-form",
        f"{show(raw)} has full-width or invisible characters that compare unequal "
        f"to what they look like; write {show(plain)}",
    )
    return False


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    """(editor line where the row starts, cells) for every row after the header.

    A quoted cell may hold line breaks, so a row's number is the line it starts on,
    counted the way an editor counts, not the row's index.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    for cells in reader:
        start, end = end + 1, reader.line_num
        yield start, cells


def _read_table(root: Path, res: dict[str, Any], out: _Collector) -> Table | None:
    path = root / res["path"]
    fields = res["schema"]["fields"]
    text = _read_text(path, out)
    if text is None:
        return None
    rows = iter(_rows(text))
    try:
        _, header = next(rows)
    except csv.Error as exc:
        out.add(path.name, 1, None, "csv", f"the header cannot be read: {exc}")
        return None
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
    repeated = sorted({h for h in header if header.count(h) > 1})
    for name in repeated:
        out.add(
            path.name,
            1,
            name,
            "duplicate-column",
            f"column {show(name)} appears {header.count(name)} times in the header; "
            "keep one",
        )
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for name in missing:
        out.add(path.name, 1, name, "missing-column", "required column is missing")
    for name in dict.fromkeys(extra):
        out.add(
            path.name,
            1,
            name,
            "extra-column",
            f"column {show(name)} is not described in datapackage.json",
        )
    if missing or repeated:
        return None
    by_name = {f["name"]: f for f in fields}
    table = Table(res["name"], res["path"], fields, [], [])
    try:
        for line_no, cells in rows:
            if not cells:
                continue
            if len(cells) != len(header):
                out.add(
                    path.name,
                    line_no,
                    None,
                    "row-length",
                    f"row has {len(cells)} cells but the header has {len(header)} "
                    "(a comma inside a value must be quoted; a quote must close)",
                )
                table.incomplete = True
                continue
            table.records.append(
                _record(header, cells, by_name, (path.name, line_no), table, out)
            )
            table.rows.append(line_no)
    except csv.Error as exc:
        out.add(path.name, None, None, "csv", f"the file cannot be read as CSV: {exc}")
        return None
    return table


def _record(
    header: list[str],
    cells: list[str],
    by_name: dict[str, dict[str, Any]],
    loc: tuple[str, int],
    table: Table,
    out: _Collector,
) -> dict[str, Any]:
    """Type and check one row; a failing cell is recorded once, as invalid."""
    record: dict[str, Any] = {}
    for head, raw in zip(header, cells, strict=True):
        spec = by_name.get(head)
        if spec is None:
            continue
        value, error = _parse_cell(raw, spec)
        if error:
            out.add(*loc, head, "type", error)
            table.invalid.add((loc[1], head))
        elif value is None and spec.get("constraints", {}).get("required"):
            out.add(*loc, head, "required", "value is required")
            table.invalid.add((loc[1], head))
        elif value is not None and not (
            _unicode_form(raw, spec, loc, out)
            and _check_constraints(value, raw, spec, loc, out)
        ):
            table.invalid.add((loc[1], head))
        # a cell that failed is absent for every later rule: reported once, here
        record[head] = None if (loc[1], head) in table.invalid else value
    return record


def _is_percent(unit: Any) -> bool:
    """A percentage unit, whatever its Unicode form ('％' included)."""
    return unicodedata.normalize("NFKC", str(unit or "")).strip() in PERCENT_UNITS


# ---------------------------------------------------------------------- keys


def _check_primary_key(table: Table, schema: dict[str, Any], out: _Collector) -> None:
    key = schema.get("primaryKey")
    if not key:
        return
    seen: dict[tuple, int] = {}
    for rec, row in zip(table.records, table.rows, strict=True):
        if any((row, k) in table.invalid for k in key):
            continue  # its key cell is reported already
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
                        f"unknown {ref_field.replace('_', ' ')} {show(item)} "
                        f"(not in {target.path})",
                    )


# ------------------------------------------------------------ semantic rules


def _check_indicator_rows(
    table: Table, tables: dict[str, Table], out: _Collector, geo: str
) -> None:
    """Rules for city_indicators and national_indicators."""
    indicators = {r["indicator_id"]: r for r in tables["indicators"].records}
    cities = {r["city_id"]: r for r in tables["cities"].records}
    file = table.file
    wrong_currency: dict[str, list[tuple[int, Any]]] = {}
    for rec, row in zip(table.records, table.rows, strict=True):
        ind = indicators.get(rec.get("indicator_id"))
        if ind is None:
            continue  # reported by the foreign-key rule
        if rec.get("unit") != ind["unit"] and (row, "unit") not in table.invalid:
            out.add(
                file,
                row,
                "unit",
                "one-unit",
                f"unit {show(rec.get('unit'))} differs from the unit of indicator "
                f"'{ind['indicator_id']}' ({show(ind['unit'])}); every value of an "
                "indicator uses its one unit",
            )
        if ind["money"]:
            if geo == "city":
                city = cities.get(rec.get("city_id"))
                expected = city["currency"] if city else None
            else:
                expected = "CNY"
            if (
                expected
                and rec.get("currency") != expected
                and (row, "currency") not in table.invalid
            ):
                wrong_currency.setdefault(rec.get("city_id") or "", []).append(
                    (row, rec.get("currency"))
                )
        elif rec.get("currency"):
            out.add(
                file,
                row,
                "currency",
                "currency",
                f"indicator '{ind['indicator_id']}' is not money; leave currency empty",
            )
        if (
            rec.get("year") is None
            and ind["time_basis"] != "undated"
            and (row, "year") not in table.invalid
        ):
            out.add(
                file,
                row,
                "year",
                "required",
                f"year is required for indicator '{ind['indicator_id']}' "
                "(only undated indicators may leave it empty)",
            )
        if "qualifier" in rec and (row, "value") not in table.invalid:
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
            elif not rec.get("qualifier") and (row, "qualifier") not in table.invalid:
                out.add(file, row, "qualifier", "required", "value needs a qualifier")
    _report_currencies(table, tables, wrong_currency, geo, out)


def _report_currencies(
    table: Table,
    tables: dict[str, Table],
    wrong: dict[str, list[tuple[int, Any]]],
    geo: str,
    out: _Collector,
) -> None:
    """Money values in the wrong currency, blamed where the mistake most likely is.

    When every money value of a city is in one currency other than the city's own,
    the city's currency in cities.csv is the likelier mistake: one finding there,
    not one per value.
    """
    cities = tables["cities"]
    for city_id, rows in wrong.items():
        used = {currency for _, currency in rows}
        money_rows = sum(
            1
            for rec in table.records
            if rec.get("city_id") == city_id and rec.get("currency")
        )
        if (
            geo == "city"
            and len(rows) > 1
            and len(used) == 1
            and len(rows) == money_rows
        ):
            index = next(
                i for i, r in enumerate(cities.records) if r.get("city_id") == city_id
            )
            city = cities.records[index]
            out.add(
                cities.file,
                cities.rows[index],
                "currency",
                "currency",
                f"{city_id}'s currency {show(city['currency'])} disagrees with all "
                f"{len(rows)} of its money values in {table.file}, which are in "
                f"{show(next(iter(used)))}: is the currency here the typo?",
            )
            continue
        expected = (
            "CNY"
            if geo != "city"
            else cities.records[
                next(
                    i
                    for i, r in enumerate(cities.records)
                    if r.get("city_id") == city_id
                )
            ]["currency"]
        )
        for row, currency in rows:
            out.add(
                table.file,
                row,
                "currency",
                "currency",
                f"a money value needs currency '{expected}' here, found "
                f"{show(currency or '')}",
            )


def _check_percent_and_range(table: Table, out: _Collector) -> None:
    """Percentages within 0-100; ``value_max`` only for ranges (value/unit tables)."""
    file = Path(table.path).name
    for rec, row in zip(table.records, table.rows, strict=True):
        value, high = rec.get("value"), rec.get("value_max")
        if _is_percent(rec.get("unit")):
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
    from book.descriptor import web_address

    today = date.today()
    for rec, row in zip(table.records, table.rows, strict=True):
        url = rec.get("url")
        if not url and not rec.get("note"):
            out.add(
                table.file,
                row,
                "url",
                "source-address",
                "a source needs an address, or a note saying why it has none",
            )
        elif url and (why := web_address(url)):
            out.add(table.file, row, "url", "address", f"{show(url)}: {why}")
        accessed = rec.get("date_accessed")
        if accessed and accessed > today:
            out.add(
                table.file,
                row,
                "date_accessed",
                "future-date",
                f"accessed {accessed} is after today ({today}): a typo?",
            )


# ------------------------------------------------------------------ package


def _check_contract(
    descriptor: dict[str, Any], contract: dict[str, dict[str, str]], out: _Collector
) -> None:
    """The descriptor still describes every resource and field the code reads."""
    described = {
        r["name"]: {f["name"]: f.get("type", "string") for f in r["schema"]["fields"]}
        for r in descriptor["resources"]
    }
    for resource, fields in contract.items():
        if resource not in described:
            out.add(
                "datapackage.json", None, resource, "contract",
                f"resource '{resource}' is gone, but the book's code reads it",
            )  # fmt: skip
            continue
        for name, kind in fields.items():
            found = described[resource].get(name)
            if found is None:
                what = f"field '{resource}.{name}' is gone"
            elif found != kind:
                what = f"field '{resource}.{name}' is now {found}, not {kind}"
            else:
                continue
            out.add(
                "datapackage.json", None, f"{resource}.{name}", "contract",
                f"{what}, but the book's code reads it as {kind} (book/contract.json)",
            )  # fmt: skip


def _check_named_ids(
    table: Table | None, schema: dict[str, Any], ids: list[str], out: _Collector
) -> None:
    """Rows the code looks up by id are still there."""
    key = schema.get("primaryKey", [])
    if table is None or table.incomplete or len(key) != 1:
        return  # rows that could not be read are reported already
    present = {r.get(key[0]) for r in table.records}
    for missing in (i for i in ids if i not in present):
        out.add(
            table.file, None, key[0], "contract",
            f"{key[0]} '{missing}' is gone, but the book's code looks it up "
            "(book/contract.json): restore the row, or change the code and run "
            "make contract",
        )  # fmt: skip


def _load_descriptor(root: Path, out: _Collector) -> dict[str, Any] | None:
    """The parsed descriptor, or ``None`` (with findings) if it cannot be used."""
    from book import descriptor as shape

    path = root / "datapackage.json"
    if not path.exists():
        out.add(
            "datapackage.json", None, None, "package", "datapackage.json is missing"
        )
        return None
    try:
        text = path.read_text(encoding="utf-8")
        parsed = json.loads(text)
    except UnicodeDecodeError:
        out.add("datapackage.json", None, None, "package", "not valid UTF-8")
        return None
    except json.JSONDecodeError as exc:
        out.add(
            "datapackage.json",
            exc.lineno,
            None,
            "package",
            f"not valid JSON: {exc.msg}",
        )
        return None
    issues = shape.check(parsed, text)
    for issue in issues:
        out.add("datapackage.json", issue.line, issue.path, issue.rule, issue.message)
    return None if issues else parsed


def check_package(
    root: Path, contract: dict[str, Any] | None = None
) -> tuple[dict[str, Table], list[Finding]]:
    """Validate the data package in ``root``.

    Parameters
    ----------
    root : pathlib.Path
        Folder holding ``datapackage.json`` and the CSV files it describes.
    contract : dict, optional
        What the code reading the package needs (``book/contract.json``):
        ``resources``, each field's type by resource, and ``ids``, the rows the
        code looks up by id. A package without one of them is rejected.

    Returns
    -------
    tables : dict of str to Table
        The resources that could be parsed, by resource name, with typed values.
    findings : list of Finding
        Every violation found; empty when the package is valid.

    """
    out = _Collector()
    descriptor = _load_descriptor(root, out)
    if descriptor is not None and contract:
        _check_contract(descriptor, contract.get("resources", {}), out)
    if descriptor is None or out.findings:
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
    from book import plausible

    out.findings += plausible.check(tables, descriptor)
    for name, ids in (contract or {}).get("ids", {}).items():
        _check_named_ids(tables.get(name), schemas.get(name, {}), ids, out)
    return tables, _sorted(out.findings)


def _sorted(findings: Iterable[Finding]) -> list[Finding]:
    return sorted(findings, key=lambda f: (f.file, f.row or 0, f.column or "", f.rule))
