"""Check the shape of ``datapackage.json`` before any CSV file is read.

A malformed descriptor (not an object, a resource without a schema, a field type
typed wrong, a pattern that is not a regular expression) would otherwise crash the
reader with a traceback. Here each problem becomes one issue with the line of the
descriptor it is on and a JSON path (``resources[3].schema.fields[2].type``), which
:mod:`book.rules` reports as a finding; the CSV files are then not read at all.

This module imports nothing from the rest of ``book``.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any
from urllib.parse import urlsplit

__all__ = ["Issue", "check", "web_address"]

TYPES = ("string", "integer", "number", "boolean", "date")
CONSTRAINTS = ("required", "enum", "pattern", "minimum", "maximum")
EXTENSIONS = ("gba:listOf", "gba:partialDate", "gba:maxChange", "gba:sums")
NAME = re.compile(r"[a-z][a-z0-9_]*")
CSV_PATH = re.compile(r"[A-Za-z0-9_-]+\.csv")


@dataclass(frozen=True)
class Issue:
    """One problem in the descriptor."""

    line: int | None
    path: str
    rule: str
    message: str


def web_address(value: str) -> str | None:
    """Why ``value`` is no ``http``/``https`` address with a host (None if it is)."""
    parts = urlsplit(value.strip())
    if parts.scheme.lower() not in ("http", "https"):
        return "an address must start with http:// or https://"
    if not parts.hostname or "." not in parts.hostname:
        return "an address needs a host name (e.g. https://www.stats.gov.cn/...)"
    if any(c.isspace() for c in value.strip()) or any(c in value for c in '<>"`'):
        return "an address cannot hold spaces, quotes or angle brackets"
    return None


class _Locator:
    """Line numbers of names in the descriptor's text, found in reading order."""

    def __init__(self, text: str) -> None:
        self.text = text

    def line(self, *names: str) -> int | None:
        """The line of the last of ``names`` (``"name": "x"``), found in turn."""
        offset = 0
        for name in names:
            match = re.compile(r'"name"\s*:\s*"' + re.escape(name) + '"').search(
                self.text, offset
            )
            if match is None:
                return None
            offset = match.end()
        return self.text.count("\n", 0, offset) + 1


def check(descriptor: Any, text: str) -> list[Issue]:
    """Every structural problem of a parsed ``datapackage.json`` (empty if sound)."""
    where = _Locator(text)
    issues: list[Issue] = []

    def add(
        line: int | None, path: str, message: str, rule: str = "descriptor"
    ) -> None:
        issues.append(Issue(line, path, rule, message))

    if not isinstance(descriptor, dict):
        add(1, "(top)", "datapackage.json must hold one JSON object ({...})")
        return issues
    for key in ("licenses", "sources"):
        for index, item in enumerate(descriptor.get(key) or []):
            path = item.get("path", "") if isinstance(item, dict) else ""
            if "://" in str(path) or str(path).startswith(("javascript:", "data:")):
                why = web_address(str(path))
                if why:
                    add(None, f"{key}[{index}].path", why, "address")
    resources = descriptor.get("resources")
    if not isinstance(resources, list) or not resources:
        add(None, "resources", "the package needs a list of resources")
        return issues
    names = [r.get("name") for r in resources if isinstance(r, dict)]
    for index, resource in enumerate(resources):
        _resource(resource, f"resources[{index}]", names, resources, where, add)
    return issues


def _resource(
    resource: Any,
    path: str,
    names: list[Any],
    resources: list[Any],
    where: _Locator,
    add: Any,
) -> None:
    if not isinstance(resource, dict):
        add(None, path, "each resource must be an object")
        return
    name = resource.get("name")
    line = where.line(name) if isinstance(name, str) else None
    _resource_names(resource, path, names, line, add)
    schema = resource.get("schema")
    fields = schema.get("fields") if isinstance(schema, dict) else None
    if not isinstance(fields, list) or not fields:
        add(line, f"{path}.schema", "a resource needs a schema with a list of fields")
        return
    field_names = [f.get("name") for f in fields if isinstance(f, dict)]
    for index, spec in enumerate(fields):
        _field(spec, f"{path}.schema.fields[{index}]", name, field_names, where, add)
        if isinstance(spec, dict):
            _extensions(
                spec, f"{path}.schema.fields[{index}]", name, resources, where, add
            )
    _keys(schema, field_names, resources, line, f"{path}.schema", add)
    for index, rule in enumerate(resource.get("gba:sums") or []):
        _sum(rule, field_names, line, f"{path}.gba:sums[{index}]", add)


def _resource_names(
    resource: dict[str, Any], path: str, names: list[Any], line: int | None, add: Any
) -> None:
    """A resource's name (unique), CSV path, title and description."""
    name = resource.get("name")
    if not isinstance(name, str) or not NAME.fullmatch(name):
        add(line, f"{path}.name", "a resource needs a name in lower case (a-z, 0-9, _)")
    elif names.count(name) > 1:
        add(line, f"{path}.name", f"resource name '{name}' is used twice")
    if not isinstance(resource.get("path"), str) or not CSV_PATH.fullmatch(
        resource["path"]
    ):
        add(line, f"{path}.path", "path must be a CSV file name in data/ (e.g. x.csv)")
    for key in ("title", "description"):
        if key in resource and not isinstance(resource[key], str):
            add(line, f"{path}.{key}", f"{key} must be text")


