"""The scoring engine: a round played without a UI, on a clock the tests move by hand."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank import QuestionKind, load_deck
from quizapp.engine import Mode, QuizSession, RoundError, RoundOptions, TopicResult
from tests.conftest import FakeClock
from tests.responses import right, wrong

GOOD = Path(__file__).parent / "banks" / "good"
DECK = load_deck(GOOD / "engine.yaml")
BANK_ORDER = [q.id for q in DECK.questions]
Q = {q.id: q for q in DECK.questions}
OVERRULE_REFUSED = "only a typed answer just marked wrong can be overruled"


def start(*ids: str, clock: FakeClock | None = None, **options: object) -> QuizSession:
    """A round over the engine deck; with ids, over just those questions in that order."""
    questions = [Q[i] for i in ids] if ids else None
    return QuizSession(
        DECK, RoundOptions(**options), questions=questions, clock=clock or FakeClock()
    )  # type: ignore[arg-type]


def answer(session: QuizSession, ok: bool = True):  # noqa: ANN201 - returns an Answer
    """Answer the current question right (or wrong) and return the Answer."""
    question = session.current.question  # type: ignore[union-attr]
    return session.submit(right(question) if ok else wrong(question))  # type: ignore[arg-type]


def walk(session: QuizSession) -> list[tuple[str, tuple[str, ...]]]:
    """Skip through a test-mode round, recording each question's id and the options shown."""
    assert session.mode is Mode.TEST, "a practice round re-asks skipped questions forever"
    seen = []
    while session.current is not None:
        seen.append((session.current.question.id, session.current.options))
        session.skip()
        session.advance()
    return seen


# -- order of questions and choices ------------------------------------------------------


def test_same_seed_gives_same_questions_and_choices() -> None:
    """A seed replays a round exactly: same question order, same choice order."""
    first = walk(start(mode=Mode.TEST, seed=42))
    again = walk(start(mode=Mode.TEST, seed=42))
    assert first == again
    assert sorted(qid for qid, _ in first) == sorted(BANK_ORDER)


def test_different_seeds_give_different_rounds() -> None:
    """Different seeds give a different question order and different choice orders."""
    orders = {
        tuple(qid for qid, _ in walk(start(mode=Mode.TEST, seed=seed))) for seed in range(1, 6)
    }
    assert len(orders) > 1
    host_choices = {start("host", seed=seed).current.options for seed in range(1, 11)}  # type: ignore[union-attr]
    assert len(host_choices) > 1
    assert all(sorted(c) == sorted(Q["host"].choices) for c in host_choices)


def test_seed_is_kept_on_the_session() -> None:
    """The seed used is available (to show or replay), whether given or picked fresh."""
    assert start(seed=7).seed == 7
    assert isinstance(start().seed, int)


@pytest.mark.parametrize("seed", [1, 2, 3])
def test_no_shuffle_keeps_bank_order(seed: int) -> None:
    """`shuffle=False` (--no-shuffle) asks questions and shows choices in the bank's order."""
    seen = walk(start(mode=Mode.TEST, seed=seed, shuffle=False))
    assert [qid for qid, _ in seen] == BANK_ORDER
    for qid, options in seen:
        if Q[qid].kind is not QuestionKind.ORDER:
            assert options == Q[qid].choices


def test_deck_settings_decide_when_no_option_given() -> None:
    """With no shuffle option, the deck's `shuffle: false` and `shuffle_choices: no` are followed."""
    deck = load_deck(GOOD / "every-type.yaml")
    session = QuizSession(deck, RoundOptions(seed=5), clock=FakeClock())
    assert [q.id for q in session.questions] == [q.id for q in deck.questions]
    assert session.current.options == deck.questions[0].choices  # type: ignore[union-attr]


def test_truefalse_always_shows_true_then_false() -> None:
    """True/false options are never shuffled."""
    for seed in range(10):
        assert start("accepted", seed=seed).current.options == ("True", "False")  # type: ignore[union-attr]


def test_order_questions_never_start_in_the_right_order() -> None:
    """An order question is never shown already solved, even with 2 items or without shuffling."""
    arrangements = set()
    for seed in range(200):
        for qid in ("timeline", "pair"):
            for shuffle in (True, False):
                shown = start(qid, seed=seed, shuffle=shuffle).current.options  # type: ignore[union-attr]
                assert shown != Q[qid].items
                assert sorted(shown) == sorted(Q[qid].items)
                if qid == "timeline":
                    arrangements.add(shown)
    assert len(arrangements) > 3


# -- choosing questions ------------------------------------------------------------------


