"""Compare the 11 cities on any indicator: selection in, table and chart out.

A :class:`Selection` names the indicator, the cities, the measure, the years and the
currency. :func:`compare` returns a :class:`Comparison`: a tidy table with one row per
city and year (missing values kept, with the reason) plus the unit, title and notes
the chart needs. :func:`chart` draws it: bars for one year, lines over years.
:func:`static_chart` builds the same comparison for the static book, where Vega-Lite
parameters bound to HTML inputs do the selecting in the browser.

Money is never added or ranked across currencies as it stands. By default it is
converted to yuan with the World Bank's annual average rates (``data/exchange_rates``);
``currency="local"`` keeps each city's own currency and then refuses totals and shares
and draws one panel per currency. Indexes (change since a base year) are computed in
each city's own currency, so exchange-rate movements do not distort them.
"""

from __future__ import annotations

import math
from collections.abc import Sequence
from dataclasses import dataclass, field, replace

import altair as alt
import pandas as pd

from book import charts, currency
from book.data import BookData
from book.theme import MUTED

__all__ = [
    "DEFAULT_CITIES",
    "MEASURES",
    "Comparison",
    "Selection",
    "chart",
    "compare",
    "static_chart",
    "valid_measures",
]

DEFAULT_CITIES = ("guangzhou", "shenzhen", "hong-kong", "macao")
"""Default selection: the two largest mainland cities and the two SARs."""

MEASURES = {
    "absolute": "value as published",
    "per_resident": "per resident",
    "per_km2": "per km² of land",
    "share": "share of the 11-city total",
    "index": "change since a base year (base year = 100)",
}
"""The measures a comparison can show, with their labels."""

CURRENCIES = ("CNY", "USD", "local")

CORE_INDICATORS = ("population", "gdp", "gdp_per_capita", "employment", "land_area")
"""The indicators every city has from the official tables (the static chart's set)."""


@dataclass(frozen=True)
class Selection:
    """What to compare.

    Attributes
    ----------
    indicator : str
        Indicator id (see ``indicators.csv``).
    cities : tuple of str
        City ids.
    measure : str
        One of :data:`MEASURES`.
    years : (int, int)
        Inclusive range; equal ends mean one year (bar chart), otherwise a line chart.
    base_year : int or None
        Base of the index measure (default: the first year of ``years``).
    currency : str
        ``"CNY"`` or ``"USD"`` (convert money at annual average rates) or ``"local"``.
    """

    indicator: str = "population"
    cities: tuple[str, ...] = DEFAULT_CITIES
    measure: str = "absolute"
    years: tuple[int, int] = (2024, 2024)
    base_year: int | None = None
    currency: str = "CNY"

    @property
    def single_year(self) -> bool:
        """True when one year is selected."""
        return self.years[0] == self.years[1]


@dataclass(frozen=True)
class Comparison:
    """The result of :func:`compare`: a tidy table and how to label it.

    ``table`` has one row per city (and year): ``city_id``, ``city``, ``name_zh``,
    ``jurisdiction``, ``year``, ``value`` (the measure; NaN when missing), ``currency``
    (for money), ``status`` (``ok`` or ``missing``) and ``note`` (why a value is
    missing, or how it was converted).
    """

    selection: Selection
    table: pd.DataFrame
    title: str
    unit: str
    notes: tuple[str, ...]
    source_ids: tuple[str, ...]
    currencies: tuple[str, ...] = field(default=())


# ------------------------------------------------------------- units


@dataclass(frozen=True)
class _Unit:
    kind: str  # "count", "money", "area", "ratio"
    scale: float  # multiplier to base units (persons, currency units, km²)
    noun: str  # base noun: "persons", "firms" ...
    per_person: bool = False  # money per person (GDP per capita): not additive


def _unit(d: BookData, indicator: str) -> _Unit:
    row = d.indicator(indicator)
    text = str(row["unit"])
    scale = 1.0
    for prefix, factor in (("100 million", 1e8), ("10,000 ", 1e4), ("10000 ", 1e4)):
        if text.startswith(prefix):
            scale, text = factor, text[len(prefix) :].strip(" ,")
    if bool(row["money"]):
        return _Unit("money", scale, "currency", per_person=" per " in f" {text} ")
    if "%" in text or " per " in f" {text} ":
        return _Unit("ratio", 1.0, text)
    if text == "km²":
        return _Unit("area", 1.0, "km²")
    return _Unit("count", scale, text)


