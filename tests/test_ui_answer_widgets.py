"""The answer widgets: keys that cannot be misread, a cursor visible without colour."""

from __future__ import annotations

from quizapp.engine.session import RoundOptions
from quizapp.ui.app import make_app
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.widgets.answers import POINTER
from tests.ui_helpers import feedback_shown, visible_text

BANK = """\
title: Widgets
settings: {shuffle: false, shuffle_choices: false}
questions:
  - id: moons
    type: choice
    prompt: How many moons does Mars have?
    choices: ["0", "1", "2", "4"]
    answer: "2"
    explanation: Phobos and Deimos.
  - id: giants
    type: multi
    prompt: Which are gas giants? Select all that apply.
    choices: [Jupiter, Mars, Saturn]
    answer: [Jupiter, Saturn]
    explanation: Mars is rocky.
    why_wrong: {Mars: Mars is a small rocky planet.}
  - id: long
    type: choice
    prompt: Pick the long one.
    choices:
      - A very long choice that goes on and on so that it has to wrap onto a second line of the screen
      - Short
    answer: Short
"""


async def test_number_like_choices_are_answered_by_letter_only(make_deck) -> None:
    """With choices such as "2", pressing 2 must not pick the second choice ("1")."""
    app = make_app([make_deck(BANK)], RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert "Press a–d to answer" in visible_text(app)
        await pilot.press("2")
        assert not feedback_shown(app)
        await pilot.press("c")
        assert "✓ Correct" in visible_text(app)


async def test_why_wrong_is_shown_for_each_wrong_pick_of_a_multi_question(make_deck) -> None:
    """A select-all question explains the wrong choices that were ticked."""
    app = make_app([make_deck(BANK)], RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "c", "enter")
        await pilot.press("1", "2", "enter")
        text = visible_text(app)
        assert "✗ Not quite" in text
        assert "About “Mars”: Mars is a small rocky planet." in text
        assert "✓ a right answer · ✗ a wrong pick · [x] your picks" in text


async def test_the_highlighted_option_carries_a_pointer(make_deck) -> None:
    """The arrow-key cursor is marked with ▸, not by colour alone; Enter alone picks nothing."""
    app = make_app([make_deck(BANK)], RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        assert POINTER not in visible_text(app)
        await pilot.press("enter")  # a stray Enter right after starting does not answer
        assert not feedback_shown(app)
        await pilot.press("down", "down")
        lines = [line for line in visible_text(app).splitlines() if POINTER in line]
        assert len(lines) == 1 and lines[0].endswith("1")
        await pilot.press("enter")
        assert "✗ Not quite" in visible_text(app)


async def test_long_choices_wrap_under_their_own_text(make_deck) -> None:
    """A wrapped choice continues under its text, not under its keys."""
    app = make_app([make_deck(BANK)], RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=(60, 24)) as pilot:
        await pilot.press("enter", "c", "enter", "s", "enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        assert screen.session.current.question.id == "long"
        options = screen.query_one("#answer")
        rendered = options.render_lines(options.region.reset_offset)
        lines = ["".join(segment.text for segment in strip).rstrip() for strip in rendered]
        first = next(i for i, line in enumerate(lines) if "A very long choice" in line)
        indent = lines[first].index("A very long choice")
        assert lines[first + 1][:indent].strip(" ▊▎") == ""
        assert lines[first + 1][indent:].strip()
