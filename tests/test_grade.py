"""The grader: one command over a class folder gives the expected CSV files."""

from __future__ import annotations

import csv
import subprocess
import sys
from pathlib import Path

import jupytext
import pytest
import submissions
from conftest import ROOT, student_notebooks

from book.grade import SCORES, load_references
from book.student import solution_code

pytestmark = [pytest.mark.slow, pytest.mark.build]

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


def test_the_students_kernel_cannot_change_a_verdict(graded: Path) -> None:
    cheat = [r for r in _rows(graded) if r["student"] == "cheat"]
    assert [r["status"] for r in cheat if r["kind"] == "check"] == ["wrong"] * 3


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


def test_references_are_read_from_the_student_notebooks(built_book: Path) -> None:
    notebooks = student_notebooks(built_book)
    references = load_references(notebooks[0].parent)
    assert sorted(references) == sorted(p.stem.split("-", 1)[1] for p in notebooks)
    assert [e.kind for e in references["platforms"].exercises] == [
        "check", "check", "text", "check", "text", "text", "text",
    ]  # fmt: skip
