"""Point maps of the cities and of places, on the land of the Bay.

The book works offline: no map tiles. The land of mainland China, Hong Kong and
Macao comes from ``data/geography.csv`` (Natural Earth, public domain) and is drawn
as a light layer (:func:`land`) under the points; the sea is the white background.
A Mercator projection is fitted to the points (:func:`mercator_fit`); its scale
follows the chart's width, so a map narrowed to a phone's card shrinks instead of
losing its edges. Names are placed point by point so that none overlap
(:mod:`book.charts.maplabels`).
"""

from __future__ import annotations

import math
from typing import Unpack

import altair as alt
import pandas as pd

from book.charts.frame import (
    ChartText,
    city_color,
    titled,
    with_jurisdiction_labels,
)
from book.charts.gaps import gap_labels, gap_note
from book.charts.maplabels import LABEL_COLUMNS, circle_radius, label_positions
from book.theme import FIRM, MUTED

__all__ = [
    "BORDER",
    "LABEL_PLACE",
    "LAND",
    "MAP_LEGEND",
    "city_map",
    "graticule",
    "land",
    "mercator_fit",
    "place_map",
    "place_map_labels",
    "projected_scale",
]

LAND = "#ebe7df"
"""Fill of the land: a light neutral grey; the sea is the chart's white."""

BORDER = "#9e9e9e"
"""Thin grey line of the coasts and of the borders between the three areas."""

MAP_LEGEND = {"orient": "bottom-left", "fillColor": "white", "padding": 6}
"""Legend properties of a map: in its lower-left corner, where the sea south of the
points leaves room, on white (a second legend goes top-left, over land north of the
points). Beside or under the map, legends as wide as the map would leave it no room
on a phone."""

LABEL_PLACE = {
    "align": alt.expr("datum.align"),
    "baseline": alt.expr("datum.baseline"),
    "dx": alt.expr("datum.dx"),
    "dy": alt.expr("datum.dy"),
}
"""Text mark properties that read each name's place from the data
(the columns :func:`book.charts.maplabels.label_positions` adds)."""


def mercator_fit(
    lon: pd.Series, lat: pd.Series, width: int, height: int, margin: float = 0.18
) -> tuple[list[float], float]:
    """Centre ``[lon, lat]`` and scale of a Mercator projection that fits the points.

    ``margin`` is the share of the width and height left empty on each side.
    """

    def merc(phi: float) -> float:
        return math.log(math.tan(math.pi / 4 + math.radians(phi) / 2))

    span_x = math.radians(lon.max() - lon.min())
    span_y = merc(lat.max()) - merc(lat.min())
    scale = min(width / span_x, height / span_y) * (1 - 2 * margin)
    centre = [float((lon.max() + lon.min()) / 2), float((lat.max() + lat.min()) / 2)]
    return centre, scale


def projected_scale(scale: float, width: int) -> alt.ExprRef:
    """The projection's ``scale`` as a share of the chart's width (Vega expression).

    ``scale`` fits a map ``width`` pixels wide; on a narrower card the page shrinks
    the chart's width and the map shrinks with it.
    """
    return alt.expr(f"{scale / width} * width")


def land(features: list[dict] | None = None) -> alt.Chart:
    """The land under a map: light fill, thin grey coasts and borders, silent.

    ``features`` are GeoJSON features (default: the book's, ``data.load().land()``).
    """
    if features is None:
        from book.data import load  # the charts package loads no data on import

        features = load().land()
    return alt.Chart(alt.Data(values=features)).mark_geoshape(
        fill=LAND, stroke=BORDER, strokeWidth=0.6, aria=False
    )


def graticule() -> alt.Chart:
    """Grey lines every half degree of latitude and longitude, silent for readers."""
    return alt.Chart(alt.graticule(step=[0.5, 0.5])).mark_geoshape(
        stroke="#d9d9d9", strokeWidth=0.7, fill=None, aria=False
    )


