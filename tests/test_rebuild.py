"""Rebuilds: what a chapter read, which pages a data change makes stale, no-change.

The builds themselves are in tests/test_build.py (one data edit, slow); these check
the parts on their own, without Sphinx.
"""

from __future__ import annotations

import dataclasses
import json
import os
import subprocess
import sys
from pathlib import Path

import pytest
from conftest import ROOT, copy_book, set_cell

from book import data, reads, stamp
from book.build import ARGS
from book.sphinxext.staleness import State


def test_every_attribute_of_the_data_names_the_resources_behind_it() -> None:
    fields = {f.name for f in dataclasses.fields(data.BookData)}
    assert set(reads.FIELD_RESOURCES) == fields
    package = json.loads((ROOT / "data" / "datapackage.json").read_text("utf-8"))
    names = {r["name"] for r in package["resources"]} | {reads.EVERYTHING}
    for field, resources in reads.FIELD_RESOURCES.items():
        assert set(resources) <= names, field


def test_a_kernel_writes_what_it_read(tmp_path: Path) -> None:
    """As a build's kernel: $GBA_BOOK_READS gets every resource read, as read."""
    record = tmp_path / "reads.json"
    code = (
        "from book import currency, data\n"
        "d = data.load()\n"
        "d.series('gdp', year=2024)\n"
        "import json, os; first = json.load(open(os.environ['GBA_BOOK_READS']))\n"
        "currency.to_currency(d.series('gdp', year=2024), d.exchange_rates, target='CNY')\n"
        "print(json.dumps(first))\n"
    )
    env = {**os.environ, reads.READS_ENV: str(record)}
    result = subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, env=env
    )
    assert result.returncode == 0, result.stderr
    assert json.loads(result.stdout) == ["cities", "city_indicators", "indicators"]
    assert json.loads(record.read_text()) == [
        "cities", "city_indicators", "exchange_rates", "indicators",
    ]  # fmt: skip


def test_recording_collects_what_a_block_reads() -> None:
    d = data.load()
    with reads.recording() as outer:
        _ = d.facts
        with reads.recording() as inner:
            _ = d.root
    assert outer == {"article_facts", reads.EVERYTHING}
    assert inner == {reads.EVERYTHING}


def test_a_change_makes_stale_only_the_pages_that_read_it(data_copy: Path) -> None:
    cache = data_copy.parent / "cache"
    cache.mkdir()
    state = State(cache, data_copy)
    state.record("rates", "kernel", {"exchange_rates"})
    state.record("cities", "kernel", {"city_indicators"})
    state.record("nothing", "kernel", set())
    state.record("unknown", "kernel", None)
    state.record("answers", "page", {"exchange_rates"})
    state.save()
    set_cell(
        data_copy / "exchange_rates.csv",
        {"currency": "HKD", "year": "2024", "basis": "wdi-period-average"},
        "lcu_per_usd",
        "7.8",
    )
    later = State(cache, data_copy)
    assert not later.fresh
    stale = {doc for doc in later.docs if later.changed(doc, "kernel")}
    assert stale == {"rates", "unknown"}
    assert later.changed("rates", "kernel") == ["exchange_rates.csv"]
    assert later.changed("answers", "page") == ["exchange_rates.csv"]
    # the descriptor (column types) is read by every page that reads anything
    package = data_copy / "datapackage.json"
    package.write_text(package.read_text("utf-8") + "\n", encoding="utf-8")
    again = State(cache, data_copy)
    stale = {doc for doc in again.docs if again.changed(doc, "kernel")}
    assert stale == {"rates", "cities", "unknown"}


def test_a_record_from_other_code_or_data_folder_is_not_used(
    data_copy: Path, tmp_path: Path
) -> None:
    cache = tmp_path / "cache"
    cache.mkdir()
    State(cache, data_copy).save()
    assert not State(cache, data_copy).fresh
    assert State(cache, ROOT / "data").fresh  # another data folder
    saved = json.loads((cache / "gba-reads.json").read_text())
    saved["code"] = "older"
    (cache / "gba-reads.json").write_text(json.dumps(saved))
    assert State(cache, data_copy).fresh  # book/ changed: everything re-executes


