"""Grade one submitted file: from its path to its rows of ``grades.csv``.

A file the grader cannot grade exercise by exercise (not a notebook, not from this
book, another chapter's, tampered with) gets one status on every row; any other is
re-run and judged exercise by exercise.
"""

from __future__ import annotations

from pathlib import Path

import nbformat

from book.grade.execution import rerun
from book.grade.judge import judge
from book.grade.rows import Reference, Row, rows_for_file
from book.grade.submission import answer_cells, read_notebook, student_of

__all__ = ["grade_file"]

_NOT_FROM_THIS_BOOK = (
    "the notebook is not a student notebook of this book (its metadata names "
    "no chapter of it): was it started from scratch, or its cells pasted into "
    "a new notebook?"
)


class _Unfit(Exception):
    """A file that gets one status (and feedback) on every row."""

    def __init__(self, status: str, feedback: str) -> None:
        super().__init__(feedback)
        self.status = status
        self.feedback = feedback


def grade_file(
    path: Path,
    root: Path,
    references: dict[str, Reference],
    chapter: str | None = None,
    *,
    timeout: int = 60,
    deadline: int = 300,
) -> list[Row]:
    """Grade one submitted file; always returns rows, never raises for its content.

    Parameters
    ----------
    path : pathlib.Path
        The submitted file.
    root : pathlib.Path
        The submissions folder (the student is read from the path below it).
    references : dict
        :func:`book.grade.load_references` of the lecturer's student notebooks.
    chapter : str, optional
        The chapter assigned; a notebook of another chapter gets ``other-chapter``.
    timeout : int
        Seconds a single cell may run.
    deadline : int
        Seconds the whole notebook may run.
    """
    base = {"student": student_of(path, root), "file": str(path.relative_to(root))}
    try:
        notebook, found = _open(path, references, chapter)
    except _Unfit as unfit:
        assigned = references.get(chapter) if chapter else None
        base["chapter"] = chapter or ""
        return rows_for_file(base, assigned, unfit.status, unfit.feedback)
    reference = references[found]
    base["chapter"] = found
    answers, problems, notes = answer_cells(notebook, reference)
    if problems:
        feedback = (
            "the notebook's book metadata was changed: "
            + "; ".join(problems[:3])
            + ". Grade it by hand."
        )
        return rows_for_file(base, reference, "tampered", feedback)
    execution, run = rerun(notebook, answers, reference, timeout, deadline)
    earlier = execution.first_failure(run.replies)
    rows = []
    for info in reference.exercises:
        index = answers.get(info.label)
        cell = None if index is None else notebook.cells[index]
        status, feedback, answer = judge(info, cell, execution, run)
        if status not in ("correct", "to-grade", "blank") and earlier:
            feedback += f" ({earlier})"
        if info.label in notes:
            feedback += f" ({notes[info.label]})"
        rows.append(Row.of(base, info, status, feedback, answer))
    return rows


def _open(
    path: Path, references: dict[str, Reference], chapter: str | None
) -> tuple[nbformat.NotebookNode, str]:
    """The notebook in ``path`` and its chapter, one of ``references``.

    Raises
    ------
    _Unfit
        When the file is not a notebook, not a student notebook of this book, or
        the notebook of another chapter than the one assigned.
    """
    notebook, reason = read_notebook(path)
    if notebook is None:
        raise _Unfit("not-a-notebook", reason)
    meta = notebook.metadata.get("gba")
    found = meta.get("chapter") if isinstance(meta, dict) else None
    if found not in references:
        raise _Unfit("not-from-this-book", _NOT_FROM_THIS_BOOK)
    reference = references[found]
    if chapter and found != chapter:
        assigned = references.get(chapter)
        raise _Unfit(
            "other-chapter",
            f"this is the notebook of chapter {reference.number} ({found}), not of "
            f"chapter {assigned.number if assigned else '?'} ({chapter})",
        )
    return notebook, found
