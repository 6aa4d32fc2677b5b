"""Pure chart builders: a DataFrame and keyword options in, an Altair chart out.

Every builder

* leaves its input frame untouched (it works on a copy) and never displays or saves;
* gives the chart a title that states the unit, a subtitle with the source line and a
  Vega-Lite ``description`` that screen readers announce;
* shows missing values as labelled gaps ("no data"), never as zero.

Importing this module registers the book's theme (:mod:`book.theme`) and renderer
(:mod:`book.render`).
"""

from __future__ import annotations

import math
import textwrap
from collections.abc import Sequence

import altair as alt
import pandas as pd

from book import render as _render  # noqa: F401  (registers the renderer)
from book.data import QUALIFIER_WORDS as _PROSE_QUALIFIER_WORDS
from book.theme import JURISDICTION_COLORS, MUTED, PALETTE

__all__ = [
    "city_bars",
    "city_map",
    "jurisdiction_color",
    "rank_history",
    "share_check",
    "titled",
]

TITLE_WIDTH = 64
"""Characters per title line: longer titles wrap instead of widening the chart."""
SUBTITLE_WIDTH = 96
"""Characters per subtitle (source and note) line."""

JURISDICTION_LABELS = {"mainland": "Mainland city", "sar": "SAR (Hong Kong, Macao)"}


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
    """Colour encoding that keeps mainland cities and SARs the same in every chart."""
    return alt.Color(
        "jurisdiction_label:N",
        title=title or None,
        scale=alt.Scale(
            domain=list(JURISDICTION_LABELS.values()),
            range=[JURISDICTION_COLORS["mainland"], JURISDICTION_COLORS["sar"]],
        ),
    )


def _with_labels(frame: pd.DataFrame) -> pd.DataFrame:
    out = frame.copy()
    if "jurisdiction" in out:
        out["jurisdiction_label"] = out["jurisdiction"].map(JURISDICTION_LABELS)
    return out


def city_bars(
    frame: pd.DataFrame,
    *,
    value: str = "value",
    label: str = "city",
    title: str,
    unit: str,
    source: str,
    description: str,
    value_title: str | None = None,
    value_format: str = ",.0f",
    axis_format: str = ",~f",
    notes: Sequence[str] = (),
    width: int = 520,
    facet: str | None = None,
) -> alt.TopLevelMixin:
    """Horizontal bars, one per city, largest first; missing values labelled.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city with columns ``label``, ``value``, ``jurisdiction`` and,
        optionally, ``note`` (the reason a value is missing).
    value, label : str
        Column names of the measure and of the city name.
    title, unit, source, description, notes
        See :func:`titled`.
    value_title : str, optional
        Axis title (default: the unit).
    value_format : str
        d3 format for the bar labels and tooltip.
    axis_format : str
        d3 format for the axis (default: no trailing zeros).
    facet : str, optional
        A column to split the chart into panels with their own axes (e.g. the
        currency, so that amounts in different currencies never share an axis).
    width : int
        Chart width in pixels.

    """
    data = _with_labels(frame)
    if "note" not in data:
        data["note"] = ""
    data["note"] = data["note"].fillna("")
    data["missing"] = data[value].isna()
    order = data.sort_values(value, ascending=False, na_position="last")[label].tolist()
    y = alt.Y(f"{label}:N", sort=order, title=None)
    base = alt.Chart(data).encode(y=y)
    bars = (
        base.transform_filter(f"isValid(datum['{value}'])")
        .mark_bar()
        .encode(
            x=alt.X(
                f"{value}:Q",
                title=value_title or unit,
                axis=alt.Axis(format=axis_format, tickCount=6, labelOverlap=True),
            ),
            color=jurisdiction_color(),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="City"),
                alt.Tooltip(
                    f"{value}:Q", title=value_title or unit, format=value_format
                ),
            ],
        )
    )
    labels = (
        base.transform_filter(f"isValid(datum['{value}'])")
        .mark_text(align="left", dx=4)
        .encode(x=f"{value}:Q", text=alt.Text(f"{value}:Q", format=value_format))
    )
    gaps = (
        base.transform_filter(f"!isValid(datum['{value}'])")
        .mark_text(align="left", dx=4, color=MUTED, fontStyle="italic")
        .encode(
            x=alt.datum(0),
            text=alt.Text("gap_label:N"),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="City"),
                alt.Tooltip("note:N", title="Why"),
            ],
        )
        .transform_calculate(
            gap_label="'no data' + (datum.note ? ': ' + datum.note : '')"
        )
    )
    chart = alt.layer(bars, labels, gaps).properties(width=width, height=alt.Step(24))
    if facet:
        chart = chart.facet(row=alt.Row(f"{facet}:N", title=None)).resolve_scale(
            x="independent", y="independent"
        )
    return titled(
        chart,
        title=title,
        unit=unit,
        source=source,
        description=description,
        notes=notes,
    )


