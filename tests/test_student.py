"""The student edition: notebooks without any solution text, that still run."""

from __future__ import annotations

import csv
import json
import re
import zipfile
from pathlib import Path

import nbformat
import pytest
from conftest import ROOT
from test_chapters import NOTEBOOKS

from book.student import (
    cited_keys,
    execute,
    plain_markdown,
    strip_solutions,
    write_student_edition,
)

CHAPTERS = [p for p in NOTEBOOKS if p.parent.name == "chapters"]


def solution_lines(path: Path) -> list[str]:
    """Every substantial line inside a solution block of a chapter's source."""
    text = path.read_text(encoding="utf-8")
    spans = re.findall(r"```\{solution\}.*?\n(.*?)\n```", text, re.S)
    spans += re.findall(
        r"```\{solution-start\}.*?```(.*?)```\{solution-end\}", text, re.S
    )
    outside = text
    for span in spans:
        outside = outside.replace(span, "")
    lines = []
    for span in spans:
        for line in span.splitlines():
            line = line.strip()
            # lines that also stand outside the solutions (a scaffold's check call)
            # are not solution text
            if (
                len(line) >= 25
                and not line.startswith((":", "```"))
                and line not in outside
            ):
                lines.append(line)
    return lines


@pytest.fixture(scope="module")
def edition(tmp_path_factory: pytest.TempPathFactory) -> list[Path]:
    return write_student_edition(ROOT, tmp_path_factory.mktemp("student"))


def test_one_notebook_per_chapter_and_a_zip(edition: list[Path]) -> None:
    notebooks, archive = edition[:-1], edition[-1]
    assert [p.stem for p in notebooks] == [p.stem for p in CHAPTERS]
    with zipfile.ZipFile(archive) as bundle:
        names = sorted(bundle.namelist())
    assert names == sorted(f"gba-book-student/{p.name}" for p in notebooks)


def test_no_solution_text_survives(edition: list[Path]) -> None:
    checked = 0
    for chapter, notebook in zip(CHAPTERS, edition[:-1], strict=True):
        raw = notebook.read_text(encoding="utf-8")
        assert "{solution" not in raw
        for line in solution_lines(chapter):
            assert json.dumps(line)[1:-1] not in raw, f"{notebook.name}: {line}"
            checked += 1
        nb = nbformat.read(notebook, as_version=4)
        for cell in nb.cells:
            assert not cell.get("outputs"), "student notebooks carry no outputs"
            assert "solution" not in json.dumps(cell.get("metadata", {}))
    assert checked > 20, "the check found almost no solution text to look for"


def test_scaffolds_and_checks_stay(edition: list[Path]) -> None:
    for notebook in edition[:-1]:
        nb = nbformat.read(notebook, as_version=4)
        code = "\n".join(c.source for c in nb.cells if c.cell_type == "code")
        calls = re.findall(r"exercises\.check\(\"([\w-]+)\"", code)
        assert calls, notebook.name
        assert "= ..." in code


def test_markdown_is_plain_and_glued(edition: list[Path]) -> None:
    for notebook in edition[:-1]:
        nb = nbformat.read(notebook, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for myst in ("{glue", ":::{", "{exercise", "{admonition}", ":label:"):
            assert myst not in text, f"{notebook.name}: {myst}"
        assert "### Exercise:" in text


def test_cited_sources_are_listed_from_sources_csv(edition: list[Path]) -> None:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as handle:
        publishers = {
            row["source_id"]: row["publisher"] for row in csv.DictReader(handle)
        }
    for chapter, notebook in zip(CHAPTERS, edition[:-1], strict=True):
        keys = cited_keys(chapter.read_text(encoding="utf-8"))
        assert keys, f"{chapter.name} cites no source"
        last = nbformat.read(notebook, as_version=4).cells[-1]
        assert last.cell_type == "markdown"
        assert last.source.startswith("## Sources cited in this chapter")
        for key in keys:
            assert f"- **{key}**: {publishers[key]}" in last.source


def test_cite_roles_become_bracketed_keys() -> None:
    text = "As reported {cite}`article,csns-cas` and {cite:p}`article`."
    assert cited_keys(text) == ["article", "csns-cas"]
    assert plain_markdown(text) == "As reported [article; csns-cas] and [article]."


def test_the_stripper_on_a_small_example() -> None:
    nb = nbformat.v4.new_notebook()
    nb.cells = [
        nbformat.v4.new_markdown_cell(
            "Intro {glue:text}`n:,.0f` cities.\n\n```{solution} ex\n:class: dropdown\n\nSECRET ANSWER\n```"
        ),
        nbformat.v4.new_markdown_cell(
            "```{solution-start} ex2\n:class: dropdown\n```\n\nSECRET TOO"
        ),
        nbformat.v4.new_code_cell("answer = 42  # SECRET CODE"),
        nbformat.v4.new_markdown_cell("```{solution-end}\n```\n\nAfter."),
    ]
    stripped = strip_solutions(nb)
    text = json.dumps([c.source for c in stripped.cells])
    assert "SECRET" not in text and "After." in text
    assert plain_markdown(stripped.cells[0].source, {"n": 1234.5}).startswith(
        "Intro 1,234 cities."
    )


@pytest.mark.slow
@pytest.mark.parametrize("index", range(len(CHAPTERS)), ids=[p.stem for p in CHAPTERS])
def test_each_student_notebook_runs(
    edition: list[Path], index: int, tmp_path: Path
) -> None:
    nb = execute(nbformat.read(edition[index], as_version=4), tmp_path)
    errors = [
        o
        for c in nb.cells
        for o in c.get("outputs", [])
        if o.get("output_type") == "error"
    ]
    assert not errors
    shown = json.dumps([o for c in nb.cells for o in c.get("outputs", [])])
    assert "Not answered yet" in shown  # the checks run and do not reveal anything
