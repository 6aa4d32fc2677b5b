"""Exercises of the chapter "Conclusion: what makes it work, and open questions"."""

from __future__ import annotations

from book.data import BookData
from book.exercises import FRACTION_HINT, ChoiceExercise, Mistake, NumberExercise

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


# ------------------------------------------------ solutions, as a student writes them


def _lower_share(d: BookData, qualifiers: tuple[str, ...] = LOWER_BOUNDS) -> float:
    """Percentage of the article's figures with one of these qualifiers."""
    counts = d.facts["qualifier"].value_counts()
    return float(100 * counts.reindex(qualifiers, fill_value=0).sum() / counts.sum())


def _gdppc_cities(d: BookData, *, count: str = "published") -> int:
    """Cities with a GDP per person in the latest year (or a slip's count)."""
    gdppc = d.series("gdp_per_capita")
    latest = gdppc[gdppc["year"] == gdppc["year"].max()]["value"]
    if count == "rows":  # a row can hold an empty value
        return len(latest)
    return int(latest.isna().sum() if count == "missing" else latest.notna().sum())


EXERCISES = [
    NumberExercise(
        "open-lower-bound-share",
        expected=lambda d: _share_of_facts(d, LOWER_BOUNDS),
        unit="% of the article's figures",
        decimals=1,
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
        scale_hints={100: FRACTION_HINT},
        solution=_lower_share,
        mistakes=(
            Mistake(
                lambda d: _lower_share(d, (*LOWER_BOUNDS, "nearly")), "counted 'nearly'"
            ),
            Mistake(
                lambda d: _lower_share(d, ("more_than",)), "not the only lower bound"
            ),
            Mistake(lambda d: 100 - _lower_share(d, ("exact",)), "not every qualified"),
            Mistake(
                lambda d: _lower_share(d) * len(d.facts) / 100,
                "the number of lower-bound figures",
            ),
            Mistake(lambda d: _lower_share(d) / 100, "looks like a fraction"),
        ),
    ),
    NumberExercise(
        "open-gdp-per-capita-cities",
        expected=_cities_published,
        unit="cities",
        decimals=0,
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
        solution=_gdppc_cities,
        mistakes=(
            Mistake(lambda d: _gdppc_cities(d, count="rows"), "that counts rows"),
            Mistake(lambda d: _gdppc_cities(d, count="missing"), "figure is missing"),
        ),
    ),
    ChoiceExercise(
        "open-top-section",
        options=SECTIONS,
        expected=_busiest_section,
        hint="not that one: count the rows of d.facts per value of the "
        "'section' column (value_counts) and take the largest. The side box "
        "('guangdong-box') is counted on its own, not with 'platforms'",
        solution=lambda d: d.facts.groupby("section").size().idxmax(),
        mistakes=(
            # max() of a text column is the last name in alphabetical order
            Mistake(lambda d: d.facts["section"].max(), "take the largest"),
            Mistake(
                lambda d: d.facts["section"].value_counts(ascending=True).index[0],
                "take the largest",
            ),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
