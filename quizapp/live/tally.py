"""How a room answered one question: what the reveal shows the class.

For a question with choices, how many picked each choice (a multi
question's picks counted one by one), the right ones marked; the most
chosen wrong choice, with its `why_wrong`, is where the discussion starts.
Typed answers are grouped as the matcher marks them: every right answer in
one group, wrong ones by their normalised text (so "Seoul " and "seoul" are
one), most common first.
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass
from typing import Any

from quizapp.bank.model import Question, QuestionKind
from quizapp.engine.grading import Grade, Response, response_text
from quizapp.text.normalise import normalise

RIGHT_GROUP = "right"


@dataclass(frozen=True)
class Bar:
    """One line of the reveal: a choice (or a group of typed answers) and how many gave it."""

    label: str
    count: int
    right: bool


@dataclass(frozen=True)
class Tally:
    question_id: str
    bars: tuple[Bar, ...]
    answered: int
    right: int
    """Responses graded right."""
    answer: str
    """The right answer, written out."""
    explanation: str
    common_wrong: str
    """The most chosen wrong choice or typed answer ('' when nobody was wrong)."""
    why_wrong: str
    """What the bank says about that wrong choice ('' when it says nothing)."""
    notes: tuple[tuple[str, str], ...] = ()
    """What the bank says about each wrong choice (its `why_wrong`): a student's process
    shows the one about the student's own pick, which only the host's bank knows."""

    def note_on(self, choice: str) -> str:
        """The bank's `why_wrong` for `choice` ('' when it says nothing)."""
        return next((note for label, note in self.notes if label == choice), "")

    def to_json(self) -> dict[str, Any]:
        return {
            "question_id": self.question_id,
            "bars": [[b.label, b.count, b.right] for b in self.bars],
            "answered": self.answered,
            "right": self.right,
            "answer": self.answer,
            "explanation": self.explanation,
            "common_wrong": self.common_wrong,
            "why_wrong": self.why_wrong,
            "notes": [list(pair) for pair in self.notes],
        }

    @classmethod
    def from_json(cls, data: dict[str, Any]) -> Tally:
        return cls(
            question_id=str(data["question_id"]),
            bars=tuple(Bar(str(label), int(n), bool(r)) for label, n, r in data["bars"]),
            answered=int(data["answered"]),
            right=int(data["right"]),
            answer=str(data["answer"]),
            explanation=str(data["explanation"]),
            common_wrong=str(data["common_wrong"]),
            why_wrong=str(data["why_wrong"]),
            notes=tuple((str(label), str(note)) for label, note in data.get("notes", ())),
        )


def tally(
    question: Question,
    options: tuple[str, ...],
    graded: list[tuple[Response, Grade]],
) -> Tally:
    """Count `graded` responses for the reveal; `options` in the order the room saw them."""
    right = sum(1 for _, grade in graded if grade.correct)
    if question.kind in (QuestionKind.CHOICE, QuestionKind.TRUEFALSE, QuestionKind.MULTI):
        picks: Counter[str] = Counter()
        for response, _ in graded:
            if isinstance(response, frozenset | set):
                picks.update(response)
            elif isinstance(response, str):
                picks[response] += 1
        bars = tuple(Bar(c, picks[c], c in question.correct_choices) for c in options)
        wrong = [b for b in bars if not b.right and b.count]
        common = max(wrong, key=lambda b: b.count).label if wrong else ""
    else:
        groups: Counter[str] = Counter()
        shown: dict[str, str] = {}
        for response, grade in graded:
            if grade.correct:
                groups[RIGHT_GROUP] += 1
                continue
            text = response_text(question, response)
            key = normalise(text) if isinstance(response, str) else text
            groups[key] += 1
            shown.setdefault(key, text.strip() or "(empty)")
        bars = (Bar(f"Right ({question.answer_text})", groups[RIGHT_GROUP], True),)
        ranked = sorted(
            (key for key in groups if key != RIGHT_GROUP), key=lambda k: (-groups[k], shown[k])
        )
        bars += tuple(Bar(shown[key], groups[key], False) for key in ranked)
        common = shown[ranked[0]] if ranked else ""
    return Tally(
        question_id=question.id,
        bars=bars,
        answered=len(graded),
        right=right,
        answer=question.answer_text,
        explanation=question.explanation,
        common_wrong=common,
        why_wrong=question.why_wrong.get(common, "") if common else "",
        notes=tuple(
            (choice, note)
            for choice, note in question.why_wrong.items()
            if choice not in question.correct_choices
        ),
    )