def test_limit_asks_only_n_questions() -> None:
    """`limit` cuts the round to N questions (the first N in bank order without shuffling)."""
    session = start(limit=3, shuffle=False)
    assert [q.id for q in session.questions] == BANK_ORDER[:3]
    assert session.total == 3
    shuffled = start(limit=3, seed=9, mode=Mode.TEST)
    assert len(shuffled.questions) == 3
    assert len(walk(shuffled)) == 3


def test_topic_filter_is_case_insensitive() -> None:
    """Topics pick their questions whatever the case typed; several topics combine."""
    assert [q.id for q in start(topics=("the SUMMIT",), shuffle=False).questions] == [
        "host",
        "years",
        "accepted",
    ]
    both = start(topics=("people", "Economy"), shuffle=False)
    assert [q.id for q in both.questions] == ["leader", "themes", "timeline", "pair"]


def test_unknown_topic_raises_round_error_listing_topics() -> None:
    """An unknown topic stops the round with a message naming the topics there are."""
    with pytest.raises(RoundError) as caught:
        start(topics=("Sports",))
    assert str(caught.value) == (
        "no questions in 'Engine drill' have the topic Sports; topics are: The summit, People, Economy, The call"
    )


# -- answering, in turn and out of turn ---------------------------------------------------


def test_submit_then_advance() -> None:
    """Each question is answered, then advanced past; the last advance ends the round."""
    session = start("host", "leader", shuffle=False)
    assert (session.current.question.id, session.current.number, session.current.retry) == (
        "host",
        1,
        False,
    )  # type: ignore[union-attr]
    result = session.submit("South Korea")
    assert (result.correct, result.credit, result.first_try) == (True, 1.0, True)
    assert session.awaiting_next
    assert session.last_answer == result
    nxt = session.advance()
    assert nxt is session.current
    assert (nxt.question.id, nxt.number) == ("leader", 2)  # type: ignore[union-attr]
    answer(session)
    assert session.advance() is None
    assert session.finished
    assert session.current is None


def test_calls_out_of_turn_are_refused() -> None:
    """Answering twice, moving on before answering and answering after the end all raise."""
    session = start("host", shuffle=False)
    with pytest.raises(RuntimeError, match=r"^answer the current question before moving on$"):
        session.advance()
    session.submit("China")
    with pytest.raises(
        RuntimeError, match=r"^this question is already answered; call advance\(\)$"
    ):
        session.submit("South Korea")
    with pytest.raises(
        RuntimeError, match=r"^this question is already answered; call advance\(\)$"
    ):
        session.skip()
    session.advance()
    session.submit("South Korea")
    session.advance()
    assert session.finished
    with pytest.raises(RuntimeError, match=r"^the round is over$"):
        session.submit("South Korea")
    with pytest.raises(RuntimeError, match=r"^the round is over$"):
        session.skip()


# -- scoring and practice mode -------------------------------------------------------------


def test_score_counts_first_tries_only() -> None:
    """A question missed first and right on the retry earns nothing."""
    session = start("host", "leader", shuffle=False)
    answer(session, ok=False)
    session.advance()
    answer(session)
    session.advance()
    assert session.current.retry  # type: ignore[union-attr]
    answer(session)
    assert session.advance() is None
    assert session.points == 1.0
    assert session.max_points == 2.0
    results = session.results()
    assert [(a.question.id, a.correct, a.first_try) for a in results.answers] == [
        ("host", False, True),
        ("leader", True, True),
    ]
    assert results.points == 1.0


def test_practice_reasks_missed_until_right_once() -> None:
    """Wrong and skipped questions come back at the end, again and again, until answered right."""
    session = start("host", "leader", "years", shuffle=False)
    asked = []

    def step(action: str) -> None:
        asked.append((session.current.question.id, session.current.retry, session.current.number))  # type: ignore[union-attr]
        if action == "skip":
            session.skip()
        else:
            answer(session, ok=action == "right")
        session.advance()

    for action in ("wrong", "skip", "right", "wrong", "right", "right"):
        step(action)
    assert session.finished
    assert asked == [
        ("host", False, 1),
        ("leader", False, 2),
        ("years", False, 3),
        ("host", True, 1),
        ("leader", True, 2),
        ("host", True, 1),
    ]


def test_retries_left_counts_missed_questions_waiting() -> None:
    """`retries_left` counts the missed questions still to be answered right."""
    session = start("host", "leader", "years", shuffle=False)
    assert session.retries_left == 0
    answer(session, ok=False)
    assert session.retries_left == 1
    session.advance()
    session.skip()
    assert session.retries_left == 2
    session.advance()
    answer(session)
    session.advance()
    assert session.retries_left == 2  # host is on screen again, leader waits
    answer(session, ok=False)
    session.advance()
    assert session.retries_left == 2  # leader on screen, host queued again
    answer(session)
    session.advance()
    assert session.current.question.id == "host"  # type: ignore[union-attr]
    assert session.retries_left == 1


