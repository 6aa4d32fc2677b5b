"""Exercises a reader can check on the web page, and solutions that show the answer.

A chapter's exercise has a code cell that ends ``exercises.check("id", answer)``;
run by the build, it prints "Not answered yet ... run the cell", which says nothing
to a reader of the web page. When a page is written (``doctree-resolved``):

* that output is replaced by a form (:func:`book.exercises.web.form_html`) that
  checks an answer in the page, with the kernel check's feedback, from the exercise
  as JSON (the expected value and its slips computed now, from the book's data);
  ``gba-exercises.js`` judges it. The student notebooks keep the kernel check: they
  are written from the executed notebooks, not from these pages.
* the solution whose code calls the same check starts with the answer, formatted
  with the exercise's precision and unit ("Answer: 11.4 years of non-stop running").

The exercise is found from the id in the cell's own ``exercises.check(...)`` call,
so the chapters need no markup of their own. An exercise cell whose output is not
the unanswered feedback, or an id the registry does not know, is a warning (the
build uses ``-W``, so it stops).
"""

from __future__ import annotations

import re
from typing import Any

from docutils import nodes
from sphinx.application import Sphinx
from sphinx.util import logging

from book.sphinxext.chinese import mark_doctree

__all__ = [
    "add_answer",
    "add_exercise_script",
    "add_form",
    "check_id",
    "resolve_exercises",
]

logger = logging.getLogger(__name__)

CHECK_CALL = re.compile(r"exercises\.check\(\s*[\"'](?P<id>[\w-]+)[\"']")
"""The call that names a cell's exercise (as :mod:`book.student.transform` reads it)."""


def check_id(cell: nodes.Element) -> str | None:
    """The exercise id a myst-nb code cell checks, from its source, if any."""
    for source in cell.findall(nodes.literal_block):
        match = CHECK_CALL.search(source.astext())
        if match:
            return match["id"]
    return None


def _enclosing(node: nodes.Node) -> str | None:
    """``"exercise"`` or ``"solution"``: the sphinx-exercise block around a node."""
    from sphinx_exercise.nodes import (
        exercise_enumerable_node,
        exercise_node,
        solution_node,
    )

    parent = node.parent
    while parent is not None:
        if isinstance(parent, (exercise_enumerable_node, exercise_node)):
            return "exercise"
        if isinstance(parent, solution_node):
            return "solution"
        parent = parent.parent
    return None


def _output(cell: nodes.Element) -> nodes.Element | None:
    for child in cell.children:
        if isinstance(child, nodes.Element) and child.get("nb_element") == (
            "cell_code_output"
        ):
            return child
    return None


def add_form(cell: nodes.Element, exercise: Any, data: Any) -> str | None:
    """Replace the cell's unanswered output by the form; a problem, if any."""
    from book.exercises.web import form_html

    output = _output(cell)
    if output is None or "gba-unanswered" not in output.astext():
        return (
            f"the exercise cell of '{exercise.exercise_id}' does not show the "
            "unanswered feedback, so the page gets no check form: leave its answer "
            "as ... (the solution answers it)"
        )
    form = nodes.raw("", form_html(exercise, data), format="html")
    output.replace_self(form)
    mark_doctree(form)
    return None


def add_answer(cell: nodes.Element, exercise: Any, data: Any) -> None:
    """Put "Answer: ..." at the top of the solution around ``cell`` (once)."""
    from sphinx_exercise.nodes import solution_node

    solution = cell.parent
    while not isinstance(solution, solution_node):
        solution = solution.parent
    if any("gba-answer" in n["classes"] for n in solution.findall(nodes.paragraph)):
        return
    answer = nodes.paragraph("", "", classes=["gba-answer"])
    answer += nodes.strong("", "Answer:")
    from book.exercises.web import typographic

    # written after Sphinx's smart quotes ran: curl the apostrophes as they would
    answer += nodes.Text(f" {typographic(exercise.answer_text(data))}")
    content = next(iter(solution.findall(nodes.section)), solution)
    at = 0 if content is not solution else 1  # after the solution's title
    content.insert(at, answer)
    mark_doctree(answer)  # written after the Chinese was marked: a city's name


def resolve_exercises(app: Sphinx, doctree: nodes.document, docname: str) -> None:
    """Give each exercise on the page its form, and each solution its answer."""
    if app.builder.format != "html":
        return
    from book.reads import recording

    with recording() as read:  # the answers' data: rewrite the page when it changes
        _resolve(app, doctree)
    state = getattr(app, "gba_state", None)
    if state is not None:
        state.record(docname, "page", read)


def _resolve(app: Sphinx, doctree: nodes.document) -> None:
    cells = [
        (cell, eid)
        for cell in doctree.findall(nodes.container)
        if cell.get("nb_element") == "cell_code" and (eid := check_id(cell))
    ]
    if not cells:
        return
    from book.data import load
    from book.exercises import registry

    exercises, data = registry(), load()
    for cell, eid in cells:
        where = _enclosing(cell)
        if where is None:
            continue
        if eid not in exercises:
            problem: str | None = f"unknown exercise id '{eid}' in a check cell"
        elif where == "exercise":
            problem = add_form(cell, exercises[eid], data)
        else:
            add_answer(cell, exercises[eid], data)
            problem = None
        if problem:
            logger.warning(f"[gba] {problem}", location=cell, type="gba")


def add_exercise_script(
    app: Sphinx, pagename: str, templatename: str, context: dict[str, Any], *_: Any
) -> None:
    """Load ``gba-exercises.js`` and its stylesheet on a page with a check form."""
    if 'class="gba-check ' in context.get("body", ""):
        app.add_css_file("gba/gba-exercises.css", priority=620)
        app.add_js_file("gba/gba-exercises.js", priority=620, defer="defer")
