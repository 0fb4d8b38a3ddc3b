"""What the store tells a teacher and a student: summaries, hardest questions, history, mastery."""

from __future__ import annotations

import uuid
from collections.abc import Callable, Iterator
from pathlib import Path

import pytest

from quizapp.bank import Deck
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store import reports
from quizapp.store.address import DatabaseAddress
from quizapp.store.recorder import RoundRecorder
from quizapp.store.reports import (
    ReportFilter,
    StudentSummary,
    has_results,
    question_summaries,
    student_summaries,
)
from quizapp.store.results import ResultsStore
from quizapp.store.stats import TopicMastery, most_missed, score_history, topic_mastery
from tests.conftest import FakeClock
from tests.engines import TestDatabase, postgres_database
from tests.postgres_server import PostgresAdmin
from tests.store_helpers.classroom import Q1_PROMPT, WRONG_Q1, Classroom, fill_classroom, play_round
from tests.store_helpers.databases import second_database
from tests.store_helpers.play import StoreClock


@pytest.fixture
def classroom(tmp_path: Path, database: TestDatabase) -> Classroom:
    """The class's results on the test's database: every test here runs on both engines."""
    return fill_classroom(tmp_path, database)


def brief(summary: StudentSummary) -> tuple[object, ...]:
    """The fields asserted on (other fields may be added to the summary)."""
    return (
        summary.name,
        summary.deck_id,
        summary.rounds,
        summary.best_percent,
        summary.latest_percent,
        summary.last_seen,
    )


def test_student_summaries_give_rounds_best_latest_and_last_seen(classroom: Classroom) -> None:
    """Per student and deck, by name: rounds played, best and latest score, last answer."""
    store = classroom.store()
    seen = classroom.last_answer
    geo_answer = classroom.first_answer["Alice"]
    assert [brief(s) for s in student_summaries(store)] == [
        ("Alice", "civics", 2, 100.0, 100.0, seen["Alice"]),
        ("Alice", "geo", 1, 0.0, 0.0, geo_answer),
        ("Bob", "civics", 2, 50.0, 50.0, seen["Bob"]),
        ("Zoë", "civics", 2, 100.0, 50.0, seen["Zoë"]),
    ]
    assert [brief(s) for s in student_summaries(store, ReportFilter(deck_id="geo"))] == [
        ("Alice", "geo", 1, 0.0, 0.0, geo_answer)
    ]
    bob = store.find_student("bob")
    assert [brief(s) for s in student_summaries(store, ReportFilter("civics", bob))] == [
        ("Bob", "civics", 2, 50.0, 50.0, seen["Bob"])
    ]
    store.close()


def test_question_summaries_put_the_hardest_first_with_the_commonest_wrong_answer(
    classroom: Classroom,
) -> None:
    """Per question: first tries, how many right, and the misconception given most often; hardest first."""
    store = classroom.store()
    summaries = question_summaries(store)
    assert [
        (s.deck_id, s.question_id, s.answered, s.right, s.common_wrong, s.common_wrong_count)
        for s in summaries
    ] == [
        ("geo", "capital", 1, 0, "Busan", 1),
        ("civics", "q2", 6, 2, "Kishida", 2),
        ("civics", "q1", 6, 4, WRONG_Q1, 2),
        ("civics", "q3", 6, 5, "12", 1),
        ("civics", "q4", 6, 5, "True", 1),
    ]
    q1 = summaries[2]
    assert (q1.prompt, q1.topic, q1.changed, q1.position) == (Q1_PROMPT, "People", False, 0)
    assert q1.percent_right == pytest.approx(200 / 3)
    store.close()


def test_question_summaries_for_one_student_and_one_deck(classroom: Classroom) -> None:
    """Filtering by student counts only their first tries; by deck, only that deck's questions."""
    store = classroom.store()
    bob = store.find_student("BOB")
    assert [
        (s.question_id, s.answered, s.right)
        for s in question_summaries(store, ReportFilter(student=bob))
    ] == [
        ("q2", 2, 0),
        ("q1", 2, 1),
        ("q3", 2, 1),
        ("q4", 2, 1),
    ]
    assert [s.question_id for s in question_summaries(store, ReportFilter(deck_id="geo"))] == [
        "capital"
    ]
    assert {s.deck_id for s in question_summaries(store, ReportFilter(deck_id="civics"))} == {
        "civics"
    }
    store.close()


