"""Play whole rounds through the real app with Pilot, as a student would."""

from __future__ import annotations

import pytest
from textual.pilot import Pilot

from quizapp.engine.session import Mode, RoundOptions
from quizapp.ui.app import make_app
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.screens.start import StartScreen
from quizapp.ui.widgets.answers import OrderAnswer
from tests.ui_helpers import feedback_shown, visible_text

SIZE = (80, 24)

TINY_BANK = """\
title: Tiny drill
briefing: |
  A short summary of the week's article,
  wrapped over two lines in the file.
settings: {shuffle: false, shuffle_choices: false}
questions:
  - id: host
    type: choice
    prompt: Which country hosts the summit?
    choices: [South Korea, China, Japan]
    answer: South Korea
    explanation: The summit is held in South Korea.
    hint: Lee is its president.
    topic: Places
    why_wrong: {Japan: Japan's leader was only phoned the day before.}
  - id: asia
    type: multi
    prompt: Which of these leaders spoke on the call? Select all that apply.
    choices: [Lee, Xi, Ishiba]
    answer: [Lee, Xi]
    explanation: Ishiba spoke with Lee a day earlier.
    topic: People
  - id: length
    type: truefalse
    prompt: The call lasted about half an hour.
    answer: true
    explanation: About 30 minutes.
    topic: The call
  - id: japan-pm
    type: text
    prompt: Who is Japan's prime minister in the article?
    answer: [Ishiba, Ishiba Shigeru]
    explanation: Ishiba Shigeru.
    topic: People
  - id: years
    type: number
    prompt: How many years since Xi last visited South Korea?
    answer: 11
    unit: years
    explanation: It would be his first visit in 11 years.
    topic: The call
  - id: sequence
    type: order
    prompt: Put these in order, earliest first.
    items: [Lee is elected, Lee calls Ishiba, Lee calls Xi]
    explanation: The election came first, then the two calls a day apart.
    topic: The call
"""

ALL_RIGHT_KEYS = {
    "host": ["1"],
    "asia": ["1", "2", "enter"],
    "length": ["t"],
    "japan-pm": [*"ishiba shigeru", "enter"],
    "years": [*"11 years", "enter"],
}


async def arrange(pilot: Pilot, target: tuple[str, ...]) -> None:
    """Put an order question's items in `target` order using u (move up)."""
    widget = pilot.app.screen.query_one(OrderAnswer)
    for position, item in enumerate(target):
        index = widget.items.index(item)
        await pilot.press("home", *["down"] * index, *["u"] * (index - position))
    assert tuple(widget.items) == target


async def answer_right(pilot: Pilot) -> None:
    """Answer the current question correctly with the keyboard."""
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    question = screen.session.current.question
    if question.id == "sequence":
        await arrange(pilot, question.items)
        await pilot.press("enter")
    else:
        await pilot.press(*ALL_RIGHT_KEYS[question.id])


async def start_round(pilot: Pilot) -> None:
    assert isinstance(pilot.app.screen, StartScreen)
    await pilot.press("enter")
    assert isinstance(pilot.app.screen, QuestionScreen)


