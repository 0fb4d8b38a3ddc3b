"""Putting an unfinished round back together, as it was, from what the store kept.

A round is resumed with every option it was started with (mode, seed, time
limit, scoring, streak bonus, topics, limit), so quitting and resuming never
escapes a timed round. If the bank changed in between, an answer is kept
only while its question still accepts the same answer; the others are set
aside (`SetAside`) and those questions are asked again.
"""

from __future__ import annotations

from dataclasses import replace

from quizapp.bank.model import Deck, Question
from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Clock, Mode, QuizSession, RoundOptions
from quizapp.store.records import answer_hash, content_hash
from quizapp.store.results import SavedAnswer, SavedAttempt
from quizapp.text.wording import plural


def still_valid(saved: SavedAnswer, question: Question) -> bool:
    """True when `question` still accepts what it accepted when `saved` was given.

    Rounds kept before answer fingerprints existed compare the whole
    question instead, so any change sets such an answer aside.
    """
    if saved.answer_hash:
        return saved.answer_hash == answer_hash(question)
    return saved.content_hash == content_hash(question)


def resumed_options(saved: SavedAttempt, current: RoundOptions) -> RoundOptions:
    """The options the round was started with; today's for what an older quizapp did not keep."""
    return RoundOptions.from_saved(
        saved.options,
        base=current,
        mode=Mode(saved.mode).value,
        seed=saved.seed,
        scoring=Scoring(saved.scoring).value,
    )


def resumed_session(
    deck: Deck, saved: SavedAttempt, current: RoundOptions, clock: Clock
) -> tuple[QuizSession | None, str, tuple[str, ...]]:
    """The round `saved` goes on with, a note for the student, and the answers set aside.

    The note says when the bank changed since the round began; the caller
    records the set-aside answers (their uids) so reports stop counting them.
    """
    by_id = {q.id: q for q in deck.questions}
    questions = [by_id[qid] for qid in saved.order if qid in by_id]
    if not questions:
        return None, "", ()
    kept = [
        a for a in saved.answers if a.question_id in by_id and still_valid(a, by_id[a.question_id])
    ]
    set_aside = tuple(
        a.uid for a in saved.answers if a.question_id in by_id and a not in kept and a.uid
    )
    removed = len(saved.order) - len(questions)
    notes = []
    if set_aside:
        notes.append(
            f"{plural(len(set_aside), 'answer')} to questions whose answer changed "
            f"{'was' if len(set_aside) == 1 else 'were'} set aside; those questions are asked again"
        )
    if removed:
        notes.append(
            f"{plural(removed, 'question')} no longer in the bank {'is' if removed == 1 else 'are'} left out"
        )
    note = f"The bank has changed since this round began: {'; '.join(notes)}." if notes else ""
    trimmed = replace(saved, answers=tuple(kept))
    session = QuizSession(
        deck,
        resumed_options(saved, current),
        questions=questions,
        kind=saved.kind,
        seed=saved.seed,
        clock=clock,
        resume=trimmed.restored_answers(by_id),
    )
    return session, note, set_aside
