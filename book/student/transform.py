"""An author chapter (MyST, read with jupytext) into its student notebook.

The chapter's cells are read in order by a :class:`_Builder`, which drops the
solutions, numbers the exercises and gives each its answer cell; then the Markdown
is made plain, the title numbered and the cited sources listed at the end.
"""

from __future__ import annotations

import dataclasses
import re
from typing import Any

import nbformat

from book.student.answers import (
    ExerciseInfo,
    answer_cell,
    heading,
    text,
    text_answer,
)
from book.student.markdown import cited_keys, plain_markdown, sources_cell
from book.student.myst import Piece, pieces
from book.student.toc import Chapter

__all__ = ["student_notebook"]

_WRITTEN = re.compile(r"^%\s*answer:\s*written\b.*$\n?", re.M)
"""A MyST comment in a checked exercise's statement: it also asks for words."""
_CHECK_CALL = re.compile(
    r"exercises\.check\(\s*[\"'](?P<check>[\w-]+)[\"']\s*,\s*(?P<variable>[A-Za-z_]\w*)"
    r"\s*\)"
)


def student_notebook(
    source: nbformat.NotebookNode,
    chapter: Chapter,
    values: dict[str, Any] | None = None,
    sources: dict[str, dict[str, str]] | None = None,
) -> nbformat.NotebookNode:
    """Turn an author chapter (read with jupytext) into its student notebook.

    Parameters
    ----------
    source : nbformat.NotebookNode
        The chapter as jupytext reads it.
    chapter : Chapter
        Its number and path.
    values : dict, optional
        Its glued figures (:func:`book.student.glued_values`), written into the text.
    sources : dict, optional
        ``data/sources.csv`` by id (:func:`book.student.read_sources`), for the
        closing list.

    Raises
    ------
    ValueError
        When the chapter's exercises are malformed: a solution or exercise that is
        never closed, an exercise without a label, a gated exercise without exactly
        one ``exercises.check("id", variable)`` answer cell.
    """
    builder = _Builder(chapter)
    for cell in source.cells:
        if cell.cell_type == "markdown":
            builder.markdown(cell.source)
        elif cell.cell_type == "code":
            builder.code(cell)
    cells = builder.finish()
    keys = cited_keys("\n".join(c.source for c in cells if c.cell_type == "markdown"))
    for cell in cells:
        if cell.cell_type == "markdown" and "gba" not in cell.metadata:
            cell.source = plain_markdown(cell.source, values or {})
    title = _number_title(cells, chapter.number)
    if keys and sources is not None:
        cells.append(nbformat.v4.new_markdown_cell(sources_cell(keys, sources)))
    return _notebook(cells, source.metadata.get("kernelspec", {}), chapter, title)


HIDDEN_SOURCE = {"hide-input", "remove-input"}
"""Tags whose cells keep their code collapsed in the student notebook."""


