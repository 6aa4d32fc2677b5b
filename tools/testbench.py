"""Time the test suite as `make test` runs it (issue 15, target 6), and write its row
of docs/benchmarks.md: ``python tools/testbench.py`` (after `make setup`).

It runs the same command as `make test` (pytest-xdist, one process per core, whole
files per process) in this checkout, so the book in _build/ is built incrementally
as `make test` builds it: a first run on a fresh clone is the honest number. `make
bench` keeps the row this writes; the full suite takes too long to run every bench.
"""

from __future__ import annotations

import os
import re
import subprocess
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
TARGET = 300.0
"""Seconds after set-up (issue 15, target 6)."""

PREFIX = "| `make test` after set-up"


def _mark(seconds: float) -> str:
    return "meets the target" if seconds <= TARGET else "**misses the target**"


def row(seconds: float, passed: int, processes: str) -> str:
    """The summary row of one timed run."""
    minutes, rest = divmod(round(seconds), 60)
    return (
        f"{PREFIX} ({passed} tests, {processes} processes on {os.cpu_count()} cores)"
        f" | {minutes} min {rest:02d} s | ≤ {TARGET / 60:.0f} min | {_mark(seconds)} |"
    )


def keep(old: str, lines: list[str]) -> list[str]:
    """``lines`` of a new report with the old report's test-suite row put back, after
    the grading row (the full bench does not run the suite)."""
    found = [line for line in old.splitlines() if line.startswith(PREFIX)]
    if not found:
        return lines
    at = next(i for i, line in enumerate(lines) if line.startswith("| grading "))
    return [*lines[: at + 1], found[0], *lines[at + 1 :]]


def write(target: Path, new_row: str) -> None:
    """Replace (or add, after the grading row) the test-suite row of ``target``."""
    lines = [
        line
        for line in target.read_text(encoding="utf-8").splitlines()
        if not line.startswith(PREFIX)
    ]
    at = next(i for i, line in enumerate(lines) if line.startswith("| grading "))
    lines.insert(at + 1, new_row)
    target.write_text("\n".join(lines) + "\n", encoding="utf-8")


def main() -> int:
    processes = os.environ.get("TEST_JOBS", "auto")
    command = [sys.executable, "-m", "pytest", "-n", processes, "--dist", "loadfile",
               "-q", "-p", "no:cacheprovider"]  # fmt: skip
    print("==> " + " ".join(command), flush=True)
    start = time.perf_counter()
    result = subprocess.run(command, cwd=ROOT, capture_output=True, text=True)
    seconds = time.perf_counter() - start
    print(result.stdout[-1500:])
    if result.returncode != 0:
        print("the suite failed: no row written")
        return 1
    passed = int(re.search(r"(\d+) passed", result.stdout)[1])
    shown = str(os.cpu_count()) if processes == "auto" else processes
    new_row = row(seconds, passed, shown)
    write(ROOT / "docs" / "benchmarks.md", new_row)
    print(new_row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
