"""The grader: one command over a class folder gives the expected CSV files.

The tests on the class folder need the built book and a kernel per notebook; the
ones on files the grader refuses, and on the summary, need neither.
"""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import jupytext
import nbformat
import pytest
import submissions
from conftest import ROOT, student_notebooks

from book.grade import SCORES, Reference, Row, grade_file, load_references, summarise
from book.student import ExerciseInfo, solution_code

C, W, T, U, B, G = "correct", "wrong", "type", "unanswered", "blank", "to-grade"
EXPECTED = {  # 3.1, 3.2 + words, 3.3 + words (checked), 3.4, 3.5 (written)
    "right": [C, C, G, C, G, G, G],
    "flat-file-student": [C, C, G, C, G, G, G],
    "wrong": [W, W, B, W, B, B, B],
    "blank": [U, U, B, U, B, B, B],
    "wrong-type": [T, T, B, T, B, B, B],
    "raises": ["error", "error", B, "error", B, B, B],
    "endless": ["timeout", U, B, U, B, B, B],
    "crash": [U, "crashed", B, "crashed", B, B, B],
    "tampered": ["tampered"] * 7,
    "forged": [U, U, B, U, B, B, B],
    "deleted": ["missing", U, B, U, B, B, B],
    "duplicated": [C, U, B, U, B, B, B],
    "broken": ["error", "error", G, "error", G, G, G],
    "cheat": [W, W, B, W, B, B, B],
    "other-chapter": ["other-chapter"] * 7,
    "foreign": ["not-from-this-book"] * 7,
    "not-json": ["not-a-notebook"] * 7,
    "binary": ["not-a-notebook"] * 7,
}


