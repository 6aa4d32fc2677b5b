"""The built book: strict, nothing from other hosts, repeatable, never stale, fast."""

from __future__ import annotations

import filecmp
import json
import os
import re
import shutil
import time
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import urlparse

import pytest
from conftest import PUBLISHED, ROOT, build_book, copy_book, set_cell
from test_faults import HARMLESS

pytestmark = pytest.mark.build

RESOURCE_ATTRS = {
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
    "video": "src",
    "audio": "src",
    "embed": "src",
    "object": "data",
}


class _Resources(HTMLParser):
    """Collect every address a page loads (not plain hyperlinks)."""

    def __init__(self) -> None:
        super().__init__()
        self.urls: list[str] = []
        self.inline_css: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        if tag in RESOURCE_ATTRS and values.get(RESOURCE_ATTRS[tag]):
            self.urls.append(values[RESOURCE_ATTRS[tag]] or "")
        if tag == "link" and values.get("href"):
            rel = (values.get("rel") or "").lower()
            if any(
                r in rel
                for r in (
                    "stylesheet",
                    "preload",
                    "icon",
                    "modulepreload",
                    "prefetch",
                    "font",
                )
            ):
                self.urls.append(values["href"] or "")
        if values.get("style"):
            self.inline_css.append(values["style"] or "")
        self._in_style = tag == "style"

    def handle_data(self, data: str) -> None:
        if self._in_style:
            self.inline_css.append(data)

    def handle_endtag(self, tag: str) -> None:
        if tag == "style":
            self._in_style = False


def _external(url: str) -> bool:
    parsed = urlparse(url.strip())
    return bool(parsed.netloc) or parsed.scheme in ("http", "https")


def _css_urls(css: str) -> list[str]:
    found = re.findall(r"url\(\s*['\"]?([^'\")]+)", css)
    found += re.findall(r"@import\s+['\"]([^'\"]+)", css)
    return found


def pages(html_root: Path) -> list[Path]:
    """Every HTML file, including the theme's fragments under _static/."""
    found = sorted(html_root.rglob("*.html"))
    assert len(found) > 10, f"almost no pages in {html_root}: nothing to check"
    return found


def test_every_page_loads_only_local_resources(built_book: Path) -> None:
    offenders = []
    for page in pages(built_book):
        parser = _Resources()
        parser.feed(page.read_text(encoding="utf-8"))
        urls = parser.urls + [u for css in parser.inline_css for u in _css_urls(css)]
        offenders += [(page.name, u) for u in urls if _external(u)]
    for css in built_book.rglob("*.css"):
        offenders += [
            (css.name, u)
            for u in _css_urls(css.read_text(encoding="utf-8", errors="replace"))
            if _external(u)
        ]
    assert offenders == []


def test_no_page_mentions_a_cdn(built_book: Path) -> None:
    """Not even as a string a script could load later (Thebe, require.js, MathJax)."""
    cdns = ("unpkg.com", "jsdelivr", "cdnjs", "googleapis", "require.js")
    for page in pages(built_book):
        text = page.read_text(encoding="utf-8")
        assert not [c for c in cdns if c in text], page.name


def test_no_page_carries_dead_widgets(built_book: Path) -> None:
    """ipywidgets need a kernel: the static pages carry no widget views or state."""
    for page in pages(built_book):
        text = page.read_text(encoding="utf-8")
        assert "application/vnd.jupyter.widget" not in text, page.name
        assert "altair-viz-" not in text, page.name  # Altair's CDN-loading HTML


def test_chart_pages_load_the_local_vega_in_order(built_book: Path) -> None:
    page = (built_book / "chapters" / "bay-at-a-glance.html").read_text(
        encoding="utf-8"
    )
    assert page.count('<figure class="gba-chart"') >= 6
    order = [
        page.index(name)
        for name in ("gba-vendor/vega@", "gba-vendor/vega-embed@", "gba/gba-charts.js")
    ]
    assert order == sorted(order)
    # the charts are compiled to Vega at build time: the page skips vega-lite.js
    assert page.count('data-mode="vega"') == page.count('<figure class="gba-chart"')
    assert "gba-vendor/vega-lite@" not in page
    intro = (built_book / "intro.html").read_text(encoding="utf-8")
    assert "gba-vendor" not in intro  # pages without charts do not pay for Vega


