"""Build glue: fingerprint, bibliography, run links and launch configuration."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import ROOT, set_cell

from book import data, sphinxext


def test_fingerprint_follows_data_and_code(data_copy: Path) -> None:
    before = sphinxext.fingerprint(data_copy)
    assert sphinxext.fingerprint(data_copy) == before  # stable
    set_cell(
        data_copy / "exchange_rates.csv",
        {"currency": "CNY", "year": "2024", "basis": "wdi-period-average"},
        "note",
        "x",
    )
    assert sphinxext.fingerprint(data_copy) != before


def test_bibliography_has_every_source_and_parses() -> None:
    from pybtex.database import parse_string
    from pybtex.plugin import find_plugin

    sources = data.load().sources
    bib = parse_string(sphinxext.bibtex(sources), "bibtex")
    assert set(bib.entries) == set(sources["source_id"])
    style = find_plugin("pybtex.style.formatting", "plain")()
    formatted = list(style.format_entries(bib.entries.values()))  # no LaTeX errors
    assert len(formatted) == len(sources)
    assert bib.entries["wipo-gii-2023-appendix"].fields["url"].endswith("%281%29/245")


def _context(body: str = "<h1>Title</h1><p>x</p>") -> dict:
    return {
        "body": body,
        "header_buttons": [
            {"type": "group", "label": "download-buttons", "buttons": [
                {"label": "download-notebook-button",
                 "url": "../_sources/chapters/platforms.ipynb"},
                {"label": "download-source-button",
                 "url": "../_sources/chapters/platforms.md"},
            ]},
            {"type": "group", "label": "launch-buttons", "buttons": [
                {"text": "Binder", "url": "https://mybinder.org/v2/gh/example-org/"
                 "gba-book/main?urlpath=lab/tree/chapters/platforms.md"},
            ]},
        ],
    }  # fmt: skip


def _app() -> SimpleNamespace:
    app = SimpleNamespace(srcdir=str(ROOT))
    sphinxext._find_chapters(app)
    return app


def test_chapter_links_without_a_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GBA_BOOK_REPOSITORY", raising=False)
    context = _context()
    sphinxext._chapter_links(_app(), "chapters/platforms", context)
    body = context["body"]
    assert (
        '"../_downloads/notebooks/03-platforms.ipynb" download>student notebook' in body
    )
    assert '"../downloads/gba-book-student.zip" download>student package' in body
    assert "mybinder" not in body
    assert body.index("</h1>") < body.index("gba-run-links")
    download = context["header_buttons"][0]["buttons"][0]
    assert download["url"] == "../_downloads/notebooks/03-platforms.ipynb"
    other = _context()
    sphinxext._chapter_links(_app(), "teachers", other)
    assert other["body"] == _context()["body"]  # only chapters get the links
    assert [b["label"] for b in other["header_buttons"]] == ["download-buttons"]


def test_every_binder_link_opens_the_student_notebook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GBA_BOOK_REPOSITORY", "example-org/gba-book")
    monkeypatch.setenv("GBA_BOOK_BRANCH", "main")
    context = _context()
    sphinxext._chapter_links(_app(), "chapters/platforms", context)
    url = (
        "https://mybinder.org/v2/gh/example-org/gba-book/main"
        "?urlpath=lab/tree/student/03-platforms.ipynb"
    )
    assert f'<a href="{url}">launch in Binder</a>' in context["body"]
    assert context["header_buttons"][1]["buttons"][0]["url"] == url
    config = SimpleNamespace(html_theme_options={})
    sphinxext._configure_launch(None, config)
    assert (
        config.html_theme_options["repository_url"]
        == "https://github.com/example-org/gba-book"
    )
    assert (
        config.html_theme_options["launch_buttons"]["binderhub_url"]
        == "https://mybinder.org"
    )
    monkeypatch.setenv("GBA_BOOK_REPOSITORY", "not a repository")
    assert sphinxext._repository() is None
