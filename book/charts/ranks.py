"""Ranks over editions of a league table: one cluster's history, or several at once.

Rank 1 is at the top. An edition without a rank breaks the line; the gap is
labelled at the top of the plot above that edition (one cluster) or in a note under
the title (several, whose lines would cover a label).
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from itertools import pairwise
from typing import Unpack

import altair as alt
import pandas as pd

from book.charts.frame import ChartText, human, titled
from book.charts.gaps import GAP_IN_PLACE, gap_labels, gap_note
from book.fmt import ordinal
from book.theme import ACCENT, CONTEXT, MUTED, QUIET, REFERENCE

__all__ = ["bump_chart", "rank_history"]

METHODS = {
    "pct": "PCT patents only",
    "pct+pubs": "PCT patents + publications",
    "pct+pubs+vc": "adds venture-capital deals",
}
"""Words for the GII cluster ranking's method ids."""
GAP_Y = 8
"""Pixels from the top where an edition without a rank says "no data"."""


def _rank_y(field: str, top: int, **axis: str) -> alt.Y:
    """Ranks 1 to ``top`` on the y axis, rank 1 at the top."""
    return alt.Y(
        f"{field}:Q",
        title="Rank (1 = top)",
        scale=alt.Scale(domain=[top + 0.5, 0.5], nice=False),
        axis=alt.Axis(values=list(range(1, top + 1)), **axis),
    )


def _changes(data: pd.DataFrame, height: int) -> pd.DataFrame:
    """Editions where the method or the published name changes, for rule markers.

    One row per change: ``x`` (half an edition before it), ``label``, ``ypix`` (one
    line each, stacked up from the bottom) and ``right`` (past the middle: the label
    goes left of its rule).
    """
    changes = []
    for previous, row in pairwise(data.itertuples()):
        if row.method != previous.method:
            label = f"method: {METHODS[row.method]}"
            changes.append({"edition": row.edition, "label": label})
        if row.cluster != previous.cluster:
            changes.append({"edition": row.edition, "label": f"renamed: {row.cluster}"})
    marks = pd.DataFrame(changes, columns=["edition", "label"])
    marks["x"] = marks["edition"] - 0.5
    marks["label"] = marks["label"].map(lambda text: "\n".join(textwrap.wrap(text, 24)))
    lines_below = (marks["label"].str.count("\n") + 1)[::-1].cumsum()[::-1]
    marks["ypix"] = height - 4 - 13 * lines_below
    middle = (data["edition"].min() + data["edition"].max()) / 2
    marks["right"] = marks["x"] > middle
    return marks


