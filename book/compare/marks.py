"""Marks the comparison's charts share: each line named at its end, none overlapping."""

from __future__ import annotations

import altair as alt

__all__ = ["LABEL_GAP", "end_labels"]

LABEL_GAP = 16
"""Smallest distance between two end labels, in pixels."""


def end_labels(
    lines: alt.Chart, *, value: str, height: int, group: str = "city_id"
) -> alt.Chart:
    """Each line's name at its last value, moved apart so that none overlap.

    Parameters
    ----------
    lines : altair.Chart
        The lines' data (one row per line and year, with ``year`` and ``value``).
    value : str
        The column the lines plot.
    height : int
        The panel's height in pixels: the gap between labels is ``LABEL_GAP``
        pixels in data units (the plotted span over the height).
    group : str
        The column that tells the lines apart.

    Returns
    -------
    altair.Chart
        A text mark (left-aligned, right of the last point) with ``label_y``, the
        label's height in data units; encode ``x``, ``y="label_y:Q"`` and ``text``.

    Notes
    -----
    The labels are sorted by value; each sits at its line's last value or one gap
    above the label below it. Label ``i`` is at ``i·gap + max over j ≤ i of
    (v_j − j·gap)``: a running maximum, which Vega-Lite's window transform computes.
    Labels lifted above the highest line stretch the axis, so the gap is computed a
    second time for the stretched span.
    """
    steps = _steps(value, height, group)
    ends = lines.copy(deep=False)  # one copy, the steps added at once (faster)
    given = ends.transform if isinstance(ends.transform, list) else []
    ends.transform = [*given, *steps]
    return ends.mark_text(align="left", dx=6, fontWeight="bold")


def _steps(value: str, height: int, group: str) -> list[dict]:
    """The Vega-Lite transforms of :func:`end_labels`, as one list."""
    by_value = [{"field": value}]
    steps: list[dict] = [
        {"filter": f"isValid(datum['{value}'])"},
        {
            "joinaggregate": [
                {"op": "max", "field": value, "as": "top"},
                {"op": "min", "field": value, "as": "bottom"},
            ]
        },
        {
            "joinaggregate": [{"op": "max", "field": "year", "as": "line_end"}],
            "groupby": [group],
        },
        {"filter": "datum.year == datum.line_end"},
        {"calculate": "datum.top", "as": "label_top"},
        {"window": [{"op": "row_number", "as": "rank"}], "sort": by_value},
    ]
    # twice: labels lifted above the highest line widen the plotted span, and so
    # the gap in data units; the second pass spaces them for the wider span
    for step in ("first", "second"):
        steps += [
            {
                "calculate": "(max(datum.top, datum.label_top, 0) - "
                f"min(datum.bottom, 0)) * {LABEL_GAP} / {height}",
                "as": "gap",
            },
            {"calculate": f"datum['{value}'] - datum.rank * datum.gap", "as": "lifted"},
            {
                "window": [{"op": "max", "field": "lifted", "as": f"floor_{step}"}],
                "sort": by_value,
                "frame": [None, 0],
            },
            {
                "calculate": f"datum.floor_{step} + datum.rank * datum.gap",
                "as": "label_y",
            },
            {"joinaggregate": [{"op": "max", "field": "label_y", "as": "label_top"}]},
        ]
    return steps
