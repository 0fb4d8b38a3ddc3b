"""Grading one response: right or wrong, partial credit, and how a response is written out."""

from __future__ import annotations

import pytest

from quizapp.bank import Question, QuestionKind
from quizapp.engine.grading import Grade, grade, response_text

CHOICE = Question(
    id="host",
    kind=QuestionKind.CHOICE,
    prompt="Who hosts APEC 2025?",
    choices=("South Korea", "China", "Japan"),
    correct_choices=frozenset({"South Korea"}),
)
TRUEFALSE = Question(
    id="accepted",
    kind=QuestionKind.TRUEFALSE,
    prompt="Xi accepted the invitation.",
    choices=("True", "False"),
    correct_choices=frozenset({"False"}),
)
MULTI = Question(
    id="themes",
    kind=QuestionKind.MULTI,
    prompt="What did both sides stress?",
    choices=("Multilateralism", "Free trade", "Tariffs", "Supply chains", "Currency controls"),
    correct_choices=frozenset({"Multilateralism", "Free trade", "Supply chains"}),
)
TEXT = Question(
    id="leader",
    kind=QuestionKind.TEXT,
    prompt="Name Japan's prime minister.",
    accepted=("Ishiba", "Ishiba Shigeru"),
)
NUMBER = Question(
    id="years",
    kind=QuestionKind.NUMBER,
    prompt="Years since Xi's last visit?",
    number=11.0,
    tolerance=0.5,
    unit="years",
)
ORDER = Question(
    id="timeline",
    kind=QuestionKind.ORDER,
    prompt="Earliest first.",
    items=("Election", "Ishiba call", "Xi call", "Summit"),
)


def test_choice() -> None:
    """A choice is right only when it is the right option, exactly."""
    assert grade(CHOICE, "South Korea") == Grade(True, 1.0)
    assert grade(CHOICE, "China") == Grade(False, 0.0)
    assert grade(CHOICE, "south korea") == Grade(False, 0.0)


def test_truefalse() -> None:
    """A true/false answer is graded by its label."""
    assert grade(TRUEFALSE, "False") == Grade(True, 1.0)
    assert grade(TRUEFALSE, "True") == Grade(False, 0.0)


def test_text() -> None:
    """A typed text answer is matched leniently against every accepted spelling."""
    assert grade(TEXT, "ishiba shigeru") == Grade(True, 1.0)
    assert grade(TEXT, "Ishbia") == Grade(True, 1.0)
    assert grade(TEXT, "Kishida") == Grade(False, 0.0)


def test_number() -> None:
    """A typed number counts within the tolerance, with or without its unit."""
    assert grade(NUMBER, "11 years") == Grade(True, 1.0)
    assert grade(NUMBER, "10.5") == Grade(True, 1.0)
    assert grade(NUMBER, "12") == Grade(False, 0.0)
    assert grade(NUMBER, "11 months") == Grade(False, 0.0)
    assert grade(NUMBER, "eleven") == Grade(False, 0.0)


@pytest.mark.parametrize(
    ("picked", "correct", "credit"),
    [
        ({"Multilateralism", "Free trade", "Supply chains"}, True, 1.0),
        ({"Multilateralism", "Free trade"}, False, 2 / 3),
        ({"Multilateralism"}, False, 1 / 3),
        ({"Multilateralism", "Free trade", "Tariffs"}, False, 1 / 3),
        ({"Multilateralism", "Free trade", "Supply chains", "Tariffs"}, False, 2 / 3),
        ({"Multilateralism", "Tariffs"}, False, 0.0),
        ({"Multilateralism", "Tariffs", "Currency controls"}, False, 0.0),
        ({"Tariffs", "Currency controls"}, False, 0.0),
        (set(), False, 0.0),
    ],
)
def test_multi_partial_credit(picked: set[str], correct: bool, credit: float) -> None:
    """Multi credit is (right picks - wrong picks) / number right, never below 0; correct only when exact."""
    result = grade(MULTI, frozenset(picked))
    assert result.correct is correct
    assert result.credit == pytest.approx(credit)


@pytest.mark.parametrize(
    ("given", "correct", "credit"),
    [
        (("Election", "Ishiba call", "Xi call", "Summit"), True, 1.0),
        (("Election", "Xi call", "Ishiba call", "Summit"), False, (5 - 1) / 6),
        (("Ishiba call", "Election", "Xi call", "Summit"), False, (5 - 1) / 6),
        (("Ishiba call", "Election", "Summit", "Xi call"), False, (4 - 2) / 6),
        (("Summit", "Election", "Ishiba call", "Xi call"), False, (3 - 3) / 6),
        (("Summit", "Xi call", "Ishiba call", "Election"), False, 0.0),
    ],
)
def test_order_partial_credit(given: tuple[str, ...], correct: bool, credit: float) -> None:
    """Order credit is (pairs in order - pairs out of order) / all pairs, never below 0."""
    result = grade(ORDER, given)
    assert result.correct is correct
    assert result.credit == pytest.approx(credit)


def test_order_of_three_with_one_swap() -> None:
    """Three items with one neighbour swap: 2 pairs right, 1 wrong, of 3 -> 1/3."""
    question = Question(id="t", kind=QuestionKind.ORDER, prompt="P", items=("a", "b", "c"))
    assert grade(question, ("b", "a", "c")).credit == pytest.approx(1 / 3)


@pytest.mark.parametrize(
    ("question", "response"),
    [
        (CHOICE, frozenset({"South Korea"})),
        (CHOICE, ("South Korea",)),
        (TRUEFALSE, True),
        (MULTI, "Multilateralism"),
        (MULTI, ("Multilateralism", "Free trade", "Supply chains")),
        (TEXT, ("Ishiba",)),
        (TEXT, frozenset({"Ishiba"})),
        (NUMBER, 11.0),
        (NUMBER, 11),
        (ORDER, ["Election", "Ishiba call", "Xi call", "Summit"]),
        (ORDER, "Election, Ishiba call, Xi call, Summit"),
        (ORDER, ("Election", "Ishiba call", "Xi call")),
        (ORDER, ("Election", "Ishiba call", "Xi call", "Summit", "Summit")),
        (ORDER, ("Election", "Ishiba call", "Xi call", "Inauguration")),
    ],
)
def test_wrong_shaped_responses_are_wrong(question: Question, response: object) -> None:
    """A response of the wrong type, or an order with missing, extra or unknown items, earns nothing."""
    assert grade(question, response) == Grade(False, 0.0)  # type: ignore[arg-type]


def test_response_text() -> None:
    """Responses are written out for people: picks in choice order, arrows for order, skipped marked."""
    assert response_text(CHOICE, "China") == "China"
    assert response_text(TEXT, "Ishbia") == "Ishbia"
    assert response_text(TEXT, None) == "(skipped)"
    assert (
        response_text(MULTI, frozenset({"Supply chains", "Multilateralism"}))
        == "Multilateralism; Supply chains"
    )
    assert response_text(MULTI, frozenset()) == "(nothing selected)"
    assert response_text(ORDER, ("Summit", "Election")) == "Summit → Election"
