"""Horizontal bar charts: cities, any categories, sourced figures, a share and a claim.

Every bar chart is made of the same three layers (:func:`bar_layers`): the bars and
their value labels where a value exists, and a gap label where it does not.
"""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from typing import Any, Unpack

import altair as alt
import pandas as pd

from book.charts.frame import (
    ChartText,
    city_color,
    human,
    titled,
    with_jurisdiction_labels,
)
from book.charts.gaps import gap_labels, is_valid
from book.data import QUALIFIER_WORDS as _PROSE_QUALIFIER_WORDS
from book.theme import ACCENT, FIRM, LOOSE, SOFT

__all__ = [
    "QUALIFIER_COLORS",
    "QUALIFIER_WORDS",
    "bar_layers",
    "category_bars",
    "category_y",
    "city_bars",
    "fact_bars",
    "fixed_color",
    "qualifier_color",
    "share_check",
]

# a legend names every qualifier; prose leaves "exact" and "range" unsaid
QUALIFIER_WORDS = {**_PROSE_QUALIFIER_WORDS, "exact": "exact", "range": "range"}
"""Legend words of the qualifier ids (``more_than`` -> "more than")."""
QUALIFIER_COLORS = {
    "exact": FIRM,
    "more than": SOFT,
    "at least": SOFT,
    "less than": SOFT,
    "up to": SOFT,
    "about": LOOSE,
    "nearly": LOOSE,
    "range": LOOSE,
}
"""A colour per qualifier, in legend order: firm, a bound, an approximation."""
_OPEN_SHAPES = {
    **dict.fromkeys(("more than", "at least"), "triangle-right"),  # may be larger
    **dict.fromkeys(("less than", "up to"), "triangle-left"),  # may be smaller
}


def bar_layers(
    base: alt.Chart,
    value: str,
    *,
    x: alt.X,
    text: alt.Text | str,
    tooltip: Sequence[alt.Tooltip] = (),
    color: Any = alt.Undefined,
    bar: Mapping[str, Any] | None = None,
    label: Mapping[str, Any] | None = None,
    gap: Mapping[str, Any] | None = None,
    label_x: Any = None,
) -> list[alt.Chart]:
    """Bars, their labels and gap labels: ``[bars, labels, gaps]`` to layer.

    Parameters
    ----------
    base : altair.Chart
        The data with the category encoding (``y``).
    value : str
        Column of the measure; rows without it get a gap label at zero, no bar.
    x : altair.X
        The measure's encoding (axis title, format, scale).
    text : altair.Text or str
        What each bar's label says (e.g. the value, formatted).
    tooltip : sequence of altair.Tooltip
        Tooltip of the bars.
    color : altair encoding, optional
        Colour of the bars (default: the theme's).
    bar, label : mapping, optional
        Mark properties of the bars and of the labels (right of the bar).
    gap : mapping, optional
        Keyword arguments of :func:`gap_labels` (``note``, ``tooltip`` ...).
    label_x : altair encoding, optional
        Where the labels go (default: the end of the bar; ``alt.value("width")``
        puts them in a column right of the plot).

    """
    drawn = base.transform_filter(is_valid(value))
    bars = drawn.mark_bar(**(bar or {})).encode(
        x=x, color=color, tooltip=list(tooltip) or alt.Undefined
    )
    labels = drawn.mark_text(**{"align": "left", "dx": 4, **(label or {})}).encode(
        x=f"{value}:Q" if label_x is None else label_x, text=text
    )
    # XDatum, not alt.datum: the same spec, without Altair looking up its class
    gaps = gap_labels(base, value, x=alt.XDatum(0), **(gap or {}))
    return [bars, labels, gaps]


def category_y(field: str, order: Sequence[str], **axis: Any) -> alt.Y:
    """The categories down the side, in the given order, without an axis title.

    ``axis`` are :class:`altair.Axis` properties (e.g. ``labelLimit=260``).
    """
    return alt.Y(
        f"{field}:N",
        sort=list(order),
        title=None,
        axis=alt.Axis(**axis) if axis else alt.Undefined,
    )


