"""The question bank as plain data: what a validated YAML deck turns into.

Everything here is immutable so that a loaded deck can be shared by the
engine, the UI and (later) the results store without anyone changing it
underneath the others.
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from decimal import Decimal
from enum import StrEnum
from pathlib import Path


class QuestionKind(StrEnum):
    """The question types a bank may use; the value is the YAML `type`."""

    CHOICE = "choice"
    MULTI = "multi"
    TRUEFALSE = "truefalse"
    TEXT = "text"
    NUMBER = "number"
    ORDER = "order"
    CLOZE = "cloze"
    MATCH = "match"


class Difficulty(StrEnum):
    """How hard the teacher says a question is."""

    EASY = "easy"
    MEDIUM = "medium"
    HARD = "hard"


DEFAULT_MAX_BYTES = 10_000_000
"""Banks larger than this are refused before parsing (10 MB; `--max-bank-mb` changes it)."""

TRUE_LABEL = "True"
"""How a true/false question shows its `true` answer."""
FALSE_LABEL = "False"
"""How a true/false question shows its `false` answer."""


@dataclass(frozen=True)
class Question:
    """One question of a deck, already checked by the validator.

    Only the fields that belong to `kind` carry meaning: `choices` for
    choice, multi and truefalse (which gets the two labels True and False),
    `accepted` for text, `number`/`tolerance`/`unit` for number, `items`
    for order, `blanks`/`blank_choices` (and `typos`) for cloze, and
    `pairs`/`extra` for match (whose `why_wrong` is keyed by left item).
    """

    id: str
    """Unique within its deck; history is keyed on it."""
    kind: QuestionKind
    """Which answer widget and which grading rule apply."""
    prompt: str
    """The question as the student reads it."""
    explanation: str = ""
    """Shown after answering: why the right answer is right."""
    hint: str = ""
    """Optional nudge the student can ask for (recorded as hint used)."""
    topic: str = ""
    """Results are broken down by topic."""
    section: str = ""
    """Where in the source article the fact stands."""
    evidence: str = ""
    """A short phrase of the article that supports the answer; `validate` finds it there."""
    difficulty: Difficulty | None = None
    """Optional teacher's rating."""
    points: float = 1.0
    """Weight of the question in the score."""
    choices: tuple[str, ...] = ()
    """The options to pick from (choice, multi, truefalse)."""
    correct_choices: frozenset[str] = frozenset()
    """The right options (one for choice and truefalse, one or more for multi)."""
    why_wrong: Mapping[str, str] = field(default_factory=dict)
    """Extra feedback for a particular wrong choice."""
    accepted: tuple[str, ...] = ()
    """Accepted spellings of a text answer; the first is the one shown."""
    typos: int = 1
    """How many typos a text answer forgives (only for answers of 5+ characters)."""
    number: float | None = None
    """The right value of a number question."""
    tolerance: float = 0.0
    """How far from `number` an answer may be and still count."""
    unit: str = ""
    """Unit of a number question, shown and accepted after the number."""
    items: tuple[str, ...] = ()
    """An order question's items, in the right order."""
    blanks: tuple[tuple[str, ...], ...] = ()
    """A cloze question's blanks in the order of the prompt, each its accepted answers
    (the first is the one shown). The prompt itself shows them as numbered gaps."""
    blank_choices: tuple[tuple[str, ...], ...] = ()
    """For each blank of a cloze question, the choices it is picked from; () when it is typed."""
    pairs: tuple[tuple[str, str], ...] = ()
    """A match question's (left, right) pairs, in the bank's order."""
    extra: tuple[str, ...] = ()
    """A match question's wrong right-hand items, offered beside the right ones."""
    time_limit: float | None = None
    """Seconds allowed for this question (timed rounds); None: the round's limit."""
    line: int = 0
    """Line in the bank file where the question starts, for messages."""

    @property
    def answer_text(self) -> str:
        """The right answer written out for a student to read."""
        match self.kind:
            case QuestionKind.CHOICE | QuestionKind.TRUEFALSE:
                return next(iter(self.correct_choices))
            case QuestionKind.MULTI:
                return "; ".join(c for c in self.choices if c in self.correct_choices)
            case QuestionKind.TEXT:
                return self.accepted[0]
            case QuestionKind.NUMBER:
                return format_number(self.number or 0.0, self.unit, self.tolerance)
            case QuestionKind.ORDER:
                return " → ".join(self.items)
            case QuestionKind.CLOZE:
                return blanks_text(blank[0] for blank in self.blanks)
            case QuestionKind.MATCH:
                return pairs_text(self.pairs)
        raise AssertionError(self.kind)  # pragma: no cover - exhaustive match


