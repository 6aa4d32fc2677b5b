"""Shared fixtures: the repository, a scratch copy of data/, and the built book."""

from __future__ import annotations

import csv
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"
BIN = Path(sys.executable).parent


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(
    path: Path, rows: list[dict[str, str]], fields: list[str] | None = None
) -> None:
    fields = fields or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path: Path, match: dict[str, str], column: str, value: str) -> int:
    """Set a cell of the first row matching ``match``; return its row (header = 1)."""
    rows = read_rows(path)
    for index, row in enumerate(rows):
        if all(row[k] == v for k, v in match.items()):
            row[column] = value
            write_rows(path, rows)
            return index + 2
    raise AssertionError(f"no row matching {match} in {path.name}")


def build_book(
    source: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the same Jupyter Book command as `make book` (warnings are errors)."""
    command = [
        str(BIN / "jupyter-book"), "build", str(source), "--builder", "html",
        "-W", "-n", "--keep-going",
    ]  # fmt: skip
    return subprocess.run(command, capture_output=True, text=True, env=env, timeout=900)


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book built from this checkout into _build/html (incremental, as make book)."""
    result = build_book(ROOT)
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return HTML
