"""The student edition: numbered exercises with answer cells, no solution text, runs.

Most tests read the notebooks the built book publishes (``_downloads/notebooks``);
``python -m book student`` must write the very same files by executing the chapters.
"""

from __future__ import annotations

import csv
import json
import re
from pathlib import Path

import jupytext
import nbformat
import pytest
from conftest import ROOT, student_notebooks
from test_chapters import NOTEBOOKS

from book import student
from book.exercises import registry
from book.student import (
    Chapter,
    chapters,
    cited_keys,
    exercises_of,
    plain_markdown,
    solution_code,
    student_notebook,
    write_student_edition,
)

CHAPTERS = chapters(ROOT)


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
def edition(built_book: Path) -> list[Path]:
    return student_notebooks(built_book)


def test_chapters_are_numbered_in_toc_order() -> None:
    assert [c.path for c in CHAPTERS] == [
        p for p in NOTEBOOKS if p.parent.name == "chapters"
    ]
    assert [c.number for c in CHAPTERS] == list(range(1, len(CHAPTERS) + 1))
    assert CHAPTERS[2].notebook_name == "03-platforms.ipynb"


@pytest.mark.build
def test_one_notebook_per_chapter(edition: list[Path]) -> None:
    assert [p.name for p in edition] == [c.notebook_name for c in CHAPTERS]
    for chapter, path in zip(CHAPTERS, edition, strict=True):
        meta = nbformat.read(path, as_version=4).metadata["gba"]
        assert meta["chapter"] == chapter.stem and meta["number"] == chapter.number
        assert meta["edition"] == "student"


@pytest.mark.build
def test_no_solution_text_survives(edition: list[Path]) -> None:
    checked = 0
    for chapter, notebook in zip(CHAPTERS, edition, strict=True):
        raw = notebook.read_text(encoding="utf-8")
        assert "{solution" not in raw
        for line in solution_lines(chapter.path):
            assert json.dumps(line)[1:-1] not in raw, f"{notebook.name}: {line}"
            checked += 1
        for cell in nbformat.read(notebook, as_version=4).cells:
            assert not cell.get("outputs"), "student notebooks carry no outputs"
    assert checked > 20, "the check found almost no solution text to look for"


@pytest.mark.build
def test_every_exercise_has_its_own_answer_cell(edition: list[Path]) -> None:
    checks = registry()
    kinds = set()
    written_parts = 0
    for chapter, path in zip(CHAPTERS, edition, strict=True):
        source = chapter.path.read_text(encoding="utf-8")
        labels = re.findall(r"```\{exercise(?:-start)?\}.*\n:label: (\S+)", source)
        notebook = nbformat.read(path, as_version=4)
        found = exercises_of(notebook)
        written = set(
            re.findall(
                r":label: (\S+)\n```\n\n(?:(?!```\{exercise-end).)*?"
                r"^% answer: written",
                source,
                re.S | re.M,
            )
        )
        assert [e.label for e in found] == [
            part
            for label in labels
            for part in ([label, f"{label}/written"] if label in written else [label])
        ], path.name
        numbers = sorted({e.number for e in found}, key=lambda n: int(n.split(".")[1]))
        assert numbers == [f"{chapter.number}.{i}" for i in range(1, len(labels) + 1)]
        cells = {c.metadata["gba"]["exercise"]: c for c in notebook.cells
                 if "gba" in c.metadata}  # fmt: skip
        headings = "\n".join(c.source for c in notebook.cells)
        for info in found:
            kinds.add(info.kind)
            written_parts += info.label.endswith("/written")
            cell = cells[info.label]
            assert cell.metadata["deletable"] is False
            assert f"### Exercise {info.number}: {info.title}" in headings
            if info.label.endswith("/written"):  # right after its code answer cell
                code = cells[info.label.removesuffix("/written")]
                index = notebook.cells.index(code)
                assert notebook.cells[index + 1] is cell and code.cell_type == "code"
            if info.kind == "check":
                assert cell.cell_type == "code" and info.check in checks
                assert (
                    f'exercises.check("{info.check}", {info.variable})' in cell.source
                )
                assert f"{info.variable} = ..." in cell.source
            else:
                assert cell.cell_type == "markdown"
                assert cell.source == student.text_answer(info)
    assert kinds == {"check", "text"}
    assert written_parts >= 10


