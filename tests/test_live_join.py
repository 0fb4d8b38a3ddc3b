"""`quizapp join`: students' screens in a live room, on a real store (both engines).

The teacher's side is driven through `LiveHost` (the domain API), the
students' through Pilot: the very app `quizapp join` runs, following the
room from its worker thread. And `quizapp serve --live`: a browser tab that
joins a room and answers into the store.
"""

from __future__ import annotations

import sys
from collections.abc import Callable
from contextlib import AsyncExitStack
from pathlib import Path

import aiohttp
import pytest
from textual.pilot import Pilot

from quizapp.bank.model import Deck, Question
from quizapp.engine.session import Mode, RoundOptions
from quizapp.live.host import LiveHost
from quizapp.store import rooms
from quizapp.store.records import decode_response
from quizapp.store.results import ResultsStore
from quizapp.ui.join_app import JoinApp, make_join_app
from quizapp.ui.screens.join_question import LiveQuestionScreen
from quizapp.ui.screens.join_room import RoomScreen
from tests.engines import TestDatabase
from tests.store_helpers.play import StoreClock, engine_deck, fixed_scheduler
from tests.ui_helpers import visible_text, wait_until

DECK = engine_deck()
SIZE = (90, 30)


def open_store(database: TestDatabase) -> ResultsStore:
    return ResultsStore.open(database.where, now=StoreClock(), scheduler=fixed_scheduler())


def open_room(database: TestDatabase, deck: Deck = DECK, time_limit: int | None = None) -> LiveHost:
    """A room over `deck`, questions and choices in the bank's order."""
    options = RoundOptions(mode=Mode.TEST, shuffle=False, time_limit=time_limit)
    return LiveHost.open(open_store(database), deck, options, seed=5)


def student(database: TestDatabase, code: str = "", name: str | None = None) -> JoinApp:
    return make_join_app(database.where, code=code, student_name=name)


def shown(app: JoinApp) -> str:
    return visible_text(app)


async def until_shown(pilot: Pilot[None], app: JoinApp, *texts: str) -> None:
    """Wait until every one of `texts` is on the app's screen (a deadline guards a hang)."""
    try:
        await wait_until(pilot, lambda: all(text in shown(app) for text in texts), timeout=20)
    except AssertionError:
        raise AssertionError(f"never shown: {texts!r}; the screen shows:\n{shown(app)}") from None


def key_for(host: LiveHost, question: Question, choice: str) -> str:
    """The number key that picks `choice` as the room shows the question."""
    return str(host.options_for(question).index(choice) + 1)


async def answers_sent(pilot: Pilot[None], app: JoinApp) -> None:
    """Wait until any answer the last key sent has reached the store (or none was sent)."""
    await pilot.pause()
    for worker in [w for w in app.workers if w.group == "answer"]:
        await worker.wait()
    await pilot.pause()


def given_by(database: TestDatabase, host: LiveHost, name: str) -> list[object]:
    """What `name` gave to the current question, as the store holds it."""
    position = host.state().position
    return [
        decode_response(r.response)
        for r in rooms.responses(host.store, host.code, position)
        if r.name == name
    ]


def holds_no_answer(app: JoinApp) -> bool:
    """The app's question (its screen's and its view's) has no answer field set."""
    screen = app.screen
    assert isinstance(screen, LiveQuestionScreen)
    for question in (screen.asked.question, app.view.question if app.view else None):
        assert question is not None
        if (
            question.correct_choices
            or question.accepted
            or question.explanation
            or question.why_wrong
            or question.number is not None
        ):
            return False
    public = app.view.state.question if app.view else None
    return public is not None and not {"answer", "accepted", "correct_choices"} & set(public)