def _keys(
    schema: dict[str, Any],
    field_names: list[Any],
    resources: list[Any],
    line: int | None,
    path: str,
    add: Any,
) -> None:
    """The primary key names fields; each foreign key refers to a described field."""
    for key in schema.get("primaryKey") or []:
        if key not in field_names:
            add(line, f"{path}.primaryKey", f"primary key '{key}' is not a field")
    for index, fk in enumerate(schema.get("foreignKeys") or []):
        fk_path = f"{path}.foreignKeys[{index}]"
        try:
            column = fk["fields"][0]
            target, target_field = (
                fk["reference"]["resource"],
                fk["reference"]["fields"][0],
            )
        except (KeyError, IndexError, TypeError):
            add(line, fk_path, "a foreign key needs fields and a reference")
            continue
        _reference(
            column, field_names, target, target_field, resources, line, fk_path, add
        )


def _sum(
    rule: Any, field_names: list[Any], line: int | None, path: str, add: Any
) -> None:
    """A ``gba:sums`` rule names a total field and part fields of the resource."""
    parts = rule.get("parts") if isinstance(rule, dict) else None
    total = rule.get("total") if isinstance(rule, dict) else None
    if (
        not isinstance(parts, list)
        or total not in field_names
        or any(p not in field_names for p in parts)
    ):
        add(line, path, "a sum needs a total field and part fields")


def _field(
    spec: Any, path: str, resource: Any, names: list[Any], where: _Locator, add: Any
) -> None:
    if not isinstance(spec, dict):
        add(None, path, "each field must be an object")
        return
    name = spec.get("name")
    line = where.line(str(resource), name) if isinstance(name, str) else None
    if not isinstance(name, str) or not NAME.fullmatch(name):
        add(line, f"{path}.name", "a field needs a name in lower case (a-z, 0-9, _)")
    elif names.count(name) > 1:
        add(line, f"{path}.name", f"field '{name}' is described twice")
    kind = spec.get("type", "string")
    if kind not in TYPES:
        add(
            line,
            f"{path}.type",
            f"unknown type {kind!r}; use one of: {', '.join(TYPES)}",
        )
    cons = spec.get("constraints", {})
    if not isinstance(cons, dict):
        add(line, f"{path}.constraints", "constraints must be an object")
        return
    for key in cons:
        if key not in CONSTRAINTS:
            add(line, f"{path}.constraints.{key}", f"unknown constraint {key!r}")
    if "required" in cons and not isinstance(cons["required"], bool):
        add(line, f"{path}.constraints.required", "required is true or false")
    if "enum" in cons and (
        not isinstance(cons["enum"], list)
        or not all(isinstance(v, (str, int, float)) for v in cons["enum"])
    ):
        add(line, f"{path}.constraints.enum", "enum must be a list of values")
    if "pattern" in cons:
        try:
            re.compile(str(cons["pattern"]))
        except re.error as exc:
            add(line, f"{path}.constraints.pattern", f"not a regular expression: {exc}")
    low, high = cons.get("minimum"), cons.get("maximum")
    for key, value in (("minimum", low), ("maximum", high)):
        if value is not None and (
            isinstance(value, bool) or not isinstance(value, (int, float))
        ):
            add(line, f"{path}.constraints.{key}", f"{key} must be a number")
    if isinstance(low, (int, float)) and isinstance(high, (int, float)) and low > high:
        add(line, f"{path}.constraints", f"minimum {low} is above maximum {high}")


def _extensions(
    spec: dict[str, Any],
    path: str,
    resource: Any,
    resources: list[Any],
    where: _Locator,
    add: Any,
) -> None:
    line = where.line(str(resource), str(spec.get("name")))
    target = spec.get("gba:listOf")
    if target is not None:
        if not isinstance(target, dict):
            add(line, f"{path}.gba:listOf", "gba:listOf needs a resource and a field")
        else:
            _reference(
                spec.get("name"), [spec.get("name")], target.get("resource"),
                target.get("field"), resources, line, f"{path}.gba:listOf", add,
            )  # fmt: skip
    if "gba:partialDate" in spec and spec["gba:partialDate"] is not True:
        add(line, f"{path}.gba:partialDate", "gba:partialDate is true or absent")
    change = spec.get("gba:maxChange")
    if change is not None and not (
        isinstance(change, dict)
        and isinstance(change.get("ratio"), (int, float))
        and change["ratio"] > 0
        and isinstance(change.get("by"), list)
        and isinstance(change.get("order"), str)
    ):
        add(
            line,
            f"{path}.gba:maxChange",
            "gba:maxChange needs by, order and a ratio > 0",
        )


def _reference(
    column: Any,
    fields: list[Any],
    target: Any,
    target_field: Any,
    resources: list[Any],
    line: int | None,
    path: str,
    add: Any,
) -> None:
    if column not in fields:
        add(line, path, f"'{column}' is not a field of this resource")
        return
    found = next(
        (r for r in resources if isinstance(r, dict) and r.get("name") == target), None
    )
    schema = found.get("schema") if isinstance(found, dict) else None
    fields_there = (
        [f.get("name") for f in schema.get("fields", []) if isinstance(f, dict)]
        if isinstance(schema, dict)
        else []
    )
    if found is None:
        add(line, path, f"refers to resource '{target}', which is not described")
    elif target_field not in fields_there:
        add(line, path, f"refers to '{target}.{target_field}', which is not a field")
