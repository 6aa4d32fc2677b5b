"""Load the book's data package, validate it, and return tidy pandas frames.

Chapters never open CSV files by path: they call :func:`load`, which finds ``data/``
through the installed package (so it works from any working directory, including
Binder and Thebe, which run from the repository root), runs every validation rule
and refuses to return anything from a package that breaks one.

>>> from book import data
>>> d = data.load()
>>> d.value("shenzhen", "population", 2024)   # doctest: +SKIP
1798.95
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from functools import lru_cache
from pathlib import Path
from typing import Any

import pandas as pd

from book.credits import source_line
from book.geo import features
from book.location import DATA_ENV, data_dir
from book.reads import note
from book.rules import Finding, Table, check_package

__all__ = [
    "DATA_ENV",
    "BookData",
    "DataValidationError",
    "Fact",
    "data_dir",
    "load",
    "validate",
]

QUALIFIER_WORDS = {
    "exact": "",
    "more_than": "more than",
    "at_least": "at least",
    "about": "about",
    "nearly": "nearly",
    "less_than": "less than",
    "up_to": "up to",
    "range": "",
}
"""English words for each qualifier, as used in prose and chart labels."""


class DataValidationError(ValueError):
    """Raised when the data package breaks a validation rule.

    Attributes
    ----------
    findings : list of Finding
        Every violation, each naming file, row, column and rule.

    """

    def __init__(self, findings: list[Finding], root: Path) -> None:
        self.findings = findings
        lines = [f"{len(findings)} problem(s) in the data package {root}:"]
        lines += [f"  {f}" for f in findings[:50]]
        if len(findings) > 50:
            lines.append(f"  ... and {len(findings) - 50} more")
        super().__init__("\n".join(lines))


@dataclass(frozen=True)
class Fact:
    """One figure from the source article, with its qualifier.

    Attributes mirror the columns of ``article_facts.csv``.
    """

    fact_id: str
    entity: str
    metric: str
    value: float
    value_max: float | None
    unit: str
    qualifier: str
    as_of: str | None
    phrase_zh: str
    phrase_en: str
    note: str | None

    @classmethod
    def from_row(cls, row: pd.Series) -> Fact:
        """The fact in one row of the ``facts`` frame (missing cells as None)."""

        def _opt(value: object) -> object:
            return None if pd.isna(value) else value

        return cls(
            fact_id=row["fact_id"],
            entity=row["entity"],
            metric=row["metric"],
            value=float(row["value"]),
            value_max=_opt(row["value_max"]),
            unit=row["unit"],
            qualifier=row["qualifier"],
            as_of=_opt(row["as_of"]),
            phrase_zh=row["phrase_zh"],
            phrase_en=row["phrase_en"],
            note=_opt(row["note"]),
        )

    @property
    def qualifier_words(self) -> str:
        """The qualifier in words ("more than", "nearly", ...; empty if exact)."""
        return QUALIFIER_WORDS[self.qualifier]


CONTRACT_FILE = Path(__file__).resolve().parent / "contract.json"


def check(root: Path | str | None = None) -> tuple[dict[str, Table], list[Finding]]:
    """Run every rule, including the contract of what the book's code reads."""
    contract = json.loads(CONTRACT_FILE.read_text(encoding="utf-8"))
    return check_package(Path(root) if root else data_dir(), contract)


def validate(root: Path | str | None = None) -> list[Finding]:
    """Run every rule over the package and return the findings (empty = valid)."""
    return check(root)[1]


def _frame(table: Table) -> pd.DataFrame:
    frame = pd.DataFrame.from_records(
        table.records, columns=[f["name"] for f in table.fields]
    )
    for field in table.fields:
        name, kind = field["name"], field.get("type")
        if kind == "integer":
            frame[name] = frame[name].astype("Int64")
        elif kind == "number":
            frame[name] = frame[name].astype("float64")
        elif kind == "boolean":
            frame[name] = frame[name].astype("boolean")
    return frame


