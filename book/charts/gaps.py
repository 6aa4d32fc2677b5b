"""Missing values shown as labelled gaps ("no data", or the reason), never as zero.

A chart draws its values from the rows where the value is valid
(``transform_filter(charts.is_valid("value"))``) and adds :func:`gap_labels`, a
text layer for the other rows::

    base = alt.Chart(data).encode(y=alt.Y("city:N"))
    bars = base.transform_filter(charts.is_valid("value")).mark_bar().encode(
        x="value:Q"
    )
    alt.layer(bars, charts.gap_labels(base, "value", x=alt.datum(0)))
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any

import altair as alt

from book.theme import MUTED

__all__ = [
    "GAP_IN_PLACE",
    "GAP_STYLE",
    "gap_labels",
    "gap_note",
    "gap_text",
    "is_missing",
    "is_valid",
]

GAP_STYLE: dict[str, Any] = {
    "align": "left",
    "dx": 4,
    "color": MUTED,
    "fontStyle": "italic",
}
"""Text mark properties of a gap label: grey italics, just right of its place."""
GAP_IN_PLACE: dict[str, Any] = {"align": "center", "dx": 0}
"""Add to :data:`GAP_STYLE` for a label that stands in the value's place (a cell)."""


def is_valid(field: str) -> str:
    """Vega expression, true where ``field`` holds a value (not null or NaN)."""
    return f"isValid(datum['{field}'])"


def is_missing(field: str) -> str:
    """Vega expression, true where ``field`` is missing (null or NaN)."""
    return f"!{is_valid(field)}"


def _datum(field: str) -> str:
    return f"datum.{field}" if field.isidentifier() else f"datum['{field}']"


def gap_text(note: str | None = "note", subject: str | None = None) -> str:
    """Vega expression for a gap label: "no data", with the reason if there is one.

    Parameters
    ----------
    note : str or None
        Column with the reason a value is missing; where it is filled the label
        reads "no data: <reason>". A column the data lack counts as empty.
    subject : str, optional
        Column that names the row, for charts where the label stands away from
        the row's name: "<name>: no data".

    """
    text = "'no data'"
    if subject:
        text = f"{_datum(subject)} + ': ' + {text}"
    if note:
        text += f" + ({_datum(note)} ? ': ' + {_datum(note)} : '')"
    return text


def gap_labels(
    base: alt.Chart,
    value: str,
    *,
    note: str | None = "note",
    subject: str | None = None,
    style: Mapping[str, Any] | None = None,
    **encoding: Any,
) -> alt.Chart:
    """A text layer that labels each row whose ``value`` is missing.

    Parameters
    ----------
    base : altair.Chart
        The chart's data with the encoding that places a row (for bars, ``y``: the
        category; for a grid, ``x`` and ``y``; for a map, the coordinates).
    value : str
        Column whose missing values are labelled.
    note, subject : str or None
        Columns of the reason and of the row's name: see :func:`gap_text`.
    style : mapping, optional
        Text mark properties added to (or replacing) :data:`GAP_STYLE`.
    **encoding
        Further channels, e.g. ``x=alt.datum(0)`` to put the label at the start
        of a bar, or ``tooltip=[...]``.

    Returns
    -------
    altair.Chart
        A text layer, empty when no value is missing; layer it over the chart.

    """
    return (
        base.transform_filter(is_missing(value))
        .mark_text(**{**GAP_STYLE, **(style or {})})
        .encode(text=alt.Text("gap_label:N"), **encoding)
        .transform_calculate(gap_label=gap_text(note, subject))
    )


def gap_note(lead: str, names: Iterable[str]) -> list[str]:
    """A subtitle line that names the gaps a chart cannot label in place.

    ``gap_note("Not on the map", ["A", "B"])`` is ``["Not on the map: A; B."]``;
    with no names it is ``[]``, so that ``notes=[*notes, *gap_note(...)]`` adds a
    line only when something is missing.
    """
    names = list(names)
    return [f"{lead}: {'; '.join(names)}."] if names else []