def test_retries_left_drops_to_zero_once_the_last_retry_is_right() -> None:
    """After the last missed question is answered right, no retries are left (feedback shows 0)."""
    session = start("host", shuffle=False)
    answer(session, ok=False)
    session.advance()
    answer(session)
    assert session.retries_left == 0


def test_test_mode_never_reasks() -> None:
    """In test mode every question is asked once, right or wrong."""
    session = start("host", "leader", "years", mode=Mode.TEST, shuffle=False)
    answer(session, ok=False)
    session.advance()
    session.skip()
    session.advance()
    answer(session, ok=False)
    assert session.retries_left == 0
    assert session.advance() is None
    assert session.finished
    assert [a.correct for a in session.results().answers] == [False, False, False]


def test_streak_and_best_streak() -> None:
    """The streak counts right answers in a row (retries included); best streak keeps the longest."""
    session = start("host", "leader", "years", "accepted", "medium", shuffle=False)
    streaks = []
    for ok in (True, True, False, True, True):  # then the retry of `years`
        answer(session, ok=ok)
        streaks.append(session.streak)
        session.advance()
    answer(session)
    streaks.append(session.streak)
    assert streaks == [1, 2, 0, 1, 2, 3]
    assert session.best_streak == 3
    assert session.results().best_streak == 3


def test_hint_use_is_recorded_per_question() -> None:
    """Asking for a hint returns it and marks that answer only; no hint, no mark."""
    session = start("host", "years", "leader", shuffle=False)
    assert not session.hint_used
    assert session.use_hint() == "Xi must travel."
    assert session.hint_used
    assert answer(session).hint_used
    session.advance()
    assert not session.hint_used
    assert session.use_hint() == ""  # `years` has no hint
    assert not answer(session).hint_used
    session.advance()
    assert not answer(session).hint_used


def test_skip_is_recorded_as_skipped_and_wrong() -> None:
    """A skip counts as a wrong answer with no response, and is listed as missed."""
    session = start("host", "leader", mode=Mode.TEST, shuffle=False)
    skipped = session.skip()
    assert (skipped.skipped, skipped.correct, skipped.credit, skipped.response) == (
        True,
        False,
        0.0,
        None,
    )
    assert not skipped.can_overrule
    session.advance()
    answer(session)
    session.advance()
    assert [a.question.id for a in session.results().missed] == ["host"]


def test_why_wrong_notes_for_the_picked_choices() -> None:
    """Wrong picks with a teacher's note carry it as (choice, note); others and right answers carry none."""
    session = start("host", "medium", "themes", shuffle=False)
    assert session.submit("China").why_wrong == (("China", "China is the guest."),)
    session.advance()
    assert session.submit("By letter").why_wrong == ()
    session.advance()
    assert session.submit(frozenset({"Multilateralism", "Tariffs"})).why_wrong == (
        ("Tariffs", "Nobody asked for higher tariffs."),
    )
    session.advance()
    assert session.submit("South Korea").why_wrong == ()


# -- overruling a typed answer -------------------------------------------------------------


@pytest.mark.parametrize(("qid", "typed"), [("leader", "Ishiba-san"), ("years", "eleven")])
def test_overrule_a_wrong_typed_answer(qid: str, typed: str) -> None:
    """'I was right' marks a wrong typed answer right, records it, scores it and drops its retry."""
    session = start(qid, "host", shuffle=False)
    first = session.submit(typed)
    assert not first.correct
    assert first.can_overrule
    fixed = session.overrule()
    assert (fixed.correct, fixed.credit, fixed.overruled) == (True, 1.0, True)
    assert session.last_answer == fixed
    assert session.points == 1.0
    assert session.streak == 1
    assert session.retries_left == 0
    session.advance()
    answer(session)
    assert session.advance() is None  # no retry of the overruled question
    results = session.results()
    assert [(a.question.id, a.correct, a.overruled) for a in results.answers] == [
        (qid, True, True),
        ("host", True, False),
    ]
    assert results.points == 2.0


def test_overrule_restores_the_streak() -> None:
    """An overruled answer continues the streak it broke."""
    session = start("host", "leader", shuffle=False)
    answer(session)
    session.advance()
    session.submit("Kishida")
    assert session.streak == 0
    session.overrule()
    assert session.streak == 2
    assert session.best_streak == 2


def _wrong_choice(session: QuizSession) -> None:
    session.submit("China")


def _right_text(session: QuizSession) -> None:
    session.submit("Ishiba")


def _skipped_text(session: QuizSession) -> None:
    session.skip()