@dataclass(frozen=True)
class BookData:
    """The validated data package as tidy frames.

    Attributes
    ----------
    sources, cities, indicators : pandas.DataFrame
        Reference tables, one row per source, city and indicator.
    city_indicators : pandas.DataFrame
        Long form: one row per city, indicator and year, joined with city names,
        jurisdiction and indicator title. Missing figures have ``value`` NaN and a
        ``note`` with the reason.
    national : pandas.DataFrame
        China's totals, with ``vintage`` (preliminary or revised).
    exchange_rates : pandas.DataFrame
        Local currency units per US dollar by currency, year and basis.
    gii : pandas.DataFrame
        WIPO Global Innovation Index cluster ranks.
    facts : pandas.DataFrame
        Every figure in the source article.
    exceptions : pandas.DataFrame
        Real year-on-year changes beyond an indicator's ``max_change``, sourced.
    geography : pandas.DataFrame
        The land under the maps, one row per point of an outline (:meth:`land`).
    root : pathlib.Path
        The data folder these frames were read from.

    """

    sources: pd.DataFrame
    cities: pd.DataFrame
    indicators: pd.DataFrame
    city_indicators: pd.DataFrame
    national: pd.DataFrame
    exchange_rates: pd.DataFrame
    gii: pd.DataFrame
    gii_counts: pd.DataFrame
    facts: pd.DataFrame
    places: pd.DataFrame
    place_facts: pd.DataFrame
    events: pd.DataFrame
    travel_times: pd.DataFrame
    bay_areas: pd.DataFrame
    exceptions: pd.DataFrame
    geography: pd.DataFrame
    root: Path

    def __getattribute__(self, name: str) -> Any:
        note(name)  # book.reads: the build re-runs a chapter when what it read changes
        return object.__getattribute__(self, name)

    # ------------------------------------------------------------ look-ups
    def fact(self, fact_id: str) -> Fact:
        """Return one article figure by id (KeyError names close matches)."""
        rows = self.facts[self.facts["fact_id"] == fact_id]
        if rows.empty:
            close = [f for f in self.facts["fact_id"] if fact_id.split("-")[0] in f]
            raise KeyError(f"no article fact '{fact_id}'; similar ids: {close[:8]}")
        return Fact.from_row(rows.iloc[0])

    def facts_for(self, fact_ids: list[str]) -> pd.DataFrame:
        """Return the article figures with these ids, in this order.

        Chapters name the figures they show explicitly, so a test can check that
        every figure of the article is used somewhere in the book.

        Raises
        ------
        KeyError
            If an id is not in ``article_facts.csv``.
        """
        unknown = [f for f in fact_ids if f not in set(self.facts["fact_id"])]
        if unknown:
            raise KeyError(f"unknown article fact id(s): {unknown}")
        indexed = self.facts.set_index("fact_id")
        return indexed.loc[list(fact_ids)].reset_index()

    def land(self) -> list[dict[str, Any]]:
        """The land of mainland China, Hong Kong and Macao as GeoJSON features."""
        return features(self.geography)

    def place_fact(self, place_fact_id: str) -> pd.Series:
        """Return one row of ``place_facts.csv`` by id."""
        rows = self.place_facts[self.place_facts["place_fact_id"] == place_fact_id]
        if rows.empty:
            raise KeyError(f"no place fact '{place_fact_id}'")
        return rows.iloc[0]

    def series(
        self,
        indicator: str,
        *,
        cities: list[str] | None = None,
        years: tuple[int, int] | None = None,
        year: int | None = None,
    ) -> pd.DataFrame:
        """Return the tidy rows of one indicator, optionally filtered.

        Parameters
        ----------
        indicator : str
            Indicator id, e.g. ``"population"``.
        cities : list of str, optional
            City ids to keep (default: all 11).
        years : (int, int), optional
            Inclusive range of years to keep.
        year : int, optional
            A single year to keep.

        """
        if indicator not in set(self.indicators["indicator_id"]):
            known = ", ".join(self.indicators["indicator_id"])
            raise KeyError(f"unknown indicator '{indicator}'; known: {known}")
        frame = self.city_indicators[self.city_indicators["indicator_id"] == indicator]
        if cities is not None:
            unknown = set(cities) - set(self.cities["city_id"])
            if unknown:
                raise KeyError(f"unknown city id(s): {sorted(unknown)}")
            frame = frame[frame["city_id"].isin(cities)]
        if years is not None:
            frame = frame[frame["year"].between(*years)]
        if year is not None:
            frame = frame[frame["year"] == year]
        return frame.reset_index(drop=True)

    def value(self, city: str, indicator: str, year: int | None = None) -> float:
        """Return one city figure (KeyError if absent, ValueError if marked missing)."""
        rows = self.series(indicator, cities=[city])
        rows = rows[rows["year"].isna()] if year is None else rows[rows["year"] == year]
        if rows.empty:
            raise KeyError(f"no row for {city}, {indicator}, {year}")
        value = rows.iloc[0]["value"]
        if pd.isna(value):
            raise ValueError(
                f"{city}, {indicator}, {year} is missing: {rows.iloc[0]['note']}"
            )
        return float(value)

    def national_value(
        self, indicator: str, year: int | None = None, vintage: str = "preliminary"
    ) -> float:
        """Return one national (China) figure by indicator, year and vintage."""
        rows = self.national[self.national["indicator_id"] == indicator]
        if year is None:
            rows = rows[rows["year"].isna()]
        else:
            rows = rows[(rows["year"] == year) & (rows["vintage"] == vintage)]
        if rows.empty:
            raise KeyError(f"no national row for {indicator}, {year}, {vintage}")
        return float(rows.iloc[0]["value"])

    def indicator(self, indicator: str) -> pd.Series:
        """Return the metadata row of one indicator."""
        rows = self.indicators[self.indicators["indicator_id"] == indicator]
        if rows.empty:
            raise KeyError(f"unknown indicator '{indicator}'")
        return rows.iloc[0]

    def source_line(self, source_ids: list[str] | str, *, derived: bool = False) -> str:
        """Return a short "Source: ..." line for charts and tables.

        Parameters
        ----------
        source_ids : list of str or str
            Source ids (a string may hold several, separated by spaces).
        derived : bool
            Add "author's calculation" when the figure is computed from the sources.

        """
        return source_line(self.sources, source_ids, derived=derived)