def rank_history(
    frame: pd.DataFrame,
    *,
    width: int = 520,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """A cluster's rank by edition, rank 1 at the top, with method and name changes.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per edition with ``edition``, ``rank``, ``cluster`` (name as
        published), ``method`` and ``confidence``. Editions where the method or the
        published name changes get a labelled marker, derived from the data. An
        edition without a rank is labelled "no data" (with the ``note``, if any)
        at the top of the plot.
    width : int
        Width in pixels.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled` (a
        rank has no unit).

    """
    height = 220
    data = frame.sort_values("edition").copy()
    previous = data["rank"].shift()
    same_rank = data["rank"].eq(previous) & previous.notna()  # written where it changes
    data["rank_label"] = (
        data["rank"].map(ordinal, na_action="ignore").mask(same_rank, "")
    )
    changes = _changes(data, height)
    top = int(max(3, data["rank"].max() + 1))
    x_scale = alt.Scale(
        domain=[int(data["edition"].min()) - 0.5, int(data["edition"].max()) + 0.5],
        zero=False,
        nice=False,
    )
    x = alt.X(
        "edition:Q",
        title="GII edition",
        scale=x_scale,
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    base = alt.Chart(data).encode(x=x, y=_rank_y("rank", top, format="d"))
    gaps = gap_labels(base, "rank", style=GAP_IN_PLACE, y=alt.value(GAP_Y))
    chart = alt.layer(*_change_marks(changes, x_scale), *_rank_marks(base), gaps)
    return titled(chart.properties(width=width, height=height), unit=None, **words)


def _change_marks(changes: pd.DataFrame, x_scale: alt.Scale) -> list[alt.Chart]:
    """A dashed rule before each change, its label beside it (see :func:`_changes`)."""
    rules = (
        alt.Chart(changes)
        .mark_rule(strokeDash=[4, 3], color=MUTED)
        .encode(x=alt.X("x:Q", scale=x_scale))
    )
    texts = [
        alt.Chart(changes[changes["right"] == right])
        .mark_text(
            align=align,
            baseline="top",
            dx=dx,
            color="#555555",
            fontSize=11,
            lineBreak="\n",
        )
        .encode(
            x=alt.X("x:Q", scale=x_scale), y=alt.Y("ypix:Q", scale=None), text="label:N"
        )
        for right, align, dx in ((False, "left", 3), (True, "right", -3))
    ]
    return [rules, *texts]


def _rank_marks(base: alt.Chart) -> list[alt.Chart]:
    """The ranked editions: a line, a point shaped by confidence, the rank in words."""
    line = base.mark_line(color=ACCENT)
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape(
            "confidence:N",
            title="Confidence in the rank",
            scale=alt.Scale(
                domain=["high", "medium-high", "medium"],
                range=["circle", "diamond", "triangle-up"],
            ),
        ),
        color=alt.value(ACCENT),
        tooltip=[
            alt.Tooltip("edition:Q", title="Edition", format="d"),
            alt.Tooltip("cluster:N", title="Published name"),
            alt.Tooltip("rank:Q", title="Rank"),
            alt.Tooltip("method:N", title="Method"),
            alt.Tooltip("confidence:N", title="Confidence"),
        ],
    )
    text = base.mark_text(dy=-14, fontWeight=600).encode(text="rank_label:N")
    return [line, points, text]


EMPHASIS = alt.Color(
    "emphasis:N",
    scale=alt.Scale(
        domain=["the Bay", "named", "other"], range=[ACCENT, REFERENCE, CONTEXT]
    ),
    legend=None,
)
"""The bump chart's colours: the Bay's entity, other named ones, the rest."""
NAME_EMPHASIS = alt.Color(
    "emphasis:N",
    scale=alt.Scale(
        domain=["the Bay", "named", "other"], range=[ACCENT, REFERENCE, QUIET]
    ),
    legend=None,
)
"""The same for the names at the line ends: the rest in a grey text can be read in."""


def bump_chart(
    frame: pd.DataFrame,
    *,
    edition: str = "edition",
    rank: str = "rank",
    series: str = "cluster",
    highlight: Sequence[str] = (),
    width: int = 420,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """Ranks of several entities across editions, rank 1 at the top.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long form: one row per entity and edition. A missing rank breaks the
        entity's line and is named in a note under the title ("No data: <entity>
        (<edition>)"): a label in the plot would sit on other entities' lines.
    edition, rank, series : str
        Column names.
    highlight : sequence of str
        Entities to pick out: the first in the accent colour, the others dark.
    width : int
        Width in pixels.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled` (ranks
        have no unit).

    """
    data = frame.copy()
    data["emphasis"] = _emphasis(data[series], list(highlight))
    ranked = data.dropna(subset=[rank])
    last = ranked.sort_values(edition).groupby(series).tail(1)
    top = int(data[rank].max())
    x = alt.X(f"{edition}:O", title="GII edition", axis=alt.Axis(labelAngle=0))
    y = _rank_y(rank, top)
    base = alt.Chart(data).encode(x=x, y=y, detail=f"{series}:N")
    lines = base.mark_line(strokeWidth=2).encode(color=EMPHASIS)
    points = base.mark_circle(size=50, opacity=1).encode(
        color=EMPHASIS,
        tooltip=[
            alt.Tooltip(f"{series}:N", title=human(series)),
            alt.Tooltip(f"{edition}:O", title="GII edition"),
            alt.Tooltip(f"{rank}:Q", title="Rank"),
        ],
    )
    names = (
        alt.Chart(last.copy())
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(x=x, y=y, text=f"{series}:N", color=NAME_EMPHASIS)
    )
    unranked = data[data[rank].isna()]
    words["notes"] = [
        *words.get("notes", ()),
        *gap_note(
            "No data", unranked[series] + " (" + unranked[edition].astype(str) + ")"
        ),
    ]
    chart = alt.layer(lines, points, names)
    return titled(chart.properties(width=width, height=20 * top), unit=None, **words)


def _emphasis(names: pd.Series, highlight: list[str]) -> pd.Series:
    """Each name's emphasis: the first highlighted, the other highlighted, the rest."""
    return (
        pd.Series("other", index=names.index)
        .mask(names.isin(highlight), "named")
        .mask(names.isin(highlight[:1]), "the Bay")
    )
