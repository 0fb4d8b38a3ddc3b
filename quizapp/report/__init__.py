"""`quizapp report`: what the class got wrong, in a terminal table, CSV, JSON or a web page.

Plain Python (no Textual). The store (`quizapp.store.reports`) says what
happened; the modules here only write it down, one format each:

* `table` — for the terminal, columns lined up by display width;
* `spreadsheet` — CSV for a spreadsheet (every cell through `csv_cell`);
* `data` — JSON for scripts (through `json_text`);
* `page` — one self-contained HTML page to open, project or print.

Three reports share them: the summary (students and questions, per deck),
the gradebook (a row per student, a column per question) and every answer
(`--answers`, where each overrule can be reviewed with what was typed).
Names, prompts and answers come from students and banks: every value goes
through `quizapp.text.safe`, whatever the format.
"""

from __future__ import annotations

from collections.abc import Sequence
from dataclasses import dataclass, field
from importlib import import_module
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # types only: the command line reads FORMATS without opening the store
    from quizapp.store.reports import (
        AnswerRow,
        DeckInfo,
        Gradebook,
        QuestionSummary,
        StudentSummary,
    )

FORMATS = ("table", "csv", "json", "html")


@dataclass(frozen=True)
class DeckSection:
    """One deck's part of the summary report."""

    deck: DeckInfo
    students: tuple[StudentSummary, ...]
    questions: tuple[QuestionSummary, ...]
    not_played: tuple[str, ...] = ()
    """Students on the roster with no round of this deck."""


@dataclass(frozen=True)
class Summary:
    """The summary report: one section per deck, and what it covers."""

    sections: tuple[DeckSection, ...]
    period: str = ""
    """The dates covered, in words ("from 2025-06-01 to 2025-06-30"), or ''."""
    answers: tuple[AnswerRow, ...] = field(default=())
    """Every answer covered (the page lists the overrules among them)."""
    gradebooks: tuple[Gradebook, ...] = field(default=())
    """One per deck (the page shows them)."""


def sections_of(
    decks: Sequence[DeckInfo],
    students: Sequence[StudentSummary],
    questions: Sequence[QuestionSummary],
    roster: Sequence[str] = (),
) -> tuple[DeckSection, ...]:
    """Group per-deck rows into sections, in the order of `decks`, leaving out empty decks."""
    from quizapp.text.names import name_key

    sections = []
    for deck in decks:
        rows = tuple(s for s in students if s.deck_id == deck.deck_id)
        if not rows:
            continue
        played = {name_key(s.name) for s in rows}
        sections.append(
            DeckSection(
                deck,
                rows,
                tuple(q for q in questions if q.deck_id == deck.deck_id),
                tuple(name for name in roster if name_key(name) not in played),
            )
        )
    return tuple(sections)


FORMAT_MODULES = {"table": "table", "csv": "spreadsheet", "json": "data", "html": "page"}
"""The module that writes each format; each has `summary`, `gradebook` and `answers`."""


def _render(kind: str, form: str, value: object) -> str:
    """Import only the writer of the format asked for (the page needs Jinja2, say)."""
    module = import_module(f"quizapp.report.{FORMAT_MODULES[form]}")
    return str(getattr(module, kind)(value))


def render_summary(summary: Summary, form: str) -> str:
    """The summary report in one of `FORMATS`."""
    return _render("summary", form, summary)


def render_gradebook(books: Sequence[Gradebook], form: str) -> str:
    """The gradebook (one per deck) in one of `FORMATS`."""
    return _render("gradebook", form, books)


def render_answers(rows: Sequence[AnswerRow], form: str) -> str:
    """Every answer in one of `FORMATS`."""
    return _render("answers", form, rows)
