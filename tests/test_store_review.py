"""Spaced review over FSRS: ratings, what a review round asks, and the week ahead."""

from __future__ import annotations

import datetime as dt
import os
import time
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from fsrs import Rating

from quizapp.bank import Deck
from quizapp.engine.session import Answer, Mode, QuizSession, RoundKind, RoundOptions
from quizapp.store.address import DatabaseAddress
from quizapp.store.recorder import RoundRecorder
from quizapp.store.reports import question_summaries
from quizapp.store.results import ResultsStore, ReviewCard
from quizapp.store.review import (
    FAST_SECONDS,
    SLOW_SECONDS,
    due_per_day,
    due_today,
    rating_for,
    review_questions,
)
from tests.conftest import FakeClock
from tests.engines import TestDatabase
from tests.store_helpers.play import START, StoreClock, engine_deck, fixed_scheduler, right, wrong

DECK = engine_deck()
Q = {q.id: q for q in DECK.questions}
MINUTE = dt.timedelta(minutes=1)


@pytest.fixture(autouse=True)
def utc_local_time() -> Iterator[None]:
    """ "Today" is the local day: pin the local zone to UTC so days are the same everywhere."""
    before = os.environ.get("TZ")
    os.environ["TZ"] = "UTC"
    time.tzset()
    yield
    if before is None:
        del os.environ["TZ"]
    else:
        os.environ["TZ"] = before
    time.tzset()


# -- ratings --------------------------------------------------------------------------------


def made(correct: bool = True, seconds: float = 3.0, **flags: bool) -> Answer:
    return Answer(
        question=Q["leader"],
        response="x",
        correct=correct,
        credit=1.0 if correct else 0.0,
        seconds=seconds,
        first_try=True,
        **flags,
    )


@pytest.mark.parametrize(
    ("answer", "rating"),
    [
        (made(correct=False), Rating.Again),
        (made(correct=False, seconds=60, hint_used=True), Rating.Again),
        (made(correct=False, skipped=True), Rating.Again),
        (made(seconds=FAST_SECONDS - 0.5), Rating.Easy),
        (made(seconds=FAST_SECONDS - 0.5, hint_used=True), Rating.Hard),
        (made(seconds=SLOW_SECONDS + 1), Rating.Hard),
        (made(seconds=FAST_SECONDS), Rating.Good),
        (made(seconds=(FAST_SECONDS + SLOW_SECONDS) / 2), Rating.Good),
        (made(seconds=SLOW_SECONDS), Rating.Good),
        (made(seconds=FAST_SECONDS - 0.5, overruled=True), Rating.Good),
    ],
    ids=[
        "wrong",
        "wrong-slow-hinted",
        "skipped",
        "right-fast",
        "right-hinted",
        "right-slow",
        "right-at-fast-limit",
        "right-middling",
        "right-at-slow-limit",
        "overruled",
    ],
)
def test_an_answer_becomes_an_fsrs_rating(answer: Answer, rating: Rating) -> None:
    """How well a question was known sets when it comes back: wrong/skipped Again, quick Easy, hinted/slow Hard, else Good."""
    assert rating_for(answer) is rating


def test_a_partly_right_answer_is_rated_again() -> None:
    """Half-right multi picks count as not known: the question comes back soon."""
    partial = Answer(
        question=Q["themes"],
        response=frozenset({"Free trade"}),
        correct=False,
        credit=1 / 3,
        seconds=3.0,
        first_try=True,
    )
    assert rating_for(partial) is Rating.Again


# -- a review round -------------------------------------------------------------------------


def open_store(where: Path | DatabaseAddress, now: StoreClock) -> ResultsStore:
    store = ResultsStore.open(where, now=now, scheduler=fixed_scheduler())
    assert store.saving, store.notice
    return store


