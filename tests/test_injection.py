"""Stored script injection: text from data/ is shown as text, everywhere.

The fixture puts HTML, script and Markdown payloads into every free-text field of
every resource (appended to what is there, so the data keep their meaning) and into
every title and description of datapackage.json, then builds the book. The browser
test loads every page with a dialog listener and clicks every link on the references
and data pages: no payload may run.
"""

from __future__ import annotations

import functools
import json
import os
from pathlib import Path

import nbformat
import pytest
from conftest import build_book, copy_book, read_rows, write_rows

pytestmark = [pytest.mark.build, pytest.mark.slow]

# no quotes inside the scripts: typographic quotes would defuse them and hide a hole
PAYLOAD = (
    "<img src=x onerror=alert(1)><script>alert(2)</script>"
    "\"'><svg onload=alert(3)>[link](javascript:alert(4)){ref}`x` $x$"
    "\\href{javascript:alert(5)}{tex}\\url{javascript:alert(6)}"
)
ADDRESS = "https://example.org/javascript:alert(1)/'onmouseover=alert(2)"


def _text_fields(resource: dict) -> list[str]:
    """Free-text fields: strings with no enum or pattern, and no key or reference."""
    schema = resource["schema"]
    keyed = set(schema.get("primaryKey", []))
    keyed |= {fk["fields"][0] for fk in schema.get("foreignKeys", [])}
    return [
        f["name"]
        for f in schema["fields"]
        if f.get("type", "string") == "string"
        and not {"enum", "pattern"} & set(f.get("constraints", {}))
        and f["name"] not in keyed
        and "gba:listOf" not in f
    ]


@pytest.fixture(scope="module")
def hostile_book(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, list[str]]:
    book = copy_book(tmp_path_factory.mktemp("hostile") / "book")
    data = book / "data"
    descriptor = json.loads((data / "datapackage.json").read_text(encoding="utf-8"))
    touched = []
    for resource in descriptor["resources"]:
        path = data / resource["path"]
        rows = read_rows(path)
        for name in _text_fields(resource):
            for row in rows:
                row[name] = ADDRESS if name == "url" else row[name] + PAYLOAD
            touched.append(f"{resource['name']}.{name}")
        write_rows(path, rows)
        for item in (resource, *resource["schema"]["fields"]):
            for key in ("title", "description"):
                if key in item:
                    item[key] += PAYLOAD
    for key in ("title", "description"):
        descriptor[key] += PAYLOAD
    (data / "datapackage.json").write_text(
        json.dumps(descriptor, indent=2, ensure_ascii=False), encoding="utf-8"
    )
    result = build_book(book, {**os.environ, "GBA_BOOK_DATA": str(data)})
    assert result.returncode == 0, result.stdout[-4000:] + result.stderr[-2000:]
    return book / "_build" / "html", touched


def test_payloads_reach_every_free_text_field(
    hostile_book: tuple[Path, list[str]],
) -> None:
    _, touched = hostile_book
    assert len(touched) >= 30, touched
    for expected in ("sources.title", "sources.url", "cities.name_en", "article_facts.phrase_en"):  # fmt: skip
        assert expected in touched


def test_no_page_carries_a_payload_as_markup(
    hostile_book: tuple[Path, list[str]],
) -> None:
    html, _ = hostile_book
    checked = [p for p in sorted(html.rglob("*.html")) if "_static" not in p.parts]
    assert len(checked) > 10, "almost no pages to check"
    for page in checked:
        text = page.read_text(encoding="utf-8")
        for raw in (
            "<img src=x onerror",
            "<script>alert",
            "<svg onload",
            'href="javascript:',
        ):
            assert raw not in text, f"{page.relative_to(html)}: {raw}"
    for name in ("bay-at-a-glance", "compare-cities"):  # they show the cities table
        text = (html / "chapters" / f"{name}.html").read_text(encoding="utf-8")
        assert "&lt;script&gt;alert(2)" in text, f"{name}: the names shown as text"