def test_a_skip_counts_as_a_miss_but_not_as_a_wrong_answer(classroom: Classroom) -> None:
    """Skipping lowers a question's share right without becoming "the most common wrong answer"."""
    store = classroom.store()
    zoe = store.find_student("zoë")
    q2 = {s.question_id: s for s in question_summaries(store, ReportFilter(student=zoe))}["q2"]
    assert (q2.answered, q2.right, q2.common_wrong, q2.common_wrong_count) == (2, 1, "", 0)
    store.close()


def test_an_unfinished_round_shows_the_student_without_a_score(classroom: Classroom) -> None:
    """A student who has not finished a round yet is listed, with no best or latest score."""
    store = classroom.store()
    deck = classroom.decks["civics"]
    session = QuizSession(
        deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1, clock=FakeClock()
    )
    session.observer = RoundRecorder(store, store.student("Dan"), session)
    classroom.clock.advance(hours=1)
    session.submit("Mayor")
    dan = [brief(s) for s in student_summaries(store) if s.name == "Dan"]
    assert dan == [("Dan", "civics", 1, None, None, classroom.clock.now)]
    q1 = {s.question_id: s for s in question_summaries(store)}["q1"]
    assert (q1.answered, q1.right) == (7, 4)
    store.close()


def test_score_history_lists_finished_rounds_in_order(classroom: Classroom) -> None:
    """A student's progress chart: each finished round of a deck, when and how well."""
    store = classroom.store()
    zoe = store.find_student("Zoë")
    assert zoe is not None
    assert score_history(store, zoe, "civics") == list(
        zip(classroom.finished["Zoë"], [100.0, 50.0], strict=True)
    )
    alice = store.find_student("alice")
    assert alice is not None
    assert [p for _, p in score_history(store, alice, "geo")] == [0.0]
    store.close()


def mastery(topic: TopicMastery) -> tuple[str, int, int, int]:
    return (topic.topic, topic.questions, topic.first_tries, topic.right)


def test_topic_mastery_counts_first_tries_over_the_recent_rounds(classroom: Classroom) -> None:
    """Per topic: of the first tries in the student's last rounds, how many were right."""
    store = classroom.store()
    bob = store.find_student("Bob")
    assert bob is not None
    # Bob's two civics rounds: People q1 wrong then right, q2 wrong twice; Summit q3 12 then 11,
    # q4 False then True: one right of four first tries in each topic.
    assert [mastery(t) for t in topic_mastery(store, bob, "civics")] == [
        ("People", 2, 4, 1),
        ("Summit", 2, 4, 2),
    ]
    assert [mastery(t) for t in topic_mastery(store, bob, "civics", rounds=1)] == [
        ("People", 2, 2, 1),
        ("Summit", 2, 2, 1),
    ]
    new = store.student("Newcomer")
    assert [mastery(t) for t in topic_mastery(store, new, "civics")] == [
        ("People", 2, 0, 0),
        ("Summit", 2, 0, 0),
    ]
    assert topic_mastery(store, new, "civics")[0].percent is None
    store.close()


def test_a_practice_round_answered_right_on_retry_is_not_full_mastery(
    classroom: Classroom,
) -> None:
    """Missed questions come back until right: mastery still counts only the first tries."""
    store = classroom.store()
    deck = classroom.decks["civics"]
    session = QuizSession(
        deck, RoundOptions(mode=Mode.PRACTICE, shuffle=False), seed=1, clock=FakeClock()
    )
    session.observer = RoundRecorder(store, store.student("Eve"), session)
    for response in ("Mayor", "Abe", "11", "False", "President", "Ishiba"):
        session.submit(response)
        session.advance()
    assert session.finished
    eve = store.find_student("eve")
    assert eve is not None
    assert [(t.topic, t.percent) for t in topic_mastery(store, eve, "civics")] == [
        ("People", 0.0),
        ("Summit", 100.0),
    ]
    store.close()