def _mercator_fit(
    lon: pd.Series, lat: pd.Series, width: int, height: int, margin: float = 0.18
) -> tuple[list[float], float]:
    """Centre and scale of a Mercator projection that fits the points."""

    def merc(phi: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    span_x = math.radians(lon.max() - lon.min())
    span_y = merc(lat.max()) - merc(lat.min())
    scale = min(width / span_x, height / span_y) * (1 - 2 * margin)
    centre = [float((lon.max() + lon.min()) / 2), float((lat.max() + lat.min()) / 2)]
    return centre, scale


def city_map(
    frame: pd.DataFrame,
    *,
    size: str = "value",
    label: str = "city",
    title: str,
    unit: str,
    source: str,
    description: str,
    size_title: str | None = None,
    size_format: str = ",.0f",
    notes: Sequence[str] = (),
    width: int = 560,
    height: int = 440,
) -> alt.LayerChart:
    """Point map of the cities: reference points sized by a measure.

    No map tiles or boundary files are loaded (the book works offline); a
    latitude/longitude graticule gives the geographic frame.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city with ``lat``, ``lon``, ``label``, ``jurisdiction``,
        ``name_zh`` and the ``size`` measure.
    size, label : str
        Column names of the measure and of the city name.
    title, unit, source, description, notes
        See :func:`titled`.
    size_title : str, optional
        Legend title (default: the unit).
    size_format : str
        d3 format for the legend and tooltip.
    width, height : int
        Size in pixels.
    """
    data = _with_labels(frame)
    centre, scale = _mercator_fit(data["lon"], data["lat"], width, height)
    projection = alt.Projection(type="mercator", center=centre, scale=scale)
    grid = alt.Chart(alt.graticule(step=[0.5, 0.5])).mark_geoshape(
        stroke="#d9d9d9", strokeWidth=0.7, fill=None, aria=False
    )
    points = (
        alt.Chart(data)
        .mark_circle(opacity=0.85, stroke="white", strokeWidth=1)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            size=alt.Size(
                f"{size}:Q",
                title=size_title or unit,
                scale=alt.Scale(range=[40, 1600]),
                legend=alt.Legend(format=size_format),
            ),
            color=jurisdiction_color(),
            tooltip=[
                alt.Tooltip(f"{label}:N", title="City"),
                alt.Tooltip("name_zh:N", title="中文"),
                alt.Tooltip(f"{size}:Q", title=size_title or unit, format=size_format),
                alt.Tooltip("lat:Q", format=".2f"),
                alt.Tooltip("lon:Q", format=".2f"),
            ],
        )
    )
    names = (
        alt.Chart(data)
        .mark_text(align="left", dx=9, dy=-7, fontWeight=600)
        .encode(longitude="lon:Q", latitude="lat:Q", text=f"{label}:N")
    )
    chart = (
        alt.layer(grid, points, names)
        .project(type="mercator", center=projection.center, scale=projection.scale)
        .properties(width=width, height=height)
    )
    return titled(
        chart,
        title=title,
        unit=unit,
        source=source,
        description=description,
        notes=notes,
    )


