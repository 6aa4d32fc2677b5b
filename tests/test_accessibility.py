"""Accessibility of the built book, in a real browser with the network cut.

axe-core (from the npm registry at a pinned version, integrity-checked, cached in
``.cache/test-vendor``) runs on every page in light and dark mode after the charts are
drawn. No violation of any impact is allowed (minor and moderate ones included: the
book fixes the theme's and pandas' few in ``book/sphinxext/``). The interactive
chart's controls must work from the keyboard alone.
"""

from __future__ import annotations

import functools
import json
from pathlib import Path

import pytest
from conftest import ROOT, gate, open_comparison, pages

from book import vendor

pytestmark = [pytest.mark.browser, pytest.mark.build]

FAILING = ("minor", "moderate", "serious", "critical")


@pytest.fixture(scope="module")
def axe_source() -> str:
    (path,) = vendor.ensure_vendor(
        packages=(vendor.AXE,), target=ROOT / ".cache" / "test-vendor"
    )
    return path.read_text(encoding="utf-8")


def _scan(page, axe_source: str) -> list[dict]:
    count = page.evaluate("document.querySelectorAll('figure.gba-chart').length")
    if count:
        page.wait_for_function(
            f"document.querySelectorAll('figure.gba-chart svg.marks').length >= {count}",
            timeout=20_000,
        )
    page.add_script_tag(content=axe_source)
    return page.evaluate(
        """async () => {
            const result = await axe.run(document, {resultTypes: ['violations']});
            return result.violations.map(v => ({
                id: v.id, impact: v.impact, help: v.help,
                nodes: v.nodes.slice(0, 3).map(n => n.target.join(' '))
            }));
        }"""
    )


@pytest.mark.parametrize("width", [390, 1280])
@pytest.mark.parametrize("mode", ["light", "dark"])
def test_no_violations_of_any_impact(
    built_book: Path, server: str, browser, axe_source: str, mode: str, width: int
) -> None:
    """On a phone (390 px) and a laptop (1280 px), in light and dark mode."""
    report = {}
    for name in pages(built_book):
        if name == "index.html":
            continue  # a redirect to intro.html
        context = browser.new_context(
            color_scheme=mode, viewport={"width": width, "height": 844}
        )
        context.route("**/*", functools.partial(gate, base=server, outside=[]))
        page = context.new_page()
        page.goto(server + name)
        if mode == "dark":
            page.evaluate("document.documentElement.dataset.theme = 'dark'")
        # the theme animates colour changes; axe measuring contrast halfway through a
        # transition reports colours no reader sees (this made the test flaky)
        page.evaluate(
            """async () => {
                await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
                await Promise.all(document.getAnimations()
                    .filter(a => a instanceof CSSTransition).map(a => a.finished));
            }"""
        )
        violations = _scan(page, axe_source)
        bad = [v for v in violations if v["impact"] in FAILING]
        if bad:
            report[name] = bad
        context.close()
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)[:4000]


def test_interactive_chart_works_from_the_keyboard(
    built_book: Path, server: str, browser
) -> None:
    page, figure = open_comparison(browser, server)
    select = figure.locator("select[name=indicator]")
    select.focus()
    assert page.evaluate("document.activeElement.name") == "indicator"
    page.keyboard.press("ArrowDown")  # the next indicator, by keyboard alone
    page.wait_for_function(  # the heading and the chart follow
        "el => el.textContent.startsWith('GDP, ')",
        arg=figure.locator(".gba-chart-headline").element_handle(),
        timeout=5_000,
    )
    checkbox = figure.locator("input[name=show_zhuhai]")
    checkbox.focus()
    page.keyboard.press("Space")
    assert checkbox.is_checked()
    page.wait_for_function(
        "el => el.textContent.includes('Zhuhai')",
        arg=figure.locator("svg.marks").element_handle(),
        timeout=5_000,
    )
    # the tabs: Table by the arrow key, back to Chart
    tab = figure.get_by_role("tab", name="Chart")
    tab.focus()
    page.keyboard.press("ArrowRight")
    assert page.evaluate("document.activeElement.textContent") == "Table"
    assert figure.locator(".gba-compare-table").is_visible()
    assert figure.locator(".gba-chart-view").is_hidden()
    page.keyboard.press("ArrowLeft")
    assert figure.locator(".gba-chart-view").is_visible()
    page.close()


def test_charts_keep_a_light_card_in_dark_mode(
    built_book: Path, server: str, browser
) -> None:
    context = browser.new_context(color_scheme="dark")
    page = context.new_page()
    page.route("**/*", functools.partial(gate, base=server, outside=[]))
    page.goto(server + "chapters/bay-at-a-glance.html")
    page.evaluate("document.documentElement.dataset.theme = 'dark'")
    page.locator("figure.gba-chart svg.marks").first.wait_for()
    colours = page.evaluate(
        """() => [...document.querySelectorAll('figure.gba-chart .gba-chart-view')].map(
            el => getComputedStyle(el).backgroundColor)"""
    )
    assert colours and set(colours) == {"rgb(255, 255, 255)"}
    context.close()