def play(
    store: ResultsStore,
    now: StoreClock,
    deck: Deck,
    plan: list[tuple[str, str, float]],
    name: str = "Alice",
    every: dt.timedelta = 15 * MINUTE,
) -> QuizSession:
    """A test-mode round over the plan's questions: (id, "right"|"wrong"|"skip", seconds taken);
    the store's clock moves `every` before each answer."""
    clock = FakeClock()
    by_id = {q.id: q for q in deck.questions}
    session = QuizSession(
        deck,
        RoundOptions(mode=Mode.TEST, shuffle=False),
        questions=[by_id[qid] for qid, _, _ in plan],
        seed=1,
        clock=clock,
    )
    recorder = RoundRecorder(store, store.student(name), session)
    session.observer = recorder
    for qid, how, seconds in plan:
        assert session.current is not None and session.current.question.id == qid
        now.now += every
        clock.advance(seconds)
        question = session.current.question
        if how == "skip":
            session.skip()
        else:
            session.submit(right(question) if how == "right" else wrong(question))  # type: ignore[arg-type]
        session.advance()
    return session


ROUND = [
    ("years", "right", 20.0),  # Good: back in 10 minutes
    ("host", "right", 3.0),  # Easy: back in days
    ("leader", "wrong", 3.0),  # Again: back in a minute
    ("accepted", "right", 3.0),  # Easy
    ("themes", "wrong", 3.0),  # Again
    ("timeline", "skip", 3.0),  # Again
]
"""Answered 15 minutes apart from 09:15: the Good card falls due before any missed one."""


def test_review_asks_missed_questions_first_then_due_then_new_in_bank_order(
    database: TestDatabase,
) -> None:
    """A review round starts with what the student got wrong, then other due questions, then unseen ones in bank order."""
    now = StoreClock()
    store = open_store(database.where, now)
    store.sync_deck(DECK)
    play(store, now, DECK, ROUND)
    alice = store.student("Alice")
    cards = {c.question_id: c for c in store.review_cards(alice, DECK.id)}
    assert set(cards) == {qid for qid, _, _ in ROUND}
    # py-fsrs 6 defaults without fuzzing, from a new card: Again 1 min, Good 10 min, Easy 8 days.
    assert cards["years"].due == START + 15 * MINUTE + 10 * MINUTE
    assert cards["leader"].due == START + 45 * MINUTE + MINUTE
    assert cards["host"].due == START + 30 * MINUTE + dt.timedelta(days=8)
    assert [(qid, cards[qid].last_correct) for qid in ("years", "host", "leader", "timeline")] == [
        ("years", True),
        ("host", True),
        ("leader", False),
        ("timeline", False),
    ]

    later = now.advance(hours=1)  # 12:00 the same day
    asked = [q.id for q in review_questions(DECK.questions, cards.values(), later)]
    assert asked == ["leader", "themes", "timeline", "years", "pair", "medium"]
    assert [c.question_id for c in due_today(cards.values(), later)] == [
        "leader",
        "themes",
        "timeline",
        "years",
    ]
    store.close()


def test_a_review_round_is_recorded_as_review_and_reschedules(database: TestDatabase) -> None:
    """Answering the review round right moves missed questions out of today's list."""
    now = StoreClock()
    store = open_store(database.where, now)
    store.sync_deck(DECK)
    play(store, now, DECK, ROUND)
    alice = store.student("Alice")
    now.advance(hours=1)
    questions = review_questions(DECK.questions, store.review_cards(alice, DECK.id), now())
    session = QuizSession(
        DECK,
        RoundOptions(mode=Mode.TEST),
        questions=questions,
        kind=RoundKind.REVIEW,
        seed=1,
        clock=FakeClock(),
    )
    session.observer = RoundRecorder(store, alice, session)
    while not session.finished:
        assert session.current is not None
        session.submit(right(session.current.question))  # type: ignore[arg-type]
        session.advance()
    assert [r["kind"] for r in store.query("SELECT kind FROM attempts ORDER BY id")] == [
        "round",
        "review",
    ]
    # Every question answered right and at once (Easy): nothing is left for today.
    assert due_today(store.review_cards(alice, DECK.id), now()) == []
    assert all(c.last_correct for c in store.review_cards(alice, DECK.id))
    assert {c.question_id for c in store.review_cards(alice, DECK.id)} == set(Q)
    store.close()


