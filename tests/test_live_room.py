"""A live room on a real store (both engines): join, open, answer once, reveal, resume, end."""

from __future__ import annotations

from collections.abc import Callable

import pytest

from quizapp.bank.model import Deck, QuestionKind
from quizapp.engine.session import Mode, RoundOptions
from quizapp.live.host import LiveHost
from quizapp.live.player import LivePlayer
from quizapp.live.public import student_question
from quizapp.store import rooms
from quizapp.store.reports import answer_rows, decks, gradebook, question_summaries
from quizapp.store.results import ResultsStore
from tests.engines import TestDatabase
from tests.store_helpers.play import StoreClock, engine_deck, fixed_scheduler, right, wrong

DECK = engine_deck()


def open_store(database: TestDatabase) -> ResultsStore:
    return ResultsStore.open(database.where, now=StoreClock(), scheduler=fixed_scheduler())


def test_a_room_runs_a_question_for_everyone_and_counts_it(database: TestDatabase) -> None:
    host_store, ann_store, ben_store = (open_store(database) for _ in range(3))
    host = LiveHost.open(host_store, DECK, RoundOptions(mode=Mode.TEST, shuffle=False), seed=5)
    assert len(host.code) == 4 and host.code.isalpha()
    ann = LivePlayer.join(ann_store, host.code.lower(), "Ann")
    ben = LivePlayer.join(ben_store, host.code, "Ben")
    lobby = host.state()
    assert lobby.phase is rooms.Phase.LOBBY and lobby.players == 2
    # Before the question opens, nobody can answer.
    assert not ann.answer(ann.state(), "x", 1.0)

    host.open_question(0)
    question = host.questions[0]
    seen = ann.state()
    assert seen.question is not None and seen.question["id"] == question.id
    assert "answer" not in seen.question and "accepted" not in seen.question
    shown = student_question(seen.question)
    assert shown.correct_choices == frozenset() and shown.accepted == ()

    assert ann.answer(seen, right(question), 2.0)
    assert not ann.answer(seen, wrong(question), 3.0), "a second answer is refused"
    assert ben.answer(ben.state(), wrong(question), 4.0)
    assert host.state().answers_in == 2
    assert ann.my_response(ann.state()) == right(question)

    result = host.reveal()
    assert result.answered == 2 and result.right == 1
    assert not ben.answer(ben.state(), right(question), 5.0), "no answer after the reveal"
    after = ann.state()
    assert after.phase is rooms.Phase.REVEALED
    assert ann.verdict(after).correct and not ben.verdict(after).correct
    tally = LivePlayer.tally(after)
    assert tally is not None and tally.answer == question.answer_text
    assert sum(bar.count for bar in tally.bars) >= 2

    host.reveal()  # revealed again (a resumed host): nothing counted twice
    host.end()
    report = open_store(database)
    rows = answer_rows(report)
    assert sorted((r.student, r.correct) for r in rows) == [("Ann", True), ("Ben", False)]
    assert {r.round_kind for r in rows} == {"live"}
    [summary] = [s for s in question_summaries(report) if s.question_id == question.id]
    assert (summary.answered, summary.right) == (2, 1)
    [deck] = decks(report)
    book = gradebook(report, deck)
    assert [row.name for row in book.rows] == ["Ann", "Ben"]


def test_a_late_or_reconnecting_student_lands_on_the_current_question(
    database: TestDatabase,
) -> None:
    host = LiveHost.open(open_store(database), DECK, RoundOptions(shuffle=False), seed=5)
    ann = LivePlayer.join(open_store(database), host.code, "Ann")
    host.open_question(0)
    question = host.questions[0]
    assert ann.answer(ann.state(), right(question), 1.0)
    again = LivePlayer.join(open_store(database), host.code, "ann")  # a new tab, same student
    assert again.player.attempt_uid == ann.player.attempt_uid
    assert again.my_response(again.state()) == right(question)
    late = LivePlayer.join(open_store(database), host.code, "Cy")
    assert late.state().position == 0 and late.state().question is not None