async def test_two_students_answer_once_each_and_see_their_own_verdict_and_the_class(
    database: TestDatabase,
) -> None:
    host = open_room(database)
    first = host.questions[0]  # choice: South Korea; why_wrong on China
    ann, ben = student(database), student(database, host.code, "Ben")
    async with AsyncExitStack() as stack:
        pa = await stack.enter_async_context(ann.run_test(size=SIZE))
        pb = await stack.enter_async_context(ben.run_test(size=SIZE))
        # Ann types the code (any case) and her name; Ben had both on the command line.
        await until_shown(pa, ann, "Room code:", "Your name:")
        await pa.press(*host.code.lower(), "enter")
        await until_shown(pa, ann, "Now type your name")
        await pa.press(*"Ann", "enter")
        await until_shown(
            pa, ann, f"Joined room {host.code} as Ann — waiting for the teacher to open a question"
        )
        await until_shown(pb, ben, f"Joined room {host.code} as Ben — waiting for the teacher")

        host.open_question(0)
        for pilot, app in ((pa, ann), (pb, ben)):
            await until_shown(pilot, app, "Question 1 of 8", first.prompt, "South Korea", "China")
            assert holds_no_answer(app)
            assert "The answer" not in shown(app)

        await pa.press(key_for(host, first, "South Korea"))
        await until_shown(
            pa, ann, "✓ Answer in — waiting for the teacher", "Your answer: South Korea"
        )
        await pa.press(key_for(host, first, "China"))  # a second key answers nothing
        await pb.press(key_for(host, first, "China"))
        await until_shown(pb, ben, "✓ Answer in", "Your answer: China")
        await answers_sent(pa, ann)
        assert given_by(database, host, "Ann") == ["South Korea"]
        assert given_by(database, host, "Ben") == ["China"]
        assert "Right" not in shown(ann) and "Not right" not in shown(ben)  # not known yet

        host.reveal()
        await until_shown(pa, ann, "✓ Right", "How the class did: 1 of 2 right")
        await until_shown(pb, ben, "✗ Not right", "The answer: South Korea")
        assert "About “China”: China is the guest." in shown(ben)
        assert "About “China”" not in shown(ann)
        assert any(
            line.startswith("✓ South Korea") and line.endswith("1  ← you")
            for line in shown(ann).splitlines()
        )
        assert any(
            line.startswith("  China") and line.endswith("1  ← you")
            for line in shown(ben).splitlines()
        )

        host.next_question()
        for pilot, app in ((pa, ann), (pb, ben)):
            await until_shown(pilot, app, "Question 2 of 8", host.questions[1].prompt)
        host.end()
        await until_shown(pa, ann, "The teacher ended the room", "Your score: 1 of 1 answer right")
        await until_shown(pb, ben, "The teacher ended the room", "Your score: 0 of 1 answer right")


async def test_a_late_joiner_gets_the_question_and_a_reconnect_sees_its_answer(
    database: TestDatabase,
) -> None:
    host = open_room(database)
    first = host.questions[0]
    ann = student(database, host.code, "Ann")
    async with ann.run_test(size=SIZE) as pilot:
        await until_shown(pilot, ann, "waiting for the teacher")
        host.open_question(0)
        await until_shown(pilot, ann, "Question 1 of 8")
        await pilot.press(key_for(host, first, "South Korea"))
        await until_shown(pilot, ann, "✓ Answer in")

    late = student(database, host.code, "Cy")
    async with late.run_test(size=SIZE) as pilot:
        await until_shown(pilot, late, "Room", "Question 1 of 8", first.prompt, "South Korea")
        assert isinstance(late.screen, LiveQuestionScreen) and late.screen.given is None

    again = student(database, host.code.lower(), "ann")  # a new tab, the same student
    async with again.run_test(size=SIZE) as pilot:
        await until_shown(pilot, again, "✓ Answer in — waiting for the teacher")
        assert "Your answer: South Korea" in shown(again)
        assert "Press 1–4" not in shown(again) and "United States" not in shown(again)
        await pilot.press(key_for(host, first, "China"))
        await answers_sent(pilot, again)
        assert given_by(database, host, "Ann") == ["South Korea"]


async def test_a_paused_room_takes_no_answer_until_the_teacher_goes_on(
    database: TestDatabase,
) -> None:
    host = open_room(database, time_limit=60)
    first = host.questions[0]
    ann = student(database, host.code, "Ann")
    async with ann.run_test(size=SIZE) as pilot:
        host.open_question(0)
        await until_shown(pilot, ann, "Question 1 of 8", "⏱ ")
        host.pause()
        await until_shown(pilot, ann, "⏸ Paused by the teacher")
        await pilot.press(key_for(host, first, "China"))
        await answers_sent(pilot, ann)
        assert given_by(database, host, "Ann") == []
        host.go_on()
        await wait_until(pilot, lambda: "Paused" not in shown(ann), timeout=20)
        await pilot.press(key_for(host, first, "South Korea"))
        await until_shown(pilot, ann, "✓ Answer in")
        assert given_by(database, host, "Ann") == ["South Korea"]


async def test_an_answer_after_the_question_closed_is_refused_and_says_so(
    database: TestDatabase,
) -> None:
    host = open_room(database)
    first = host.questions[0]
    ann = student(database, host.code, "Ann")
    async with ann.run_test(size=SIZE) as pilot:
        host.open_question(0)
        await until_shown(pilot, ann, "Question 1 of 8")
        # Closed behind the follower's back (no version bump): the answer meets a closed room.
        database.execute("UPDATE rooms SET phase = 'revealed' WHERE code = ?", host.code)
        await pilot.press(key_for(host, first, "South Korea"))
        await until_shown(pilot, ann, "✗ Too late")
        assert "Answer in" not in shown(ann)
        assert rooms.responses(host.store, host.code, 0) == []