class _Builder:
    """The student notebook's cells, built from the author chapter's cells in order.

    Markdown text waits in ``pending`` and becomes one cell at the next directive
    or code cell. A gated exercise (``{exercise-start}``) stays open until its
    ``{exercise-end}``; its first code cell is its answer cell.
    """

    def __init__(self, chapter: Chapter) -> None:
        self.chapter = chapter
        self.where = chapter.path.name
        self.cells: list[nbformat.NotebookNode] = []
        self.found: list[ExerciseInfo] = []
        self.pending: list[str] = []
        self.skipping = False  # inside a gated solution
        self.open: ExerciseInfo | None = None  # gated, waiting for its code cell
        self.answered = False  # the open exercise has its answer cell
        self.asks_words = False  # the open exercise also asks for words

    def markdown(self, source: str) -> None:
        """Add a Markdown cell of the chapter: text, exercises; solutions dropped."""
        handlers = {
            "text": self._text,
            "solution-start": self._solution_start,
            "exercise": self._exercise,
            "exercise-start": self._exercise_start,
            "exercise-end": self._exercise_end,
        }  # a {solution} block has no handler: it is dropped
        for piece in pieces(source):
            if self.skipping:
                self.skipping = piece.name != "solution-end"
            elif piece.name in handlers:
                handlers[piece.name](piece)
        self._flush()

    def code(self, cell: nbformat.NotebookNode) -> None:
        """Add a code cell of the chapter: an answer cell, or a copy without outputs."""
        if self.skipping:
            return
        self._flush()
        if self.open is not None and not self.answered:
            self._answer(self.open, cell.source)
            return
        tags = list(cell.get("metadata", {}).get("tags", []))
        if "remove-cell" in tags:
            return  # the build's own checks (shown code = builder): not the student's
        new = nbformat.v4.new_code_cell(cell.source)
        if tags:
            new.metadata["tags"] = tags
        if HIDDEN_SOURCE & set(tags):
            new.metadata["jupyter"] = {"source_hidden": True}
        self.cells.append(new)

    def finish(self) -> list[nbformat.NotebookNode]:
        """The cells, once every solution and exercise was closed."""
        if self.skipping:
            raise ValueError(f"{self.where}: a solution-start has no solution-end")
        if self.open is not None:
            raise ValueError(
                f"{self.where}: exercise {self.open.label} is never closed"
            )
        return self.cells

    def _flush(self) -> None:
        body = "\n\n".join(p.strip("\n") for p in self.pending if p.strip())
        self.pending.clear()
        if body.strip():
            self.cells.append(nbformat.v4.new_markdown_cell(body))

    def _text(self, piece: Piece) -> None:
        if self.open is not None and _WRITTEN.search(piece.body):
            self.asks_words = True  # it also asks for words
        self.pending.append(_WRITTEN.sub("", piece.body))

    def _solution_start(self, piece: Piece) -> None:
        self._flush()
        self.skipping = True

    def _exercise(self, piece: Piece) -> None:
        """A chart-reading or discussion exercise: its statement, a written answer."""
        self._flush()
        info = self._new_exercise(piece, "text")
        statement = f"{heading(info.number, info.title)}\n\n{piece.body}"
        self.cells.append(nbformat.v4.new_markdown_cell(statement))
        self._written_answer(info)

    def _exercise_start(self, piece: Piece) -> None:
        self._flush()
        self.open = self._new_exercise(piece, "check")
        self.answered = self.asks_words = False
        self.pending.append(heading(self.open.number, self.open.title))

    def _exercise_end(self, piece: Piece) -> None:
        if self.open is not None and not self.answered:
            raise ValueError(
                f"{self.where}: exercise {self.open.label} has no answer "
                "cell (a code cell between exercise-start and -end)"
            )
        self._flush()
        self.open = None

    def _new_exercise(self, piece: Piece, kind: str) -> ExerciseInfo:
        label = (piece.options or {}).get("label")
        if not label:
            raise ValueError(
                f"{self.where}: the exercise '{piece.title}' has no :label:"
            )
        if not self.found:
            self.cells.append(nbformat.v4.new_markdown_cell(text()["exercises_intro"]))
        number = len({e.number for e in self.found}) + 1
        info = ExerciseInfo(label, f"{self.chapter.number}.{number}", piece.title, kind)
        self.found.append(info)
        return info

    def _answer(self, exercise: ExerciseInfo, source: str) -> None:
        """The open exercise's code cell: its answer cell (and a written one)."""
        calls = _CHECK_CALL.findall(source)
        if len(calls) != 1:
            raise ValueError(
                f"{self.where}: the answer cell of exercise {exercise.label} "
                f'must call exercises.check("id", variable) exactly once; '
                f"found {len(calls)}"
            )
        check, variable = calls[0]
        info = dataclasses.replace(exercise, check=check, variable=variable)
        self.found[-1] = info  # the same exercise, now with its check
        self.answered = True
        self.cells.append(answer_cell(nbformat.v4.new_code_cell(source), info))
        if self.asks_words:  # the statement also asks for words: a written cell
            written = ExerciseInfo(
                f"{info.label}/written", info.number, info.title, "text"
            )
            self.found.append(written)
            self._written_answer(written)

    def _written_answer(self, info: ExerciseInfo) -> None:
        cell = nbformat.v4.new_markdown_cell(text_answer(info))
        self.cells.append(answer_cell(cell, info))


def _notebook(
    cells: list[nbformat.NotebookNode], kernelspec: dict, chapter: Chapter, title: str
) -> nbformat.NotebookNode:
    """The student notebook: its cells numbered in order, the book's metadata."""
    for index, cell in enumerate(cells):
        cell.id = f"c{index:03d}"
    notebook = nbformat.v4.new_notebook()
    notebook.cells = cells
    notebook.metadata = {
        "kernelspec": dict(kernelspec),
        "language_info": {"name": "python"},
        "gba": {
            "edition": "student",
            "chapter": chapter.stem,
            "number": chapter.number,
            "title": title,
        },
    }
    return notebook


def _number_title(cells: list[nbformat.NotebookNode], number: int) -> str:
    """Number the chapter's title and put the edition note right under it."""
    for index, cell in enumerate(cells):
        if cell.cell_type != "markdown":
            continue
        match = re.search(r"^# (.+)$", cell.source, re.M)
        if not match:
            continue
        title = match.group(1).strip()
        before = cell.source[: match.start()].strip("\n")
        after = cell.source[match.end() :].strip("\n")
        note = text()["edition_note"].format(number=number, title=title)
        new = [nbformat.v4.new_markdown_cell(f"# {number}. {title}")]
        new.append(nbformat.v4.new_markdown_cell(note.strip()))
        if after:
            new.append(nbformat.v4.new_markdown_cell(after))
        if before:
            new.insert(0, nbformat.v4.new_markdown_cell(before))
        cells[index : index + 1] = new
        return title
    raise ValueError("the chapter has no '# title' line")
