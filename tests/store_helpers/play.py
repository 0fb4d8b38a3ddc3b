"""Shared by the store tests and their subprocesses: a store clock and canned responses."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from fsrs import Scheduler

from quizapp.bank import load_deck
from quizapp.engine.session import QuizSession
from quizapp.store.address import DatabaseAddress
from quizapp.store.journal import journal_folder
from quizapp.store.results import Now, ResultsStore, utc_now
from quizapp.store.review import ReviewScheduler
from quizapp.store.saver import Saver
from tests.responses import right, wrong

GOOD_BANKS = Path(__file__).resolve().parents[1] / "banks" / "good"
ENGINE_BANK = GOOD_BANKS / "engine.yaml"
REPO_ROOT = Path(__file__).resolve().parents[2]

START = dt.datetime(2025, 6, 10, 9, 0, tzinfo=dt.UTC)
"""A Tuesday morning, UTC: every store clock in these tests starts here."""


class StoreClock:
    """The store's `now`: a fixed UTC time that moves only when a test says so."""

    def __init__(self, start: dt.datetime = START) -> None:
        self.now = start

    def __call__(self) -> dt.datetime:
        return self.now

    def advance(self, **delta: float) -> dt.datetime:
        self.now += dt.timedelta(**delta)
        return self.now


def fixed_scheduler() -> ReviewScheduler:
    """FSRS without fuzzing, so due dates are the same on every run."""
    return ReviewScheduler(Scheduler(enable_fuzzing=False))


def engine_deck():  # noqa: ANN201 - a Deck
    return load_deck(ENGINE_BANK)


def answer_current(session: QuizSession, ok: bool) -> object:
    """Answer the question on screen right or wrong, then move on; returns the Answer."""
    assert session.current is not None
    question = session.current.question
    given = session.submit(right(question) if ok else wrong(question))  # type: ignore[arg-type]
    session.advance()
    return given


def saver_for(
    folder: Path, now: Now = utc_now, where: Path | DatabaseAddress | None = None
) -> Saver:
    """A started saver over `folder`, as the app makes one (FSRS without fuzzing).

    Answers wait in `folder`'s journal; they are saved to `where` (a `database.where`),
    by default the SQLite file in `folder`.
    """
    scheduler = fixed_scheduler()
    database = folder if where is None else where
    return Saver(
        lambda: ResultsStore.open(database, now, scheduler), journal_folder(folder), now=now
    ).start()
