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

The parts, in the order a submission meets them:

* :mod:`book.grade.rows`: the statuses and scores, a row of ``grades.csv``, and the
  lecturer's reference notebooks;
* :mod:`book.grade.submission`: reading a file, finding its answer cells;
* :mod:`book.grade.execution`: re-running it in a fresh kernel, recording answers;
* :mod:`book.grade.judge`: one exercise's status, feedback and answer;
* :mod:`book.grade.file`: one file, from path to rows;
* :mod:`book.grade.folder`: every file of a folder, several at a time;
* :mod:`book.grade.report`: the summary per exercise, and the two CSV files.
"""

from __future__ import annotations

from book.grade.file import grade_file
from book.grade.folder import grade_folder
from book.grade.report import SUMMARY_FIELDS, summarise, write_csvs
from book.grade.rows import SCORES, Reference, Row, load_references
from book.grade.submission import student_of

__all__ = [
    "SCORES",
    "SUMMARY_FIELDS",
    "Reference",
    "Row",
    "grade_file",
    "grade_folder",
    "load_references",
    "student_of",
    "summarise",
    "write_csvs",
]
