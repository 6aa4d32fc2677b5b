"""The city comparison for the static book: a grapher that works without a kernel.

The chart carries :func:`static_table` (every value it can show) and Vega-Lite
parameters for the indicator, the measure, the year, the base year and one per city.
In the book, ``gba-compare.js`` builds the controls above the chart from the
configuration in ``usermeta["gbaCompare"]`` (:func:`grapher_config`), a heading that
follows the selection, Chart and Table tabs, and a CSV of the view. Opened elsewhere
(Jupyter), the parameters keep Vega-Lite's own inputs, so the chart still responds.
Vega filters the table and computes the index in the browser.
"""

from __future__ import annotations

import warnings
from collections.abc import Sequence

import altair as alt
import pandas as pd

from book import charts
from book.compare.choices import default_year
from book.compare.compute import compare
from book.compare.marks import end_labels
from book.compare.selection import CORE_INDICATORS, DEFAULT_CITIES, MEASURES, Selection
from book.compare.static_config import grapher_config
from book.compare.static_table import STATIC_MEASURES, static_table
from book.compare.words import figure_expr, text, view_table
from book.data import BookData
from book.theme import MUTED

__all__ = ["static_chart"]

DESCRIPTION = (
    "Interactive comparison of the 11 cities: choose an indicator, a measure, a year "
    "and the cities with the controls above the chart. The upper panel shows one "
    "year as bars, the lower panel all years as lines labelled at their ends; "
    "missing values are labelled, money is in yuan at World Bank annual average "
    "rates, and the index uses each city's own currency."
)

LINE_HEIGHT = 200
"""Height of the line panel in pixels (end labels are spaced for it)."""

FADED = 0.25
"""Opacity of the cities not under the pointer while one is."""


def static_chart(
    d: BookData,
    *,
    indicators: Sequence[str] | None = None,
    cities: Sequence[str] = DEFAULT_CITIES,
    year: int | None = None,
    base_year: int | None = None,
) -> alt.VConcatChart:
    """The city comparison for the static book: controls drive it in the browser.

    Parameters
    ----------
    d : BookData
        The data package.
    indicators : sequence of str, optional
        Indicator ids to offer (default: :data:`CORE_INDICATORS`); the first is shown.
    cities : sequence of str
        City ids chosen when the page opens.
    year : int, optional
        Year of the bars when the page opens (default: the latest year in which the
        most of ``cities`` have a value).
    base_year : int, optional
        Base year of the index (default: nine years before ``year``).
    """
    table = static_table(d, indicators or CORE_INDICATORS)
    indicator_ids = list(dict.fromkeys(table["indicator"]))
    first = indicator_ids[0]
    year = year or default_year(d, first, cities) or 2024
    base_year = base_year or max(int(table["year"].min()), year - 9)
    data = _shown(d, table)
    hover = alt.selection_point(
        name="hover", fields=["city_id"], on="pointerover", clear="pointerout"
    )
    with warnings.catch_warnings():  # one hover shared by both panels, on purpose
        warnings.filterwarnings("ignore", "Automatically deduplicated selection")
        panels = alt.vconcat(
            _bar_panel(data, hover), _line_panel(data, hover), spacing=28
        )
    combined = panels.add_params(
        *_controls(d, table, indicator_ids, year, base_year, cities)
    ).resolve_scale(color="shared")
    sel = Selection(first, tuple(cities), "absolute", (year, year), None, "CNY")
    opening = compare(d, sel)
    chart = charts.titled(
        combined,
        title="",
        unit=None,
        headline=opening.heading,
        source=d.source_line(list(opening.source_ids), derived=True),
        description=DESCRIPTION,
        notes=list(opening.notes),
    )
    meta = dict(chart.usermeta)
    meta["gbaCompare"] = grapher_config(d, indicator_ids, cities, base_year)
    meta["table"] = _table_meta(view_table(opening))
    # the inputs change the labels and the rows: let the view grow with them
    # (Vega's default keeps the first size and clips what no longer fits)
    return chart.properties(
        usermeta=meta, autosize=alt.AutoSizeParams(type="pad", resize=True)
    )


