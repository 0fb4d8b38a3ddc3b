"""The results store's round trips: students, attempts and answers written and read back."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.engine.session import Answer, Mode, QuizSession, RoundKind, RoundOptions
from quizapp.store.address import DatabaseAddress
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.store.writes import AbandonAttempt, stamp
from tests.conftest import FakeClock
from tests.engines import TestDatabase
from tests.store_helpers.play import StoreClock, answer_current, engine_deck, fixed_scheduler

DECK = engine_deck()
BY_ID = {q.id: q for q in DECK.questions}


def open_store(where: Path | DatabaseAddress, now: StoreClock | None = None) -> ResultsStore:
    store = ResultsStore.open(where, now=now or StoreClock(), scheduler=fixed_scheduler())
    assert store.saving and store.notice == "", store.notice
    return store


def practice_round(store: ResultsStore, name: str, clock: FakeClock) -> QuizSession:
    """A practice round over the engine deck in bank order, kept by a recorder as the app does."""
    session = QuizSession(
        DECK, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=7, clock=clock
    )
    session.observer = RoundRecorder(store, store.student(name), session)
    return session


# -- students -----------------------------------------------------------------------------


def test_student_names_match_without_case_and_keep_the_first_spelling(
    database: TestDatabase,
) -> None:
    """ " Alice ", "ALICE" and "alice" are one student, shown as first typed: "Alice"."""
    store = open_store(database.where)
    first = store.student(" Alice ")
    assert first.name == "Alice"
    assert store.student("ALICE") == first
    assert store.student("alice") == first
    assert store.find_student("  aLiCe") == first
    assert store.find_student("Bob") is None
    store.close()
    assert database.rows("SELECT name FROM students") == [("Alice",)]
    reopened = open_store(database.where)
    assert reopened.find_student("ALICE") == first
    reopened.close()


@pytest.mark.parametrize("name", ["", "   ", "\t\n"])
def test_an_empty_student_name_is_refused(database: TestDatabase, name: str) -> None:
    """A blank name raises instead of creating a nameless student."""
    store = open_store(database.where)
    with pytest.raises(ValueError, match="at least one letter or digit"):
        store.student(name)
    assert store.find_student(name) is None
    store.close()
    assert database.rows("SELECT COUNT(*) FROM students") == [(0,)]


# -- attempts and answers -------------------------------------------------------------------


def play_every_type(session: QuizSession, clock: FakeClock) -> list[Answer]:
    """First tries at all 8 questions (each type, right, wrong, partial, skipped, hinted,
    overruled), then one retry; returns the answers as the engine reports them."""
    given: list[Answer] = []

    def submit(response: object, seconds: float) -> Answer:
        clock.advance(seconds)
        answer = session.submit(response)  # type: ignore[arg-type]
        given.append(answer)
        return answer

    assert session.current is not None and session.current.question.id == "host"
    session.use_hint()
    submit("South Korea", 4)  # choice, right, with the hint
    session.advance()
    submit("Ishiba Shigeru-san", 12)  # text, marked wrong...
    given[-1] = session.overrule()  # ...and overruled by the student
    session.advance()
    clock.advance(6)
    given.append(session.skip())  # number, skipped
    session.advance()
    submit(frozenset({"Multilateralism", "Free trade"}), 20)  # multi, partly right
    session.advance()
    submit("False", 2)  # truefalse, right
    session.advance()
    submit(("Summit", "Xi call", "Ishiba call", "Election"), 30)  # order, reversed
    session.advance()
    submit(("The call", "The gap since the last visit"), 5)  # order, right
    session.advance()
    submit("By letter", 3)  # choice, wrong
    session.advance()
    assert session.current is not None and session.current.retry
    assert session.current.question.id == "years"
    submit("11 years", 7)  # the skipped number question, right on its retry
    session.advance()
    return given


def test_every_question_type_is_read_back_as_it_was_answered(
    database: TestDatabase, clock: FakeClock
) -> None:
    """Resuming sees each answer as given: str, frozenset, tuple, None for a skip, and its flags."""
    store = open_store(database.where)
    session = practice_round(store, "Alice", clock)
    given = play_every_type(session, clock)
    store.close()

    store = open_store(database.where)
    saved = store.unfinished_attempt(store.student("alice"), DECK.id)
    assert saved is not None
    assert (saved.kind, saved.mode, saved.seed) == (RoundKind.ROUND, "practice", 7)
    assert saved.order == tuple(q.id for q in DECK.questions)
    assert saved.answered == 8
    assert [a.question_id for a in saved.answers] == [a.question.id for a in given]
    for kept, answer in zip(saved.answers, given, strict=True):
        assert kept.response == answer.response
        assert type(kept.response) is type(answer.response)
        assert (kept.correct, kept.credit, kept.seconds) == (
            answer.correct,
            answer.credit,
            answer.seconds,
        )
        assert (kept.hint_used, kept.skipped, kept.overruled, kept.first_try) == (
            answer.hint_used,
            answer.skipped,
            answer.overruled,
            answer.first_try,
        )
    responses = {a.question_id: a.response for a in saved.answers if a.first_try}
    assert responses == {
        "host": "South Korea",
        "leader": "Ishiba Shigeru-san",
        "years": None,
        "themes": frozenset({"Multilateralism", "Free trade"}),
        "accepted": "False",
        "timeline": ("Summit", "Xi call", "Ishiba call", "Election"),
        "pair": ("The call", "The gap since the last visit"),
        "medium": "By letter",
    }
    assert saved.restored_answers(BY_ID) == given
    store.close()


def test_a_resumed_round_goes_on_where_it_stopped(database: TestDatabase, clock: FakeClock) -> None:
    """After quitting mid-round, the saved answers rebuild the same round at the same question."""
    store = open_store(database.where)
    session = practice_round(store, "Alice", clock)
    play_every_type(session, clock)
    store.close()

    store = open_store(database.where)
    saved = store.unfinished_attempt(store.student("Alice"), DECK.id)
    assert saved is not None
    resumed = QuizSession(
        DECK,
        RoundOptions(mode=Mode(saved.mode), seed=saved.seed, shuffle=False),
        questions=[BY_ID[qid] for qid in saved.order],
        kind=saved.kind,
        seed=saved.seed,
        clock=clock,
        resume=saved.restored_answers(BY_ID),
    )
    assert resumed.current is not None and session.current is not None
    assert (resumed.current.question.id, resumed.current.retry) == (
        session.current.question.id,
        session.current.retry,
    )
    assert resumed.answered_first_tries == session.answered_first_tries == 8
    assert resumed.points == session.points
    assert resumed.retries_left == session.retries_left
    store.close()


def test_finishing_a_round_means_nothing_to_resume(
    database: TestDatabase, clock: FakeClock
) -> None:
    """A finished round is not offered again, and its score is kept with it."""
    store = open_store(database.where)
    session = QuizSession(DECK, RoundOptions(mode=Mode.TEST, shuffle=False), seed=3, clock=clock)
    recorder = RoundRecorder(store, store.student("Alice"), session)
    session.observer = recorder
    alice = store.student("Alice")
    assert store.unfinished_attempt(alice, DECK.id) is None  # nothing answered yet
    for n in range(len(DECK.questions)):
        answer_current(session, ok=n % 2 == 0)
        if not session.finished:
            saved = store.unfinished_attempt(alice, DECK.id)
            assert saved is not None and saved.answered == n + 1
    assert session.finished
    assert store.unfinished_attempt(alice, DECK.id) is None
    results = session.results()
    store.close()
    assert database.rows(
        "SELECT finished_at IS NOT NULL, points, max_points, kind, mode FROM attempts"
    ) == [(1, results.points, results.max_points, "round", "test")]
    assert database.rows("SELECT COUNT(*) FROM answers") == [(len(DECK.questions),)]


def test_an_unfinished_round_is_offered_until_it_is_abandoned(
    database: TestDatabase, clock: FakeClock
) -> None:
    """Starting afresh abandons the unfinished round: it is not offered again, its answers stay."""
    store = open_store(database.where)
    session = practice_round(store, "Alice", clock)
    answer_current(session, ok=True)
    answer_current(session, ok=False)
    alice = store.student("Alice")
    saved = store.unfinished_attempt(alice, DECK.id)
    assert saved is not None and saved.answered == 2
    assert store.unfinished_attempt(alice, "another-deck") is None
    assert store.unfinished_attempt(store.student("Bob"), DECK.id) is None
    store.apply(AbandonAttempt(saved.uid, stamp(store.now())))
    assert store.unfinished_attempt(alice, DECK.id) is None
    store.close()
    assert database.rows("SELECT abandoned_at IS NOT NULL, finished_at FROM attempts") == [
        (1, None)
    ]
    assert database.rows("SELECT COUNT(*) FROM answers") == [(2,)]


def test_abandoning_a_finished_round_changes_nothing(
    database: TestDatabase, clock: FakeClock
) -> None:
    """A late "start afresh" cannot turn a finished round into an abandoned one."""
    store = open_store(database.where)
    session = QuizSession(DECK, RoundOptions(mode=Mode.TEST, shuffle=False), seed=3, clock=clock)
    recorder = RoundRecorder(store, store.student("Alice"), session)
    session.observer = recorder
    while not session.finished:
        answer_current(session, ok=True)
    store.apply(AbandonAttempt(recorder.attempt_uid, stamp(store.now())))
    store.close()
    assert database.rows("SELECT finished_at IS NOT NULL, abandoned_at FROM attempts") == [
        (1, None)
    ]


def test_the_latest_unfinished_round_is_the_one_offered(
    database: TestDatabase, clock: FakeClock
) -> None:
    """With two unfinished rounds of a deck, resuming offers the newer one."""
    store = open_store(database.where)
    older = practice_round(store, "Alice", clock)
    answer_current(older, ok=True)
    newer = QuizSession(DECK, RoundOptions(mode=Mode.TEST, shuffle=False), seed=99, clock=clock)
    newer.observer = RoundRecorder(store, store.student("Alice"), newer)
    answer_current(newer, ok=False)
    answer_current(newer, ok=False)
    saved = store.unfinished_attempt(store.student("Alice"), DECK.id)
    assert saved is not None
    assert (saved.seed, saved.mode, saved.answered) == (99, "test", 2)
    store.close()


def test_an_overrule_updates_the_answer_row(database: TestDatabase, clock: FakeClock) -> None:
    """ "I was right" turns the saved answer into a right, overruled one (no second row)."""
    store = open_store(database.where)
    session = practice_round(store, "Alice", clock)
    answer_current(session, ok=True)  # host
    clock.advance(5)
    wrong_answer = session.submit("Ishiba-san")  # leader, marked wrong
    assert not wrong_answer.correct
    assert database.rows(
        "SELECT correct, overruled, credit FROM answers WHERE question_id = 'leader'"
    ) == [(0, 0, 0.0)]
    session.overrule()
    assert database.rows(
        "SELECT correct, overruled, credit, response_text FROM answers WHERE question_id = 'leader'",
    ) == [(1, 1, 1.0, "Ishiba-san")]
    assert database.rows("SELECT last_correct FROM review_cards WHERE question_id = 'leader'") == [
        (1,)
    ]
    store.close()