@pytest.fixture
def book_copy(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    book = copy_book(tmp_path / "book")
    monkeypatch.setenv("GBA_BOOK_DATA", str(book / "data"))
    (book / "_build" / "html").mkdir(parents=True)
    (book / "_build" / "html" / "index.html").write_text("built")
    return book


def test_the_stamp_says_up_to_date_only_when_nothing_changed(
    book_copy: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def now() -> str:
        return stamp.inputs(book_copy, "html", ARGS)

    assert not stamp.up_to_date(book_copy, now())  # never built
    stamp.write(book_copy, now())
    assert stamp.up_to_date(book_copy, now())
    assert stamp.inputs(book_copy, "linkcheck", ARGS) != now()
    chapter = book_copy / "chapters" / "platforms.md"
    for change in (
        lambda: chapter.write_text(chapter.read_text("utf-8") + "\n", "utf-8"),
        lambda: set_cell(
            book_copy / "data" / "exchange_rates.csv",
            {"currency": "HKD", "year": "2024", "basis": "wdi-period-average"},
            "lcu_per_usd",
            "7.8",
        ),
        lambda: monkeypatch.setenv("GBA_BOOK_REPOSITORY", "someone/else"),
        lambda: (book_copy / "_toc.yml").touch() or (book_copy / "new.md").touch(),
    ):
        stamp.write(book_copy, now())
        change()
        assert not stamp.up_to_date(book_copy, now())
    stamp.write(book_copy, now())
    (book_copy / "_build" / "html" / "index.html").write_text("edited")  # output
    assert not stamp.up_to_date(book_copy, now())
    stamp.write(book_copy, None)  # a failed build forgets the last one
    assert not stamp.up_to_date(book_copy, now())


def test_the_stamp_follows_the_book_package(
    book_copy: Path, tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Code in book/ changes the pages: the stamp hashes the package too."""
    before = stamp.inputs(book_copy, "html", ARGS)
    shadow = tmp_path / "book-package"
    shadow.mkdir()
    (shadow / "student").mkdir()  # book/student is code, unlike the book's student/
    (shadow / "student" / "edition.py").write_text("x = 1\n")
    monkeypatch.setattr(stamp, "BOOK_DIR", shadow)
    first = stamp.inputs(book_copy, "html", ARGS)
    assert first != before
    (shadow / "student" / "edition.py").write_text("x = 2\n")
    second = stamp.inputs(book_copy, "html", ARGS)
    assert second != first
    (book_copy / "student").mkdir()  # what binder/postBuild writes: not read
    (book_copy / "student" / "01.ipynb").write_text("{}")
    assert stamp.inputs(book_copy, "html", ARGS) == second


def test_dropping_a_notebook_removes_every_execution_of_it(tmp_path: Path) -> None:
    """A stale page loses all its cached executions, old code versions included."""
    import nbformat
    from jupyter_cache import get_cache
    from jupyter_cache.base import CacheBundleIn

    from book.sphinxext.staleness import drop

    cache = get_cache(str(tmp_path / "cache"))
    paths = {name: tmp_path / f"{name}.ipynb" for name in ("stale", "kept")}
    for name, code in (("stale", "x = 1"), ("stale", "x = 2"), ("kept", "y = 1")):
        notebook = nbformat.v4.new_notebook(cells=[nbformat.v4.new_code_cell(code)])
        nbformat.write(notebook, paths[name])
        bundle = CacheBundleIn(notebook, str(paths[name]))
        cache.cache_notebook_bundle(bundle, check_validity=False, overwrite=True)
    assert len(cache.list_cache_records()) == 3
    drop(cache, {str(paths["stale"])})
    assert [r.uri for r in cache.list_cache_records()] == [str(paths["kept"])]


def test_a_line_printed_in_pieces_is_one_output() -> None:
    """However a busy kernel cut what a cell printed, the page shows one block."""
    import nbformat

    from book.sphinxext.execute import merge_streams

    new = nbformat.v4
    cell = new.new_code_cell("print(...)")
    cell.outputs = [
        new.new_output("stream", name="stdout", text="parts 141 km"),
        new.new_output("stream", name="stdout", text="\n"),
        new.new_output("display_data", data={"text/plain": "chart"}),
        new.new_output("stream", name="stdout", text="after\n"),
        new.new_output("stream", name="stderr", text="warning\n"),
    ]
    notebook = new.new_notebook(cells=[cell, new.new_markdown_cell("text")])
    merge_streams(notebook)
    assert [(o.output_type, o.get("text")) for o in cell.outputs] == [
        ("stream", "parts 141 km\n"),
        ("display_data", None),
        ("stream", "after\n"),
        ("stream", "warning\n"),
    ]
