"""Exercise checks give specific feedback and never print the answer."""

from __future__ import annotations

import numpy as np
import pandas as pd
import pytest

from book import data, exercises
from book.checks import glance


@pytest.fixture(scope="module")
def d() -> data.BookData:
    return data.load()


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
