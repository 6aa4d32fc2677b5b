"""Key rules across rows and tables: primary keys unique, foreign keys known.

Besides the schema's ``foreignKeys``, a field marked ``gba:listOf`` holds ids
separated by spaces (a figure's several sources), each of which must be known.
"""

from __future__ import annotations

from typing import Any

from book.rules.findings import Collector, Table, show

__all__ = ["check_foreign_keys", "check_primary_key"]

LIST_KEY = "gba:listOf"

Reference = tuple[str, str, str, bool]
"""(column, resource it refers to, field there, whether the cell is a list)."""


def check_primary_key(table: Table, schema: dict[str, Any], out: Collector) -> None:
    """Every row's primary key is unique (a key cell reported already is skipped)."""
    key = schema.get("primaryKey")
    if not key:
        return
    seen: dict[tuple, int] = {}
    for rec, row in zip(table.records, table.rows, strict=True):
        if table.failed(row, *key):
            continue  # its key cell is reported already
        value = tuple(rec.get(k) for k in key)
        if value in seen:
            shown = ", ".join(
                f"{k}={v if v is not None else '(empty)'}"
                for k, v in zip(key, value, strict=True)
            )
            out.add(
                table.file,
                row,
                ", ".join(key),
                "duplicate-key",
                f"duplicate key ({shown}); first seen in row {seen[value]}",
            )
        else:
            seen[value] = row


def check_foreign_keys(
    table: Table, schema: dict[str, Any], tables: dict[str, Table], out: Collector
) -> None:
    """Every id in a referring column is an id of the table it refers to."""
    for column, resource, ref_field, is_list in _references(table, schema):
        target = tables.get(resource)
        if target is None or target.unsure(ref_field):
            continue  # an id may be in a row or cell reported already
        known = {r.get(ref_field) for r in target.records}
        for rec, row in zip(table.records, table.rows, strict=True):
            value = rec.get(column)
            if value is None:
                continue
            for item in value.split() if is_list else [value]:
                if item not in known:
                    out.add(
                        table.file,
                        row,
                        column,
                        "foreign-key",
                        f"unknown {ref_field.replace('_', ' ')} {show(item)} "
                        f"(not in {target.path})",
                    )


def _references(table: Table, schema: dict[str, Any]) -> list[Reference]:
    refs: list[Reference] = []
    for fk in schema.get("foreignKeys", []):
        ref = fk["reference"]
        refs.append((fk["fields"][0], ref["resource"], ref["fields"][0], False))
    for field in table.fields:
        if LIST_KEY in field:
            target = field[LIST_KEY]
            refs.append((field["name"], target["resource"], target["field"], True))
    return refs