def valid_measures(d: BookData, indicator: str) -> list[str]:
    """The measures that make sense for an indicator (e.g. no share of a ratio)."""
    unit = _unit(d, indicator)
    undated = d.indicator(indicator)["time_basis"] == "undated"
    measures = ["absolute"]
    additive = unit.kind in ("count", "money", "area") and not unit.per_person
    if additive and indicator != "population":
        measures.append("per_resident")
    if additive and unit.kind != "area":
        measures.append("per_km2")
    if additive:
        measures.append("share")
    if not undated:
        measures.append("index")
    return measures


def _label(d: BookData, sel: Selection, unit: _Unit, money_currency: str) -> str:
    base = str(d.indicator(sel.indicator)["unit"])
    if sel.measure == "absolute":
        if unit.kind == "money" and money_currency != "local":
            return base.replace(", local currency", f" {money_currency}").replace(
                "local currency", money_currency
            )
        return base
    money = "local currency" if money_currency == "local" else money_currency
    if sel.measure == "per_resident":
        if unit.kind == "money":
            return f"{money} per resident"
        if unit.kind == "area":
            return "m² per resident"
        if unit.noun == "persons":
            return "% of residents"
        return f"{unit.noun} per 10,000 residents"
    if sel.measure == "per_km2":
        if unit.kind == "money":
            return f"million {money} per km²"
        return f"{unit.noun} per km²"
    if sel.measure == "share":
        return "% of the 11-city total"
    return f"index, {_base_year(sel)} = 100"


def _base_year(sel: Selection) -> int:
    return sel.base_year if sel.base_year is not None else sel.years[0]


# ------------------------------------------------------------- compute


def _converted(d: BookData, frame: pd.DataFrame, target: str) -> pd.DataFrame:
    """Money rows in ``target`` (CNY, USD or local); the note says why not."""
    if target == "local":
        return frame.assign(amount=frame["value"], conv_note="")
    out = currency.to_currency(frame, d.exchange_rates, target=target)
    return out.assign(amount=out[f"value_{target}"], conv_note=out["conversion_note"])


def _rows(d: BookData, indicator: str, years: tuple[int, int] | None) -> pd.DataFrame:
    frame = d.series(indicator)
    if years is not None and frame["year"].notna().any():
        frame = frame[frame["year"].between(*years)]
    return frame


