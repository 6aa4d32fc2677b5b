"""A dated list of events: one row each, a mark at its date, the label under it."""

from __future__ import annotations

import textwrap
from typing import Unpack

import altair as alt
import pandas as pd

from book.charts.frame import ChartText, titled
from book.charts.gaps import gap_labels, is_valid
from book.theme import FIRM

__all__ = ["LINE", "timeline"]

LINE = 40
"""Characters per line of an event's label."""


def timeline(
    frame: pd.DataFrame,
    *,
    date: str = "date",
    label: str = "label",
    kind: str = "kind",
    width: int = 520,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """A dated list of events: one row each, a mark at its date, the label under it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per event with ``date`` (ISO text, a year or year-month allowed),
        ``label`` and ``kind`` (the mark's shape). Events without a date come
        last, without a mark, labelled "<label>: no data" (with the ``note``).
    date, label, kind : str
        Column names.
    width : int
        Width of the time axis in pixels (the page narrows it to the screen).
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled` (a
        timeline has no unit).

    """
    data = _in_date_order(frame, date, label)
    data[kind] = data[kind].astype(str).str.replace("-", " ").str.capitalize()
    when = data["when"]
    x = alt.X(
        "when:T",
        title=None,
        scale=alt.Scale(
            domain=[
                (when.min() - pd.DateOffset(months=6)).isoformat(),
                (when.max() + pd.DateOffset(months=6)).isoformat(),
            ]
        ),
        axis=alt.Axis(format="%Y", tickCount=8, orient="top"),
    )
    base = alt.Chart(data).encode(y=alt.Y("row:O", axis=None))
    rule = base.mark_rule(color="#e0e0e0").encode(x=alt.value(0), x2=alt.value("width"))
    tooltip = [("when_text", "Date"), (label, "Event"), (kind, "Kind")]
    dots = base.mark_point(filled=True, size=80, opacity=1, color=FIRM).encode(
        x=x,
        shape=alt.Shape(f"{kind}:N", title="Kind"),
        tooltip=[alt.Tooltip(f"{f}:N", title=name) for f, name in tooltip],
    )
    # under the mark, so that a label of several lines never runs into it
    below = {"align": "left", "baseline": "top", "dy": 7, "lineBreak": "\n"}
    texts = (
        base.transform_filter(is_valid("when"))
        .mark_text(**below)
        .encode(x=alt.value(0), text="display:N")
    )
    gaps = gap_labels(base, "when", subject=label, style=below, x=alt.value(0))
    chart = alt.layer(rule, dots, texts, gaps).properties(
        width=width, height=alt.Step(22 + 14 * _lines(data["display"]))
    )
    return titled(chart, unit=None, **words)


def _lines(texts: pd.Series) -> int:
    """The most lines any label takes."""
    return int(texts.dropna().str.count("\n").max() + 1) if texts.notna().any() else 1


def _in_date_order(frame: pd.DataFrame, date: str, label: str) -> pd.DataFrame:
    """The events sorted by date (undated last), numbered, with a display line.

    Adds ``when`` (a timestamp), ``row``, ``when_text`` (the date as given) and
    ``display`` ("2019-02  Outline plan"), empty where the date is missing.
    """
    data = frame.copy()
    data["when"] = pd.to_datetime(data[date].astype(str), format="mixed")
    data = data.sort_values("when").reset_index(drop=True)
    data["row"] = data.index
    data["when_text"] = data[date].astype(str).where(data[date].notna())
    display = data["when_text"] + "  " + data[label]
    # lines of at most LINE characters keep a phone's card from scrolling
    data["display"] = display.map(
        lambda text: "\n".join(textwrap.wrap(text, LINE)), na_action="ignore"
    )
    return data
