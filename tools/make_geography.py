"""Write ``data/geography.csv``: the land of the Bay Area, from Natural Earth.

The book's maps draw the land and the borders of mainland China, Hong Kong and Macao
under their points. The shapes come from Natural Earth's Admin 0 countries at
1:10m (public domain) as the npm package ``world-atlas`` redistributes them
(TopoJSON, quantized). This script downloads that package at a pinned version,
checks it against its pinned integrity hash (``book.vendor``, as the build does for
the Vega libraries), and derives the small table the book commits:

1. decode the three countries' TopoJSON arcs to longitude and latitude;
2. simplify every arc on its own (Douglas-Peucker, ``TOLERANCE`` degrees), so a
   border shared by two areas stays one line;
3. join the arcs into rings and clip each ring to ``BOX``, the Bay Area with room
   around it for a map narrowed on a phone;
4. drop islands smaller than ``MIN_AREA`` square degrees, round to ``DIGITS``
   decimals (about 100 m), and write one row per point.

It is run by hand, never by the build: the committed CSV is the data, this script
its provenance. ``tests/test_geography.py`` checks that the committed file is what
this script writes (when the package is in the local cache).

Usage::

    python tools/make_geography.py              # rewrite data/geography.csv
    python tools/make_geography.py --out DIR    # write DIR/geography.csv
"""

from __future__ import annotations

import argparse
import csv
import json
import sys
from collections.abc import Iterable
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from book.vendor import VendorPackage, ensure_vendor  # noqa: E402

WORLD_ATLAS = VendorPackage(
    "world-atlas",
    "2.0.2",
    "sha512-IXfV0qwlKXpckz1FhwXVwKRjiIhOnWttOskm5CtxMsjgE/MXAYRHWJqgXOpM8IkcPBoXnyTU5lFHcYa5ChG0LQ==",
    "countries-10m.json",
)
"""Natural Earth 4.1.0 Admin 0 countries, 1:10m, as TopoJSON (npm, ISC licence)."""

AREAS = {"China": "mainland", "Hong Kong": "hong-kong", "Macao": "macao"}
"""Natural Earth's names of the three areas, and the book's names for them."""

BOX = (111.6, 20.4, 115.3, 24.9)
"""West, south, east, north (degrees): the 11 cities with about 1° around them."""

TOLERANCE = 0.002
MIN_AREA = 0.0002
DIGITS = 3
SOURCE_ID = "natural-earth-10m"
FIELDS = ["area", "polygon", "point", "lon", "lat", "source_id"]
CACHE = ROOT / ".cache" / "tools" / "world-atlas"

Point = tuple[float, float]


def load_topology() -> dict:
    """The pinned ``countries-10m.json``, downloaded once into ``.cache/tools``."""
    [path] = ensure_vendor(packages=(WORLD_ATLAS,), target=CACHE, verbose=True)
    return json.loads(path.read_text(encoding="utf-8"))


def decode_arcs(topology: dict) -> list[list[Point]]:
    """Every arc of a quantized topology in degrees (TopoJSON delta encoding)."""
    (sx, sy), (tx, ty) = (
        topology["transform"]["scale"],
        topology["transform"]["translate"],
    )
    arcs = []
    for arc in topology["arcs"]:
        x = y = 0
        points = []
        for dx, dy in arc:
            x, y = x + dx, y + dy
            points.append((x * sx + tx, y * sy + ty))
        arcs.append(points)
    return arcs


def simplify(points: list[Point], tolerance: float) -> list[Point]:
    """Douglas-Peucker: the fewest points within ``tolerance`` of the line."""
    if len(points) < 3:
        return points
    keep = [False] * len(points)
    keep[0] = keep[-1] = True
    stack = [(0, len(points) - 1)]
    while stack:
        first, last = stack.pop()
        (x0, y0), (x1, y1) = points[first], points[last]
        dx, dy = x1 - x0, y1 - y0
        norm = (dx * dx + dy * dy) ** 0.5
        worst, index = 0.0, None
        for i in range(first + 1, last):
            px, py = points[i]
            if norm == 0:
                dist = ((px - x0) ** 2 + (py - y0) ** 2) ** 0.5
            else:
                dist = abs(dy * (px - x0) - dx * (py - y0)) / norm
            if dist > worst:
                worst, index = dist, i
        if index is not None and worst > tolerance:
            keep[index] = True
            stack += [(first, index), (index, last)]
    return [p for p, k in zip(points, keep, strict=True) if k]


