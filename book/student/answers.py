"""The exercises of a student notebook, their answer cells, and the students' wording.

An answer cell carries ``metadata.gba`` (:class:`ExerciseInfo` as a plain record),
which the grader (:mod:`book.grade`) reads, and cannot be deleted by accident.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from functools import cache
from pathlib import Path
from typing import Any

import nbformat
import yaml

__all__ = [
    "TEXT_FILE",
    "ExerciseInfo",
    "answer_cell",
    "exercises_of",
    "heading",
    "text",
    "text_answer",
]

TEXT_FILE = Path(__file__).resolve().parent.parent / "text" / "student.yml"


@cache
def text() -> dict[str, str]:
    """The student-facing wording (``book/text/student.yml``)."""
    return yaml.safe_load(TEXT_FILE.read_text(encoding="utf-8"))


@dataclass(frozen=True)
class ExerciseInfo:
    """One exercise of a student notebook, as its answer cell records it.

    Attributes
    ----------
    label : str
        The exercise's label in the book (``platforms-ex-share``).
    number : str
        Its number as the web book shows it (``"3.2"``).
    title : str
        Its title.
    kind : str
        ``"check"`` (a code answer judged by :mod:`book.checks`) or ``"text"``
        (a written answer for the lecturer).
    check : str
        The check's id, for ``"check"`` exercises.
    variable : str
        The name the answer cell assigns the answer to, for ``"check"`` exercises.

    """

    label: str
    number: str
    title: str
    kind: str
    check: str = ""
    variable: str = ""


def exercises_of(notebook: nbformat.NotebookNode) -> list[ExerciseInfo]:
    """The exercises of a student notebook, from its answer cells, in order."""
    found = []
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("gba")
        if isinstance(meta, dict) and "exercise" in meta:
            found.append(
                ExerciseInfo(
                    label=str(meta["exercise"]),
                    number=str(meta.get("number", "")),
                    title=str(meta.get("title", "")),
                    kind=str(meta.get("kind", "")),
                    check=str(meta.get("check", "")),
                    variable=str(meta.get("variable", "")),
                )
            )
    return found


def _answer_metadata(info: ExerciseInfo) -> dict[str, Any]:
    meta = {k: v for k, v in asdict(info).items() if v}
    meta["exercise"] = meta.pop("label")
    return meta


def answer_cell(
    cell: nbformat.NotebookNode, info: ExerciseInfo
) -> nbformat.NotebookNode:
    """Mark ``cell`` as the answer cell of ``info``, which cannot be deleted."""
    cell.metadata = {"gba": _answer_metadata(info), "deletable": False}
    return cell


def text_answer(info: ExerciseInfo) -> str:
    """The untouched Markdown answer cell of a written exercise."""
    words = text()
    prompt = words["answer_prompt"].format(number=info.number).strip()
    return f"{prompt}\n\n{words['answer_placeholder'].strip()}"


def heading(number: str, title: str) -> str:
    """The heading an exercise starts with ("Exercise 3.2: title")."""
    shown = text()["exercise_heading"].format(number=number, title=title)
    return shown.rstrip(": ").strip()