def compare(d: BookData, selection: Selection) -> Comparison:
    """Compute a comparison.

    Parameters
    ----------
    d : BookData
        The loaded data package.
    selection : Selection
        What to compare.

    Returns
    -------
    Comparison
        The table (missing values kept, with reasons) and its labels.

    Raises
    ------
    ValueError
        For an unknown measure or currency, or a measure that does not apply to the
        indicator (e.g. a share of GDP in local currencies).
    """
    sel = selection
    if sel.measure not in MEASURES:
        raise ValueError(
            f"unknown measure '{sel.measure}'; choose from {list(MEASURES)}"
        )
    if sel.currency not in CURRENCIES:
        raise ValueError(f"unknown currency '{sel.currency}'; choose from {CURRENCIES}")
    allowed = valid_measures(d, sel.indicator)
    if sel.measure not in allowed:
        raise ValueError(
            f"'{sel.measure}' does not apply to {sel.indicator}; use one of {allowed}"
        )
    unit = _unit(d, sel.indicator)
    meta = d.indicator(sel.indicator)
    undated = meta["time_basis"] == "undated"
    money_cur = sel.currency if unit.kind == "money" else "local"
    if unit.kind == "money" and sel.measure == "index":
        money_cur = "local"  # an index in each city's own currency
    if sel.measure == "share" and unit.kind == "money" and money_cur == "local":
        raise ValueError(
            "a share of the total needs one currency: CNY, HKD and MOP cannot be "
            "added as they stand; choose currency 'CNY' or 'USD'"
        )
    years = (
        None
        if undated
        else (
            (min(_base_year(sel), sel.years[0]), sel.years[1])
            if sel.measure == "index"
            else sel.years
        )
    )
    rows = _rows(d, sel.indicator, years)
    if unit.kind == "money":
        rows = _converted(d, rows, money_cur)
    else:
        rows = rows.assign(amount=rows["value"], conv_note="")
    wanted_years = [None] if undated else list(range(sel.years[0], sel.years[1] + 1))
    cities = d.cities.set_index("city_id")
    unknown = [c for c in sel.cities if c not in cities.index]
    if unknown:
        raise ValueError(f"unknown city id(s): {unknown}")
    pop = d.series("population").set_index(["city_id", "year"])["value"]
    land = d.series("land_area").set_index("city_id")["value"]
    by_key = {
        (r.city_id, None if undated else int(r.year)): r for r in rows.itertuples()
    }
    totals: dict[int | None, tuple[float, str]] = {}
    records = []
    for year in wanted_years:
        if sel.measure == "share":
            totals[year] = _total(by_key, list(cities.index), year)
        for city in sel.cities:
            info = cities.loc[city]
            value, note = _measure(sel, unit, by_key, city, year, pop, land, totals)
            records.append(
                {
                    "city_id": city,
                    "city": info["name_en"],
                    "name_zh": info["name_zh"],
                    "jurisdiction": info["jurisdiction"],
                    "year": year,
                    "value": value,
                    "currency": (
                        info["currency"] if money_cur == "local" else money_cur
                    )
                    if unit.kind == "money"
                    else None,
                    "status": "ok"
                    if value is not None and not math.isnan(value)
                    else "missing",
                    "note": note,
                }
            )
    table = pd.DataFrame.from_records(records)
    table["value"] = table["value"].astype("float64")
    label = _label(d, sel, unit, money_cur)
    when = (
        "undated"
        if undated
        else (
            str(sel.years[0]) if sel.single_year else f"{sel.years[0]}-{sel.years[1]}"
        )
    )
    title = f"{meta['title_en']}, {MEASURES[sel.measure]}, {when}"
    notes = []
    sources = list(str(meta["source_ids"]).split())
    if unit.kind == "money" and money_cur in ("CNY", "USD"):
        notes.append(
            f"HKD and MOP converted to {money_cur} at World Bank annual average rates."
        )
        sources.append("wdi-exchange-rates")
    elif unit.kind == "money":
        reason = (
            "an index is computed in each city's own currency"
            if sel.measure == "index"
            else "not converted: CNY, HKD and MOP are not comparable as they stand"
        )
        notes.append(f"Local currencies; {reason}.")
    if sel.measure in ("per_resident", "per_km2", "share"):
        if sel.measure == "per_resident":
            sources.append("official-gba-population")
        if sel.measure == "per_km2":
            sources.append("bayarea-gov-hk-cities")
            notes.append("Land areas are undated (about 2018).")
    sources = list(
        dict.fromkeys(s for s in sources if s in set(d.sources["source_id"]))
    )
    return Comparison(
        selection=sel,
        table=table,
        title=title,
        unit=label,
        notes=tuple(notes),
        source_ids=tuple(sources),
        currencies=tuple(sorted({c for c in table["currency"].dropna()})),
    )


def _lookup(by_key: dict, city: str, year: int | None) -> tuple[float | None, str]:
    row = by_key.get((city, year))
    if row is None:
        return None, f"no figure for {year}" if year is not None else "no figure"
    if pd.isna(row.value):
        return None, str(row.note) if pd.notna(
            row.note
        ) else "marked missing in the source"
    if pd.isna(row.amount):
        return None, str(row.conv_note) or "could not be converted"
    return float(row.amount), ""


def _total(by_key: dict, all_cities: list[str], year: int | None) -> tuple[float, str]:
    total, gaps = 0.0, []
    for city in all_cities:
        value, _ = _lookup(by_key, city, year)
        if value is None:
            gaps.append(city)
        else:
            total += value
    if gaps:
        return float("nan"), f"11-city total unknown ({', '.join(gaps)} missing)"
    return total, ""


def _measure(
    sel: Selection,
    unit: _Unit,
    by_key: dict,
    city: str,
    year: int | None,
    pop: pd.Series,
    land: pd.Series,
    totals: dict,
) -> tuple[float | None, str]:
    value, note = _lookup(by_key, city, year)
    if value is None:
        return float("nan"), note
    if sel.measure == "absolute":
        return value, note
    if sel.measure == "index":
        base, base_note = _lookup(by_key, city, _base_year(sel))
        if base is None or base == 0:
            return float("nan"), f"no base-year figure ({base_note or 'zero'})"
        return 100 * value / base, note
    if sel.measure == "share":
        total, total_note = totals[year]
        if math.isnan(total):
            return float("nan"), total_note
        return 100 * value / total, note
    if sel.measure == "per_km2":
        area = land.get(city)
        if area is None or pd.isna(area):
            return float("nan"), "no land area"
        per = value * unit.scale / float(area)
        return (per / 1e6 if unit.kind == "money" else per), note
    # per resident
    pop_year = sel.years[1] if year is None else year
    residents = pop.get((city, pop_year))
    if residents is None or pd.isna(residents):
        return float("nan"), f"no population figure for {pop_year}"
    per = value * unit.scale / (float(residents) * 1e4)
    if unit.kind == "area":
        return per * 1e6, note  # m² per resident
    if unit.kind == "count" and unit.noun == "persons":
        return 100 * per, note  # % of residents
    if unit.kind == "count":
        return per * 1e4, note  # per 10,000 residents
    return per, note


