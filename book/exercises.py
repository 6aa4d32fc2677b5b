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
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from book.answers import Opaque, describe, is_missing, restore, type_name
from book.data import BookData, load

__all__ = [
    "FRACTION_HINT",
    "ChoiceExercise",
    "CityExercise",
    "Feedback",
    "Mistake",
    "NumberExercise",
    "Opaque",
    "check",
    "describe",
    "registry",
    "restore",
]

STATUS_LABELS = {
    "correct": "Correct",
    "close": "Close",
    "wrong": "Not yet",
    "type": "Wrong type or shape",
    "unanswered": "Not answered yet",
}


@dataclass(frozen=True)
class Feedback:
    """The result of checking one answer.

    Attributes
    ----------
    exercise : str
        Exercise id.
    status : str
        One of ``correct``, ``close``, ``wrong``, ``type``, ``unanswered``.
    message : str
        What to do next (never the answer itself).

    """

    exercise: str
    status: str
    message: str

    def __bool__(self) -> bool:
        return self.status == "correct"

    def __str__(self) -> str:
        return f"{STATUS_LABELS[self.status]}: {self.message}"

    def __repr__(self) -> str:
        return str(self)

    def _repr_html_(self) -> str:
        label = html.escape(STATUS_LABELS[self.status])
        return (
            f'<div class="gba-feedback gba-{self.status}" role="status">'
            f"<strong>{label}</strong> ({html.escape(self.exercise)}): "
            f"{html.escape(self.message)}</div>"
        )


@dataclass(frozen=True)
class Mistake:
    """A documented wrong answer: a common slip, made the way a student makes it.

    Attributes
    ----------
    answer : callable
        The wrong answer as a function of the data (e.g. the Bay's GDP summed before
        converting HKD and MOP to yuan), computed independently of the check's own
        slip, so a test shows the check recognises the slip as students make it.
    hint : str
        Words of the hint the check must give for this answer (the tests assert that
        the feedback contains them, and that they belong to one hint only).

    """

    answer: Callable[[BookData], Any]
    hint: str


FRACTION_HINT = (
    "that looks like a fraction: express the share as a percentage (multiply by 100)"
)
"""The hint for a share given as a fraction (a ``scale_hints`` entry for 100)."""


@dataclass(frozen=True)
class _Exercise:
    """What every exercise has: an id, a worked solution and documented mistakes.

    ``solution`` answers the exercise from the data as a student would (like the
    chapter's hidden solution, written independently of the check's own target);
    ``mistakes`` are the wrong answers the hints are written for, at least one for
    each hint, each computed the way the slip is made (not from the check's own slip
    or scale factor). Neither judges an answer: ``tests/test_exercises.py`` checks
    that the solution is judged correct and that each mistake meets its hint.
    """

    exercise_id: str
    solution: Callable[[BookData], Any] = field(kw_only=True)
    mistakes: Sequence[Mistake] = field(default=(), kw_only=True)

    prompt: ClassVar[str] = "replace ... with your answer and run the cell"

    def check(self, answer: Any, data: BookData) -> Feedback:
        """Judge ``answer`` (as :func:`describe` records it) against ``data``."""
        answer = restore(describe(answer))
        if is_missing(answer):
            return Feedback(self.exercise_id, "unanswered", self.prompt)
        return self._judge(answer, data)

    def _judge(self, answer: Any, data: BookData) -> Feedback:
        raise NotImplementedError

    def hints(self) -> list[str]:
        """Every hint a wrong answer can meet."""
        raise NotImplementedError


