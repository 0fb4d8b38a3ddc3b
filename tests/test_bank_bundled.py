"""The bank that ships with quizapp: valid, complete and dated."""

from __future__ import annotations

import datetime as dt
from collections import Counter
from pathlib import Path

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


# -- how the bank teaches: answers spread, hints that do not answer, quoted evidence ----------

REAL_ARTICLE = Path(__file__).resolve().parents[1].parent / "shared/source/article-apec-lee-xi.txt"
"""The article the bundled bank was written from; it does not ship with quizapp."""


def test_right_choices_are_spread_over_the_positions(deck: Deck) -> None:
    """Shown in the bank's order (`--no-shuffle`), no position holds the right choice in more
    than half of the choice questions: a student cannot learn to press the same key."""
    positions = Counter(
        q.choices.index(next(iter(q.correct_choices)))
        for q in deck.questions
        if q.kind is QuestionKind.CHOICE
    )
    assert max(positions.values()) <= sum(positions.values()) / 2, positions


def test_multi_questions_vary_in_how_many_choices_are_right(deck: Deck) -> None:
    """Not every "select all" question has the same number of right choices."""
    counts = Counter(len(q.correct_choices) for q in deck.questions if q.kind is QuestionKind.MULTI)
    assert len(counts) >= 2 and max(counts.values()) <= sum(counts.values()) / 2, counts


def test_true_false_answers_are_not_mostly_one_way(deck: Deck) -> None:
    """At most three quarters of the true/false questions share an answer."""
    answers = Counter(
        next(iter(q.correct_choices)) for q in deck.questions if q.kind is QuestionKind.TRUEFALSE
    )
    assert max(answers.values()) <= 0.75 * sum(answers.values()), answers


def test_no_hint_contains_its_answer(deck: Deck) -> None:
    """A hint helps; it does not say the right choice or an accepted answer."""
    from quizapp.text.normalise import normalise

    def said(answer: str, hint: str) -> bool:
        return f" {normalise(answer)} " in f" {normalise(hint)} "

    giving = [
        q.id
        for q in deck.questions
        if q.hint
        and any(said(answer, q.hint) for answer in (*q.correct_choices, *q.accepted) if answer)
    ]
    assert giving == []


def test_every_question_quotes_the_article_briefly(deck: Deck) -> None:
    """Each question carries `evidence`, a short quotation (at most 12 words)."""
    assert [q.id for q in deck.questions if not q.evidence.strip()] == []
    assert [q.id for q in deck.questions if len(q.evidence.split()) > 12] == []


@pytest.mark.skipif(not REAL_ARTICLE.is_file(), reason="the source article is not on this machine")
def test_evidence_is_in_the_article_and_cites_every_paragraph_but_the_headline(deck: Deck) -> None:
    """Every phrase is found in the article, and every paragraph with a fact is cited; the
    headline (line 1) only restates the first summary line."""
    from quizapp.bank.article import check_evidence, read_article

    article = read_article(REAL_ARTICLE)
    check = check_evidence(deck, article)
    assert [problem.message for problem in check.warnings] == []
    cited = {passage.block for passage in check.found.values()}
    uncited = [
        block.line
        for index, block in enumerate(article.blocks)
        if not block.heading and index not in cited
    ]
    assert uncited == [1]