def _table_meta(table: pd.DataFrame) -> dict[str, list]:
    """A table as the page's text alternative: its headers and its rows of text."""
    return {"columns": list(table.columns), "rows": table.astype(str).values.tolist()}


def _param_name(city_id: str) -> str:
    """The Vega parameter of a city's checkbox, e.g. ``show_hong_kong``."""
    return "show_" + city_id.replace("-", "_")


def _controls(
    d: BookData,
    table: pd.DataFrame,
    indicator_ids: list[str],
    year: int,
    base_year: int,
    cities: Sequence[str],
) -> list[alt.Parameter]:
    """The parameters, bound to Vega-Lite's inputs (the book's page replaces them)."""
    titles = d.indicators.set_index("indicator_id")["title_en"]
    years = table["year"].dropna()
    first, last = int(years.min()), int(years.max())

    def slider(name: str, value: int, text: str) -> alt.Parameter:
        bind = alt.binding_range(min=first, max=last, step=1, name=text)
        return alt.param(name=name, value=value, bind=bind)

    def select(name: str, options: list[str], labels: list[str]) -> alt.Parameter:
        bind = alt.binding_select(options=options, labels=labels, name=f"{name} ")
        return alt.param(name=name, value=options[0], bind=bind)

    page = text()["page"]
    checkboxes = [
        alt.param(
            name=_param_name(row.city_id),
            value=row.city_id in cities,
            bind=alt.binding_checkbox(name=f"{row.name_en} {row.name_zh} "),
        )
        for row in d.cities.itertuples()
    ]
    return [
        select("indicator", indicator_ids, [str(titles[i]) for i in indicator_ids]),
        select(
            "measure", list(STATIC_MEASURES), [MEASURES[m] for m in STATIC_MEASURES]
        ),
        slider("year", year, page["year"] + " "),
        slider("base", base_year, page["base"] + " "),
        alt.param(
            name="dated",
            value={
                i: bool(table.loc[table["indicator"] == i, "year"].notna().any())
                for i in indicator_ids
            },
        ),
        *checkboxes,
    ]


def _shown(d: BookData, table: pd.DataFrame) -> alt.Chart:
    """The table, filtered to the chosen indicator and cities, with ``shown``.

    ``shown`` is the chosen measure; for the index, Vega divides each city's ``raw``
    value by its value in the base year. ``shown_text`` writes it by the book's one
    number rule (:func:`book.compare.figure`); ``gap`` says why a value is missing.
    """
    ticked = " || ".join(
        f"(datum.city_id == '{row.city_id}' && {_param_name(row.city_id)})"
        for row in d.cities.itertuples()
    )
    missing = text()["table"]["missing"]
    return (
        alt.Chart(table)
        .transform_filter("datum.indicator == indicator")
        .transform_filter(ticked)
        .transform_calculate(base_raw="datum.year == base ? datum.raw : null")
        .transform_joinaggregate(base_value="max(base_raw)", groupby=["city_id"])
        .transform_calculate(
            shown="measure == 'index' ? (isValid(datum.base_value) && "
            "datum.base_value != 0 ? 100 * datum.raw / datum.base_value : null) "
            ": datum[measure]",
            why="measure == 'absolute' ? datum.note : measure == 'index' ? "
            "(isValid(datum.raw) ? 'no base-year figure' : datum.note) "
            ": datum['note_' + measure]",
        )
        .transform_calculate(
            shown_text="isValid(datum.shown) ? " + figure_expr("datum.shown") + " : "
            f"'{missing}' + (datum.why ? ' ' + datum.why : '')"
        )
        .transform_calculate(  # what a screen reader says for a bar or a point
            spoken="datum.city + (isValid(datum.year) ? ', ' + datum.year : '') "
            "+ ': ' + datum.shown_text"
        )
    )