async def test_the_join_screen_says_in_one_line_why_a_join_failed(database: TestDatabase) -> None:
    listed = LiveHost.open(open_store(database), DECK, RoundOptions(), seed=5, roster=("Ann",))
    ended = open_room(database)
    ended.end()
    app = student(database)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press(*"zzzz", "enter", *"Ann", "enter")
        await until_shown(pilot, app, "✗ No room has the code ZZZZ")
        code = app.screen.query_one("#code")
        for _ in range(4):
            code.action_delete_left()  # type: ignore[attr-defined]
        code.focus()
        await pilot.press(*ended.code, "enter")
        await until_shown(pilot, app, f"✗ Room {ended.code} has ended")
        for _ in range(4):
            code.action_delete_left()  # type: ignore[attr-defined]
        await pilot.press(*listed.code)
        name = app.screen.query_one("#name")
        name.value = "Mallory"  # type: ignore[attr-defined]
        name.focus()
        await pilot.press("enter")
        await until_shown(pilot, app, "✗ Mallory is not on this room's class list")
        assert shown(app).count("✗") == 1
        name.value = "ann"  # type: ignore[attr-defined]
        await pilot.press("enter")
        await until_shown(pilot, app, f"Joined room {listed.code} as Ann")


HOSTILE = """\
deck: hostile-live
title: "Live [b]x[/b]"
questions:
  - id: one
    type: choice
    prompt: "Pick [@click=app.quit]this[/] a [/] b"
    choices: ["[b]B[/b]", "[@click=app.bell]ring[/]", "plain"]
    answer: plain
    explanation: "Because [/] [red]so[/red]"
"""


async def test_hostile_bank_text_is_shown_as_written(
    database: TestDatabase, make_deck: Callable[..., Deck]
) -> None:
    host = open_room(database, make_deck(HOSTILE))
    app = student(database, host.code, "Ann")
    async with app.run_test(size=SIZE) as pilot:
        host.open_question(0)
        await until_shown(pilot, app, "Pick [@click=app.quit]this[/] a [/] b", "[b]B[/b]")
        await pilot.click("#prompt")  # its text's [@click=...] is text, not an action
        assert isinstance(app.screen, LiveQuestionScreen)
        app.screen.card.answer.focus()  # the click may have focused the scrolling body
        await pilot.press("3")
        await until_shown(pilot, app, "Your answer: plain")
        host.reveal()
        await until_shown(pilot, app, "✓ Right", "Because [/] [red]so[/red]")
        assert "[@click=app.bell]ring[/]" in shown(app)
        assert app.is_running
        assert isinstance(app.screen, RoomScreen)


# -- quizapp serve --live ---------------------------------------------------------------------


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="serve's pre-warmed parent")
async def test_a_served_tab_joins_a_live_room_and_its_answer_lands_in_the_store(
    database: TestDatabase, tmp_path: Path
) -> None:
    from tests.test_serve import Browser, running_server

    with running_server(["--live", *database.cli_args], tmp_path) as served:
        host = open_room(database)
        first = host.questions[0]
        async with aiohttp.ClientSession() as session, Browser(session, served.port) as tab:
            await tab.wait_for("Room code")
            await tab.type(host.code.lower() + "\r")
            await tab.wait_for("Now type your name")  # the name box has the keys from here
            await tab.type("Ann\r")
            await tab.wait_for("waiting for the teacher")
            host.open_question(0)
            await tab.wait_for("Question 1 of 8")
            await tab.type(key_for(host, first, "South Korea"))
            await tab.wait_for("Answer in")
            assert given_by(database, host, "Ann") == ["South Korea"]
            host.reveal()
            await tab.wait_for("Right")
    output = served.output()
    assert "Every tab joins a live room" in output
    assert "Quizzes are forked from a pre-warmed parent" in output  # the parent learnt `join`
    assert "Traceback" not in output


async def test_a_typed_answer_is_marked_as_the_students_own_among_the_class(
    database: TestDatabase,
) -> None:
    host = open_room(database)
    ann = student(database, host.code, "Ann")
    async with ann.run_test(size=SIZE) as pilot:
        host.open_question(1)  # text: Ishiba
        await until_shown(pilot, ann, "Question 2 of 8", "Type your answer, then Enter")
        assert "Esc for hint" not in shown(ann)  # a live room has no hints or skips
        await pilot.press("enter")
        await until_shown(pilot, ann, "Type an answer first.")
        await pilot.press(*"Kishida", "enter")
        await until_shown(pilot, ann, "✓ Answer in", "Your answer: Kishida")
        host.reveal()
        await until_shown(pilot, ann, "✗ Not right", "The answer: Ishiba")
        assert any(
            line.startswith("  Kishida") and line.endswith("1  ← you")
            for line in shown(ann).splitlines()
        )


def test_serve_live_gives_every_tab_the_join_command(tmp_path: Path) -> None:
    """`serve --live`: each tab runs `quizapp join` with the data folder, asking code and name."""
    import shlex

    from quizapp.cli.arguments import serve_parser
    from quizapp.serve.command import child_command

    args = serve_parser().parse_args(["--live", "--mode", "test"])
    words = shlex.split(child_command(args, tmp_path).removeprefix("exec "))
    assert words[3:] == ["join", "--data-dir", str(tmp_path.resolve()), "--ask-name", "--served"]
    from quizapp.cli.join import join_parser

    parsed = join_parser().parse_args(words[4:])
    assert parsed.code is None and parsed.ask_name and parsed.served
