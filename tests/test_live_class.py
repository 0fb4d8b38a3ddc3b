"""A whole live room in one test: the teacher's screen and two students' screens, all Pilot.

The teacher's keys (Enter, r, n, e) drive the room through `HostApp`; the
students answer on `JoinApp`s that follow it from their worker threads, on
a real store (a SQLite file, then PostgreSQL). What each screen shows is
what the room would see, and afterwards the report holds every answer.
"""

from __future__ import annotations

from contextlib import AsyncExitStack

from quizapp.engine.session import Mode, RoundOptions
from quizapp.live.host import LiveHost
from quizapp.store.reports import answer_rows
from quizapp.ui.host_app import make_host_app
from quizapp.ui.join_app import make_join_app
from quizapp.ui.screens.host_question import HostQuestionScreen
from quizapp.ui.screens.host_reveal import HostRevealScreen
from quizapp.ui.screens.host_summary import HostSummaryScreen
from tests.engines import TestDatabase
from tests.store_helpers.play import engine_deck
from tests.test_live_host import bars
from tests.test_live_join import SIZE, key_for, open_store, until_shown
from tests.ui_helpers import visible_text, wait_until

DECK = engine_deck()


async def test_the_teacher_paces_two_students_and_the_report_has_their_answers(
    database: TestDatabase,
) -> None:
    host = LiveHost.open(
        open_store(database), DECK, RoundOptions(mode=Mode.TEST, shuffle=False), seed=5
    )
    teacher = make_host_app(host)
    ann = make_join_app(database.where, code=host.code, student_name="Ann")
    ben = make_join_app(database.where, code=host.code, student_name="Ben")
    first = host.questions[0]
    async with AsyncExitStack() as stack:
        pt = await stack.enter_async_context(teacher.run_test(size=(120, 40)))
        pa = await stack.enter_async_context(ann.run_test(size=SIZE))
        pb = await stack.enter_async_context(ben.run_test(size=SIZE))
        await until_shown(pa, ann, "waiting for the teacher")
        await until_shown(pb, ben, "waiting for the teacher")
        await wait_until(pt, lambda: "Joined: 2" in visible_text(teacher), timeout=20)

        await pt.press("enter")  # the teacher opens the first question for everyone
        await wait_until(pt, lambda: isinstance(teacher.screen, HostQuestionScreen), timeout=20)
        await until_shown(pa, ann, "Question 1 of", first.prompt)
        await until_shown(pb, ben, "Question 1 of", first.prompt)
        await pa.press(key_for(host, first, "South Korea"))
        await pb.press(key_for(host, first, "China"))
        await until_shown(pa, ann, "Answer in")
        await until_shown(pb, ben, "Answer in")
        await wait_until(pt, lambda: "Answers in: 2 of 2" in visible_text(teacher), timeout=20)

        await pt.press("r")  # the reveal reaches both students
        await wait_until(pt, lambda: isinstance(teacher.screen, HostRevealScreen), timeout=20)
        await until_shown(pa, ann, "✓ Right")
        await until_shown(pb, ben, "✗ Not right", "South Korea")
        shown = visible_text(teacher)
        assert "2 of 2 answered · 1 right (50%)" in shown
        assert "✓ Right answer: South Korea" in shown
        assert "Most chosen wrong answer: “China”" in shown
        assert [line.split()[-2:] for line in bars(teacher) if "South Korea" in line] == [
            ["✓", "right"]
        ]

        await pt.press("e")  # end early (asked first)
        await pt.press("y")
        await wait_until(pt, lambda: isinstance(teacher.screen, HostSummaryScreen), timeout=20)
        await until_shown(pa, ann, "The teacher ended the room")
        await until_shown(pb, ben, "The teacher ended the room")

    rows = answer_rows(open_store(database))
    assert sorted((r.student, r.response, r.correct) for r in rows) == [
        ("Ann", "South Korea", True),
        ("Ben", "China", False),
    ]
    assert {r.round_kind for r in rows} == {"live"}