def _bar_panel(data: alt.Chart, hover: alt.Parameter) -> alt.LayerChart:
    """The chosen year as bars, largest first, with values and labelled gaps."""
    one_year = data.transform_filter(
        "!isValid(datum.year) || datum.year == year"
    ).transform_calculate(order="isValid(datum.shown) ? datum.shown : -1e300")
    y = alt.Y(
        "city:N",
        sort=alt.EncodingSortField("order", op="max", order="descending"),
        title=None,
    )
    known = one_year.transform_filter("isValid(datum.shown)")
    bars = (
        known.mark_bar()
        .encode(
            y=y,
            x=alt.X(
                "shown:Q",
                title=None,
                axis=alt.Axis(tickCount=4, labelExpr=figure_expr("datum.value")),
            ),
            color=charts.city_color(),
            opacity=alt.when(hover).then(alt.value(1)).otherwise(alt.value(FADED)),
            description="spoken:N",
            tooltip=[
                alt.Tooltip("city:N", title="City"),
                alt.Tooltip("shown_text:N", title="Value"),
            ],
        )
        .add_params(hover)
    )
    values = known.mark_text(align="left", dx=4).encode(
        y=y, x="shown:Q", text="shown_text:N"
    )
    gaps = (
        one_year.transform_filter("!isValid(datum.shown)")
        .mark_text(align="left", dx=4, color=MUTED, fontStyle="italic")
        .encode(y=y, x=alt.datum(0), text="shown_text:N")
    )
    page = text()["page"]
    title = (
        f"dated[indicator] ? replace('{page['in_year']}', '{{year}}', year) "
        f": '{text()['undated'].capitalize()}'"
    )
    return alt.layer(bars, values, gaps).properties(
        width=460,
        height=alt.Step(18),
        title=alt.Title(text={"expr": title}, fontSize=13, anchor="start"),
    )


def _line_panel(data: alt.Chart, hover: alt.Parameter) -> alt.LayerChart:
    """Every year as lines, one per city, labelled at their ends; gaps as breaks."""
    dated = data.transform_filter("isValid(datum.year)").transform_calculate(
        when="datetime(datum.year, 0, 1)"
    )
    # labels a little lower than the theme's: the first year never touches the 0
    axis = alt.Axis(format="%Y", tickCount=6, labelPadding=5)
    x = alt.X("when:T", title=None, axis=axis)
    y = alt.Y(
        "shown:Q",
        title=None,
        scale=alt.Scale(nice=False),
        axis=alt.Axis(tickCount=5, labelExpr=figure_expr("datum.value")),
    )
    opacity = alt.when(hover).then(alt.value(1)).otherwise(alt.value(FADED))
    lines = (
        dated.mark_line(point=True, invalid="break-paths-filter-domains")
        .encode(
            x=x,
            y=y,
            color=charts.city_color(),
            opacity=opacity,
            description="spoken:N",
            tooltip=[
                alt.Tooltip("city:N", title="City"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("shown_text:N", title="Value"),
            ],
        )
        .add_params(hover)
    )
    ends = end_labels(dated, value="shown", height=LINE_HEIGHT).encode(
        x=x,
        y=alt.Y("label_y:Q"),
        text="city:N",
        color=charts.city_color(),
        opacity=opacity,
    )
    empty = (
        alt.Chart(alt.Data(values=[{}]))
        .transform_filter("!dated[indicator]")
        .mark_text(color=MUTED, fontStyle="italic", align="left")
        .encode(
            x=alt.value(0),
            y=alt.value(LINE_HEIGHT / 2),
            text=alt.value(text()["page"]["no_years"]),
        )
    )
    return alt.layer(lines, ends, empty).properties(
        width=460,
        height=LINE_HEIGHT,
        title=alt.Title(text=text()["page"]["over_time"], fontSize=13, anchor="start"),
    )
