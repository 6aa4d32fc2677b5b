"""Answer checks for the data exercises, with specific feedback.

A student calls ``exercises.check("bay-density-macao", my_answer)`` and gets one of

* **correct**: within the tolerance;
* **close**: near the answer, with what to check (rounding, a year, a unit);
* **wrong**: with a hint when the answer matches a known slip (a unit off by 10,000,
  a fraction instead of a percentage, the preliminary instead of the revised figure);
* **wrong type or shape**: e.g. a whole Series where one number is wanted;
* **not answered yet**: the scaffold still holds ``...``.

The exercises of each chapter live in a module of :mod:`book.checks`; their expected
answers are computed from ``data/`` at check time, so they follow the data, and the
feedback never prints them. Each exercise also declares a worked ``solution`` and the
documented wrong answers (:class:`Mistake`) its hints are written for; the tests run
them all through the checks.

Every answer is first reduced to a JSON-safe record (:func:`describe`) and judged
from that record (:func:`restore`), both in :mod:`book.answers`: the lecturer's
grader (:mod:`book.grade`) reads the same records out of a student's re-executed
notebook, so a student and the grader always get the same verdict.

=========================  ===========================================================
module                     job
=========================  ===========================================================
:mod:`.kinds`              the kinds of exercise, their judging and feedback words
:mod:`.web`                the same checks on the web page: each exercise as JSON for
                           ``gba-exercises.js``, its form, its answer for the solution
=========================  ===========================================================
"""

from __future__ import annotations

from typing import Any

from book.answers import Opaque, describe, restore
from book.data import BookData, load
from book.exercises.kinds import (
    FRACTION_HINT,
    STATUS_LABELS,
    ChoiceExercise,
    CityExercise,
    Exercise,
    Feedback,
    Mistake,
    NumberExercise,
)

__all__ = [
    "FRACTION_HINT",
    "STATUS_LABELS",
    "ChoiceExercise",
    "CityExercise",
    "Exercise",
    "Feedback",
    "Mistake",
    "NumberExercise",
    "Opaque",
    "check",
    "describe",
    "registry",
    "restore",
]


def registry() -> dict[str, Exercise]:
    """Every exercise defined in the modules of :mod:`book.checks`."""
    import importlib
    import pkgutil

    from book import checks

    found: dict[str, Exercise] = {}
    for info in sorted(pkgutil.iter_modules(checks.__path__), key=lambda i: i.name):
        module = importlib.import_module(f"book.checks.{info.name}")
        for exercise in getattr(module, "EXERCISES", ()):
            if exercise.exercise_id in found:
                raise ValueError(
                    f"exercise id '{exercise.exercise_id}' is defined twice"
                )
            found[exercise.exercise_id] = exercise
    return found


def check(exercise_id: str, answer: Any, *, data: BookData | None = None) -> Feedback:
    """Check an answer and return feedback that never reveals the solution.

    Parameters
    ----------
    exercise_id : str
        The id printed in the exercise, e.g. ``"bay-density-macao"``.
    answer : object
        The student's answer; ``...`` or ``None`` means not answered yet.
    data : BookData, optional
        Data to check against (default: the book's data package).

    """
    exercises = registry()
    if exercise_id not in exercises:
        known = ", ".join(sorted(exercises))
        raise KeyError(f"unknown exercise '{exercise_id}'; known: {known}")
    return exercises[exercise_id].check(answer, data or load())
