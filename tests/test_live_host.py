"""The teacher's screen of a live room (`quizapp host`), with Pilot, on a real store (both engines).

Students are simulated through `LivePlayer`, the domain API their own
screens use: they join, answer while the question is open, and the host's
screen shows it as it happens.
"""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from textual.app import App

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
from quizapp.ui.widgets.answer_bars import AnswerBars
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.room_code import RoomCode
from tests.cli_helpers import quizapp
from tests.engines import TestDatabase
from tests.store_helpers.play import StoreClock, fixed_scheduler
from tests.ui_helpers import visible_text, wait_until

LIVE_BANK = """\
deck: live-drill
title: Live drill
settings: {shuffle: false, shuffle_choices: false}
questions:
  - id: host
    type: choice
    prompt: Which country hosts APEC 2025?
    choices: [South Korea, China, Japan, United States]
    answer: South Korea
    explanation: Gyeongju, in South Korea, hosts the 2025 summit.
    why_wrong:
      China: China hosted APEC in 2014.
  - id: capital
    type: text
    prompt: Name South Korea's capital.
    answer: Seoul
    explanation: Seoul has been the capital since 1948.
  - id: invited
    type: truefalse
    prompt: Xi accepted the invitation.
    answer: false
    explanation: He had not answered yet.
"""

SIZE = (100, 32)


@pytest.fixture
def live_deck(make_deck: Callable[..., Deck]) -> Deck:
    return make_deck(LIVE_BANK)


def open_store(database: TestDatabase, clock: StoreClock | None = None) -> ResultsStore:
    """A store of its own, as each process (the host, every student) has."""
    return ResultsStore.open(database.where, now=clock or StoreClock(), scheduler=fixed_scheduler())


def open_room(
    database: TestDatabase,
    deck: Deck,
    *,
    leaderboard: bool = False,
    roster: tuple[str, ...] = (),
    time_limit: float | None = None,
    clock: StoreClock | None = None,
) -> LiveHost:
    options = RoundOptions(mode=Mode.TEST, shuffle=False, time_limit=time_limit)
    store = open_store(database, clock)
    return LiveHost.open(
        store,
        deck,
        options,
        seed=7,
        roster=roster,
        leaderboard=leaderboard,
        now=clock or StoreClock(),
    )


def join(database: TestDatabase, host: LiveHost, name: str) -> LivePlayer:
    """A student in the room, on the host's clock (a timed question's close is by it)."""
    return LivePlayer.join(open_store(database), host.code, name, now=host.now)


def answer(player: LivePlayer, response: object, seconds: float = 2.0) -> bool:
    return player.answer(player.state(), response, seconds)  # type: ignore[arg-type]


async def screen_is(pilot: object, app: App, kind: type) -> None:
    """Wait until a screen of `kind` is up and drawn (its key bar, composed last, is there)."""
    await wait_until(pilot, lambda: isinstance(app.screen, kind) and app.screen.query(KeyBar))
    await pilot.pause()  # type: ignore[attr-defined]


async def shows(pilot: object, app: App, text: str) -> None:
    """Wait until `text` is on the active screen."""
    await wait_until(pilot, lambda: text in visible_text(app), timeout=15)


def bars(app: App) -> list[str]:
    """The reveal's bar lines as drawn, trailing spaces dropped."""
    drawn = app.screen.query_one(AnswerBars).render().plain
    return [" ".join(line.split()) for line in drawn.splitlines()]


async def test_the_lobby_shows_the_code_and_who_joins(database: TestDatabase, live_deck) -> None:
    host = open_room(database, live_deck, roster=("Ann", "Ben", "Cy"))
    app = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        code = app.screen.query_one(RoomCode).render().plain
        assert " ".join(host.code) in code  # spaced, under the block letters
        text = visible_text(app)
        assert f"quizapp join {host.code}" in text
        assert "Waiting for the class to join…" in text
        assert "Not joined yet (3): Ann, Ben, Cy" in text
        join(database, host, "ANN")
        join(database, host, "Ben")
        await shows(pilot, app, "Joined: 2")
        text = visible_text(app)
        assert "Ann  ·  Ben" in text  # "ANN" typed, matched to Ann on the list: its spelling
        assert "Not joined yet (1): Cy" in text
        assert host.state().phase is rooms.Phase.LOBBY