def ring(arc_ids: list[int], arcs: list[list[Point]]) -> list[Point]:
    """A closed ring from its arcs (``~i`` is arc ``i`` reversed)."""
    points: list[Point] = []
    for index in arc_ids:
        arc = arcs[index] if index >= 0 else arcs[~index][::-1]
        points += arc[1:] if points else arc
    return points


def clip(points: list[Point], box: tuple[float, ...]) -> list[Point]:
    """Sutherland-Hodgman: the part of a ring inside the box (open, unclosed)."""
    west, south, east, north = box
    edges = (
        (lambda p: p[0] >= west, lambda a, b: _at_x(a, b, west)),
        (lambda p: p[0] <= east, lambda a, b: _at_x(a, b, east)),
        (lambda p: p[1] >= south, lambda a, b: _at_y(a, b, south)),
        (lambda p: p[1] <= north, lambda a, b: _at_y(a, b, north)),
    )
    out = points[:-1] if points and points[0] == points[-1] else points
    for inside, cross in edges:
        if not out:
            break
        src, out = out, []
        prev = src[-1]
        for cur in src:
            if inside(cur):
                if not inside(prev):
                    out.append(cross(prev, cur))
                out.append(cur)
            elif inside(prev):
                out.append(cross(prev, cur))
            prev = cur
    return out


def _at_x(a: Point, b: Point, x: float) -> Point:
    t = (x - a[0]) / (b[0] - a[0])
    return (x, a[1] + t * (b[1] - a[1]))


def _at_y(a: Point, b: Point, y: float) -> Point:
    t = (y - a[1]) / (b[1] - a[1])
    return (a[0] + t * (b[0] - a[0]), y)


def signed_area(points: list[Point]) -> float:
    """Shoelace area in square degrees: positive when the ring runs anticlockwise."""
    total = 0.0
    for (x0, y0), (x1, y1) in zip(points, points[1:] + points[:1], strict=True):
        total += x0 * y1 - x1 * y0
    return total / 2


def finish(points: list[Point]) -> list[Point]:
    """Rounded, without repeats, clockwise (d3's outer rings) and closed."""
    rounded: list[Point] = []
    for x, y in points:
        p = (round(x, DIGITS), round(y, DIGITS))
        if not rounded or rounded[-1] != p:
            rounded.append(p)
    while len(rounded) > 1 and rounded[0] == rounded[-1]:
        rounded.pop()
    if signed_area(rounded) > 0:
        rounded.reverse()
    return [*rounded, rounded[0]]


def area_rings(topology: dict) -> Iterable[tuple[str, list[Point]]]:
    """(book's area name, finished ring) for every ring drawn on the map."""
    arcs = [simplify(a, TOLERANCE) for a in decode_arcs(topology)]
    for geometry in topology["objects"]["countries"]["geometries"]:
        area = AREAS.get(geometry.get("properties", {}).get("name"))
        if area is None:
            continue
        polygons = geometry["arcs"]
        if geometry["type"] == "Polygon":
            polygons = [polygons]
        for polygon in polygons:
            outer = clip(ring(polygon[0], arcs), BOX)
            if len(outer) < 3 or abs(signed_area(outer)) < MIN_AREA:
                continue
            if len(polygon) > 1:
                raise ValueError(f"{area}: a polygon with a hole inside the box")
            yield area, finish(outer)


def rows(topology: dict) -> list[dict[str, object]]:
    """One row per point: area, polygon number, point number, lon, lat, source."""
    out: list[dict[str, object]] = []
    count: dict[str, int] = {}
    for area, points in area_rings(topology):
        count[area] = count.get(area, 0) + 1
        for number, (lon, lat) in enumerate(points, start=1):
            out.append(
                {
                    "area": area,
                    "polygon": count[area],
                    "point": number,
                    "lon": f"{lon:.{DIGITS}f}",
                    "lat": f"{lat:.{DIGITS}f}",
                    "source_id": SOURCE_ID,
                }
            )
    return out


def write(folder: Path, topology: dict) -> Path:
    """Write ``folder/geography.csv``; return its path."""
    path = folder / "geography.csv"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=FIELDS, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows(topology))
    return path


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--out", type=Path, default=ROOT / "data", help="folder")
    args = parser.parse_args(argv)
    path = write(args.out, load_topology())
    print(f"wrote {path} ({path.stat().st_size:,} bytes)")
    return 0


if __name__ == "__main__":
    sys.exit(main())