def _wrong_text_then_advance(session: QuizSession) -> None:
    session.submit("Kishida")
    session.advance()


def _overruled_twice(session: QuizSession) -> None:
    session.submit("Kishida")
    session.overrule()


@pytest.mark.parametrize(
    ("first_id", "before"),
    [
        ("host", _wrong_choice),
        ("leader", _right_text),
        ("leader", _skipped_text),
        ("leader", _wrong_text_then_advance),
        ("leader", _overruled_twice),
    ],
    ids=["wrong-choice", "right-text", "skipped", "after-advance", "twice"],
)
def test_overrule_refused_unless_just_after_a_wrong_typed_answer(first_id: str, before) -> None:  # noqa: ANN001
    """Overrule only follows a wrong text/number answer still on screen, and only once."""
    session = start(first_id, "years", shuffle=False)
    before(session)
    with pytest.raises(RuntimeError, match=f"^{OVERRULE_REFUSED}$"):
        session.overrule()


def test_overrule_refused_before_any_answer() -> None:
    """There is nothing to overrule at the start of a round."""
    with pytest.raises(RuntimeError, match=f"^{OVERRULE_REFUSED}$"):
        start("leader").overrule()


def test_overrule_refused_in_test_mode() -> None:
    """Test mode gives no feedback, so nothing can be overruled."""
    session = start("leader", mode=Mode.TEST)
    session.submit("Kishida")
    with pytest.raises(RuntimeError, match=f"^{OVERRULE_REFUSED}$"):
        session.overrule()
    assert session.points == 0.0


# -- time and results -----------------------------------------------------------------------


def test_seconds_per_answer_from_the_clock() -> None:
    """Each answer's time runs from the question appearing to the answer; feedback time is not counted."""
    clock = FakeClock()
    session = start("host", "leader", "years", clock=clock, shuffle=False)
    clock.advance(12.5)
    assert answer(session).seconds == 12.5
    clock.advance(30)  # reading the feedback
    session.advance()
    clock.advance(4)
    assert session.skip().seconds == 4
    session.advance()
    clock.advance(0.25)
    assert answer(session).seconds == 0.25
    assert session.elapsed == 12.5 + 30 + 4 + 0.25
    session.advance()  # the skipped `leader` comes back
    clock.advance(6)
    retry = answer(session)
    assert (retry.seconds, retry.first_try) == (6, False)
    assert session.advance() is None
    clock.advance(100)  # time after the end does not count
    assert session.results().seconds == 12.5 + 30 + 4 + 0.25 + 6


def test_results_by_topic_missed_and_percent() -> None:
    """Results weigh points, break them down by topic and list the misses (partly right included)."""
    session = start("host", "themes", "years", "accepted", mode=Mode.TEST, shuffle=False)
    answer(session)
    session.advance()
    session.submit(frozenset({"Multilateralism", "Free trade"}))  # 2 of 3: credit 2/3 of 2 points
    session.advance()
    session.submit("12 years")
    session.advance()
    answer(session)
    session.advance()
    results = session.results()
    assert results.points == pytest.approx(1 + 4 / 3 + 0 + 1)
    assert results.max_points == 5
    assert results.percent == pytest.approx(100 * (10 / 3) / 5)
    assert results.correct_count == 2
    assert [a.question.id for a in results.missed] == ["themes", "years"]
    assert results.by_topic == (
        TopicResult(topic="The summit", asked=3, correct=2, points=2.0, max_points=3.0),
        TopicResult(
            topic="Economy", asked=1, correct=0, points=pytest.approx(4 / 3), max_points=2.0
        ),  # type: ignore[arg-type]
    )
    assert results.by_topic[0].percent == pytest.approx(200 / 3)


def test_results_group_untopical_questions_as_other(tmp_path: Path) -> None:
    """Questions without a topic are grouped under 'Other' in the breakdown."""
    bank = tmp_path / "bank.yaml"
    bank.write_text(
        "title: T\nquestions:\n  - {id: q1, type: truefalse, prompt: P, answer: true}\n",
        encoding="utf-8",
    )
    session = QuizSession(load_deck(bank), RoundOptions(mode=Mode.TEST), clock=FakeClock())
    session.submit("True")
    session.advance()
    assert [(t.topic, t.asked, t.correct) for t in session.results().by_topic] == [("Other", 1, 1)]


def test_results_of_an_unfinished_round_cover_answered_questions() -> None:
    """Quitting early gives results for the first tries made so far."""
    session = start("host", "leader", "years", shuffle=False)
    answer(session, ok=False)
    results = session.results()
    assert [a.question.id for a in results.answers] == ["host"]
    assert (results.points, results.max_points, results.percent) == (0.0, 1.0, 0.0)
