"""tools/import_official_tables.py reproduces data/ from the raw official tables."""

from __future__ import annotations

import csv
import io
import subprocess
import sys
from pathlib import Path

from conftest import DATA, ROOT, read_rows

SCRIPT = ROOT / "tools" / "import_official_tables.py"
OFFICIAL = {
    "official-gba-population",
    "official-gba-gdp",
    "official-gba-gdp-per-capita",
    "official-gba-employment",
}


def _run(*args: str) -> str:
    result = subprocess.run(
        [sys.executable, str(SCRIPT), *args],
        capture_output=True,
        text=True,
        timeout=300,
        check=False,
    )
    assert result.returncode == 0, result.stderr[-2000:]
    return result.stdout


def test_the_script_writes_the_committed_file(tmp_path: Path) -> None:
    _run("--out", str(tmp_path))
    written = tmp_path / "city_indicators.csv"
    assert written.read_bytes() == (DATA / "city_indicators.csv").read_bytes()


def test_the_official_rows_come_from_the_raw_tables_alone() -> None:
    """Without --out the script reads nothing from data/: its rows are the data's."""
    printed = list(csv.DictReader(io.StringIO(_run())))
    committed = [
        row
        for row in read_rows(DATA / "city_indicators.csv")
        if row["source_id"] in OFFICIAL
    ]
    assert {row["source_id"] for row in printed} == OFFICIAL
    assert len(printed) > 1000  # four tables, eleven cities, about 25 years
    assert printed == committed
