"""Chart builders: valid Vega-Lite specs with title+unit, source, description; pure."""

from __future__ import annotations

import html
import importlib
import inspect
import json
import re
from collections.abc import Callable
from dataclasses import dataclass

import altair as alt
import numpy as np
import pandas as pd
import pytest
import vl_convert
from conftest import small_bars_spec

from book import charts, data, fmt, render, theme
from book.embed import chart_html


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


def _population(d: data.BookData) -> pd.DataFrame:
    return d.series("population", year=2024).assign(millions=lambda f: f["value"] / 100)


def _layers(spec: dict) -> list[dict]:
    return spec.get("layer", [spec])


def _check_common(spec: dict, unit: str | None) -> None:
    title, meta = spec["title"], spec["usermeta"]
    text = " ".join(title["text"]) if isinstance(title["text"], list) else title["text"]
    if unit:
        assert f"({unit})" in f"{text} {meta['subtitle']}"
    assert meta["source"].startswith("Source:")
    assert "Source:" in " ".join(title["subtitle"])  # Jupyter shows it too
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
    # cities sorted largest first, each in its own colour, the same in every chart
    order = layers[0]["encoding"]["y"]["sort"]
    assert order[0] == "Guangzhou" and order[-1] == "Macao"
    color = layers[0]["encoding"]["color"]
    scale = dict(zip(color["scale"]["domain"], color["scale"]["range"], strict=True))
    assert scale["Hong Kong"] == theme.CITY_COLORS["hong-kong"]
    assert scale["Guangzhou"] == theme.CITY_COLORS["guangzhou"]
    assert color["legend"] is None  # the axis names the cities


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
    assert marks == ["geoshape", "circle", "text", "text"]  # the last: gap labels
    # no remote data: the land (geoshape, first) comes inline with the chart
    assert "url" not in json.dumps(spec)


