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

from book.theme import JURISDICTION_COLORS

__all__ = [
    "JURISDICTION_LABELS",
    "SUBTITLE_WIDTH",
    "TITLE_WIDTH",
    "ChartText",
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


def titled(
    chart: alt.TopLevelMixin,
    *,
    title: str,
    unit: str | None,
    source: str,
    description: str,
    notes: Sequence[str] = (),
) -> alt.TopLevelMixin:
    """Give a chart its title (with unit), source line and screen-reader description.

    Parameters
    ----------
    chart : altair chart
        Any top-level chart.
    title : str
        What the chart shows, without the unit.
    unit : str or None
        Unit of the measured values, added to the title in brackets.
    source : str
        The source line, e.g. from :meth:`book.data.BookData.source_line`.
    description : str
        One or two sentences a screen reader announces in place of the picture.
    notes : sequence of str
        Extra subtitle lines (definitions, caveats).

    Returns
    -------
    altair chart
        The same chart with ``title``, ``description`` and ``usermeta`` (source and
        unit, read by the book's page) set; long lines wrap at :data:`TITLE_WIDTH`
        and :data:`SUBTITLE_WIDTH` characters.

    Raises
    ------
    ValueError
        If the description is empty: every chart needs one for screen readers.

    """
    if not description.strip():
        raise ValueError("a chart needs a description for screen readers")
    text = f"{title} ({unit})" if unit else title
    subtitle = [
        line
        for part in (source, *notes)
        for line in textwrap.wrap(part, SUBTITLE_WIDTH)
    ]
    return chart.properties(
        title=alt.Title(text=textwrap.wrap(text, TITLE_WIDTH), subtitle=subtitle),
        description=description,
        usermeta={"source": source, "unit": unit or ""},
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
