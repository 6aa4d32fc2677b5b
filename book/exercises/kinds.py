"""The kinds of exercise and the feedback a check gives (see :mod:`book.exercises`).

Every message a check can give is made by one method of its exercise, so the
kernel's check and the web page's (:mod:`book.exercises.web`, evaluated by
``gba-exercises.js``) share their words.
"""

from __future__ import annotations

import html
import math
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any, ClassVar

from book.answers import Opaque, describe, is_missing, restore, type_name
from book.data import BookData

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
    ``decimals`` is the precision the answer is shown with in the solution
    (:meth:`answer_text`); ``unit`` up to its first ", " is the unit shown there.
    """

    expected: Callable[[BookData], float]
    unit: str
    rtol: float = 0.005
    close_rtol: float = 0.05
    atol: float | None = None
    slips: Sequence[tuple[Callable[[BookData], float], str]] = ()
    scale_hints: dict[float, str] = field(default_factory=dict)
    decimals: int = field(kw_only=True)

    def hints(self) -> list[str]:
        """The hints of the slips, then those of the scale slips."""
        return [hint for _, hint in self.slips] + list(self.scale_hints.values())

    def answer_text(self, data: BookData) -> str:
        """The expected answer with its precision and unit, e.g. ``11.4 years``."""
        value = f"{self.expected(data):,.{self.decimals}f}"
        unit = self.unit.split(", ")[0]
        return f"{value}{unit}" if unit.startswith("%") else f"{value} {unit}"

    # ------------------------------------------------ the words of the feedback

    def correct_message(self) -> str:
        """What a correct answer is told."""
        return f"well done ({self.unit})"

    def close_message(self) -> str:
        """What an answer within ``close_rtol`` (and no known slip) is told."""
        return (
            f"within {self.close_rtol:.0%} but not exact: check the year, "
            "rounding in intermediate steps, and that you used the figures "
            "the exercise names"
        )

    def direction_message(self, too_high: bool) -> str:
        """What any other wrong number is told."""
        direction = "too high" if too_high else "too low"
        return f"{direction}; re-read the units ({self.unit})"

    def not_a_number(self, kind: str) -> str:
        """The start of what an answer of type ``kind`` is told (its text follows)."""
        return f"expected a number ({self.unit}), got {kind} "

    # ------------------------------------------------ judging

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
            return self.not_a_number(type_name(answer)) + repr(shown)
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
            return Feedback(fid, "correct", self.correct_message())
        hint = self._slip_hint(value, target, data)
        if hint:
            return Feedback(fid, "wrong", hint)
        if abs(value - target) / abs(target) <= self.close_rtol:
            return Feedback(fid, "close", self.close_message())
        return Feedback(fid, "wrong", self.direction_message(value > target))


@dataclass(frozen=True)
class _PickExercise(_Exercise):
    """An exercise whose answer is one name out of a known set, as text."""

    expected: Callable[[BookData], str]
    hint: str

    def hints(self) -> list[str]:
        """The one hint every wrong pick gets."""
        return [self.hint]

    def correct_message(self) -> str:
        """What a correct pick is told."""
        return "well done"

    def _judge(self, answer: Any, data: BookData) -> Feedback:
        """Compare the name picked with the expected one."""
        fid = self.exercise_id
        if not isinstance(answer, str):
            return Feedback(fid, "type", self._expects(answer))
        picked = self.names(data).get(answer.strip().lower())
        if picked is None:
            return Feedback(fid, "type", self.unknown(answer, data))
        if picked == self.expected(data):
            return Feedback(fid, "correct", self.correct_message())
        return Feedback(fid, "wrong", self.hint)

    def names(self, data: BookData) -> dict[str, str]:
        """Each accepted spelling, lower case, and the name it stands for."""
        raise NotImplementedError

    def choices(self, data: BookData) -> list[tuple[str, str]]:
        """The names to pick from and how each is shown, in order."""
        raise NotImplementedError

    def answer_text(self, data: BookData) -> str:
        """The expected answer as the solution shows it."""
        return dict(self.choices(data))[self.expected(data)]

    def unknown(self, answer: str, data: BookData) -> str:
        """What a name that is not one of the choices is told."""
        raise NotImplementedError

    def _expects(self, answer: Any) -> str:
        raise NotImplementedError


@dataclass(frozen=True)
class CityExercise(_PickExercise):
    """An exercise whose answer is one city (id, English or Chinese name)."""

    prompt: ClassVar[str] = "replace ... with a city name and run the cell"

    def names(self, data: BookData) -> dict[str, str]:
        """Every city's Chinese and English name and id, lower case: its id."""
        cities = data.cities
        return {
            name.lower(): city
            for column in ("name_zh", "name_en", "city_id")
            for name, city in zip(cities[column], cities["city_id"], strict=True)
        }

    def choices(self, data: BookData) -> list[tuple[str, str]]:
        """The cities' ids and English names, in the data's order."""
        cities = data.cities
        return list(zip(cities["city_id"], cities["name_en"], strict=True))

    def answer_text(self, data: BookData) -> str:
        """The city's English name, then its Chinese name in brackets."""
        city = data.cities.set_index("city_id").loc[self.expected(data)]
        return f"{city['name_en']} ({city['name_zh']})"

    def _expects(self, answer: Any) -> str:
        kind = type_name(answer)
        return f"expected one city name as text (e.g. 'Foshan'), got {kind}"

    def unknown(self, answer: str, data: BookData) -> str:
        """Not a city: the names to choose from."""
        names = ", ".join(data.cities["name_en"])
        return f"'{answer}' is not one of the 11 cities ({names})"


@dataclass(frozen=True)
class ChoiceExercise(_PickExercise):
    """An exercise whose answer is one of a few named options (case-insensitive)."""

    options: Sequence[str] = ()
    prompt: ClassVar[str] = "replace ... with one of the options"

    def names(self, data: BookData) -> dict[str, str]:
        """Every option, lower case: the option."""
        return {option.lower(): option for option in self.options}

    def choices(self, data: BookData) -> list[tuple[str, str]]:
        """The options, each shown as written."""
        return [(option, option) for option in self.options]

    def _expects(self, answer: Any) -> str:
        return f"expected one of {self._choices()} as text"

    def unknown(self, answer: str, data: BookData) -> str:
        """Not an option: the options to choose from."""
        return f"'{answer}' is not an option; choose {self._choices()}"

    def _choices(self) -> str:
        return ", ".join(repr(o) for o in self.options)


Exercise = NumberExercise | CityExercise | ChoiceExercise
