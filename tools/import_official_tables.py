"""Rebuild the official-table rows of ``data/city_indicators.csv``.

The four ``tools/raw/BayArea-zh-CN-{1..4}.xls`` files are the official compilation
tables (sources named in them: Guangdong Statistics Bureau, Hong Kong Census and
Statistics Department, Macao DSEC), copied unchanged from the GitHub mirror
mo-ziqian/greater-bay-area-convergence-r (commit b4ea586). This script reads them and
prints tidy CSV rows. It is run by hand when the tables are refreshed, never by the
build: the committed CSV is the data, this script is its provenance.

Usage::

    python tools/import_official_tables.py > /tmp/rows.csv   # the official rows only
    python tools/import_official_tables.py --out /tmp/data   # the whole CSV file

With ``--out FOLDER`` it writes ``FOLDER/city_indicators.csv``: the official-table
rows first, then every row of ``data/city_indicators.csv`` from another source (land
area, firm counts, R&D intensity: entered by hand from their sources), unchanged.
``--out data`` refreshes the data in place; ``tests/test_import.py`` checks that the
committed file is exactly what this script writes.

Conventions
-----------
* Cells marked ``~`` ("没有数字", no figure) become rows with an empty value and a
  note giving the reason, so the gap stays visible.
* The flag column after each city carries ``r`` (修订数字, revised) or ``p``
  (临时数字, provisional); it becomes the ``flag`` column.
* Numbers are written as they appear in the table (no rounding).
"""

from __future__ import annotations

import argparse
import csv
import sys
import warnings
from pathlib import Path

import pandas as pd

RAW = Path(__file__).parent / "raw"
DATA = Path(__file__).resolve().parent.parent / "data"
FILE = "city_indicators.csv"
FIELDS = [
    "city_id", "indicator_id", "year", "value", "unit", "currency",
    "qualifier", "flag", "source_id", "note",
]  # fmt: skip

CITY_IDS = {
    "广州": "guangzhou",
    "深圳": "shenzhen",
    "珠海": "zhuhai",
    "佛山": "foshan",
    "惠州": "huizhou",
    "东莞": "dongguan",
    "中山": "zhongshan",
    "江门": "jiangmen",
    "肇庆": "zhaoqing",
    "香港特区": "hong-kong",
    "澳门": "macao",
}
CURRENCY = {"hong-kong": "HKD", "macao": "MOP"}

TABLES = {
    1: ("population", "10,000 persons", "official-gba-population"),
    2: ("gdp", "100 million, local currency", "official-gba-gdp"),
    3: ("gdp_per_capita", "local currency per person", "official-gba-gdp-per-capita"),
    4: ("employment", "10,000 persons", "official-gba-employment"),
}
MONEY = {"gdp", "gdp_per_capita"}


def _city_columns(header: pd.Series) -> dict[int, str]:
    """Map column positions to city ids from the table's header row."""
    cols = {}
    for pos, label in header.items():
        if isinstance(label, str):
            name = label.split("\n")[0].strip()
            if name in CITY_IDS:
                cols[int(pos)] = CITY_IDS[name]
    return cols


def read_table(number: int) -> list[dict[str, str]]:
    indicator, unit, source = TABLES[number]
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")
        raw = pd.read_excel(
            RAW / f"BayArea-zh-CN-{number}.xls", header=None, dtype=object
        )
    header_row = raw.index[raw[0].astype(str).str.strip() == "年"][0]
    cities = _city_columns(raw.loc[header_row])
    rows = []
    for _, line in raw.loc[header_row + 1 :].iterrows():
        year = line[0]
        if not isinstance(year, (int, float)) or pd.isna(year):
            continue
        for pos, city in cities.items():
            cell = line[pos]
            flag = line[pos + 1] if pos + 1 < len(line) else None
            stray = ""
            if isinstance(flag, (int, float)) and not pd.isna(flag):
                stray = (
                    f"; the table has a stray number {flag:g} in the flag column "
                    "next to it (ignored)"
                )
            flag = (
                flag.strip() if isinstance(flag, str) and flag.strip() in "rp" else ""
            )
            if isinstance(cell, str) and cell.strip() == "~":
                value, note = "", "marked '~' (no figure) in the official table"
            elif cell is None or (isinstance(cell, float) and pd.isna(cell)):
                continue  # year not covered for this city: absent row
            else:
                value, note = repr(float(cell)).removesuffix(".0"), ""
            note = (note + stray).lstrip("; ")
            rows.append(
                {
                    "city_id": city,
                    "indicator_id": indicator,
                    "year": str(int(year)),
                    "value": value,
                    "unit": unit,
                    "currency": CURRENCY.get(city, "CNY") if indicator in MONEY else "",
                    "qualifier": "exact" if value else "",
                    "flag": flag,
                    "source_id": source,
                    "note": note,
                }
            )
    return rows


def official_rows() -> list[dict[str, str]]:
    """The rows of the four official tables, in table, year and city order."""
    return [row for number in TABLES for row in read_table(number)]


def other_rows(data: Path = DATA) -> list[dict[str, str]]:
    """The rows of ``data/city_indicators.csv`` that no official table supplies."""
    official = {source for _, _, source in TABLES.values()}
    with (data / FILE).open(encoding="utf-8", newline="") as handle:
        return [r for r in csv.DictReader(handle) if r["source_id"] not in official]


def write(rows: list[dict[str, str]], handle) -> None:
    """Write ``rows`` as the data package writes CSV (LF line ends, minimal quoting)."""
    writer = csv.DictWriter(handle, fieldnames=FIELDS, lineterminator="\n")
    writer.writeheader()
    writer.writerows(rows)


def main(argv: list[str] | None = None) -> None:
    """Print the official rows, or write the whole file into ``--out``."""
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument(
        "--out",
        type=Path,
        help=f"folder to write {FILE} into (official rows, then the other rows "
        "of data/); without it, print the official rows",
    )
    args = parser.parse_args(argv)
    if args.out is None:
        write(official_rows(), sys.stdout)
        return
    rows = official_rows() + other_rows()  # read data/ before --out data rewrites it
    args.out.mkdir(parents=True, exist_ok=True)
    with (args.out / FILE).open("w", encoding="utf-8", newline="") as handle:
        write(rows, handle)


if __name__ == "__main__":
    main()
