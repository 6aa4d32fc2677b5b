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
feedback never prints them.

Every answer is first reduced to a JSON-safe record (:func:`describe`) and judged
from that record (:func:`restore`). The lecturer's grader (:mod:`book.grade`) reads
the same records out of a student's re-executed notebook, so a student and the
grader always get the same verdict for the same answer.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from numbers import Real
from typing import Any

import numpy as np
import pandas as pd

from book.data import BookData, load

__all__ = [
    "ChoiceExercise",
    "CityExercise",
    "Feedback",
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
class Opaque:
    """An answer that is neither a number nor text, as a check sees it.

    Attributes
    ----------
    type_name : str
        The Python type of the answer (``"DataFrame"``, ``"list"``, ``"bool"``).
    size : int or None
        How many values it holds, for arrays, Series and DataFrames.
    text : str
        The start of its text form, to show back to the student.

    """

    type_name: str
    size: int | None = None
    text: str = ""


def describe(answer: Any) -> dict[str, Any]:
    """Reduce an answer to a JSON-safe record of what a check needs.

    ``...`` and ``None`` are ``{"kind": "missing"}``; a Series, DataFrame or array
    with one value is that value; numbers (numpy's too) and text keep their value;
    anything else keeps only its type, size and the start of its text.
    """
    if answer is None or answer is Ellipsis:
        return {"kind": "missing"}
    if isinstance(answer, Opaque):
        return {
            "kind": "other",
            "type": answer.type_name,
            "size": answer.size,
            "text": answer.text,
        }
    if isinstance(answer, np.generic):  # np.float64, np.int64, np.str_, np.bool_
        answer = answer.item()
    if isinstance(answer, (pd.Series, pd.DataFrame, pd.Index, np.ndarray)):
        if answer.size == 1:
            return describe(np.asarray(answer).ravel()[0])
        return {
            "kind": "other",
            "type": type(answer).__name__,
            "size": int(answer.size),
            "text": "",
        }
    if isinstance(answer, str):
        return {"kind": "text", "value": str(answer)}
    if isinstance(answer, Real) and not isinstance(answer, bool):
        number = int(answer) if isinstance(answer, int) else float(answer)
        return {"kind": "number", "value": number}
    return {
        "kind": "other",
        "type": type(answer).__name__,
        "size": None,
        "text": str(answer)[:40],
    }


def restore(record: dict[str, Any]) -> Any:
    """The answer a check judges, from a :func:`describe` record."""
    kind = record.get("kind")
    if kind == "missing":
        return Ellipsis
    if kind == "number" and isinstance(record.get("value"), (int, float)):
        return record["value"]
    if kind == "text" and isinstance(record.get("value"), str):
        return record["value"]
    size = record.get("size")
    return Opaque(
        type_name=str(record.get("type", "object"))[:40],
        size=size if isinstance(size, int) else None,
        text=str(record.get("text", ""))[:40],
    )


def _type_name(answer: Any) -> str:
    return answer.type_name if isinstance(answer, Opaque) else type(answer).__name__


def _is_missing(answer: Any) -> bool:
    return answer is None or answer is Ellipsis


@dataclass(frozen=True)
class NumberExercise:
    """An exercise whose answer is one number.

    ``rtol`` (relative) or, if given, ``atol`` (absolute) decide "correct";
    ``close_rtol`` decides "close". ``slips`` are known wrong paths, each a function
    of the data giving the number that path produces, with the hint to show.
    ``scale_hints`` map a factor to a hint when answer x factor is right.
    """

    exercise_id: str
    expected: Callable[[BookData], float]
    unit: str
    rtol: float = 0.005
    close_rtol: float = 0.05
    atol: float | None = None
    slips: Sequence[tuple[Callable[[BookData], float], str]] = field(
        default_factory=tuple
    )
    scale_hints: dict[float, str] = field(default_factory=dict)

    def _matches(self, value: float, target: float) -> bool:
        """Within the absolute tolerance if one is set, else the relative one."""
        if self.atol is not None:
            return abs(value - target) <= self.atol
        return abs(value - target) <= self.rtol * abs(target)

    def check(self, answer: Any, data: BookData) -> Feedback:
        """Compare ``answer`` with the expected number."""
        fid = self.exercise_id
        answer = restore(describe(answer))
        if _is_missing(answer):
            return Feedback(
                fid, "unanswered", "replace ... with your answer and run the cell"
            )
        if isinstance(answer, Opaque) and answer.size is not None:
            return Feedback(
                fid,
                "type",
                f"expected one number, got a {answer.type_name} with "
                f"{answer.size} values; select the single value you need "
                "(e.g. with .loc[...] or .iloc[0])",
            )
        if not isinstance(answer, (int, float)):
            shown = answer.text if isinstance(answer, Opaque) else str(answer)[:40]
            return Feedback(
                fid,
                "type",
                f"expected a number ({self.unit}), got {_type_name(answer)} {shown!r}",
            )
        value = float(answer)
        if math.isnan(value):
            return Feedback(
                fid, "type", "your answer is NaN: did a filter select no rows?"
            )
        target = self.expected(data)
        error = abs(value - target) / abs(target)
        if self._matches(value, target):
            return Feedback(fid, "correct", f"well done ({self.unit})")
        for slip, message in self.slips:
            if self._matches(value, slip(data)):
                return Feedback(fid, "wrong", message)
        for factor, message in self.scale_hints.items():
            if self._matches(value * factor, target):
                return Feedback(fid, "wrong", message)
        if error <= self.close_rtol:
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
class CityExercise:
    """An exercise whose answer is one city (id, English or Chinese name)."""

    exercise_id: str
    expected: Callable[[BookData], str]
    hint: str

    def check(self, answer: Any, data: BookData) -> Feedback:
        """Compare ``answer`` with the expected city."""
        fid = self.exercise_id
        answer = restore(describe(answer))
        if _is_missing(answer):
            return Feedback(
                fid, "unanswered", "replace ... with a city name and run the cell"
            )
        if not isinstance(answer, str):
            return Feedback(
                fid,
                "type",
                f"expected one city name as text (e.g. 'Foshan'), got "
                f"{_type_name(answer)}",
            )
        text = answer.strip().lower()
        cities = data.cities
        match = cities[
            (cities["city_id"] == text)
            | (cities["name_en"].str.lower() == text)
            | (cities["name_zh"] == answer.strip())
        ]
        if match.empty:
            names = ", ".join(cities["name_en"])
            return Feedback(
                fid, "type", f"'{answer}' is not one of the 11 cities ({names})"
            )
        if match.iloc[0]["city_id"] == self.expected(data):
            return Feedback(fid, "correct", "well done")
        return Feedback(fid, "wrong", self.hint)


@dataclass(frozen=True)
class ChoiceExercise:
    """An exercise whose answer is one of a few named options (case-insensitive)."""

    exercise_id: str
    options: Sequence[str]
    expected: Callable[[BookData], str]
    hint: str

    def check(self, answer: Any, data: BookData) -> Feedback:
        """Compare ``answer`` with the expected option."""
        fid = self.exercise_id
        answer = restore(describe(answer))
        if _is_missing(answer):
            return Feedback(fid, "unanswered", "replace ... with one of the options")
        choices = ", ".join(repr(o) for o in self.options)
        if not isinstance(answer, str):
            return Feedback(fid, "type", f"expected one of {choices} as text")
        picked = answer.strip().lower()
        known = {o.lower(): o for o in self.options}
        if picked not in known:
            return Feedback(
                fid, "type", f"'{answer}' is not an option; choose {choices}"
            )
        if known[picked] == self.expected(data):
            return Feedback(fid, "correct", "well done")
        return Feedback(fid, "wrong", self.hint)


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
