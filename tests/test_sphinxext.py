"""Build glue: fingerprint, bibliography, run links, launch, checked patches, command."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from pathlib import Path
from types import SimpleNamespace

import pandas as pd
import pytest
from conftest import ROOT, set_cell
from docutils import nodes
from docutils.utils import new_document

from book import build, data, sphinxext
from book.sphinxext import fixes, launch
from book.sphinxext.patches import Page, check_page, unmatched


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
    launch.find_chapters(app)
    return app


def _chapter_links(pagename: str, context: dict) -> list[str]:
    """Apply the run-link patches as the build does; return the problems."""
    return check_page(launch.PATCHES, Page(_app(), pagename, context))[1]


def test_chapter_links_without_a_repository(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("GBA_BOOK_REPOSITORY", raising=False)
    context = _context()
    assert _chapter_links("chapters/platforms", context) == []
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
    assert _chapter_links("teachers", other) == []
    assert other["body"] == _context()["body"]  # only chapters get the links
    assert [b["label"] for b in other["header_buttons"]] == ["download-buttons"]


def test_every_binder_link_opens_the_student_notebook(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.setenv("GBA_BOOK_REPOSITORY", "example-org/gba-book")
    monkeypatch.setenv("GBA_BOOK_BRANCH", "main")
    context = _context()
    assert _chapter_links("chapters/platforms", context) == []
    url = (
        "https://mybinder.org/v2/gh/example-org/gba-book/main"
        "?urlpath=lab/tree/student/03-platforms.ipynb"
    )
    assert f'<a href="{url}">launch in Binder</a>' in context["body"]
    assert context["header_buttons"][1]["buttons"][0]["url"] == url
    config = SimpleNamespace(html_theme_options={})
    launch.configure_launch(None, config)
    assert (
        config.html_theme_options["repository_url"]
        == "https://github.com/example-org/gba-book"
    )
    assert (
        config.html_theme_options["launch_buttons"]["binderhub_url"]
        == "https://mybinder.org"
    )
    monkeypatch.setenv("GBA_BOOK_REPOSITORY", "not a repository")
    assert launch.repository() is None


def test_a_local_build_offers_no_binder_button(monkeypatch: pytest.MonkeyPatch) -> None:
    """Without the repository the theme would launch its own default one."""
    monkeypatch.delenv("GBA_BOOK_REPOSITORY", raising=False)
    config = SimpleNamespace(
        html_theme_options={
            "launch_buttons": {"binderhub_url": "https://mybinder.org", "thebe": False}
        }
    )
    launch.configure_launch(None, config)
    assert config.html_theme_options == {"launch_buttons": {"thebe": False}}


# ------------------------------------------------------------ checked patches


def _pandas_tables() -> str:
    """Tables as this pandas writes them: both kinds of empty corner cell."""
    frame = pd.DataFrame({"a": [1, 2]}, index=pd.Index(["x", "y"], name="city"))
    return frame.to_html() + frame.style.to_html()


def _changed(html: str) -> str:
    """The same tables as a future pandas might write them (a scope attribute)."""
    return html.replace("<th>", '<th scope="col">').replace(
        '<th class="blank', '<th scope="col" class="blank'
    )


def _page_with_raw_html(html: str) -> Page:
    doctree = new_document("test")
    doctree += nodes.raw("", html, format="html")
    return Page(SimpleNamespace(), "chapters/x", {"body": html}, doctree)


def test_the_table_patch_rewrites_what_pandas_writes() -> None:
    tables = _pandas_tables()
    assert fixes.empty_headers(tables) >= 3  # the test sees something to fix
    page = _page_with_raw_html(tables)
    matched, problems = check_page([fixes.EMPTY_TABLE_HEADER], page)
    assert problems == []
    assert matched["empty-table-header"] == fixes.empty_headers(tables)
    assert fixes.empty_headers(page.context["body"]) == 0
    assert '<td class="blank level0" >&nbsp;</td>' in page.context["body"]


def test_a_patch_fed_changed_markup_reports_itself_and_the_markup() -> None:
    page = _page_with_raw_html(_changed(_pandas_tables()))
    matched, problems = check_page([fixes.EMPTY_TABLE_HEADER], page)
    assert matched["empty-table-header"] == 0
    (problem,) = problems
    assert "'empty-table-header'" in problem
    assert fixes.EMPTY_TABLE_HEADER.looks_for in problem
    # and a full build in which it matched nowhere reports it again
    (never,) = unmatched([fixes.EMPTY_TABLE_HEADER], matched, None)
    assert "'empty-table-header' matched no page" in never


def _asset(filename: str | None, **attributes: str) -> SimpleNamespace:
    return SimpleNamespace(filename=filename, attributes=attributes)


def test_the_thebe_patch_expects_sphinx_thebes_assets_on_every_page() -> None:
    setting = 'const THEBE_JS_URL = "https://unpkg.com/thebe@0.8.2/lib/index.js"'
    thebe = [_asset(None, body=setting), _asset("", body=setting)]
    scripts = [_asset("gba/gba-charts.js"), *thebe, _asset("sphinx-thebe.js")]
    context = {"script_files": scripts, "css_files": [_asset("sphinx-thebe.css")]}
    assert check_page([fixes.THEBE], Page(None, "intro", context))[1] == []
    assert [js.filename for js in context["script_files"]] == ["gba/gba-charts.js"]
    assert context["css_files"] == []
    # a sphinx-thebe that renamed its loader: the loader slips through, and is named
    renamed = {
        "script_files": [*thebe, _asset("st-loader.js")],
        "css_files": [_asset("sphinx-thebe.css")],
    }
    (problem,) = check_page([fixes.THEBE], Page(None, "intro", renamed))[1]
    assert "'thebe' found 3 of the 4" in problem


def test_a_chapter_without_a_title_reports_the_run_links(
    monkeypatch: pytest.MonkeyPatch,
) -> None:
    monkeypatch.delenv("GBA_BOOK_REPOSITORY", raising=False)
    problems = _chapter_links("chapters/platforms", _context("<h2>Title</h2>"))
    assert len(problems) == 1
    assert "'run-links'" in problems[0]
    assert "(</h1>)" in problems[0]


def test_the_book_patches_have_distinct_names() -> None:
    names = [patch.name for patch in sphinxext.PATCHES]
    assert len(names) == len(set(names)) == 9


CONF = """
from book.sphinxext import fixes, patches, visitors


