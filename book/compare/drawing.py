"""Draw a comparison: bars for one year, lines over years; gaps labelled.

Values are drawn in the comparison's unit in words (people, yuan: the table's value
times :attr:`Comparison.factor`) and written by the book's one number rule
(:func:`book.compare.figure`), as on the static page; lines are named at their ends.
"""

from __future__ import annotations

import altair as alt
import pandas as pd

from book import charts
from book.compare.marks import end_labels
from book.compare.selection import Comparison
from book.compare.words import figure, figure_expr

__all__ = ["LINE_HEIGHT", "chart", "drawn"]

LINE_HEIGHT = 280
"""Height of a line chart (of each panel, with several currencies: 200)."""


def chart(
    comparison: Comparison, source: str, *, headline: str = ""
) -> alt.TopLevelMixin:
    """Draw a comparison: bars for one year, lines over years; gaps labelled.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`compare`.
    source : str
        The source line (e.g. ``d.source_line(comparison.source_ids, derived=True)``).
    headline : str
        The finding, in words, drawn above the chart (see :func:`book.charts.titled`);
        without one, the comparison's heading is the headline.
    """
    table = drawn(comparison)
    bars = comparison.selection.single_year or table["year"].isna().all()
    labels = {
        "title": comparison.heading,
        "unit": None,
        "source": source,
        "description": _description(comparison, bars),
        "notes": _notes(comparison, bars),
        "headline": headline,
    }
    drawing = _bars(comparison, table) if bars else _lines(comparison, table)
    return charts.titled(drawing, **labels)


def drawn(comparison: Comparison) -> pd.DataFrame:
    """The comparison's table as drawn.

    ``value`` is in the unit in words, ``value_text`` the value as the book writes it
    ("18.8 million").
    """
    table = comparison.table.copy()
    table["value"] = table["value"] * comparison.factor
    table["value_text"] = table["value"].map(figure)
    return table


def _bars(comparison: Comparison, table: pd.DataFrame) -> alt.TopLevelMixin:
    """One bar per city, largest first, labelled in words; gaps say why.

    As :func:`book.charts.city_bars`, with the book's number rule on the labels and
    the axis; with several currencies, one panel per currency.
    """
    data = table.assign(note=table["note"].fillna(""))
    ranked = data.sort_values("value", ascending=False, na_position="last")
    city = alt.Tooltip("city:N", title="City")
    axis = alt.Axis(
        tickCount=6, labelOverlap=True, labelExpr=figure_expr("datum.value")
    )
    layers = charts.bar_layers(
        alt.Chart().encode(y=charts.category_y("city", ranked["city"])),
        "value",
        x=alt.X("value:Q", title=comparison.words, axis=axis),
        text=alt.Text("value_text:N"),
        color=charts.city_color(cities=list(ranked["city"].unique())),
        tooltip=[city, alt.Tooltip("value_text:N", title=comparison.words)],
        gap={"tooltip": [city, alt.Tooltip("note:N", title="Why")]},
    )
    # the data once, on the layer: Altair need not compare each layer's copy
    drawing = alt.layer(*layers, data=data).properties(width=520, height=alt.Step(24))
    if len(comparison.currencies) > 1:
        return drawing.facet(row=alt.Row("currency:N", title=None)).resolve_scale(
            x="independent", y="independent"
        )
    return drawing


def _description(comparison: Comparison, bars: bool) -> str:
    """The chart's text description: what is compared, and how many values miss."""
    table = comparison.table
    what = ", ".join(table.drop_duplicates("city_id")["city"])
    missing = (table["status"] == "missing").sum()
    return (
        f"{'Bar' if bars else 'Line'} chart comparing {what}: {comparison.heading}."
        + (f" {missing} value(s) missing." if missing else "")
    )


def _notes(comparison: Comparison, bars: bool) -> list[str]:
    """The comparison's notes; a line chart also lists its first four gaps."""
    missing = comparison.table[comparison.table["status"] == "missing"]
    gaps = [
        f"{r.city} {'' if pd.isna(r.year) else int(r.year)}: {r.note}".replace(
            " :", ":"
        )
        for r in missing.itertuples()
    ]
    notes = list(comparison.notes)
    if gaps and not comparison.selection.single_year:
        shown = "; ".join(gaps[:4]) + ("; ..." if len(gaps) > 4 else "")
        notes.append(f"Gaps: {shown}")
    return notes


def _lines(comparison: Comparison, table: pd.DataFrame) -> alt.TopLevelMixin:
    """One line per city over the years, named at its end.

    With several currencies, one panel per currency.
    """
    data = table.assign(
        year_date=pd.to_datetime(table["year"].astype(int).astype(str), format="%Y")
    )
    several = len(comparison.currencies) > 1
    height = 200 if several else LINE_HEIGHT
    color = charts.city_color(cities=list(data["city"].unique()))
    x = alt.X("year_date:T", title=None, axis=alt.Axis(format="%Y", labelPadding=5))
    base = alt.Chart()  # the data goes on the layer, once
    lines = base.mark_line(point=True, invalid="break-paths-filter-domains").encode(
        x=x,
        y=alt.Y(
            "value:Q",
            title=comparison.words,
            scale=alt.Scale(nice=False),
            axis=alt.Axis(labelExpr=figure_expr("datum.value")),
        ),
        color=color,
        tooltip=[
            alt.Tooltip("city:N", title="City"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip("value_text:N", title=comparison.words),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    names = end_labels(base, value="value", height=height).encode(
        x=x, y="label_y:Q", text="city:N", color=color
    )
    layered = alt.layer(lines, names).properties(width=520, height=height)
    if not several:
        return layered.properties(data=data)
    # one panel per currency, stacked (a facet of the end labels' window transforms
    # does not compile in Vega-Lite 6); the data once, on the stack: Altair copies
    # each panel whole when it stacks them
    panels = [
        layered.transform_filter(alt.datum.currency == money).properties(
            title=alt.Title(money, anchor="start", fontSize=12)
        )
        for money in comparison.currencies
    ]
    return alt.vconcat(*panels, data=data).resolve_scale(y="independent")
