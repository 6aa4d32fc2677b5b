"""The summary table of docs/benchmarks.md: a measure's verdict, and one row put in.

``make bench`` writes the whole file; the tools that measure one thing on their own
(``bench.py --comparison``, ``testbench.py``) put their row in with :func:`set_row`.
"""

from __future__ import annotations

from pathlib import Path


def mark(value: float, target: float) -> str:
    """The last cell of a row: does ``value`` meet its (upper) ``target``?"""
    return "meets the target" if value <= target else "**misses the target**"


def set_row(
    report: Path, prefix: str, row: str, *, before: str = "", after: str = ""
) -> None:
    """Replace the row of ``report`` starting with ``prefix`` by ``row``; with none,
    insert it before the row starting with ``before`` or after the one with ``after``.
    """
    lines = report.read_text(encoding="utf-8").splitlines()
    found = [i for i, line in enumerate(lines) if line.startswith(prefix)]
    if found:
        lines[found[0]] = row
    else:
        anchor = before or after
        at = next(i for i, line in enumerate(lines) if line.startswith(anchor))
        lines.insert(at if before else at + 1, row)
    report.write_text("\n".join(lines) + "\n", encoding="utf-8")
