"""Exercise checks give specific feedback and never print the answer.

Every registered exercise declares a solution (worked from the data as a student
would) and the documented wrong answers its hints are written for: the tests below
run over the whole registry.
"""

from __future__ import annotations

import re
from pathlib import Path

import numpy as np
import pandas as pd
import pytest

from book import data, exercises
from book.checks import glance

EXERCISES = exercises.registry()
IDS = sorted(EXERCISES)


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


def test_the_registry_holds_every_chapter_s_exercises() -> None:
    assert len(IDS) >= 24
    assert len(MISTAKES) >= 2 * len(IDS)


@pytest.mark.parametrize("exercise_id", IDS)
def test_the_declared_solution_is_judged_correct(
    d: data.BookData, exercise_id: str
) -> None:
    answer = EXERCISES[exercise_id].solution(d)
    feedback = exercises.check(exercise_id, answer, data=d)
    assert feedback.status == "correct", feedback
    assert str(feedback).startswith("Correct: well done")


MISTAKES = [(i, n) for i in IDS for n in range(len(EXERCISES[i].mistakes))]


@pytest.mark.parametrize(
    ("exercise_id", "number"), MISTAKES, ids=[f"{i}-{n}" for i, n in MISTAKES]
)
def test_each_documented_wrong_answer_meets_its_hint(
    d: data.BookData, exercise_id: str, number: int
) -> None:
    exercise = EXERCISES[exercise_id]
    mistake = exercise.mistakes[number]
    feedback = exercises.check(exercise_id, mistake.answer(d), data=d)
    assert feedback.status == "wrong", feedback
    assert mistake.hint in feedback.message, feedback
    # the words belong to one hint only, so meeting them means meeting that hint
    assert sum(mistake.hint in hint for hint in exercise.hints()) == 1


@pytest.mark.parametrize("exercise_id", IDS)
def test_every_hint_is_written_for_a_documented_wrong_answer(exercise_id: str) -> None:
    exercise = EXERCISES[exercise_id]
    assert exercise.hints()
    for hint in exercise.hints():
        assert any(m.hint in hint for m in exercise.mistakes), hint


@pytest.mark.parametrize("exercise_id", IDS)
def test_a_missing_answer_is_not_answered_yet(
    d: data.BookData, exercise_id: str
) -> None:
    for missing in (..., None):
        feedback = exercises.check(exercise_id, missing, data=d)
        assert feedback.status == "unanswered"
        assert str(feedback).startswith("Not answered yet: replace ... with")


def _printed(solution: object, d: data.BookData) -> list[str]:
    """How the solution could appear in a text: a name, or a number's digits."""
    if isinstance(solution, str):
        cities = d.cities.set_index("city_id")
        if solution in cities.index:
            return [solution, *cities.loc[solution, ["name_en", "name_zh"]]]
        return [solution]
    value = float(solution)
    if abs(value) < 100:  # a small number could stand in a hint by chance
        return []
    return [f"{value:.0f}", f"{value:,.0f}", f"{value:.1f}"]


@pytest.mark.parametrize("exercise_id", IDS)
def test_no_feedback_prints_the_solution(d: data.BookData, exercise_id: str) -> None:
    """Not in a hint, nor as a number in any feedback (a name's type feedback lists
    every city or option, the right one among them: that reveals nothing)."""
    exercise = EXERCISES[exercise_id]
    answers = [m.answer(d) for m in exercise.mistakes] + [...]
    if isinstance(exercise, exercises.NumberExercise):
        answers += ["x", [1, 2], pd.Series([1.0, 2.0])]
    texts = [str(exercises.check(exercise_id, a, data=d)).lower() for a in answers]
    for printed in _printed(exercise.solution(d), d):
        assert not [t for t in texts if printed.lower() in t], printed