def chart_problems(page: str) -> tuple[int, list[str]]:
    """The charts of one page and what is wrong with their text alternatives: a
    description of its own (the embed falls back to the title when a chart has
    none) and a captioned table of the chart's data with a row of cells per row."""
    figures = [f.split("</figure>")[0] for f in page.split('<figure class="gba-chart"')]
    problems = []
    for number, figure in enumerate(figures[1:], start=1):
        said = re.search(r'<figcaption class="gba-sr-only">(.*?)</figcaption>', figure)
        table = re.search(
            r"<table.*?<caption>(.+?)</caption>(.*?)</table>", figure, re.S
        )
        if not table:
            problems.append(f"chart {number}: no captioned data table")
            continue
        if not said or len(said[1]) < 40 or said[1] == table[1]:
            problems.append(f"chart {number}: no description beyond its title")
        head, _, body = table[2].partition("</thead>")
        columns = len(re.findall(r"<th\b(?!ead)", head))
        rows = re.findall(r"<tr>(.*?)</tr>", body, re.S)
        if not columns or not rows or {r.count("<td>") for r in rows} != {columns}:
            problems.append(f"chart {number}: the table has no rows of cells")
    return len(figures) - 1, problems


def test_every_chart_has_a_description_and_a_table(built_book: Path) -> None:
    chapters = sorted((built_book / "chapters").glob("*.html"))
    assert len(chapters) >= 8
    for page in chapters:
        count, problems = chart_problems(page.read_text(encoding="utf-8"))
        assert count, f"{page.name}: no charts found"
        assert not problems, f"{page.name}: {problems}"


def _glued_population(html: str) -> str:
    match = re.search(
        r'was the largest\s*\(<span class="pasted-text">([\d.,]+)</span>', html
    )
    assert match, "glued population sentence not found"
    return match.group(1)


def _chart_values(html: str, city: str, field: str) -> list[float]:
    values = []
    for blob in re.findall(
        r'<script type="application/json" class="gba-chart-spec">(.*?)</script>',
        html,
        re.S,
    ):
        spec = json.loads(blob)
        if isinstance(spec.get("data"), list):  # compiled to Vega
            datasets = [d.get("values", []) for d in spec["data"]]
        else:
            datasets = list(spec.get("datasets", {}).values())
        for rows in datasets:
            values += [
                round(r[field], 3)
                for r in rows
                if r.get("city") == city and r.get(field) is not None
            ]
    return values


def _glued(html: str, before: str) -> str:
    match = re.search(
        re.escape(before) + r'\s*<span class="pasted-text">([\d.,]+)</span>', html
    )
    assert match, f"glued figure after {before!r} not found"
    return match.group(1)


def _executed(stdout: str) -> set[str]:
    """The notebooks a build executed (book.sphinxext.execute reports each)."""
    return set(re.findall(r"\[gba\] executed ([\w-]+)\.md in", stdout))


def _same_figures(book: Path) -> None:
    """Every chapter's glued figures are those of the session's book."""
    figures = sorted(
        (ROOT / "_build" / "jupyter_execute" / "chapters").glob("*.glue.json")
    )
    assert figures
    for published in figures:
        rebuilt = book / "_build" / "jupyter_execute" / "chapters" / published.name
        assert json.loads(rebuilt.read_text()) == json.loads(published.read_text()), (
            published.name
        )


def _different_pages(first: Path, second: Path) -> tuple[list[Path], list[str]]:
    pages = sorted(
        p.relative_to(first) for p in first.rglob("*.html") if "_static" not in p.parts
    )
    return pages, [
        str(p) for p in pages if not filecmp.cmp(first / p, second / p, shallow=False)
    ]


