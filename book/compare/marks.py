"""Marks the comparison's charts share: each line named at its end, none overlapping."""

from __future__ import annotations

import altair as alt

__all__ = ["LABEL_GAP", "end_labels"]

LABEL_GAP = 15
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
    """
    return (
        lines.transform_filter(f"isValid(datum['{value}'])")
        .transform_joinaggregate(top=f"max({value})", bottom=f"min({value})")
        .transform_joinaggregate(line_end="max(year)", groupby=[group])
        .transform_filter("datum.year == datum.line_end")
        .transform_calculate(
            gap=f"(max(datum.top, 0) - min(datum.bottom, 0)) * {LABEL_GAP} / {height}"
        )
        .transform_window(rank="row_number()", sort=[alt.SortField(value)])
        .transform_calculate(lifted=f"datum['{value}'] - datum.rank * datum.gap")
        .transform_window(
            floor="max(lifted)", sort=[alt.SortField(value)], frame=[None, 0]
        )
        .transform_calculate(label_y="datum.floor + datum.rank * datum.gap")
        .mark_text(align="left", dx=6, fontWeight="bold")
    )
