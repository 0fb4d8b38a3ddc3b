"""Play a deck whose every text carries terminal payloads, in the real app (for a pty test).

    python -B -m tests.store_helpers.hostile_bank_app

The validator refuses a bank holding control characters or bidi overrides,
so such a deck can only reach the screen by another way in: a bank format
read by some future code, a deck built by a plugin, a bug in the reader.
The deck is therefore built here directly (`Deck`, `Question`) and played
through `make_app(...).run()`, so the real terminal driver writes the bytes
and the boundary is the only thing between the text and the terminal.
"""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from quizapp.bank.model import Deck, DeckSettings, Question, QuestionKind, Source
from quizapp.engine.session import RoundOptions
from quizapp.ui.app import make_app
from tests.store_helpers.hostile import hostile

WRONG_CHOICE = hostile("Choice")
"""The first choice, picked by the test: its why_wrong note is shown too."""


def hostile_deck() -> Deck:
    """Every field a screen shows, each a different label followed by every payload."""
    choice = Question(
        id="pick",
        kind=QuestionKind.CHOICE,
        prompt=hostile("Prompt"),
        explanation=hostile("Explained"),
        hint=hostile("Hint"),
        topic=hostile("Topic"),
        choices=(WRONG_CHOICE, "Right"),
        correct_choices=frozenset({"Right"}),
        why_wrong={WRONG_CHOICE: hostile("Because")},
    )
    typed = Question(
        id="typed",
        kind=QuestionKind.TEXT,
        prompt=hostile("Typed"),
        explanation=hostile("Later"),
        accepted=(hostile("Accepted"),),
    )
    return Deck(
        id="hostile",
        title=hostile("Title"),
        questions=(choice, typed),
        path=Path("hostile.yaml"),
        description=hostile("Description"),
        as_of=dt.date(2025, 6, 10),
        source=Source(title=hostile("Source"), outlet="Outlet", url="https://example.com/x"),
        briefing=hostile("Briefing") + "\n" + hostile("Second line"),
        settings=DeckSettings(shuffle=False, shuffle_choices=False),
    )


if __name__ == "__main__":
    app = make_app([hostile_deck()], RoundOptions(seed=1, shuffle=False), suggested_name="Sam")
    app.run()
    raise SystemExit(app.return_code or 0)