# ------------------------------------------------------------- charts


def chart(comparison: Comparison, source: str) -> alt.TopLevelMixin:
    """Draw a comparison: bars for one year, lines over years; gaps labelled.

    Parameters
    ----------
    comparison : Comparison
        The result of :func:`compare`.
    source : str
        The source line (e.g. ``d.source_line(comparison.source_ids, derived=True)``).
    """
    sel = comparison.selection
    table = comparison.table
    what = ", ".join(table.drop_duplicates("city_id")["city"])
    missing = table[table["status"] == "missing"]
    gaps = [
        f"{r.city} {'' if pd.isna(r.year) else int(r.year)}: {r.note}".replace(
            " :", ":"
        )
        for r in missing.itertuples()
    ]
    notes = list(comparison.notes)
    if gaps and not sel.single_year:
        shown = "; ".join(gaps[:4]) + ("; ..." if len(gaps) > 4 else "")
        notes.append(f"Gaps: {shown}")
    description = (
        f"{'Bar' if sel.single_year or table['year'].isna().all() else 'Line'} chart "
        f"comparing {what}: {comparison.title} ({comparison.unit})."
        + (f" {len(missing)} value(s) missing." if len(missing) else "")
    )
    if sel.single_year or table["year"].isna().all():
        return charts.city_bars(
            table,
            title=comparison.title,
            unit=comparison.unit,
            source=source,
            description=description,
            notes=notes,
            value_format=_format(table["value"]),
            facet="currency" if len(comparison.currencies) > 1 else None,
        )
    data = table.copy()
    data["year_date"] = pd.to_datetime(
        data["year"].astype(int).astype(str), format="%Y"
    )
    base = alt.Chart(data).encode(
        x=alt.X("year_date:T", title=None, axis=alt.Axis(format="%Y")),
        y=alt.Y("value:Q", title=comparison.unit, axis=alt.Axis(format=",~f")),
        color=alt.Color("city:N", title="City"),
        tooltip=[
            alt.Tooltip("city:N", title="City"),
            alt.Tooltip("year:Q", title="Year", format="d"),
            alt.Tooltip(
                "value:Q", title=comparison.unit, format=_format(data["value"])
            ),
            alt.Tooltip("note:N", title="Note"),
        ],
    )
    lines = base.mark_line(point=True, invalid="break-paths-filter-domains")
    layered = alt.layer(lines).properties(width=520, height=280)
    if len(comparison.currencies) > 1:
        layered = (
            alt.layer(lines)
            .properties(width=520, height=200)
            .facet(row=alt.Row("currency:N", title=None))
            .resolve_scale(y="independent")
        )
    return charts.titled(
        layered,
        title=comparison.title,
        unit=comparison.unit,
        source=source,
        description=description,
        notes=notes,
    )


def _format(values: pd.Series) -> str:
    finite = values.dropna().abs()
    if finite.empty or finite.max() >= 100:
        return ",.0f"
    if finite.max() >= 10:
        return ",.1f"
    return ",.2f"


# --------------------------------------------------------- static (no kernel)

_STATIC_MEASURES = ("absolute", "per_resident", "per_km2", "share", "index")


def _param_name(city_id: str) -> str:
    return "show_" + city_id.replace("-", "_")


