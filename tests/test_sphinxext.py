"""Build glue: fingerprint, bibliography, run links and launch configuration."""

from __future__ import annotations

from pathlib import Path
from types import SimpleNamespace

import pytest
from conftest import set_cell

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
    return {"body": body}


def test_chapter_links_without_a_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GBA_BOOK_REPOSITORY", raising=False)
    context = _context()
    sphinxext._chapter_links(None, "chapters/platforms", context)
    assert "_downloads/notebooks/platforms.ipynb" in context["body"]
    assert "_sources/chapters/platforms.md" in context["body"]
    assert "mybinder" not in context["body"]
    assert context["body"].index("</h1>") < context["body"].index("gba-run-links")
    other = _context()
    sphinxext._chapter_links(None, "glossary", other)
    assert other == _context()  # only chapters get the links


def test_chapter_links_and_launch_buttons_with_a_repository(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GBA_BOOK_REPOSITORY", "example-org/gba-book")
    monkeypatch.setenv("GBA_BOOK_BRANCH", "main")
    context = _context()
    sphinxext._chapter_links(None, "chapters/industry", context)
    assert (
        "https://mybinder.org/v2/gh/example-org/gba-book/main?urlpath=lab/tree/chapters/industry.md"
        in context["body"]
    )
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
