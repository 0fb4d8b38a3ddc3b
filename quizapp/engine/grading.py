"""Grade one response to one question: right or not, and how much credit.

Partial credit exists for two types, and both follow the same idea — what
you got right minus what you got wrong, never below zero:

* multi: (right picks - wrong picks) / number of right answers;
* order: (pairs of items in the right relative order - pairs in the wrong
  order) / all pairs. A fully reversed or random order earns nothing.

Only a fully right response counts as correct.
"""

from __future__ import annotations

from collections.abc import Collection, Sequence
from dataclasses import dataclass
from itertools import combinations

from quizapp.bank.model import Question, QuestionKind
from quizapp.engine.matching import number_matches, parse_number, text_matches

Response = str | frozenset[str] | tuple[str, ...]
"""What a student gives: a choice or typed text (str), the picks of a multi
question (frozenset) or the arrangement of an order question (tuple)."""


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
    raise AssertionError(question.kind)  # pragma: no cover


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
    return response
