"""The maps: land from an openly licensed source, small enough, names kept apart.

* ``data/geography.csv`` (Natural Earth, public domain) is described with its
  sources and licence, validates, and is what ``tools/make_geography.py`` writes;
* each map's chart spec, land included, stays under 60 kB gzipped;
* the land is a geoshape layer under the points, in a projection that follows the
  chart's width;
* :func:`book.charts.label_positions` keeps the names apart (where one rule, "every
  name to the right", wrote Foshan over Guangzhou), and the browser agrees.
"""

from __future__ import annotations

import csv
import functools
import gzip
import importlib.util
import itertools
import json
from pathlib import Path

import pandas as pd
import pytest
from conftest import ROOT, gate

from book import charts, data, embed
from book.charts import maplabels

MAX_GZIP = 60_000
BOX = (111.6, 20.4, 115.3, 24.9)
MAP_PAGES = ("chapters/bay-at-a-glance.html", "chapters/platforms.html")


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


def _people(d: data.BookData) -> pd.DataFrame:
    people = d.series("population", year=2024).merge(
        d.cities[["city_id", "lat", "lon"]], on="city_id"
    )
    people["millions"] = people["value"] / 100
    return people


def _city_map(d: data.BookData) -> dict:
    return charts.city_map(
        _people(d),
        size="millions",
        title="Cities",
        unit="million persons",
        source=d.source_line(["official-gba-population", "natural-earth-10m"]),
        description="Map of the cities.",
    ).to_dict()


def _place_map(d: data.BookData) -> dict:
    return charts.place_map(
        d.cities, d.places, title="Places", source="Source: t", description="Map."
    ).to_dict()


# ------------------------------------------------------------ the data


def test_the_land_is_described_with_its_source_and_licence(d: data.BookData) -> None:
    package = json.loads((ROOT / "data" / "datapackage.json").read_text("utf-8"))
    [resource] = [r for r in package["resources"] if r["name"] == "geography"]
    assert resource["path"] == "geography.csv"
    [licence] = resource["licenses"]
    assert licence["name"] == "other-pd" and "Public domain" in licence["title"]
    assert licence["path"].startswith("https://www.naturalearthdata.com/")
    assert any("naturalearthdata.com" in s["path"] for s in resource["sources"])
    assert any("world-atlas/v/2.0.2" in s["path"] for s in resource["sources"])
    # every row names its source, and the source is a full sources.csv entry
    assert set(d.geography["source_id"]) == {"natural-earth-10m"}
    source = d.sources.set_index("source_id").loc["natural-earth-10m"]
    assert source["url"].startswith("https://www.naturalearthdata.com/")
    assert source["date_published"] == "2018-05-21"
    assert "Public domain" in source["note"] and "Natural Earth" in source["publisher"]


def test_the_outlines_are_closed_clockwise_rings_inside_the_box(
    d: data.BookData,
) -> None:
    features = d.land()
    assert [f["properties"]["area"] for f in features] == [
        "mainland",
        "hong-kong",
        "macao",
    ]
    west, south, east, north = BOX
    for feature in features:
        for polygon in feature["geometry"]["coordinates"]:
            [ring] = polygon  # no holes
            assert ring[0] == ring[-1] and len(ring) >= 4
            assert all(west <= x <= east and south <= y <= north for x, y in ring)
            # d3 (Vega) wants outer rings clockwise: negative shoelace area
            area = sum(
                x0 * y1 - x1 * y0 for (x0, y0), (x1, y1) in itertools.pairwise(ring)
            )
            assert area < 0, feature["properties"]["area"]


def test_a_broken_outline_is_rejected(data_copy: Path) -> None:
    path = data_copy / "geography.csv"
    rows = list(csv.DictReader(path.open(encoding="utf-8")))
    rows[5]["lon"] = "130.5"  # far outside the Bay
    rows[6]["source_id"] = "nowhere"
    with path.open("w", encoding="utf-8", newline="") as f:
        writer = csv.DictWriter(f, fieldnames=list(rows[0]), lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)
    found = {(x.file, x.column) for x in data.validate(data_copy)}
    assert ("geography.csv", "lon") in found
    assert ("geography.csv", "source_id") in found


def test_the_tool_writes_the_committed_table(tmp_path: Path) -> None:
    spec = importlib.util.spec_from_file_location(
        "make_geography", ROOT / "tools" / "make_geography.py"
    )
    tool = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(tool)
    cached = tool.CACHE / tool.WORLD_ATLAS.served_name
    if not cached.exists():
        pytest.skip("world-atlas is not in .cache/tools (run tools/make_geography.py)")
    written = tool.write(tmp_path, tool.load_topology())
    assert written.read_bytes() == (ROOT / "data" / "geography.csv").read_bytes()


# ------------------------------------------------------------ the charts


@pytest.mark.parametrize("build", [_city_map, _place_map], ids=["city", "place"])
def test_each_map_stays_small(d: data.BookData, build) -> None:
    spec = json.loads(json.dumps(build(d), sort_keys=True))
    page_html = embed.chart_html(spec)  # the spec as the page inlines it
    assert len(gzip.compress(page_html.encode())) < MAX_GZIP
    land = spec["layer"][0]["data"]["values"]  # inline, in the layer that draws it
    assert 500 < len(json.dumps(land)) < MAX_GZIP


