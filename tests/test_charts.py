"""Chart builders: valid Vega-Lite specs with title+unit, source, description; pure."""

from __future__ import annotations

import json

import altair as alt
import pandas as pd
import pytest
from conftest import small_bars_spec

from book import charts, data, render, theme
from book.embed import chart_html


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


def _population(d: data.BookData) -> pd.DataFrame:
    return d.series("population", year=2024).assign(millions=lambda f: f["value"] / 100)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _check_common(spec: dict, unit: str | None) -> None:
    title = spec["title"]
    text = " ".join(title["text"]) if isinstance(title["text"], list) else title["text"]
    if unit:
        assert f"({unit})" in text
    assert title["subtitle"][0].startswith("Source:")
    assert len(spec["description"]) > 10
    assert spec["$schema"].endswith("v6.4.1.json")


def test_city_bars_spec(d: data.BookData) -> None:
    frame = _population(d)
    before = frame.copy()
    chart = charts.city_bars(
        frame,
        value="millions",
        title="Population",
        unit="million persons",
        source=d.source_line("official-gba-population"),
        description="Bars of population by city.",
    )
    spec = chart.to_dict()  # validates against the Vega-Lite schema
    pd.testing.assert_frame_equal(frame, before)  # input untouched
    _check_common(spec, "million persons")
    layers = _layers(spec)
    assert [layer["mark"]["type"] for layer in layers] == ["bar", "text", "text"]
    # cities sorted largest first, and coloured by jurisdiction with fixed colours
    order = layers[0]["encoding"]["y"]["sort"]
    assert order[0] == "Guangzhou" and order[-1] == "Macao"
    color = layers[0]["encoding"]["color"]
    assert color["scale"]["range"] == [theme.PALETTE[0], theme.PALETTE[1]]


def test_missing_values_are_labelled_not_zero(d: data.BookData) -> None:
    frame = d.series("gdp_per_capita", year=2024)
    assert frame["value"].isna().sum() == 1  # Foshan
    spec = charts.city_bars(
        frame,
        title="GDP per person",
        unit="local currency",
        source="Source: x",
        description="Bars of GDP per person; Foshan has no figure.",
    ).to_dict()
    gap_layer = _layers(spec)[2]
    assert any("!isValid" in t.get("filter", "") for t in gap_layer["transform"])
    assert "no data" in json.dumps(gap_layer["transform"])
    rows = spec["datasets"][spec["data"]["name"]]
    foshan = next(r for r in rows if r["city"] == "Foshan")
    assert foshan["value"] is None and foshan["missing"] is True
    # the bar layer filters the gap out instead of drawing a zero-length bar
    assert "isValid" in _layers(spec)[0]["transform"][0]["filter"]


def test_city_map_spec(d: data.BookData) -> None:
    frame = _population(d).merge(d.cities[["city_id", "lat", "lon"]], on="city_id")
    spec = charts.city_map(
        frame,
        size="millions",
        title="Cities",
        unit="million persons",
        source="Source: test",
        description="Map of cities sized by population.",
    ).to_dict()
    _check_common(spec, "million persons")
    assert spec["projection"]["type"] == "mercator"
    marks = [layer["mark"]["type"] for layer in spec["layer"]]
    assert marks == ["geoshape", "circle", "text"]
    # no remote data: the only non-inline data is the built-in graticule generator
    assert "url" not in json.dumps(spec)


def test_rank_history_marks_method_and_name_changes(d: data.BookData) -> None:
    frame = d.gii[d.gii["cluster_id"] == "shenzhen-hong-kong-guangzhou"]
    spec = charts.rank_history(
        frame, title="Rank", source="Source: t", description="Rank over editions."
    ).to_dict()
    _check_common(spec, None)
    labels = [
        r["label"]
        for name, rows in spec["datasets"].items()
        for r in rows
        if "label" in r
    ]
    assert any(
        label.startswith("renamed: Shenzhen–Hong Kong–Guangzhou") for label in labels
    )
    assert any("venture-capital" in label for label in labels)
    line = next(layer for layer in spec["layer"] if layer["mark"]["type"] == "line")
    y = line["encoding"]["y"]["scale"]["domain"]
    assert y[0] > y[1]  # rank 1 at the top