def test_rank_history_marks_method_and_name_changes(d: data.BookData) -> None:
    frame = d.gii[d.gii["cluster_id"] == "shenzhen-hong-kong-guangzhou"]
    spec = charts.rank_history(
        frame, title="Rank", source="Source: t", description="Rank over editions."
    ).to_dict()
    _check_common(spec, None)
    labels = [  # wrapped onto short lines
        r["label"].replace("-\n", "-").replace("\n", " ")
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
    rules = [layer for layer in spec["layer"] if layer["mark"]["type"] == "rule"]
    assert len(rules) == 1 and rules[0]["encoding"]["x"]["field"] == "claim"


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
    drawn = {key: value for key, value in spec.items() if key != "title"}
    assert _embedded(plain) == drawn  # the words are page text around the drawing
    head = plain.split('<div class="gba-chart-view">')[0]
    assert '<p class="gba-chart-headline">T</p>' in head
    assert '<p class="gba-chart-subtitle">(u)</p>' in head
    foot = plain.split('<div class="gba-chart-foot">')[1]
    assert foot.startswith('<p class="gba-chart-source">Source: s</p>')
    # the same chart keeps the same id (CSV file name) either way
    assert compiled.split('data-chart="')[1][:12] == plain.split('data-chart="')[1][:12]


# ------------------------------------------------- every builder, missing values

_ITEM = re.compile(r"<(path|text)\b([^>]*)>([^<]*)")


@dataclass(frozen=True)
class Mark:
    """One drawn item of a rendered chart, as a screen reader meets it."""

    role: str  # aria-roledescription: "bar", "text mark", "circle" ...
    label: str  # aria-label: "city: Foshan; value: 12"
    text: str  # what a text mark says

    @property
    def is_gap(self) -> bool:
        return "no data" in self.text


def _drawn(spec: dict) -> list[Mark]:
    """The marks vl-convert draws for a spec (axes, legends and titles left out)."""
    marks = []
    for tag, attrs, body in _ITEM.findall(vl_convert.vegalite_to_svg(spec)):
        role = re.search(r'aria-roledescription="([^"]*)"', attrs)
        if 'role="graphics-symbol"' not in attrs or not role:
            continue
        label = re.search(r'aria-label="([^"]*)"', attrs)
        marks.append(
            Mark(
                role.group(1),
                html.unescape(label.group(1)) if label else "",
                html.unescape(body) if tag == "text" else "",
            )
        )
    return marks


T = {"source": "Source: test", "description": "A test chart with a gap in it."}
J = ["mainland", "sar", "mainland"]
ABC = ["Aa", "Bb", "Cc"]


@dataclass(frozen=True)
class Case:
    """A builder with a frame that lacks values (``gap``) or holds them all.

    ``make(gap)`` builds the frame(s), using ``gap`` where a value is missing;
    ``role`` is the mark that draws a value and ``drawn`` how many are drawn when
    values are missing; ``gaps`` are the words that name each missing value's row
    (in its gap label, or with ``in_note`` in the note under the title).
    """

    make: Callable[[object], tuple]
    build: Callable[..., alt.TopLevelMixin]
    role: str
    drawn: int
    gaps: tuple[tuple[str, ...], ...]
    in_note: bool = False


def _fill(gap: object, value: object) -> object:
    return value if gap == "complete" else gap


CASES = {
    "city_bars": Case(
        lambda g: (pd.DataFrame({"city": ABC, "value": [3.0, _fill(g, 2.0), 1.0], "jurisdiction": J}),),
        lambda f: charts.city_bars(f, title="t", unit="u", **T),
        "bar", 2, (("Bb",),),
    ),
    "category_bars": Case(
        lambda g: (pd.DataFrame({"cat": ABC, "v": [3.0, _fill(g, 2.0), 1.0], "note": ["", "not counted", ""]}),),
        lambda f: charts.category_bars(f, category="cat", value="v", title="t", unit="u", **T),
        "bar", 2, (("Bb", "no data: not counted"),),
    ),
    "share_check": Case(
        lambda g: (pd.DataFrame({"label": ABC, "share": [10.0, _fill(g, 11.0), 12.0]}),),
        lambda f: charts.share_check(f, claim=11.1, claim_label="claim", title="t", **T),
        "bar", 2, (("Bb",),),
    ),
    "fact_bars": Case(
        lambda g: (pd.DataFrame({"label": ABC, "value": [3.0, _fill(g, 2.0), 1.0], "qualifier": ["exact", "more_than", "about"], "text": ["3", "more than 2", "about 1"]}),),
        lambda f: charts.fact_bars(f, title="t", unit="u", **T),
        "bar", 2, (("Bb",),),
    ),
    "panels": Case(
        lambda g: (pd.DataFrame({"area": ABC, "m1": [3.0, _fill(g, 2.0), 1.0], "m2": [5.0, 6.0, _fill(g, 7.0)]}),),
        lambda f: charts.panels(f, category="area", metrics=[("m1", "M1 (u)", ",.0f"), ("m2", "M2 (u)", ",.0f")], title="t", **T),
        "bar", 4, (("Bb",), ("Cc",)),
    ),
    "matrix": Case(
        lambda g: (pd.DataFrame({"r": ["Aa", "Aa", "Bb", "Bb"], "c": ["X", "Y", "X", "Y"], "v": [3.0, _fill(g, 4.0), 1.0, 2.0]}),),
        lambda f: charts.matrix(f, row="r", column="c", value="v", title="t", unit="u", **T),
        "rect mark", 3, (("r: Aa", "c: Y"),),
    ),
    "bump_chart": Case(
        lambda g: (pd.DataFrame({"edition": [2020, 2021, 2022] * 2, "rank": [1, _fill(g, 2), 2, 2, 1, 1], "cluster": ["Aa"] * 3 + ["Bb"] * 3}),),
        lambda f: charts.bump_chart(f, highlight=["Aa"], title="t", **T),
        "circle", 5, (("Aa (2021)",),), True,
    ),
    "rank_history": Case(
        lambda g: (pd.DataFrame({"edition": [2020, 2021, 2022], "rank": [2, _fill(g, 2), 1], "cluster": ["Aa"] * 3, "method": ["pct"] * 3, "confidence": ["high"] * 3}),),
        lambda f: charts.rank_history(f, title="t", **T),
        "point", 2, (("GII edition: 2021",),),
    ),
    "city_map": Case(
        lambda g: (pd.DataFrame({"city": ABC, "value": [3.0, _fill(g, 2.0), 1.0], "jurisdiction": J, "name_zh": ["甲", "乙", "丙"], "lat": [22.5, 22.3, 23.1], "lon": [114.0, 113.5, 113.3]}),),
        lambda f: charts.city_map(f, title="t", unit="u", **T),
        "circle", 2, (("Bb",),),
    ),
    "place_map": Case(
        lambda g: (
            pd.DataFrame({"name_en": ["Aa", "Cc"], "lat": [22.5, 23.1], "lon": [114.0, 113.3]}),
            pd.DataFrame({"name_en": ["P1", "P2"], "name_zh": ["一", "二"], "kind": ["lab", "zone"], "note": ["", ""], "lat": [22.6, _fill(g, 22.8)], "lon": [113.9, _fill(g, 113.6)]}),
        ),
        lambda cities, places: charts.place_map(cities, places, title="t", **T),
        "point", 1, (("P2",),), True,
    ),
    "timeline": Case(
        lambda g: (pd.DataFrame({"date": ["2019", _fill(g, "2020"), "2021-05"], "label": ABC, "kind": ["plan", "zone", "plan"]}),),
        lambda f: charts.timeline(f, title="t", **T),
        "point", 2, (("Bb: no data",),),
    ),
}  # fmt: skip


def _is_builder(obj: object) -> bool:
    """A builder takes the chart's words as ``**words`` and passes them to titled."""
    if not inspect.isfunction(obj):
        return False
    words = inspect.signature(obj).parameters.get("words")
    return words is not None and words.kind is inspect.Parameter.VAR_KEYWORD


BUILDERS = sorted(name for name in charts.__all__ if _is_builder(getattr(charts, name)))


def test_every_builder_has_a_missing_value_case() -> None:
    assert len(BUILDERS) == 11
    assert sorted(CASES) == BUILDERS
    assert sorted(charts.BUILDERS) == BUILDERS  # the list the chapter tests use


def _build(case: Case, gap: object) -> tuple[dict, list[Mark]]:
    frames = case.make(gap)
    before = [frame.copy(deep=True) for frame in frames]
    spec = case.build(*frames).to_dict()  # validates against the Vega-Lite schema
    for frame, untouched in zip(frames, before, strict=True):
        pd.testing.assert_frame_equal(frame, untouched)  # the input is not mutated
    return spec, _drawn(spec)


@pytest.mark.parametrize("gap", [np.nan, None], ids=["nan", "none"])
@pytest.mark.parametrize("name", sorted(CASES))
def test_missing_values_get_a_gap_label_and_are_not_drawn(name: str, gap) -> None:
    case = CASES[name]
    spec, marks = _build(case, gap)
    labels = [m for m in marks if m.is_gap]
    drawn = [m for m in marks if not m.is_gap]
    # not drawn as zero (or as "null"): one mark fewer per missing value
    assert sum(m.role == case.role for m in drawn) == case.drawn
    assert not [m for m in drawn if re.search(r"\bnull\b|\bNaN\b", m.label + m.text)]
    subtitle = " ".join(spec["title"]["subtitle"])
    for words in case.gaps:
        if case.in_note:  # cannot be placed in the plot: named under the title
            assert all(w in subtitle for w in words), subtitle
        else:
            named = [m for m in labels if all(w in m.label + m.text for w in words)]
            assert len(named) == 1, (words, labels)
    assert len(labels) == (0 if case.in_note else len(case.gaps))


@pytest.mark.parametrize("name", sorted(CASES))
def test_complete_data_draws_every_value_and_no_gap_label(name: str) -> None:
    case = CASES[name]
    spec, marks = _build(case, "complete")
    assert sum(m.role == case.role and not m.is_gap for m in marks) == case.drawn + len(
        case.gaps
    )
    assert not [m for m in marks if m.is_gap]
    assert "no data" not in json.dumps(spec["title"]).lower()


def test_a_nominal_matrix_leaves_a_missing_cell_blank_and_labelled() -> None:
    frame = pd.DataFrame(
        {"r": ["Aa", "Aa", "Bb"], "c": ["X", "Y", "X"], "v": ["yes", None, "no"]}
    )
    spec = charts.matrix(
        frame, row="r", column="c", value="v", nominal=True, unit=None, title="t", **T
    ).to_dict()
    marks = _drawn(spec)
    assert [m.label for m in marks if m.role == "rect mark"] == [
        "c: X; r: Aa; v: yes; R: Aa; C: X; V: yes",  # the tooltip's words too
        "c: X; r: Bb; v: no; R: Bb; C: X; V: no",
    ]  # no "null" category with a colour of its own
    assert [m.text for m in marks if m.is_gap] == ["no data"]


# ------------------------------------------------------------ building blocks


def test_a_hand_written_chart_reuses_gap_labels_and_the_frame() -> None:
    data = pd.DataFrame(
        {"city": ["Aa", "Bb"], "value": [1.5, None], "note": ["", "not published"]}
    )
    base = alt.Chart(data).encode(y=alt.Y("city:N"))
    bars = base.transform_filter(charts.is_valid("value")).mark_bar()
    core = bars.encode(x=alt.X("value:Q"))
    chart = charts.titled(
        core + charts.gap_labels(base, "value", x=alt.datum(0)),
        title="Value",
        unit="u",
        source="Source: s",
        description="One bar and one gap.",
    )
    spec = chart.to_dict()
    _check_common(spec, "u")
    marks = _drawn(spec)
    assert [m.label for m in marks if m.role == "bar"] == ["value: 1.5; city: Aa"]
    assert [m.text for m in marks if m.is_gap] == ["no data: not published"]
    pd.testing.assert_frame_equal(
        data,
        pd.DataFrame(
            {"city": ["Aa", "Bb"], "value": [1.5, None], "note": ["", "not published"]}
        ),
    )


def test_gap_text_names_the_reason_and_the_row() -> None:
    assert charts.gap_text(None) == "'no data'"
    assert (
        charts.gap_text("note") == "'no data' + (datum.note ? ': ' + datum.note : '')"
    )
    assert (
        charts.gap_text(None, subject="name_en") == "datum.name_en + ': ' + 'no data'"
    )
    assert "datum['a note']" in charts.gap_text("a note")
    assert charts.gap_note("No data", []) == []
    assert charts.gap_note("No data", ["A (2021)", "B"]) == ["No data: A (2021); B."]


def test_bar_layers_are_bars_labels_and_gaps() -> None:
    base = alt.Chart(pd.DataFrame({"k": ["a"], "v": [1.0]})).encode(y="k:N")
    bars, labels, gaps = charts.bar_layers(
        base, "v", x=alt.X("v:Q"), text=alt.Text("v:Q", format=".1f")
    )
    assert bars.to_dict()["mark"]["type"] == "bar"
    assert labels.to_dict()["mark"] == {"type": "text", "align": "left", "dx": 4}
    assert gaps.to_dict()["transform"][0] == {"filter": "!isValid(datum['v'])"}


def test_all_lists_every_public_builder_and_helper() -> None:
    modules = [
        importlib.import_module(f"book.charts.{m}")
        for m in ("frame", "gaps", "bars", "maps", "grids", "ranks", "timeline")
    ]
    public = {
        name
        for module in modules
        for name, obj in vars(module).items()
        if not name.startswith("_")
        and (inspect.isfunction(obj) or inspect.isclass(obj))
        and obj.__module__ == module.__name__
    }
    assert public <= set(charts.__all__)
    assert all(hasattr(charts, name) for name in charts.__all__)
    assert {"titled", "gap_labels", "bar_layers", "jurisdiction_color"} <= public


def test_the_ordinal_is_the_one_fmt_spells() -> None:
    frame = pd.DataFrame(
        {"edition": [2020, 2021, 2022], "rank": [11, 2, 3], "cluster": ["A"] * 3,
         "method": ["pct"] * 3, "confidence": ["high"] * 3}
    )  # fmt: skip
    spec = charts.rank_history(frame, title="t", **T).to_dict()
    words = {
        r["rank_label"]
        for rows in spec["datasets"].values()
        for r in rows
        if "rank_label" in r
    }
    assert words == {fmt.ordinal(n) for n in (11, 2, 3)} == {"11th", "2nd", "3rd"}


def test_titled_without_a_unit_or_notes_adds_no_brackets() -> None:
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")
    spec = charts.titled(
        chart, title="Ranks", unit=None, source="Source: s", description="A chart."
    ).to_dict()
    assert spec["title"]["text"] == ["Ranks"]
    assert spec["title"]["subtitle"] == ["Source: s"]
    assert spec["usermeta"] == {
        "subtitle": "",
        "notes": [],
        "source": "Source: s",
        "unit": "",
    }


def test_a_headline_states_the_finding_above_what_is_plotted() -> None:
    chart = alt.Chart(pd.DataFrame({"a": [1]})).mark_point().encode(x="a:Q")
    spec = charts.titled(
        chart,
        headline="Shenzhen leads",
        title="Firms",
        unit="firms",
        notes=["A note."],
        source="Source: s",
        description="A chart.",
    ).to_dict()
    assert spec["title"]["text"] == ["Shenzhen leads"]
    assert spec["title"]["subtitle"] == ["Firms (firms)", "A note.", "Source: s"]
    assert spec["usermeta"]["subtitle"] == "Firms (firms)"
    assert spec["usermeta"]["notes"] == ["A note."]
