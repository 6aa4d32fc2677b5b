"""The exercises' checks on the web page, where no kernel runs.

The build (:mod:`book.sphinxext.exercises`) replaces an exercise's "Not answered
yet" output by a form (:func:`form_html`) that holds the exercise as JSON
(:func:`spec`); ``book/static/gba/gba-exercises.js`` judges an answer from that
JSON exactly as :meth:`~book.exercises.kinds.NumberExercise.check` does. The JSON
holds what the kernel's check computes from the data (the expected value, the
value each known slip gives) worked out at build time from the book's data, and
the feedback words made by the exercise's own methods, so both give the same
feedback. The words of the web page's own prompt, and what a reader may type that
the kernel never sees (a thousands separator, a trailing ``%``), are the only
differences.
"""

from __future__ import annotations

import html
import json
import math
from typing import Any

from book.data import BookData
from book.exercises.kinds import (
    STATUS_LABELS,
    CityExercise,
    Exercise,
    NumberExercise,
)

__all__ = ["PROMPTS", "form_html", "spec", "spec_json", "typographic"]

PROMPTS = {
    "number": "type your answer and press Check",
    "city": "choose a city and press Check",
    "choice": "choose one of the options and press Check",
}
"""What an empty answer is told on the web page (the kernel says "run the cell")."""

_PLACEHOLDER = "\x00"
_LABEL = "Your answer \N{EM DASH} "


def typographic(text: str) -> str:
    """Apostrophes as the page prints them (Sphinx's smart quotes curl the text's)."""
    return text.replace("'", "\u2019")


def _number(value: Any) -> float | None:
    """A finite number as JSON holds it; NaN and infinities (never matched) as null."""
    value = float(value)
    return value if math.isfinite(value) else None


def kind(exercise: Exercise) -> str:
    """``"number"``, ``"city"`` or ``"choice"``."""
    if isinstance(exercise, NumberExercise):
        return "number"
    return "city" if isinstance(exercise, CityExercise) else "choice"


def _number_spec(exercise: NumberExercise, data: BookData) -> dict[str, Any]:
    return {
        "target": _number(exercise.expected(data)),
        "atol": exercise.atol,
        "rtol": exercise.rtol,
        "closeRtol": exercise.close_rtol,
        "percent": exercise.unit.startswith("%"),
        "slips": [[_number(slip(data)), hint] for slip, hint in exercise.slips],
        "scales": [[factor, hint] for factor, hint in exercise.scale_hints.items()],
        "messages": {
            "correct": exercise.correct_message(),
            "close": exercise.close_message(),
            "high": exercise.direction_message(True),
            "low": exercise.direction_message(False),
            "notANumber": exercise.not_a_number("str"),
        },
    }


def _pick_spec(exercise: Any, data: BookData) -> dict[str, Any]:
    unknown = exercise.unknown(_PLACEHOLDER, data).split(_PLACEHOLDER)
    if len(unknown) != 2:
        raise ValueError(f"{exercise.exercise_id}: the unknown-name message")
    return {
        "target": exercise.expected(data),
        "names": exercise.names(data),
        "messages": {
            "correct": exercise.correct_message(),
            "wrong": exercise.hint,
            "unknown": unknown,
        },
    }


def spec(exercise: Exercise, data: BookData) -> dict[str, Any]:
    """What ``gba-exercises.js`` needs to judge an answer as the kernel does.

    Parameters
    ----------
    exercise : Exercise
        An exercise of the registry.
    data : BookData
        The data its expected answer and its slips are computed from.

    Returns
    -------
    dict
        JSON-safe: ``id``, ``kind``, ``labels`` (the status labels), the numbers
        or names to compare with, and the feedback messages.

    """
    what = kind(exercise)
    if what == "number":
        details = _number_spec(exercise, data)  # type: ignore[arg-type]
    else:
        details = _pick_spec(exercise, data)
    details["messages"]["unanswered"] = PROMPTS[what]
    return {
        "id": exercise.exercise_id,
        "kind": what,
        "labels": dict(STATUS_LABELS),
        **details,
    }


def spec_json(exercise: Exercise, data: BookData) -> str:
    """:func:`spec` as JSON that is safe inside a ``<script>`` element."""
    text = json.dumps(
        spec(exercise, data), ensure_ascii=False, allow_nan=False, sort_keys=True
    )
    return text.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026")


def _control(exercise: Exercise, data: BookData, field: str) -> str:
    """The input, select or radio group of the form."""
    what = kind(exercise)
    esc = html.escape
    if what == "number":
        unit = esc(typographic(exercise.unit))  # type: ignore[union-attr]
        return (
            f'<label class="gba-check-label" for="{field}">{_LABEL}'
            f'<span class="gba-check-unit">{unit}</span></label>'
            f'<input id="{field}" name="answer" type="text" autocomplete="off" '
            'spellcheck="false" autocapitalize="off">'
        )
    choices = exercise.choices(data)  # type: ignore[union-attr]
    if what == "city":
        options = "".join(
            f'<option value="{esc(value)}">{esc(label)}</option>'
            for value, label in choices
        )
        return (
            f'<label class="gba-check-label" for="{field}">{_LABEL}'
            '<span class="gba-check-unit">a city</span></label>'
            f'<select id="{field}" name="answer">'
            f'<option value="">Choose a city</option>{options}</select>'
        )
    radios = "".join(
        f'<label class="gba-check-option"><input type="radio" name="answer" '
        f'value="{esc(value)}"> {esc(label)}</label>'
        for value, label in choices
    )
    return (
        '<fieldset class="gba-check-choices"><legend class="gba-check-label">'
        f'{_LABEL}<span class="gba-check-unit">one of the options</span></legend>'
        f"{radios}</fieldset>"
    )


def form_html(exercise: Exercise, data: BookData) -> str:
    """The form that checks an answer on the page, with the exercise as JSON.

    It is ``hidden`` until ``gba-exercises.js`` wires it up, so a page read without
    scripts shows no dead controls. The feedback goes into a live region.
    """
    eid = html.escape(exercise.exercise_id)
    field = f"gba-answer-{eid}"
    return (
        f'<form class="gba-check gba-check-{kind(exercise)}" data-exercise="{eid}" '
        "hidden>"
        f'<div class="gba-check-row">{_control(exercise, data, field)}'
        '<button type="submit" class="gba-check-button">Check</button></div>'
        '<div class="gba-check-result" role="status" aria-live="polite"></div>'
        '<script type="application/json" class="gba-check-spec">'
        f"{spec_json(exercise, data)}</script></form>"
    )
