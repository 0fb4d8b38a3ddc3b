"""Check a parsed bank against the format and build the `Deck`.

The validator never stops at the first problem: a teacher fixing a bank
wants the whole list in one run. Each message says what is wrong and, where
we can tell, how to fix it.
"""

from __future__ import annotations

import datetime as dt
import difflib
import math
import re
from collections.abc import Callable
from dataclasses import dataclass, replace
from pathlib import Path as FilePath
from typing import Any

from quizapp.bank.blanks import line_in_text, parse_blanks
from quizapp.bank.model import (
    FALSE_LABEL,
    TRUE_LABEL,
    Deck,
    DeckSettings,
    Difficulty,
    Question,
    QuestionKind,
    Source,
)
from quizapp.bank.problems import Problem
from quizapp.bank.yaml_reader import Path, YamlDocument
from quizapp.text.normalise import (
    MIN_LENGTH_FOR_TYPOS,
    OneTypoIndex,
    normalise,
    typo_distance,
)

ID_PATTERN = re.compile(r"^[a-z0-9][a-z0-9-]*$")
KIND_NAMES = ", ".join(k.value for k in QuestionKind)
"""The question types as a message lists them."""
"""Question and deck ids: lowercase letters, digits and '-'."""

DECK_KEYS = (
    "deck",
    "title",
    "description",
    "as_of",
    "source",
    "briefing",
    "settings",
    "questions",
)
SOURCE_KEYS = ("title", "outlet", "url", "date", "file")
SETTINGS_KEYS = ("shuffle", "shuffle_choices", "time_limit", "allow_overrule")
COMMON_QUESTION_KEYS = (
    "id",
    "type",
    "prompt",
    "explanation",
    "hint",
    "topic",
    "section",
    "evidence",
    "difficulty",
    "points",
    "time_limit",
)
KIND_KEYS: dict[QuestionKind, tuple[str, ...]] = {
    QuestionKind.CHOICE: ("choices", "answer", "why_wrong"),
    QuestionKind.MULTI: ("choices", "answer", "why_wrong"),
    QuestionKind.TRUEFALSE: ("answer",),
    QuestionKind.TEXT: ("answer", "typos"),
    QuestionKind.NUMBER: ("answer", "tolerance", "unit"),
    QuestionKind.ORDER: ("items",),
    QuestionKind.CLOZE: ("choices", "typos"),
    QuestionKind.MATCH: ("pairs", "extra", "why_wrong"),
}
ALL_QUESTION_KEYS = tuple(dict.fromkeys(COMMON_QUESTION_KEYS + sum(KIND_KEYS.values(), ())))
DIFFLIB_COMPARISONS = 2_000
"""difflib compares a missing answer with every choice: fine for an ordinary question,
quadratic for many missing answers among 100,000 choices. A question's did-you-means
use difflib for this many comparisons in all; past that they look up the answer's
normalised form and its one-typo neighbours instead."""
MAX_TYPO_CANDIDATES = 50
"""A did-you-mean among many choices checks at most this many one-typo candidates."""
THOUSANDS = re.compile(r"[-+]?\d{1,3}(?:,\d{3})+(?:\.\d+)?")
"""`2,400,000`: a number as people write it, which YAML reads as text."""
KEY_SHAPE = re.compile(r"[a-z_]+")
"""Every key a bank uses is lowercase letters and `_`."""
TRUE_WORDS = {"true", "yes"}
FALSE_WORDS = {"false", "no"}


def reflow(text: str) -> str:
    """Join wrapped lines into paragraphs, as Markdown does.

    Teachers wrap long text in `|` blocks to keep the file readable; the
    screen wraps it again at its own width. A blank line still starts a
    new paragraph.
    """
    paragraphs = re.split(r"\n\s*\n", text.strip())
    return "\n\n".join(" ".join(p.split()) for p in paragraphs)


def default_deck_id(path: FilePath) -> str:
    """A deck id made from a file name: `APEC 2025.yaml` -> `apec-2025`."""
    slug = re.sub(r"[^a-z0-9]+", "-", path.stem.lower()).strip("-")
    return slug or "deck"


def build_deck(
    document: YamlDocument, path: FilePath, label: str, *, partial: bool = False
) -> tuple[Deck | None, list[Problem]]:
    """Validate `document` (read from `path`, shown to users as `label`).

    The deck comes back only when there is no problem, unless `partial`: then
    it holds every question that passed even when others did not, so that
    `quizapp validate` can lint them in the same run instead of after the fix.
    """
    checker = _DeckChecker(document, path, label)
    deck = checker.check()
    problems = sorted(checker.finished_problems(), key=lambda p: p.line or 0)
    return (deck if partial or not problems else None), problems