def setup(app):
    patches.connect(app, [fixes.EMPTY_TABLE_HEADER])
    app.connect("builder-inited", visitors.register)
"""


def _sphinx_build(tmp_path: Path, html: str) -> tuple[subprocess.CompletedProcess, str]:
    """Build a one-page Sphinx project with -W; return the result and the page."""
    source = tmp_path / "src"
    source.mkdir()
    (source / "conf.py").write_text(CONF, encoding="utf-8")
    raw = textwrap.indent(html, "   ") if html else "   <p>no table</p>"
    (source / "index.rst").write_text(
        f"Tables\n======\n\nAs [CIT2002]_ says.\n\n.. raw:: html\n\n{raw}\n\n"
        ".. [CIT2002] A citation.\n",
        encoding="utf-8",
    )
    out = tmp_path / "out"
    result = subprocess.run(
        [sys.executable, "-m", "sphinx", "-W", "--keep-going", "-q", "-b", "html",
         str(source), str(out)],
        capture_output=True, text=True, timeout=300,
    )  # fmt: skip
    page = out / "index.html"
    return result, page.read_text(encoding="utf-8") if page.exists() else ""


def test_a_sphinx_build_with_todays_markup_passes_and_is_patched(
    tmp_path: Path,
) -> None:
    result, page = _sphinx_build(tmp_path, _pandas_tables())
    assert result.returncode == 0, result.stderr
    assert fixes.empty_headers(page) == 0
    assert '<td class="blank level0" >&nbsp;</td>' in page
    # the bibliography's visitor: the same list, without the two roles
    assert '<div class="citation-list">' in page
    assert 'class="citation"' in page
    assert 'role="list"' not in page
    assert 'role="doc-biblioentry"' not in page


@pytest.mark.parametrize(
    ("html", "warnings"),
    [
        (_changed(_pandas_tables()), ["found 0 of the 4 match(es)", "matched no page"]),
        ("", ["matched no page"]),  # nothing left to patch in a full build
    ],
    ids=["changed-markup", "no-markup"],
)
def test_a_sphinx_build_fails_when_a_patch_misses(
    tmp_path: Path, html: str, warnings: list[str]
) -> None:
    result, _ = _sphinx_build(tmp_path, html)
    assert result.returncode != 0
    assert fixes.empty_headers(html) == (4 if html else 0)
    for warning in warnings:
        assert warning in result.stderr
    assert "'empty-table-header'" in result.stderr
    assert fixes.EMPTY_TABLE_HEADER.looks_for in result.stderr


def _unpatched(page: str) -> list[str]:
    """What any patch or visitor of book.sphinxext should have removed."""
    left = [
        markup
        for markup in (
            '<summary aria-label="Toggle hidden content">',
            '<div role="list" class="citation-list">',
            'role="doc-biblioentry"',
            "sphinx-thebe",
            "THEBE_JS_URL",
            "application/vnd.jupyter.widget-state+json",
        )
        if markup in page
    ]
    return left + ["empty <th>"] * fixes.empty_headers(page)


@pytest.mark.build
def test_the_built_book_has_none_of_the_unpatched_markup(built_book: Path) -> None:
    pages = {
        str(path.relative_to(built_book)): path.read_text(encoding="utf-8")
        for path in built_book.rglob("*.html")
        if not str(path.relative_to(built_book)).startswith(("_static", "_sources"))
    }
    assert {name: left for name, p in pages.items() if (left := _unpatched(p))} == {}
    # ... and what they put in its place is there
    everything = "".join(pages.values())
    assert "<summary>\n" in everything  # myst-nb's toggles
    assert '<div class="citation-list">' in pages["references.html"]
    assert '<td class="blank level0" >&nbsp;</td>' in everything  # pandas' corners
    chapters = [p for name, p in pages.items() if name.startswith("chapters/")]
    assert all('<p class="gba-run-links">' in p for p in chapters)


# ------------------------------------------------------------ the build command


def test_one_build_command_for_make_tests_and_tools() -> None:
    html = build.jupyter_book_command(ROOT)
    assert html[1:] == [
        "build",
        str(ROOT),
        "--builder",
        "html",
        "-W",
        "-n",
        "--keep-going",
    ]
    assert Path(html[0]).name == "jupyter-book"
    assert Path(html[0]).parent == Path(sys.executable).parent
    assert build.jupyter_book_command(ROOT, "linkcheck")[4] == "linkcheck"
    # the tests and tools run what make runs: python -m book build (book.build.build)
    assert build.command(ROOT) == [
        sys.executable, "-m", "book", "build", "--source", str(ROOT), "--builder", "html"
    ]  # fmt: skip
    makefile = (ROOT / "Makefile").read_text(encoding="utf-8")
    assert "jupyter-book" not in makefile
    assert "python -m book build --builder linkcheck" in makefile
    for tool in ("tools/bench.py", "tools/preview_chapter.py", "tests/conftest.py"):
        text = (ROOT / tool).read_text(encoding="utf-8")
        assert "from book.build import" in text and '"-W"' not in text, tool


def test_python_m_book_build_refuses_a_folder_without_a_book(tmp_path: Path) -> None:
    result = subprocess.run(
        [sys.executable, "-m", "book", "build", "--source", str(tmp_path)],
        capture_output=True, text=True, timeout=120,
    )  # fmt: skip
    assert result.returncode == 2
    assert "no _toc.yml" in result.stdout


def test_notebooks_that_took_longest_start_first(tmp_path: Path) -> None:
    from book.sphinxext.execute import SECONDS_NAME, Job, longest_first

    jobs = [Job(name, tmp_path / name, None, None) for name in ("a", "b", "c", "new")]
    assert [j.docname for j in longest_first(jobs, tmp_path)] == ["a", "b", "c", "new"]
    (tmp_path / SECONDS_NAME).write_text('{"a": 0.7, "b": 3.6, "c": 2.4}')
    # unknown first (it may be long), then by last time, longest first
    assert [j.docname for j in longest_first(jobs, tmp_path)] == ["new", "b", "c", "a"]


def test_plain_token_kinds_are_those_every_style_draws_as_text() -> None:
    """Names, punctuation and spaces look like plain text in both of the theme's code
    styles, so their spans go (issue 15); a kind one style colours keeps its span."""
    from pygments.token import Comment, Keyword, Name, Operator, Punctuation, String

    from book.sphinxext.highlight import DEFAULT_STYLES, plain_kinds

    plain = plain_kinds(DEFAULT_STYLES)
    assert {Name, Punctuation} <= plain
    assert not {Keyword, String, Comment, Operator, Name.Builtin} & plain
    # xcode colours names: with it among the styles, names keep their spans
    assert Name not in plain_kinds((*DEFAULT_STYLES, "xcode"))
    assert Punctuation in plain_kinds((*DEFAULT_STYLES, "xcode"))
