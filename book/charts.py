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
) -> alt.LayerChart:
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
        stroke="#d9d9d9", strokeWidth=0.7, fill=None
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
