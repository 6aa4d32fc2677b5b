"""What a first visit to each page of the built book loads, measured in a browser.

Usage: python tools/weight.py [--html DIR] [PAGE ...]

Serves the built book on 127.0.0.1 (every other host blocked), opens each page in a
fresh browser context (empty cache: a first visit) and records every response the
page loads until the network is idle: the HTML, scripts, stylesheets, fonts, images
and any file a script fetches. Each response is counted as a server would send it
compressed: its body gzipped at level 9, as `make bench` always has. ``tools/bench.py``
uses :func:`first_visits`; ``tests/test_pages.py`` counts the files of its own visits
(at 390 and 1280 px, until the network is idle) with :func:`files_of`.
"""

from __future__ import annotations

import argparse
import functools
import gzip
import http.server
import os
import shutil
import threading
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from pathlib import Path

HTML = Path(__file__).resolve().parent.parent / "_build" / "html"
TARGET = 0.35e6  # bytes, gzip: issue 15, target 1
FONTS = (".woff2", ".woff", ".ttf", ".otf", ".eot")
# what a page loads after it is idle (the search index once searching starts) is
# not part of the first visit; the wait is for late, deferred and lazy loads
SETTLE_MS = 400


@dataclass
class Visit:
    """One page's first visit: every response, its raw and gzip size."""

    page: str
    files: list[tuple[str, int, int]] = field(default_factory=list)

    @property
    def raw(self) -> int:
        return sum(raw for _, raw, _ in self.files)

    @property
    def gz(self) -> int:
        return sum(gz for _, _, gz in self.files)

    def kind(self, suffixes: tuple[str, ...]) -> int:
        """Gzip bytes of the files whose name ends in one of ``suffixes``."""
        return sum(gz for url, _, gz in self.files if url.endswith(suffixes))


def pages(html_root: Path) -> list[str]:
    """Every page of the built book (not the theme's fragments under _static/)."""
    names = (str(p.relative_to(html_root)) for p in html_root.rglob("*.html"))
    return sorted(n for n in names if not n.startswith(("_static/", "_sources/")))


class _Quiet(http.server.SimpleHTTPRequestHandler):
    def log_message(self, *args: object) -> None:
        pass


@contextmanager
def serve(html_root: Path) -> Iterator[str]:
    """Serve ``html_root`` on a free local port; yield its address."""
    handler = functools.partial(_Quiet, directory=str(html_root))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    try:
        yield f"http://127.0.0.1:{httpd.server_address[1]}/"
    finally:
        httpd.shutdown()


def launch(p: object) -> object:
    """Headless Chromium (Debian's, or $GBA_BOOK_CHROMIUM) from a Playwright ``p``."""
    chromium = os.environ.get("GBA_BOOK_CHROMIUM") or shutil.which("chromium")
    return p.chromium.launch(
        executable_path=chromium or None, args=["--no-sandbox", "--disable-gpu"]
    )


def visit(browser, base: str, html_root: Path, page: str, width: int = 1280) -> Visit:
    """Open ``page`` with an empty cache; record every file it loads, once each.

    The sizes are those of the files the local server sent (read from
    ``html_root``), so a page that navigates on (``index.html``) counts both.
    """
    context = browser.new_context(viewport={"width": width, "height": 900})
    context.route(
        "**/*",
        lambda r: r.continue_() if r.request.url.startswith(base) else r.abort(),
    )
    urls: list[str] = []
    tab = context.new_page()
    tab.on("response", lambda response: urls.append(response.url))
    tab.goto(base + page, wait_until="networkidle")
    tab.wait_for_timeout(SETTLE_MS)
    context.close()
    return files_of(page, urls, base, html_root)


def files_of(page: str, urls: list[str], base: str, html_root: Path) -> Visit:
    """The visit of ``page`` that loaded ``urls`` from ``base`` (served from
    ``html_root``): each file once, with its raw and gzip size."""
    found = Visit(page)
    for url in dict.fromkeys(urls):
        name = url.removeprefix(base).split("#")[0].split("?")[0]
        found.files.append((name, *_sizes(html_root / (name or "index.html"))))
    return found


def _sizes(path: Path) -> tuple[int, int]:
    if not path.is_file():
        return 0, 0
    status = path.stat()
    return _compressed(path, status.st_mtime_ns, status.st_size)


@functools.cache  # each file once per process (pages share Vega, CSS, scripts)
def _compressed(path: Path, mtime: int, size: int) -> tuple[int, int]:
    body = path.read_bytes()
    return len(body), len(gzip.compress(body, 9))


def first_visits(
    html_root: Path, names: list[str] | None = None, browser=None
) -> list[Visit]:
    """Measure the first visit of each page (all pages by default)."""
    names = names or pages(html_root)
    with serve(html_root) as base:
        if browser is not None:
            return [visit(browser, base, html_root, name) for name in names]
        from playwright.sync_api import sync_playwright

        with sync_playwright() as p:
            launched = launch(p)
            try:
                return [visit(launched, base, html_root, name) for name in names]
            finally:
                launched.close()


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("pages", nargs="*")
    parser.add_argument("--html", default=str(HTML))
    parser.add_argument("--files", action="store_true", help="list every file")
    args = parser.parse_args()
    for found in first_visits(Path(args.html), args.pages or None):
        mark = "ok" if found.gz <= TARGET else "OVER"
        print(f"{found.gz / 1e3:7.0f} kB gzip {found.raw / 1e3:7.0f} kB raw "
              f"{mark:4} {found.page}")  # fmt: skip
        if args.files:
            for url, raw, gz in sorted(found.files, key=lambda f: -f[2]):
                print(f"    {gz / 1e3:7.1f} kB {raw / 1e3:7.1f} kB  {url}")


if __name__ == "__main__":
    main()
