"""Pages in a real browser with the network cut: charts, tables, menus, fitting.

Debian's Chromium (``/usr/bin/chromium``) driven by Playwright. The book is served from
127.0.0.1; every request to any other host is blocked and recorded. That every page
draws every chart offline without an error, fits the screen and weighs what it
should is checked on the visits of ``tests/test_pages.py`` (each page in light and
dark mode at two widths).
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import gate, small_bars_spec

from book.embed import chart_html
from book.vendor import script_names

pytestmark = [pytest.mark.browser, pytest.mark.build]


def test_a_chart_page_has_working_export_and_table(
    built_book: Path, server: str, browser
) -> None:
    page = browser.new_page()
    page.route("**/*", functools.partial(gate, base=server, outside=[]))
    page.goto(server + "chapters/bay-at-a-glance.html")
    page.wait_for_selector("figure.gba-chart .vega-embed svg.marks")
    figure = page.locator("figure.gba-chart").first
    # the Vega-Lite description reaches the SVG for screen readers
    label = figure.locator("[role=graphics-document]").get_attribute("aria-label") or ""
    assert "Map of the 11" in label
    # the data table opens and lists every city
    figure.locator("details.gba-chart-details summary").click()
    assert figure.locator("table.gba-chart-data tbody tr").count() == 11
    # vega-embed's export menu is there (PNG/SVG), its online editor link is not
    actions = figure.locator(".vega-actions a")
    texts = [actions.nth(i).text_content() for i in range(actions.count())]
    assert any("PNG" in t for t in texts) and not any("Editor" in t for t in texts)
    page.close()


def _standalone_page(browser, server: str, name: str, figures: str):
    """A new page whose address ``server + name`` (any query) serves ``figures``
    with the site's Vega libraries and gba-charts.js; everything else is gated.
    Returns the page, not yet navigated, and the address."""
    scripts = "".join(
        f'<script src="_static/gba-vendor/{script}"></script>'
        for script in script_names()
    )
    body = (
        f"<!doctype html><html><head>{scripts}"
        '<script defer src="_static/gba/gba-charts.js"></script></head><body>'
        f"{figures}</body></html>"
    )
    address = server + name
    page = browser.new_page()
    page.route(
        "**/*",
        lambda route, request: (
            route.fulfill(body=body, content_type="text/html")
            if request.url.split("?")[0] == address
            else gate(route, request, base=server, outside=[])
        ),
    )
    return page, address


def test_both_embedding_modes_draw_and_offer_the_csv(
    built_book: Path, server: str, browser
) -> None:
    """Compiled Vega (the book's default) and Vega-Lite compiled in the page (the
    fallback without vl-convert) both draw, and both give the chart's rows as CSV."""
    spec = small_bars_spec()
    page, address = _standalone_page(
        browser,
        server,
        "embedding-modes.html",
        chart_html(spec) + chart_html(spec, compile_vega=False),
    )
    page.goto(address)
    page.wait_for_function(
        "document.querySelectorAll('figure.gba-chart-ready svg.marks').length == 2",
        timeout=10_000,
    )
    modes = page.eval_on_selector_all(
        "figure.gba-chart", "fs => fs.map(f => f.dataset.mode)"
    )
    assert modes == ["vega", "vega-lite"]
    csvs = page.eval_on_selector_all(
        "a.gba-chart-download",
        "links => Promise.all(links.map(a => fetch(a.href).then(r => r.text())))",
    )
    assert len(csvs) == 2 and csvs[0] == csvs[1]
    assert "Zhuhai" in csvs[0] and "Macao" in csvs[0]
    page.close()


def test_a_vega_lite_comparison_can_be_linked_too(
    built_book: Path, server: str, browser
) -> None:
    """The fallback mode (Vega-Lite compiled in the page) reads and writes the
    address the same way: its bound inputs are Vega-Lite params, not Vega signals."""
    from book import compare, data

    spec = compare.static_chart(data.load()).to_dict()
    page, address = _standalone_page(
        browser, server, "linked-vega-lite.html", chart_html(spec, compile_vega=False)
    )
    page.goto(address + "?indicator=gdp&show_macao=false")
    figure = page.locator("figure.gba-chart-ready")
    figure.locator("a.gba-chart-permalink").wait_for()
    assert figure.get_attribute("data-mode") == "vega-lite"
    assert figure.locator("select[name=indicator]").input_value() == "gdp"
    assert not figure.locator("input[name=show_macao]").is_checked()
    figure.locator("select[name=indicator]").select_option("population")
    page.wait_for_function("() => !location.search.includes('indicator')")
    assert page.url.endswith("?show_macao=false")
    page.close()


