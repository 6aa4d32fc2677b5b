"""What grading gives: a status and score per exercise, as rows of ``grades.csv``.

And what it is measured against: the lecturer's copy of each chapter's student
notebook (:class:`Reference`), never the submission itself.
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from book.student import ExerciseInfo, exercises_of

__all__ = [
    "SCORES",
    "Reference",
    "Row",
    "exercise_key",
    "load_references",
    "rows_for_file",
]

SCORES: dict[str, float | None] = {
    "correct": 1.0,
    "close": 0.5,
    "wrong": 0.0,
    "type": 0.0,
    "unanswered": 0.0,
    "error": 0.0,
    "timeout": 0.0,
    "missing": 0.0,
    "blank": 0.0,
    "to-grade": None,  # the lecturer scores written answers
    "not-a-notebook": 0.0,
    "not-from-this-book": 0.0,
    "other-chapter": 0.0,
    "tampered": 0.0,
    "crashed": 0.0,
}
"""Points per status (out of 1 per exercise); ``None`` is left to the lecturer."""


@dataclass
class Row:
    """One row of ``grades.csv``: one student's result on one exercise."""

    student: str
    file: str
    chapter: str
    exercise: str
    label: str
    title: str
    kind: str
    status: str
    score: float | None
    max_score: int
    feedback: str
    answer: str = ""

    @classmethod
    def of(
        cls,
        base: dict[str, str],
        info: ExerciseInfo | None,
        status: str,
        feedback: str,
        answer: str = "",
    ) -> Row:
        """A row for ``info`` (or, with ``None``, for a whole file) of a submission."""
        return cls(
            **base,
            exercise=info.number if info else "",
            label=info.label if info else "",
            title=info.title if info else "",
            kind=info.kind if info else "",
            status=status,
            score=SCORES[status],
            max_score=1 if info else 0,
            feedback=feedback,
            answer=answer,
        )


@dataclass(frozen=True)
class Reference:
    """The lecturer's copy of one chapter's student notebook."""

    chapter: str
    number: int
    exercises: tuple[ExerciseInfo, ...]

    def by_label(self) -> dict[str, ExerciseInfo]:
        """The exercises by label."""
        return {info.label: info for info in self.exercises}


def load_references(folder: Path) -> dict[str, Reference]:
    """Read the student notebooks in ``folder``: the exercises of each chapter."""
    found = {}
    for path in sorted(folder.glob("*.ipynb")):
        notebook = nbformat.read(path, as_version=4)
        meta = notebook.metadata.get("gba", {})
        if meta.get("edition") != "student" or "chapter" not in meta:
            continue
        found[meta["chapter"]] = Reference(
            meta["chapter"], int(meta.get("number", 0)), tuple(exercises_of(notebook))
        )
    return found


def rows_for_file(
    base: dict[str, Any], reference: Reference | None, status: str, feedback: str
) -> list[Row]:
    """One row per exercise of ``reference`` (or one row) with a file-level status."""
    infos = reference.exercises if reference else ()
    if not infos:
        return [Row.of(base, None, status, feedback)]
    return [Row.of(base, info, status, feedback) for info in infos]


def exercise_key(number: str) -> tuple[int, ...]:
    """An exercise number ("3.10") as a key that sorts 3.2 before 3.10."""
    return tuple(int(part) for part in number.split(".") if part.isdigit())