def test_due_per_day_counts_the_week_ahead_with_overdue_as_today(database: TestDatabase) -> None:
    """The stats screen's week: overdue reviews count today, later ones on their day, beyond 7 days not at all."""
    now = StoreClock()
    store = open_store(database.where, now)
    store.sync_deck(DECK)
    play(store, now, DECK, ROUND)
    cards = store.review_cards(store.student("Alice"), DECK.id)
    a_week_later = START + dt.timedelta(
        days=7, hours=3
    )  # 2025-06-17 12:00: the Easy ones are due tomorrow
    week = due_per_day(cards, a_week_later)
    assert week == [
        (dt.date(2025, 6, 17), 4),
        (dt.date(2025, 6, 18), 2),
        (dt.date(2025, 6, 19), 0),
        (dt.date(2025, 6, 20), 0),
        (dt.date(2025, 6, 21), 0),
        (dt.date(2025, 6, 22), 0),
        (dt.date(2025, 6, 23), 0),
    ]
    assert due_per_day(cards, START) == [
        (START.date() + dt.timedelta(days=n), 4 if n == 0 else 0) for n in range(7)
    ]
    store.close()


def test_due_per_day_window_edges() -> None:
    """Exactly seven days are shown; a review on the eighth day is not counted in any of them."""
    now = START  # Tuesday 2025-06-10 09:00 UTC
    at = [
        now - dt.timedelta(days=3),  # overdue: today
        now + dt.timedelta(hours=14, minutes=59),  # 23:59 today
        now + dt.timedelta(hours=15),  # midnight: tomorrow
        now + dt.timedelta(days=6),  # the seventh day
        now + dt.timedelta(days=6, hours=14, minutes=59),  # its last minute
        now + dt.timedelta(days=7),  # the eighth day: not shown
    ]
    cards = [ReviewCard(f"q{n}", due, False) for n, due in enumerate(at)]
    counts = dict(due_per_day(cards, now))
    assert len(counts) == 7
    assert counts[dt.date(2025, 6, 10)] == 2
    assert counts[dt.date(2025, 6, 11)] == 1
    assert counts[dt.date(2025, 6, 16)] == 2
    assert sum(counts.values()) == 5
    assert [c.question_id for c in due_today(cards, now)][:2] == ["q0", "q1"]
    assert "q3" not in [c.question_id for c in due_today(cards, now)]


def test_a_review_due_at_midnight_belongs_to_tomorrow_everywhere() -> None:
    """The start screen's "due today" and the week view agree on a review due at the stroke of midnight."""
    midnight = dt.datetime(2025, 6, 11, tzinfo=dt.UTC)
    cards = [ReviewCard("late", midnight, False)]
    assert dict(due_per_day(cards, START))[dt.date(2025, 6, 10)] == 0
    assert due_today(cards, START) == []


def test_an_overruled_answer_is_scheduled_as_if_it_had_been_right(database: TestDatabase) -> None:
    """ "I was right" replaces the Again the wrong mark gave with a Good from the card before it."""
    now = StoreClock()
    store = open_store(database.where, now)
    store.sync_deck(DECK)
    clock = FakeClock()
    session = QuizSession(
        DECK,
        RoundOptions(mode=Mode.PRACTICE, shuffle=False),
        questions=[Q["leader"], Q["host"]],
        seed=1,
        clock=clock,
    )
    alice = store.student("Alice")
    session.observer = RoundRecorder(store, alice, session)
    clock.advance(3)  # quick, but an overruled answer is never Easy
    session.submit("Ishiba-san")
    again = store.card_json(alice, DECK.id, "leader")
    session.overrule()
    session.advance()
    clock.advance(20)  # right, middling speed: Good
    session.submit("South Korea")
    overruled = store.card_json(alice, DECK.id, "leader")
    good = store.card_json(alice, DECK.id, "host")
    assert overruled is not None and overruled != again
    assert overruled == good  # same rating, same moment, both from a new card
    cards = {c.question_id: c for c in store.review_cards(alice, DECK.id)}
    assert cards["leader"].last_correct and cards["leader"].due == START + 10 * MINUTE
    store.close()


