"""Bank text is untrusted: markup-like brackets must show literally and run nothing."""

from __future__ import annotations

from textual.widgets import OptionList

from quizapp.engine.session import RoundOptions
from quizapp.ui.app import make_app
from quizapp.ui.screens.briefing import BriefingScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.widgets.feedback import FeedbackPanel
from tests.ui_helpers import feedback_ready, visible_text

CLICK = "[@click=app.quit]x[/]"

HOSTILE_BANK = f"""\
title: "Title [b]not bold[/b] a [/] b"
description: "Desc [/] here"
source: {{title: "Src [red]x[/red]", outlet: "[/]", url: "https://example.com/[x]"}}
briefing: "Brief {CLICK} and [/] text"
settings: {{shuffle: false, shuffle_choices: false}}
questions:
  - id: one
    type: choice
    prompt: "Prompt a [/] b"
    choices: ["{CLICK}", "[b]B[/b]", "plain"]
    answer: plain
    explanation: "Explained [/] {CLICK}"
    hint: "Hint [i]x[/i]"
    topic: "Topic [/]"
    why_wrong: {{"{CLICK}": "Why [/] not"}}
  - id: two
    type: text
    prompt: "Type [/]"
    answer: "[x]"
    explanation: "[@click=app.bell]ring[/]"
    topic: "Topic [/]"
"""


async def test_markup_in_every_bank_field_shows_literally(make_deck) -> None:
    """Titles, prompts, choices, hints, explanations and topics are shown as written."""
    deck = make_deck(HOSTILE_BANK)
    app = make_app([deck], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        text = visible_text(app)
        assert "Title [b]not bold[/b] a [/] b" in text
        assert "Desc [/] here" in text
        assert "Src [red]x[/red] — [/]" in text
        assert "https://example.com/[x]" in text
        assert "Topic [/]" in text

        await pilot.press("b")
        assert isinstance(app.screen, BriefingScreen)
        assert f"Brief {CLICK} and [/] text" in visible_text(app)
        await pilot.press("enter")

        assert isinstance(app.screen, QuestionScreen)
        text = visible_text(app)
        assert "Prompt a [/] b" in text
        assert CLICK in text
        assert "[b]B[/b]" in text
        await pilot.press("h")
        assert "Hint: Hint [i]x[/i]" in visible_text(app)

        await pilot.press("1")
        text = visible_text(app)
        assert f"About “{CLICK}”: Why [/] not" in text
        assert f"Explained [/] {CLICK}" in text
        await pilot.press("enter")

        await pilot.press(*"[x]", "enter")
        assert "✓ Correct" in visible_text(app)
        assert "[@click=app.bell]ring[/]" in visible_text(app)
        await pilot.press("enter")
        # The missed choice question comes back; answer it, then read the results.
        await pilot.press("3", "enter")
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "Results: Title [b]not bold[/b] a [/] b" in text
        assert f"Your answer: {CLICK}" in text
        assert app.is_running


async def test_clicking_a_choice_with_an_action_in_it_runs_nothing(make_deck) -> None:
    """A click on `[@click=app.quit]x[/]` only answers the question; the app keeps running."""
    deck = make_deck(HOSTILE_BANK)
    app = make_app([deck], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter")
        options = app.screen.query_one("#answer", OptionList)
        await pilot.click(options, offset=(10, 0))
        await feedback_ready(pilot, app)
        assert app.is_running
        assert isinstance(app.screen, QuestionScreen)
        assert "✗ Not quite" in visible_text(app)
        await pilot.click("#prompt", offset=(2, 0))
        await pilot.click(FeedbackPanel, offset=(12, 3))
        assert app.is_running
        assert isinstance(app.screen, QuestionScreen)