@lru_cache(maxsize=4)
def _load_cached(root: Path, stamp: tuple[float, ...]) -> BookData:
    tables, findings = check(root)
    if findings:
        raise DataValidationError(findings, root)
    frames = {name: _frame(table) for name, table in tables.items()}
    cities = frames["cities"]
    indicators = frames["indicators"]
    long = frames["city_indicators"].merge(
        cities[["city_id", "name_en", "name_zh", "jurisdiction"]],
        on="city_id",
        how="left",
    )
    long = long.merge(
        indicators[["indicator_id", "title_en", "money"]], on="indicator_id", how="left"
    ).rename(columns={"name_en": "city", "title_en": "indicator"})
    order = [
        "city_id", "city", "name_zh", "jurisdiction", "indicator_id", "indicator",
        "year", "value", "unit", "currency", "money", "qualifier", "flag",
        "source_id", "note",
    ]  # fmt: skip
    return BookData(
        sources=frames["sources"],
        cities=cities,
        indicators=indicators,
        city_indicators=long[order],
        national=frames["national_indicators"],
        exchange_rates=frames["exchange_rates"],
        gii=frames["gii_clusters"],
        gii_counts=frames["gii_economy_counts"],
        facts=frames["article_facts"],
        places=frames["places"],
        place_facts=frames["place_facts"],
        events=frames["events"],
        travel_times=frames["travel_times"],
        bay_areas=frames["bay_areas"],
        exceptions=frames["plausibility_exceptions"],
        geography=frames["geography"],
        root=root,
    )


def load(root: Path | str | None = None) -> BookData:
    """Validate and load the data package.

    Parameters
    ----------
    root : path, optional
        Data folder (default: :func:`data_dir`).

    Returns
    -------
    BookData
        Tidy frames. Results are cached until a file in the folder changes.

    Raises
    ------
    DataValidationError
        If any rule fails; the message lists file, row, column and rule.

    """
    folder = Path(root or data_dir()).resolve()  # one cache entry per folder
    stamp = tuple(sorted(p.stat().st_mtime_ns for p in folder.glob("*") if p.is_file()))
    return _load_cached(folder, stamp)
