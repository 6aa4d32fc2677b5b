"""Exercises of the chapter "Platforms and big science facilities"."""

from __future__ import annotations

from book.data import BookData
from book.exercises import FRACTION_HINT, Mistake, NumberExercise

HOURS_PER_YEAR = 24 * 365
"""Hours in a common year: the yardstick for a cumulative run time."""

BOX_LABS = (
    "guangdong-national-key-laboratories",
    "guangdong-provincial-key-laboratories",
    "guangdong-gba-joint-laboratories",
)
"""The three laboratory lines of the article's side box on Guangdong."""


def _value(data: BookData, fact_id: str) -> float:
    return data.fact(fact_id).value


def _run_years(data: BookData) -> float:
    return _value(data, "guangming-synbio-run-hours") / HOURS_PER_YEAR


def _sz_share(data: BookData, denominator: str) -> float:
    shenzhen = _value(data, "shenzhen-national-key-laboratories")
    return 100 * shenzhen / _value(data, denominator)


def _box_labs(data: BookData) -> float:
    return sum(_value(data, fact_id) for fact_id in BOX_LABS)


# ------------------------------------------------ solutions, as a student writes them


def _years_nonstop(d: BookData, *, hours_per_year: float = 24 * 365) -> float:
    """The run time in years of round-the-clock running."""
    return d.fact("guangming-synbio-run-hours").value / hours_per_year


SZ_LABS = "shenzhen-national-key-laboratories"
GD_LABS = "guangdong-national-key-laboratories"


def _key_lab_share(
    d: BookData, part: str = SZ_LABS, whole: tuple[str, ...] = (GD_LABS,)
) -> float:
    """One count of the article in percent of the sum of others (fact ids)."""
    counts = d.facts.set_index("fact_id")["value"]
    return float(100 * counts[part] / counts[list(whole)].sum())


def _most_labs(d: BookData, *, lines: tuple[str, ...] = BOX_LABS) -> float:
    """The sum of these lines of the side box (distinct laboratories at most)."""
    return float(d.facts_for(list(lines))["value"].sum())


EXERCISES = [
    NumberExercise(
        "platforms-runhours-years",
        expected=_run_years,
        unit="years of non-stop running",
        decimals=1,
        slips=(
            (
                lambda d: _value(d, "guangming-synbio-run-hours") / 365,
                "that is hours divided by days: a year has 24 hours in each of "
                "its 365 days, so divide by both",
            ),
            (
                lambda d: _value(d, "guangming-synbio-run-hours") / 24,
                "that is a number of days, not years: divide by 365 as well",
            ),
        ),
        scale_hints={
            10: "your answer is 10 times too small: 万 means ten thousand, so "
            "10万 is ten times 万; take the value from the data",
            1 / 10: "your answer is 10 times too large: check how you read 10万",
        },
        solution=_years_nonstop,
        mistakes=(
            Mistake(lambda d: _years_nonstop(d, hours_per_year=365), "divide by both"),
            Mistake(lambda d: _years_nonstop(d, hours_per_year=24), "number of days"),
            Mistake(lambda d: _years_nonstop(d) / 10, "10 times too small"),
            Mistake(lambda d: _years_nonstop(d) * 10, "10 times too large"),
        ),
    ),
    NumberExercise(
        "platforms-sz-share-key-labs",
        expected=lambda d: _sz_share(d, "guangdong-national-key-laboratories"),
        unit="% of Guangdong's national key laboratories, one decimal",
        decimals=1,
        atol=0.1,
        slips=(
            (
                lambda d: (
                    100
                    * _value(d, "guangdong-national-key-laboratories")
                    / _value(d, "shenzhen-national-key-laboratories")
                ),
                "the division is upside down: the part (Shenzhen) goes on top, "
                "the whole (Guangdong) below",
            ),
            (
                lambda d: _sz_share(d, "guangdong-provincial-key-laboratories"),
                "that divides by Guangdong's provincial key laboratories: compare "
                "national with national (and read the 等 and 国家/全国 caveat in "
                "the solution)",
            ),
            (
                lambda d: (
                    100 * _value(d, "shenzhen-national-key-laboratories") / _box_labs(d)
                ),
                "that divides by all the laboratories in the side box: the "
                "exercise asks about national key laboratories only",
            ),
        ),
        scale_hints={100: FRACTION_HINT},
        solution=_key_lab_share,
        mistakes=(
            Mistake(lambda d: _key_lab_share(d, GD_LABS, (SZ_LABS,)), "upside down"),
            Mistake(
                lambda d: _key_lab_share(
                    d, whole=("guangdong-provincial-key-laboratories",)
                ),
                "provincial key laboratories",
            ),
            Mistake(
                lambda d: _key_lab_share(d, whole=BOX_LABS), "all the laboratories"
            ),
            Mistake(lambda d: _key_lab_share(d) / 100, "looks like a fraction"),
        ),
    ),
    NumberExercise(
        "platforms-box-labs-most",
        expected=_box_labs,
        unit="laboratories (an upper bound)",
        decimals=0,
        atol=0.5,
        slips=(
            (
                lambda d: _box_labs(d) + _value(d, "guangdong-major-sci-facilities"),
                "you added the national major facilities: they are big science "
                "installations, not laboratories",
            ),
            (
                lambda d: (
                    _box_labs(d) + _value(d, "shenzhen-national-key-laboratories")
                ),
                "you added Shenzhen's national key laboratories: if they are the "
                "same kind, a city's laboratories are already inside its "
                "province's count",
            ),
            (
                lambda d: (
                    _box_labs(d) - _value(d, "guangdong-provincial-key-laboratories")
                ),
                "you left out the provincial key laboratories: the side box has "
                "three laboratory lines",
            ),
        ),
        solution=_most_labs,
        mistakes=(
            Mistake(
                lambda d: _most_labs(
                    d, lines=(*BOX_LABS, "guangdong-major-sci-facilities")
                ),
                "national major facilities",
            ),
            Mistake(
                lambda d: _most_labs(
                    d, lines=(*BOX_LABS, "shenzhen-national-key-laboratories")
                ),
                "Shenzhen's national key laboratories",
            ),
            Mistake(
                lambda d: _most_labs(d, lines=(BOX_LABS[0], BOX_LABS[2])),
                "left out the provincial",
            ),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
