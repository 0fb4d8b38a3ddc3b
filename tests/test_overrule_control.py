"""Overrules under the teacher's control: a deck setting, a flag that wins, and no `o` when off."""

from __future__ import annotations

import shlex
from pathlib import Path

import pytest

from quizapp.cli import serve_parser
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.serve import child_command
from quizapp.ui.app import make_app
from quizapp.ui.screens.help import HelpScreen
from tests.ui_helpers import feedback_shown, history_shown, visible_text

SIZE = (80, 24)
TYPED_BANK = """\
title: Typed drill
settings: {{shuffle: false{setting}}}
questions:
  - {{id: leader, type: text, prompt: Who is Japan's prime minister?, answer: Ishiba, explanation: E.}}
  - {{id: years, type: number, prompt: Years since the last visit?, answer: 11, explanation: E.}}
"""


def bank(allow: bool | None) -> str:
    setting = "" if allow is None else f", allow_overrule: {str(allow).lower()}"
    return TYPED_BANK.format(setting=setting)


@pytest.mark.parametrize(
    ("allow", "flag", "offered"),
    [(None, None, True), (False, None, False), (True, False, False), (None, False, False)],
    ids=["default", "deck-off", "flag-wins", "flag-off"],
)
def test_the_flag_wins_over_the_deck(make_deck, allow, flag, offered) -> None:
    """`allow_overrule` in the deck decides, unless `--no-overrule` says otherwise."""
    deck = make_deck(bank(allow))
    session = QuizSession(deck, RoundOptions(allow_overrule=flag), seed=1)
    session.submit("I do not know lol")
    assert session.can_overrule is offered
    if not offered:
        with pytest.raises(RuntimeError):
            session.overrule()


async def test_without_overrules_o_is_neither_bound_nor_shown(make_deck) -> None:
    """Off: no `o` in the feedback, the footer or the help; pressing it changes nothing."""
    app = make_app([make_deck(bank(False))], RoundOptions(), student_name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", *"I do not know lol", "enter")
        assert feedback_shown(app)
        text = visible_text(app)
        assert "Not quite" in text and "I was right" not in text
        await pilot.press("o")
        assert "Counted as right" not in visible_text(app)
        assert app.screen.session.results().points == 0  # type: ignore[attr-defined]
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "I was right" not in visible_text(app)


async def test_with_overrules_o_is_offered_and_counts(make_deck) -> None:
    app = make_app([make_deck(bank(None))], RoundOptions(mode=Mode.PRACTICE), student_name="Ana")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter", *"Ishiba-san", "enter")
        assert "o I was right (count it)" in visible_text(app)
        await pilot.press("o")
        assert "✓ Counted as right (you overruled the marking)" in visible_text(app)


def test_serve_passes_no_overrule_and_the_roster_to_every_tab(tmp_path: Path) -> None:
    roster = tmp_path / "roster.txt"
    args = serve_parser().parse_args(["--no-overrule", "--roster", str(roster)])
    words = shlex.split(child_command(args, tmp_path).removeprefix("exec "))
    assert "--no-overrule" in words
    assert words[words.index("--roster") + 1] == str(roster.resolve())


def test_the_option_is_kept_with_the_round_for_resuming() -> None:
    options = RoundOptions(allow_overrule=False)
    assert RoundOptions.from_saved(options.saved()).allow_overrule is False
    assert RoundOptions.from_saved({}).allow_overrule is None