def rank_history(
    frame: pd.DataFrame,
    *,
    title: str,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    width: int = 520,
) -> alt.LayerChart:
    """A cluster's rank by edition, rank 1 at the top, with method and name changes.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per edition with ``edition``, ``rank``, ``cluster`` (name as
        published), ``method`` and ``confidence``. Editions where the method or the
        published name changes get a labelled marker, derived from the data.

    title, source, description, notes
        See :func:`titled` (a rank has no unit).
    width : int
        Width in pixels.
    """
    data = frame.sort_values("edition").copy()
    data["rank_label"] = data["rank"].map(_ordinal)
    changes = []
    previous = None
    for row in data.itertuples():
        if previous is not None:
            if row.method != previous.method:
                changes.append(
                    {"edition": row.edition, "label": f"method: {_METHODS[row.method]}"}
                )
            if row.cluster != previous.cluster:
                changes.append(
                    {"edition": row.edition, "label": f"renamed: {row.cluster}"}
                )
        previous = row
    change_frame = pd.DataFrame(changes, columns=["edition", "label"])
    change_frame["x"] = change_frame["edition"] - 0.5
    height = 220
    # one line per change, stacked up from the bottom of the plot (rank 3 is empty)
    change_frame["ypix"] = (
        height - 14 - 14 * (len(change_frame) - 1 - change_frame.index)
    )
    middle = (data["edition"].min() + data["edition"].max()) / 2
    change_frame["right"] = change_frame["x"] > middle
    top = int(max(3, data["rank"].max() + 1))
    x_scale = alt.Scale(
        domain=[int(data["edition"].min()) - 0.5, int(data["edition"].max()) + 0.5],
        zero=False,
        nice=False,
    )
    x = alt.X(
        "edition:Q",
        title="GII edition",
        scale=x_scale,
        axis=alt.Axis(format="d", tickMinStep=1),
    )
    y = alt.Y(
        "rank:Q",
        title="Rank (1 = top)",
        scale=alt.Scale(domain=[top + 0.5, 0.5], nice=False),
        axis=alt.Axis(values=list(range(1, top + 1)), format="d"),
    )
    base = alt.Chart(data).encode(x=x, y=y)
    line = base.mark_line(color=PALETTE[0])
    points = base.mark_point(size=90, filled=True).encode(
        shape=alt.Shape(
            "confidence:N",
            title="Confidence in the rank",
            scale=alt.Scale(
                domain=["high", "medium-high", "medium"],
                range=["circle", "diamond", "triangle-up"],
            ),
        ),
        color=alt.value(PALETTE[0]),
        tooltip=[
            alt.Tooltip("edition:Q", title="Edition", format="d"),
            alt.Tooltip("cluster:N", title="Published name"),
            alt.Tooltip("rank:Q", title="Rank"),
            alt.Tooltip("method:N", title="Method"),
            alt.Tooltip("confidence:N", title="Confidence"),
        ],
    )
    text = base.mark_text(dy=-14, fontWeight=600).encode(text="rank_label:N")
    rules = (
        alt.Chart(change_frame)
        .mark_rule(strokeDash=[4, 3], color=MUTED)
        .encode(x=alt.X("x:Q", scale=x_scale))
    )
    rule_texts = [
        alt.Chart(change_frame[change_frame["right"] == right])
        .mark_text(align=align, baseline="top", dx=dx, color="#555555", fontSize=11)
        .encode(
            x=alt.X("x:Q", scale=x_scale), y=alt.Y("ypix:Q", scale=None), text="label:N"
        )
        for right, align, dx in ((False, "left", 3), (True, "right", -3))
    ]
    chart = alt.layer(rules, *rule_texts, line, points, text).properties(
        width=width, height=height
    )
    return titled(
        chart,
        title=title,
        unit=None,
        source=source,
        description=description,
        notes=notes,
    )


_METHODS = {
    "pct": "PCT patents only",
    "pct+pubs": "PCT patents + publications",
    "pct+pubs+vc": "adds venture-capital deals",
}


def _ordinal(n: int) -> str:
    n = int(n)
    suffix = (
        "th" if 10 <= n % 100 <= 20 else {1: "st", 2: "nd", 3: "rd"}.get(n % 10, "th")
    )
    return f"{n}{suffix}"


