"""A dated list of events: one row each, a dot at its date, the label beside it."""

from __future__ import annotations

from typing import Unpack

import altair as alt
import pandas as pd

from book.charts.frame import ChartText, titled
from book.charts.gaps import gap_labels, is_valid

__all__ = ["timeline"]


def timeline(
    frame: pd.DataFrame,
    *,
    date: str = "date",
    label: str = "label",
    kind: str = "kind",
    width: int = 300,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """A dated list of events: one row each, a dot at its date, the label beside it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per event with ``date`` (ISO text, a year or year-month allowed),
        ``label`` and ``kind`` (colour). Events without a date come last, without
        a dot, labelled "<label>: no data" (with the ``note``, if any).
    date, label, kind : str
        Column names.
    width : int
        Width of the time axis in pixels (labels extend to the right).
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled` (a
        timeline has no unit).

    """
    data = _in_date_order(frame, date, label)
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
    rule = base.mark_rule(color="#e0e0e0").encode(x=alt.value(0), x2=alt.value(width))
    dots = base.mark_circle(size=90, opacity=1).encode(
        x=x,
        color=alt.Color(f"{kind}:N", title="Kind"),
        tooltip=[
            alt.Tooltip("when_text:N", title="Date"),
            alt.Tooltip(f"{label}:N", title="Event"),
            alt.Tooltip(f"{kind}:N", title="Kind"),
        ],
    )
    texts = (
        base.transform_filter(is_valid("when"))
        .mark_text(align="left", dx=8)
        .encode(x=alt.value(width), text="display:N")
    )
    gaps = gap_labels(base, "when", subject=label, style={"dx": 8}, x=alt.value(width))
    chart = alt.layer(rule, dots, texts, gaps).properties(
        width=width, height=alt.Step(22)
    )
    return titled(chart, unit=None, **words)


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
    data["display"] = data["when_text"] + "  " + data[label]
    return data
