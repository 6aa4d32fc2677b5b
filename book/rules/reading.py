"""Reading one CSV resource: encoding, header, row lengths, then every cell typed.

A file that cannot be read as the schema describes (a byte-order mark, a header
split by semicolons, a column missing) is one finding and no table; a row with the
wrong number of cells is one finding, and the table is marked incomplete.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from book.rules.cells import typed_record
from book.rules.findings import Collector, Table, show

__all__ = ["read_table"]

DELIMITERS = ((";", "semicolons"), ("\t", "tabs"), ("|", "pipes"))


def read_table(root: Path, res: dict[str, Any], out: Collector) -> Table | None:
    """The resource ``res`` read from ``root``, typed; ``None`` if it cannot be."""
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
    if not _header_fits(path.name, header, [f["name"] for f in fields], out):
        return None
    table = Table(res["name"], res["path"], fields, [], [])
    try:
        _read_records(rows, header, table, out)
    except csv.Error as exc:
        out.add(path.name, None, None, "csv", f"the file cannot be read as CSV: {exc}")
        return None
    return table


def _read_text(path: Path, out: Collector) -> str | None:
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


def _rows(text: str) -> Iterable[tuple[int, list[str]]]:
    """(editor line where the row starts, cells) for every row, header included.

    A quoted cell may hold line breaks, so a row's number is the line it starts on,
    counted the way an editor counts, not the row's index.
    """
    reader = csv.reader(io.StringIO(text, newline=""))
    end = 0
    for cells in reader:
        start, end = end + 1, reader.line_num
        yield start, cells


def _header_fits(
    file: str, header: list[str], names: list[str], out: Collector
) -> bool:
    """Whether the header has every described column once (extra ones reported)."""
    if len(header) == 1 and len(names) > 1:
        for sep, label in DELIMITERS:
            if sep in header[0]:
                out.add(
                    file,
                    1,
                    None,
                    "delimiter",
                    f"the header is split by {label}; columns must be separated "
                    "by commas",
                )
                return False
    repeated = sorted({h for h in header if header.count(h) > 1})
    for name in repeated:
        out.add(
            file,
            1,
            name,
            "duplicate-column",
            f"column {show(name)} appears {header.count(name)} times in the header; "
            "keep one",
        )
    missing = [n for n in names if n not in header]
    extra = [h for h in header if h not in names]
    for name in missing:
        out.add(file, 1, name, "missing-column", "required column is missing")
    for name in dict.fromkeys(extra):
        out.add(
            file,
            1,
            name,
            "extra-column",
            f"column {show(name)} is not described in datapackage.json",
        )
    return not (missing or repeated)


def _read_records(
    rows: Iterator[tuple[int, list[str]]],
    header: list[str],
    table: Table,
    out: Collector,
) -> None:
    """Every row after the header, typed into ``table`` (blank lines skipped)."""
    by_name = {f["name"]: f for f in table.fields}
    for line_no, cells in rows:
        if not cells:
            continue
        if len(cells) != len(header):
            out.add(
                table.file,
                line_no,
                None,
                "row-length",
                f"row has {len(cells)} cells but the header has {len(header)} "
                "(a comma inside a value must be quoted; a quote must close)",
            )
            table.incomplete = True
            continue
        loc = (table.file, line_no)
        table.records.append(typed_record(header, cells, by_name, loc, table, out))
        table.rows.append(line_no)
