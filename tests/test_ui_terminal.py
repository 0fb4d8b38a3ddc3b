"""A terminal that never breaks: small sizes, resizing, wide and RTL text, NO_COLOR, themes."""

from __future__ import annotations

import gc

import pytest
from rich.cells import cell_len
from textual.color import Color
from textual.containers import VerticalScroll
from textual.widget import Widget
from textual.widgets import Input, Static

from quizapp.engine.session import RoundOptions
from quizapp.ui.app import make_app
from quizapp.ui.screens.confirm import ConfirmScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.widgets.answers import POINTER, MultiAnswer
from quizapp.ui.widgets.feedback import FeedbackPanel
from quizapp.ui.widgets.key_line import KeyLine
from tests.test_ui_play import TINY_BANK, answer_right
from tests.ui_helpers import feedback_ready, visible_text

SMALL = (60, 20)

LONG = "This sentence is long on purpose so that it has to wrap several times. " * 6

LONG_BANK = f"""\
title: Long
settings: {{shuffle: false, shuffle_choices: false}}
questions:
  - id: long
    type: choice
    prompt: "{LONG}Which one?"
    choices: ["{LONG}", Short, Other]
    answer: Short
    explanation: "{LONG}"
"""

WORLD_BANK = """\
title: "세계 · 世界 · Wörld 🌏"
settings: {shuffle: false, shuffle_choices: false}
questions:
  - id: names
    type: choice
    prompt: "이재명 and 习近平 spoke; which name is written in Hangul? 🇰🇷"
    choices: ["이재명", "习近平", "Café crème", "Cafe\u0301 cre\u0300me", "שלום עולם", "مرحبا بالعالم", "👩‍🏫 teacher"]
    answer: "이재명"
    explanation: "Hangul 한글 is the Korean alphabet."
  - id: typed
    type: text
    prompt: Type the South Korean president's name in Hangul.
    answer: 이재명
    explanation: 이재명 is Lee Jae-myung.
"""


def lines_of(widget) -> list[str]:
    """The widget's rendered lines as text, as the terminal would show them."""
    strips = widget.render_lines(widget.region.reset_offset)
    return ["".join(segment.text for segment in strip) for strip in strips]


async def test_a_whole_round_works_at_60_by_20(make_deck) -> None:
    """Every question and its feedback fit the width and can be scrolled to at 60×20."""
    app = make_app([make_deck(TINY_BANK)], RoundOptions(seed=7), suggested_name="Sam")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        while isinstance(app.screen, QuestionScreen):
            body = app.screen.query_one("#body", VerticalScroll)
            assert body.max_scroll_x == 0
            await answer_right(pilot)
            panel = await feedback_ready(pilot, app)
            await pilot.pause()
            assert panel.region.bottom <= SMALL[1]
            assert panel.region.right <= SMALL[0]
            assert "✓ Correct" in visible_text(app)
            await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        results = app.screen.query_one("#results", VerticalScroll)
        assert results.max_scroll_x == 0
        assert "Score 6 of 6 (100%)" in visible_text(app)


CLOZE_MATCH_BANK = """\
title: Blanks and pairs
settings: {shuffle: false, shuffle_choices: false}
questions:
  - id: venue
    type: cloze
    prompt: |
      APEC 2025 meets in {{Gyeongju}}, an old royal capital of Silla, in
      {{November}}, and Xi Jinping last visited South Korea {{11}} years ago.
    choices:
      2: [September, October, November, December]
    explanation: Gyeongju, in November; eleven years since Xi's last visit.
  - id: leaders
    type: match
    prompt: Match each leader to the office they held at the time of the call.
    pairs:
      Lee Jae-myung: President of South Korea
      Xi Jinping: President of the People's Republic of China
      Ishiba Shigeru: Prime Minister of Japan
    extra: [Speaker of the National Assembly]
    explanation: Lee phoned Ishiba a day before he spoke with Xi.
"""
"""A cloze question with three blanks (one picked) and a match question with long items."""