def share_check(
    frame: pd.DataFrame,
    *,
    share: str = "share",
    label: str = "label",
    claim: float,
    claim_label: str,
    title: str,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    width: int = 360,
) -> alt.LayerChart:
    """Bars of a share computed several ways, against the claimed value.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per way of computing the share: ``label`` and ``share`` (percent).
    claim : float
        The claimed share, in percent, drawn as a vertical rule.
    claim_label : str
        Text next to the rule (e.g. "article: one-ninth = 11.1%").

    share, label : str
        Column names of the share and of its label.
    title, source, description, notes
        See :func:`titled` (the unit is %).
    width : int
        Width in pixels.
    """
    data = frame.copy()
    order = data[label].tolist()
    base = alt.Chart(data).encode(
        y=alt.Y(f"{label}:N", sort=order, title=None, axis=alt.Axis(labelLimit=320))
    )
    bars = base.mark_bar(color=PALETTE[4]).encode(
        x=alt.X(
            f"{share}:Q",
            title="Share of China's total (%)",
            scale=alt.Scale(domainMin=0),
        ),
        tooltip=[
            alt.Tooltip(f"{label}:N", title="Computed as"),
            alt.Tooltip(f"{share}:Q", title="Share (%)", format=".2f"),
        ],
    )
    values = base.mark_text(align="left", dx=4).encode(
        x=f"{share}:Q", text=alt.Text(f"{share}:Q", format=".1f")
    )
    claim_frame = pd.DataFrame({"claim": [claim], "text": [claim_label]})
    rule = (
        alt.Chart(claim_frame)
        .mark_rule(color=PALETTE[5], strokeWidth=2)
        .encode(x="claim:Q")
    )
    rule_text = (
        alt.Chart(claim_frame)
        .mark_text(
            color=PALETTE[5], align="right", dx=-4, baseline="bottom", fontWeight=600
        )
        .encode(x="claim:Q", y=alt.value(-2), text="text:N")
    )
    chart = alt.layer(bars, values, rule, rule_text).properties(
        width=width, height=alt.Step(30)
    )
    return titled(
        chart,
        title=title,
        unit="%",
        source=source,
        description=description,
        notes=notes,
    )


# ------------------------------------------------------------------ figures

# a legend names every qualifier; prose leaves "exact" and "range" unsaid
QUALIFIER_WORDS = {**_PROSE_QUALIFIER_WORDS, "exact": "exact", "range": "range"}
QUALIFIER_COLORS = {
    "exact": PALETTE[0],
    "more than": PALETTE[2],
    "at least": PALETTE[2],
    "about": PALETTE[1],
    "nearly": PALETTE[1],
    "less than": PALETTE[3],
    "up to": PALETTE[3],
    "range": PALETTE[4],
}
_OPEN_UPWARD = ("more than", "at least")
_OPEN_DOWNWARD = ("less than", "up to")


def fact_bars(
    frame: pd.DataFrame,
    *,
    label: str = "label",
    value: str = "value",
    qualifier: str = "qualifier",
    text: str = "text",
    title: str,
    unit: str,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    width: int = 400,
    axis_format: str = ",~f",
) -> alt.LayerChart:
    """Bars of sourced figures that show how the source qualifies each one.

    Colour tells the qualifier (exact, more than, nearly ...); a triangle at the
    end of a bar marks an open figure ("more than": the true value may be larger;
    "up to": smaller); the label repeats the figure as words ("more than 4,000").

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per figure, in the order to show, with ``label``, ``value``,
        ``qualifier`` (ids such as ``more_than``) and ``text`` (e.g. from
        :func:`book.fmt.fact_text`).
    label, value, qualifier, text : str
        Column names.
    title, unit, source, description, notes
        See :func:`titled`.
    width : int
        Width in pixels.
    axis_format : str
        d3 format of the value axis.
    """
    data = frame.copy()
    data["qualifier_words"] = data[qualifier].map(QUALIFIER_WORDS)
    present = [w for w in QUALIFIER_COLORS if w in set(data["qualifier_words"])]
    color = alt.Color(
        "qualifier_words:N",
        title="As the source puts it",
        scale=alt.Scale(domain=present, range=[QUALIFIER_COLORS[w] for w in present]),
    )
    data["open_shape"] = data["qualifier_words"].map(
        lambda w: (
            "triangle-right"
            if w in _OPEN_UPWARD
            else ("triangle-left" if w in _OPEN_DOWNWARD else None)
        )
    )
    y = alt.Y(
        f"{label}:N",
        sort=data[label].tolist(),
        title=None,
        axis=alt.Axis(labelLimit=260),
    )
    base = alt.Chart(data).encode(y=y)
    tooltip = [
        alt.Tooltip(f"{label}:N", title="What"),
        alt.Tooltip(f"{text}:N", title="Figure"),
        alt.Tooltip("qualifier_words:N", title="Qualifier"),
    ]
    bars = base.mark_bar().encode(
        x=alt.X(
            f"{value}:Q", title=unit, axis=alt.Axis(format=axis_format, tickCount=5)
        ),
        color=color,
        tooltip=tooltip,
    )
    ends = (
        base.transform_filter("datum.open_shape != null")
        .mark_point(filled=True, size=70, color="#333333")
        .encode(
            x=f"{value}:Q", shape=alt.Shape("open_shape:N", scale=None, legend=None)
        )
    )
    words = base.mark_text(align="left", dx=8).encode(x=f"{value}:Q", text=f"{text}:N")
    layers = [bars, ends, words] if data["open_shape"].notna().any() else [bars, words]
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(24))
    return titled(
        chart,
        title=title,
        unit=unit,
        source=source,
        description=description,
        notes=notes,
    )


