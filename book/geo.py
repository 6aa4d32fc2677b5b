"""The land under the book's maps, as GeoJSON for Altair's ``mark_geoshape``.

``data/geography.csv`` stores each outline as rows of points (one table, validated
like the others); :func:`features` turns it into one GeoJSON feature per area, the
form Vega draws. Rings run clockwise, as Vega's spherical geometry wants an outer
ring (the table is written that way by ``tools/make_geography.py``).
"""

from __future__ import annotations

from typing import Any

import pandas as pd

__all__ = ["AREA_NAMES", "features"]

AREA_NAMES = {
    "mainland": "Mainland China",
    "hong-kong": "Hong Kong SAR",
    "macao": "Macao SAR",
}
"""Readable names of the areas in ``geography.csv``."""


def features(geography: pd.DataFrame) -> list[dict[str, Any]]:
    """One GeoJSON ``Feature`` (a ``MultiPolygon``) per area of ``geography``.

    Parameters
    ----------
    geography : pandas.DataFrame
        The ``geography`` table: ``area``, ``polygon``, ``point``, ``lon``, ``lat``.

    Returns
    -------
    list of dict
        Features with ``properties`` ``area`` and ``name``, in the table's order.

    """
    ordered = geography.sort_values(["area", "polygon", "point"], kind="stable")
    out = []
    for area in dict.fromkeys(geography["area"]):
        rows = ordered[ordered["area"] == area]
        polygons = [
            [[[float(x), float(y)] for x, y in zip(p["lon"], p["lat"], strict=True)]]
            for _, p in rows.groupby("polygon", sort=True)
        ]
        out.append(
            {
                "type": "Feature",
                "properties": {"area": area, "name": AREA_NAMES.get(area, area)},
                "geometry": {"type": "MultiPolygon", "coordinates": polygons},
            }
        )
    return out
