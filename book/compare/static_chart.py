"""The city comparison for the static book: HTML inputs drive it in the browser.

The chart carries :func:`static_table` (every value it can show) and Vega-Lite
parameters bound to HTML inputs: drop-downs for the indicator and the measure, sliders
for the year and the base year, and a checkbox per city. Vega filters the table and
computes the index in the browser, so the page needs no kernel.
"""

from __future__ import annotations

from collections.abc import Sequence

import altair as alt
import pandas as pd

from book import charts
from book.compare.selection import CORE_INDICATORS, DEFAULT_CITIES, MEASURES, Selection
from book.compare.static_table import STATIC_MEASURES, static_table
from book.compare.units import label, unit_of, valid_measures
from book.data import BookData
from book.theme import MUTED, city_scale

__all__ = ["static_chart"]

UNIT_EXPR = "units[indicator + '|' + measure]"
"""Vega expression: the unit label of the chosen indicator and measure."""

DESCRIPTION = (
    "Interactive comparison of the 11 cities: choose an indicator, a measure, "
    "a year and the cities with the controls under the chart. The upper "
    "panel shows one year as bars, the lower panel all years as lines; "
    "missing values are labelled, money is in yuan at World Bank annual "
    "average rates, and the index uses each city's own currency."
)

NOTES = [
    "Money in CNY at World Bank annual averages; indexes use local currency.",
    "Use the controls below the chart. Missing values are labelled, not zero.",
]


def static_chart(
    d: BookData,
    *,
    indicators: Sequence[str] | None = None,
    cities: Sequence[str] = DEFAULT_CITIES,
    year: int = 2024,
    base_year: int = 2015,
) -> alt.VConcatChart:
    """The city comparison for the static book: HTML inputs drive it in the browser.

    Drop-downs choose the indicator and the measure, sliders the year (bar chart) and
    the base year (index), and one checkbox per city the cities (``cities`` are
    ticked at first). A bar chart shows the chosen year and a line chart all years;
    gaps are labelled, money is in yuan at World Bank annual average rates, and the
    index is computed in each city's own currency.

    Parameters
    ----------
    d : BookData
        The data package.
    indicators : sequence of str, optional
        Indicator ids to offer (default: :data:`CORE_INDICATORS`).
    cities : sequence of str
        City ids ticked when the page opens.
    year : int
        Year shown first in the bar chart.
    base_year : int
        Base year of the index shown first.
    """
    table = static_table(d, indicators or CORE_INDICATORS)
    indicator_ids = list(dict.fromkeys(table["indicator"]))
    data = _shown(d, table)
    combined = (
        alt.vconcat(_bar_panel(data), _line_panel(data), spacing=24)
        .add_params(*_controls(d, table, indicator_ids, year, base_year, cities))
        .resolve_scale(color="independent")
    )
    chart = charts.titled(
        combined,
        title="Compare the cities",
        unit=None,
        source=d.source_line(_sources(d, indicator_ids), derived=True),
        description=DESCRIPTION,
        notes=NOTES,
    )
    # the inputs change the legend and the labels: let the view grow with them
    # (Vega's default keeps the first size and clips what no longer fits)
    return chart.properties(autosize=alt.AutoSizeParams(type="pad", resize=True))


def _units(d: BookData, indicator_ids: list[str], base: int) -> dict[str, str]:
    """The unit label of every indicator and measure, keyed ``"indicator|measure"``."""
    units = {}
    for indicator in indicator_ids:
        valid = valid_measures(d, indicator)
        for measure in STATIC_MEASURES:
            key = f"{indicator}|{measure}"
            if measure not in valid:
                units[key] = "(this measure does not apply)"
                continue
            sel = Selection(indicator, measure=measure, base_year=base)
            money = "local" if measure == "index" else "CNY"
            units[key] = label(sel, unit_of(d, indicator), money).replace(
                f"index, {base} = 100", "index, base year = 100"
            )
    return units


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
    """The parameters and the HTML inputs bound to them, in the order shown."""
    titles = d.indicators.set_index("indicator_id")["title_en"]
    years = table["year"].dropna()
    first, last = int(years.min()), int(years.max())

    def slider(name: str, value: int, text: str) -> alt.Parameter:
        bind = alt.binding_range(min=first, max=last, step=1, name=text)
        return alt.param(name=name, value=value, bind=bind)

    indicator = alt.param(
        name="indicator",
        value=indicator_ids[0],
        bind=alt.binding_select(
            options=indicator_ids,
            labels=[str(titles[i]) for i in indicator_ids],
            name="Indicator ",
        ),
    )
    measure = alt.param(
        name="measure",
        value="absolute",
        bind=alt.binding_select(
            options=list(STATIC_MEASURES),
            labels=[MEASURES[m] for m in STATIC_MEASURES],
            name="Measure ",
        ),
    )
    checkboxes = [
        alt.param(
            name=_param_name(row.city_id),
            value=row.city_id in cities,
            bind=alt.binding_checkbox(name=f"{row.name_en} {row.name_zh} "),
        )
        for row in d.cities.itertuples()
    ]
    return [
        indicator,
        measure,
        slider("year", year, "Year (bars) "),
        slider("base", base_year, "Base year (index) "),
        alt.param(name="units", value=_units(d, indicator_ids, base_year)),
        *checkboxes,
    ]


