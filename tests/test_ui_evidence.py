"""After an answer the feedback quotes the article: "In the article: …", literally, at any size."""

from __future__ import annotations

import pytest
from textual.containers import VerticalScroll

from quizapp.engine.session import RoundOptions
from quizapp.ui.app import make_app
from quizapp.ui.widgets.feedback import FeedbackPanel
from tests.ui_helpers import feedback_ready, screen_lines, visible_text

EVIDENCE = "the council shut the bridge the same week"

BANK = f"""\
title: The bridge
settings: {{shuffle: false, shuffle_choices: false}}
questions:
  - id: closed
    type: choice
    prompt: When was the bridge shut after the cracks were found?
    choices: [The same week, A month later, The next year]
    answer: The same week
    explanation: >-
      The engineers' survey found the cracks in the spring, and the council
      did not wait for a second opinion before closing the bridge to traffic.
    evidence: {EVIDENCE}
  - id: cost
    type: truefalse
    prompt: The work cost more than first estimated.
    answer: true
    explanation: Twice the first estimate.
  - id: hostile
    type: truefalse
    prompt: A festival is planned.
    answer: true
    evidence: "a [b]festival[/b] [@click=app.quit]on[/] the bridge"
"""


@pytest.mark.parametrize("size", [(80, 24), (60, 20)], ids=["80x24", "60x20"])
async def test_the_feedback_quotes_the_evidence_and_fits_the_screen(make_deck, size) -> None:
    """Right or wrong, the article's words follow the explanation; scrolled to, they are on screen."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    width, height = size
    async with app.run_test(size=size) as pilot:
        await pilot.press("enter")
        await pilot.press("2")  # a wrong pick: the answer, the explanation, then the evidence
        panel = await feedback_ready(pilot, app)
        text = visible_text(app, panel)
        assert f"In the article: “{EVIDENCE}”" in text
        assert text.index("did not wait for a second opinion") < text.index("In the article:")
        body = app.screen.query_one("#body", VerticalScroll)
        await pilot.press("end")
        await pilot.pause()
        assert body.max_scroll_x == 0
        assert panel.region.right <= width
        shown = "\n".join(screen_lines(app))
        assert "In the article:" in shown
        assert len(screen_lines(app)) == height


async def test_no_evidence_no_line_and_evidence_is_shown_literally(make_deck) -> None:
    """A question without evidence says nothing of the article; markup in evidence stays text."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=(80, 24)) as pilot:
        await pilot.press("enter", "1")
        await feedback_ready(pilot, app)
        await pilot.press("enter", "t")
        panel = await feedback_ready(pilot, app)
        assert "✓ Correct" in visible_text(app)
        assert "In the article" not in visible_text(app, panel)
        assert "Twice the first estimate." in visible_text(app, panel)
        await pilot.press("enter", "t")
        panel = await feedback_ready(pilot, app)
        await pilot.pause()
        assert app.screen.query_one(FeedbackPanel) is panel
        assert (
            "In the article: “a [b]festival[/b] [@click=app.quit]on[/] the bridge”"
            in visible_text(app, panel)
        )
        assert app.is_running  # the click markup ran nothing