def category_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    title: str,
    unit: str,
    source: str,
    description: str,
    color: str | None = None,
    color_title: str | None = None,
    value_format: str = ",~f",
    sort: bool = True,
    label_limit: int = 260,
    notes: Sequence[str] = (),
    width: int = 420,
) -> alt.LayerChart:
    """Horizontal bars for any categories (clusters, economies, bay areas ...).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per category; a missing value is labelled "no data".
    category, value : str
        Column names of the labels and the measure.
    color : str, optional
        A column to colour by (nominal).
    color_title : str, optional
        Legend title for ``color``.
    value_format : str
        d3 format of the axis and labels.
    sort : bool
        Largest first (default) or keep the frame's order.
    label_limit : int
        Pixels allowed for a category label before it is cut with an ellipsis.
    title, unit, source, description, notes
        See :func:`titled`.
    width : int
        Width in pixels.
    """
    data = frame.copy()
    order = (
        data.sort_values(value, ascending=False, na_position="last")[category].tolist()
        if sort
        else data[category].tolist()
    )
    base = alt.Chart(data).encode(
        y=alt.Y(
            f"{category}:N",
            sort=order,
            title=None,
            axis=alt.Axis(labelLimit=label_limit),
        )
    )
    encoding = {
        "x": alt.X(
            f"{value}:Q", title=unit, axis=alt.Axis(format=value_format, tickCount=5)
        ),
        "tooltip": [
            alt.Tooltip(f"{category}:N"),
            alt.Tooltip(f"{value}:Q", title=unit, format=value_format),
        ],
    }
    if color:
        encoding["color"] = alt.Color(f"{color}:N", title=color_title)
    bars = (
        base.transform_filter(f"isValid(datum['{value}'])")
        .mark_bar()
        .encode(**encoding)
    )
    labels = (
        base.transform_filter(f"isValid(datum['{value}'])")
        .mark_text(align="left", dx=4)
        .encode(x=f"{value}:Q", text=alt.Text(f"{value}:Q", format=value_format))
    )
    gaps = (
        base.transform_filter(f"!isValid(datum['{value}'])")
        .mark_text(align="left", dx=4, color=MUTED, fontStyle="italic", text="no data")
        .encode(x=alt.datum(0))
    )
    chart = alt.layer(bars, labels, gaps).properties(width=width, height=alt.Step(24))
    return titled(
        chart,
        title=title,
        unit=unit,
        source=source,
        description=description,
        notes=notes,
    )


