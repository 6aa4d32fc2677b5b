"""Exercises of the chapter "Industry"."""

from __future__ import annotations

from book.data import BookData
from book.exercises import FRACTION_HINT, ChoiceExercise, Mistake, NumberExercise

EXPORT_LEVELS = {
    # article figure -> lower bound of its size class, in 100 million yuan, as the
    # fact's note in data/article_facts.csv spells it out (万亿元级, 千亿元级, 百亿元级)
    "guangdong-trillion-export-clusters": 10_000,
    "guangdong-100bn-export-clusters": 1_000,
    "guangdong-10bn-export-clusters": 100,
}
"""Guangdong's export-cluster levels and the threshold each level stands for."""

HUNDRED_BILLION = 1_000
"""100 billion yuan in the article's unit (100 million yuan)."""


def clusters_at_least(data: BookData, threshold: float) -> float:
    """Export clusters whose level is at or above ``threshold`` (100 million yuan)."""
    return sum(
        data.fact(fact_id).value
        for fact_id, level in EXPORT_LEVELS.items()
        if level >= threshold
    )


def _clusters_one_level(data: BookData, fact_id: str) -> float:
    return data.fact(fact_id).value


def _batch3(data: BookData) -> dict[str, float]:
    rows = data.series("little_giant_firms_batch3")
    return dict(zip(rows["city_id"], rows["value"], strict=True))


def shenzhen_batch3_share(data: BookData) -> float:
    """Shenzhen's share (%) of the nine mainland cities' little giants, batch 3."""
    counts = _batch3(data)
    return 100 * counts["shenzhen"] / sum(counts.values())


def _shenzhen_share_of_others(data: BookData) -> float:
    counts = _batch3(data)
    return 100 * counts["shenzhen"] / (sum(counts.values()) - counts["shenzhen"])


def _article_over_batch3_total(data: BookData) -> float:
    counts = _batch3(data)
    return 100 * data.fact("shenzhen-little-giant-firms").value / sum(counts.values())


def shenzhen_little_giants_added(data: BookData) -> float:
    """Little giants in the article's count that were not in the end-2023 count."""
    end_2023 = data.value("shenzhen", "little_giant_firms", 2023)
    return data.fact("shenzhen-little-giant-firms").value - end_2023


def _added_since_batch3(data: BookData) -> float:
    return data.fact("shenzhen-little-giant-firms").value - _batch3(data)["shenzhen"]


ZHUHAI_OPTIONS = ("value added", "gross output", "neither")


def _basis(metric: str) -> str:
    return "value added" if "value added" in metric else "gross output"


def zhuhai_computable(data: BookData) -> str:
    """What Zhuhai's output figure times its advanced-manufacturing share yields.

    A share of value added can only be applied to a total of value added (and a
    share of output to a total of output); mixing the two measures yields neither.
    """
    share = _basis(data.fact("zhuhai-advanced-manufacturing-share").metric)
    total = _basis(data.fact("zhuhai-industrial-output").metric)
    return share if share == total else "neither"


# ------------------------------------------------ solutions, as a student writes them

LEVEL_IDS = {
    "trillion": "guangdong-trillion-export-clusters",
    "100bn": "guangdong-100bn-export-clusters",
    "10bn": "guangdong-10bn-export-clusters",
}
"""The article's three export-cluster levels, by the size the level's name gives."""


def _clusters(d: BookData, *levels: str) -> float:
    """How many export clusters the article puts at these levels."""
    return float(d.facts_for([LEVEL_IDS[level] for level in levels])["value"].sum())


def _snapshot_share(
    d: BookData, *, count: str = "snapshot", whole: str = "all"
) -> float:
    """Shenzhen's share of the batch-three little giants (or a slip's version)."""
    snapshot = d.series("little_giant_firms_batch3").set_index("city_id")["value"]
    part = snapshot["shenzhen"]
    if count == "article":
        part = d.fact("shenzhen-little-giant-firms").value
    total = snapshot.sum() if whole == "all" else snapshot.drop("shenzhen").sum()
    return float(100 * part / total)


def _added(d: BookData, *, since: str = "little_giant_firms") -> float:
    """Firms in the article's count beyond Shenzhen's end-2023 figure in ``since``."""
    rows = d.series(since, cities=["shenzhen"])
    if since == "little_giant_firms":
        rows = rows[rows["year"] == 2023]
    return d.fact("shenzhen-little-giant-firms").value - float(rows["value"].iloc[0])