# -- the bank changes ----------------------------------------------------------------------

BANK = """\
deck: drill
title: Drill
settings: {shuffle: false}
questions:
  - id: capital
    type: text
    prompt: {capital}
    answer: Seoul
    topic: Places
  - id: host
    type: choice
    prompt: Which country hosts APEC 2025?
    choices: [South Korea, China]
    answer: South Korea
    topic: Places
{extra}"""

GONE = """\
  - id: gone
    type: truefalse
    prompt: Xi accepted the invitation.
    answer: false
    topic: People
"""


def bank(capital: str = "What is the capital of South Korea?", with_gone: bool = True) -> str:
    return BANK.replace("{capital}", capital).replace("{extra}", GONE if with_gone else "")


def test_a_question_removed_from_the_bank_drops_out_of_review_and_reports(
    database: TestDatabase, make_deck: Callable[..., Deck]
) -> None:
    """Deleting a question from the bank takes it out of review and the teacher's report; putting it back restores its history."""
    full = make_deck(bank(), "v1/drill.yaml")
    trimmed = make_deck(bank(with_gone=False), "v2/drill.yaml")
    assert full.id == trimmed.id == "drill"
    now = StoreClock()
    store = open_store(database.where, now)
    store.sync_deck(full)
    play(
        store,
        now,
        full,
        [("capital", "right", 20.0), ("host", "wrong", 3.0), ("gone", "wrong", 3.0)],
    )
    alice = store.student("Alice")
    assert {c.question_id for c in store.review_cards(alice, "drill")} == {
        "capital",
        "host",
        "gone",
    }
    assert {s.question_id for s in question_summaries(store)} == {"capital", "host", "gone"}

    store.sync_deck(trimmed)
    assert {c.question_id for c in store.review_cards(alice, "drill")} == {"capital", "host"}
    assert [s.question_id for s in question_summaries(store)] == ["host", "capital"]
    later = now.advance(hours=1)
    asked = review_questions(trimmed.questions, store.review_cards(alice, "drill"), later)
    assert [q.id for q in asked] == ["host", "capital"]

    store.sync_deck(full)
    back = {s.question_id: s for s in question_summaries(store)}
    assert (back["gone"].answered, back["gone"].right) == (1, 0)
    assert {c.question_id for c in store.review_cards(alice, "drill")} == {
        "capital",
        "host",
        "gone",
    }
    store.close()


def test_a_reworded_question_keeps_its_history_and_is_flagged(
    database: TestDatabase, make_deck: Callable[..., Deck]
) -> None:
    """Rewording a prompt keeps the answers given to it, shows the new wording, and flags the change."""
    first = make_deck(bank(), "v1/drill.yaml")
    reworded = make_deck(bank(capital="Which city is South Korea's capital?"), "v2/drill.yaml")
    now = StoreClock()
    store = open_store(database.where, now)
    store.sync_deck(first)
    play(store, now, first, [("capital", "wrong", 3.0), ("host", "right", 3.0)], name="Alice")
    unchanged = {s.question_id: s for s in question_summaries(store)}
    assert not unchanged["capital"].changed and not unchanged["host"].changed

    store.sync_deck(reworded)
    play(store, now, reworded, [("capital", "right", 3.0), ("host", "right", 3.0)], name="Bob")
    summaries = {s.question_id: s for s in question_summaries(store)}
    capital = summaries["capital"]
    assert capital.prompt == "Which city is South Korea's capital?"
    assert (capital.answered, capital.right, capital.common_wrong) == (2, 1, "Kishida")
    assert capital.changed
    assert not summaries["host"].changed
    alice = store.student("Alice")
    assert [c.question_id for c in store.review_cards(alice, "drill") if not c.last_correct] == [
        "capital"
    ]
    store.close()
