"""Every chart says its finding: a headline above what is plotted, computed from data.

``charts.titled`` (and every builder) draws ``headline=`` above the chart and turns
``title=`` and ``unit=`` into the subtitle. These tests hold the chapters to it: in
the sources, every chart call passes a headline whose numbers come from the data (no
digit typed into its words); on the built pages, every chart shows a headline that
is not its subtitle and not a title with a unit in brackets.
"""

from __future__ import annotations

import ast
import re
from html.parser import HTMLParser
from pathlib import Path

import pytest
from conftest import ROOT

from book import charts, compare, data

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)\n```", re.S)
DRAWERS = {("charts", name) for name in (*charts.BUILDERS, "titled")} | {
    ("compare", "chart")
}
"""The calls that draw a finished chart: ``charts.<builder>``, ``charts.titled``
and ``compare.chart`` (``compare.static_chart`` is a tool to explore, not a
finding, and keeps its plain title)."""
MOST_CHARACTERS = 75


def code_cells(chapter: Path) -> list[ast.Module]:
    """The chapter's code cells as Python syntax trees (option lines left out)."""
    trees = []
    for body in CELL.findall(chapter.read_text(encoding="utf-8")):
        source = "\n".join(
            line for line in body.splitlines() if not line.startswith(":")
        )
        trees.append(ast.parse(source))
    return trees


def chart_calls(tree: ast.AST) -> list[ast.Call]:
    return [
        node
        for node in ast.walk(tree)
        if isinstance(node, ast.Call)
        and isinstance(node.func, ast.Attribute)
        and isinstance(node.func.value, ast.Name)
        and (node.func.value.id, node.func.attr) in DRAWERS
    ]


def assignments(trees: list[ast.Module]) -> dict[str, list[ast.expr]]:
    """Every value assigned to each plain name in the chapter."""
    found: dict[str, list[ast.expr]] = {}
    for tree in trees:
        for node in ast.walk(tree):
            if isinstance(node, ast.Assign):
                for target in node.targets:
                    if isinstance(target, ast.Name):
                        found.setdefault(target.id, []).append(node.value)
    return found


def typed_numbers(expression: ast.expr) -> list[str]:
    """Digits written into the words of an expression, outside format specs.

    ``f"{n_high} of {n_sources} sources"`` has none; ``"25,000 firms"`` has one.
    Format specs (``{x:.1f}``) and numbers passed to functions are not words.
    """
    found = []

    def walk(node: ast.AST) -> None:
        if isinstance(node, ast.Constant) and isinstance(node.value, str):
            found.extend(re.findall(r"\d[\d,.]*", node.value))
        for field, child in ast.iter_fields(node):
            if field == "format_spec":
                continue
            for item in child if isinstance(child, list) else [child]:
                if isinstance(item, ast.AST):
                    walk(item)

    walk(expression)
    return found


def headline_of(call: ast.Call) -> ast.expr | None:
    return next((k.value for k in call.keywords if k.arg == "headline"), None)


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_every_chart_call_passes_a_headline(chapter: Path) -> None:
    """The shown chart and its hidden builder check both state the finding."""
    trees = code_cells(chapter)
    missing = [
        f"line {call.lineno} of a cell: {ast.unparse(call.func)}(...)"
        for tree in trees
        for call in chart_calls(tree)
        if headline_of(call) is None
    ]
    assert not missing, f"{chapter.name}: charts without headline=: {missing}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_a_headline_computes_its_numbers(chapter: Path) -> None:
    """No figure is typed into a headline: it comes from the frame, in an f-string."""
    trees = code_cells(chapter)
    named = assignments(trees)
    typed = []
    for tree in trees:
        for call in chart_calls(tree):
            headline = headline_of(call)
            if headline is None:
                continue
            values = [headline]
            if isinstance(headline, ast.Name):
                values = named.get(headline.id, [])
                assert values, f"{chapter.name}: {headline.id} is never assigned"
            typed += [
                f"{ast.unparse(value)[:60]}: {numbers}"
                for value in values
                if (numbers := typed_numbers(value))
            ]
    assert not typed, f"{chapter.name}: numbers typed into headlines: {typed}"


def test_the_chapters_draw_at_least_34_charts_with_headlines() -> None:
    shown = [
        call
        for chapter in CHAPTERS
        for tree in code_cells(chapter)
        for call in chart_calls(tree)
        if headline_of(call) is not None
    ]
    # each lesson's chart is called twice (shown, and checked against its builder)
    assert len(shown) >= 34, len(shown)


def test_typed_numbers_finds_digits_in_words_only() -> None:
    def numbers(source: str) -> list[str]:
        return typed_numbers(ast.parse(source, mode="eval").body)

    assert numbers('f"{n:.1f} of {total} cities"') == []
    assert numbers('f"{fmt.percent(x, 0)} of GDP"') == []
    assert numbers('f"Shenzhen counts {n} firms, 25,000 in 2024"') == ["25,000", "2024"]
    assert numbers('"Only 6 pairs"') == ["6"]


def test_the_comparison_chart_takes_a_headline() -> None:
    """``compare.chart`` (the panel's chart) passes a headline on to its frame."""
    result = compare.compare(data.load(), compare.Selection(years=(2010, 2024)))
    plain = compare.chart(result, "Source: t").to_dict()
    stated = compare.chart(result, "Source: t", headline="Zhuhai grew").to_dict()
    assert stated["title"]["text"] == ["Zhuhai grew"]
    assert stated["usermeta"]["subtitle"] == result.heading
    assert plain["title"]["text"] != stated["title"]["text"]


# ------------------------------------------------------------ the built pages

BRACKETED_END = re.compile(r"\([^()]*\)\s*$")


class FigureWords(HTMLParser):
    """The headline, subtitle and bound inputs of each ``figure.gba-chart``."""

    def __init__(self) -> None:
        super().__init__()
        self.figures: list[dict[str, str]] = []
        self._field: str | None = None
        self._script = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        classes = (dict(attrs).get("class") or "").split()
        if tag == "figure" and "gba-chart" in classes:
            self.figures.append({"headline": "", "subtitle": "", "spec": ""})
        elif not self.figures:
            return
        elif tag == "p" and "gba-chart-headline" in classes:
            self._field = "headline"
        elif tag == "p" and "gba-chart-subtitle" in classes:
            self._field = "subtitle"
        elif tag == "script":
            self._script = True

    def handle_endtag(self, tag: str) -> None:
        if tag == "p":
            self._field = None
        elif tag == "script":
            self._script = False

    def handle_data(self, data: str) -> None:
        if self._field and self.figures:
            self.figures[-1][self._field] += data
        elif self._script and self.figures:
            self.figures[-1]["spec"] += data


def chapter_figures(built_book: Path) -> list[tuple[str, dict[str, str]]]:
    found = []
    for page in sorted((built_book / "chapters").glob("*.html")):
        parser = FigureWords()
        parser.feed(page.read_text(encoding="utf-8"))
        found += [(page.stem, figure) for figure in parser.figures]
    return found


def is_a_tool(figure: dict[str, str]) -> bool:
    """A chart driven by inputs on the page (the city comparison) explores: it
    states no single finding."""
    return '"bind"' in figure["spec"]


def problems(page: str, figure: dict[str, str]) -> list[str]:
    """What keeps a chart's headline from stating a finding above its subtitle."""
    headline, subtitle = figure["headline"].strip(), figure["subtitle"].strip()
    wrong = []
    if not subtitle or subtitle.startswith("("):
        wrong.append(f"{page}: {headline!r} has no subtitle of what is plotted")
    elif headline == subtitle:
        wrong.append(f"{page}: {headline!r} repeats its subtitle")
    if BRACKETED_END.search(headline):
        wrong.append(f"{page}: {headline!r} ends in a bracketed unit")
    if headline.endswith(".") or len(headline) > MOST_CHARACTERS:
        wrong.append(f"{page}: {headline!r} is a sentence, not a headline")
    return wrong


def test_a_title_in_the_headline_place_is_caught() -> None:
    html = (
        '<figure class="gba-chart"><div class="gba-chart-head">'
        '<p class="gba-chart-headline">Land area</p>'
        '<p class="gba-chart-subtitle">(km²)</p></div>'
        '<script type="application/json">{"data": []}</script></figure>'
        '<figure class="gba-chart"><p class="gba-chart-headline">Land (km²)</p>'
        '<p class="gba-chart-subtitle">Land (km²)</p></figure>'
        '<figure class="gba-chart"><p class="gba-chart-headline">'
        "Zhaoqing has the most land, 14,891 km²</p>"
        '<p class="gba-chart-subtitle">Land area (km²)</p></figure>'
    )
    parser = FigureWords()
    parser.feed(html)
    title_only, repeated, finding = parser.figures
    assert problems("x", title_only) == [
        "x: 'Land area' has no subtitle of what is plotted"
    ]
    assert len(problems("x", repeated)) == 2  # repeats, and ends in "(km²)"
    assert problems("x", finding) == []
    assert not is_a_tool(title_only)
    assert is_a_tool({"spec": '{"signals": [{"bind": {"input": "range"}}]}'})


def test_every_chart_on_a_chapter_page_leads_with_its_finding(
    built_book: Path,
) -> None:
    figures = chapter_figures(built_book)
    findings = [(page, f) for page, f in figures if not is_a_tool(f)]
    assert len(findings) >= 34, (len(figures), len(findings))
    wrong = [line for page, figure in findings for line in problems(page, figure)]
    assert not wrong, "\n".join(wrong)