async def test_a_question_counts_answers_in_and_the_reveal_shows_the_room(
    database: TestDatabase, live_deck
) -> None:
    host = open_room(database, live_deck)
    ann, ben, cy = (join(database, host, name) for name in ("Ann", "Ben", "Cy"))
    app = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await pilot.press("enter")
        await screen_is(pilot, app, HostQuestionScreen)
        await shows(pilot, app, "Answers in: 0 of 3 students")
        text = visible_text(app)
        assert "Question 1 of 3" in text
        assert "Which country hosts APEC 2025?" in text
        assert "a  South Korea\nb  China\nc  Japan\nd  United States" in text
        assert "Gyeongju" not in text, "nothing of the answer before the reveal"
        assert answer(ann, "South Korea")
        await shows(pilot, app, "Answers in: 1 of 3 students")
        assert answer(ben, "China") and answer(cy, "China")
        await shows(pilot, app, "Answers in: 3 of 3 students")

        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        text = visible_text(app)
        assert "3 of 3 answered · 1 right (33%)" in text
        assert "✓ Right answer: South Korea" in text
        assert "Gyeongju, in South Korea, hosts the 2025 summit." in text
        assert "Most chosen wrong answer: “China” — China hosted APEC in 2014." in text
        assert bars(app)[0].startswith("a South Korea █") and bars(app)[0].endswith(" 1 ✓ right")
        assert bars(app)[1].startswith("b China ████") and bars(app)[1].endswith(" 2")
        assert bars(app)[2:] == ["c Japan 0", "d United States 0"]
        state = host.state()
        assert state.phase is rooms.Phase.REVEALED
        assert ann.verdict(state).correct and not ben.verdict(state).correct

        await pilot.press("n")
        await shows(pilot, app, "Question 2 of 3")
        assert isinstance(app.screen, HostQuestionScreen)
        assert "Type your answer." in visible_text(app)
        assert host.state().position == 1


async def test_pause_skip_and_end_with_the_summary_hardest_first(
    database: TestDatabase, live_deck
) -> None:
    host = open_room(database, live_deck)
    ann, ben, cy = (join(database, host, name) for name in ("Ann", "Ben", "Cy"))
    app = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await pilot.press("n")
        await screen_is(pilot, app, HostQuestionScreen)
        answer(ann, "South Korea"), answer(ben, "China"), answer(cy, "Japan")
        await shows(pilot, app, "Answers in: 3 of 3")
        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        await pilot.press("enter")
        await shows(pilot, app, "Question 2 of 3")

        await pilot.press("p")
        await shows(pilot, app, "⏸ Paused: answers wait. Press p to go on.")
        assert host.state().phase is rooms.Phase.PAUSED
        assert not answer(ann, "Seoul"), "no answer counts while paused"
        await pilot.press("p")
        await wait_until(pilot, lambda: "Paused" not in visible_text(app))
        assert host.state().phase is rooms.Phase.OPEN
        assert answer(ann, " seoul") and answer(ben, "Busan")
        await shows(pilot, app, "Answers in: 2 of 3")
        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        assert bars(app)[0].startswith("Right (Seoul) ") and bars(app)[0].endswith("1 ✓ right")
        assert bars(app)[1].startswith("Busan ") and bars(app)[1].endswith(" 1")
        assert "Most chosen wrong answer: “Busan”" in visible_text(app)
        await pilot.press("n")
        await shows(pilot, app, "Question 3 of 3")

        assert answer(cy, "True")
        await pilot.press("s")  # the last question, skipped: the room ends
        await screen_is(pilot, app, HostSummaryScreen)
        text = visible_text(app)
        assert (
            f"Room {host.code} has ended · Live drill · 3 of 3 questions asked · 3 students" in text
        )
        first = text.index("33% | 1 of 3 | Which country hosts APEC 2025?")
        second = text.index("50% | 1 of 2 | Name South Korea's capital.")
        assert first < second, "hardest first"
        assert "Xi accepted" not in text, "the skipped question counts for nothing"
        assert "Ranking" not in text, "no ranking without --leaderboard"
        assert app.ended
        assert host.state().phase is rooms.Phase.ENDED


async def test_e_ends_early_and_the_leaderboard_ranks(database: TestDatabase, live_deck) -> None:
    host = open_room(database, live_deck, leaderboard=True)
    ann, ben = join(database, host, "Ann"), join(database, host, "Ben")
    app = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await pilot.press("enter")
        await screen_is(pilot, app, HostQuestionScreen)
        answer(ann, "South Korea"), answer(ben, "Japan")
        await shows(pilot, app, "Answers in: 2 of 2")
        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        await pilot.press("e")
        await shows(pilot, app, f"End room {host.code} now?")
        await pilot.press("n")  # kept going
        await screen_is(pilot, app, HostRevealScreen)
        assert host.state().phase is rooms.Phase.REVEALED
        await pilot.press("e", "y")
        await screen_is(pilot, app, HostSummaryScreen)
        text = visible_text(app)
        assert "Ranking by points" in text
        assert text.index("1 | Ann | 1") < text.index("2 | Ben | 0")
        assert host.state().phase is rooms.Phase.ENDED
        await pilot.press("q")
    assert app.return_code in (None, 0)


async def test_time_up_reveals_by_itself(database: TestDatabase, live_deck) -> None:
    clock = StoreClock()
    host = open_room(database, live_deck, time_limit=20, clock=clock)
    ann = join(database, host, "Ann")
    app = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await pilot.press("enter")
        await shows(pilot, app, "⏱ 0:20")
        answer(ann, "South Korea")
        clock.advance(seconds=12.5)
        await shows(pilot, app, "⏱ 0:08")
        await pilot.press("p")
        await shows(pilot, app, "⏱ 0:08 paused")
        clock.advance(seconds=60)  # a long pause gives the time back
        await pilot.press("p")
        await wait_until(pilot, lambda: host.state().phase is rooms.Phase.OPEN)
        await shows(pilot, app, "⏱ 0:08")
        clock.advance(seconds=8)
        await screen_is(pilot, app, HostRevealScreen)
        assert "1 of 1 answered · 1 right (100%)" in visible_text(app)


