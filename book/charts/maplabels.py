"""Where each name on a map goes, so that no two names and no name and point overlap.

Cities of the Bay sit close together (Foshan beside Guangzhou, Macao under Zhuhai,
Hetao beside Shenzhen): one rule such as "every name to the right" writes names
over each other. :func:`label_positions` tries eight places around each point
(right, left, the four corners, above, below) and keeps, point by point, the first
that overlaps least with the names already placed, with every point and with the
edge of the map; a few more passes then move any name that overlaps less elsewhere,
now that all the others are placed. A text mark then reads each row's place from
the data::

    mark_text(align=alt.expr("datum.align"), baseline=alt.expr("datum.baseline"),
              dx=alt.expr("datum.dx"), dy=alt.expr("datum.dy"))

Text widths are estimated (a character is taken as 0.68 of the font size wide, a
little more than the book's bold sans-serif names take), and the overlaps are
measured at the map's full width and at the width of a phone's card, where the
points move closer together while the names keep their size.
"""

from __future__ import annotations

import math
from collections.abc import Hashable, Sequence

import numpy as np
import pandas as pd

__all__ = ["LABEL_COLUMNS", "circle_radius", "label_positions", "project"]

LABEL_COLUMNS = ["align", "baseline", "dx", "dy"]
"""Columns :func:`label_positions` returns, read by the text mark's expressions."""

CHAR_WIDTH = 0.68
"""Estimated width of a character, as a share of the font size."""

PHONE_SHARE = 0.55
"""The map's width on a phone as a share of its full width (about 310 of 560 px)."""

GAP = 3.0
"""Pixels between a point's edge and its name."""

NAME_WEIGHT = 4.0
"""A name over a name is unreadable; over the edge of a circle it is not: overlaps
between names weigh this much more than overlaps with points."""

ROUNDS = 4
"""Passes over the names: each pass after the first moves a name if another place
overlaps less with all the others (a name placed early cannot see the later ones)."""

_DIAGONAL = math.sqrt(0.5)

Mark = tuple[float, float, float, float, float]
"""A point and its name as plain numbers: x, y, radius, font size, name width."""


def project(
    lon: pd.Series, lat: pd.Series, centre: Sequence[float], scale: float
) -> tuple[np.ndarray, np.ndarray]:
    """Pixel offsets from the map's centre of a Mercator projection (y down)."""

    def merc(phi: np.ndarray) -> np.ndarray:
        return np.log(np.tan(np.pi / 4 + np.radians(phi) / 2))

    x = scale * np.radians(np.asarray(lon, dtype=float) - centre[0])
    y = -scale * (merc(np.asarray(lat, dtype=float)) - merc(np.array(float(centre[1]))))
    return x, y


def circle_radius(
    values: pd.Series, area_range: tuple[float, float] = (40, 1600)
) -> pd.Series:
    """Radius in pixels of circles sized by ``values`` on Vega-Lite's size scale.

    The scale is linear from zero (area ``area_range[0]``) to the largest value
    (area ``area_range[1]``); a missing value gets no circle (radius 0).
    """
    low, high = area_range
    top = values.max()
    share = values / top if top and top > 0 else values * 0
    area = low + (high - low) * share.astype(float)
    return np.sqrt(area / math.pi).fillna(0.0)


def _candidates(radius: float, size: float) -> list[tuple[str, str, float, float]]:
    """(align, baseline, dx, dy) of the eight places around a point."""
    side = radius + GAP
    corner = radius * _DIAGONAL + GAP
    return [
        ("left", "middle", side, 0.0),
        ("right", "middle", -side, 0.0),
        ("left", "bottom", corner, -corner + size * 0.3),
        ("right", "bottom", -corner, -corner + size * 0.3),
        ("left", "top", corner, corner - size * 0.3),
        ("right", "top", -corner, corner - size * 0.3),
        ("center", "bottom", 0.0, -side),
        ("center", "top", 0.0, side),
    ]