async def test_a_whole_round_right_ends_on_full_marks(make_deck, clock) -> None:
    """Every type answered right by keyboard alone: feedback each time, 100% at the end."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(seed=7), clock=clock, suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)
        for number in range(1, 7):
            assert f"Question {number} of 6" in visible_text(app)
            clock.advance(5)
            await answer_right(pilot)
            assert "✓ Correct" in visible_text(app)
            await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "Score 6 of 6 (100%)" in text
        assert "6 of 6 right" in text
        assert "best streak 6" in text
        assert "time 0:30" in text
        assert "Nothing missed" in text


async def test_wrong_partial_skipped_and_overruled_answers(make_deck, clock) -> None:
    """Misses show the right answer and why; practice brings them back; score counts first tries."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(seed=7), clock=clock, suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)

        await pilot.press("3")  # Japan
        text = visible_text(app)
        assert "✗ Not quite" in text
        assert "The answer: South Korea" in text
        assert "About “Japan”: Japan's leader was only phoned the day before." in text
        assert "The summit is held in South Korea." in text
        assert "Score 0/1 · Streak 0" in text
        await pilot.press("space")

        await pilot.press("1", "enter")  # only Lee: half the right picks
        assert "◐ Partly right — 50% credit" in visible_text(app)
        assert "The answer: Lee; Xi" in visible_text(app)
        await pilot.press("enter")

        await pilot.press("s")  # skip the true/false question
        assert "↷ Skipped" in visible_text(app)
        await pilot.press("enter")

        await pilot.press(*"Kishida", "enter")
        assert "✗ Not quite" in visible_text(app)
        assert "o I was right" in visible_text(app)
        await pilot.press("o")
        assert "✓ Counted as right (you overruled the marking)" in visible_text(app)
        await pilot.press("enter")

        await pilot.press(*"12", "enter")
        assert "✗ Not quite" in visible_text(app)
        assert "The answer: 11 years" in visible_text(app)
        await pilot.press("enter")

        await pilot.press("enter")  # not moved yet: refused, since it never starts in order
        assert "move at least one with u or d first" in visible_text(app)
        await arrange(pilot, ("Lee calls Xi", "Lee calls Ishiba", "Lee is elected"))
        await pilot.press("home", "d", "u", "enter")
        assert "✗ Not quite" in visible_text(app)
        await pilot.press("enter")

        # Practice mode: the five misses come back until each is right once.
        assert "Again: 5 missed questions left" in visible_text(app)
        while isinstance(app.screen, QuestionScreen):
            await answer_right(pilot)
            assert "✓ Correct" in visible_text(app)
            await pilot.press("enter")

        text = visible_text(app)
        assert "Score 1.5 of 6 (25%)" in text  # 0 + 0.5 + 0 + 1 (overruled) + 0 + 0
        assert "Missed (5)" in text
        assert "Your answer: Japan" in text
        assert "Your answer: Lee calls Xi → Lee calls Ishiba → Lee is elected" in text
        assert "The answer: Lee is elected → Lee calls Ishiba → Lee calls Xi" in text
        assert "Which country hosts the summit?" in text


async def test_test_mode_gives_no_feedback_until_the_results(make_deck, clock) -> None:
    """In test mode an answer moves straight on; misses appear only on the results."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(mode=Mode.TEST, seed=7), clock=clock, suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)
        await pilot.press("2")  # China: wrong
        assert not feedback_shown(app)
        assert "Question 2 of 6" in visible_text(app)
        assert "Test mode: results at the end" in visible_text(app)
        await pilot.press("1", "2", "enter", "f", *"ishiba", "enter", *"11", "enter")
        await arrange(pilot, ("Lee is elected", "Lee calls Ishiba", "Lee calls Xi"))
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "Score 4 of 6 (67%)" in text
        assert "Missed (2)" in text
        assert "Your answer: China" in text
        assert "Your answer: False" in text


async def test_results_keys_retry_the_missed_and_start_anew(make_deck, clock) -> None:
    """`r` replays only the missed questions; `n` starts a full new round."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(mode=Mode.TEST, seed=7), clock=clock, suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)
        await pilot.press("s", "s")
        for _ in range(4):
            await answer_right(pilot)
        assert isinstance(app.screen, ResultsScreen)
        assert "Missed (2)" in visible_text(app)

        await pilot.press("r")
        assert isinstance(app.screen, QuestionScreen)
        assert "Question 1 of 2" in visible_text(app)
        await answer_right(pilot)
        await answer_right(pilot)
        assert "Score 2 of 2 (100%)" in visible_text(app)

        await pilot.press("n")
        assert "Question 1 of 6" in visible_text(app)

        await pilot.press("q", "y")
    assert app.return_code == 0