class _DeckChecker:
    """Holds the document and the growing list of problems for one file."""

    def __init__(self, document: YamlDocument, path: FilePath, label: str) -> None:
        self.doc = document
        self.path = path
        self.label = label
        self.problems: list[Problem] = [
            Problem(label, issue.line, issue.message, self._question_id_at(issue.path))
            for issue in document.issues
        ]
        self.refused = document.refused
        """Paths whose value YAML reading already refused: no second message for them."""
        self.read_badly = {
            path[1]
            for path in document.refused
            if len(path) > 1 and path[0] == "questions" and isinstance(path[1], int)
        }
        """Questions (by index) in which reading the YAML found a problem."""
        self.question_id: str | None = None
        self.located: dict[int, Path] = {}
        """Where each problem `problem()` recorded stands (by the problem's id)."""
        self.continuations: list[_Continuation] = []
        """Unknown keys that may be the rest of the line above: settled in `finished_problems`."""
        self._keys_by_line: dict[int, Path] | None = None
        self._first_by_line: dict[int, Path] = {}

    def _question_id_at(self, path: Path) -> str | None:
        """The id of the question that `path` lies inside, if any."""
        if len(path) < 2 or path[0] != "questions" or not isinstance(self.doc.data, dict):
            return None
        questions = self.doc.data.get("questions")
        index = path[1]
        if not isinstance(questions, list) or not isinstance(index, int) or index >= len(questions):
            return None
        question = questions[index]
        value = question.get("id") if isinstance(question, dict) else None
        raw_id = (self.doc.written(("questions", index, "id"), value) or "").strip()
        return raw_id or f"#{index + 1}"

    # -- reporting ---------------------------------------------------------

    def problem(self, where: Path, message: str) -> None:
        """Record a problem located at `where` for the current question."""
        if where in self.refused:
            return
        problem = Problem(self.label, self.doc.line_of(where), message, self.question_id)
        self.located[id(problem)] = where
        self.problems.append(problem)

    def finished_problems(self) -> list[Problem]:
        """The problems, with each value broken over two lines said once.

        `answer: South` over `    Korea: the host` reads as an answer `South`
        and a key `Korea`: two messages (three, with the answer missing from
        the choices) for one mistake. The unknown key's message explains the
        split, and the messages it explains are left out. Each problem is
        matched to a split by looking its location up (not by trying every
        split), so a file full of split lines stays linear.
        """
        if not self.continuations:
            return self.problems
        by_anchor: dict[Path, list[_Continuation]] = {}
        for continuation in self.continuations:
            for anchor in continuation.anchors():
                by_anchor.setdefault(anchor, []).append(continuation)
        explaining: dict[int, _Continuation] = {}
        """The split that explains each problem (by the problem's id)."""
        for problem in self.problems:
            where = self.located.get(id(problem))
            if where is None:
                continue
            candidates = (c for n in range(len(where) + 1) for c in by_anchor.get(where[:n], ()))
            if cause := next((c for c in candidates if c.explains(where)), None):
                explaining[id(problem)] = cause
        # A split is taken as one when it explains another message, or cannot be anything else.
        taken = {id(c) for c in explaining.values()} | {
            id(c) for c in self.continuations if c.certain
        }
        rewritten = {id(c.problem): c.message for c in self.continuations if id(c) in taken}
        return [
            replace(p, message=rewritten[id(p)]) if id(p) in rewritten else p
            for p in self.problems
            if id(p) not in explaining
        ]

    # -- typed getters -----------------------------------------------------

    def text(self, value: Any, where: Path, name: str, *, required: bool = False) -> str:
        """A string field; numbers, dates and booleans are read as written."""
        if value is None:
            if required:
                self.problem(where, f"'{name}' is missing")
            return ""
        if isinstance(value, str):
            text = value.strip()
        elif isinstance(value, bool | int | float | dt.date):
            text = self.doc.raw.get(where, str(value)).strip()
        else:
            self.problem(where, f"'{name}' must be text, not a {_kind_of(value)}")
            return ""
        if required and not text:
            self.problem(where, f"'{name}' is empty")
        return reflow(text) if "\n" in text else text

    def text_list(self, value: Any, where: Path, name: str) -> list[str]:
        """A list of non-empty strings."""
        if not isinstance(value, list):
            self.problem(where, f"'{name}' must be a list, like [first, second]")
            return []
        texts = []
        for index, item in enumerate(value):
            if isinstance(item, dict | list):
                split = (
                    " (the colon in it makes a key and a value: put the whole item in quotes)"
                    if isinstance(item, dict) and len(item) == 1
                    else ""
                )
                self.problem((*where, index), f"{name} item {index + 1} must be text{split}")
                continue
            text = self.text(item, (*where, index), f"{name} item {index + 1}", required=True)
            if text:
                texts.append(text)
        return texts

    def number(self, value: Any, where: Path, name: str) -> float | None:
        if isinstance(value, bool) or not isinstance(value, int | float):
            written = self.doc.raw.get(where, value)
            fix = ""
            if isinstance(written, str) and THOUSANDS.fullmatch(written.strip()):
                fix = f"; write {written.strip().replace(',', '')}, without the commas"
            self.problem(where, f"'{name}' must be a number, not {written!r}{fix}")
            return None
        try:
            number = float(value)
        except OverflowError:
            number = math.inf
        if not math.isfinite(number):
            self.problem(where, f"'{name}' must be a finite number of a sensible size")
            return None
        return number

    def boolean(self, value: Any, where: Path, name: str) -> bool | None:
        if isinstance(value, bool):
            return value
        if isinstance(value, str) and value.strip().lower() in TRUE_WORDS | FALSE_WORDS:
            return value.strip().lower() in TRUE_WORDS
        self.problem(where, f"'{name}' must be true or false")
        return None

    def mapping(self, value: Any, where: Path, name: str) -> dict[str, Any]:
        if value is None:
            return {}
        if not isinstance(value, dict):
            self.problem(where, f"'{name}' must be a mapping of key: value lines")
            return {}
        return value

    def unknown_keys(
        self,
        data: dict[str, Any],
        where: Path,
        known: tuple[str, ...],
        hint: Callable[[str], str] | None = None,
    ) -> None:
        """Report keys not in `known`, with a did-you-mean where one is close."""
        for key in data:
            if key in known:
                continue
            key_where = (*where, key)
            extra = hint(key) if hint else ""
            continuation = None if extra else self._continuation(key_where, data[key])
            if continuation and not _looks_like_a_key(key):
                # `Korea: the host` under `answer: South`: a key no bank uses.
                if close := difflib.get_close_matches(key.lower(), known, n=1, cutoff=0.8):
                    extra = f"; did you mean '{close[0]}'?"
                    continuation = None
                else:
                    extra = continuation.note
                    continuation.certain = True
            elif not extra:
                close = difflib.get_close_matches(key, known, n=1, cutoff=0.6)
                if continuation and difflib.get_close_matches(key, known, n=1, cutoff=0.8):
                    continuation = None  # `answr`, `titel`: a typo, not a split line
                extra = (
                    f"; did you mean '{close[0]}'?"
                    if close
                    else f"; known keys: {', '.join(known)}"
                )
            self.problem(key_where, f"unknown key '{key}'{extra}")
            if continuation:
                self._may_continue(continuation, key_where, f"unknown key '{key}'")

    def _may_continue(self, continuation: _Continuation, where: Path, message: str) -> None:
        """Keep `continuation` for the problem just recorded at `where` (unless refused)."""
        if where in self.refused:
            return
        continuation.problem = self.problems[-1]
        continuation.message = message + continuation.note
        self.continuations.append(continuation)

    def _continuation(self, where: Path, value: Any) -> _Continuation | None:
        """The key or list item on the line just above `where`, if it may go on into this one.

        Only a one-line value can: `answer: South`, `- President of South` or an
        empty `prompt:`, not a list or a mapping.
        """
        line = self.doc.lines.get(where)
        if line is None:
            return None
        if self._keys_by_line is None:
            # The last key or block-list item of each line: the one whose value the line
            # ends with (an item of a [...] list on one line cannot run on into the next);
            # and the first thing on each line, which a continued line starts with.
            lines = self.doc.lines
            self._keys_by_line = {
                at: path
                for path, at in lines.items()
                if path and (isinstance(path[-1], str) or lines.get(path[:-1]) != at)
            }
            self._first_by_line = {}
            for path, at in lines.items():
                self._first_by_line.setdefault(at, path)
        if self._first_by_line.get(line) != where:
            return None  # `- id:` or a second key of a {...} mapping: not the rest of a line
        above = self._keys_by_line.get(line - 1)
        if above is None or above in self.refused or isinstance(self._value_at(above), dict | list):
            return None
        swallowed = isinstance(value, dict | list)
        parent = above[:-1]
        siblings = self._value_at(parent)
        last = above[-1]
        what = f"'{last}'" if not isinstance(last, int) else f"'{above[-2]}' item {last + 1}"
        question = above[:-2]
        # A choice cut short, or the choices after it gone under the new key: the
        # answer and why_wrong are checked against choices the teacher never meant.
        dependent = (
            ((*question, "answer"), (*question, "why_wrong"))
            if isinstance(last, int) and above[-2:-1] == ("choices",)
            else ()
        )
        return _Continuation(
            above=above,
            dependent=dependent,
            note=(
                f"; if this line continues {what} from line {line - 1}, write that whole "
                "value on one line, in quotes: unquoted, a colon before a space or the end of the "
                "line starts a new key"
            ),
            swallowed_from=(parent, set(siblings) if isinstance(siblings, dict) else set())
            if swallowed
            else None,
        )

    def _value_at(self, path: Path) -> Any:
        """The value at `path` in the document, or None where there is none."""
        value = self.doc.data
        for step in path:
            found = (isinstance(value, dict) and step in value) or (
                isinstance(value, list) and isinstance(step, int) and step < len(value)
            )
            if not found:
                return None
            value = value[step]
        return value

    # -- the deck ----------------------------------------------------------

    def check(self) -> Deck | None:
        data = self.doc.data
        if data is None:
            self.problem((), "the file is empty; a bank needs at least a title and questions")
            return None
        if not isinstance(data, dict):
            self.problem((), "a bank must be a mapping with title: and questions: at the top")
            return None
        self.unknown_keys(data, (), DECK_KEYS)
        deck_id = self._deck_id(data.get("deck"))
        title = self.text(data.get("title"), ("title",), "title", required=True)
        description = self.text(data.get("description"), ("description",), "description")
        briefing = self.text(data.get("briefing"), ("briefing",), "briefing")
        as_of = self._date(data.get("as_of"), ("as_of",), "as_of")
        source = self._source(data.get("source"))
        settings = self._settings(data.get("settings"))
        questions = self._questions(data.get("questions"))
        return Deck(
            id=deck_id,
            title=title,
            questions=tuple(questions),
            path=self.path,
            description=description,
            as_of=as_of,
            source=source,
            briefing=briefing,
            settings=settings,
            field_lines={key: self.doc.lines[(key,)] for key in data if (key,) in self.doc.lines}
            | self._nested_lines(("source", "file")),
        )

    def _nested_lines(self, *paths: Path) -> dict[str, int]:
        """Lines of nested keys that later checks point at, keyed `source.file`."""
        return {".".join(map(str, p)): self.doc.lines[p] for p in paths if p in self.doc.lines}

    def _deck_id(self, value: Any) -> str:
        if value is None:
            return default_deck_id(self.path)
        deck_id = self.text(value, ("deck",), "deck", required=True)
        if deck_id and not ID_PATTERN.match(deck_id):
            self.problem(
                ("deck",), f"deck id '{deck_id}' may use only lowercase letters, digits and '-'"
            )
        return deck_id

    def _date(self, value: Any, where: Path, name: str) -> dt.date | None:
        if value is None:
            return None
        if isinstance(value, dt.datetime):
            return value.date()
        if isinstance(value, dt.date):
            return value
        try:
            return dt.date.fromisoformat(str(value).strip())
        except ValueError:
            self.problem(where, f"'{name}' must be a date written YYYY-MM-DD, like 2025-06-10")
            return None

    def _source(self, value: Any) -> Source:
        data = self.mapping(value, ("source",), "source")
        self.unknown_keys(data, ("source",), SOURCE_KEYS)
        fields = {
            key: self.text(data.get(key), ("source", key), f"source {key}") for key in SOURCE_KEYS
        }
        return Source(**fields)

    def _settings(self, value: Any) -> DeckSettings:
        data = self.mapping(value, ("settings",), "settings")
        self.unknown_keys(data, ("settings",), SETTINGS_KEYS)
        fields: dict[str, Any] = {}
        for key in ("shuffle", "shuffle_choices", "allow_overrule"):
            if data.get(key) is not None:
                flag = self.boolean(data[key], ("settings", key), key)
                if flag is not None:
                    fields[key] = flag
        fields["time_limit"] = self._time_limit(data.get("time_limit"), ("settings", "time_limit"))
        return DeckSettings(**fields)

    def _time_limit(self, value: Any, where: Path) -> float | None:
        """Seconds for a timed question: a positive number."""
        if value is None:
            return None
        seconds = self.number(value, where, "time_limit")
        if seconds is not None and seconds <= 0:
            self.problem(where, "'time_limit' must be a number of seconds above 0, like 30")
            return None
        return seconds

    def _questions(self, value: Any) -> list[Question]:
        where: Path = ("questions",)
        if value is None:
            if where not in self.refused:
                self.problem((), "'questions' is missing: list the questions under questions:")
            return []
        if not isinstance(value, list) or not value:
            self.problem(
                where,
                "'questions' must be a non-empty list of questions, each starting with '- id:'",
            )
            return []
        questions: list[Question] = []
        first_seen: dict[str, int] = {}
        for index, item in enumerate(value):
            item_where = (*where, index)
            question = self._question(item, item_where, index)
            qid = self.question_id
            self.question_id = None
            if qid is not None and not qid.startswith("#"):
                line = self.doc.line_of(item_where) or 0
                if qid in first_seen:
                    self.problems.append(
                        Problem(
                            self.label,
                            line,
                            f"duplicate id: the question at line {first_seen[qid]} has it too; "
                            "ids must be unique in a deck",
                            qid,
                        )
                    )
                    continue
                first_seen[qid] = line
            if question is not None and index not in self.read_badly:
                questions.append(question)
        return questions

    # -- one question ------------------------------------------------------

    def _question(self, data: Any, where: Path, index: int) -> Question | None:
        """The question, or None if anything in it is wrong (a partial deck leaves it out)."""
        self.question_id = f"#{index + 1}"
        problems_before = len(self.problems)
        if not isinstance(data, dict):
            self.problem(where, "each question must be a mapping starting with '- id: ...'")
            return None
        qid = self.text(data.get("id"), (*where, "id"), "id", required=True)
        if qid:
            self.question_id = qid
            if not ID_PATTERN.match(qid):
                self.problem(
                    (*where, "id"),
                    "ids may use only lowercase letters, digits and '-', like call-length",
                )
        kind = self._kind(data.get("type"), (*where, "type"))
        known = COMMON_QUESTION_KEYS + (KIND_KEYS[kind] if kind else ALL_QUESTION_KEYS)
        self.unknown_keys(data, where, known, hint=lambda key: _key_for_other_kind(key, kind))
        fields: dict[str, Any] = {
            "id": qid,
            "prompt": self.text(data.get("prompt"), (*where, "prompt"), "prompt", required=True),
            "explanation": self.text(
                data.get("explanation"), (*where, "explanation"), "explanation"
            ),
            "hint": self.text(data.get("hint"), (*where, "hint"), "hint"),
            "topic": self.text(data.get("topic"), (*where, "topic"), "topic"),
            "section": self.text(data.get("section"), (*where, "section"), "section"),
            "evidence": self.text(data.get("evidence"), (*where, "evidence"), "evidence"),
            "difficulty": self._difficulty(data.get("difficulty"), (*where, "difficulty")),
            "points": self._points(data.get("points"), (*where, "points")),
            "time_limit": self._time_limit(data.get("time_limit"), (*where, "time_limit")),
            "line": self.doc.line_of(where) or 0,
        }
        if kind is None:
            return None
        fields.update(self._answer_fields(kind, data, where))
        if len(self.problems) > problems_before or not qid:
            return None
        return Question(kind=kind, **fields)

    def _kind(self, value: Any, where: Path) -> QuestionKind | None:
        if value is None:
            self.problem(where, f"'type' is missing; use one of {KIND_NAMES}")
            return None
        try:
            return QuestionKind(str(value).strip().lower())
        except ValueError:
            close = difflib.get_close_matches(str(value), [k.value for k in QuestionKind], n=1)
            guess = f"; did you mean '{close[0]}'?" if close else ""
            self.problem(where, f"unknown type '{value}'{guess} (use one of {KIND_NAMES})")
            return None

    def _difficulty(self, value: Any, where: Path) -> Difficulty | None:
        if value is None:
            return None
        try:
            return Difficulty(str(value).strip().lower())
        except ValueError:
            self.problem(where, "'difficulty' must be easy, medium or hard")
            return None

    def _points(self, value: Any, where: Path) -> float:
        if value is None:
            return 1.0
        points = self.number(value, where, "points")
        if points is not None and points <= 0:
            self.problem(where, "'points' must be more than 0")
        return points if points and points > 0 else 1.0

    def _answer_fields(
        self, kind: QuestionKind, data: dict[str, Any], where: Path
    ) -> dict[str, Any]:
        if kind is QuestionKind.ORDER:
            return self._order(data, where)
        if kind is QuestionKind.CLOZE:
            return self._cloze(data, where)
        if kind is QuestionKind.MATCH:
            return self._match(data, where)
        answer_where = (*where, "answer")
        if data.get("answer") is None:
            self.problem(answer_where if "answer" in data else where, "'answer' is missing")
            return {}
        match kind:
            case QuestionKind.CHOICE | QuestionKind.MULTI:
                return self._choices(kind, data, where)
            case QuestionKind.TRUEFALSE:
                truth = self.boolean(data["answer"], answer_where, "answer")
                label = TRUE_LABEL if truth else FALSE_LABEL
                return {"choices": (TRUE_LABEL, FALSE_LABEL), "correct_choices": frozenset({label})}
            case QuestionKind.TEXT:
                return self._text_answer(data, where)
            case QuestionKind.NUMBER:
                return self._number_answer(data, where)
        raise AssertionError(kind)  # pragma: no cover

    def _choices(self, kind: QuestionKind, data: dict[str, Any], where: Path) -> dict[str, Any]:
        choices_where = (*where, "choices")
        if data.get("choices") is None:
            self.problem(
                choices_where if "choices" in data else where,
                "'choices' is missing: list the options as choices: [first, second, ...]",
            )
            return {}
        choices = self.text_list(data["choices"], choices_where, "choices")
        if len(choices) < 2:
            self.problem(choices_where, "give at least 2 choices")
        seen: set[str] = set()
        for index, choice in enumerate(choices):
            if choice.casefold() in seen:
                self.problem((*choices_where, index), f"duplicate choice '{choice}'")
            seen.add(choice.casefold())
        raw = data["choices"]
        listed = _Choices(choices, complete=isinstance(raw, list) and len(raw) == len(choices))
        answers = self._chosen_answers(kind, data["answer"], (*where, "answer"), listed)
        why_wrong = self._why_wrong(data.get("why_wrong"), (*where, "why_wrong"), listed, answers)
        return {
            "choices": tuple(choices),
            "correct_choices": frozenset(answers),
            "why_wrong": why_wrong,
        }

    def _chosen_answers(
        self, kind: QuestionKind, value: Any, where: Path, choices: _Choices
    ) -> list[str]:
        if kind is QuestionKind.CHOICE:
            if isinstance(value, list):
                self.problem(
                    where,
                    "a choice question has exactly one answer; "
                    "for several right answers use type: multi",
                )
                return []
            answers = [self.text(value, where, "answer", required=True)]
        else:
            answers = (
                self.text_list(value, where, "answer")
                if isinstance(value, list)
                else [self.text(value, where, "answer", required=True)]
            )
            if not answers:
                self.problem(where, "give at least one right answer, like answer: [first, second]")
            if len(set(answers)) != len(answers):
                self.problem(where, "the same answer is listed twice")
        for answer in answers:
            if answer and choices.complete and answer not in choices:
                self.problem(
                    where,
                    f"answer '{answer}' is not one of the choices"
                    + _fix_for_missing(answer, choices),
                )
        return answers

    def _why_wrong(
        self, value: Any, where: Path, choices: _Choices, answers: list[str]
    ) -> dict[str, str]:
        data = self.mapping(value, where, "why_wrong")
        right = set(answers)
        result = {}
        for key, text in data.items():
            key_where = (*where, key)
            if key not in choices:
                if not choices.complete:
                    continue  # a choice is broken (and said so): its note cannot be matched
                close = choices.closest(key)
                if close in right:
                    close = None  # a note for a right answer would be a second mistake
                guess = f"; did you mean '{close}'?" if close else ""
                message = f"why_wrong names '{key}', which is not one of the choices"
                self.problem(key_where, message + guess)
                continuation = None if close else self._continuation(key_where, text)
                if continuation and not self._value_at(continuation.above):
                    # `Tariffs:` over `Nobody: asked for them.`: the note above was cut off.
                    self._may_continue(continuation, key_where, message)
            elif key in right:
                self.problem(key_where, f"why_wrong names '{key}', which is a right answer")
            else:
                result[key] = self.text(text, key_where, f"why_wrong for '{key}'", required=True)
        return result

    def _text_answer(self, data: dict[str, Any], where: Path) -> dict[str, Any]:
        value = data["answer"]
        answer_where = (*where, "answer")
        if isinstance(value, list):
            accepted = self.text_list(value, answer_where, "answer")
            if not accepted:
                self.problem(answer_where, "give at least one accepted answer")
        else:
            accepted = [self.text(value, answer_where, "answer", required=True)]
        for answer in accepted:
            if answer and not normalise(answer):
                self.problem(
                    answer_where,
                    f"the answer '{answer}' has no letters or digits, so nothing typed "
                    "could match it (punctuation is ignored); use a choice question instead",
                )
        fields: dict[str, Any] = {"accepted": tuple(a for a in accepted if a)}
        fields.update(self._typos(data, where))
        return fields

    def _typos(self, data: dict[str, Any], where: Path) -> dict[str, Any]:
        """`typos: 0` or `1`, for a text question or a cloze question's typed blanks."""
        if data.get("typos") is None:
            return {}
        typos = data["typos"]
        if isinstance(typos, bool) or typos not in (0, 1):
            self.problem(
                (*where, "typos"), "'typos' must be 0 (exact spelling) or 1 (forgive one typo)"
            )
            return {}
        return {"typos": int(typos)}

    def _number_answer(self, data: dict[str, Any], where: Path) -> dict[str, Any]:
        fields: dict[str, Any] = {
            "number": self.number(data["answer"], (*where, "answer"), "answer")
        }
        if data.get("tolerance") is not None:
            tolerance = self.number(data["tolerance"], (*where, "tolerance"), "tolerance")
            if tolerance is not None and tolerance < 0:
                self.problem((*where, "tolerance"), "'tolerance' cannot be negative")
            elif tolerance is not None:
                fields["tolerance"] = tolerance
        fields["unit"] = self.text(data.get("unit"), (*where, "unit"), "unit")
        return fields

    def _order(self, data: dict[str, Any], where: Path) -> dict[str, Any]:
        if data.get("items") is None:
            self.problem(
                (*where, "items") if "items" in data else where,
                "'items' is missing: list the items in the right order",
            )
            return {}
        items = self.text_list(data["items"], (*where, "items"), "items")
        if len(items) < 2:
            self.problem((*where, "items"), "give at least 2 items to put in order")
        first_at: dict[str, int] = {}
        for index, item in enumerate(items):
            earlier = first_at.setdefault(item.casefold(), index)
            if earlier != index:
                same = f"'{item}'" if item == items[earlier] else f"'{items[earlier]}' and '{item}'"
                self.problem(
                    (*where, "items"),
                    f"items {earlier + 1} and {index + 1} are the same ({same}); "
                    "each item must be different",
                )
                break
        return {"items": tuple(items)}

    # -- cloze and match ------------------------------------------------------

    def _cloze(self, data: dict[str, Any], where: Path) -> dict[str, Any]:
        """Blanks in the prompt (`{{answer|also accepted}}`), each typed or picked from choices."""
        prompt_where = (*where, "prompt")
        value = data.get("prompt")
        if isinstance(value, dict):  # said even if YAML already named the braces: that is the fix
            self.problems.append(
                Problem(
                    self.label,
                    self.doc.line_of(prompt_where),
                    "a prompt that starts with a blank must be in quotes, like "
                    'prompt: "{{Seoul}} is the capital": YAML reads {...} as a mapping',
                    self.question_id,
                )
            )
            return {}
        text = value if isinstance(value, str) else self.doc.written(prompt_where, value)
        if text is None or not text.strip():
            return {}  # the prompt itself is missing or not text: already said
        parsed = parse_blanks(text)
        for offset, message in parsed.faults:
            self._problem_in_text(prompt_where, text, offset, message)
        if not parsed.blanks and not parsed.faults:
            self.problem(
                prompt_where,
                "a cloze prompt needs at least one blank: write the answer in it as {{answer}} "
                "(or {{answer|also accepted}})",
            )
        choices = self._blank_choices(data.get("choices"), (*where, "choices"), parsed.blanks)
        for number, (alternatives, listed) in enumerate(
            zip(parsed.blanks, choices, strict=True), start=1
        ):
            for answer in alternatives:
                if answer and not listed and not normalise(answer):
                    self.problem(
                        prompt_where,
                        f"blank {number}'s answer '{answer}' has no letters or digits, so nothing "
                        "typed could match it (punctuation is ignored); give the blank choices",
                    )
        shown = parsed.shown.strip()
        return {
            "prompt": reflow(shown) if "\n" in shown else shown,
            "blanks": parsed.blanks,
            "blank_choices": choices,
            **self._typos(data, where),
        }

    def _problem_in_text(self, where: Path, text: str, offset: int, message: str) -> None:
        """A problem at `offset` of the text at `where`, on the file's line where it stands.

        A value with line breaks is a `|` block (YAML folds the lines of any
        other text into one), whose lines start on the line after its key.
        """
        if where in self.refused:
            return
        line = self.doc.line_of(where) or 0
        if "\n" in text and line:
            line += 1 + line_in_text(text, offset)
        self.problems.append(Problem(self.label, line, message, self.question_id))

    def _blank_choices(
        self, value: Any, where: Path, blanks: tuple[tuple[str, ...], ...]
    ) -> tuple[tuple[str, ...], ...]:
        """`choices: {1: [...], 2: [...]}`: the blanks picked from a list; the others are typed."""
        result: list[tuple[str, ...]] = [() for _ in blanks]
        if value is None:
            return tuple(result)
        if isinstance(value, list):
            self.problem(
                where,
                "a cloze question gives choices per blank: map each blank's number to its "
                "choices, like choices: {1: [Busan, Gyeongju, Seoul]}",
            )
            return tuple(result)
        for key, listed in self.mapping(value, where, "choices").items():
            key_where = (*where, key)
            number = int(key) if str(key).strip().isdigit() else 0
            if not 1 <= number <= len(blanks):
                count = f"{len(blanks)} blank{'s' if len(blanks) != 1 else ''}"
                self.problem(
                    key_where,
                    f"choices names blank '{key}', but the prompt has {count}"
                    + (f": use a number from 1 to {len(blanks)}" if len(blanks) > 1 else "")
                    + (": use 1" if len(blanks) == 1 else ""),
                )
                continue
            if result[number - 1]:
                self.problem(key_where, f"blank {number} is given choices twice")
                continue
            texts = self.text_list(listed, key_where, f"choices for blank {number}")
            if len(texts) < 2:
                self.problem(key_where, f"give blank {number} at least 2 choices")
            if len({t.casefold() for t in texts}) != len(texts):
                self.problem(key_where, f"blank {number} lists the same choice twice")
            first = blanks[number - 1][0]
            known = _Choices(texts)
            if first and texts and first not in known:
                self.problem(
                    key_where,
                    f"blank {number}'s answer '{first}' is not one of its choices"
                    + _fix_for_missing(first, known),
                )
            result[number - 1] = tuple(texts)
        return tuple(result)

    def _match(self, data: dict[str, Any], where: Path) -> dict[str, Any]:
        """`pairs: {left: right}` (right-hand items all different) and optional `extra:` items."""
        pairs_where = (*where, "pairs")
        value = data.get("pairs")
        if value is None:
            self.problem(
                pairs_where if "pairs" in data else where,
                "'pairs' is missing: list each item with its match, like "
                "pairs: {Lee Jae-myung: South Korea, Xi Jinping: China}",
            )
            return {}
        if not isinstance(value, dict):
            self.problem(
                pairs_where,
                "'pairs' must be a mapping of left: right lines, like Xi: China",
            )
            return {}
        pairs: list[tuple[str, str]] = []
        lefts: dict[str, str] = {}
        rights: dict[str, str] = {}
        for key, right_value in value.items():
            key_where = (*pairs_where, key)
            left = " ".join(str(key).split())
            if isinstance(right_value, dict | list):
                self.problem(key_where, f"the match for '{left}' must be text")
                continue
            right = self.text(right_value, key_where, f"the match for '{left}'", required=True)
            if left.casefold() in lefts:
                self.problem(key_where, f"'{left}' and '{lefts[left.casefold()]}' are one item")
            elif right.casefold() in rights:
                self.problem(
                    key_where,
                    f"'{right}' is the match of both '{rights[right.casefold()]}' and '{left}': "
                    "each right-hand item must be different",
                )
            lefts.setdefault(left.casefold(), left)
            rights.setdefault(right.casefold(), left)
            pairs.append((left, right))
        if len(value) < 2:
            self.problem(pairs_where, "give at least 2 pairs to match")
        extra: list[str] = []
        if data.get("extra") is not None:
            extra_where = (*where, "extra")
            extra = self.text_list(data["extra"], extra_where, "extra")
            seen: set[str] = set()
            for index, item in enumerate(extra):
                if item.casefold() in rights:
                    self.problem(
                        (*extra_where, index),
                        f"extra item '{item}' is the match of '{rights[item.casefold()]}': "
                        "extra items are wrong matches, so each must differ from the pairs",
                    )
                elif item.casefold() in seen:
                    self.problem((*extra_where, index), f"extra item '{item}' is listed twice")
                seen.add(item.casefold())
        why_wrong = self._match_why_wrong(
            data.get("why_wrong"), (*where, "why_wrong"), [left for left, _ in pairs]
        )
        return {"pairs": tuple(pairs), "extra": tuple(extra), "why_wrong": why_wrong}

    def _match_why_wrong(self, value: Any, where: Path, lefts: list[str]) -> dict[str, str]:
        """A match question's why_wrong is keyed by left item: shown when it is matched wrongly."""
        result = {}
        for key, text in self.mapping(value, where, "why_wrong").items():
            key_where = (*where, key)
            if key not in lefts:
                close = difflib.get_close_matches(key, lefts, n=1, cutoff=0.6)
                guess = f"; did you mean '{close[0]}'?" if close else ""
                self.problem(
                    key_where,
                    f"why_wrong names '{key}', which is not a left item of the pairs{guess} "
                    "(a match question's why_wrong says why a left item's wrong match is wrong)",
                )
            else:
                result[key] = self.text(text, key_where, f"why_wrong for '{key}'", required=True)
        return result