@pytest.mark.parametrize("size", [(80, 24), SMALL], ids=["80x24", "60x20"])
async def test_cloze_and_match_questions_work_at_80_by_24_and_60_by_20(make_deck, size) -> None:
    """Blank rows, both match lists, the verdict and the feedback fit the width and can be reached."""
    app = make_app([make_deck(CLOZE_MATCH_BANK)], RoundOptions(seed=3), suggested_name="Sam")
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        screen = app.screen
        assert isinstance(screen, QuestionScreen)
        body = screen.query_one("#body", VerticalScroll)
        answers = screen.query_one("#answer")
        assert body.max_scroll_x == 0
        assert answers.region.right <= size[0]
        await pilot.press(*"Gyeongju", "enter", "c", "enter", *"11", "enter")
        panel = await feedback_ready(pilot, app)
        await pilot.pause()
        assert "✓ Correct" in visible_text(app)
        assert panel.region.bottom <= size[1] and panel.region.right <= size[0]
        await pilot.press("enter")
        widget = screen.query_one("#answer")
        rights = widget.rights.items  # type: ignore[attr-defined]
        assert body.max_scroll_x == 0
        for number, left in enumerate(widget.lefts.items, start=1):  # type: ignore[attr-defined]
            office = dict(screen.session.current.question.pairs)[left]  # type: ignore[union-attr]
            await pilot.press(str(number), "abcd"[rights.index(office)])
        await pilot.press("enter")
        panel = await feedback_ready(pilot, app)
        await pilot.pause()
        assert "✓ Correct" in visible_text(app)
        assert panel.region.bottom <= size[1] and panel.region.right <= size[0]
        assert body.max_scroll_x == 0
        await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)


async def test_the_cycle_collector_is_back_on_once_the_first_frame_is_drawn(make_deck) -> None:
    """`quizapp.launch` starts without it; a long session must not run without it."""
    gc.disable()
    try:
        app = make_app([make_deck(TINY_BANK)], RoundOptions(seed=7), suggested_name="Sam")
        async with app.run_test() as pilot:
            await pilot.pause()
            assert gc.isenabled()
    finally:
        gc.enable()