def test_a_host_that_died_takes_the_room_up_where_it_was(database: TestDatabase) -> None:
    host = LiveHost.open(open_store(database), DECK, RoundOptions(shuffle=False), seed=5)
    ann = LivePlayer.join(open_store(database), host.code, "Ann")
    host.open_question(0)
    ann.answer(ann.state(), right(host.questions[0]), 1.0)
    resumed = LiveHost.resume(open_store(database), [DECK], host.code)
    assert resumed.questions == host.questions
    assert resumed.options_for(host.questions[1]) == host.options_for(host.questions[1])
    assert resumed.reveal().right == 1
    assert resumed.next_question() is not None and resumed.state().position == 1


def test_the_roster_decides_who_joins(database: TestDatabase) -> None:
    host = LiveHost.open(open_store(database), DECK, RoundOptions(), seed=5, roster=("Ann", "Ben"))
    LivePlayer.join(open_store(database), host.code, "ANN")
    with pytest.raises(rooms.JoinRefused):
        LivePlayer.join(open_store(database), host.code, "Mallory")


def test_an_ended_room_cannot_be_joined(database: TestDatabase) -> None:
    host = LiveHost.open(open_store(database), DECK, RoundOptions(), seed=5)
    host.end()
    with pytest.raises(rooms.RoomGone):
        LivePlayer.join(open_store(database), host.code, "Ann")
    with pytest.raises(rooms.RoomGone):
        LivePlayer.join(open_store(database), "ZZZZ", "Ann")


def test_only_the_kinds_a_room_can_ask_are_in_it(database: TestDatabase) -> None:
    host = LiveHost.open(open_store(database), DECK, RoundOptions(shuffle=False), seed=5)
    assert {q.kind for q in host.questions} <= {
        QuestionKind.CHOICE, QuestionKind.TRUEFALSE, QuestionKind.MULTI,
        QuestionKind.TEXT, QuestionKind.NUMBER, QuestionKind.ORDER,
    }  # fmt: skip


def test_a_room_ended_early_scores_only_the_questions_it_reached(database: TestDatabase) -> None:
    host = LiveHost.open(open_store(database), DECK, RoundOptions(shuffle=False), seed=5)
    ann = LivePlayer.join(open_store(database), host.code, "Ann")
    host.open_question(0)
    ann.answer(ann.state(), right(host.questions[0]), 1.0)
    host.reveal()
    host.end()
    assert database.rows("SELECT points, max_points FROM attempts WHERE kind = 'live'") == [
        (host.questions[0].points, host.questions[0].points)
    ]


def test_no_answer_counts_while_paused_or_once_the_clock_has_run_out(
    database: TestDatabase,
) -> None:
    import datetime as dt

    host = LiveHost.open(
        open_store(database), DECK, RoundOptions(shuffle=False, time_limit=30), seed=5
    )
    ann = LivePlayer.join(open_store(database), host.code, "Ann")
    question = host.questions[0]
    host.open_question(0)
    host.pause()
    assert not ann.answer(ann.state(), right(question), 1.0), "paused: answers wait"
    host.go_on()
    closes = dt.datetime.fromisoformat(str(ann.state().closes_at))
    late = LivePlayer(ann.store, ann.code, ann.player, now=lambda: closes + dt.timedelta(seconds=5))
    assert not late.answer(late.state(), right(question), 35.0), "after the clock ran out"
    just_in = LivePlayer(ann.store, ann.code, ann.player, now=lambda: closes)
    assert just_in.answer(just_in.state(), right(question), 30.0)
    assert host.reveal().answered == 1


def test_limit_counts_the_questions_a_room_can_ask(
    database: TestDatabase, make_deck: Callable[..., Deck]
) -> None:
    deck = make_deck(
        """
        deck: limited
        title: Limited
        settings: {shuffle: false}
        questions:
          - {id: gap, type: cloze, prompt: "The call lasted about {{30}} minutes."}
          - {id: one, type: choice, prompt: One?, choices: [a, b], answer: a}
          - {id: two, type: choice, prompt: Two?, choices: [a, b], answer: a}
          - {id: three, type: truefalse, prompt: Three?, answer: true}
        """
    )
    host = LiveHost.open(open_store(database), deck, RoundOptions(limit=2), seed=5)
    assert [q.id for q in host.questions] == ["one", "two"]  # the cloze was not one of the two
