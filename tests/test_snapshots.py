"""Pictures of the screens, compared with the ones kept in `tests/__snapshots__/`.

Each screen is drawn at 80×24 with fixed seeds, a fixed clock and the time
zone set to UTC, and exported as SVG (Textual's own screenshot), so a
layout that breaks — a column pushed off screen, a line that no longer
fits — fails here. After a deliberate change of a screen (or of Textual),
look at the new pictures and keep them with
`pytest tests/test_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

import datetime as dt
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.image import SVGImageSnapshotExtension

from quizapp.engine.session import Mode, RoundOptions
from quizapp.store.recorder import RoundRecorder
from quizapp.store.results import ResultsStore
from quizapp.ui.app import folder_saver, make_app
from quizapp.ui.class_app import make_class_app
from tests.conftest import FakeClock
from tests.store_helpers.play import StoreClock, fixed_scheduler
from tests.test_ui_play import TINY_BANK, answer_right
from tests.ui_helpers import feedback_ready, history_shown, wait_until

SIZE = (80, 24)
NOW = dt.datetime(2025, 6, 11, 9, 30, tzinfo=dt.UTC)


@pytest.fixture(autouse=True)
def utc(monkeypatch: pytest.MonkeyPatch) -> Iterator[None]:
    """Times on screen are local times: make "local" the same everywhere."""
    monkeypatch.setenv("TZ", "UTC")
    time.tzset()
    yield
    monkeypatch.undo()
    time.tzset()


@pytest.fixture
def picture(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(SVGImageSnapshotExtension)


@pytest.fixture
def played_folder(make_deck, tmp_path: Path) -> Path:
    """A data folder where Ana has played two rounds of the tiny drill (for the stats screen)."""
    deck = make_deck(TINY_BANK)
    clock = StoreClock(NOW - dt.timedelta(days=2))
    store = ResultsStore.open(tmp_path / "data", now=clock, scheduler=fixed_scheduler())
    store.sync_deck(deck)
    from quizapp.engine.session import QuizSession
    from tests.responses import right, wrong

    for round_number in range(2):
        session = QuizSession(
            deck, RoundOptions(mode=Mode.TEST, shuffle=False), seed=1, clock=FakeClock()
        )
        session.observer = RoundRecorder(store, store.student("Ana"), session)
        n = 0
        while not session.finished:
            question = session.current.question  # type: ignore[union-attr]
            session.submit(right(question) if n % (2 + round_number) else wrong(question))  # type: ignore[arg-type]
            session.advance()
            n += 1
        clock.advance(days=1)
    store.close()
    return tmp_path / "data"


def tiny_app(make_deck, folder: Path | None = None, options: RoundOptions | None = None):  # noqa: ANN201
    saver = folder_saver(folder, StoreClock(NOW), fixed_scheduler()) if folder else None
    return make_app(
        [make_deck(TINY_BANK)],
        options or RoundOptions(seed=1, shuffle=False),
        FakeClock(),
        saver=saver,
        student_name="Ana",
    )


async def test_the_start_screen(make_deck, picture: SnapshotAssertion) -> None:
    app = tiny_app(make_deck)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.pause()
        assert app.export_screenshot() == picture


async def test_a_question(make_deck, picture: SnapshotAssertion) -> None:
    app = tiny_app(make_deck)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", "h")
        await pilot.pause()
        assert app.export_screenshot() == picture


async def test_the_feedback_after_a_wrong_answer(make_deck, picture: SnapshotAssertion) -> None:
    app = tiny_app(make_deck)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", "3")
        await feedback_ready(pilot, app)
        await pilot.pause()
        assert app.export_screenshot() == picture


async def test_the_results(make_deck, picture: SnapshotAssertion) -> None:
    app = tiny_app(make_deck, options=RoundOptions(seed=1, shuffle=False, mode=Mode.TEST))
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter")
        for n in range(6):
            if n == 2:
                await pilot.press("s")
            else:
                await answer_right(pilot)
        await pilot.pause()
        assert app.export_screenshot() == picture


async def test_the_stats(make_deck, played_folder: Path, picture: SnapshotAssertion) -> None:
    app = tiny_app(make_deck, played_folder)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("t")
        await pilot.pause()
        assert app.export_screenshot() == picture


async def test_the_class_view(played_folder: Path, picture: SnapshotAssertion) -> None:
    app = make_class_app(
        played_folder,
        now=lambda: NOW,
        hours=24 * 7,
        roster=("Ana", "Ben", "Maximilian Alexander von Hohenberg"),
    )
    async with app.run_test(size=SIZE) as pilot:
        await wait_until(pilot, lambda: app.class_screen.last is not None)
        await pilot.pause()
        assert app.export_screenshot() == picture


def cloze_match_app(make_deck):  # noqa: ANN201
    from tests.test_cloze_match import BANK

    return make_app([make_deck(BANK)], RoundOptions(seed=1), FakeClock(), student_name="Ana")


async def test_a_cloze_question_partly_right(make_deck, picture: SnapshotAssertion) -> None:
    """The blank rows with ✓/✗, the verdict and each blank's answer."""
    app = cloze_match_app(make_deck)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", *"Gyeongju", "enter", "a", "enter")
        await feedback_ready(pilot, app)
        await pilot.pause()
        assert app.export_screenshot() == picture


async def test_a_match_question_half_paired(make_deck, picture: SnapshotAssertion) -> None:
    """Both lists, a pair made (`→ b …` and `← 1`), the pointer on the next item."""
    app = cloze_match_app(make_deck)
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", "escape", "s", "enter", "1", "b")
        await pilot.pause()
        assert app.export_screenshot() == picture
