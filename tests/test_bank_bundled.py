"""The bank that ships with quizapp: valid, complete and dated."""

from __future__ import annotations

import datetime as dt
from collections import Counter

import pytest

from quizapp.bank import Deck, QuestionKind, bundled_banks_dir, load_deck

BUNDLED = bundled_banks_dir() / "apec-2025-korea-china.yaml"


@pytest.fixture(scope="module")
def deck() -> Deck:
    return load_deck(BUNDLED)


def test_bundled_bank_validates(deck: Deck) -> None:
    """The bundled bank loads without a single problem."""
    assert deck.id == "apec-2025-korea-china"
    assert deck.title == "Korea and China ahead of APEC 2025"


def test_at_least_30_questions(deck: Deck) -> None:
    """A full drill has at least 30 questions."""
    assert len(deck.questions) >= 30


def test_every_type_used_at_least_twice(deck: Deck) -> None:
    """Each question type appears at least twice, so every answer widget gets exercised."""
    counts = Counter(q.kind for q in deck.questions)
    assert {kind: counts[kind] for kind in QuestionKind if counts[kind] < 2} == {}


def test_every_question_has_explanation_topic_and_section(deck: Deck) -> None:
    """Feedback and the results breakdown need an explanation, topic and section on every question."""
    lacking = [
        q.id
        for q in deck.questions
        if not (q.explanation.strip() and q.topic.strip() and q.section.strip())
    ]
    assert lacking == []


def test_briefing_is_120_to_250_words(deck: Deck) -> None:
    """The briefing is long enough to prepare and short enough to read before the quiz."""
    assert 120 <= len(deck.briefing.split()) <= 250


def test_as_of_is_the_day_of_the_call(deck: Deck) -> None:
    """The facts are dated 2025-06-10, the day of the Lee-Xi call."""
    assert deck.as_of == dt.date(2025, 6, 10)
