"""Grade one response to one question: right or not, and how much credit.

Partial credit exists for four types. Two follow the same idea — what you
got right minus what you got wrong, never below zero:

* multi: (right picks - wrong picks) / number of right answers;
* order: (pairs of items in the right relative order - pairs in the wrong
  order) / all pairs. A fully reversed or random order earns nothing.

The other two are made of parts that are each right or wrong on their own,
and earn the share of parts right:

* cloze: blanks filled right / all blanks (a typed blank is matched as a
  text answer is; a blank with choices must be one of its accepted answers);
* match: left items paired with their own right-hand item / all pairs.

Only a fully right response counts as correct.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations

from quizapp.bank.model import Question, QuestionKind, blanks_text, pairs_text
from quizapp.engine.matching import number_matches, parse_number, text_matches


@dataclass(frozen=True)
class ClozeResponse:
    """What a student put in each blank of a cloze question, in the prompt's order."""

    blanks: tuple[str, ...]
    """Typed text or the choice picked; '' for a blank left empty."""


@dataclass(frozen=True)
class MatchResponse:
    """The pairs a student made in a match question: (left item, right-hand item picked)."""

    pairs: tuple[tuple[str, str], ...]
    """In the order of the question's left items."""

    def picked_for(self, left: str) -> str:
        """The right-hand item paired with `left`, or '' if none."""
        return next((right for given, right in self.pairs if given == left), "")


Response = str | frozenset[str] | tuple[str, ...] | ClozeResponse | MatchResponse
"""What a student gives: a choice or typed text (str), the picks of a multi
question (frozenset), the arrangement of an order question (tuple), the
blanks of a cloze question or the pairs of a match question."""


@dataclass(frozen=True)
class Grade:
    """The verdict on one response."""

    correct: bool
    credit: float
    """From 0 to 1; multiplied by the question's points for the score."""


WRONG = Grade(False, 0.0)
RIGHT = Grade(True, 1.0)


def grade(question: Question, response: Response) -> Grade:
    """Grade `response` to `question`. Responses of the wrong shape are wrong."""
    match question.kind:
        case QuestionKind.CHOICE | QuestionKind.TRUEFALSE:
            return (
                RIGHT
                if isinstance(response, str) and response in question.correct_choices
                else WRONG
            )
        case QuestionKind.MULTI:
            if not isinstance(response, frozenset | set):
                return WRONG
            return multi_grade(response, question.correct_choices)
        case QuestionKind.TEXT:
            if not isinstance(response, str):
                return WRONG
            return RIGHT if text_matches(response, question.accepted, question.typos) else WRONG
        case QuestionKind.NUMBER:
            value = parse_number(response, question.unit) if isinstance(response, str) else None
            if value is None or question.number is None:
                return WRONG
            return RIGHT if number_matches(value, question.number, question.tolerance) else WRONG
        case QuestionKind.ORDER:
            if not isinstance(response, tuple) or sorted(response) != sorted(question.items):
                return WRONG
            return order_grade(response, question.items)
        case QuestionKind.CLOZE | QuestionKind.MATCH:
            marks = part_marks(question, response)
            if not marks:
                return WRONG
            right = sum(marks)
            return Grade(right == len(marks), right / len(marks))
    raise AssertionError(question.kind)  # pragma: no cover


def part_marks(question: Question, response: Response | None) -> tuple[bool, ...]:
    """For a cloze or match question, whether each blank (or pair) is right.

    Empty for other types, and for a response of the wrong shape (which is
    graded wrong as a whole).
    """
    if question.kind is QuestionKind.CLOZE:
        if not isinstance(response, ClozeResponse) or len(response.blanks) != len(question.blanks):
            return ()
        return tuple(
            blank_matches(question, index, given) for index, given in enumerate(response.blanks)
        )
    if question.kind is QuestionKind.MATCH:
        if not isinstance(response, MatchResponse):
            return ()
        return tuple(response.picked_for(left) == right for left, right in question.pairs)
    return ()


def blank_matches(question: Question, index: int, given: str) -> bool:
    """Is `given` right for blank `index`? Typed: as a text answer; picked: one of its answers."""
    accepted = question.blanks[index]
    choices = question.blank_choices[index] if index < len(question.blank_choices) else ()
    if choices:
        return given in accepted
    return text_matches(given, accepted, question.typos)


def part_counts(question: Question, response: Response | None) -> tuple[int, int] | None:
    """(parts right, all parts) of a cloze or match response; None for other types."""
    if question.kind is QuestionKind.CLOZE:
        total = len(question.blanks)
    elif question.kind is QuestionKind.MATCH:
        total = len(question.pairs)
    else:
        return None
    return sum(part_marks(question, response)), total


def multi_grade(picked: Collection[str], right: Collection[str]) -> Grade:
    """(right picks - wrong picks) / number of right answers, at least 0."""
    hits = sum(1 for p in picked if p in right)
    misses = len(picked) - hits
    credit = max(0.0, (hits - misses) / len(right)) if right else 0.0
    return Grade(set(picked) == set(right), credit)


def order_grade(given: Sequence[str], right: Sequence[str]) -> Grade:
    """(pairs in the right order - pairs in the wrong order) / all pairs, at least 0."""
    if len(right) < 2:
        return Grade(list(given) == list(right), 1.0 if list(given) == list(right) else 0.0)
    position = {item: index for index, item in enumerate(right)}
    ranks = [position[item] for item in given]
    pairs = list(combinations(ranks, 2))
    in_order = sum(1 for a, b in pairs if a < b)
    credit = max(0.0, (in_order - (len(pairs) - in_order)) / len(pairs))
    return Grade(in_order == len(pairs), credit)


def response_text(question: Question, response: Response | None) -> str:
    """A response written out for people: results screens and reports."""
    if response is None:
        return "(skipped)"
    if isinstance(response, frozenset | set):
        picked = [c for c in question.choices if c in response]
        return "; ".join(picked) or "(nothing selected)"
    if isinstance(response, tuple):
        return " → ".join(response)
    if isinstance(response, ClozeResponse):
        return blanks_text(response.blanks)
    if isinstance(response, MatchResponse):
        return pairs_text((left, response.picked_for(left)) for left, _ in question.pairs)
    return response
