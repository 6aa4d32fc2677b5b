"""Shared fixtures: the repository, a scratch copy of data/, and the built book."""

from __future__ import annotations

import csv
import functools
import http.server
import os
import shutil
import subprocess
import threading
from collections.abc import Iterator
from pathlib import Path

import pytest

import book

# The tests see charts and tables as the chapters do, which call book.setup() first.
book.setup()

ROOT = Path(__file__).resolve().parent.parent
DATA = ROOT / "data"
HTML = ROOT / "_build" / "html"


# `make test` runs whole files in parallel processes (pytest-xdist), handing each
# process the next file as it finishes one: the longest files go first, so that no
# process is left with a long one at the end while the others idle (`make test`
# passes --no-loadscope-reorder: xdist would start with the files with most tests).
# The Binder tests come second: they install their environment while the first file
# builds the shared book (a file that needs it at once would wait for it).
LONGEST_FIRST = [
    "test_pages.py", "test_binder.py", "test_package.py", "test_injection.py",
    "test_build.py", "test_browser.py", "test_weight.py", "test_quality.py",
    "test_compare_page.py", "test_grade.py", "test_faults.py",
    "test_exercises_web.py", "test_outputs.py", "test_kernels.py", "test_student.py",
    "test_chapters.py",
]  # fmt: skip


def pytest_collection_modifyitems(items: list[pytest.Item]) -> None:
    rank = {name: i for i, name in enumerate(LONGEST_FIRST)}
    items.sort(key=lambda item: rank.get(item.path.name, len(rank)))  # stable


@pytest.fixture
def data_copy(tmp_path: Path) -> Path:
    """A writable copy of data/ for tests that break it on purpose."""
    target = tmp_path / "data"
    shutil.copytree(DATA, target)
    return target


def read_rows(path: Path) -> list[dict[str, str]]:
    with path.open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


def write_rows(
    path: Path, rows: list[dict[str, str]], fields: list[str] | None = None
) -> None:
    fields = fields or list(rows[0])
    with path.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=fields, lineterminator="\n")
        writer.writeheader()
        writer.writerows(rows)


def set_cell(path: Path, match: dict[str, str], column: str, value: str) -> int:
    """Set a cell of the first row matching ``match``; return its row (header = 1)."""
    rows = read_rows(path)
    for index, row in enumerate(rows):
        if all(row[k] == v for k, v in match.items()):
            row[column] = value
            write_rows(path, rows)
            return index + 2
    raise AssertionError(f"no row matching {match} in {path.name}")


def build_book(
    source: Path, env: dict[str, str] | None = None
) -> subprocess.CompletedProcess:
    """Run the same Jupyter Book command as `make book` (warnings are errors)."""
    from book.build import command

    return subprocess.run(
        command(source), capture_output=True, text=True, env=env, timeout=900
    )


def copy_book(target: Path, *, with_data: bool = True) -> Path:
    """Copy what the book is built from (not .venv, _build or tests) into ``target``."""
    target.mkdir(parents=True, exist_ok=True)
    for path in ROOT.glob("*.md"):
        if path.name != "README.md":
            shutil.copy2(path, target / path.name)
    for name in ("_config.yml", "_toc.yml"):
        shutil.copy2(ROOT / name, target / name)
    shutil.copytree(ROOT / "chapters", target / "chapters")
    if with_data:
        shutil.copytree(ROOT / "data", target / "data")
    return target


# The published book knows its repository (the Pages workflow sets it), so its
# chapters link to Binder; the tests check the book as published.
PUBLISHED = {"GBA_BOOK_REPOSITORY": "example-org/gba-book", "GBA_BOOK_BRANCH": "main"}


@pytest.fixture(scope="session")
def built_book() -> Path:
    """The book built from this checkout into _build/html (incremental, as make book),
    configured as published (with a repository, so with Binder links)."""
    import fcntl

    # `make test` runs the tests in several processes (pytest-xdist): the first to
    # get here builds, the others wait and then find nothing changed (a second)
    lock = ROOT / "_build" / ".tests-building"
    lock.parent.mkdir(exist_ok=True)
    with lock.open("w") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        result = build_book(ROOT, {**os.environ, **PUBLISHED})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-4000:]
    return HTML


def student_notebooks(built_book: Path) -> list[Path]:
    """The student notebooks the built book offers for download, in chapter order."""
    return sorted((built_book / "_downloads" / "notebooks").glob("*.ipynb"))


# ------------------------------------------------------------ browser fixtures

# Debian's Chromium (installed by .ci/system-deps); GBA_BOOK_CHROMIUM can point at
# another build, and with neither, Playwright's own browser is used (e.g. on GitHub).
CHROMIUM = os.environ.get("GBA_BOOK_CHROMIUM") or shutil.which("chromium")


class _QuietHandler(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@pytest.fixture(scope="module")
def server(built_book: Path) -> Iterator[str]:
    handler = functools.partial(_QuietHandler, directory=str(built_book))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    thread = threading.Thread(target=httpd.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    httpd.shutdown()


@pytest.fixture(scope="module")
def browser() -> Iterator[object]:
    playwright = pytest.importorskip("playwright.sync_api")
    with playwright.sync_playwright() as p:
        instance = p.chromium.launch(
            executable_path=CHROMIUM or None,
            args=[
                "--no-sandbox",
                "--disable-gpu",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                "--no-first-run",
            ],
        )
        yield instance
        instance.close()


def gate(route, request, *, base: str, outside: list[str]) -> None:
    """Let requests to the local server through; block and record every other one."""
    if request.url.startswith(base):
        route.continue_()
    else:
        outside.append(request.url)
        route.abort()


def pages(built_book: Path) -> list[str]:
    """The book's pages (not the theme's template fragments under _static/)."""
    names = (str(p.relative_to(built_book)) for p in built_book.rglob("*.html"))
    return sorted(n for n in names if not n.startswith(("_static/", "_sources/")))


def open_comparison(browser, server: str, query: str = ""):
    """Open "Compare the cities" offline; return the page and its static comparison,
    drawn and ready (``query`` is appended to the address, e.g. ``"?indicator=gdp"``)."""
    page = browser.new_page()
    page.route("**/*", functools.partial(gate, base=server, outside=[]))
    page.goto(server + "chapters/compare-cities.html" + query)
    figure = page.locator(
        "figure.gba-chart-ready", has=page.locator("select[name=indicator]")
    )
    figure.locator("svg.marks").wait_for()
    return page, figure


def small_bars_spec() -> dict:
    """A two-city bar chart, one value missing, as a Vega-Lite spec."""
    import pandas as pd

    from book import charts

    frame = pd.DataFrame(
        {"city": ["Zhuhai", "Macao"], "value": [2.5, None],
         "jurisdiction": ["mainland", "sar"], "note": ["", "no figure"]}
    )  # fmt: skip
    return charts.city_bars(
        frame, title="T", unit="u", source="Source: s", description="Bars."
    ).to_dict()