def _shown(d: BookData, table: pd.DataFrame) -> alt.Chart:
    """The table, filtered to the chosen indicator and cities, with ``shown``.

    ``shown`` is the chosen measure; for the index, Vega divides each city's ``raw``
    value by its value in the base year. ``shown_text`` labels it: whole numbers
    from 1,000 up (never 5.248e+5, never a rounded 524,800 that looks exact), four
    significant digits below (68.83, 0.5812).
    """
    ticked = " || ".join(
        f"(datum.city_id == '{row.city_id}' && {_param_name(row.city_id)})"
        for row in d.cities.itertuples()
    )
    return (
        alt.Chart(table)
        .transform_filter("datum.indicator == indicator")
        .transform_filter(ticked)
        .transform_calculate(base_raw="datum.year == base ? datum.raw : null")
        .transform_joinaggregate(base_value="max(base_raw)", groupby=["city_id"])
        .transform_calculate(
            shown="measure == 'index' ? (isValid(datum.base_value) && "
            "datum.base_value != 0 ? 100 * datum.raw / datum.base_value : null) "
            ": datum[measure]"
        )
        .transform_calculate(
            shown_text="isValid(datum.shown) ? format(datum.shown, "
            "abs(datum.shown) >= 1000 ? ',.0f' : ',.4~r') : null"
        )
    )


def _bar_panel(data: alt.Chart) -> alt.LayerChart:
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
    bars = known.mark_bar().encode(
        y=y,
        x=alt.X("shown:Q", title=None, axis=alt.Axis(format=",~f", tickCount=5)),
        color=charts.city_color(),
        tooltip=[
            alt.Tooltip("city:N", title="City"),
            alt.Tooltip("year:Q", format="d", title="Year"),
            alt.Tooltip("shown_text:N", title="Value"),
        ],
    )
    values = known.mark_text(align="left", dx=4).encode(
        y=y, x="shown:Q", text="shown_text:N"
    )
    gaps = (
        one_year.transform_filter("!isValid(datum.shown)")
        .transform_calculate(gap="'no data' + (datum.note ? ': ' + datum.note : '')")
        .mark_text(align="left", dx=4, color=MUTED, fontStyle="italic")
        .encode(y=y, x=alt.datum(0), text="gap:N")
    )
    title = "'One year: ' + (isValid(year) ? year : '') + ', ' + " + UNIT_EXPR
    return alt.layer(bars, values, gaps).properties(
        width=460,
        height=alt.Step(24),
        title=alt.Title(text={"expr": title}, fontSize=13),
    )


def _line_panel(data: alt.Chart) -> alt.LayerChart:
    """Every year as lines, one per city, with gaps as breaks."""
    lines = (
        data.transform_filter("isValid(datum.year)")
        .transform_calculate(when="datetime(datum.year, 0, 1)")
        .mark_line(point=True, invalid="break-paths-filter-domains")
        .encode(
            x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y")),
            y=alt.Y("shown:Q", title=None, axis=alt.Axis(format=",~f")),
            color=alt.Color(
                "city:N",
                title="City",
                scale=alt.Scale(**city_scale()),
                legend=alt.Legend(columns=4),  # eleven cities in rows of four
            ),
            tooltip=[
                alt.Tooltip("city:N", title="City"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("shown_text:N", title="Value"),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    return alt.layer(lines).properties(
        width=460,
        height=240,
        title=alt.Title(text={"expr": "'Over time, ' + " + UNIT_EXPR}, fontSize=13),
    )


def _sources(d: BookData, indicator_ids: list[str]) -> list[str]:
    """The sources of the indicators offered, exchange rates, land and population."""
    meta = d.indicators.set_index("indicator_id")
    sources = sorted(
        {s for i in indicator_ids for s in str(meta.loc[i, "source_ids"]).split()}
        | {"wdi-exchange-rates", "bayarea-gov-hk-cities", "official-gba-population"}
    )
    return [s for s in sources if s in set(d.sources["source_id"])]
