"""Row rules the schema cannot express: shares, ranges, coordinates, sources.

Each rule reads one row of one table; a cell that failed its own check (see
:mod:`book.rules.cells`) is reported already, so a rule that needs it skips it.
"""

from __future__ import annotations

import unicodedata
from datetime import date
from typing import Any

from book.descriptor import web_address
from book.rules.findings import Collector, Table, show

__all__ = ["check_coordinates", "check_percent_and_range", "check_sources"]

PERCENT_UNITS = {"%", "percent"}


def _is_percent(unit: Any) -> bool:
    """A percentage unit, whatever its Unicode form ('％' included)."""
    return unicodedata.normalize("NFKC", str(unit or "")).strip() in PERCENT_UNITS


def check_percent_and_range(table: Table, out: Collector) -> None:
    """Percentages within 0-100; ``value_max`` only for ranges (value/unit tables)."""
    for rec, row in zip(table.records, table.rows, strict=True):
        value, high = rec.get("value"), rec.get("value_max")
        if _is_percent(rec.get("unit")):
            for column, number in (("value", value), ("value_max", high)):
                if number is not None and not 0 <= number <= 100:
                    out.add(
                        table.file, row, column, "share-range",
                        f"{number:g}% is outside 0-100",
                    )  # fmt: skip
        if "value_max" in rec and not table.failed(row, "value_max", "qualifier"):
            _check_range(table.file, row, rec.get("qualifier"), value, high, out)


def _check_range(
    file: str, row: int, qualifier: Any, value: Any, high: Any, out: Collector
) -> None:
    """A range has a ``value_max`` above its value; nothing else has one."""
    if qualifier == "range":
        if high is None:
            out.add(
                file, row, "value_max", "range-qualifier", "a range needs value_max"
            )
        elif value is not None and high <= value:
            out.add(
                file, row, "value_max", "range-qualifier",
                f"value_max {high:g} must be larger than value {value:g}",
            )  # fmt: skip
    elif high is not None:
        out.add(
            file, row, "value_max", "range-qualifier",
            "value_max is only used with qualifier 'range'",
        )  # fmt: skip


def check_coordinates(table: Table, out: Collector) -> None:
    """Both coordinates or neither; a source when present, a reason when absent."""
    for rec, row in zip(table.records, table.rows, strict=True):
        if table.failed(row, "lat", "lon", "coord_source_id"):
            continue  # the failing cell is reported already
        lat, lon = rec.get("lat"), rec.get("lon")
        if (lat is None) != (lon is None):
            out.add(
                table.file, row, "lon" if lon is None else "lat", "coordinates",
                "give both latitude and longitude, or neither",
            )  # fmt: skip
        elif lat is not None and not rec.get("coord_source_id"):
            out.add(
                table.file, row, "coord_source_id", "coordinates",
                "coordinates need a source",
            )  # fmt: skip
        elif lat is None and not rec.get("note"):
            out.add(
                table.file, row, "note", "missing-value",
                "no coordinates: say why in the note",
            )  # fmt: skip


def check_sources(table: Table, out: Collector) -> None:
    """A source has a web address (or a note why not) and was read by today."""
    today = date.today()
    for rec, row in zip(table.records, table.rows, strict=True):
        if not table.failed(row, "url"):
            _check_address(table.file, row, rec, out)
        accessed = rec.get("date_accessed")
        if accessed and accessed > today:
            out.add(
                table.file, row, "date_accessed", "future-date",
                f"accessed {accessed} is after today ({today}): a typo?",
            )  # fmt: skip


def _check_address(file: str, row: int, rec: dict[str, Any], out: Collector) -> None:
    url = rec.get("url")
    if not url and not rec.get("note"):
        out.add(
            file, row, "url", "source-address",
            "a source needs an address, or a note saying why it has none",
        )  # fmt: skip
    elif url and (why := web_address(url)):
        out.add(file, row, "url", "address", f"{show(url)}: {why}")
