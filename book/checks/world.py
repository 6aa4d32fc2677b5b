"""Exercises of the chapter "The Bay among the world's clusters"."""

from __future__ import annotations

from book.data import BookData
from book.exercises import Mistake, NumberExercise

BAY_CLUSTER = "shenzhen-hong-kong-guangzhou"
GBA = "Guangdong-Hong Kong-Macao Greater Bay Area"
SAN_FRANCISCO = "San Francisco Bay Area"


def _cluster_2023(data: BookData, cluster_id: str, column: str) -> float:
    rows = data.gii[
        (data.gii["edition"] == 2023) & (data.gii["cluster_id"] == cluster_id)
    ]
    return float(rows.iloc[0][column])


def _multiple_2023(data: BookData, column: str) -> float:
    bay = _cluster_2023(data, BAY_CLUSTER, column)
    return bay / _cluster_2023(data, "seoul", column)


def _bay_area(data: BookData, name: str, column: str) -> float:
    rows = data.bay_areas[data.bay_areas["bay_area"] == name]
    return float(rows.iloc[0][column])


def _per_person_recomputed(data: BookData, name: str) -> float:
    """GDP per person from the GDP and population columns (US dollars)."""
    gdp = _bay_area(data, name, "gdp_usd_bn") * 1e9
    return gdp / (_bay_area(data, name, "population_m") * 1e6)


def _bay_ranks(data: BookData):
    return data.gii[data.gii["cluster_id"] == BAY_CLUSTER]


def _editions_second(data: BookData, since: int | None = None) -> float:
    ranks = _bay_ranks(data)
    if since is not None:
        ranks = ranks[ranks["edition"] >= since]
    return float((ranks["rank"] == 2).sum())


# ------------------------------------------------ solutions, as a student writes them


def _seoul_multiple(d: BookData, column: str = "pct_applications") -> float:
    """The Bay's 2023 count over Seoul's, to two decimals (as the chapter)."""
    rows_2023 = d.gii[d.gii["edition"] == 2023].set_index("cluster_id")[column]
    return round(float(rows_2023[BAY_CLUSTER] / rows_2023["seoul"]), 2)


def _sf_multiple(d: BookData, column: str = "gdp_per_capita_usd") -> float:
    """San Francisco's figure over the GBA's, to two decimals."""
    figures = d.bay_areas.set_index("bay_area")
    if column == "recomputed":
        per_person = figures["gdp_usd_bn"] * 1e9 / (figures["population_m"] * 1e6)
    else:
        per_person = figures[column]
    return round(float(per_person[SAN_FRANCISCO] / per_person[GBA]), 2)


def _seconds(d: BookData, *, since: int = 0, confidence: str | None = None) -> int:
    """Editions (from ``since``) in which the Bay's cluster ranked second."""
    ranks = d.gii[(d.gii["cluster_id"] == BAY_CLUSTER) & (d.gii["edition"] >= since)]
    if confidence is not None:
        ranks = ranks[ranks["confidence"] == confidence]
    return int((ranks["rank"] == 2).sum())


EXERCISES = [
    NumberExercise(
        "world-pct-multiple-seoul",
        expected=lambda d: _multiple_2023(d, "pct_applications"),
        unit="times Seoul's PCT applications, two decimals",
        decimals=2,
        atol=0.01,
        slips=(
            (
                lambda d: 1 / _multiple_2023(d, "pct_applications"),
                "you divided the other way round: the Bay's count goes on top, "
                "Seoul's underneath",
            ),
            (
                lambda d: _multiple_2023(d, "publications"),
                "that is the ratio of scientific publications; the exercise asks "
                "about PCT applications (column pct_applications)",
            ),
            (
                lambda d: _multiple_2023(d, "pct_share"),
                "that is the ratio of the rounded shares (pct_share); use the "
                "counts in pct_applications, which are not rounded",
            ),
        ),
        solution=_seoul_multiple,
        mistakes=(
            Mistake(lambda d: round(1 / _seoul_multiple(d), 2), "other way round"),
            Mistake(lambda d: _seoul_multiple(d, "publications"), "publications"),
            Mistake(lambda d: _seoul_multiple(d, "pct_share"), "rounded shares"),
        ),
    ),
    NumberExercise(
        "world-gdp-per-person-sf",
        expected=lambda d: (
            _bay_area(d, SAN_FRANCISCO, "gdp_per_capita_usd")
            / _bay_area(d, GBA, "gdp_per_capita_usd")
        ),
        unit="times the GBA's published GDP per person, two decimals",
        decimals=2,
        atol=0.01,
        slips=(
            (
                lambda d: (
                    _bay_area(d, GBA, "gdp_per_capita_usd")
                    / _bay_area(d, SAN_FRANCISCO, "gdp_per_capita_usd")
                ),
                "you divided the other way round: San Francisco's figure goes on top",
            ),
            (
                lambda d: (
                    _per_person_recomputed(d, SAN_FRANCISCO)
                    / _per_person_recomputed(d, GBA)
                ),
                "you recomputed GDP per person from GDP and population; that is "
                "a fair idea (see the chapter), but the exercise asks for the "
                "published column gdp_per_capita_usd",
            ),
            (
                lambda d: (
                    _bay_area(d, SAN_FRANCISCO, "gdp_usd_bn")
                    / _bay_area(d, GBA, "gdp_usd_bn")
                ),
                "that is the ratio of total GDP; the exercise asks about GDP per "
                "person",
            ),
        ),
        solution=_sf_multiple,
        mistakes=(
            Mistake(lambda d: round(1 / _sf_multiple(d), 2), "other way round"),
            Mistake(lambda d: _sf_multiple(d, "recomputed"), "you recomputed"),
            Mistake(lambda d: _sf_multiple(d, "gdp_usd_bn"), "ratio of total GDP"),
        ),
    ),
    NumberExercise(
        "world-editions-second",
        expected=_editions_second,
        unit="editions",
        decimals=0,
        atol=0.01,
        slips=(
            (
                lambda d: _editions_second(d, since=2020),
                "that counts only the editions since Guangzhou joined the cluster "
                "(the 'five consecutive years' of the news reports); count every "
                "edition in the data, from the first",
            ),
            (
                lambda d: float(len(_bay_ranks(d))),
                "that is the number of editions in the data; count only those "
                "where the rank is 2",
            ),
            (
                lambda d: float(
                    (
                        (_bay_ranks(d)["rank"] == 2)
                        & (_bay_ranks(d)["confidence"] == "high")
                    ).sum()
                ),
                "you kept only the ranks with high confidence; the exercise counts "
                "every edition in the data, whatever its confidence",
            ),
        ),
        solution=_seconds,
        mistakes=(
            Mistake(lambda d: _seconds(d, since=2020), "since Guangzhou joined"),
            Mistake(
                lambda d: int((d.gii["cluster_id"] == BAY_CLUSTER).sum()),
                "where the rank is 2",
            ),
            Mistake(lambda d: _seconds(d, confidence="high"), "high confidence"),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