@pytest.mark.build
def test_the_chapters_hidden_solutions_are_judged_correct(built_book: Path) -> None:
    """Each chapter's solution is judged Correct (its scaffold's unanswered output
    becomes a check form on the page: tests/test_exercises_web.py)."""
    shown: dict[str, list[str]] = {}
    for page in sorted((built_book / "chapters").glob("*.html")):
        text = page.read_text(encoding="utf-8")
        for status, exercise_id in re.findall(
            r'class="gba-feedback gba-(\w+)" role="status"><strong>[^<]*</strong>'
            r" \(([\w-]+)\)",
            text,
        ):
            shown.setdefault(exercise_id, []).append(status)
    assert set(shown) == set(IDS)
    for exercise_id, statuses in shown.items():
        assert statuses == ["correct"], exercise_id


def _density(d: data.BookData) -> float:
    return d.value("macao", "population", 2024) * 10_000 / d.value("macao", "land_area")


def test_unanswered_scaffold(d: data.BookData) -> None:
    assert exercises.check("bay-density-macao", ..., data=d).status == "unanswered"
    assert exercises.check("bay-density-macao", None, data=d).status == "unanswered"


def test_correct_answers_of_any_numeric_type(d: data.BookData) -> None:
    value = _density(d)
    for answer in (value, round(value), np.float64(value), pd.Series([value])):
        feedback = exercises.check("bay-density-macao", answer, data=d)
        assert feedback.status == "correct" and bool(feedback)


def test_unit_slip_gets_a_specific_hint(d: data.BookData) -> None:
    feedback = exercises.check("bay-density-macao", _density(d) / 10_000, data=d)
    assert feedback.status == "wrong" and "10,000" in feedback.message


def test_close_and_wrong(d: data.BookData) -> None:
    assert (
        exercises.check("bay-density-macao", _density(d) * 1.03, data=d).status
        == "close"
    )
    wrong = exercises.check("bay-density-macao", _density(d) * 2, data=d)
    assert wrong.status == "wrong" and "too high" in wrong.message


def test_wrong_type_or_shape(d: data.BookData) -> None:
    whole = d.series("population", year=2024)["value"]
    assert exercises.check("bay-density-macao", whole, data=d).status == "type"
    assert exercises.check("bay-density-macao", "20000", data=d).status == "type"
    assert exercises.check("bay-density-macao", float("nan"), data=d).status == "type"


def test_feedback_never_reveals_the_answer(d: data.BookData) -> None:
    value = _density(d)
    for answer in (..., value * 2, value * 1.03, value / 10_000, "x"):
        feedback = exercises.check("bay-density-macao", answer, data=d)
        text = str(feedback) + feedback._repr_html_()
        for shown in (f"{value:.0f}", f"{value:,.0f}", f"{value:.1f}"):
            assert shown not in text


def test_city_answers_accept_names_in_either_language(d: data.BookData) -> None:
    densest = exercises.registry()["bay-densest-mainland"].expected(d)
    name = d.cities.set_index("city_id").loc[densest]
    for answer in (densest, name["name_en"].upper(), name["name_zh"]):
        assert (
            exercises.check("bay-densest-mainland", answer, data=d).status == "correct"
        )
    assert exercises.check("bay-densest-mainland", "Macao", data=d).status == "wrong"
    assert exercises.check("bay-densest-mainland", "Atlantis", data=d).status == "type"
    assert (
        exercises.check("bay-densest-mainland", ["Shenzhen"], data=d).status == "type"
    )


def test_known_slips_in_the_share_exercise(d: data.BookData) -> None:
    share = glance._share(d, 2023, "revised")
    check = exercises.check
    assert check("bay-share-2023-revised", share, data=d).status == "correct"
    prelim = check(
        "bay-share-2023-revised", glance._share(d, 2023, "preliminary"), data=d
    )
    assert "preliminary" in prelim.message
    naive = check(
        "bay-share-2023-revised",
        glance._share_unconverted(d, 2023, "revised"),
        data=d,
    )
    assert "convert" in naive.message
    fraction = check("bay-share-2023-revised", share / 100, data=d)
    assert "percentage" in fraction.message


def test_feedback_html_escapes_student_text(d: data.BookData) -> None:
    feedback = exercises.check(
        "bay-densest-mainland", "<img src=x onerror=alert(1)>", data=d
    )
    assert "<img" not in feedback._repr_html_()


def test_unknown_exercise_lists_the_known_ones() -> None:
    with pytest.raises(KeyError, match="bay-density-macao"):
        exercises.check("nope", 1)
