"""The contract: what the book's code reads is still in the package.

``book/contract.json`` (written by ``make contract``) lists each resource and field
the code reads, with its type, and the rows the chapters look up by id. A package
that drops or retypes one of them is rejected here, with a message that says so,
instead of failing later in a chapter with a ``KeyError``.
"""

from __future__ import annotations

from typing import Any

from book.rules.findings import Collector, Table

__all__ = ["check_contract", "check_named_ids"]


def check_contract(
    descriptor: dict[str, Any], contract: dict[str, dict[str, str]], out: Collector
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


def check_named_ids(
    table: Table | None, schema: dict[str, Any], ids: list[str], out: Collector
) -> None:
    """Rows the code looks up by id are still there."""
    key = schema.get("primaryKey", [])
    if table is None or len(key) != 1 or table.unsure(key[0]):
        return  # an id may be in a row or cell reported already
    present = {r.get(key[0]) for r in table.records}
    for missing in (i for i in ids if i not in present):
        out.add(
            table.file, None, key[0], "contract",
            f"{key[0]} '{missing}' is gone, but the book's code looks it up "
            "(book/contract.json): restore the row, or change the code and run "
            "make contract",
        )  # fmt: skip
