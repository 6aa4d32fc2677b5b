"""Offline link check of the built book: every internal link and anchor resolves.

External links are not fetched here (the book must build offline); ``make linkcheck``
runs Sphinx's link checker against them when a network is available.
"""

from __future__ import annotations

from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urldefrag, urlparse

import pytest

pytestmark = pytest.mark.build

ATTRS = {
    "a": "href",
    "link": "href",
    "script": "src",
    "img": "src",
    "iframe": "src",
    "source": "src",
}


class _Page(HTMLParser):
    def __init__(self) -> None:
        super().__init__()
        self.links: list[str] = []
        self.ids: set[str] = set()

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        values = dict(attrs)
        for key in ("id", "name"):
            if values.get(key) and (key == "id" or tag == "a"):
                self.ids.add(values[key] or "")
        attr = ATTRS.get(tag)
        if attr and values.get(attr):
            self.links.append(values[attr] or "")


def _parse(path: Path, cache: dict[Path, _Page]) -> _Page:
    if path not in cache:
        page = _Page()
        page.feed(path.read_text(encoding="utf-8", errors="replace"))
        cache[path] = page
    return cache[path]


def test_every_internal_link_and_anchor_resolves(built_book: Path) -> None:
    cache: dict[Path, _Page] = {}
    broken = []
    checked = 0
    for path in sorted(built_book.rglob("*.html")):
        if "_static" in path.parts:
            continue
        for link in _parse(path, cache).links:
            parsed = urlparse(link)
            if (
                parsed.scheme
                or parsed.netloc
                or link.startswith(("mailto:", "javascript:", "data:"))
            ):
                continue
            target, anchor = urldefrag(link)
            file = (
                path
                if not target
                else (path.parent / unquote(target.split("?")[0])).resolve()
            )
            checked += 1
            if not file.exists():
                broken.append(f"{path.relative_to(built_book)}: {link} (no such file)")
                continue
            if (
                anchor
                and file.suffix == ".html"
                and anchor not in _parse(file, cache).ids
            ):
                broken.append(
                    f"{path.relative_to(built_book)}: {link} (no anchor #{anchor})"
                )
    assert checked > 500, checked
    assert not broken, "\n".join(broken[:40])


def test_the_check_finds_a_broken_link(tmp_path: Path) -> None:
    (tmp_path / "a.html").write_text(
        '<a href="b.html#x">b</a><a href="#here">h</a><p id="here"></p>'
    )
    (tmp_path / "b.html").write_text('<p id="y"></p>')
    cache: dict[Path, _Page] = {}
    page = _parse(tmp_path / "a.html", cache)
    target = _parse(tmp_path / "b.html", cache)
    assert page.links == ["b.html#x", "#here"]
    assert "x" not in target.ids and "here" in page.ids