BLANK_GAP = "[{number} ____]"
"""How a cloze prompt shows its blank number `number` to the student."""


def blanks_text(given: Iterable[str]) -> str:
    """What fills a cloze question's blanks, for people: `Gyeongju`, or `1: Gyeongju; 2: June`.

    One blank needs no number; several are numbered as the prompt's gaps are.
    """
    filled = [text or "(blank)" for text in given]
    if len(filled) == 1:
        return filled[0]
    return "; ".join(f"{number}: {text}" for number, text in enumerate(filled, start=1))


def pairs_text(pairs: Iterable[tuple[str, str]]) -> str:
    """Match pairs written for people, short enough for a report cell: `Lee→China; Xi→Korea`."""
    return "; ".join(f"{left}→{right or '(none)'}" for left, right in pairs)


def format_number(value: float, unit: str = "", tolerance: float = 0.0) -> str:
    """Write a number the way a person would: `11 years`, `2.5`, `30 ± 5 minutes`.

    Every digit the bank gave is kept and no exponent is used (`0.00001`, not
    `1e-05`), so a student can type back exactly what is shown.
    """
    text = _plain_number(value)
    if tolerance:
        text += f" ± {_plain_number(tolerance)}"
    return f"{text} {unit}" if unit else text


def _plain_number(value: float) -> str:
    text = format(Decimal(repr(float(value))), "f")
    return text.rstrip("0").rstrip(".") if "." in text else text


@dataclass(frozen=True)
class Source:
    """Where the deck's facts come from; every field optional."""

    title: str = ""
    outlet: str = ""
    url: str = ""
    date: str = ""
    file: str = ""
    """The article as a plain-text file, relative to the bank file: `validate` checks
    the questions' evidence against it."""

    def describe(self) -> str:
        """One line such as `Title — Outlet, 2025-06-10`, or '' when empty."""
        tail = ", ".join(part for part in (self.outlet, self.date) if part)
        if self.title and tail:
            return f"{self.title} — {tail}"
        return self.title or tail


@dataclass(frozen=True)
class DeckSettings:
    """Defaults the teacher chose for the deck; command-line options win."""

    shuffle: bool = True
    """Ask the questions in a random (seeded) order."""
    shuffle_choices: bool = True
    """Show the choices of each question in a random (seeded) order."""
    time_limit: float | None = None
    """Seconds per question for the whole deck; None: untimed."""
    allow_overrule: bool = True
    """Students may count a typed answer marked wrong as right (`o`, "I was right")."""


@dataclass(frozen=True)
class Deck:
    """A validated question bank: one YAML file."""

    id: str
    """Stable identifier; defaults to the file name without extension."""
    title: str
    """What the student sees first."""
    questions: tuple[Question, ...]
    """In the order they stand in the file."""
    path: Path
    """The file it was loaded from."""
    description: str = ""
    as_of: dt.date | None = None
    """The date the facts were current: news goes stale."""
    source: Source = field(default_factory=Source)
    briefing: str = ""
    """A short summary shown before the quiz."""
    settings: DeckSettings = field(default_factory=DeckSettings)
    field_lines: Mapping[str, int] = field(default_factory=dict)
    """Line of each top-level key (title, briefing, ...), for messages."""

    @property
    def topics(self) -> tuple[str, ...]:
        """Distinct topics in first-seen order."""
        return tuple(dict.fromkeys(q.topic for q in self.questions if q.topic))