@dataclass
class _Continuation:
    """An unknown key that may be the rest of the value on the line above it."""

    above: Path
    """The key (or list item) on the line above, whose value the line may continue."""
    note: str
    """What the message about this line says of the split."""
    swallowed_from: tuple[Path, set[str]] | None
    """When the lines below went under the new key: the mapping they left, and its keys."""
    dependent: tuple[Path, ...] = ()
    """Values checked against the cut one (a question's answer and why_wrong, for a choice)."""
    certain: bool = False
    """A key no bank could mean (`Korea`, `in the capital`): surely a split line."""
    problem: Problem | None = None
    """The problem about this line, as first recorded."""
    message: str = ""
    """That problem's message when the split is taken as certain."""

    def anchors(self) -> list[Path]:
        """Every path that a location `explains` may be true of starts with one of these."""
        anchors = [self.above, *self.dependent]
        if isinstance(self.above[-1], int):
            anchors.append(self.above[:-1])
        if self.swallowed_from is not None:
            anchors.append(self.swallowed_from[0])
        return anchors

    def explains(self, where: Path) -> bool:
        """True for a problem the split caused: at the cut value, or a key the split took away."""
        if (
            where[: len(self.above)] == self.above
            or (isinstance(self.above[-1], int) and where == self.above[:-1])
            or any(where[: len(path)] == path for path in self.dependent)
        ):
            return True  # the cut value, its list (too short now), or what depends on it
        if self.swallowed_from is None:
            return False
        parent, keys = self.swallowed_from
        return where == parent or (where[:-1] == parent and where[-1] not in keys)


