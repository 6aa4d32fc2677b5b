"""Grade a folder of submitted student notebooks with one command.

``python -m book grade SUBMISSIONS --chapter platforms`` (or ``make grade``) finds
every file under ``SUBMISSIONS``, re-executes each notebook in a clean kernel and
judges its answers with the book's own checks (:mod:`book.checks`), then writes

* ``grades.csv``: one row per student and exercise (status, score, feedback, answer);
* ``grades-summary.csv``: one row per exercise (share correct, the most common wrong
  answers and the hint each met).

How a submission is judged:

* **Never from saved outputs.** Outputs are dropped and the notebook runs again in a
  fresh kernel, in a scratch folder, one cell at a time with a time limit. After each
  answer cell a cell the grader adds records the answer as a plain record
  (:func:`book.exercises.describe`); the grader process then runs the check on that
  record, outside the student's kernel, so nothing a notebook redefines can change
  a verdict. If the saved notebook claimed "Correct" where the re-run does not, the
  feedback says so.
* **Found by their metadata.** Answer cells carry the exercise they answer
  (:mod:`book.student`); the exercises expected are read from the lecturer's own copy
  of the student notebooks (``--reference``), never from the submission.
* **Every file gets rows, and the run goes on.** Statuses: ``correct``, ``close``,
  ``wrong``, ``type`` (wrong type or shape), ``unanswered``, ``error`` (the answer
  cell raised), ``timeout``, ``missing`` (answer cell deleted), ``to-grade`` (a
  written answer, for the lecturer), ``blank`` (a written answer left empty); and
  for a whole file: ``not-a-notebook``, ``not-from-this-book``, ``other-chapter``,
  ``tampered`` (book metadata that does not match the book), ``crashed`` (the kernel
  died).

Student notebooks run arbitrary code: grade in an account or machine that holds
nothing else of value (the teacher's guide says more).
"""

from __future__ import annotations

import contextlib
import csv
import functools
import json
import math
import multiprocessing
import os
import re
import subprocess
import tempfile
import threading
import time
from collections import Counter
from concurrent.futures import ProcessPoolExecutor, as_completed
from dataclasses import asdict, dataclass, fields
from pathlib import Path
from typing import Any

import nbformat

from book.student import ExerciseInfo, exercises_of, text_answer

