"""What a student's process is told of a question before the reveal: never its answer.

A live room sends each question to the students as a small dict: its id,
type, prompt and the options in the room's seeded order. The right choice,
the accepted spellings, the number, the explanation and `why_wrong` stay in
the host's process until the teacher reveals (`quizapp.live.tally`), so
even a student who reads the store directly learns nothing early.
"""

from __future__ import annotations

from typing import Any

from quizapp.bank.model import Question, QuestionKind

LIVE_KINDS = frozenset(
    {
        QuestionKind.CHOICE,
        QuestionKind.TRUEFALSE,
        QuestionKind.MULTI,
        QuestionKind.TEXT,
        QuestionKind.NUMBER,
        QuestionKind.ORDER,
    }
)
"""The types a live room asks. Cloze and match questions are left out of live rounds: their
blanks and pairs take several steps each, too slow for a question the whole room answers at
once (the host says how many it left out)."""


def public_question(
    question: Question, options: tuple[str, ...], position: int, count: int
) -> dict[str, Any]:
    """The question as students see it: no right answer, explanation, hint or why_wrong."""
    shown: dict[str, Any] = {
        "id": question.id,
        "kind": question.kind.value,
        "prompt": question.prompt,
        "position": position,
        "count": count,
        "points": question.points,
    }
    if question.kind in (QuestionKind.CHOICE, QuestionKind.TRUEFALSE, QuestionKind.MULTI):
        shown["choices"] = list(options)
    if question.kind is QuestionKind.ORDER:
        shown["items"] = list(options)
    if question.kind is QuestionKind.NUMBER and question.unit:
        shown["unit"] = question.unit
    return shown


def student_question(shown: dict[str, Any]) -> Question:
    """A `Question` a student's answer widget can draw, built from the public part only.

    Its answer fields are empty on purpose: the student's process cannot
    grade, it only collects the response; the host grades at the reveal.
    """
    kind = QuestionKind(shown["kind"])
    choices = tuple(str(c) for c in shown.get("choices", ()))
    items = tuple(str(i) for i in shown.get("items", ()))
    return Question(
        id=str(shown["id"]),
        kind=kind,
        prompt=str(shown["prompt"]),
        points=float(shown.get("points", 1.0)),
        choices=choices,
        items=items,
        unit=str(shown.get("unit", "")),
    )