@pytest.mark.build
def test_exercise_numbers_match_the_web_book(built_book: Path, edition) -> None:
    for chapter, path in zip(CHAPTERS, edition, strict=True):
        page = (built_book / "chapters" / f"{chapter.stem}.html").read_text()
        shown = re.findall(r'caption-number">Exercise (\d+\.\d+) </span>', page)
        found = exercises_of(nbformat.read(path, as_version=4))
        assert shown == list(dict.fromkeys(e.number for e in found)), chapter.stem


@pytest.mark.build
def test_each_exercise_starts_its_own_cell(edition: list[Path]) -> None:
    for path in edition:
        for cell in nbformat.read(path, as_version=4).cells:
            if cell.cell_type == "markdown" and "### Exercise" in cell.source:
                assert cell.source.startswith("### Exercise"), cell.source[:80]
                assert cell.source.count("### Exercise") == 1


@pytest.mark.build
def test_markdown_is_plain_and_glued(edition: list[Path]) -> None:
    for path in edition:
        nb = nbformat.read(path, as_version=4)
        text = "\n".join(c.source for c in nb.cells if c.cell_type == "markdown")
        for myst in ("{glue", ":::{", "{exercise", "{admonition}", ":label:", "{ref}"):
            assert myst not in text, f"{path.name}: {myst}"
        assert nb.cells[0].source.startswith("# "), "the numbered title comes first"
        assert "Student edition" in nb.cells[1].source


@pytest.mark.build
def test_collapsed_code_stays_collapsed(edition: list[Path]) -> None:
    collapsed = 0
    for path in edition:
        for cell in nbformat.read(path, as_version=4).cells:
            tags = set(cell.get("metadata", {}).get("tags", []))
            hidden = bool(tags & {"hide-input", "remove-input"})
            assert "remove-cell" not in tags, "the build's checks stay out"
            assert hidden == cell.metadata.get("jupyter", {}).get(
                "source_hidden", False
            )
            collapsed += hidden
    assert collapsed, "no cell is tagged hide-input: this test checks nothing"


@pytest.mark.build
def test_cited_sources_are_listed_from_sources_csv(edition: list[Path]) -> None:
    with (ROOT / "data" / "sources.csv").open(encoding="utf-8") as handle:
        publishers = {
            row["source_id"]: row["publisher"] for row in csv.DictReader(handle)
        }
    for chapter, notebook in zip(CHAPTERS, edition, strict=True):
        keys = cited_keys(chapter.path.read_text(encoding="utf-8"))
        assert keys, f"{chapter.path.name} cites no source"
        last = nbformat.read(notebook, as_version=4).cells[-1]
        assert last.source.startswith("## Sources cited in this chapter")
        for key in keys:
            assert f"- **{key}**: {publishers[key]}" in last.source


def test_cite_roles_become_bracketed_keys() -> None:
    text = "As reported {cite}`article,csns-cas` and {cite:p}`article`."
    assert cited_keys(text) == ["article", "csns-cas"]
    assert plain_markdown(text) == "As reported [article; csns-cas] and [article]."


def _chapter(tmp_path: Path, body: str) -> tuple[nbformat.NotebookNode, Chapter]:
    path = tmp_path / "demo.md"
    path.write_text(
        "---\njupytext:\n  text_representation:\n    extension: .md\n    format_name: myst\n"
        "    format_version: 0.13\n"
        "kernelspec:\n  name: python3\n  display_name: Python 3\n---\n\n" + body
    )
    return jupytext.read(path), Chapter(4, path)


def test_the_transform_on_a_small_example(tmp_path: Path) -> None:
    source, chapter = _chapter(
        tmp_path,
        "# Demo\n\nIntro {glue:text}`n:,.0f` cities.\n\n```{code-cell} ipython3\n"
        "x = 1\n```\n\n## Exercises\n\n```{exercise-start} Count\n:label: ex-a\n```\n\n"
        "Count them.\n\n```{code-cell} ipython3\nn_found = ...\n"
        'exercises.check("bay-density-macao", n_found)\n```\n\n```{exercise-end}\n```\n\n'
        "```{solution-start} ex-a\n:class: dropdown\n```\n\nSECRET TEXT\n\n"
        "```{code-cell} ipython3\nn_found = 42  # SECRET CODE\n```\n\n"
        "```{solution-end}\n```\n\n```{exercise} Discuss\n:label: ex-b\n\nWhy?\n```\n\n"
        "```{solution} ex-b\n:class: dropdown\n\nSECRET TOO\n```\n\nAfter.\n",
    )
    notebook = student_notebook(source, chapter, {"n": 1234.5})
    sources = [c.source for c in notebook.cells]
    assert "SECRET" not in json.dumps(sources) and "After." in sources[-1]
    assert sources[0] == "# 4. Demo"
    assert "Intro 1,234 cities." in sources[2]
    found = exercises_of(notebook)
    assert [(e.number, e.kind, e.check, e.variable) for e in found] == [
        ("4.1", "check", "bay-density-macao", "n_found"),
        ("4.2", "text", "", ""),
    ]
    assert sources[sources.index("## Exercises") + 1].startswith("> **How to answer")
    assert "### Exercise 4.1: Count\n\nCount them." in sources
    assert "### Exercise 4.2: Discuss\n\nWhy?" in sources
    assert len({c.id for c in notebook.cells}) == len(notebook.cells)
    again = student_notebook(source, chapter, {"n": 1234.5})
    assert nbformat.writes(again) == nbformat.writes(notebook)  # deterministic