__all__ = [
    "SCORES",
    "Reference",
    "Row",
    "grade_file",
    "grade_folder",
    "load_references",
    "summarise",
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

ANSWER_MIME = "text/x-gba-answer"
TIMEOUT_NAME = "GradingTimeout"
_SKIP_PARTS = {".ipynb_checkpoints", "__MACOSX", ".DS_Store"}
_CAPTURE = """\
import json as _gba_json
from IPython.display import display as _gba_display
from book.exercises import describe as _gba_describe
_gba_display({{{mime!r}: _gba_json.dumps(
    _gba_describe(globals().get({variable!r}, ...))
)}}, raw=True)
"""


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


# -------------------------------------------------------------- one file


def student_of(path: Path, root: Path) -> str:
    """The student a file belongs to: its first folder under ``root``, else its name.

    Learning platforms export one folder per student; a flat folder of files is read
    as one file per student, named by the file.
    """
    relative = path.relative_to(root)
    return relative.parts[0] if len(relative.parts) > 1 else path.stem


def _rows_for_file(
    base: dict[str, Any], reference: Reference | None, status: str, feedback: str
) -> list[Row]:
    """One row per exercise of ``reference`` (or one row) with a file-level status."""
    infos = reference.exercises if reference else ()
    if not infos:
        return [Row.of(base, None, status, feedback)]
    return [Row.of(base, info, status, feedback) for info in infos]


def _read(path: Path) -> tuple[nbformat.NotebookNode | None, str]:
    try:
        raw = path.read_bytes()
    except OSError as exc:
        return None, f"the file could not be read ({exc.strerror})"
    try:
        notebook = nbformat.reads(raw.decode("utf-8"), as_version=4)
        nbformat.validate(notebook)
    except UnicodeDecodeError:
        return None, "the file is not a Jupyter notebook (it is not even text)"
    except Exception as exc:  # nbformat raises several kinds
        reason = str(exc).splitlines()[0][:120] if str(exc) else type(exc).__name__
        return None, f"the file is not a Jupyter notebook ({reason})"
    return notebook, ""


def _structure(
    notebook: nbformat.NotebookNode, reference: Reference
) -> tuple[dict[str, int], list[str], dict[str, str]]:
    """Answer cells by label, problems that mean tampering, and notes by label."""
    expected = reference.by_label()
    answers: dict[str, int] = {}
    problems: list[str] = []
    notes: dict[str, str] = {}
    for index, cell in enumerate(notebook.cells):
        meta = cell.get("metadata", {}).get("gba")
        if not isinstance(meta, dict) or "exercise" not in meta:
            continue
        label = str(meta["exercise"])
        info = expected.get(label)
        if info is None:
            problems.append(
                f"an answer cell names exercise '{label[:60]}', which "
                f"chapter {reference.number} does not have"
            )
            continue
        if info.kind == "check" and (
            meta.get("check") != info.check or meta.get("variable") != info.variable
        ):
            problems.append(
                f"the answer cell of exercise {info.number} names another check"
            )
            continue
        if label in answers:
            notes[label] = (
                f"two cells are marked as the answer to exercise {info.number}; the "
                "last one was graded"
            )
        answers[label] = index
    return answers, problems, notes


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


class _Run:
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
        from nbclient.exceptions import DeadKernelError

        from book.run import Client

        self.client = Client(
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
        :func:`load_references` of the lecturer's student notebooks.
    chapter : str, optional
        The chapter assigned; a notebook of another chapter gets ``other-chapter``.
    timeout : int
        Seconds a single cell may run.
    deadline : int
        Seconds the whole notebook may run.
    """
    base = {"student": student_of(path, root), "file": str(path.relative_to(root))}
    assigned = references.get(chapter) if chapter else None
    notebook, reason = _read(path)
    if notebook is None:
        return _rows_for_file(
            {**base, "chapter": chapter or ""}, assigned, "not-a-notebook", reason
        )
    meta = notebook.metadata.get("gba")
    found = meta.get("chapter") if isinstance(meta, dict) else None
    if found not in references:
        return _rows_for_file(
            {**base, "chapter": chapter or ""},
            assigned,
            "not-from-this-book",
            "the notebook is not a student notebook of this book (its metadata names "
            "no chapter of it): was it started from scratch, or its cells pasted into "
            "a new notebook?",
        )
    reference = references[found]
    if chapter and found != chapter:
        return _rows_for_file(
            {**base, "chapter": chapter},
            assigned,
            "other-chapter",
            f"this is the notebook of chapter {reference.number} ({found}), not of "
            f"chapter {assigned.number if assigned else '?'} ({chapter})",
        )
    base["chapter"] = found
    answers, problems, notes = _structure(notebook, reference)
    if problems:
        return _rows_for_file(
            base,
            reference,
            "tampered",
            "the notebook's book metadata was changed: "
            + "; ".join(problems[:3])
            + ". Grade it by hand.",
        )
    execution = _Execution.of(notebook, answers, reference)
    runner = _Run(execution.notebook, timeout, deadline)
    with tempfile.TemporaryDirectory(prefix="gba-grade-") as scratch:
        runner.execute(Path(scratch))
    earlier = _first_failure(runner, execution)
    rows = []
    for info in reference.exercises:
        status, feedback, answer = _judge(info, notebook, answers, execution, runner)
        if status not in ("correct", "to-grade", "blank") and earlier:
            feedback += f" ({earlier})"
        if info.label in notes:
            feedback += f" ({notes[info.label]})"
        rows.append(Row.of(base, info, status, feedback, answer))
    return rows


@dataclass
class _Execution:
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
    ) -> _Execution:
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


def _judge(
    info: ExerciseInfo,
    notebook: nbformat.NotebookNode,
    answers: dict[str, int],
    execution: _Execution,
    runner: _Run,
) -> tuple[str, str, str]:
    """(status, feedback, answer) for one exercise of a re-executed notebook."""
    from book.exercises import restore

    if info.label not in answers:
        return (
            "missing",
            f"the answer cell of exercise {info.number} is not in the notebook "
            "(deleted, or its cell type changed)",
            "",
        )
    cell = notebook.cells[answers[info.label]]
    if info.kind == "text":
        if cell.cell_type != "markdown":
            return "missing", "the written answer cell was turned into a code cell", ""
        written = _written(cell, info)
        if not written:
            return "blank", "the answer cell was left as handed out", ""
        return "to-grade", "written answer: read and score it", written
    if info.label not in execution.answer_cell:
        return "missing", "the answer cell was turned into a Markdown cell", ""
    reply = runner.replies.get(execution.answer_cell[info.label])
    if reply is None:
        status = "crashed" if runner.crash else "error"
        return status, runner.crash or "the answer cell did not run", ""
    if reply.get("status") == "error":
        name, value = reply.get("ename", ""), str(reply.get("evalue", ""))
        if name == TIMEOUT_NAME:
            return "timeout", value, ""
        return "error", f"the answer cell raised {name}: {value}"[:300], ""
    record = _captured(execution.notebook.cells[execution.capture_cell[info.label]])
    if record is None:
        return "error", "the answer could not be read", ""
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


def _captured(cell: nbformat.NotebookNode) -> dict[str, Any] | None:
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


def _first_failure(run: _Run, execution: _Execution) -> str:
    """The first cell, other than an answer cell, that raised or ran out of time."""
    answers = set(execution.answer_cell.values())
    for index in sorted(run.replies):
        reply = run.replies[index]
        if index in answers or index not in execution.source_cell:
            continue
        if reply.get("status") != "error":
            continue
        name = reply.get("ename", "")
        what = "ran out of time" if name == TIMEOUT_NAME else f"raised {name}"
        where = execution.source_cell[index] + 1
        return f"an earlier code cell ({where} in the notebook) {what}"
    return ""


# ------------------------------------------------------------ a whole folder


def _files(submissions: Path) -> list[Path]:
    return sorted(
        path
        for path in submissions.rglob("*")
        if path.is_file()
        and not _SKIP_PARTS & set(path.parts)
        and not path.name.startswith(".")
    )


def _grade_one(args: tuple) -> tuple[Path, list[Row], float]:
    start = time.monotonic()
    rows = grade_file(*args[:4], timeout=args[4], deadline=args[5])
    return args[0], rows, time.monotonic() - start


def grade_folder(
    submissions: Path,
    references: dict[str, Reference],
    chapter: str | None = None,
    *,
    jobs: int | None = None,
    timeout: int = 60,
    deadline: int = 300,
    progress: bool = True,
) -> list[Row]:
    """Grade every file under ``submissions``, ``jobs`` notebooks at a time."""
    files = _files(submissions)
    jobs = max(1, min(jobs or os.cpu_count() or 1, len(files) or 1))
    rows: list[Row] = []
    tasks = [(p, submissions, references, chapter, timeout, deadline) for p in files]
    context = multiprocessing.get_context("spawn")
    with ProcessPoolExecutor(max_workers=jobs, mp_context=context) as pool:
        futures = [pool.submit(_grade_one, task) for task in tasks]
        for done, future in enumerate(as_completed(futures), start=1):
            path, found, seconds = future.result()
            rows += found
            if progress:
                statuses = Counter(row.status for row in found)
                summary = ", ".join(f"{n} {s}" for s, n in statuses.most_common())
                relative = path.relative_to(submissions)
                print(
                    f"  [{done}/{len(files)}] {relative}: {summary} ({seconds:.1f} s)",
                    flush=True,
                )
    order = {p: i for i, p in enumerate(files)}
    rows.sort(key=lambda r: (r.student, order[submissions / r.file], _key(r.exercise)))
    return rows


def _key(number: str) -> tuple[int, ...]:
    return tuple(int(part) for part in number.split(".") if part.isdigit())


SUMMARY_FIELDS = [
    "exercise",
    "label",
    "title",
    "kind",
    "submissions",
    "correct",
    "share_correct",
    "close",
    "wrong",
    "unanswered",
    "to_grade",
    "problems",
    "common_wrong_answers",
]


def summarise(rows: list[Row], top: int = 3) -> list[dict[str, Any]]:
    """One record per exercise: counts, share correct, the commonest wrong answers."""
    by_exercise: dict[tuple[str, str], list[Row]] = {}
    for row in rows:
        if row.label:
            by_exercise.setdefault((row.chapter, row.label), []).append(row)
    summary = []
    for (_, label), group in sorted(
        by_exercise.items(), key=lambda item: _key(item[1][0].exercise)
    ):
        counts = Counter(row.status for row in group)
        wrong = Counter(
            (row.answer, row.feedback)
            for row in group
            if row.status in ("wrong", "close", "type") and row.answer
        )
        common = " | ".join(
            f"{answer} ({n}×): {feedback}"
            for (answer, feedback), n in wrong.most_common(top)
        )
        answered = {
            "correct",
            "close",
            "wrong",
            "type",
            "unanswered",
            "blank",
            "to-grade",
        }
        summary.append(
            {
                "exercise": group[0].exercise,
                "label": label,
                "title": group[0].title,
                "kind": group[0].kind,
                "submissions": len(group),
                "correct": counts["correct"],
                "share_correct": round(counts["correct"] / len(group), 3),
                "close": counts["close"],
                "wrong": counts["wrong"] + counts["type"],
                "unanswered": counts["unanswered"] + counts["blank"],
                "to_grade": counts["to-grade"],
                "problems": sum(n for s, n in counts.items() if s not in answered),
                "common_wrong_answers": common,
            }
        )
    return summary


def write_csvs(rows: list[Row], out: Path) -> tuple[Path, Path]:
    """Write ``grades.csv`` and ``grades-summary.csv`` into ``out``."""
    out.mkdir(parents=True, exist_ok=True)
    grades, summary = out / "grades.csv", out / "grades-summary.csv"
    with grades.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=[f.name for f in fields(Row)])
        writer.writeheader()
        for row in rows:
            record = asdict(row)
            record["score"] = "" if row.score is None else row.score
            writer.writerow(record)
    with summary.open("w", encoding="utf-8", newline="") as handle:
        writer = csv.DictWriter(handle, fieldnames=SUMMARY_FIELDS)
        writer.writeheader()
        writer.writerows(summarise(rows))
    return grades, summary