@pytest.fixture(scope="module")
def graded(built_book: Path, tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Grade one submission of every kind with the command a lecturer runs."""
    notebooks = student_notebooks(built_book)
    platforms = next(p for p in notebooks if p.name == "03-platforms.ipynb")
    other = next(p for p in notebooks if p.name == "04-rules-and-zones.ipynb")
    solutions = solution_code(jupytext.read(ROOT / "chapters" / "platforms.md"))
    folder = tmp_path_factory.mktemp("class")
    submissions.write_class(folder / "week3", platforms, solutions, other)
    out = folder / "out"
    result = subprocess.run(
        [sys.executable, "-m", "book", "grade", str(folder / "week3"),
         "--chapter", "platforms", "--reference", str(platforms.parent),
         "--out", str(out), "--jobs", "2", "--timeout", "8", "--deadline", "90"],
        capture_output=True, text=True, timeout=600,
    )  # fmt: skip
    assert result.returncode == 0, result.stdout + result.stderr
    assert "[18/18]" in result.stdout and "Graded 18 file(s)" in result.stdout
    assert "Traceback" not in result.stdout + result.stderr
    return out


def _rows(out: Path, name: str = "grades.csv") -> list[dict[str, str]]:
    with (out / name).open(encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(handle))


@pytest.mark.slow
@pytest.mark.build
def test_one_row_per_student_and_exercise_with_the_expected_status(
    graded: Path,
) -> None:
    rows = _rows(graded)
    found: dict[str, list[str]] = {}
    for row in rows:
        found.setdefault(row["student"], []).append(row["status"])
        assert row["chapter"] == "platforms"
        expected = SCORES[row["status"]]
        assert row["score"] == ("" if expected is None else str(expected))
        assert row["feedback"], row
    assert found == EXPECTED
    numbers = [r["exercise"] for r in rows if r["student"] == "right"]
    assert numbers == ["3.1", "3.2", "3.2", "3.3", "3.3", "3.4", "3.5"]


@pytest.mark.slow
@pytest.mark.build
def test_feedback_says_what_happened(graded: Path) -> None:
    rows: dict[tuple[str, str], dict[str, str]] = {}
    for row in _rows(graded):  # the first row of a number: its checked part
        rows.setdefault((row["student"], row["exercise"]), row)
    assert rows[("right", "3.1")]["file"] == "right/my work (final).ipynb"
    assert "ZeroDivisionError" in rows[("raises", "3.1")]["feedback"]
    assert "more than 8 s" in rows[("endless", "3.1")]["feedback"]
    assert "kernel died" in rows[("crash", "3.2")]["feedback"]
    assert "names another check" in rows[("tampered", "3.1")]["feedback"]
    assert "saved notebook showed Correct" in rows[("forged", "3.1")]["feedback"]
    assert "chapter 4 (rules-and-zones)" in rows[("other-chapter", "3.1")]["feedback"]
    assert "two cells are marked" in rows[("duplicated", "3.1")]["feedback"]
    assert "earlier code cell" in rows[("broken", "3.1")]["feedback"]
    assert "not a Jupyter notebook" in rows[("binary", "3.1")]["feedback"]
    assert rows[("right", "3.4")]["answer"] == "The two measures differ in scope."
    assert rows[("wrong-type", "3.1")]["answer"] == "twelve"


@pytest.mark.slow
@pytest.mark.build
def test_the_students_kernel_cannot_change_a_verdict(graded: Path) -> None:
    cheat = [r for r in _rows(graded) if r["student"] == "cheat"]
    assert [r["status"] for r in cheat if r["kind"] == "check"] == ["wrong"] * 3


@pytest.mark.slow
@pytest.mark.build
def test_the_summary_counts_and_names_the_common_wrong_answers(graded: Path) -> None:
    summary = {r["label"]: r for r in _rows(graded, "grades-summary.csv")}
    assert [r["exercise"] for r in summary.values()] == [
        "3.1", "3.2", "3.2", "3.3", "3.3", "3.4", "3.5",
    ]  # fmt: skip
    first = summary["platforms-ex-runyears"]
    assert first["submissions"] == "18"
    assert first["correct"] == "3" and first["share_correct"] == str(round(3 / 18, 3))
    assert first["common_wrong_answers"].startswith("12345 (2×): too high")
    written = summary["platforms-ex-share/written"]
    assert written["to_grade"] == "3" and written["kind"] == "text"


@pytest.mark.slow
@pytest.mark.build
def test_references_are_read_from_the_student_notebooks(built_book: Path) -> None:
    notebooks = student_notebooks(built_book)
    references = load_references(notebooks[0].parent)
    assert sorted(references) == sorted(p.stem.split("-", 1)[1] for p in notebooks)
    assert [e.kind for e in references["platforms"].exercises] == [
        "check", "check", "text", "check", "text", "text", "text",
    ]  # fmt: skip


# ------------------------------------------------- without a kernel or the book

REFERENCES = {
    "platforms": Reference(
        "platforms",
        3,
        (
            ExerciseInfo("p-a", "3.1", "A", "check", "c-a", "answer"),
            ExerciseInfo("p-b", "3.2", "B", "text"),
        ),
    ),
    "rules": Reference("rules", 4, (ExerciseInfo("r-a", "4.1", "A", "text"),)),
}


def _notebook(chapter: str | None, answer_meta: dict | None = None) -> bytes:
    notebook = nbformat.v4.new_notebook()
    if chapter:
        notebook.metadata["gba"] = {"edition": "student", "chapter": chapter}
    cell = nbformat.v4.new_code_cell("answer = 1")
    if answer_meta:
        cell.metadata["gba"] = answer_meta
    notebook.cells = [cell]
    return nbformat.writes(notebook).encode()


@pytest.mark.parametrize(
    ("content", "status", "feedback"),
    [
        (b"\x89PNG\r\n\x1a\n\x00", "not-a-notebook", "it is not even text"),
        (b'{"cells": 3}', "not-a-notebook", "not a Jupyter notebook ("),
        (_notebook(None), "not-from-this-book", "started from scratch"),
        (_notebook("rules"), "other-chapter", "chapter 4 (rules), not of chapter 3"),
        (
            _notebook(
                "platforms", {"exercise": "p-a", "check": "c-x", "variable": "answer"}
            ),
            "tampered",
            "exercise 3.1 names another check",
        ),
        (
            _notebook("platforms", {"exercise": "p-zzz"}),
            "tampered",
            "exercise 'p-zzz', which chapter 3 does not have",
        ),
    ],
)
def test_a_file_that_cannot_be_graded_gets_one_status_on_every_row(
    tmp_path: Path, content: bytes, status: str, feedback: str
) -> None:
    path = tmp_path / "ann" / "work.ipynb"
    path.parent.mkdir()
    path.write_bytes(content)
    rows = grade_file(path, tmp_path, REFERENCES, "platforms")
    assert [(r.exercise, r.status, r.score) for r in rows] == [
        ("3.1", status, 0.0), ("3.2", status, 0.0),
    ]  # fmt: skip
    assert {(r.student, r.file, r.chapter) for r in rows} == {
        ("ann", "ann/work.ipynb", "platforms")
    }
    assert feedback in rows[0].feedback and rows[0].feedback == rows[1].feedback


def test_without_an_assigned_chapter_a_broken_file_gets_one_row(tmp_path: Path) -> None:
    path = tmp_path / "bob.ipynb"
    path.write_text("not a notebook")
    [row] = grade_file(path, tmp_path, REFERENCES)
    assert (row.student, row.chapter, row.exercise, row.status, row.max_score) == (
        "bob", "", "", "not-a-notebook", 0,
    )  # fmt: skip


def test_the_summary_orders_exercises_by_number_and_counts_each_kind() -> None:
    def row(number: str, status: str, answer: str = "", feedback: str = "") -> Row:
        return Row("s", "f", "c", number, f"ex-{number}", "t", "check", status,
                   SCORES[status], 1, feedback, answer)  # fmt: skip

    rows = [
        row("3.10", "correct"),
        row("3.2", "wrong", "7", "too high"),
        row("3.2", "type", "7", "too high"),
        row("3.2", "close", "8", "nearly"),
        row("3.2", "crashed"),
        row("3.2", "blank"),
    ]
    first, second = summarise(rows, top=1)
    assert (first["exercise"], second["exercise"]) == ("3.2", "3.10")
    assert (first["submissions"], first["correct"], first["wrong"]) == (5, 0, 2)
    assert (first["close"], first["unanswered"], first["problems"]) == (1, 1, 1)
    assert first["common_wrong_answers"] == "7 (2×): too high"
    assert (second["share_correct"], second["common_wrong_answers"]) == (1.0, "")