def timeline(
    frame: pd.DataFrame,
    *,
    date: str = "date",
    label: str = "label",
    kind: str = "kind",
    title: str,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    width: int = 300,
) -> alt.LayerChart:
    """A dated list of events: one row each, a dot at its date, the label beside it.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per event with ``date`` (ISO text, a year or year-month allowed),
        ``label`` and ``kind`` (colour).
    date, label, kind : str
        Column names.
    title, source, description, notes
        See :func:`titled` (a timeline has no unit).
    width : int
        Width of the time axis in pixels (labels extend to the right).
    """
    data = frame.copy()
    data["when"] = pd.to_datetime(data[date].astype(str), format="mixed")
    data = data.sort_values("when").reset_index(drop=True)
    data["row"] = data.index
    data["when_text"] = data[date].astype(str)
    data["display"] = data["when_text"] + "  " + data[label]
    y = alt.Y("row:O", axis=None)
    x_scale = alt.Scale(
        domain=[
            (data["when"].min() - pd.DateOffset(months=6)).isoformat(),
            (data["when"].max() + pd.DateOffset(months=6)).isoformat(),
        ]
    )
    x = alt.X(
        "when:T",
        title=None,
        scale=x_scale,
        axis=alt.Axis(format="%Y", tickCount=8, orient="top"),
    )
    base = alt.Chart(data).encode(y=y)
    rule = base.mark_rule(color="#e0e0e0").encode(x=alt.value(0), x2=alt.value(width))
    dots = base.mark_circle(size=90, opacity=1).encode(
        x=x,
        color=alt.Color(f"{kind}:N", title="Kind"),
        tooltip=[
            alt.Tooltip("when_text:N", title="Date"),
            alt.Tooltip(f"{label}:N", title="Event"),
            alt.Tooltip(f"{kind}:N", title="Kind"),
        ],
    )
    texts = base.mark_text(align="left", dx=8).encode(
        x=alt.value(width), text="display:N"
    )
    chart = alt.layer(rule, dots, texts).properties(width=width, height=alt.Step(22))
    return titled(
        chart,
        title=title,
        unit=None,
        source=source,
        description=description,
        notes=notes,
    )


def place_map(
    cities: pd.DataFrame,
    places: pd.DataFrame,
    *,
    label: str = "name_en",
    title: str,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    width: int = 560,
    height: int = 440,
) -> alt.LayerChart:
    """Platforms and zones on a map of the 11 city reference points.

    Places without sourced coordinates are not drawn; the chart says which.

    Parameters
    ----------
    cities : pandas.DataFrame
        ``cities`` table (``name_en``, ``lat``, ``lon``): grey context points.
    places : pandas.DataFrame
        ``places`` table (``name_en``, ``kind``, ``lat``, ``lon``).
    label : str
        Column of ``places`` used for the labels on the map (e.g. short names).
    title, source, description, notes
        See :func:`titled`.
    width, height : int
        Size in pixels.
    """
    located = places.dropna(subset=["lat", "lon"]).copy()
    missing = places[places["lat"].isna()]["name_en"].tolist()
    extra = list(notes)
    if missing:
        extra.append(
            "Not on the map (no sourced coordinates): " + "; ".join(missing) + "."
        )
    all_lon = pd.concat([cities["lon"], located["lon"]])
    all_lat = pd.concat([cities["lat"], located["lat"]])
    centre, scale = _mercator_fit(all_lon, all_lat, width, height)
    grid = alt.Chart(alt.graticule(step=[0.5, 0.5])).mark_geoshape(
        stroke="#d9d9d9", strokeWidth=0.7, fill=None, aria=False
    )
    city_layer = (
        alt.Chart(cities.copy())
        .mark_circle(color=MUTED, size=40, opacity=0.6)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            tooltip=[alt.Tooltip("name_en:N", title="City")],
        )
    )
    city_names = (
        alt.Chart(cities.copy())
        .mark_text(color=MUTED, align="right", dx=-6, fontSize=11)
        .encode(longitude="lon:Q", latitude="lat:Q", text="name_en:N")
    )
    place_layer = (
        alt.Chart(located)
        .mark_point(filled=True, size=160, opacity=0.95)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            color=alt.Color("kind:N", title="Kind"),
            shape=alt.Shape("kind:N", title="Kind"),
            tooltip=[
                alt.Tooltip("name_en:N", title="Place"),
                alt.Tooltip("name_zh:N", title="中文"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("note:N", title="Point marks"),
            ],
        )
    )
    east = located["lon"] > centre[0]
    place_names = [
        alt.Chart(located[mask])
        .mark_text(align=align, dx=dx, fontWeight=600)
        .encode(longitude="lon:Q", latitude="lat:Q", text=f"{label}:N")
        for mask, align, dx in ((~east, "left", 9), (east, "right", -9))
    ]
    chart = (
        alt.layer(grid, city_layer, city_names, place_layer, *place_names)
        .project(type="mercator", center=centre, scale=scale)
        .properties(width=width, height=height)
    )
    return titled(
        chart,
        title=title,
        unit=None,
        source=source,
        description=description,
        notes=extra,
    )