def _box(
    x: float, y: float, place: tuple[str, str, float, float], width: float, size: float
) -> tuple[float, float, float, float]:
    """Left, top, right, bottom of a name's box placed at ``place``."""
    align, baseline, dx, dy = place
    left = x + dx - {"left": 0.0, "center": width / 2, "right": width}[align]
    height = size * 1.2
    top = y + dy - {"top": 0.0, "middle": height / 2, "bottom": height}[baseline]
    return left, top, left + width, top + height


def _overlap(a: tuple[float, ...], b: tuple[float, ...]) -> float:
    w = min(a[2], b[2]) - max(a[0], b[0])
    h = min(a[3], b[3]) - max(a[1], b[1])
    return w * h if w > 0 and h > 0 else 0.0


def _cost(
    index: Hashable,
    place: tuple[str, str, float, float],
    marks: dict[Hashable, Mark],
    placed: dict[Hashable, tuple[str, str, float, float]],
    frame: tuple[float, float],
) -> float:
    """Overlap of a name at ``place`` with the placed names, the points, the edge.

    ``marks`` holds plain floats, not a DataFrame: this runs some 500 times per
    map, and reading a frame's cells one at a time took a second of a chapter's
    build (issue 15).
    """
    total = 0.0
    half_w, half_h = frame[0] / 2, frame[1] / 2
    x0, y0, _, size, width = marks[index]
    for share in (1.0, PHONE_SHARE):
        box = _box(x0 * share, y0 * share, place, width, size)
        for other, where in placed.items():
            ox, oy, _, o_size, o_width = marks[other]
            total += NAME_WEIGHT * _overlap(
                box, _box(ox * share, oy * share, where, o_width, o_size)
            )
        for other, (ox, oy, r, _, _) in marks.items():
            if other == index:
                continue
            ox, oy = ox * share, oy * share
            dot = (ox - r, oy - r, ox + r, oy + r)
            total += _overlap(box, dot)
        edge = (-half_w * share, -half_h, half_w * share, half_h)
        total += (box[2] - box[0]) * (box[3] - box[1]) - _overlap(box, edge)
    return total


def label_positions(
    frame: pd.DataFrame,
    text: str,
    centre: Sequence[float],
    scale: float,
    *,
    radius: float | pd.Series = 4.0,
    font_size: float | pd.Series = 12.0,
    width: int = 560,
    height: int = 440,
) -> pd.DataFrame:
    """Where to write each row's name on a map: ``align, baseline, dx, dy``.

    Parameters
    ----------
    frame : pandas.DataFrame
        One row per point, with ``lon``, ``lat`` and the ``text`` column.
    text : str
        Column of the names.
    centre, scale : list of float, float
        The map's Mercator projection at ``width`` (see :func:`mercator_fit`).
    radius, font_size : float or pandas.Series
        Each point's radius and each name's font size, in pixels.
    width, height : int
        Size of the map in pixels.

    Returns
    -------
    pandas.DataFrame
        :data:`LABEL_COLUMNS`, indexed like ``frame``; rows are placed in order,
        so put the names that matter most first.

    """
    x, y = project(frame["lon"], frame["lat"], centre, scale)
    marks = pd.DataFrame(
        {"x": x, "y": y, "radius": radius, "size": font_size}, index=frame.index
    )
    chars = frame[text].astype(str).str.len()
    marks["width"] = chars * marks["size"] * CHAR_WIDTH
    columns = marks[["x", "y", "radius", "size", "width"]].to_numpy(float).tolist()
    plain: dict[Hashable, Mark] = {
        index: (x, y, r, s, w)
        for index, (x, y, r, s, w) in zip(marks.index, columns, strict=True)
    }
    placed: dict[Hashable, tuple[str, str, float, float]] = {}
    for _ in range(ROUNDS):  # the first round places in order, the next ones mend
        before = dict(placed)
        for index, (_, _, radius, size, _) in plain.items():
            others = {k: v for k, v in placed.items() if k != index}
            options = _candidates(radius, size)
            costs = [_cost(index, p, plain, others, (width, height)) for p in options]
            placed[index] = options[int(np.argmin(costs))]
        if placed == before:
            break
    out = pd.DataFrame.from_dict(placed, orient="index", columns=LABEL_COLUMNS)
    out[["dx", "dy"]] = out[["dx", "dy"]].astype(float).round(1)
    return out.reindex(frame.index)
