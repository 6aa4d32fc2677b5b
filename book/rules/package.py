"""The whole package checked: descriptor, contract, every table, then across tables.

The order matters: a descriptor that cannot be used stops everything (no CSV file is
read against a schema that is wrong); each table is read and typed on its own; the
rules across rows and tables then see only cells that passed their own checks.
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

from book import descriptor as shape
from book import plausible
from book.rules.contract import check_contract, check_named_ids
from book.rules.findings import Collector, Finding, Table, by_location
from book.rules.indicators import check_indicator_rows
from book.rules.keys import check_foreign_keys, check_primary_key
from book.rules.reading import read_table
from book.rules.rows import check_coordinates, check_percent_and_range, check_sources

__all__ = ["check_package"]

DESCRIPTOR = "datapackage.json"
INDICATOR_TABLES = (("city_indicators", "city"), ("national_indicators", "national"))


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
    out = Collector()
    descriptor = _load_descriptor(root, out)
    if descriptor is not None and contract:
        check_contract(descriptor, contract.get("resources", {}), out)
    if descriptor is None or out.findings:
        return {}, out.findings
    resources = descriptor.get("resources", [])
    tables = _read_tables(root, resources, out)
    schemas = {r["name"]: r["schema"] for r in resources}
    _check_across_tables(tables, schemas, out)
    _check_rows(tables, out)
    out.findings += plausible.check(tables, descriptor)
    for name, ids in (contract or {}).get("ids", {}).items():
        check_named_ids(tables.get(name), schemas.get(name, {}), ids, out)
    return tables, by_location(out.findings)


def _load_descriptor(root: Path, out: Collector) -> dict[str, Any] | None:
    """The parsed descriptor, or ``None`` (with findings) if it cannot be used."""
    path = root / DESCRIPTOR
    if not path.exists():
        out.add(DESCRIPTOR, None, None, "package", "datapackage.json is missing")
        return None
    try:
        text = path.read_text(encoding="utf-8")
        parsed = json.loads(text)
    except UnicodeDecodeError:
        out.add(DESCRIPTOR, None, None, "package", "not valid UTF-8")
        return None
    except json.JSONDecodeError as exc:
        out.add(DESCRIPTOR, exc.lineno, None, "package", f"not valid JSON: {exc.msg}")
        return None
    issues = shape.check(parsed, text)
    for issue in issues:
        out.add(DESCRIPTOR, issue.line, issue.path, issue.rule, issue.message)
    return None if issues else parsed


def _read_tables(
    root: Path, resources: list[dict[str, Any]], out: Collector
) -> dict[str, Table]:
    """Every described CSV file that can be read; the others, and strays, reported."""
    described = {r["path"] for r in resources}
    for csv_path in sorted(root.glob("*.csv")):
        if csv_path.name not in described:
            out.add(
                csv_path.name, None, None, "undescribed-resource",
                "CSV file is not described in datapackage.json; add a resource "
                "for it or move it out of data/",
            )  # fmt: skip
    tables: dict[str, Table] = {}
    for res in resources:
        if not (root / res["path"]).exists():
            out.add(
                res["path"], None, None, "missing-resource",
                "listed in datapackage.json but not found on disk",
            )  # fmt: skip
            continue
        table = read_table(root, res, out)
        if table is not None:
            tables[res["name"]] = table
    return tables


def _check_across_tables(
    tables: dict[str, Table], schemas: dict[str, dict[str, Any]], out: Collector
) -> None:
    """Keys within and between tables; indicator rows against their indicator."""
    for name, table in tables.items():
        check_primary_key(table, schemas[name], out)
        check_foreign_keys(table, schemas[name], tables, out)
    if {"indicators", "cities"} <= tables.keys():
        for name, geo in INDICATOR_TABLES:
            if name in tables:
                check_indicator_rows(tables[name], tables, out, geo)


def _check_rows(tables: dict[str, Table], out: Collector) -> None:
    """The row rules of every table that has the columns they read."""
    for table in tables.values():
        names = {f["name"] for f in table.fields}
        if {"value", "unit"} <= names and "indicator_id" not in names:
            check_percent_and_range(table, out)
        if {"lat", "lon", "coord_source_id"} <= names:
            check_coordinates(table, out)
    if "sources" in tables:
        check_sources(tables["sources"], out)
