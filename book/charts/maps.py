"""Point maps of the cities and of places, drawn without tiles or boundary files.

The book works offline: a latitude/longitude graticule gives the geographic frame
and a Mercator projection is fitted to the points (:func:`mercator_fit`).
"""

from __future__ import annotations

import math
from typing import Unpack

import altair as alt
import pandas as pd

from book.charts.frame import (
    ChartText,
    jurisdiction_color,
    titled,
    with_jurisdiction_labels,
)
from book.charts.gaps import gap_labels, gap_note
from book.theme import MUTED

__all__ = ["city_map", "graticule", "mercator_fit", "place_map"]


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
    data = with_jurisdiction_labels(frame)
    place = alt.Chart(data).encode(longitude="lon:Q", latitude="lat:Q")
    city = alt.Tooltip(f"{label}:N", title="City")
    points = place.mark_circle(opacity=0.85, stroke="white", strokeWidth=1).encode(
        size=alt.Size(
            f"{size}:Q",
            title=size_title or unit,
            scale=alt.Scale(range=[40, 1600]),
            legend=alt.Legend(format=size_format),
        ),
        color=jurisdiction_color(),
        tooltip=[
            city,
            alt.Tooltip("name_zh:N", title="中文"),
            alt.Tooltip(f"{size}:Q", title=size_title or unit, format=size_format),
            alt.Tooltip("lat:Q", format=".2f"),
            alt.Tooltip("lon:Q", format=".2f"),
        ],
    )
    names = place.mark_text(align="left", dx=9, dy=-7, fontWeight=600).encode(
        text=f"{label}:N"
    )
    gaps = gap_labels(place, size, style={"dx": 9, "dy": 7}, tooltip=[city])
    chart = _on_map([points, names, gaps], data["lon"], data["lat"], width, height)
    return titled(chart, unit=unit, **words)


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
    missing = places.loc[places[["lat", "lon"]].isna().any(axis=1), "name_en"]
    words["notes"] = [
        *words.get("notes", ()),
        *gap_note("Not on the map (no sourced coordinates)", missing),
    ]
    lon = pd.concat([cities["lon"], located["lon"]])
    lat = pd.concat([cities["lat"], located["lat"]])
    town = alt.Chart(cities.copy()).encode(longitude="lon:Q", latitude="lat:Q")
    city_points = town.mark_circle(color=MUTED, size=40, opacity=0.6).encode(
        tooltip=[alt.Tooltip("name_en:N", title="City")]
    )
    city_names = town.mark_text(color=MUTED, align="right", dx=-6, fontSize=11).encode(
        text="name_en:N"
    )
    places_drawn = _place_layers(located, label, (lon.max() + lon.min()) / 2)
    chart = _on_map([city_points, city_names, *places_drawn], lon, lat, width, height)
    return titled(chart, unit=None, **words)


def _on_map(
    layers: list[alt.Chart], lon: pd.Series, lat: pd.Series, width: int, height: int
) -> alt.LayerChart:
    """The layers over a graticule, in a Mercator projection that fits the points."""
    centre, scale = mercator_fit(lon, lat, width, height)
    return (
        alt.layer(graticule(), *layers)
        .project(type="mercator", center=centre, scale=scale)
        .properties(width=width, height=height)
    )


def _place_layers(
    located: pd.DataFrame, label: str, centre_lon: float
) -> list[alt.Chart]:
    """The places as coloured symbols by kind, names left or right of the centre."""
    points = (
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
    east = located["lon"] > centre_lon
    names = [
        alt.Chart(located[mask])
        .mark_text(align=align, dx=dx, fontWeight=600)
        .encode(longitude="lon:Q", latitude="lat:Q", text=f"{label}:N")
        for mask, align, dx in ((~east, "left", 9), (east, "right", -9))
    ]
    return [points, *names]
