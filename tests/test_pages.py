"""Accessibility of the built book, in a real browser with the network cut.

axe-core (from the npm registry at a pinned version, integrity-checked, cached in
``.cache/test-vendor``) runs on every page in light and dark mode after the charts are
drawn. No violation of any impact is allowed (minor and moderate ones included: the
book fixes the theme's and pandas' few in ``book/sphinxext/``). The same visits (one
per page, colour mode and width) check that every chart is drawn with nothing asked of
another host and no HTTP or console error. The interactive chart's controls must
work from the keyboard alone.
"""

from __future__ import annotations

import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
from conftest import ROOT, gate, open_comparison, pages

from book import vendor

pytestmark = [pytest.mark.browser, pytest.mark.build]

FAILING = ("minor", "moderate", "serious", "critical")

# console messages that are documented noise, not failures: pydata-sphinx-theme logs
# this on a first visit, when the reader has not chosen light or dark mode yet
ALLOWED_CONSOLE = [re.compile(r"Got invalid theme mode")]


@pytest.fixture(scope="module")
def axe_source() -> str:
    (path,) = vendor.ensure_vendor(
        packages=(vendor.AXE,), target=ROOT / ".cache" / "test-vendor"
    )
    return path.read_text(encoding="utf-8")


def _scan(page, axe_source: str) -> list[dict]:
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


@dataclass
class Visit:
    """One first visit of a page, network cut: what it drew, logged and failed."""

    expected: int  # charts in the page's HTML
    drawn: int = 0
    broken: int = 0
    outside: list[str] = field(default_factory=list)  # requests to other hosts
    failed: list[str] = field(default_factory=list)  # HTTP errors
    console: list[str] = field(default_factory=list)  # errors, unexpected ones
    violations: list[dict] = field(default_factory=list)  # axe, failing impacts


def _visit(
    browser, server: str, name: str, expected: int, mode: str, width: int, axe: str
) -> Visit:
    visit = Visit(expected)
    context = browser.new_context(
        color_scheme=mode, viewport={"width": width, "height": 844}
    )
    context.route("**/*", functools.partial(gate, base=server, outside=visit.outside))
    page = context.new_page()
    page.on(
        "console",
        lambda m: visit.console.append(m.text) if m.type == "error" else None,
    )
    page.on("pageerror", lambda e: visit.console.append(f"pageerror: {e}"))
    page.on(
        "response",
        lambda r: (
            visit.failed.append(f"{r.status} {r.url}") if r.status >= 400 else None
        ),
    )
    page.goto(server + name, wait_until="load")
    if mode == "dark":
        page.evaluate("document.documentElement.dataset.theme = 'dark'")
    if expected:
        page.wait_for_function(
            "n => document.querySelectorAll('figure.gba-chart .vega-embed svg.marks')"
            ".length >= n || document.querySelector('figure.gba-chart-failed')",
            arg=expected,
            timeout=20_000,
        )
    visit.drawn = page.locator("figure.gba-chart .vega-embed svg.marks").count()
    visit.broken = page.locator("figure.gba-chart-failed").count()
    # the theme animates colour changes; axe measuring contrast halfway through a
    # transition reports colours no reader sees (this made the test flaky)
    page.evaluate(
        """async () => {
            await new Promise(r => requestAnimationFrame(() => requestAnimationFrame(r)));
            await Promise.all(document.getAnimations()
                .filter(a => a instanceof CSSTransition).map(a => a.finished));
        }"""
    )
    violations = _scan(page, axe)
    visit.violations = [v for v in violations if v["impact"] in FAILING]
    visit.console = [
        e for e in visit.console if not any(p.search(e) for p in ALLOWED_CONSOLE)
    ]
    context.close()
    return visit


VARIANTS = [("light", 390), ("light", 1280), ("dark", 390), ("dark", 1280)]


@pytest.fixture(scope="module", params=VARIANTS, ids=[f"{m}-{w}" for m, w in VARIANTS])
def visits(
    request, built_book: Path, server: str, browser, axe_source: str
) -> dict[str, Visit]:
    """Every page visited once in a colour mode at a width (the tests below share it)."""
    mode, width = request.param
    found = {}
    for name in pages(built_book):
        if name == "index.html":
            continue  # a redirect to intro.html
        html = (built_book / name).read_text(encoding="utf-8")
        expected = html.count('<figure class="gba-chart"')
        found[name] = _visit(browser, server, name, expected, mode, width, axe_source)
    return found


def test_no_violations_of_any_impact(visits: dict[str, Visit]) -> None:
    """On a phone (390 px) and a laptop (1280 px), in light and dark mode."""
    report = {name: v.violations for name, v in visits.items() if v.violations}
    assert not report, json.dumps(report, indent=1, ensure_ascii=False)[:4000]


def test_every_page_draws_every_chart_offline(visits: dict[str, Visit]) -> None:
    """Every chart drawn, nothing asked of another host, no HTTP or console error."""
    problems = [
        f"{name}: {v.drawn}/{v.expected} charts drawn, {v.broken} failed; "
        f"outside={v.outside}; http errors={v.failed}; console={v.console}"
        for name, v in visits.items()
        if v.drawn != v.expected or v.broken or v.outside or v.failed or v.console
    ]
    assert not problems, "\n".join(problems)
    assert sum(v.expected for v in visits.values()) >= 6  # the charts were counted


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
