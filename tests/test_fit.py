"""Every chart fits its card, labels every category and overlaps no text: the book
read on a phone (390 x 844) and on a laptop (1280 x 800), in light and dark mode.

Measured in Chromium on the drawn SVG of every chart of every chapter, with the
network cut: the chart's own width against its card's, the boxes of its text
elements against each other, and the labels of every band scale (a grid's rows and
columns, a bar chart's categories) against the scale's domain.
"""

from __future__ import annotations

import functools
from pathlib import Path

import pytest
from conftest import gate, pages

pytestmark = [pytest.mark.browser, pytest.mark.build]

SIZES = {"phone": (390, 844), "laptop": (1280, 800)}

MEASURE = """() => [...document.querySelectorAll('figure.gba-chart')].map((f, i) => {
  const card = f.querySelector('.gba-chart-view');
  const svg = card.querySelector('svg.marks');
  const boxes = [...svg.querySelectorAll('text')]
    .filter(t => t.textContent.trim() && getComputedStyle(t).opacity !== '0')
    .map(t => [t.getBoundingClientRect(), t.textContent.trim().slice(0, 30)]);
  const overlaps = [];
  for (let a = 0; a < boxes.length; a++) {
    for (let b = a + 1; b < boxes.length; b++) {
      const [A, B] = [boxes[a][0], boxes[b][0]];
      const w = Math.min(A.right, B.right) - Math.max(A.left, B.left);
      const h = Math.min(A.bottom, B.bottom) - Math.max(A.top, B.top);
      if (w > 1 && h > 1) overlaps.push(boxes[a][1] + ' | ' + boxes[b][1]);
    }
  }
  const labels = {X: [], Y: []};  // shown labels of the x and of the y axes
  svg.querySelectorAll('.role-axis').forEach(axis => {
    const side = (axis.getAttribute('aria-label') || '').startsWith('Y') ? 'Y' : 'X';
    axis.querySelectorAll('.role-axis-label text').forEach(t => {
      if (getComputedStyle(t).opacity !== '0') {  // Vega hides crowded labels
        labels[side].push(t.textContent.replace(/\\s+/g, ''));
      }
    });
  });
  const unlabelled = [];
  const view = f.gbaView;
  const axes = [];  // the scales that have an axis (a timeline's rows have none)
  (function walk(node) {
    (node.axes || []).forEach(a => axes.push(a.scale));
    (node.marks || []).forEach(walk);
  })(JSON.parse(f.querySelector('script.gba-chart-spec').textContent));
  for (const name of axes) {
    let scale;
    try { scale = view.scale(name); } catch (err) { continue; }
    if (!scale || !scale.bandwidth) continue;
    for (const value of scale.domain()) {
      const word = String(value).replace(/\\s+/g, '');
      const shown = labels[/y$/.test(name) ? 'Y' : 'X'];
      if (!shown.some(l => l === word || l.startsWith(word.slice(0, 18)))) {
        unlabelled.push(`${name}: ${value}`);
      }
    }
  }
  return {
    chart: i + 1,
    wider: card.scrollWidth - card.clientWidth,
    overlaps,
    unlabelled,
  };
})"""


@pytest.fixture(scope="module")
def measured(built_book: Path, server: str, browser) -> dict:
    """Every chapter's charts measured at both sizes in both modes."""
    results = {}
    for size, (width, height) in SIZES.items():
        for mode in ("light", "dark"):
            context = browser.new_context(
                viewport={"width": width, "height": height}, color_scheme=mode
            )
            context.route("**/*", functools.partial(gate, base=server, outside=[]))
            page = context.new_page()
            for name in pages(built_book):
                if not name.startswith("chapters/"):
                    continue
                page.goto(server + name, wait_until="load")
                page.evaluate(f"document.documentElement.dataset.theme = '{mode}'")
                page.wait_for_function(
                    "document.querySelectorAll('figure.gba-chart-ready').length =="
                    " document.querySelectorAll('figure.gba-chart').length"
                )
                results[size, mode, name] = {
                    "charts": page.evaluate(MEASURE),
                    "page": page.evaluate("document.documentElement.scrollWidth"),
                }
            context.close()
    return results


def _problems(measured: dict, key: str) -> dict:
    found = {}
    for (size, mode, name), result in measured.items():
        bad = [(c["chart"], c[key]) for c in result["charts"] if c[key]]
        if bad:
            found[f"{size} {mode} {name}"] = bad
    return found


def test_every_chapter_was_measured(measured: dict) -> None:
    charts = sum(len(r["charts"]) for r in measured.values())
    assert len(measured) >= 4 * 8 and charts >= 4 * 30


def test_no_chart_is_wider_than_its_card(measured: dict) -> None:
    wider = {
        where: [(chart, px) for chart, px in bad if px > 1]
        for where, bad in _problems(measured, "wider").items()
    }
    assert not {k: v for k, v in wider.items() if v}, wider


def test_no_page_scrolls_sideways(measured: dict) -> None:
    wide = {
        f"{size} {mode} {name}": result["page"]
        for (size, mode, name), result in measured.items()
        if result["page"] > SIZES[size][0]
    }
    assert not wide, wide


def test_no_text_overlaps_in_any_chart(measured: dict) -> None:
    assert not _problems(measured, "overlaps")


def test_every_category_of_every_band_scale_is_labelled(measured: dict) -> None:
    assert not _problems(measured, "unlabelled")