SIDEBARS = """() => {
    const primary = document.getElementById('pst-primary-sidebar-modal');
    const secondary = document.getElementById('pst-secondary-sidebar-modal');
    return {
        menu: primary.open && primary.querySelectorAll('a').length,
        contents: secondary.open && secondary.querySelectorAll('a').length,
        collapsed: document.querySelector('.bd-sidebar-primary')
            .classList.contains('pst-sidebar-hidden'),
    };
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_the_menu_and_contents_buttons_open_on_a_phone_and_a_laptop(
    built_book: Path, server: str, browser, mode: str
) -> None:
    """The buttons a reader sees work: drawers at 390 px, a collapsing sidebar at 1280.

    The theme wires its handlers to the first toggle in the page, a hidden one;
    book/static/gba/gba-nav.js forwards the visible buttons' clicks to it.
    """
    found = {}
    for width in (390, 1280):
        phone = width == 390  # a touch screen: the buttons are tapped
        context = browser.new_context(
            viewport={"width": width, "height": 844},
            has_touch=phone,
            is_mobile=phone,
            color_scheme=mode,
        )
        context.route("**/*", functools.partial(gate, base=server, outside=[]))
        page = context.new_page()
        page.goto(server + "chapters/platforms.html", wait_until="load")
        press = "tap" if phone else "click"
        getattr(page.locator("button.primary-toggle:visible").first, press)()
        page.wait_for_timeout(300)
        found[width, "menu"] = page.evaluate(SIDEBARS)
        if phone:
            page.keyboard.press("Escape")
            getattr(page.locator("button.secondary-toggle:visible").first, press)()
            page.wait_for_timeout(300)
            found[width, "contents"] = page.evaluate(SIDEBARS)
        context.close()
    assert found[390, "menu"]["menu"] >= 10, found  # the table of contents, as links
    assert found[390, "contents"]["contents"] >= 3, found  # the page's sections
    assert not found[390, "contents"]["menu"], found  # Escape closed the menu
    assert found[1280, "menu"]["collapsed"], found  # the sidebar hides on a laptop


def test_charts_far_below_draw_when_near_idle_or_printing(
    built_book: Path, server: str, browser
) -> None:
    """Charts near the screen draw at once; far below, they wait for an idle moment,
    for the reader to come within reach, or for printing (issue 15: drawing)."""
    context = browser.new_context(viewport={"width": 390, "height": 844})
    context.route("**/*", functools.partial(gate, base=server, outside=[]))
    context.add_init_script("window.requestIdleCallback = function () {};")  # never
    page = context.new_page()
    page.goto(server + "chapters/bay-at-a-glance.html", wait_until="load")
    ready = "document.querySelectorAll('figure.gba-chart-ready').length"
    total = page.evaluate("document.querySelectorAll('figure.gba-chart').length")
    drawn = "i => document.querySelectorAll('figure.gba-chart')[i].dataset.drawn"
    page.wait_for_timeout(300)
    assert not page.evaluate(drawn, total - 1)  # far below: not yet
    page.locator("figure.gba-chart").nth(1).scroll_into_view_if_needed()
    page.locator("figure.gba-chart").nth(1).locator("svg.marks").wait_for()
    assert not page.evaluate(drawn, total - 1)  # still far below
    page.evaluate("window.dispatchEvent(new Event('beforeprint'))")
    page.wait_for_function(f"{ready} == {total}", timeout=10_000)
    context.close()


PLAIN_STYLE = """classes => {
  const pre = document.querySelector('div.highlight pre');
  const look = e => {
    const s = getComputedStyle(e);
    return [s.color, s.backgroundColor, s.fontWeight, s.fontStyle,
            s.textDecorationLine, s.borderStyle].join(' ');
  };
  const probe = cls => {
    const span = document.createElement('span');
    if (cls) span.className = cls;
    span.textContent = 'x';
    pre.appendChild(span);
    const seen = look(span);
    span.remove();
    return seen;
  };
  const found = {};
  classes.forEach(c => {
    found[c] = [probe(c), document.querySelectorAll('div.highlight span.' + c).length];
  });
  return {bare: probe(''), found,
          kept: document.querySelectorAll('div.highlight span[class]').length};
}"""


@pytest.mark.parametrize("mode", ["light", "dark"])
def test_code_keeps_its_look_without_the_plain_spans(
    built_book: Path, server: str, browser, mode: str
) -> None:
    """Names, punctuation and spaces in code are bare text (issue 15: half a chapter's
    elements were their spans); in both colour modes a span of each of those kinds
    would look exactly like the bare text, and the other kinds keep their spans."""
    from pygments.token import STANDARD_TYPES

    from book.sphinxext.highlight import DEFAULT_STYLES, plain_kinds

    classes = sorted(filter(None, map(STANDARD_TYPES.get, plain_kinds(DEFAULT_STYLES))))
    context = browser.new_context(color_scheme=mode)
    context.route("**/*", functools.partial(gate, base=server, outside=[]))
    page = context.new_page()
    page.goto(server + "chapters/bay-at-a-glance.html", wait_until="load")
    page.wait_for_timeout(400)  # the theme's colour transition
    seen = page.evaluate(PLAIN_STYLE, classes)
    context.close()
    assert {"n", "p"} <= set(classes), classes
    for cls, (look, count) in seen["found"].items():
        assert look == seen["bare"], (mode, cls, look, seen["bare"])
        assert count == 0, (cls, count)  # the build left none of them
    assert seen["kept"] > 500, seen["kept"]  # strings, operators, keywords: coloured
