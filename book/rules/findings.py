"""What the rules report and what they read: findings, parsed tables, quoted values."""

from __future__ import annotations

import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from dataclasses import field as dataclass_field
from pathlib import Path
from typing import Any

__all__ = ["Collector", "Finding", "Table", "by_location", "show"]

LOOKALIKE_SCRIPTS = ("CYRILLIC", "GREEK", "FULLWIDTH", "ARMENIAN")


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
            if script in LOOKALIKE_SCRIPTS:
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

    def failed(self, row: int, *columns: str) -> bool:
        """Whether a cell of ``row`` in ``columns`` failed its own check.

        Such a cell is reported once, where it is read, and holds ``None``: a
        later rule must not report it again as empty.
        """
        return any((row, column) in self.invalid for column in columns)

    def unsure(self, *columns: str) -> bool:
        """Whether a look-up in ``columns`` may miss a row the file holds.

        True when a row could not be read, or a cell of one of these columns failed
        its check: a rule that would report what the look-up misses must not, as
        the cause is reported already.
        """
        return self.incomplete or any(c in columns for _, c in self.invalid)

    def by_id(self, key: str) -> dict[Any, dict[str, Any]]:
        """Records by their ``key``, without the cells that failed their check.

        A failed cell is absent (not ``None``), so that a rule can tell a value
        reported already from an empty one.
        """
        return {
            rec[key]: {k: v for k, v in rec.items() if not self.failed(row, k)}
            for rec, row in zip(self.records, self.rows, strict=True)
            if not self.failed(row, key)
        }


class Collector:
    """The findings of one validation run, in the order the rules found them."""

    def __init__(self) -> None:
        self.findings: list[Finding] = []

    def add(
        self, file: str, row: int | None, column: str | None, rule: str, msg: str
    ) -> None:
        """Record one finding."""
        self.findings.append(Finding(file, row, column, rule, msg))


def by_location(findings: Iterable[Finding]) -> list[Finding]:
    """Findings by file, row, column and rule (ties keep the order found)."""
    return sorted(findings, key=lambda f: (f.file, f.row or 0, f.column or "", f.rule))
