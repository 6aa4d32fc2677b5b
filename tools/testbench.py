"""Time the test suite as `make test` runs it (issue 15, target 6), and write its row
of docs/benchmarks.md: ``python tools/testbench.py`` (after `make setup`).

It runs `make test` (pytest-xdist, one process per core, whole files per process)
in this checkout, so the book in _build/ is built incrementally
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

from rows import mark, set_row

ROOT = Path(__file__).resolve().parent.parent
TARGET = 300.0
"""Seconds after set-up (issue 15, target 6)."""

PREFIX = "| `make test` after set-up"


def row(seconds: float, passed: int, processes: str) -> str:
    """The summary row of one timed run."""
    minutes, rest = divmod(round(seconds), 60)
    return (
        f"{PREFIX} ({passed} tests, {processes} processes on {os.cpu_count()} cores)"
        f" | {minutes} min {rest:02d} s | ≤ {TARGET / 60:.0f} min | {mark(seconds, TARGET)} |"
    )


def main() -> int:
    processes = os.environ.get("TEST_JOBS", "auto")
    command = ["make", "--no-print-directory", "test", f"TEST_JOBS={processes}"]
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
    set_row(ROOT / "docs" / "benchmarks.md", PREFIX, new_row, after="| grading ")
    print(new_row)
    return 0


if __name__ == "__main__":
    sys.exit(main())
