"""One exercise of a re-run submission: its status, the feedback, the answer shown.

A checked answer is judged in the grader's own process, from the record the run
captured (:mod:`book.grade.execution`), with the book's checks: nothing the
student's kernel redefines can change a verdict. A written answer is left to the
lecturer, unless it was left as handed out.
"""

from __future__ import annotations

import functools
import math
import re
from typing import Any

import nbformat

from book.grade.execution import TIMEOUT_NAME, Execution, Run
from book.student import ExerciseInfo, text_answer

__all__ = ["judge"]

Verdict = tuple[str, str, str]  # status, feedback, answer


def judge(
    info: ExerciseInfo,
    cell: nbformat.NotebookNode | None,
    execution: Execution,
    run: Run,
) -> Verdict:
    """(status, feedback, answer) for one exercise of a re-executed notebook.

    Parameters
    ----------
    info : ExerciseInfo
        The exercise, as the lecturer's reference has it.
    cell : nbformat.NotebookNode or None
        Its answer cell in the student's notebook; ``None`` when there is none.
    execution : Execution
        The notebook the grader ran, with the answers it recorded.
    run : Run
        The replies of that run, and why it crashed if it did.
    """
    if cell is None:
        return (
            "missing",
            f"the answer cell of exercise {info.number} is not in the notebook "
            "(deleted, or its cell type changed)",
            "",
        )
    if info.kind == "text":
        return _judge_written(info, cell)
    if info.label not in execution.answer_cell:
        return "missing", "the answer cell was turned into a Markdown cell", ""
    failed = _failed(run, run.replies.get(execution.answer_cell[info.label]))
    if failed:
        return failed
    record = execution.record(info.label)
    if record is None:
        return "error", "the answer could not be read", ""
    return _judge_checked(info, cell, record)


def _judge_written(info: ExerciseInfo, cell: nbformat.NotebookNode) -> Verdict:
    if cell.cell_type != "markdown":
        return "missing", "the written answer cell was turned into a code cell", ""
    written = _written(cell, info)
    if not written:
        return "blank", "the answer cell was left as handed out", ""
    return "to-grade", "written answer: read and score it", written


def _failed(run: Run, reply: dict[str, Any] | None) -> Verdict | None:
    """The verdict on an answer cell that did not run, raised or timed out."""
    if reply is None:
        status = "crashed" if run.crash else "error"
        return status, run.crash or "the answer cell did not run", ""
    if reply.get("status") == "error":
        name, value = reply.get("ename", ""), str(reply.get("evalue", ""))
        if name == TIMEOUT_NAME:
            return "timeout", value, ""
        return "error", f"the answer cell raised {name}: {value}"[:300], ""
    return None


def _judge_checked(
    info: ExerciseInfo, cell: nbformat.NotebookNode, record: dict[str, Any]
) -> Verdict:
    """The book's check on the recorded answer, with notes on a doctored cell."""
    from book.exercises import restore

    data, checks = _checks()
    verdict = checks[info.check].check(restore(record), data)
    feedback = verdict.message
    if info.variable not in cell.source:
        feedback += f" (the answer cell no longer assigns {info.variable})"
    if _saved_status(cell) == "Correct" and verdict.status != "correct":
        feedback += (
            " (the saved notebook showed Correct; the re-run does not: it was "
            "changed after running, or its outputs edited)"
        )
    return verdict.status, feedback, _answer_text(record)


@functools.cache
def _checks() -> tuple[Any, dict[str, Any]]:
    """The book's data and checks, loaded once per grading process."""
    from book.data import load
    from book.exercises import registry

    return load(), registry()


def _saved_status(cell: nbformat.NotebookNode) -> str:
    """What the saved output of an answer cell claimed ("Correct", ...), if any."""
    for output in cell.get("outputs", []):
        shown = output.get("data", {}).get("text/plain", "")
        shown = "".join(shown) if isinstance(shown, list) else str(shown)
        match = re.match(r"^'?(Correct|Close|Not yet|Wrong type or shape)", shown)
        if match:
            return match.group(1)
    return ""


def _answer_text(record: dict[str, Any]) -> str:
    """The answer as ``grades.csv`` shows it: a number, a text, a type and size."""
    kind = record.get("kind")
    if kind == "missing":
        return ""
    if kind == "number":
        value = record.get("value")
        if isinstance(value, float) and math.isnan(value):
            return "NaN"
        return f"{value:.6g}" if isinstance(value, float) else str(value)
    if kind == "text":
        return str(record.get("value", ""))[:200]
    size = record.get("size")
    what = f"{record.get('type')} with {size} values" if size is not None else ""
    return what or f"{record.get('type')} {record.get('text', '')}".strip()


def _written(cell: nbformat.NotebookNode, info: ExerciseInfo) -> str:
    """The student's own words in a written answer cell (prompt and placeholder out)."""
    untouched = text_answer(info)
    source = cell.source
    for line in untouched.split("\n\n"):
        source = source.replace(line.strip(), "")
    return source.strip()