async def test_a_host_that_died_is_taken_up_at_the_same_question(
    database: TestDatabase, live_deck
) -> None:
    host = open_room(database, live_deck)
    ann, ben = join(database, host, "Ann"), join(database, host, "Ben")
    app = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await pilot.press("enter")
        await screen_is(pilot, app, HostQuestionScreen)
        answer(ann, "South Korea")
        await shows(pilot, app, "Answers in: 1 of 2")
        await pilot.press("q")  # the teacher's screen goes away mid-question
    assert not app.ended
    assert host.state().phase is rooms.Phase.OPEN, "the room stays open"
    answer(ben, "China")  # the class goes on answering meanwhile

    resumed = LiveHost.resume(open_store(database), [live_deck], host.code)
    again = make_host_app(resumed)
    async with again.run_test(size=SIZE) as pilot:
        await screen_is(pilot, again, HostQuestionScreen)
        await shows(pilot, again, "Answers in: 2 of 2")
        assert "Question 1 of 3" in visible_text(again)
        await pilot.press("r")
        await screen_is(pilot, again, HostRevealScreen)
        assert "2 of 2 answered · 1 right (50%)" in visible_text(again)

    # Taken up once more after the reveal: it opens on the reveal, and goes on from there.
    third = make_host_app(LiveHost.resume(open_store(database), [live_deck], host.code))
    async with third.run_test(size=SIZE) as pilot:
        await screen_is(pilot, third, HostRevealScreen)
        assert "2 of 2 answered · 1 right (50%)" in visible_text(third)
        await pilot.press("n")
        await shows(pilot, third, "Question 2 of 3")


async def test_hostile_names_and_answers_are_shown_as_written(
    database: TestDatabase, live_deck
) -> None:
    """A name with markup and an escape sequence, a typed answer with markup: shown literally."""
    host = open_room(database, live_deck)
    mallory = join(database, host, "Mallory")
    hostile = "[@click=app.quit]Mal[/] \x1b]52;c;aGk=\x07"
    # Names are cleaned on the way in (the ESC would go); a hostile database keeps it.
    database.execute(
        "UPDATE students SET name = ? WHERE id = ?", hostile, mallory.player.student_id
    )
    app: HostApp = make_host_app(host)
    async with app.run_test(size=SIZE) as pilot:
        await screen_is(pilot, app, HostLobbyScreen)
        await shows(pilot, app, "Joined: 1")
        names = app.screen.query_one("#joined-names")
        shown = names.render().plain  # type: ignore[union-attr]
        assert shown == "[@click=app.quit]Mal[/] ␛]52;c;aGk=␇"
        assert "\x1b" not in shown
        assert not names.render().spans, "no markup, no action"  # type: ignore[union-attr]
        await pilot.click("#joined-names")
        assert app.is_running, "clicking the name ran nothing"

        await pilot.press("enter")
        await screen_is(pilot, app, HostQuestionScreen)
        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        await pilot.press("n")
        await shows(pilot, app, "Question 2 of 3")
        assert answer(mallory, "[b]Busan[/b] \x1b[2J")
        await shows(pilot, app, "Answers in: 1 of 1")
        await pilot.press("r")
        await screen_is(pilot, app, HostRevealScreen)
        lines = bars(app)
        assert lines[1].startswith("[b]Busan[/b] ␛[2J")
        assert "Most chosen wrong answer: “[b]Busan[/b] ␛[2J”" in visible_text(app)


def test_host_help_and_a_bad_resume_code(database: TestDatabase, tmp_path: Path) -> None:
    """Through a real process: --help, and a code with no open room is one line, exit 1."""
    helped = quizapp("host", "--help", cwd=tmp_path)
    assert helped.returncode == 0
    assert "--resume CODE" in helped.stdout and "--leaderboard" in helped.stdout
    refused = quizapp(
        "host", "--resume", "zz-zz", *database.cli_args, cwd=tmp_path, trace_imports=True
    )
    assert refused.returncode == 1
    said = [line for line in refused.stderr.splitlines() if not line.startswith("import time:")]
    assert len(said) == 1 and said[0].startswith("quizapp: error: no open room ZZZZ in ")
    assert "textual" not in refused.stderr, "Textual is imported only once the room is open"


def test_a_deck_that_is_not_there_is_one_line(tmp_path: Path, write_bank) -> None:
    bank = write_bank(LIVE_BANK)
    refused = quizapp(
        "host", str(bank), "--deck", "nope", "--data-dir", str(tmp_path), cwd=tmp_path
    )
    assert refused.returncode == 2
    assert refused.stderr.strip() == (
        "quizapp: error: --deck: no deck 'nope' in the banks given; decks are: live-drill"
    )