def city_map(
    frame: pd.DataFrame,
    *,
    size: str = "value",
    label: str = "city",
    unit: str,
    size_title: str | None = None,
    size_format: str = ",.0f",
    width: int = 560,
    height: int = 440,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """Point map of the cities: reference points sized by a measure.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per city with ``lat``, ``lon``, ``label``, ``jurisdiction``,
        ``name_zh`` and the ``size`` measure. A city without the measure keeps its
        name and is labelled "no data" (with the ``note``, if any), no point.
    size, label : str
        Column names of the measure and of the city name.
    unit : str
        Unit of the measure (title and legend).
    size_title : str, optional
        Legend title (default: the unit).
    size_format : str
        d3 format for the legend and tooltip.
    width, height : int
        Size in pixels.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled`.

    """
    data, centre, scale = _city_labels(frame, label, size, width, height)
    place = alt.Chart(data).encode(longitude="lon:Q", latitude="lat:Q")
    city = alt.Tooltip(f"{label}:N", title="City")
    points = place.mark_circle(opacity=0.85, stroke="white", strokeWidth=1).encode(
        size=alt.Size(
            f"{size}:Q",
            title=size_title or unit,
            scale=alt.Scale(range=[40, 1600]),
            legend=alt.Legend(format=size_format, **MAP_LEGEND),
        ),
        color=city_color(label),
        tooltip=[
            city,
            alt.Tooltip("name_zh:N", title="中文"),
            alt.Tooltip(f"{size}:Q", title=size_title or unit, format=size_format),
            alt.Tooltip("lat:Q", title="Latitude (°N)", format=","),
            alt.Tooltip("lon:Q", title="Longitude (°E)", format=","),
        ],
    )
    names = place.mark_text(fontWeight=600, **LABEL_PLACE).encode(text=f"{label}:N")
    below = {**LABEL_PLACE, "dy": alt.expr("datum.dy + 14")}
    gaps = gap_labels(place, size, style=below, tooltip=[city])
    chart = _on_map([points, names, gaps], centre, scale, width, height)
    return titled(chart, unit=unit, **words)


def _city_labels(
    frame: pd.DataFrame, label: str, size: str, width: int, height: int
) -> tuple[pd.DataFrame, list[float], float]:
    """The cities with where each name goes, and the map's centre and scale."""
    data = with_jurisdiction_labels(frame).drop(columns=LABEL_COLUMNS, errors="ignore")
    centre, scale = mercator_fit(data["lon"], data["lat"], width, height)
    radius = circle_radius(data[size])
    where = label_positions(
        data, label, centre, scale, radius=radius, width=width, height=height
    )
    return data.join(where), centre, scale


def place_map(
    cities: pd.DataFrame,
    places: pd.DataFrame,
    *,
    label: str = "name_en",
    width: int = 560,
    height: int = 440,
    **words: Unpack[ChartText],
) -> alt.LayerChart:
    """Platforms and zones on a map of the 11 city reference points.

    Places without sourced coordinates cannot be drawn: a note under the title
    names them (their gap label).

    Parameters
    ----------
    cities : pandas.DataFrame
        ``cities`` table (``name_en``, ``lat``, ``lon``): grey context points.
    places : pandas.DataFrame
        ``places`` table (``name_en``, ``name_zh``, ``kind``, ``note``, ``lat``,
        ``lon``).
    label : str
        Column of ``places`` used for the labels on the map (e.g. short names).
    width, height : int
        Size in pixels.
    **words
        ``title``, ``source``, ``description``, ``notes``: see :func:`titled`.

    """
    located = places.dropna(subset=["lat", "lon"]).copy()
    located["kind"] = located["kind"].str.replace("-", " ").str.capitalize()
    missing = places.loc[places[["lat", "lon"]].isna().any(axis=1), "name_en"]
    words["notes"] = [
        *words.get("notes", ()),
        *gap_note("Not on the map (no sourced coordinates)", missing),
    ]
    lon = pd.concat([cities["lon"], located["lon"]])
    lat = pd.concat([cities["lat"], located["lat"]])
    centre, scale = mercator_fit(lon, lat, width, height)
    located, towns = place_map_labels(
        located, label, cities, centre, scale, width=width, height=height
    )
    town = alt.Chart(towns).encode(longitude="lon:Q", latitude="lat:Q")
    city_points = town.mark_circle(color=MUTED, size=40, opacity=0.6).encode(
        tooltip=[alt.Tooltip("name_en:N", title="City")]
    )
    city_names = town.mark_text(color=MUTED, fontSize=11, **LABEL_PLACE).encode(
        text="name_en:N"
    )
    places_drawn = _place_layers(located, label)
    chart = _on_map(
        [city_points, city_names, *places_drawn], centre, scale, width, height
    )
    return titled(chart, unit=None, **words)


def place_map_labels(
    places: pd.DataFrame,
    label: str,
    cities: pd.DataFrame,
    centre: list[float],
    scale: float,
    *,
    width: int = 560,
    height: int = 440,
) -> tuple[pd.DataFrame, pd.DataFrame]:
    """Copies of ``places`` and ``cities`` with where each name goes on the map.

    The places' names (bold, beside a symbol of radius 8) are placed first, then the
    cities' (11 px, beside a dot of radius 4), so that no two overlap; see
    :func:`book.charts.maplabels.label_positions`.
    """
    both = pd.concat(
        [
            places[["lon", "lat"]].assign(name=places[label], radius=8.0, size=12.0),
            cities[["lon", "lat"]].assign(
                name=cities["name_en"], radius=4.0, size=11.0
            ),
        ],
        ignore_index=True,
    )
    where = label_positions(
        both, "name", centre, scale, radius=both["radius"],
        font_size=both["size"], width=width, height=height,
    )  # fmt: skip
    first, rest = where.iloc[: len(places)], where.iloc[len(places) :]
    return (
        places.drop(columns=LABEL_COLUMNS, errors="ignore").join(
            first.set_axis(places.index)
        ),
        cities.drop(columns=LABEL_COLUMNS, errors="ignore").join(
            rest.set_axis(cities.index)
        ),
    )


def _on_map(
    layers: list[alt.Chart],
    centre: list[float],
    scale: float,
    width: int,
    height: int,
) -> alt.LayerChart:
    """The layers over the land, in the Mercator projection ``centre``, ``scale``."""
    return (
        alt.layer(land(), *layers)
        .project(type="mercator", center=centre, scale=projected_scale(scale, width))
        .properties(width=width, height=height)
    )


def _place_layers(located: pd.DataFrame, label: str) -> list[alt.Chart]:
    """The places as coloured symbols by kind, with their names."""
    points = (
        alt.Chart(located)
        .mark_point(filled=True, size=160, opacity=0.95, color=FIRM)
        .encode(
            longitude="lon:Q",
            latitude="lat:Q",
            shape=alt.Shape("kind:N", title="Kind", legend=alt.Legend(**MAP_LEGEND)),
            tooltip=[
                alt.Tooltip("name_en:N", title="Place"),
                alt.Tooltip("name_zh:N", title="中文"),
                alt.Tooltip("kind:N", title="Kind"),
                alt.Tooltip("note:N", title="Point marks"),
            ],
        )
    )
    names = (
        alt.Chart(located)
        .mark_text(fontWeight=600, **LABEL_PLACE)
        .encode(longitude="lon:Q", latitude="lat:Q", text=f"{label}:N")
    )
    return [points, names]
