"""Exercises of the chapter "Conclusion: what makes it work, and open questions"."""

from __future__ import annotations

from book.data import BookData
from book.exercises import ChoiceExercise, NumberExercise

LOWER_BOUNDS = ("more_than", "at_least")
"""Qualifiers that make a figure a lower bound: the true value is at least as big."""

SECTIONS = ("intro", "platforms", "guangdong-box", "mechanism", "industry")
"""The article's parts, as named in the ``section`` column of article_facts.csv."""


def _share_of_facts(data: BookData, qualifiers: tuple[str, ...]) -> float:
    """Percentage of the article's figures whose qualifier is one of these."""
    facts = data.facts
    return 100 * float(facts["qualifier"].isin(qualifiers).mean())


def _count_of_facts(data: BookData, qualifiers: tuple[str, ...]) -> float:
    return float(data.facts["qualifier"].isin(qualifiers).sum())


def _not_exact_share(data: BookData) -> float:
    return 100 * float((data.facts["qualifier"] != "exact").mean())


def _latest_rows(data: BookData, indicator: str):
    rows = data.series(indicator)
    return rows[rows["year"] == rows["year"].max()]


def _cities_published(data: BookData, indicator: str = "gdp_per_capita") -> float:
    """Cities with a published (non-missing) value in the indicator's latest year."""
    return float(_latest_rows(data, indicator)["value"].notna().sum())


def _cities_with_rows(data: BookData, indicator: str = "gdp_per_capita") -> float:
    return float(len(_latest_rows(data, indicator)))


def _cities_missing(data: BookData, indicator: str = "gdp_per_capita") -> float:
    return float(_latest_rows(data, indicator)["value"].isna().sum())


def _busiest_section(data: BookData) -> str:
    return str(data.facts["section"].value_counts().idxmax())


EXERCISES = [
    NumberExercise(
        "open-lower-bound-share",
        expected=lambda d: _share_of_facts(d, LOWER_BOUNDS),
        unit="% of the article's figures",
        slips=(
            (
                lambda d: _share_of_facts(d, (*LOWER_BOUNDS, "nearly")),
                "you counted 'nearly' (近) as a lower bound: 'nearly N' means a "
                "little under N, so the figure is an upper bound",
            ),
            (
                lambda d: _share_of_facts(d, ("more_than",)),
                "'more than' is not the only lower bound: 'at least' (以上) "
                "also says the true value is the figure or more",
            ),
            (
                _not_exact_share,
                "not every qualified figure is a lower bound: 'about' is "
                "approximate, 'nearly', 'less than' and 'up to' are upper bounds, "
                "and a range has both ends",
            ),
            (
                lambda d: _count_of_facts(d, LOWER_BOUNDS),
                "that is the number of lower-bound figures: divide by the number "
                "of all the article's figures and express it in percent",
            ),
        ),
        scale_hints={
            100: "that looks like a fraction: express the share as a percentage "
            "(multiply by 100)",
        },
    ),
    NumberExercise(
        "open-gdp-per-capita-cities",
        expected=_cities_published,
        unit="cities",
        atol=0,
        slips=(
            (
                _cities_with_rows,
                "that counts rows: a row can exist with an empty value when the "
                "source marks the figure as missing. Count the values that are "
                "not missing (.notna())",
            ),
            (
                _cities_missing,
                "that is the number of cities whose figure is missing; the "
                "question asks how many have one",
            ),
        ),
    ),
    ChoiceExercise(
        "open-top-section",
        options=SECTIONS,
        expected=_busiest_section,
        hint="not that one: count the rows of d.facts per value of the "
        "'section' column (value_counts) and take the largest. The side box "
        "('guangdong-box') is counted on its own, not with 'platforms'",
    ),
]
"""The chapter's auto-checked exercises."""