def _looks_like_a_key(key: str) -> bool:
    return KEY_SHAPE.fullmatch(key) is not None


class _Choices:
    """A question's choices, for checking the answers and why_wrong keys against them.

    Each check is a set lookup, not a scan of the list, so a question with
    100,000 choices and as many answers stays linear; so does `closest`, which
    stops using difflib after `DIFFLIB_COMPARISONS`.
    """

    def __init__(self, listed: list[str], *, complete: bool = True) -> None:
        self.listed = listed
        self.complete = complete and bool(listed)
        """False when some choice was not text: answers are then not checked against the rest."""
        self._known = set(listed)
        self._difflib_left = DIFFLIB_COMPARISONS
        self._by_key: dict[str, str] = {}
        self._keys: list[str] = []
        self._index: OneTypoIndex | None = None

    def __contains__(self, text: object) -> bool:
        return text in self._known

    def closest(self, answer: str) -> str | None:
        """The choice a missing answer was most likely meant to be, if any is close."""
        if len(self.listed) <= self._difflib_left:
            self._difflib_left -= len(self.listed)
            close = difflib.get_close_matches(answer, self.listed, n=1, cutoff=0.6)
            return close[0] if close else None
        index = self._typo_index()
        key = normalise(answer)
        if key in self._by_key:
            return self._by_key[key]
        if len(key) < MIN_LENGTH_FOR_TYPOS:
            return None
        for number in sorted(index.candidates(key))[:MAX_TYPO_CANDIDATES]:
            if typo_distance(key, self._keys[number], 1) <= 1:
                return self._by_key[self._keys[number]]
        return None

    def _typo_index(self) -> OneTypoIndex:
        """The choices by normalised form and one-typo variants, built on first need."""
        if self._index is None:
            self._index = OneTypoIndex()
            for choice in self.listed:
                key = normalise(choice)
                if key not in self._by_key and len(key) >= MIN_LENGTH_FOR_TYPOS:
                    self._index.add(key, len(self._keys))
                    self._keys.append(key)
                self._by_key.setdefault(key, choice)
        return self._index


