"""The static comparison as a grapher, in a real browser with the network cut.

A heading that follows the selection, controls above the chart, Chart and Table tabs,
one colour per city whatever is chosen, labels inside the card, only the choices that
apply, a table and a CSV of exactly the view, addresses that always draw, and redraws
within 50 ms (issue 14).
"""

from __future__ import annotations

import functools
import io
import statistics

import pandas as pd
import pytest
from conftest import gate, open_comparison

from book import compare, data
from book.theme import CITY_COLORS

pytestmark = [pytest.mark.browser, pytest.mark.build]

ALL = "&".join(
    f"show_{c.replace('-', '_')}=true"
    for c in CITY_COLORS
    if c not in compare.DEFAULT_CITIES
)
ONE = "show_shenzhen=false&show_hong_kong=false&show_macao=false"  # Guangzhou
FIVE = "show_zhuhai=true"

# in the page: every bar's and line's city and colour, from the drawn SVG
COLOURS = """fig => [...fig.querySelectorAll(
  'svg.marks [aria-roledescription=bar], svg.marks .mark-line path')].map(p => [
  p.getAttribute('aria-label').split(':')[0].split(',')[0],
  p.getAttribute('fill') || p.getAttribute('stroke')])"""

# in the page: the texts of the drawing that stick out of the card, and the card
OUTSIDE = """fig => {
  const card = fig.querySelector('.gba-chart-view').getBoundingClientRect();
  return [...fig.querySelectorAll('svg.marks text')].filter(t => {
    const b = t.getBoundingClientRect();
    return b.width > 0 && (b.left < card.left - 1 || b.right > card.right + 1);
  }).map(t => t.textContent);
}"""


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


def _change(page, figure, name: str, value: str | bool) -> float:
    """Set a control as a reader would and wait for the redraw; milliseconds taken."""
    return page.evaluate(
        """async ([fig, name, value]) => {
          const c = fig.querySelector('[name=' + name + ']');
          if (typeof value === 'boolean') c.checked = value; else c.value = value;
          const start = performance.now();
          await fig.gbaGrapher.changed(c);
          await new Promise(requestAnimationFrame);
          return performance.now() - start;
        }""",
        [figure.element_handle(), name, value],
    )


def _table(figure) -> pd.DataFrame:
    """The Table tab's table, as text."""
    figure.get_by_role("tab", name="Table").click()
    head, rows = figure.locator(".gba-compare-table table").evaluate(
        """t => [[...t.tHead.rows[0].cells].map(c => c.textContent),
                 [...t.tBodies[0].rows].map(r => [...r.cells].map(c => c.textContent))]"""
    )
    figure.get_by_role("tab", name="Chart").click()
    return pd.DataFrame(rows, columns=head)


def test_each_city_keeps_its_colour_with_1_5_and_11_cities(
    built_book, server: str, browser
) -> None:
    names = {}
    for query in (ONE, FIVE, ALL):
        page, figure = open_comparison(browser, server, "?" + query)
        pairs = page.evaluate(COLOURS, figure.element_handle())
        page.close()
        for city, colour in pairs:
            names.setdefault(city, set()).add(colour.upper())
    assert len(names) == 11, sorted(names)
    for city, colours in names.items():
        expected = CITY_COLORS[city.lower().replace(" ", "-")].upper()
        assert colours == {expected}, (city, colours)


@pytest.mark.parametrize("width", [390, 1280])
def test_no_label_outside_the_card_and_the_figure_fits(
    built_book, server: str, browser, width: int
) -> None:
    context = browser.new_context(viewport={"width": width, "height": 800})
    context.route("**/*", functools.partial(gate, base=server, outside=[]))
    page = context.new_page()
    for query in ("", "?" + ALL, "?" + ALL + "&indicator=gdp&measure=per_resident"):
        page.goto(server + "chapters/compare-cities.html" + query)
        figure = page.locator("figure.gba-compare.gba-chart-ready")
        figure.wait_for()
        outside = page.evaluate(OUTSIDE, figure.element_handle())
        assert not outside, (width, query, outside)
        assert not figure.locator(".vega-bindings input, .vega-bindings select").count()
        right = page.evaluate(
            "f => Math.max(...[...f.querySelectorAll('select, input, label')]"
            ".map(e => e.getBoundingClientRect().right))",
            figure.element_handle(),
        )
        assert right <= width, (query, right)
        if width == 1280 and query == "":
            height = figure.bounding_box()["height"]
            assert height <= 800, f"the comparison is {height:.0f} px high"
    context.close()