def city_bars(
    frame: pd.DataFrame,
    *,
    value: str = "value",
    label: str = "city",
    unit: str,
    value_title: str | None = None,
    value_format: str = ",.0f",
    axis_format: str = ",~f",
    width: int = 520,
    facet: str | None = None,
    **words: Unpack[ChartText],
) -> alt.TopLevelMixin:
    """Horizontal bars, one per city, largest first; missing values labelled.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city with columns ``label``, ``value``, ``jurisdiction`` and,
        optionally, ``note`` (the reason a value is missing).
    value, label : str
        Column names of the measure and of the city name.
    unit : str
        Unit of the measure (title and axis).
    value_title : str, optional
        Axis title (default: the unit).
    value_format, axis_format : str
        d3 formats of the bar labels and tooltip, and of the axis.
    width : int
        Chart width in pixels.
    facet : str, optional
        A column to split the chart into panels with their own axes (e.g. the
        currency, so that amounts in different currencies never share an axis).
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled`.

    """
    data = with_jurisdiction_labels(frame)
    data["note"] = data["note"].fillna("") if "note" in data else ""
    data["missing"] = data[value].isna()
    ranked = data.sort_values(value, ascending=False, na_position="last")
    city = alt.Tooltip(f"{label}:N", title="City")
    named = "city" if "city" in data else label  # names the colour of each bar
    axis = alt.Axis(format=axis_format, tickCount=6, labelOverlap=True)
    title = value_title or unit
    layers = bar_layers(
        alt.Chart(data).encode(y=category_y(label, ranked[label])),
        value,
        x=alt.X(f"{value}:Q", title=title, axis=axis),
        text=alt.Text(f"{value}:Q", format=value_format),
        color=city_color(named, ranked[named].unique()),
        tooltip=[city, alt.Tooltip(f"{value}:Q", title=title, format=value_format)],
        gap={"tooltip": [city, alt.Tooltip("note:N", title="Why")]},
    )
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(24))
    if facet:
        chart = chart.facet(row=alt.Row(f"{facet}:N", title=None)).resolve_scale(
            x="independent", y="independent"
        )
    return titled(chart, unit=unit, **words)