def matrix(
    frame: pd.DataFrame,
    *,
    row: str,
    column: str,
    value: str,
    title: str,
    unit: str | None,
    source: str,
    description: str,
    value_format: str = ",.0f",
    nominal: bool = False,
    row_sort: list[str] | None = None,
    column_sort: list[str] | None = None,
    colors: dict[str, str] | None = None,
    legend_columns: int | None = None,
    notes: Sequence[str] = (),
    cell: int = 34,
) -> alt.LayerChart:
    """A grid of cells: distances between cities, or which data exist where.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long form: one row per cell with ``row``, ``column`` and ``value``.
    row, column, value : str
        Column names.
    value_format : str
        d3 format of the numbers written in the cells (quantitative values).
    nominal : bool
        Treat ``value`` as categories (e.g. "available", "missing").
    row_sort, column_sort : list of str, optional
        Orders of the rows and columns (default: as in the frame).
    colors : dict of str to str, optional
        For nominal values: a fixed colour per category, in legend order (e.g. grey
        for "missing", so gaps read as gaps).
    legend_columns : int, optional
        Columns of the legend (nominal values).
    title, unit, source, description, notes
        See :func:`titled`.
    cell : int
        Cell size in pixels.
    """
    data = frame.copy()
    rows = row_sort or list(dict.fromkeys(data[row]))
    cols = column_sort or list(dict.fromkeys(data[column]))
    base = alt.Chart(data).encode(
        y=alt.Y(f"{row}:N", sort=rows, title=None),
        x=alt.X(
            f"{column}:N",
            sort=cols,
            title=None,
            axis=alt.Axis(labelAngle=-40, orient="top"),
        ),
    )
    if nominal:
        scale = (
            alt.Scale(domain=list(colors), range=list(colors.values()))
            if colors
            else alt.Undefined
        )
        legend = alt.Legend(columns=legend_columns) if legend_columns else alt.Undefined
        fill = alt.Color(f"{value}:N", title=unit, scale=scale, legend=legend)
        words = alt.Text(f"{value}:N")
    else:
        fill = alt.Color(
            f"{value}:Q", title=unit, scale=alt.Scale(scheme="blues"), legend=None
        )
        words = alt.Text(f"{value}:Q", format=value_format)
    rects = base.mark_rect(stroke="white").encode(
        color=fill,
        tooltip=[
            alt.Tooltip(f"{row}:N"),
            alt.Tooltip(f"{column}:N"),
            alt.Tooltip(f"{value}:{'N' if nominal else 'Q'}", title=unit or value),
        ],
    )
    layers = [rects]
    if not nominal:
        layers.append(
            base.mark_text(fontSize=10).encode(
                text=words,
                color=alt.condition(
                    f"datum['{value}'] > {data[value].max() / 2}",
                    alt.value("white"),
                    alt.value("#222222"),
                ),
            )
        )
    chart = alt.layer(*layers).properties(
        width=alt.Step(cell), height=alt.Step(cell * 0.7)
    )
    return titled(
        chart,
        title=title,
        unit=unit,
        source=source,
        description=description,
        notes=notes,
    )