@pytest.mark.parametrize("build", [_city_map, _place_map], ids=["city", "place"])
def test_the_land_is_drawn_under_the_points(d: data.BookData, build) -> None:
    spec = build(d)
    first, *rest = spec["layer"]
    assert first["mark"]["type"] == "geoshape"
    assert first["mark"]["fill"] == charts.LAND and first["mark"]["aria"] is False
    assert first["data"]["values"] == d.land()
    assert all(layer["mark"]["type"] != "geoshape" for layer in rest)
    # the scale follows the chart's width: a narrowed map shrinks, not crops
    assert spec["projection"]["scale"]["expr"].endswith("* width")
    assert "url" not in json.dumps(spec)  # nothing loaded from anywhere


def test_the_data_table_of_a_map_lists_its_cities(d: data.BookData) -> None:
    table = embed.data_table(_city_map(d))
    assert "Guangzhou" in table and "geometry" not in table


def _boxes(frame: pd.DataFrame, text: str, share: float) -> list[tuple]:
    """Estimated text boxes, as label_positions measures them, at a width share."""
    x, y = maplabels.project(frame["lon"], frame["lat"], *frame.attrs["fit"])
    out = []
    for i, row in enumerate(frame.itertuples()):
        width = len(getattr(row, text)) * 12 * maplabels.CHAR_WIDTH
        place = (row.align, row.baseline, row.dx, row.dy)
        out.append(maplabels._box(x[i] * share, y[i] * share, place, width, 12))
    return out


def _overlapping(boxes: list[tuple]) -> int:
    return sum(
        maplabels._overlap(a, b) > 0
        for i, a in enumerate(boxes)
        for b in boxes[i + 1 :]
    )


def test_names_on_the_city_map_do_not_overlap(d: data.BookData) -> None:
    people = _people(d)
    fit = charts.mercator_fit(people["lon"], people["lat"], 560, 440)
    radius = charts.circle_radius(people["millions"])
    placed = people.join(charts.label_positions(people, "city", *fit, radius=radius))
    placed.attrs["fit"] = fit
    for share in (1.0, maplabels.PHONE_SHARE):
        assert _overlapping(_boxes(placed, "city", share)) == 0
    # the old rule, every name to the right of its point, wrote names over others
    right = placed.assign(align="left", baseline="bottom", dx=9.0, dy=0.0)
    assert _overlapping(_boxes(right, "city", maplabels.PHONE_SHARE)) > 0


def test_place_names_avoid_the_city_names(d: data.BookData) -> None:
    places = d.places.dropna(subset=["lat", "lon"])
    lon = pd.concat([d.cities["lon"], places["lon"]])
    lat = pd.concat([d.cities["lat"], places["lat"]])
    fit = charts.mercator_fit(lon, lat, 620, 440)
    located, towns = charts.place_map_labels(places, "name_en", d.cities, *fit)
    assert located.index.equals(places.index) and towns.index.equals(d.cities.index)
    hetao = located.set_index("place_id").loc["hetao"]
    shenzhen = towns.set_index("city_id").loc["shenzhen"]
    # Hetao's point is a few pixels from Shenzhen's: their names go different ways
    assert (hetao["align"], hetao["baseline"]) != (
        shenzhen["align"],
        shenzhen["baseline"],
    )


# ------------------------------------------------------------ in the browser

NAMES_JS = """(figure) => {
  const svg = figure.querySelector('svg.marks');
  if (!svg.querySelector('g.mark-shape')) return null;  // not a map
  const texts = [...svg.querySelectorAll('text')].filter(t => t.textContent.trim());
  const boxes = texts.map(t => [t.getBoundingClientRect(), t.textContent.trim()]);
  const hits = [];
  for (let a = 0; a < boxes.length; a++) for (let b = a + 1; b < boxes.length; b++) {
    const A = boxes[a][0], B = boxes[b][0];
    const w = Math.min(A.right, B.right) - Math.max(A.left, B.left);
    const h = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
    if (w > 0.5 && h > 0.5) hits.push(boxes[a][1] + ' | ' + boxes[b][1]);
  }
  return {texts: boxes.length, hits: hits};
}"""


def test_no_text_on_a_map_overlaps_in_the_browser(server: str, browser) -> None:
    found = {}
    context = browser.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route("**/*", functools.partial(gate, base=server, outside=[]))
    for address in MAP_PAGES:
        page.goto(server + address)
        page.wait_for_function(
            "document.querySelectorAll('figure.gba-chart-ready').length =="
            " document.querySelectorAll('figure.gba-chart').length"
        )
        for figure in page.query_selector_all("figure.gba-chart"):
            result = page.evaluate(NAMES_JS, figure)
            if result is not None:
                found[address] = result
    context.close()
    assert set(found) == set(MAP_PAGES), found
    for address, result in found.items():
        assert result["texts"] >= 12, (address, result)  # names, legend, title
        assert result["hits"] == [], (address, result["hits"])
