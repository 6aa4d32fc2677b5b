"""The student edition: every chapter as a notebook a student can answer and hand in.

``python -m book student`` (or ``make student``) writes one ``.ipynb`` per chapter,
named by its number (``03-platforms.ipynb``), and the student package (a zip, see
:mod:`book.package`). The book build writes the same notebooks for each page's
download without executing anything again (:mod:`book.sphinxext`), and Binder's
``postBuild`` writes them into ``student/`` for the "launch in Binder" links.

What changes from the author chapter:

* **No solutions.** ``{solution}`` blocks and the gated ``{solution-start}`` ...
  ``{solution-end}`` spans, with their code cells, are dropped; so are all outputs.
* **Numbered exercises, each with its own answer cell.** Every exercise starts a
  Markdown cell headed "Exercise 3.2: title", numbered as in the web book (chapter
  number from ``_toc.yml``, then the exercise's place in the chapter). A checked
  exercise's code cell (``answer = ...`` then ``exercises.check(...)``) becomes its
  answer cell; a chart-reading or discussion exercise gets a Markdown answer cell.
  A checked exercise whose statement holds the MyST comment ``% answer: written``
  (invisible in the web book) also asks for words, and gets a Markdown answer cell
  after its code answer cell. Answer cells carry ``metadata.gba`` (exercise label,
  number, check id, the variable that holds the answer), which the grader
  (:mod:`book.grade`) reads, and cannot be deleted by accident in JupyterLab.
* **Plain Markdown.** JupyterLab does not render MyST: admonitions become quotes,
  cross-references their text, citations bracketed source ids, and every
  ``{glue:text}`` figure is written in from an execution of the chapter, so the text
  shows the current data. Cells the web book collapses start collapsed.
* **Stands alone.** A note under the title says how to work and hand in; the last
  cell lists the sources the chapter cites, read from ``data/sources.csv``.

The wording that students read is in ``book/text/student.yml``.

The parts, one job each:

* :mod:`book.student.toc`: the chapters and their numbers, from ``_toc.yml``;
* :mod:`book.student.answers`: exercises and their answer cells, and the wording;
* :mod:`book.student.myst`: the exercise and solution directives of a chapter;
* :mod:`book.student.markdown`: MyST as plain Markdown, and the list of sources;
* :mod:`book.student.values`: the glued figures, from an execution or the build;
* :mod:`book.student.transform`: an author chapter into its student notebook;
* :mod:`book.student.edition`: every notebook (and the zip) into a folder.
"""

from __future__ import annotations

from book.student.answers import (
    TEXT_FILE,
    ExerciseInfo,
    exercises_of,
    text,
    text_answer,
)
from book.student.edition import write_student_edition
from book.student.markdown import (
    cited_keys,
    plain_markdown,
    read_sources,
    sources_cell,
)
from book.student.myst import solution_code
from book.student.toc import Chapter, chapters
from book.student.transform import student_notebook
from book.student.values import (
    built_glue_values,
    execute_for_values,
    glued_values,
    recording_glue,
)

__all__ = [
    "TEXT_FILE",
    "Chapter",
    "ExerciseInfo",
    "built_glue_values",
    "chapters",
    "cited_keys",
    "execute_for_values",
    "exercises_of",
    "glued_values",
    "plain_markdown",
    "read_sources",
    "recording_glue",
    "solution_code",
    "sources_cell",
    "student_notebook",
    "text",
    "text_answer",
    "write_student_edition",
]
