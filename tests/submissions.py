"""Synthetic student submissions: right, wrong, blank and every bad kind.

Used by ``tests/test_grade.py`` and by ``tools/bench.py`` (grading 60 notebooks).
Each maker takes the clean student notebook of a chapter and the chapter's solution
code by exercise label, and returns what a student might hand in.
"""

from __future__ import annotations

import copy
import json
from collections.abc import Callable
from pathlib import Path

import nbformat

Notebook = nbformat.NotebookNode


def _answers(notebook: Notebook, change: Callable[[Notebook, dict], None]) -> Notebook:
    notebook = copy.deepcopy(notebook)
    for cell in notebook.cells:
        meta = cell.get("metadata", {}).get("gba")
        if meta:
            change(cell, meta)
    return notebook


def right(notebook: Notebook, solutions: dict[str, str]) -> Notebook:
    """Every checked answer from the chapter's solution, every written one filled."""

    def change(cell: Notebook, meta: dict) -> None:
        if meta["kind"] == "check":
            cell.source = solutions[meta["exercise"]]
        else:
            cell.source = cell.source.replace(
                "*Write your answer here.*", "The two measures differ in scope."
            )

    return _answers(notebook, change)


def scaffold(notebook: Notebook, value: str, only: str = "") -> Notebook:
    """Replace the ``...`` of each checked answer (or of exercise ``only``)."""

    def change(cell: Notebook, meta: dict) -> None:
        if meta["kind"] == "check" and (not only or meta["number"] == only):
            cell.source = cell.source.replace("= ...", f"= {value}", 1)

    return _answers(notebook, change)


def prefix(notebook: Notebook, code: str, only: str = "") -> Notebook:
    """Put ``code`` at the top of each checked answer cell (or of exercise ``only``)."""

    def change(cell: Notebook, meta: dict) -> None:
        if meta["kind"] == "check" and (not only or meta["number"] == only):
            cell.source = code + "\n" + cell.source

    return _answers(notebook, change)


def tampered(notebook: Notebook) -> Notebook:
    """Answer cells re-pointed at another exercise's check in the JSON."""

    def change(cell: Notebook, meta: dict) -> None:
        if meta["kind"] == "check":
            meta["check"] = "bay-density-macao"

    return _answers(notebook, change)


def forged(notebook: Notebook) -> Notebook:
    """Nothing answered, but the saved outputs edited to say "Correct"."""

    def change(cell: Notebook, meta: dict) -> None:
        if meta["kind"] == "check":
            cell.outputs = [
                nbformat.v4.new_output(
                    "execute_result",
                    data={"text/plain": "Correct: well done"},
                    execution_count=1,
                )
            ]

    return _answers(notebook, change)


def without_answer(notebook: Notebook, number: str) -> Notebook:
    """The answer cell of exercise ``number`` deleted."""
    notebook = copy.deepcopy(notebook)
    notebook.cells = [
        c for c in notebook.cells if c.metadata.get("gba", {}).get("number") != number
    ]
    return notebook


def duplicated_answer(notebook: Notebook, solutions: dict[str, str]) -> Notebook:
    """The first answer cell copied (metadata and all); the copy holds the answer."""
    notebook = copy.deepcopy(notebook)
    index, cell = next(
        (i, c)
        for i, c in enumerate(notebook.cells)
        if c.metadata.get("gba", {}).get("kind") == "check"
    )
    copied = copy.deepcopy(cell)
    copied.id = cell.id + "-copy"
    copied.source = solutions[cell.metadata["gba"]["exercise"]]
    notebook.cells.insert(index + 1, copied)
    return notebook


def broken_set_up(notebook: Notebook) -> Notebook:
    """The chapter's first code cell (which loads the data) broken."""
    notebook = copy.deepcopy(notebook)
    first = next(c for c in notebook.cells if c.cell_type == "code")
    first.source = "raise RuntimeError('oops')\n" + first.source
    return notebook


def foreign(notebook: Notebook) -> Notebook:
    """A valid notebook that is not from the book: the cells pasted into a new one."""
    new = nbformat.v4.new_notebook()
    new.cells = [
        nbformat.v4.new_code_cell(c.source)
        for c in notebook.cells
        if c.cell_type == "code"
    ]
    return new


def write_class(
    folder: Path,
    reference: Path,
    solutions: dict[str, str],
    other_chapter: Path,
) -> dict[str, Path]:
    """Write one submission of every kind into ``folder``; return them by student.

    ``reference`` is the chapter's clean student notebook, ``other_chapter`` another
    chapter's; one folder per student, as learning platforms export them.
    """
    notebook = nbformat.read(reference, as_version=4)
    made: dict[str, Notebook | bytes] = {
        "right": right(notebook, solutions),
        "wrong": scaffold(notebook, "12345"),
        "blank": notebook,
        "wrong-type": scaffold(notebook, '"twelve"'),
        "raises": prefix(notebook, "1 / 0"),
        "endless": prefix(notebook, "while True:\n    pass", only=_first(notebook)),
        "crash": prefix(notebook, "import os\nos._exit(1)", only=_second(notebook)),
        "tampered": tampered(notebook),
        "forged": forged(notebook),
        "deleted": without_answer(notebook, _first(notebook)),
        "duplicated": duplicated_answer(notebook, solutions),
        "broken": broken_set_up(right(notebook, solutions)),
        "cheat": prefix(
            scaffold(notebook, "12345"),
            "import book.exercises\nbook.exercises.check = lambda *a, **k: 'Correct'",
        ),
        "other-chapter": nbformat.read(other_chapter, as_version=4),
        "foreign": foreign(notebook),
        "not-json": b"this is not a notebook\n",
        "binary": b"\x89PNG\r\n\x1a\n\x00\x00\x00",
    }
    paths = {}
    for student, content in made.items():
        path = folder / student / reference.name
        if student == "right":  # renamed by the student
            path = folder / student / "my work (final).ipynb"
        path.parent.mkdir(parents=True, exist_ok=True)
        if isinstance(content, bytes):
            path.write_bytes(content)
        else:
            path.write_text(json.dumps(content, ensure_ascii=False, indent=1))
        paths[student] = path
    flat = folder / "flat-file-student.ipynb"  # a flat file: the student is its name
    nbformat.write(right(notebook, solutions), flat)
    paths["flat-file-student"] = flat
    return paths


def _first(notebook: Notebook) -> str:
    return _checked(notebook)[0]


def _second(notebook: Notebook) -> str:
    return _checked(notebook)[1]


def _checked(notebook: Notebook) -> list[str]:
    return [
        c.metadata["gba"]["number"]
        for c in notebook.cells
        if c.metadata.get("gba", {}).get("kind") == "check"
    ]