def category_bars(
    frame: pd.DataFrame,
    *,
    category: str,
    value: str,
    unit: str,
    color: str | None = None,
    color_title: str | None = None,
    colors: Mapping[str, str] | None = None,
    category_title: str | None = None,
    value_format: str = ",~f",
    sort: bool = True,
    label_limit: int = 260,
    width: int = 420,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """Horizontal bars for any categories (clusters, economies, bay areas ...).

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per category; a missing value is labelled "no data" (with the
        reason, if the frame has a ``note`` column).
    category, value : str
        Column names of the labels and the measure.
    unit : str
        Unit of the measure (title and axis).
    color, color_title, colors : str, str, mapping, optional
        A column to colour by, its legend title, a fixed colour per value.
    category_title : str, optional
        Tooltip words for a category (default: from the column name).
    value_format : str
        d3 format of the axis and labels.
    sort : bool
        Largest first (default) or keep the frame's order.
    label_limit, width : int
        Pixels for a category label (then cut with an ellipsis); chart width.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled`.

    """
    data = frame.copy()
    ranked = data.sort_values(value, ascending=False, na_position="last")
    order = (ranked if sort else data)[category]
    axis = alt.Axis(format=value_format, tickCount=5)
    layers = bar_layers(
        alt.Chart(data).encode(y=category_y(category, order, labelLimit=label_limit)),
        value,
        x=alt.X(f"{value}:Q", title=unit, axis=axis),
        text=alt.Text(f"{value}:Q", format=value_format),
        color=fixed_color(color, color_title, colors) if color else alt.Undefined,
        tooltip=[
            alt.Tooltip(f"{category}:N", title=category_title or human(category)),
            alt.Tooltip(f"{value}:Q", title=unit, format=value_format),
        ],
    )
    chart = alt.layer(*layers).properties(width=width, height=alt.Step(24))
    return titled(chart, unit=unit, **words)


def fixed_color(
    field: str,
    title: str | None,
    colors: Mapping[str, str] | None,
    legend: Any = alt.Undefined,
) -> alt.Color:
    """Colour by ``field``, with the given colour per value when there are any."""
    scale = (
        alt.Scale(domain=list(colors), range=list(colors.values()))
        if colors
        else alt.Undefined
    )
    return alt.Color(f"{field}:N", title=title, scale=scale, legend=legend)


def share_check(
    frame: pd.DataFrame,
    *,
    share: str = "share",
    label: str = "label",
    claim: float,
    claim_label: str,
    width: int = 360,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """Bars of a share computed several ways, against the claimed value.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per way of computing the share: ``label`` and ``share`` (percent).
    share, label : str
        Column names of the share and of its label.
    claim : float
        The claimed share, in percent, drawn as a vertical rule.
    claim_label : str
        Text next to the rule (e.g. "article: one-ninth = 11.1%").
    width : int
        Width in pixels.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled` (the
        unit is %).

    """
    data = frame.copy()
    bars = bar_layers(
        alt.Chart(data).encode(y=category_y(label, data[label], labelLimit=320)),
        share,
        x=alt.X(
            f"{share}:Q",
            title="Share of China's total (%)",
            scale=alt.Scale(domainMin=0),
        ),
        text=alt.Text(f"{share}:Q", format=".1f"),
        tooltip=[
            alt.Tooltip(f"{label}:N", title="Computed as"),
            alt.Tooltip(f"{share}:Q", title="Share (%)", format=".2f"),
        ],
        bar={"color": FIRM},
        label={"dx": 6},
        label_x=alt.value("width"),  # a column the claim's rule never crosses
    )
    claim_at = alt.Chart(pd.DataFrame({"claim": [claim], "text": [claim_label]}))
    rule = claim_at.mark_rule(color=ACCENT, strokeWidth=2).encode(x="claim:Q")
    rule_text = claim_at.mark_text(
        color=ACCENT, align="right", dx=-4, baseline="bottom", fontWeight=600
    ).encode(x="claim:Q", y=alt.value(-2), text="text:N")
    chart = alt.layer(*bars, rule, rule_text)
    return titled(chart.properties(width=width, height=alt.Step(30)), unit="%", **words)


def fact_bars(
    frame: pd.DataFrame,
    *,
    label: str = "label",
    value: str = "value",
    qualifier: str = "qualifier",
    text: str = "text",
    unit: str,
    width: int = 400,
    axis_format: str = ",~f",
    **words: Unpack[ChartText],
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
        :func:`book.fmt.fact_text`); a missing value is labelled "no data".
    label, value, qualifier, text : str
        Column names.
    unit : str
        Unit of the figures (title and axis).
    width : int
        Width in pixels.
    axis_format : str
        d3 format of the value axis.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled`.

    """
    data = frame.copy()
    data["qualifier_words"] = data[qualifier].map(QUALIFIER_WORDS)
    data["open_shape"] = data["qualifier_words"].map(_OPEN_SHAPES)
    base = alt.Chart(data).encode(y=category_y(label, data[label], labelLimit=260))
    axis = alt.Axis(format=axis_format, tickCount=5)
    bars, labels, gaps = bar_layers(
        base,
        value,
        x=alt.X(f"{value}:Q", title=unit, axis=axis),
        text=f"{text}:N",
        color=qualifier_color(data["qualifier_words"]),
        tooltip=[
            alt.Tooltip(f"{label}:N", title="What"),
            alt.Tooltip(f"{text}:N", title="Figure"),
            alt.Tooltip("qualifier_words:N", title="Qualifier"),
        ],
        label={"dx": 8},
    )
    opens = [_open_ends(base, value)] if data["open_shape"].notna().any() else []
    chart = alt.layer(bars, *opens, labels, gaps)
    return titled(
        chart.properties(width=width, height=alt.Step(24)), unit=unit, **words
    )


def qualifier_color(qualifiers: pd.Series) -> alt.Color:
    """Colour by ``qualifier_words``; the legend lists only the ``qualifiers`` used."""
    present = [w for w in QUALIFIER_COLORS if w in set(qualifiers)]
    return alt.Color(
        "qualifier_words:N",
        title="As the source puts it",
        scale=alt.Scale(domain=present, range=[QUALIFIER_COLORS[w] for w in present]),
    )


def _open_ends(base: alt.Chart, value: str) -> alt.Chart:
    """A triangle at the end of each open figure's bar (``open_shape``)."""
    return (
        base.transform_filter("datum.open_shape != null")
        .mark_point(filled=True, size=70, color="#333333")
        .encode(
            x=f"{value}:Q", shape=alt.Shape("open_shape:N", scale=None, legend=None)
        )
    )
