"""Grids of cells (:func:`matrix`) and small multiples of bars (:func:`panels`)."""

from __future__ import annotations

import textwrap
from collections.abc import Sequence
from typing import Any, Unpack

import altair as alt
import pandas as pd

from book.charts.bars import bar_layers, category_y, fixed_color
from book.charts.frame import ChartText, human, titled
from book.charts.gaps import GAP_IN_PLACE, gap_labels, is_valid
from book.theme import ACCENT, FIRM

__all__ = ["matrix", "panels"]


def matrix(
    frame: pd.DataFrame,
    *,
    row: str,
    column: str,
    value: str,
    unit: str | None,
    value_format: str = ",.0f",
    nominal: bool = False,
    row_sort: list[str] | None = None,
    column_sort: list[str] | None = None,
    colors: dict[str, str] | None = None,
    legend_columns: int | None = None,
    cell: int = 34,
    row_title: str | None = None,
    column_title: str | None = None,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """A grid of cells: distances between cities, or which data exist where.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long form: one row per cell with ``row``, ``column`` and ``value``; a cell
        without a value is left blank and labelled "no data".
    row, column, value : str
        Column names.
    unit, value_format : str or None, str
        Unit of the values; d3 format of the numbers written in the cells.
    nominal : bool
        Treat ``value`` as categories (e.g. "available", "missing").
    row_sort, column_sort : list of str, optional
        Orders of the rows and columns (default: as in the frame).
    colors, legend_columns : dict of str to str, int, optional
        For nominal values: a fixed colour per category, in legend order (e.g. grey
        for "missing", so gaps read as gaps), and the legend's number of columns.
    cell, row_title, column_title : int, str, str
        Cell size in pixels; tooltip words of a row and a column (default: from
        the column names).
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled`.

    """
    data = frame.copy()
    base = _grid(data, row, column, row_sort, column_sort)
    drawn = base.transform_filter(is_valid(value))
    names = ((row, row_title), (column, column_title))
    where = [alt.Tooltip(f"{f}:N", title=name or human(f)) for f, name in names]
    kind = "N" if nominal else "Q"
    rects = drawn.mark_rect(stroke="white").encode(
        color=_cell_color(f"{value}:{kind}", unit, colors, legend_columns),
        tooltip=[*where, alt.Tooltip(f"{value}:{kind}", title=unit or human(value))],
    )
    numbers = []
    if not nominal:
        numbers = [_cell_numbers(drawn, value, value_format, data[value].max() / 2)]
    gaps = gap_labels(base, value, note=None, style=GAP_IN_PLACE)  # a reason won't fit
    chart = alt.layer(rects, *numbers, gaps)
    size = {"width": alt.Step(cell), "height": alt.Step(cell * 0.7)}
    return titled(chart.properties(**size), unit=unit, **words)


def _grid(
    data: pd.DataFrame,
    row: str,
    column: str,
    row_sort: list[str] | None,
    column_sort: list[str] | None,
) -> alt.Chart:
    """Rows down the side, columns along the top (default: in order of appearance)."""
    return alt.Chart(data).encode(
        y=alt.Y(f"{row}:N", sort=row_sort or _in_order(data[row]), title=None),
        x=alt.X(
            f"{column}:N",
            sort=column_sort or _in_order(data[column]),
            title=None,
            # upright labels never collide, so none is dropped at any width
            axis=alt.Axis(labelAngle=-90, orient="top", labelOverlap=False),
        ),
    )


def _in_order(values: pd.Series) -> list:
    """Each value once, in order of first appearance."""
    return list(dict.fromkeys(values))


def _cell_numbers(
    drawn: alt.Chart, value: str, value_format: str, half: float
) -> alt.Chart:
    """The value written in each cell: white on the darker half of the scale."""
    return drawn.mark_text(fontSize=10).encode(
        text=alt.Text(f"{value}:Q", format=value_format),
        color=alt.condition(
            f"datum['{value}'] > {half}", alt.value("white"), alt.value("#222222")
        ),
    )


def _cell_color(
    field: str,
    unit: str | None,
    colors: dict[str, str] | None,
    legend_columns: int | None,
) -> alt.Color:
    """Cell fill: fixed colours per category, or light-to-dark blue for amounts."""
    if field.endswith(":Q"):
        blues = alt.Scale(scheme="blues")
        return alt.Color(field, title=unit, scale=blues, legend=None)
    legend = alt.Legend(columns=legend_columns) if legend_columns else alt.Undefined
    return fixed_color(field.split(":")[0], unit, colors, legend)


def panels(
    frame: pd.DataFrame,
    *,
    category: str,
    metrics: Sequence[tuple[str, str, str]],
    highlight: str | None = None,
    panel_width: int = 150,
    **words: Unpack[ChartText],
) -> alt.ConcatChart:
    """Small multiples: one bar panel per measure, the categories shared.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per category (e.g. per bay area); a missing value is labelled
        "no data" in its panel.
    category : str
        Column of the category labels.
    metrics : sequence of (column, panel title with unit, d3 format)
        The measures, one panel each.
    highlight : str, optional
        A category drawn in the accent colour.
    panel_width : int
        Width of each panel in pixels.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled` (each
        panel states its unit).

    """
    data = frame.copy()
    fill = alt.value(FIRM)
    if highlight:
        accent = f"datum['{category}'] == '{highlight}'"
        fill = alt.condition(accent, alt.value(ACCENT), fill)
    parts = [
        alt.layer(*_panel(data, category, metric, fill)).properties(
            width=panel_width, height=alt.Step(26)
        )
        for metric in metrics
    ]
    # two panels a row on a laptop; the page stacks them on a phone
    return titled(alt.concat(*parts, columns=2, spacing=18), unit=None, **words)


def _panel(
    data: pd.DataFrame,
    category: str,
    metric: tuple[str, str, str],
    fill: Any,
) -> list[alt.Chart]:
    """One measure's bars, the categories named beside every panel."""
    column, heading, number_format = metric
    title = alt.Title(textwrap.wrap(heading, 30), fontSize=12, anchor="start")
    base = alt.Chart(data, title=title)
    return bar_layers(
        base.encode(y=category_y(category, data[category], labelLimit=220)),
        column,
        x=alt.X(
            f"{column}:Q",
            title=None,
            axis=alt.Axis(format=",~f", tickCount=3, labelOverlap="greedy"),
        ),
        text=alt.Text(f"{column}:Q", format=number_format),
        color=fill,
        tooltip=[
            alt.Tooltip(f"{category}:N", title=human(category)),
            alt.Tooltip(f"{column}:Q", title=heading, format=","),  # as given
        ],
        label={"dx": 3, "fontSize": 11},
    )