@pytest.mark.parametrize(
    ("body", "message"),
    [
        ("```{exercise} No label\n\nWhy?\n```\n", "has no :label:"),
        ("```{solution-start} x\n```\n\nnever closed\n", "no solution-end"),
        (
            "```{exercise-start} T\n:label: ex-t\n```\n\n```{code-cell} ipython3\n"
            "a = ...\n```\n\n```{exercise-end}\n```\n",
            "must call exercises.check",
        ),
        ("```{exercise\n", None),  # not a directive: left as text
    ],
)
def test_malformed_exercises_give_clear_errors(
    tmp_path: Path, body: str, message: str | None
) -> None:
    source, chapter = _chapter(tmp_path, "# Demo\n\n" + body)
    if message is None:
        student_notebook(source, chapter)
        return
    with pytest.raises(ValueError, match=message) as caught:
        student_notebook(source, chapter)
    assert "demo.md" in str(caught.value)


def test_every_checked_exercise_has_a_solution_calling_its_check() -> None:
    """Each checked exercise has solution code that calls the exercise's own check.

    That the solutions are judged Correct is checked on the built book
    (test_exercises.py) and, end to end for one chapter, by test_grade.
    """
    checked = 0
    for chapter in CHAPTERS:
        text = chapter.path.read_text(encoding="utf-8")
        solutions = solution_code(jupytext.read(chapter.path))
        scaffolds = re.findall(
            r"```\{exercise-start\}[^\n]*\n:label: (\S+)\n(?:(?!```\{exercise-end).)*?"
            r'exercises\.check\("([\w-]+)"',
            text,
            re.S,
        )
        for label, check_id in scaffolds:
            assert f'exercises.check("{check_id}"' in solutions.get(label, ""), label
            checked += 1
    assert checked == len(registry())


@pytest.mark.slow
@pytest.mark.build
def test_student_command_writes_the_notebooks_the_book_publishes(
    edition: list[Path], tmp_path: Path
) -> None:
    # the chapters' figures as the build recorded them: the command's own execution
    # of each chapter (execute_for_values) runs in tests/test_binder.py, where
    # binder/postBuild runs `python -m book student`, and matches the book there
    from book.student.values import built_glue_values

    executed = ROOT / "_build" / "jupyter_execute" / "chapters"
    written = write_student_edition(
        ROOT,
        tmp_path / "student",
        values=lambda c: built_glue_values(executed / f"{c.stem}.glue.json"),
    )
    notebooks = [p for p in written if p.suffix == ".ipynb"]
    assert [p.name for p in notebooks] == [p.name for p in edition]
    for ours, published in zip(notebooks, edition, strict=True):
        assert ours.read_bytes() == published.read_bytes(), ours.name
    assert written[-1].name == "gba-book-student.zip"


# Each student notebook runs with a first answer and keeps its feedback when saved
# and reopened: tests/test_binder.py runs every one so, in the Binder environment.


def test_exercises_named_in_the_teaching_pages_exist() -> None:
    """'Exercise 3.2 (title)' in the teacher's guide and lesson plans is right."""
    titles = {}
    for chapter in CHAPTERS:
        notebook = student_notebook(jupytext.read(chapter.path), chapter)
        titles |= {e.number: e.title for e in exercises_of(notebook)}
    mentioned = 0
    for name in ("teachers.md", "lesson-plans.md"):
        text = (ROOT / name).read_text(encoding="utf-8")
        for number, title in re.findall(r"Exercise (\d+\.\d+) \(([^)]+)\)", text):
            mentioned += 1
            assert number in titles, f"{name}: no Exercise {number}"
            assert title.strip("*_") == titles[number], (name, number, title)
    assert mentioned >= 16