def test_share_check_draws_the_claim(d: data.BookData) -> None:
    frame = pd.DataFrame({"label": ["a", "b"], "share": [10.9, 11.0]})
    spec = charts.share_check(
        frame,
        claim=100 / 9,
        claim_label="claim",
        title="Share",
        source="Source: t",
        description="Shares against a claim.",
    ).to_dict()
    _check_common(spec, "%")
    rule = spec["layer"][2]
    assert rule["mark"]["type"] == "rule"


def test_a_chart_without_description_is_refused() -> None:
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point()
    with pytest.raises(ValueError, match="description"):
        charts.titled(chart, title="t", unit="u", source="Source: s", description=" ")


def test_long_source_lines_wrap_instead_of_widening_the_chart() -> None:
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")
    long = "Source: " + "; ".join(f"Publisher number {i}" for i in range(12))
    spec = charts.titled(
        chart, title="t", unit="u", source=long, description="A test chart."
    ).to_dict()
    assert len(spec["title"]["subtitle"]) > 1
    assert all(len(line) <= charts.SUBTITLE_WIDTH for line in spec["title"]["subtitle"])


def test_theme_is_registered_and_enabled() -> None:
    assert alt.theme.active == theme.NAME
    config = theme.theme()
    assert config["background"] == "#ffffff"  # readable in the book's dark mode
    assert config["config"]["range"]["category"] == theme.PALETTE
    spec = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().to_dict()
    assert spec["background"] == "#ffffff"


def test_renderer_bundle_serves_build_and_live_kernels(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    assert alt.renderers.active == render.NAME
    chart = (
        alt.Chart(pd.DataFrame({"a": [1]}))
        .mark_point()
        .properties(description="One point.")
    )
    monkeypatch.setenv(render.BUILD_ENV, "1")  # the book build: the spec itself
    bundle = render.bundle(chart.to_dict())
    assert set(bundle) == {render.MIME_TYPE, "text/plain"}
    assert bundle["text/plain"] == "One point."
    monkeypatch.delenv(render.BUILD_ENV)  # Jupyter: Vega that JupyterLab draws
    live = render.bundle(chart.to_dict())
    assert set(live) == {render.VEGA_MIME_TYPE, "text/plain"}
    vega = live[render.VEGA_MIME_TYPE]
    assert vega["$schema"].startswith("https://vega.github.io/schema/vega/v")
    assert vega["marks"] and vega["description"] == "One point."
    assert "http" not in json.dumps({k: v for k, v in vega.items() if k != "$schema"})


def test_chart_html_is_static_escaped_and_has_a_table(d: data.BookData) -> None:
    frame = pd.DataFrame(
        {
            "city": ["<script>alert(1)</script>", "Macao"],
            "value": [1.0, None],
            "jurisdiction": ["mainland", "sar"],
            "note": ["", "no figure"],
        }
    )
    spec = charts.city_bars(
        frame, title="T", unit="u", source="Source: s", description="Bars <b>x</b>."
    ).to_dict()
    html = chart_html(spec)
    assert "<script>alert" not in html
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in html  # in the table, as text
    assert "\\u003cscript\\u003e" in html  # in the inert JSON
    assert html.count("<script") == 1 and 'type="application/json"' in html
    assert (
        "<details" in html and "<table" in html and "Bars &lt;b&gt;x&lt;/b&gt;." in html
    )
    assert "—" in html  # the missing value shows as a dash, not 0


def _embedded(html: str) -> dict:
    blob = html.split('class="gba-chart-spec">')[1].split("</script>")[0]
    return json.loads(blob)


def test_chart_html_compiles_to_vega_and_can_leave_it_to_the_page() -> None:
    spec = small_bars_spec()
    compiled = chart_html(spec)
    assert 'data-mode="vega"' in compiled
    vega = _embedded(compiled)
    assert "vega/v6" in vega["$schema"]
    name = spec["data"]["name"]
    assert f'data-dataset="{name}"' in compiled  # the CSV download finds its rows
    rows = next(d["values"] for d in vega["data"] if d["name"] == name)
    assert rows == spec["datasets"][name]

    plain = chart_html(spec, compile_vega=False)
    assert 'data-mode="vega-lite"' in plain
    assert _embedded(plain) == spec
    # the same chart keeps the same id (CSV file name) either way
    assert compiled.split('data-chart="')[1][:12] == plain.split('data-chart="')[1][:12]