def _fix_for_missing(answer: str, choices: _Choices) -> str:
    """How to fix an answer missing from the choices, as precisely as we can tell."""
    pieces = [piece.strip() for piece in answer.split(",")]
    if len(pieces) > 1 and all(piece in choices for piece in pieces):
        return (
            f": the choices were split at their commas; put quotes around a choice that "
            f"contains a comma (\"{answer}\") or write one choice per line starting with '- '"
        )
    close = choices.closest(answer)
    return f"; did you mean '{close}'?" if close else "; copy it exactly from the choices"


def _key_for_other_kind(key: str, kind: QuestionKind | None) -> str:
    """Explain a key that is valid, just not for this question type."""
    if kind is QuestionKind.ORDER and key == "answer":
        return "; an order question lists its `items` in the right order instead of an answer"
    if kind is QuestionKind.CLOZE and key == "answer":
        return "; a cloze question writes its answers in the prompt, as {{answer}}"
    if kind is QuestionKind.MATCH and key in ("answer", "items", "choices"):
        return "; a match question lists pairs: {left: right}, and wrong matches under extra"
    if kind is QuestionKind.ORDER and key == "choices":
        return (
            "; did you mean 'items'? An order question lists its items in the right order "
            "(they are shown shuffled)"
        )
    if kind in (QuestionKind.CHOICE, QuestionKind.MULTI) and key == "items":
        return "; did you mean 'choices'? (`items` are for order questions)"
    users = [k.value for k, keys in KIND_KEYS.items() if key in keys]
    if kind and users:
        return f"; it is not used by {kind.value} questions (only by {', '.join(users)})"
    return ""


def _kind_of(value: Any) -> str:
    """A friendly name for a YAML value's type."""
    if isinstance(value, dict):
        return "mapping"
    if isinstance(value, list):
        return "list"
    return type(value).__name__