def test_most_missed_lists_a_students_repeated_mistakes(classroom: Classroom) -> None:
    """The questions a student got wrong most often, then in bank order."""
    store = classroom.store()
    bob = store.find_student("Bob")
    assert bob is not None
    assert most_missed(store, bob, "civics") == [
        ("q2", "Name Japan's prime minister.", 2),
        ("q1", Q1_PROMPT, 1),
        ("q3", "How many years since Xi last visited?", 1),
        ("q4", "Xi accepted the invitation.", 1),
    ]
    assert most_missed(store, bob, "civics", limit=1) == [("q2", "Name Japan's prime minister.", 2)]
    store.close()


def test_has_results_only_once_an_answer_is_kept(
    request: pytest.FixtureRequest, database: TestDatabase, classroom: Classroom
) -> None:
    """The report knows the difference between "nobody played yet" and some results."""
    empty = ResultsStore.open(second_database(request, database, "empty").where, now=StoreClock())
    empty.student("Alice")
    assert not has_results(empty)
    empty.close()
    store = classroom.store()
    assert has_results(store)
    store.close()


def test_a_second_round_by_the_same_name_in_other_case_is_the_same_student(
    classroom: Classroom,
) -> None:
    """ "alice" playing again adds to Alice's rounds instead of a new row."""
    store = classroom.store()
    play_round(
        classroom,
        store,
        "  ALICE ",
        "civics",
        {"q1": "President", "q2": "Ishiba", "q3": "11", "q4": "True"},
    )
    alice = student_summaries(store)[0]
    assert (alice.name, alice.deck_id, alice.rounds, alice.best_percent, alice.latest_percent) == (
        "Alice",
        "civics",
        3,
        100.0,
        75.0,
    )
    store.close()


@pytest.fixture
def english_server_database(
    postgres_server: PostgresAdmin, tmp_path: Path
) -> Iterator[TestDatabase]:
    """A PostgreSQL database whose text sorts as English does (ICU's en-US), as a school's
    server made with an English locale would: not byte by byte, as SQLite's does."""
    import psycopg

    name = f"t_{uuid.uuid4().hex[:12]}"
    try:
        with psycopg.connect(postgres_server.admin_url, autocommit=True) as connection:
            connection.execute(
                f"CREATE DATABASE {name} TEMPLATE template0 LOCALE_PROVIDER icu ICU_LOCALE 'en-US'"
            )
    except psycopg.Error as error:
        pytest.skip(f"this server cannot make an ICU en-US database: {error}")
    folder = tmp_path / "english"
    folder.mkdir()
    try:
        yield postgres_database(folder, postgres_server.url(name))
    finally:
        postgres_server.drop_database(name)


def test_names_and_decks_are_ordered_alike_on_sqlite_and_a_server_of_any_locale(
    english_server_database: TestDatabase, tmp_path: Path, make_deck: Callable[..., Deck]
) -> None:
    """The report lists students and decks in the same order whichever engine and locale hold them."""
    decks = [
        make_deck(f"deck: {deck_id}\ntitle: {title}\nquestions:\n  - id: q\n    type: text\n"
                  "    prompt: Capital of Korea?\n    answer: Seoul\n", f"{deck_id}.yaml")
        for deck_id, title in (("bio", "Biology"), ("alg", "algebra"), ("eco", "Économie"))
    ]  # fmt: skip
    names = ["zoë", "Émile", "obama", "O'Brien", "alice", "Bob"]

    def order(where: Path | DatabaseAddress) -> tuple[list[tuple[str, str]], list[str]]:
        store = ResultsStore.open(where, now=StoreClock())
        for deck in decks:
            store.sync_deck(deck)
            for name in names:
                session = QuizSession(
                    deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1, clock=FakeClock()
                )
                session.observer = RoundRecorder(store, store.student(name), session)
                session.submit("Seoul")
        listed = [(s.name, s.deck_id) for s in student_summaries(store)]
        titles = [d.title for d in reports.decks(store)]
        store.close()
        return listed, titles

    on_sqlite = order(tmp_path / "sqlite")
    assert on_sqlite[1] == ["Biology", "algebra", "Économie"]  # as SQLite compares text: bytes
    assert order(english_server_database.where) == on_sqlite