@pytest.mark.slow
def test_builds_repeat_exactly_and_a_data_edit_reruns_only_the_pages_that_read_it(
    built_book: Path, tmp_path: Path
) -> None:
    """One book copied elsewhere, built four times, as an author would in a day.

    1. A cold build, its data with every harmless variation of tests/faults.py
       (Windows line ends, reordered columns, quotes everywhere ...): every page
       byte-identical to the session's book (built as `make book` builds,
       incrementally when it can: no timestamps, uuids, paths or ?v= of warm builds).
    2. `_toc.yml` touched: every page re-read and rewritten, still identical.
    3. No change: nothing runs, in seconds.
    4. One exchange rate edited: the pages that read the rates re-execute and show
       the new figures; the others are neither executed nor rewritten.
    """
    book = copy_book(tmp_path / "book")
    for fault in HARMLESS:
        fault.make(book / "data")
    env = {**os.environ, **PUBLISHED, "GBA_BOOK_DATA": str(book / "data")}
    first = build_book(book, env)
    assert first.returncode == 0, first.stdout[-3000:]
    html = book / "_build" / "html"
    pages, different = _different_pages(html, built_book)
    assert len(pages) > 10
    assert not different, different
    _same_figures(book)
    notebooks = {p.stem for p in [*book.glob("*.md"), *book.glob("chapters/*.md")]
                 if "kernelspec" in p.read_text(encoding="utf-8")}  # fmt: skip
    assert _executed(first.stdout) == notebooks

    cold = tmp_path / "cold-html"
    shutil.copytree(html, cold)
    toc = book / "_toc.yml"
    toc.write_text(toc.read_text(encoding="utf-8") + "# touched\n", encoding="utf-8")
    warm = build_book(book, env)  # every page re-read
    assert warm.returncode == 0, warm.stdout[-3000:]
    assert "_toc.yml changed" in warm.stdout
    rewritten = [p for p in pages if (html / p).stat().st_mtime
                 > (cold / p).stat().st_mtime]  # fmt: skip
    # every page but the redirect (index.html), which Jupyter Book writes once
    assert sorted(set(pages) - set(rewritten)) == [Path("index.html")]
    assert not _different_pages(cold, html)[1]

    start = time.perf_counter()
    unchanged = build_book(book, env)
    seconds = time.perf_counter() - start
    assert unchanged.returncode == 0
    assert "nothing changed since the last build" in unchanged.stdout
    assert not _executed(unchanged.stdout), "nothing changed, nothing should run"
    assert "Executing notebook" not in unchanged.stdout
    print(f"no-change rebuild: {seconds:.1f} s")

    glance = html / "chapters" / "bay-at-a-glance.html"
    assert _glued_population(glance.read_text()) == "19.0"
    assert _glued(glance.read_text(), "one Hong Kong dollar bought") == "0.9223"
    assert 7.804 in _chart_values(glance.read_text(), "Hong Kong", "lcu_per_usd")
    before = {p: p.read_bytes() for p in (html / "chapters").glob("*.html")}
    set_cell(
        book / "data" / "exchange_rates.csv",
        {"currency": "HKD", "year": "2024", "basis": "wdi-period-average"},
        "lcu_per_usd",
        "7.8",  # a plausible correction (HKD is pegged near 7.8)
    )
    edited = build_book(book, env)
    assert edited.returncode == 0, edited.stdout[-3000:]
    # the pages whose code reads the rates, and nothing else, re-executed
    readers = {p.stem for p in [*book.glob("*.md"), *book.glob("chapters/*.md")]
               if p.stem in notebooks and "exchange_rates" in p.read_text("utf-8")}  # fmt: skip
    assert {"bay-at-a-glance", "compare-cities", "data"} <= readers
    assert _executed(edited.stdout) == readers, edited.stdout[-3000:]
    assert "Executing notebook" not in edited.stdout  # all executed in parallel
    assert "data changed: exchange_rates.csv -> re-executing" in edited.stdout
    text = glance.read_text()
    assert _glued(text, "one Hong Kong dollar bought") == "0.9228"
    assert 7.8 in _chart_values(text, "Hong Kong", "lcu_per_usd")
    assert 7.804 not in _chart_values(text, "Hong Kong", "lcu_per_usd")
    for page, content in before.items():
        if page.stem not in readers:
            assert page.read_bytes() == content, f"{page.name} changed"


def test_invalid_data_stops_the_build_before_anything_is_written(
    tmp_path: Path,
) -> None:
    book = copy_book(tmp_path / "book")
    row = set_cell(
        book / "data" / "city_indicators.csv",
        {"city_id": "macao", "indicator_id": "population", "year": "2024"},
        "value",
        "sixty-eight",
    )
    env = {**os.environ, "GBA_BOOK_DATA": str(book / "data")}
    result = build_book(book, env)
    output = result.stdout + result.stderr
    assert result.returncode != 0
    assert f"city_indicators.csv, row {row}, column 'value': [type]" in output
    assert not (book / "_build" / "html" / "chapters").exists()