@dataclass(frozen=True)
class NumberExercise(_Exercise):
    """An exercise whose answer is one number.

    ``rtol`` (relative) or, if given, ``atol`` (absolute) decide "correct";
    ``close_rtol`` decides "close". ``slips`` are known wrong paths, each a function
    of the data giving the number that path produces, with the hint to show.
    ``scale_hints`` map a factor to a hint when answer x factor is right.
    """

    expected: Callable[[BookData], float]
    unit: str
    rtol: float = 0.005
    close_rtol: float = 0.05
    atol: float | None = None
    slips: Sequence[tuple[Callable[[BookData], float], str]] = ()
    scale_hints: dict[float, str] = field(default_factory=dict)

    def hints(self) -> list[str]:
        """The hints of the slips, then those of the scale slips."""
        return [hint for _, hint in self.slips] + list(self.scale_hints.values())

    def _matches(self, value: float, target: float) -> bool:
        """Within the absolute tolerance if one is set, else the relative one."""
        if self.atol is not None:
            return abs(value - target) <= self.atol
        return abs(value - target) <= self.rtol * abs(target)

    def _shape_problem(self, answer: Any) -> str | None:
        """Why ``answer`` is not one number, or None if it is."""
        if isinstance(answer, Opaque) and answer.size is not None:
            return (
                f"expected one number, got a {answer.type_name} with "
                f"{answer.size} values; select the single value you need "
                "(e.g. with .loc[...] or .iloc[0])"
            )
        if not isinstance(answer, (int, float)):
            shown = answer.text if isinstance(answer, Opaque) else str(answer)[:40]
            return f"expected a number ({self.unit}), got {type_name(answer)} {shown!r}"
        if math.isnan(answer):
            return "your answer is NaN: did a filter select no rows?"
        return None

    def _slip_hint(self, value: float, target: float, data: BookData) -> str | None:
        """The hint of the first known slip that gives ``value``, if any."""
        for slip, message in self.slips:
            if self._matches(value, slip(data)):
                return message
        for factor, message in self.scale_hints.items():
            if self._matches(value * factor, target):
                return message
        return None

    def _judge(self, answer: Any, data: BookData) -> Feedback:
        """Compare a number with the expected one; name a known slip if it is one."""
        fid = self.exercise_id
        problem = self._shape_problem(answer)
        if problem:
            return Feedback(fid, "type", problem)
        value = float(answer)
        target = self.expected(data)
        if self._matches(value, target):
            return Feedback(fid, "correct", f"well done ({self.unit})")
        hint = self._slip_hint(value, target, data)
        if hint:
            return Feedback(fid, "wrong", hint)
        if abs(value - target) / abs(target) <= self.close_rtol:
            return Feedback(
                fid,
                "close",
                f"within {self.close_rtol:.0%} but not exact: check the year, "
                "rounding in intermediate steps, and that you used the figures "
                "the exercise names",
            )
        direction = "too high" if value > target else "too low"
        return Feedback(fid, "wrong", f"{direction}; re-read the units ({self.unit})")


@dataclass(frozen=True)
class _PickExercise(_Exercise):
    """An exercise whose answer is one name out of a known set, as text."""

    expected: Callable[[BookData], str]
    hint: str

    def hints(self) -> list[str]:
        """The one hint every wrong pick gets."""
        return [self.hint]

    def _judge(self, answer: Any, data: BookData) -> Feedback:
        """Compare the name picked with the expected one."""
        fid = self.exercise_id
        if not isinstance(answer, str):
            return Feedback(fid, "type", self._expects(answer))
        picked = self._names(data).get(answer.strip().lower())
        if picked is None:
            return Feedback(fid, "type", self._unknown(answer, data))
        if picked == self.expected(data):
            return Feedback(fid, "correct", "well done")
        return Feedback(fid, "wrong", self.hint)

    def _names(self, data: BookData) -> dict[str, str]:
        """Each accepted spelling, lower case, and the name it stands for."""
        raise NotImplementedError

    def _expects(self, answer: Any) -> str:
        raise NotImplementedError

    def _unknown(self, answer: str, data: BookData) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class CityExercise(_PickExercise):
    """An exercise whose answer is one city (id, English or Chinese name)."""

    prompt: ClassVar[str] = "replace ... with a city name and run the cell"

    def _names(self, data: BookData) -> dict[str, str]:
        cities = data.cities
        return {
            name.lower(): city
            for column in ("name_zh", "name_en", "city_id")
            for name, city in zip(cities[column], cities["city_id"], strict=True)
        }

    def _expects(self, answer: Any) -> str:
        kind = type_name(answer)
        return f"expected one city name as text (e.g. 'Foshan'), got {kind}"

    def _unknown(self, answer: str, data: BookData) -> str:
        names = ", ".join(data.cities["name_en"])
        return f"'{answer}' is not one of the 11 cities ({names})"


@dataclass(frozen=True)
class ChoiceExercise(_PickExercise):
    """An exercise whose answer is one of a few named options (case-insensitive)."""

    options: Sequence[str] = ()
    prompt: ClassVar[str] = "replace ... with one of the options"

    def _names(self, data: BookData) -> dict[str, str]:
        return {option.lower(): option for option in self.options}

    def _expects(self, answer: Any) -> str:
        return f"expected one of {self._choices()} as text"

    def _unknown(self, answer: str, data: BookData) -> str:
        return f"'{answer}' is not an option; choose {self._choices()}"

    def _choices(self) -> str:
        return ", ".join(repr(o) for o in self.options)


Exercise = NumberExercise | CityExercise | ChoiceExercise


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
