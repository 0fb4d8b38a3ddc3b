"""Pictures of the host's screens (`quizapp host`) at 80×24 and at a projector's 120×40.

As in `tests/test_snapshots.py`: SVG screenshots compared with the ones kept
in `tests/__snapshots__/`, drawn with a fixed room code, seed, clock and
names, and no countdown. After a deliberate change of a screen, look at the
new pictures and keep them with
`pytest tests/test_host_snapshots.py --snapshot-update`.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from syrupy.assertion import SnapshotAssertion
from syrupy.extensions.image import SVGImageSnapshotExtension

from quizapp.bank.model import Deck
from quizapp.engine.session import Mode, RoundOptions
from quizapp.live.host import LiveHost
from quizapp.live.player import LivePlayer
from quizapp.store import rooms
from quizapp.store.results import ResultsStore
from quizapp.ui.host_app import HostApp, make_host_app
from quizapp.ui.screens.host_lobby import HostLobbyScreen
from quizapp.ui.screens.host_question import HostQuestionScreen
from quizapp.ui.screens.host_reveal import HostRevealScreen
from quizapp.ui.screens.host_summary import HostSummaryScreen
from tests.store_helpers.play import StoreClock, fixed_scheduler
from tests.test_live_host import LIVE_BANK, screen_is, shows

SIZES = [pytest.param((80, 24), id="80x24"), pytest.param((120, 40), id="120x40")]
CLASS = ("Ana", "Ben", "Chloé", "Dae-jung", "Maximilian Alexander von Hohenberg")


@pytest.fixture
def picture(snapshot: SnapshotAssertion) -> SnapshotAssertion:
    return snapshot.use_extension(SVGImageSnapshotExtension)


@pytest.fixture
def room(
    make_deck: Callable[..., Deck], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> tuple[LiveHost, list[LivePlayer]]:
    """A room with the code KMTA and five students in the lobby (SQLite, fixed clock)."""
    monkeypatch.setattr(rooms, "new_code", lambda taken: "KMTA")
    folder = tmp_path / "data"

    def store() -> ResultsStore:
        return ResultsStore.open(folder, now=StoreClock(), scheduler=fixed_scheduler())

    host = LiveHost.open(
        store(),
        make_deck(LIVE_BANK),
        RoundOptions(mode=Mode.TEST, shuffle=False),
        seed=7,
        leaderboard=True,
        now=StoreClock(),
    )
    players = [LivePlayer.join(store(), "KMTA", name, now=StoreClock()) for name in CLASS]
    return host, players


def give(players: list[LivePlayer], responses: list[str]) -> None:
    for player, response in zip(players, responses, strict=False):
        assert player.answer(player.state(), response, 3.0)


async def to_question(pilot: object, app: HostApp) -> None:
    await screen_is(pilot, app, HostLobbyScreen)
    await pilot.press("enter")  # type: ignore[attr-defined]
    await screen_is(pilot, app, HostQuestionScreen)


@pytest.mark.parametrize("size", SIZES)
async def test_the_lobby(room, size, picture: SnapshotAssertion) -> None:
    host, _ = room
    app = make_host_app(host)
    async with app.run_test(size=size) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await shows(pilot, app, "Joined: 5")
        assert app.export_screenshot() == picture


@pytest.mark.parametrize("size", SIZES)
async def test_a_question_with_answers_coming_in(room, size, picture: SnapshotAssertion) -> None:
    host, players = room
    app = make_host_app(host)
    async with app.run_test(size=size) as pilot:
        await to_question(pilot, app)
        give(players, ["South Korea", "China", "China"])
        await shows(pilot, app, "Answers in: 3 of 5 students")
        assert app.export_screenshot() == picture


@pytest.mark.parametrize("size", SIZES)
async def test_the_reveal(room, size, picture: SnapshotAssertion) -> None:
    host, players = room
    app = make_host_app(host)
    async with app.run_test(size=size) as pilot:
        await to_question(pilot, app)
        give(players, ["South Korea", "China", "China", "South Korea", "Japan"])
        await shows(pilot, app, "Answers in: 5 of 5")
        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        assert app.export_screenshot() == picture


@pytest.mark.parametrize("size", SIZES)
async def test_the_summary_with_the_leaderboard(room, size, picture: SnapshotAssertion) -> None:
    host, players = room
    app = make_host_app(host)
    async with app.run_test(size=size) as pilot:
        await to_question(pilot, app)
        given = [
            ["South Korea", "China", "China", "South Korea", "Japan"],
            ["Seoul", "seoul", "Busan", "Seoul", "Seoul"],
            ["False", "True", "True", "True", "True"],
        ]
        for number, responses in enumerate(given, start=1):
            give(players, responses)
            await shows(pilot, app, "Answers in: 5 of 5")
            await pilot.press("r")
            await screen_is(pilot, app, HostRevealScreen)
            await pilot.press("n")
            if number < len(given):
                await shows(pilot, app, f"Question {number + 1} of 3")
        await screen_is(pilot, app, HostSummaryScreen)
        assert app.export_screenshot() == picture