def test_the_heading_follows_the_selection(built_book, server, browser, d) -> None:
    page, figure = open_comparison(browser, server)
    headline = figure.locator(".gba-chart-headline")
    assert headline.text_content() == "Population, 2024, people"
    _change(page, figure, "indicator", "gdp")
    _change(page, figure, "measure", "per_resident")
    expected = compare.compare(
        d, compare.Selection("gdp", measure="per_resident", years=(2024, 2024))
    ).heading
    assert headline.text_content() == expected
    assert expected == "GDP per resident, 2024, yuan at World Bank average rates"
    _change(page, figure, "year", "2019")
    assert headline.text_content().startswith("GDP per resident, 2019,")
    sources = figure.locator(".gba-chart-source")
    assert sources.count() == 1 and "World Bank" in sources.text_content()
    page.close()


def test_the_table_and_the_csv_are_exactly_the_view(
    built_book, server, browser, d
) -> None:
    page, figure = open_comparison(browser, server, "?" + FIVE + "&indicator=gdp")
    _change(page, figure, "measure", "per_resident")
    _change(page, figure, "show_hong_kong", False)
    chosen = ("guangzhou", "shenzhen", "zhuhai", "macao")
    table = _table(figure)
    expected = compare.view_table(
        compare.compare(d, compare.Selection("gdp", chosen, "per_resident"))
    )
    expected = expected.sort_values("City").reset_index(drop=True)
    shown = table.sort_values("City").reset_index(drop=True)
    assert list(table.columns) == list(expected.columns)
    pd.testing.assert_frame_equal(shown, expected.astype(str))  # same words, numbers
    csv = page.evaluate(
        "f => fetch(f.querySelector('a.gba-chart-download').href).then(r => r.text())",
        figure.element_handle(),
    )
    rows = pd.read_csv(io.StringIO(csv.lstrip("\ufeff")), keep_default_na=False)
    assert list(rows.columns) == list(table.columns)
    assert list(rows["City"]) == list(table["City"])
    # the bar labels say what the table says
    labels = figure.locator("svg.marks .role-mark text").all_text_contents()
    for value in table.iloc[:, 3]:
        assert value in labels, (value, labels)
    page.close()


def test_a_gap_says_why_in_the_chart_and_the_table(built_book, server, browser):
    query = "?indicator=gdp_per_capita&show_foshan=true"  # Foshan: no 2024 figure
    page, figure = open_comparison(browser, server, query)
    _change(page, figure, "year", "2024")
    table = _table(figure)
    gaps = table[table.iloc[:, 3] == "–"]
    assert len(gaps) and (gaps["Note"] != "").all()
    labels = " ".join(figure.locator("svg.marks text").all_text_contents())
    squeezed = "".join(labels.split())  # a long label is wrapped onto lines
    assert "".join(("– " + gaps["Note"].iloc[0]).split()) in squeezed
    assert "NaN" not in labels and "null" not in labels
    page.close()


def test_only_the_choices_that_apply(built_book, server, browser, d) -> None:
    page, figure = open_comparison(browser, server)
    base = figure.locator("label.gba-compare-field", has=page.locator("[name=base]"))
    assert base.is_hidden()  # base year only for an index
    per_resident = figure.locator("select[name=measure] option[value=per_resident]")
    assert per_resident.is_disabled()
    assert "always 1" in per_resident.text_content()
    _change(page, figure, "measure", "index")
    assert base.is_visible()
    # employment ends in 2023: its year range and the year shown follow
    _change(page, figure, "measure", "absolute")
    _change(page, figure, "indicator", "employment")
    year = figure.locator("input[name=year]")
    assert year.get_attribute("max") == "2023" and year.input_value() == "2023"
    cities = list(compare.DEFAULT_CITIES)
    assert int(year.input_value()) == compare.default_year(d, "employment", cities)
    assert "year=" not in page.url  # the default year is not written down
    # undated: no year to choose, nothing over time, a message instead
    _change(page, figure, "indicator", "land_area")
    assert year.is_disabled()
    assert "Undated" in " ".join(figure.locator("svg.marks text").all_text_contents())
    # a measure the new indicator cannot have falls back, and says so
    _change(page, figure, "indicator", "population")
    _change(page, figure, "measure", "share")
    _change(page, figure, "indicator", "gdp_per_capita")
    assert figure.locator("select[name=measure]").input_value() == "absolute"
    notes = figure.locator(".gba-chart-note").all_text_contents()
    assert any("not available" in note for note in notes), notes
    page.close()