def static_table(d: BookData, indicators: Sequence[str] | None = None) -> pd.DataFrame:
    """Every city, year and measure of the chosen indicators, for the static chart.

    One row per indicator, city and year, with one column per measure (computed by
    :func:`compare`, money in yuan) and ``raw``, the value in the city's own currency
    from which the browser computes the index for any base year. Measures that do
    not apply to an indicator are empty.
    """
    indicators = list(indicators or d.indicators["indicator_id"])
    cities = tuple(d.cities["city_id"])
    frames = []
    for indicator in indicators:
        years = d.series(indicator)["year"].dropna()
        span = (int(years.min()), int(years.max())) if len(years) else (2024, 2024)
        valid = valid_measures(d, indicator)
        base = None
        for measure in ("absolute", "per_resident", "per_km2", "share"):
            if measure not in valid:
                continue
            result = compare(
                d, Selection(indicator, cities, measure, span, None, "CNY")
            )
            table = result.table[["city_id", "year", "value", "note"]].rename(
                columns={"value": measure, "note": f"note_{measure}"}
            )
            base = table if base is None else base.merge(table, on=["city_id", "year"])
        raw = compare(d, Selection(indicator, cities, "absolute", span, None, "local"))
        base = base.merge(
            raw.table[["city_id", "year", "value"]].rename(columns={"value": "raw"}),
            on=["city_id", "year"],
        )
        base.insert(0, "indicator", indicator)
        frames.append(base)
    table = pd.concat(frames, ignore_index=True)
    table["year"] = table["year"].astype("Int64")  # undated rows: <NA> -> null
    for measure in _STATIC_MEASURES[:-1]:
        if measure not in table:
            table[measure] = float("nan")
        table[f"note_{measure}"] = table.get(f"note_{measure}", "").fillna("")
    table["note"] = table["note_absolute"]
    table = table.drop(columns=[c for c in table if c.startswith("note_")])
    info = d.cities.set_index("city_id")
    table["city"] = table["city_id"].map(info["name_en"])
    table["jurisdiction_label"] = (
        table["city_id"].map(info["jurisdiction"]).map(charts.JURISDICTION_LABELS)
    )
    for column in ("absolute", "per_resident", "per_km2", "share", "raw"):
        table[column] = table[column].map(
            lambda v: float(f"{v:.6g}") if pd.notna(v) else v
        )
    return table


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
    meta = d.indicators.set_index("indicator_id")
    labels = {i: str(meta.loc[i, "title_en"]) for i in indicator_ids}
    units = {}
    for indicator in indicator_ids:
        valid = valid_measures(d, indicator)
        for measure in _STATIC_MEASURES:
            if measure not in valid:
                units[f"{indicator}|{measure}"] = "(this measure does not apply)"
                continue
            sel = Selection(
                indicator, tuple(cities), measure, (base_year, year), base_year, "CNY"
            )
            units[f"{indicator}|{measure}"] = _label(
                d,
                replace(sel, base_year=None) if measure != "index" else sel,
                _unit(d, indicator),
                "CNY" if measure != "index" else "local",
            ).replace(f"index, {base_year} = 100", "index, base year = 100")
    years = table["year"].dropna()
    indicator_param = alt.param(
        name="indicator",
        value=indicator_ids[0],
        bind=alt.binding_select(
            options=indicator_ids,
            labels=[labels[i] for i in indicator_ids],
            name="Indicator ",
        ),
    )
    measure_param = alt.param(
        name="measure",
        value="absolute",
        bind=alt.binding_select(
            options=list(_STATIC_MEASURES),
            labels=[MEASURES[m] for m in _STATIC_MEASURES],
            name="Measure ",
        ),
    )
    year_param = alt.param(
        name="year",
        value=year,
        bind=alt.binding_range(
            min=int(years.min()), max=int(years.max()), step=1, name="Year (bars) "
        ),
    )
    base_param = alt.param(
        name="base",
        value=base_year,
        bind=alt.binding_range(
            min=int(years.min()),
            max=int(years.max()),
            step=1,
            name="Base year (index) ",
        ),
    )
    city_params = [
        alt.param(
            name=_param_name(row.city_id),
            value=row.city_id in cities,
            bind=alt.binding_checkbox(name=f"{row.name_en} {row.name_zh} "),
        )
        for row in d.cities.itertuples()
    ]
    units_param = alt.param(name="units", value=units)
    shown = " || ".join(
        f"(datum.city_id == '{row.city_id}' && {_param_name(row.city_id)})"
        for row in d.cities.itertuples()
    )
    common = [
        {"filter": "datum.indicator == indicator"},
        {"filter": shown},
        {"calculate": "datum.year == base ? datum.raw : null", "as": "base_raw"},
        {
            "joinaggregate": [{"op": "max", "field": "base_raw", "as": "base_value"}],
            "groupby": ["city_id"],
        },
        {
            "calculate": (
                "measure == 'index' ? (isValid(datum.base_value) && "
                "datum.base_value != 0 ? 100 * datum.raw / datum.base_value : null) "
                ": datum[measure]"
            ),
            "as": "shown",
        },
    ]
    unit_expr = "units[indicator + '|' + measure]"
    bars_data = alt.Chart(table)
    bars_data = bars_data.transform_filter(common[0]["filter"]).transform_filter(
        common[1]["filter"]
    )
    bars_data = bars_data.transform_calculate(base_raw=common[2]["calculate"])
    bars_data = bars_data.transform_joinaggregate(
        base_value="max(base_raw)", groupby=["city_id"]
    )
    bars_data = bars_data.transform_calculate(shown=common[4]["calculate"])
    # labels: whole numbers from 1,000 up (never 5.248e+5, never a rounded 524,800
    # that looks exact), four significant digits below (68.83, 0.5812)
    bars_data = bars_data.transform_calculate(
        shown_text="isValid(datum.shown) ? format(datum.shown, "
        "abs(datum.shown) >= 1000 ? ',.0f' : ',.4~r') : null"
    )
    one_year = bars_data.transform_filter(
        "!isValid(datum.year) || datum.year == year"
    ).transform_calculate(order="isValid(datum.shown) ? datum.shown : -1e300")
    y = alt.Y(
        "city:N",
        sort=alt.EncodingSortField("order", op="max", order="descending"),
        title=None,
    )
    bars = (
        one_year.transform_filter("isValid(datum.shown)")
        .mark_bar()
        .encode(
            y=y,
            x=alt.X("shown:Q", title=None, axis=alt.Axis(format=",~f", tickCount=5)),
            color=charts.jurisdiction_color(),
            tooltip=[
                alt.Tooltip("city:N", title="City"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("shown_text:N", title="Value"),
            ],
        )
    )
    values = (
        one_year.transform_filter("isValid(datum.shown)")
        .mark_text(align="left", dx=4)
        .encode(y=y, x="shown:Q", text="shown_text:N")
    )
    gaps = (
        one_year.transform_filter("!isValid(datum.shown)")
        .transform_calculate(gap="'no data' + (datum.note ? ': ' + datum.note : '')")
        .mark_text(align="left", dx=4, color=MUTED, fontStyle="italic")
        .encode(y=y, x=alt.datum(0), text="gap:N")
    )
    bar_chart = alt.layer(bars, values, gaps).properties(
        width=460,
        height=alt.Step(24),
        title=alt.Title(
            text={
                "expr": "'One year: ' + (isValid(year) ? year : '') + ', ' + "
                + unit_expr
            },
            fontSize=13,
        ),
    )
    lines = (
        bars_data.transform_filter("isValid(datum.year)")
        .transform_calculate(when="datetime(datum.year, 0, 1)")
        .mark_line(point=True, invalid="break-paths-filter-domains")
        .encode(
            x=alt.X("when:T", title=None, axis=alt.Axis(format="%Y")),
            y=alt.Y("shown:Q", title=None, axis=alt.Axis(format=",~f")),
            color=alt.Color("city:N", title="City"),
            tooltip=[
                alt.Tooltip("city:N", title="City"),
                alt.Tooltip("year:Q", format="d", title="Year"),
                alt.Tooltip("shown_text:N", title="Value"),
                alt.Tooltip("note:N", title="Note"),
            ],
        )
    )
    line_chart = alt.layer(lines).properties(
        width=460,
        height=240,
        title=alt.Title(text={"expr": "'Over time, ' + " + unit_expr}, fontSize=13),
    )
    combined = (
        alt.vconcat(bar_chart, line_chart, spacing=24)
        .add_params(
            indicator_param,
            measure_param,
            year_param,
            base_param,
            units_param,
            *city_params,
        )
        .resolve_scale(color="independent")
    )
    sources = sorted(
        {s for i in indicator_ids for s in str(meta.loc[i, "source_ids"]).split()}
        | {"wdi-exchange-rates", "bayarea-gov-hk-cities", "official-gba-population"}
    )
    chart = charts.titled(
        combined,
        title="Compare the cities",
        unit=None,
        source=d.source_line(
            [s for s in sources if s in set(d.sources["source_id"])], derived=True
        ),
        description=(
            "Interactive comparison of the 11 cities: choose an indicator, a measure, "
            "a year and the cities with the controls under the chart. The upper "
            "panel shows one year as bars, the lower panel all years as lines; "
            "missing values are labelled, money is in yuan at World Bank annual "
            "average rates, and the index uses each city's own currency."
        ),
        notes=[
            "Money in CNY at World Bank annual averages; indexes use local currency.",
            "Use the controls below the chart. Missing values are labelled, not zero.",
        ],
    )
    # the inputs change the legend and the labels: let the view grow with them
    # (Vega's default keeps the first size and clips what no longer fits)
    return chart.properties(autosize=alt.AutoSizeParams(type="pad", resize=True))
