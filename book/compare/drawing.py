"""Draw a comparison: bars for one year, lines over years; gaps labelled."""

from __future__ import annotations

import altair as alt
import pandas as pd

from book import charts
from book.compare.selection import Comparison

__all__ = ["chart"]


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
        without one, the title is the headline.
    """
    table = comparison.table
    bars = comparison.selection.single_year or table["year"].isna().all()
    labels = {
        "title": comparison.title,
        "unit": comparison.unit,
        "source": source,
        "description": _description(comparison, bars),
        "notes": _notes(comparison, bars),
        "headline": headline,
    }
    if bars:
        return charts.city_bars(
            table,
            **labels,
            value_format=_format(table["value"]),
            facet="currency" if len(comparison.currencies) > 1 else None,
        )
    return charts.titled(_lines(comparison), **labels)


def _description(comparison: Comparison, bars: bool) -> str:
    """The chart's text description: what is compared, and how many values miss."""
    table = comparison.table
    what = ", ".join(table.drop_duplicates("city_id")["city"])
    missing = (table["status"] == "missing").sum()
    return (
        f"{'Bar' if bars else 'Line'} chart "
        f"comparing {what}: {comparison.title} ({comparison.unit})."
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


def _lines(comparison: Comparison) -> alt.TopLevelMixin:
    """One line per city over the years; one panel per currency if there are several."""
    data = comparison.table.copy()
    data["year_date"] = pd.to_datetime(
        data["year"].astype(int).astype(str), format="%Y"
    )
    lines = (
        alt.Chart(data)
        .encode(
            x=alt.X("year_date:T", title=None, axis=alt.Axis(format="%Y")),
            y=alt.Y("value:Q", title=comparison.unit, axis=alt.Axis(format=",~f")),
            # 11 cities in one row would be wider than the text column
            color=alt.Color(
                "city:N",
                title="City",
                scale=alt.Scale(**charts.city_scale(list(data["city"].unique()))),
                legend=alt.Legend(columns=4),
            ),
            tooltip=[
                alt.Tooltip("city:N", title="City"),
                alt.Tooltip("year:Q", title="Year", format="d"),
                alt.Tooltip(
                    "value:Q", title=comparison.unit, format=_format(data["value"])
                ),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
        .mark_line(point=True, invalid="break-paths-filter-domains")
    )
    if len(comparison.currencies) > 1:
        return (
            alt.layer(lines)
            .properties(width=520, height=200)
            .facet(row=alt.Row("currency:N", title=None))
            .resolve_scale(y="independent")
        )
    return alt.layer(lines).properties(width=520, height=280)


def _format(values: pd.Series) -> str:
    """A d3 number format for these values: fewer decimals for larger numbers."""
    finite = values.dropna().abs()
    if finite.empty or finite.max() >= 100:
        return ",.0f"
    if finite.max() >= 10:
        return ",.1f"
    return ",.2f"
