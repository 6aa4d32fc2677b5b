"""The frame every chart shares: title with unit, source line, description, colours.

A chapter can build a chart's core in plain Altair and give it the book's frame::

    core = alt.Chart(data).mark_bar().encode(x="value:Q", y="city:N")
    charts.titled(core, title="Population", unit="million persons",
                  source=d.source_line("official-gba-population"),
                  description="Bars of population by city.")
"""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import NotRequired, TypedDict

import altair as alt
import pandas as pd

from book.theme import JURISDICTION_COLORS, city_scale

__all__ = [
    "JURISDICTION_LABELS",
    "SUBTITLE_WIDTH",
    "TITLE_WIDTH",
    "ChartText",
    "city_color",
    "human",
    "jurisdiction_color",
    "titled",
    "with_jurisdiction_labels",
]

TITLE_WIDTH = 64
"""Characters per title line: longer titles wrap instead of widening the chart."""
SUBTITLE_WIDTH = 96
"""Characters per subtitle (source and note) line."""

JURISDICTION_LABELS = {"mainland": "Mainland city", "sar": "SAR (Hong Kong, Macao)"}
"""Legend words for the ``jurisdiction`` column (see :func:`jurisdiction_color`)."""


class ChartText(TypedDict):
    """The words around a chart that every builder passes on to :func:`titled`."""

    title: str
    source: str
    description: str
    notes: NotRequired[Sequence[str]]
    headline: NotRequired[str]


def titled(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    unit: str | None,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    headline: str = "",
) -> alt.TopLevelMixin:
    """Give a chart its headline, subtitle, notes, source line and description.

    Parameters
    ----------
    chart : altair chart
        Any top-level chart.
    title : str
        What the chart plots, without the unit: it becomes the subtitle.
    unit : str or None
        Unit of the plotted values, added to the subtitle in brackets.
    source : str
        The source line, e.g. from :meth:`book.data.BookData.source_line`.
    description : str
        One or two sentences a screen reader announces in place of the picture.
    notes : sequence of str
        Definitions and caveats, shown under the chart before the source.
    headline : str
        The finding in words, its figures computed from the data (default: title).

    Returns
    -------
    altair chart
        The chart with ``title`` (headline; subtitle, notes and source as subtitle
        lines, as Jupyter shows them), ``description`` and ``usermeta``. The web
        page shows these words as text that wraps (:mod:`book.embed`).

    Raises
    ------
    ValueError
        If the description is empty: every chart needs one for screen readers.

    """
    if not description.strip():
        raise ValueError("a chart needs a description for screen readers")
    subject = f"{title} ({unit})" if unit else title
    head = headline or title
    subtitle = [subject] if headline else ([f"({unit})"] if unit else [])
    parts = (*subtitle, *notes, source)
    lines = [line for part in parts for line in textwrap.wrap(part, SUBTITLE_WIDTH)]
    return chart.properties(
        title=alt.Title(text=textwrap.wrap(head, TITLE_WIDTH), subtitle=lines),
        description=description,
        usermeta={
            "subtitle": subtitle[0] if subtitle else "",
            "notes": list(notes),
            "source": source,
            "unit": unit or "",
        },
    )


def human(field: str) -> str:
    """Words for a column name in a tooltip: ``"travel_time"`` -> "Travel time"."""
    words = field.replace("_", " ").strip()
    return words[:1].upper() + words[1:]


def city_color(field: str = "city", cities: Sequence[str] | None = None) -> alt.Color:
    """Colour by city, each in its book-wide colour (:data:`~book.theme.CITY_COLORS`).

    Parameters
    ----------
    field : str
        The column of English city names (or city ids).
    cities : sequence of str, optional
        The cities in the chart (all eleven ids when omitted).

    Returns
    -------
    altair.Color
        Without a legend: charts name the cities on an axis or beside the marks.
    """
    return alt.Color(
        f"{field}:N",
        scale=alt.Scale(**city_scale(None if cities is None else list(cities))),
        legend=None,
    )


def jurisdiction_color(title: str = "") -> alt.Color:
    """Colour encoding that keeps mainland cities and SARs the same in every chart.

    It colours by the column ``jurisdiction_label`` that
    :func:`with_jurisdiction_labels` adds.
    """
    return alt.Color(
        "jurisdiction_label:N",
        title=title or None,
        scale=alt.Scale(
            domain=list(JURISDICTION_LABELS.values()),
            range=[JURISDICTION_COLORS["mainland"], JURISDICTION_COLORS["sar"]],
        ),
    )


def with_jurisdiction_labels(frame: pd.DataFrame) -> pd.DataFrame:
    """A copy of ``frame`` with the legend words of its ``jurisdiction`` column.

    Adds ``jurisdiction_label`` ("Mainland city", "SAR (Hong Kong, Macao)") when the
    frame has a ``jurisdiction`` column; the input is left untouched.
    """
    out = frame.copy()
    if "jurisdiction" in out:
        out["jurisdiction_label"] = out["jurisdiction"].map(JURISDICTION_LABELS)
    return out