async def test_quit_asks_first_and_can_be_cancelled(make_deck) -> None:
    """`q` and Ctrl+Q during a round ask before quitting; `n` goes back to the question."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)
        await pilot.press("q")
        assert isinstance(app.screen, ConfirmScreen)
        assert "Quit quizapp in the middle of this round?" in visible_text(app)
        await pilot.press("n")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("ctrl+q")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("escape")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("1")
        assert "Question 1 of 6" in visible_text(app)
        assert app.is_running


async def test_typed_answers_keep_letters_as_text_until_escape(make_deck) -> None:
    """While typing, h/s/q are letters; after Esc they are commands again."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(seed=1, shuffle=False), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)
        for _ in range(3):
            await pilot.press("s", "enter")
        assert "Question 4 of 6" in visible_text(app)
        await pilot.press(*"shq")
        assert "shq" in visible_text(app)
        assert not feedback_shown(app)
        await pilot.press("escape", "h")
        assert "This question has no hint." in visible_text(app)
        await pilot.press("i", "backspace", "backspace", "backspace", *"ishiba", "enter")
        assert "✓ Correct" in visible_text(app)


async def test_number_questions_refuse_text_that_is_not_a_number(make_deck) -> None:
    """A typo such as `eleven` gets a message and does not use up the question."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(seed=1, shuffle=False), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await start_round(pilot)
        for _ in range(4):
            await pilot.press("escape", "s", "enter")
        assert "Question 5 of 6" in visible_text(app)
        await pilot.press(*"eleven", "enter")
        shown = visible_text(app)
        assert "That is not a number: type it in digits, optionally followed by “years”." in shown
        assert not any(
            char.isdigit() for line in shown.splitlines() if "not a number" in line for char in line
        )
        assert not feedback_shown(app)
        await pilot.press(*["backspace"] * 6, "1", "1", "enter")
        assert "✓ Correct" in visible_text(app)


async def test_hint_help_and_briefing(make_deck) -> None:
    """`b` shows the briefing reflowed, `h` the hint, `?` the keys for the question type."""
    deck = make_deck(TINY_BANK)
    app = make_app([deck], RoundOptions(seed=1, shuffle=False), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("b")
        assert (
            "A short summary of the week's article, wrapped over two lines in the file."
            in visible_text(app)
        )
        await pilot.press("enter")
        assert isinstance(app.screen, QuestionScreen)
        await pilot.press("h")
        assert "Hint: Lee is its president." in visible_text(app)
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "1 or t      True" not in visible_text(app)
        assert "1-9 or a-g  answer at once" in visible_text(app)
        await pilot.press("escape")
        await pilot.press("1")
        assert app.screen.session.last_answer.hint_used


@pytest.mark.parametrize("size", [(80, 24), (120, 40)])
async def test_the_start_screen_shows_what_the_round_is(make_deck, size) -> None:
    """Title, source, as-of date, question count, topics and mode before starting."""
    deck = make_deck(
        """\
        title: Korea and China ahead of APEC 2025
        as_of: 2025-06-10
        source: {title: Call report, outlet: Example News, date: 2025-06-11}
        questions:
          - {id: a, type: truefalse, prompt: One?, answer: true, topic: First}
          - {id: b, type: truefalse, prompt: Two?, answer: false, topic: Second}
        """
    )
    app = make_app([deck], RoundOptions(mode=Mode.TEST, limit=1), suggested_name="Sam")
    async with app.run_test(size=size):
        text = visible_text(app)
        assert "Korea and China ahead of APEC 2025" in text
        assert "Source: Call report — Example News, 2025-06-11" in text
        assert "Facts as of: 10 June 2025" in text
        assert "Questions: 1 of 2" in text
        assert "Topics: First, Second" in text
        assert "Mode: test" in text


async def test_several_decks_are_offered_first(write_bank) -> None:
    """With two banks the student picks one; Esc on its start screen goes back."""
    from quizapp.bank import load_decks

    first = write_bank(
        "title: First deck\nquestions:\n  - {id: a, type: truefalse, prompt: A?, answer: true}\n",
        "one.yaml",
    )
    second = write_bank(
        "title: Second deck\nquestions:\n  - {id: b, type: truefalse, prompt: B?, answer: true}\n",
        "two.yaml",
    )
    app = make_app(load_decks([first, second]), RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        text = visible_text(app)
        assert "First deck" in text and "Second deck" in text
        await pilot.press("down", "enter")
        assert isinstance(app.screen, StartScreen)
        assert "Second deck" in visible_text(app)
        await pilot.press("escape")
        await pilot.press("up", "enter")
        assert isinstance(app.screen, StartScreen)
        assert "First deck" in visible_text(app)
