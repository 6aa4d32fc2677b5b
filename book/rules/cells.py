"""Cell rules: each CSV cell typed and checked against its field in the schema.

A cell that fails here (type, required, Unicode form, enum, pattern, minimum or
maximum) is reported once and recorded in :attr:`Table.invalid`; its typed value is
``None``, and every later rule leaves it alone.
"""

from __future__ import annotations

import math
import re
import unicodedata
from datetime import date
from typing import Any

from book.rules.findings import Collector, Table, show

__all__ = ["typed_record"]

Location = tuple[str, int]
"""(file name, row) of a cell, as a finding names it."""


def typed_record(
    header: list[str],
    cells: list[str],
    by_name: dict[str, dict[str, Any]],
    loc: Location,
    table: Table,
    out: Collector,
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
        record[head] = None if table.failed(loc[1], head) else value
    return record


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
        return _parse_number(value, shown)
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


def _parse_number(value: str, shown: str) -> tuple[float | None, str | None]:
    if re.fullmatch(r"-?[0-9]{1,3}(,[0-9]{3})+(\.[0-9]+)?", value):
        return None, f"{shown} is not a number: write it without thousands separators"
    if not re.fullmatch(r"[-+]?([0-9]+\.?[0-9]*|\.[0-9]+)([eE][-+]?[0-9]+)?", value):
        return None, f"{shown} is not a number"
    number = float(value)
    if not math.isfinite(number):
        return None, f"{shown} is not a finite number"
    return number, None


def _check_constraints(
    value: Any, raw: str, field: dict[str, Any], loc: Location, out: Collector
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
    raw: str, field: dict[str, Any], loc: Location, out: Collector
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
    odd = [c for c in raw if _is_odd(c)]
    if not odd:
        return True
    out.add(
        *loc,
        field["name"],
        "unicode-form",
        f"{show(raw)} has full-width or invisible characters that compare unequal "
        f"to what they look like; write {show(_plain(raw, odd))}",
    )
    return False


def _is_odd(char: str) -> bool:
    """A width variant, an invisible format character or an ideographic space."""
    return (
        unicodedata.decomposition(char).split(" ")[0] in ("<wide>", "<narrow>")
        or unicodedata.category(char) == "Cf"
        or char == "\u3000"
    )


def _plain(raw: str, odd: list[str]) -> str:
    """``raw`` as it should be written: plain widths, plain spaces, no format marks."""
    return "".join(
        unicodedata.normalize("NFKC", c)
        if c in odd and c != "\u3000"
        else (" " if c == "\u3000" else c)
        for c in raw
        if unicodedata.category(c) != "Cf"
    )