@pytest.mark.parametrize(
    ("address", "inputs"),
    [
        ("/chapters/compare-cities.html", {}),  # a doubled slash: "//chapters/..."
        ("chapters/compare-cities.html?year=2020.5", {"year": "2021"}),
        ("chapters/compare-cities.html?year=1800", {"year": "1999"}),
        (
            "chapters/compare-cities.html?measure=index&base=2015.5",
            {"measure": "index", "base": "2016"},
        ),
        (  # unknown values are ignored, and a measure that cannot apply too
            "chapters/compare-cities.html?indicator=nonsense&measure=per_resident"
            "&show_atlantis=true&show_zhuhai=maybe",
            {"indicator": "population", "measure": "absolute"},
        ),
        (
            "chapters/compare-cities.html?indicator=employment&year=2024",
            {"year": "2023"},
        ),
    ],
)
def test_odd_addresses_still_draw_the_comparison(
    server: str, browser, address: str, inputs: dict
) -> None:
    """Any path prefix, fractional, out-of-range or unknown values: the controls
    move to the nearest valid choice, the chart draws bars with data, and the link
    to the view stays on this site."""
    page = browser.new_page()
    page.route("**/*", functools.partial(gate, base=server, outside=[]))
    errors = []
    page.on("pageerror", lambda error: errors.append(str(error)))
    page.goto(server + address)
    figure = page.locator("figure.gba-compare.gba-chart-ready")
    figure.wait_for()
    bars = figure.locator('svg.marks [aria-roledescription="bar"]').count()
    link = figure.locator("a.gba-chart-permalink").get_attribute("href")
    for name, value in inputs.items():
        assert figure.locator(f"[name={name}]").input_value() == value, name
    page.close()
    assert not errors, errors
    assert bars >= 2, f"{address}: {bars} bars drawn"
    assert link.startswith(server), link


def test_a_view_can_be_linked(built_book, server: str, browser) -> None:
    query = "?indicator=gdp&year=2019&show_zhuhai=true"
    page, figure = open_comparison(browser, server, query)
    link = figure.locator("a.gba-chart-permalink")
    assert figure.locator("select[name=indicator]").input_value() == "gdp"
    assert figure.locator("input[name=show_zhuhai]").is_checked()
    assert figure.locator("input[name=year]").input_value() == "2019"
    assert page.url.endswith("compare-cities.html" + query)
    assert link.get_attribute("href") == page.url
    _change(page, figure, "show_zhuhai", False)
    _change(page, figure, "measure", "per_resident")
    assert "show_zhuhai" not in page.url  # back at its default: left out
    assert "measure=per_resident" in link.get_attribute("href")
    labels = figure.locator("svg.marks text").all_text_contents()
    assert labels and not [t for t in labels if "e+" in t], labels
    page.close()


def test_hovering_a_city_picks_it_out_in_both_panels(
    built_book, server: str, browser
) -> None:
    page, figure = open_comparison(browser, server)
    bar = figure.locator('svg.marks [aria-roledescription="bar"]').first
    city = bar.get_attribute("aria-label").split(",")[0]
    bar.hover()
    page.wait_for_timeout(100)
    opacity = page.evaluate(
        """fig => [...fig.querySelectorAll(
          'svg.marks [aria-roledescription=bar], svg.marks .mark-line path')]
          .map(p => [p.getAttribute('aria-label').split(/[:,]/)[0],
                     Number(p.getAttribute('opacity') ?? 1)])""",
        figure.element_handle(),
    )
    page.close()
    lit = {name for name, value in opacity if value == 1}
    assert lit == {city}, opacity
    assert len({name for name, value in opacity if value < 1}) >= 3


def test_a_control_change_redraws_within_50_ms(built_book, server, browser) -> None:
    page, figure = open_comparison(browser, server)
    steps = [
        ("indicator", "gdp"), ("measure", "per_resident"), ("year", "2015"),
        ("show_zhuhai", True), ("indicator", "employment"), ("measure", "index"),
        ("base", "2010"), ("show_macao", False), ("indicator", "population"),
        ("measure", "absolute"), ("show_zhuhai", False), ("show_macao", True),
    ]  # fmt: skip
    times = [_change(page, figure, *step) for _ in range(3) for step in steps]
    page.close()
    assert statistics.median(times) <= 50, sorted(times)


def test_the_page_writes_numbers_as_the_kernel_does(
    built_book, server: str, browser
) -> None:
    values = [
        0, 0.05883, 2.125, 68.83, 753.4, 999.96, 1234.5, 152380.2, 999999.7,
        18_827_000, 448e9, 3.694e12, -2.5, 1.5e-5,
    ]  # fmt: skip
    page, _ = open_comparison(browser, server)
    written = page.evaluate(
        "vs => vs.map(v => window.gbaCompare.number(v, '–'))", values
    )
    page.close()
    assert written == [compare.figure(v) for v in values]