def bump_chart(
    frame: pd.DataFrame,
    *,
    edition: str = "edition",
    rank: str = "rank",
    series: str = "cluster",
    highlight: Sequence[str] = (),
    title: str,
    source: str,
    description: str,
    notes: Sequence[str] = (),
    width: int = 420,
) -> alt.LayerChart:
    """Ranks of several entities across editions, rank 1 at the top.

    Parameters
    ----------
    frame : pandas.DataFrame
        Long form: one row per entity and edition.
    edition, rank, series : str
        Column names.
    highlight : sequence of str
        Entities drawn in colour; the others are grey.
    title, source, description, notes
        See :func:`titled` (ranks have no unit).
    width : int
        Width in pixels.
    """
    data = frame.copy()
    data["highlighted"] = data[series].isin(list(highlight))
    last = data.sort_values(edition).groupby(series).tail(1)
    top = int(data[rank].max())
    x = alt.X(f"{edition}:O", title="GII edition", axis=alt.Axis(labelAngle=0))
    y = alt.Y(
        f"{rank}:Q",
        title="Rank (1 = top)",
        scale=alt.Scale(domain=[top + 0.5, 0.5], nice=False),
        axis=alt.Axis(values=list(range(1, top + 1))),
    )
    color = alt.condition(
        "datum.highlighted", alt.Color(f"{series}:N", legend=None), alt.value("#c8c8c8")
    )
    base = alt.Chart(data).encode(x=x, y=y, detail=f"{series}:N")
    lines = base.mark_line(strokeWidth=2).encode(color=color)
    points = base.mark_circle(size=50, opacity=1).encode(
        color=color,
        tooltip=[
            alt.Tooltip(f"{series}:N"),
            alt.Tooltip(f"{edition}:O"),
            alt.Tooltip(f"{rank}:Q"),
        ],
    )
    last_data = last.copy()
    names = (
        alt.Chart(last_data)
        .mark_text(align="left", dx=8, fontSize=11)
        .encode(
            x=x,
            y=y,
            text=f"{series}:N",
            color=alt.condition(
                "datum.highlighted",
                alt.Color(f"{series}:N", legend=None),
                alt.value("#888888"),
            ),
        )
    )
    chart = alt.layer(lines, points, names).properties(width=width, height=20 * top)
    return titled(
        chart,
        title=title,
        unit=None,
        source=source,
        description=description,
        notes=notes,
    )


def panels(
    frame: pd.DataFrame,
    *,
    category: str,
    metrics: Sequence[tuple[str, str, str]],
    title: str,
    source: str,
    description: str,
    highlight: str | None = None,
    notes: Sequence[str] = (),
    panel_width: int = 150,
) -> alt.HConcatChart:
    """Small multiples: one bar panel per measure, the categories shared.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per category (e.g. per bay area).
    category : str
        Column of the category labels.
    metrics : sequence of (column, panel title with unit, d3 format)
        The measures, one panel each.
    highlight : str, optional
        A category drawn in the accent colour.
    title, source, description, notes
        See :func:`titled` (each panel states its unit).
    panel_width : int
        Width of each panel in pixels.
    """
    data = frame.copy()
    order = data[category].tolist()
    fill = (
        alt.condition(
            f"datum['{category}'] == '{highlight}'",
            alt.value(PALETTE[1]),
            alt.value(PALETTE[0]),
        )
        if highlight
        else alt.value(PALETTE[0])
    )
    charts_ = []
    for index, (column, heading, fmt_) in enumerate(metrics):
        base = alt.Chart(
            data, title=alt.Title(heading, fontSize=12, anchor="start")
        ).encode(
            y=alt.Y(
                f"{category}:N",
                sort=order,
                title=None,
                axis=alt.Axis(labels=index == 0, ticks=index == 0, labelLimit=220),
            ),
        )
        bars = base.mark_bar().encode(
            x=alt.X(
                f"{column}:Q",
                title=None,
                axis=alt.Axis(format=fmt_, tickCount=3, labelOverlap="greedy"),
            ),
            color=fill,
            tooltip=[
                alt.Tooltip(f"{category}:N"),
                alt.Tooltip(f"{column}:Q", title=heading, format=fmt_),
            ],
        )
        labels = base.mark_text(align="left", dx=3, fontSize=11).encode(
            x=f"{column}:Q", text=alt.Text(f"{column}:Q", format=fmt_)
        )
        charts_.append(
            alt.layer(bars, labels).properties(width=panel_width, height=alt.Step(26))
        )
    chart = alt.hconcat(*charts_, spacing=18)
    return titled(
        chart,
        title=title,
        unit=None,
        source=source,
        description=description,
        notes=notes,
    )