async def test_long_text_wraps_and_scrolls(make_deck) -> None:
    """A very long prompt, choice and explanation wrap (no sideways scrolling) and scroll down."""
    app = make_app([make_deck(LONG_BANK)], RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        body = app.screen.query_one("#body", VerticalScroll)
        prompt = app.screen.query_one("#prompt", Static)
        assert prompt.region.height > 5
        assert body.max_scroll_x == 0
        assert body.max_scroll_y > 0
        await pilot.press("b")
        await pilot.pause()
        assert body.scroll_y > 0  # the feedback was scrolled into view
        panel = app.screen.query_one(FeedbackPanel)
        assert panel.region.height > 8
        await pilot.press("home")
        assert body.scroll_y == 0
        await pilot.press("end")
        assert body.scroll_y == body.max_scroll_y


async def test_resizing_mid_question_keeps_what_was_typed_and_ticked(make_deck) -> None:
    """Shrinking and growing the terminal keeps the question, the ticks and the typed text."""
    app = make_app(
        [make_deck(TINY_BANK)], RoundOptions(seed=1, shuffle=False), suggested_name="Sam"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter")
        await pilot.press("1", "3")  # tick two of three in the multi question
        await pilot.resize_terminal(*SMALL)
        await pilot.resize_terminal(120, 40)
        multi = app.screen.query_one(MultiAnswer)
        assert multi.checked == {0, 2}
        await pilot.press("enter", "enter", "t", "enter")
        await pilot.press(*"Ishi")
        await pilot.resize_terminal(*SMALL)
        assert app.screen.query_one(Input).value == "Ishi"
        assert "Question 4 of 6" in visible_text(app)
        await pilot.press(*"ba", "enter")
        assert "✓ Correct" in visible_text(app)


async def test_wide_combining_and_right_to_left_text_lines_up(make_deck) -> None:
    """Hangul, Hanzi, emoji, combining accents and RTL scripts: options stay aligned and in width."""
    app = make_app([make_deck(WORLD_BANK)], RoundOptions(), suggested_name="Sam")
    async with app.run_test(size=SMALL) as pilot:
        await pilot.press("enter")
        options = app.screen.query_one("#answer")
        rendered = [line for line in lines_of(options) if line.strip(" ▊▎")]
        assert len(rendered) == 7
        starts = set()
        for line, choice in zip(
            rendered, ["이재명", "习近平", "Café", "Cafe", "ש", "م", "👩"], strict=True
        ):
            assert cell_len(line) == options.region.width
            starts.add(cell_len(line[: line.index(choice)]))
        assert len(starts) == 1, f"choices start at different columns: {starts}"
        await pilot.press("a")
        assert "✓ Correct" in visible_text(app)
        await pilot.press("enter", *"이재명", "enter")
        assert "✓ Correct" in visible_text(app)


async def test_no_color_keeps_cursor_and_verdict_visible(
    make_deck, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With NO_COLOR the app is monochrome; the cursor pointer and the verdict words remain."""
    monkeypatch.setenv("NO_COLOR", "1")
    app = make_app(
        [make_deck(TINY_BANK)], RoundOptions(seed=1, shuffle=False), suggested_name="Sam"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        assert app.no_color
        await pilot.press("enter", "down")
        assert POINTER in visible_text(app)
        await pilot.press("down", "enter")
        assert "✗ Not quite" in visible_text(app)


def contrast(first: Color, second: Color) -> float:
    """WCAG contrast ratio between two colours."""

    def luminance(color: Color) -> float:
        def channel(value: int) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        return 0.2126 * channel(color.r) + 0.7152 * channel(color.g) + 0.0722 * channel(color.b)

    high, low = sorted((luminance(first), luminance(second)), reverse=True)
    return (high + 0.05) / (low + 0.05)


def rendered_contrast_problems(widget: Widget, where: str) -> list[str]:
    """Every run of visible text `widget` draws whose colours are below WCAG AA (4.5:1).

    Reads the cells as drawn, so colour given by a style inside the text (the
    verdict's band) is checked as well as the widget's own.
    """
    problems = []
    for strip in widget.render_lines(widget.region.reset_offset):
        for segment in strip:
            style = segment.style
            if not segment.text.strip() or style is None:
                continue
            if style.color is None or style.bgcolor is None:
                continue
            ratio = contrast(
                Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor)
            )
            if ratio < 4.5:
                problems.append(f"{where}: {segment.text.strip()!r} {ratio:.2f}")
    return problems


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
@pytest.mark.parametrize(
    ("keys", "verdict"), [(["1"], "✓ Correct"), (["2"], "✗ Not quite"), (["s"], "↷ Skipped")]
)
async def test_feedback_is_readable_on_light_and_dark_themes(
    make_deck, theme: str, keys: list[str], verdict: str
) -> None:
    """The verdict, the right answer and the explanation meet WCAG AA contrast (4.5:1) on both themes."""
    app = make_app(
        [make_deck(TINY_BANK)], RoundOptions(seed=1, shuffle=False), suggested_name="Sam"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.press("enter", *keys)
        panel = await feedback_ready(pilot, app)
        await pilot.pause()
        line = app.screen.query_one(KeyLine)
        assert verdict in visible_text(app, line.parent)
        problems = rendered_contrast_problems(line, f"verdict on {theme}")
        for widget in panel.query(Static):
            problems += rendered_contrast_problems(widget, f"{widget.classes} on {theme}")
        assert problems == []


async def test_ctrl_c_asks_before_quitting_even_while_typing(make_deck) -> None:
    """Ctrl+C in the middle of a round, even in a text box, asks first and keeps the answer typed."""
    app = make_app(
        [make_deck(TINY_BANK)], RoundOptions(seed=1, shuffle=False), suggested_name="Sam"
    )
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1", "enter", "1", "2", "enter", "enter", "t", "enter", *"Ishi")
        await pilot.press("ctrl+c")
        assert isinstance(app.screen, ConfirmScreen)
        await pilot.press("n")
        assert app.screen.query_one(Input).value == "Ishi"
        await pilot.press("ctrl+c", "y")
    assert app.return_code == 0


def unreadable(app, theme: str, where: str) -> list[str]:
    """Every text widget on the active screen whose contrast is below WCAG AA."""
    found = []
    for widget in app.screen.query("Static, Label, Button"):
        style = widget.rich_style
        if not widget.display or style.color is None or style.bgcolor is None:
            continue
        ratio = contrast(Color.from_rich_color(style.color), Color.from_rich_color(style.bgcolor))
        if ratio < 4.5:
            found.append(f"{where} {widget!r} on {theme}: {ratio:.2f}")
    return found


@pytest.mark.parametrize("theme", ["textual-dark", "textual-light"])
async def test_every_screen_is_readable_on_light_and_dark_themes(make_deck, theme: str) -> None:
    """Start, question (with hint and key help) and results: all text meets 4.5:1 contrast."""
    app = make_app(
        [make_deck(TINY_BANK)], RoundOptions(seed=1, shuffle=False), suggested_name="Sam"
    )
    problems: list[str] = []
    async with app.run_test(size=(80, 24)) as pilot:
        app.theme = theme
        await pilot.pause()
        problems += unreadable(app, theme, "start")
        await pilot.press("enter", "h")
        problems += unreadable(app, theme, "question")
        await pilot.press("s", "enter", "1", "2", "enter")
        problems += unreadable(app, theme, "multi feedback")
        while isinstance(app.screen, QuestionScreen):
            await answer_right(pilot)
            await pilot.press("enter")
        assert isinstance(app.screen, ResultsScreen)
        problems += unreadable(app, theme, "results")
    assert problems == []
