"""Re-run a submission in a fresh kernel and record each answer as a plain record.

The grader never trusts saved outputs: it runs the student's code cells again, one
at a time with a time limit, with a cell after each checked answer cell that shows
the answer as a record (:func:`book.exercises.describe`) under :data:`ANSWER_MIME`.
"""

from __future__ import annotations

import contextlib
import json
import subprocess
import tempfile
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import nbformat

from book.grade.rows import Reference

__all__ = ["ANSWER_MIME", "TIMEOUT_NAME", "Execution", "Run", "captured", "rerun"]

ANSWER_MIME = "text/x-gba-answer"
TIMEOUT_NAME = "GradingTimeout"
_CAPTURE = """\
import json as _gba_json
from IPython.display import display as _gba_display
from book.exercises import describe as _gba_describe
_gba_display({{{mime!r}: _gba_json.dumps(
    _gba_describe(globals().get({variable!r}, ...))
)}}, raw=True)
"""


def rerun(
    notebook: nbformat.NotebookNode,
    answers: dict[str, int],
    reference: Reference,
    timeout: int,
    deadline: int,
) -> tuple[Execution, Run]:
    """Run a student's code cells again in a fresh kernel, in a scratch folder.

    ``answers`` holds the index of each answer cell by exercise label;
    ``timeout`` and ``deadline`` limit one cell and the whole run, in seconds.
    """
    execution = Execution.of(notebook, answers, reference)
    run = Run(execution.notebook, timeout, deadline)
    with tempfile.TemporaryDirectory(prefix="gba-grade-") as scratch:
        run.execute(Path(scratch))
    return execution, run


@dataclass
class Execution:
    """The notebook the grader runs, and where its answers are in it.

    The student's code cells, outputs dropped, with a cell after each checked
    answer cell that records the answer (:data:`ANSWER_MIME`).
    """

    notebook: nbformat.NotebookNode
    source_cell: dict[int, int]  # run index -> index in the student's notebook
    answer_cell: dict[str, int]  # label -> run index of its answer cell
    capture_cell: dict[str, int]  # label -> run index of the cell recording it

    @classmethod
    def of(
        cls,
        notebook: nbformat.NotebookNode,
        answers: dict[str, int],
        reference: Reference,
    ) -> Execution:
        """Build the notebook to run from a student's notebook."""
        run = nbformat.v4.new_notebook()
        run.metadata["kernelspec"] = {
            "name": "python3",
            "display_name": "Python 3",
            "language": "python",
        }
        execution = cls(run, {}, {}, {})
        labels = {index: label for label, index in answers.items()}
        expected = reference.by_label()
        for index, cell in enumerate(notebook.cells):
            if cell.cell_type != "code":
                continue
            run.cells.append(nbformat.v4.new_code_cell(cell.source))
            execution.source_cell[len(run.cells) - 1] = index
            label = labels.get(index)
            if label and expected[label].kind == "check":
                execution.answer_cell[label] = len(run.cells) - 1
                capture = _CAPTURE.format(
                    mime=ANSWER_MIME, variable=expected[label].variable
                )
                run.cells.append(nbformat.v4.new_code_cell(capture))
                execution.capture_cell[label] = len(run.cells) - 1
        return execution

    def record(self, label: str) -> dict[str, Any] | None:
        """The answer to exercise ``label`` as its capture cell recorded it."""
        return captured(self.notebook.cells[self.capture_cell[label]])

    def first_failure(self, replies: dict[int, dict[str, Any]]) -> str:
        """The first cell, other than an answer cell, that raised or ran out of time."""
        answers = set(self.answer_cell.values())
        for index in sorted(replies):
            reply = replies[index]
            if index in answers or index not in self.source_cell:
                continue
            if reply.get("status") != "error":
                continue
            name = reply.get("ename", "")
            what = "ran out of time" if name == TIMEOUT_NAME else f"raised {name}"
            where = self.source_cell[index] + 1
            return f"an earlier code cell ({where} in the notebook) {what}"
        return ""


def captured(cell: nbformat.NotebookNode) -> dict[str, Any] | None:
    """The record a capture cell displayed, or ``None`` if it shows none."""
    for output in cell.get("outputs", []):
        shown = output.get("data", {}).get(ANSWER_MIME)
        if shown is not None:
            try:
                record = json.loads(
                    "".join(shown) if isinstance(shown, list) else shown
                )
            except ValueError:
                return None
            return record if isinstance(record, dict) else None
    return None


class Run:
    """Execute a notebook with time limits and record each cell's reply."""

    def __init__(self, notebook: nbformat.NotebookNode, timeout: int, deadline: int):
        self.notebook = notebook
        self.replies: dict[int, dict[str, Any]] = {}
        self.crash = ""
        self.client = None
        self.timeout = timeout
        self.deadline = deadline

    def _executed(self, cell: Any, cell_index: int, execute_reply: Any) -> None:
        self.replies[cell_index] = execute_reply.get("content", {})

    def _kill(self) -> None:
        self.crash = f"the notebook ran for more than {self.deadline} s in all"
        with contextlib.suppress(Exception):
            self.client.km.provisioner.process.kill()

    def execute(self, workdir: Path) -> None:
        """Run every cell in ``workdir``; a crash or the deadline ends the run."""
        from nbclient.exceptions import DeadKernelError

        from book.kernels import forking, shared
        from book.run import Client

        # a kernel forked ready to run (book.kernels): a new process per notebook
        self.client = forking(Client, shared())(
            self.notebook,
            timeout=self.timeout,
            kernel_name="python3",
            allow_errors=True,
            interrupt_on_timeout=True,
            error_on_timeout={
                "ename": TIMEOUT_NAME,
                "evalue": f"the cell ran for more than {self.timeout} s",
                "traceback": [],
            },
            startup_timeout=120,
            on_cell_executed=self._executed,
            resources={"metadata": {"path": str(workdir)}},
        )
        timer = threading.Timer(self.deadline, self._kill)
        timer.start()
        try:
            # the kernel's own start-up chatter is not the student's output
            self.client.execute(stderr=subprocess.DEVNULL)
        except DeadKernelError:
            self.crash = self.crash or "the kernel died (the notebook crashed it)"
        except Exception as exc:  # a kernel that never started, a lost message
            self.crash = self.crash or f"the notebook could not be run ({exc})"[:200]
        finally:
            timer.cancel()
