"""Chapters teach the code: visible Altair and pandas, glue cells out of sight."""

from __future__ import annotations

import ast
import re
from pathlib import Path

import pytest
from conftest import ROOT

from book import charts

CHAPTERS = sorted((ROOT / "chapters").glob("*.md"))
CELL = re.compile(r"```\{code-cell\}[^\n]*\n(.*?)\n```", re.S)
BUILDER = re.compile(r"\bcharts\.([a-z_]+)\(")


def cells(chapter: Path) -> list[tuple[set[str], str]]:
    """(tags, source) of each code cell."""
    found = []
    for body in CELL.findall(chapter.read_text(encoding="utf-8")):
        tags = re.search(r"^:tags: \[(.*)\]$", body, re.M)
        names = {t.strip() for t in tags.group(1).split(",")} if tags else set()
        source = "\n".join(
            line for line in body.splitlines() if not line.startswith(":")
        )
        found.append((names, source))
    return found


def visible(tags: set[str]) -> bool:
    return not tags & {"hide-input", "remove-input", "remove-cell", "hide-cell"}


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_a_chart_is_built_with_visible_altair(chapter: Path) -> None:
    found = cells(chapter)
    shown = [s for t, s in found if visible(t) and "alt.Chart(" in s]
    assert shown, f"{chapter.name}: no visible cell builds a chart with alt.Chart"


def reading_order() -> list[Path]:
    """The chapters in the order of the table of contents."""
    import yaml

    toc = yaml.safe_load((ROOT / "_toc.yml").read_text(encoding="utf-8"))
    files = [c["file"] for part in toc["parts"] for c in part.get("chapters", [])]
    return [ROOT / f"{f}.md" for f in files if f.startswith("chapters/")]


def test_each_kind_of_chart_is_taught_in_altair_where_it_first_appears() -> None:
    """The book's first chart of each kind shows its Altair code, checked.

    Later charts of that kind call the builder: the Altair code is taught once, not
    repeated chapter after chapter.
    """
    assert sorted(reading_order()) == CHAPTERS
    taught: dict[str, str] = {}
    untaught = []
    for chapter in reading_order():
        for tags, source in cells(chapter):
            for kind in BUILDER.findall(source):
                if kind not in charts.BUILDERS or kind in taught:
                    continue
                if "remove-cell" in tags and "assert_same_chart(" in source:
                    taught[kind] = chapter.stem
                else:
                    untaught.append(f"{kind} (first in {chapter.stem})")
                    taught[kind] = ""
    assert not untaught, (
        "the first chart of these kinds is drawn by the builder; show its Altair "
        f"code and check it with assert_same_chart: {untaught}"
    )
    assert len(taught) >= 10, taught  # the builders the chapters use


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_altair_shown_once_is_not_shown_again(chapter: Path) -> None:
    """A kind taught in an earlier chapter is drawn by its builder, not re-coded."""
    order = reading_order()
    earlier = order[: order.index(chapter)]
    before = {
        kind
        for other in earlier
        for tags, source in cells(other)
        if "remove-cell" in tags and "assert_same_chart(" in source
        for kind in BUILDER.findall(source)
    }
    again = [
        kind
        for tags, source in cells(chapter)
        if "remove-cell" in tags and "assert_same_chart(" in source
        for kind in BUILDER.findall(source)
        if kind in before
    ]
    assert not again, f"{chapter.name} re-codes charts taught earlier: {again}"


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_cells_that_glue_are_removed_not_hidden(chapter: Path) -> None:
    hidden_glue = [
        source.splitlines()[0]
        for tags, source in cells(chapter)
        if "hide-input" in tags and re.search(r"^glue\(", source, re.M)
    ]
    assert not hidden_glue, (
        f"{chapter.name}: cells that glue figures should be remove-input, and their "
        f"arithmetic visible: {hidden_glue}"
    )


TRIVIAL = re.compile(
    r"^[\s)\]},(\[{]*$|^(import|from) |^book\.setup\(\)|^d = data\.load"
)


def test_no_block_of_chapter_code_is_repeated() -> None:
    """No six meaningful lines of code cells appear twice in the chapters.

    Code a student reads once and the book reuses lives in a function (a chart
    builder, a chapter's own helper), not in copies that drift apart.
    """
    seen: dict[tuple[str, ...], str] = {}
    repeated = []
    for chapter in CHAPTERS:
        for index, (_, source) in enumerate(cells(chapter)):
            lines = [
                line.strip()
                for line in source.splitlines()
                if line.strip() and not TRIVIAL.match(line) and not line.startswith("#")
            ]
            for start in range(len(lines) - 5):
                window = tuple(lines[start : start + 6])
                where = f"{chapter.stem} cell {index}"
                first = seen.setdefault(window, where)
                if first != where:
                    repeated.append(f"{where} repeats {first}: {window[0]!r}")
    assert not repeated, "\n".join(sorted(set(repeated))[:20])


def _names(source: str, context: type) -> set[str]:
    """Names a cell reads (``ast.Load``) or defines (``ast.Store``)."""
    tree = ast.parse(source)
    names = {
        n.id
        for n in ast.walk(tree)
        if isinstance(n, ast.Name) and isinstance(n.ctx, context)
    }
    if context is ast.Store:
        names |= {
            n.name
            for n in ast.walk(tree)
            if isinstance(n, ast.FunctionDef | ast.ClassDef)
        }
    return names


@pytest.mark.parametrize("chapter", CHAPTERS, ids=lambda p: p.stem)
def test_later_cells_need_nothing_from_removed_checks(chapter: Path) -> None:
    """Student notebooks leave remove-cell checks out, so they may define nothing."""
    defined: dict[str, int] = {}
    needed = []
    for index, (tags, source) in enumerate(cells(chapter)):
        code = "\n".join(line for line in source.splitlines() if line.strip())
        if "remove-cell" in tags:
            defined |= dict.fromkeys(_names(code, ast.Store), index)
            continue
        stored = _names(code, ast.Store)
        for name in _names(code, ast.Load) & set(defined):
            needed.append(
                f"cell {index} reads {name!r} from check cell {defined[name]}"
            )
        for name in stored:
            defined.pop(name, None)
    assert not needed, f"{chapter.name}: " + "; ".join(needed)