ZHUHAI_SHARE, ZHUHAI_TOTAL = (
    "zhuhai-advanced-manufacturing-share",
    "zhuhai-industrial-output",
)


def _measure(d: BookData, fact_id: str) -> str:
    """What a figure measures, read from its Chinese wording (增加值 or 总产值)."""
    return "value added" if "增加值" in d.fact(fact_id).phrase_zh else "gross output"


def _computable(d: BookData) -> str:
    """A share applies only to a total of the same measure; otherwise neither."""
    share, total = _measure(d, ZHUHAI_SHARE), _measure(d, ZHUHAI_TOTAL)
    return share if share == total else "neither"


EXERCISES = [
    NumberExercise(
        "industry-export-clusters-100bn",
        expected=lambda d: clusters_at_least(d, HUNDRED_BILLION),
        unit="export clusters",
        decimals=0,
        atol=0,
        slips=(
            (
                lambda d: _clusters_one_level(d, "guangdong-100bn-export-clusters"),
                "that counts only the hundred-billion-yuan level: a cluster at the "
                "trillion-yuan level is also above 100 billion yuan",
            ),
            (
                lambda d: clusters_at_least(d, 0),
                "that counts every level: the ten-billion-yuan level (百亿元级) starts "
                "at 10 billion yuan, below the threshold",
            ),
            (
                lambda d: _clusters_one_level(d, "guangdong-trillion-export-clusters"),
                "that counts only the trillion-yuan level: the hundred-billion-yuan "
                "level (千亿元级) is also at or above 100 billion yuan",
            ),
        ),
        solution=lambda d: _clusters(d, "trillion", "100bn"),
        mistakes=(
            Mistake(lambda d: _clusters(d, "100bn"), "only the hundred-billion"),
            Mistake(lambda d: _clusters(d, "trillion", "100bn", "10bn"), "every level"),
            Mistake(lambda d: _clusters(d, "trillion"), "only the trillion"),
        ),
    ),
    NumberExercise(
        "industry-sz-little-giant-share",
        expected=shenzhen_batch3_share,
        unit="% of the nine mainland cities' little giants, one decimal",
        decimals=1,
        atol=0.06,
        slips=(
            (
                _shenzhen_share_of_others,
                "you divided by the other eight cities only: the total must include "
                "Shenzhen itself",
            ),
            (
                _article_over_batch3_total,
                "that mixes two definitions: the article's count is years newer than "
                "the batch-three snapshot. Use the snapshot for both numbers",
            ),
        ),
        scale_hints={100: FRACTION_HINT},
        solution=_snapshot_share,
        mistakes=(
            Mistake(lambda d: _snapshot_share(d, whole="others"), "other eight"),
            Mistake(lambda d: _snapshot_share(d, count="article"), "two definitions"),
            Mistake(lambda d: _snapshot_share(d) / 100, "looks like a fraction"),
        ),
    ),
    NumberExercise(
        "industry-sz-little-giants-added",
        expected=shenzhen_little_giants_added,
        unit="firms",
        decimals=0,
        atol=0,
        slips=(
            (
                _added_since_batch3,
                "that is the growth since the batch-three snapshot; the exercise "
                "asks for the growth since the end-2023 figure in "
                "little_giant_firms",
            ),
        ),
        solution=_added,
        mistakes=(
            Mistake(
                lambda d: _added(d, since="little_giant_firms_batch3"),
                "since the batch-three snapshot",
            ),
        ),
    ),
    ChoiceExercise(
        "industry-zhuhai-computable",
        options=ZHUHAI_OPTIONS,
        expected=zhuhai_computable,
        hint="compare what the share is a share of (增加值, value added) with what "
        "the total measures (总产值, gross output): a share can only be applied to "
        "a total of the same measure",
        solution=_computable,
        mistakes=(
            Mistake(lambda d: _measure(d, ZHUHAI_SHARE), "compare what the share"),
            Mistake(lambda d: _measure(d, ZHUHAI_TOTAL), "the same measure"),
        ),
    ),
]
"""The chapter's auto-checked exercises."""