def test_student_notebooks_carry_the_payload_as_text(
    hostile_book: tuple[Path, list[str]],
) -> None:
    from markdown_it import MarkdownIt

    html, _ = hostile_book
    notebooks = sorted((html / "_downloads" / "notebooks").glob("*.ipynb"))
    assert notebooks
    render = MarkdownIt("commonmark", {"html": True}).render  # as a notebook would
    shown = 0
    for path in notebooks:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown":
                rendered = render(cell.source)
                for raw in ("<img", "<script", "<svg", 'href="javascript:'):
                    assert raw not in rendered, f"{path.name}: {raw}"
                shown += "&lt;img src=x onerror=alert" in rendered
    assert shown > 5, "the payload is in the notebooks, as text"


@pytest.mark.browser
def test_no_payload_runs_in_a_browser(
    hostile_book: tuple[Path, list[str]], browser: object
) -> None:
    import http.server
    import threading

    from conftest import _QuietHandler

    html, _ = hostile_book
    handler = functools.partial(_QuietHandler, directory=str(html))
    httpd = http.server.ThreadingHTTPServer(("127.0.0.1", 0), handler)
    threading.Thread(target=httpd.serve_forever, daemon=True).start()
    base = f"http://127.0.0.1:{httpd.server_address[1]}/"
    dialogs: list[str] = []
    outside: list[str] = []
    asked: list[str] = []  # pages of the book a click went to (while clicking)
    ended: set[str] = set()  # requests finished or failed (a 204 aborts its navigation)
    here = ""  # the page whose links are clicked

    def local_only(route: object, request: object) -> None:
        url = request.url
        if here and request.is_navigation_request() and url.split("#")[0] != here:
            # a click leaving the page: recorded, then 204, so that the browser stays
            # on the page (no reload between clicks) instead of showing another
            (asked if url.startswith(base) else outside).append(url)
            route.fulfill(status=204, body="")
        elif url.startswith(base):
            route.continue_()
        else:
            outside.append(url)
            route.fulfill(status=204, body="")

    page = browser.new_page()
    page.on("dialog", lambda dialog: (dialogs.append(dialog.message), dialog.dismiss()))
    page.on("requestfinished", lambda request: ended.add(request.url))
    page.on("requestfailed", lambda request: ended.add(request.url))
    page.route("**/*", local_only)
    try:
        names = sorted(
            str(p.relative_to(html))
            for p in html.rglob("*.html")
            if "_static" not in p.parts
        )
        for name in names:
            page.goto(base + name)
            page.wait_for_load_state("load")
            page.wait_for_timeout(300)
        assert not dialogs, dialogs
        clicked = 0
        click = "i => document.querySelectorAll('a[href]')[i].click()"
        describe = (
            "links => links.map(a => [a.href, a.hasAttribute('download')"
            " || a.target === '_blank'])"
        )
        for name in ("references.html", "data.html"):
            here = ""
            page.goto(base + name)
            here = base + name
            for index, (href, stays) in enumerate(
                page.eval_on_selector_all("a[href]", describe)
            ):
                assert page.url.split("#")[0] == here, page.url
                target = href.split("#")[0]
                if (
                    href.startswith(("http:", "https:"))
                    and target != here
                    and not stays
                ):
                    # another page of the book or another host: wait until its
                    # request has ended (a 204), or the next click would end it
                    ended.discard(target)  # (a request's address has no #fragment)
                    left = len(asked)
                    page.evaluate(click, index)
                    for _ in range(500):
                        if target in ended:
                            break
                        page.wait_for_timeout(10)
                    else:
                        raise AssertionError(f"no request for {href}")
                    if href.startswith(base):
                        assert asked[left:] == [target], (href, asked[left:])
                else:  # an anchor, a download, a script address
                    page.evaluate(click, index)
                    page.wait_for_timeout(30)
                clicked += 1
        assert len(asked) > 20  # the pages of the book that were linked
        assert clicked > 100
        assert not dialogs, dialogs
        assert any(url.startswith("https://example.org/") for url in outside)
    finally:
        page.close()
        httpd.shutdown()
