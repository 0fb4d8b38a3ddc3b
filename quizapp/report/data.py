"""The reports as JSON for scripts, through `json_text` (what a terminal acts on is escaped)."""

from __future__ import annotations

from collections.abc import Sequence
from typing import Any

from quizapp.report import Summary
from quizapp.report.values import answer_fields
from quizapp.store.reports import AnswerRow, Gradebook
from quizapp.text.safe import json_text


def _percent(value: float | None) -> float | None:
    return None if value is None else round(value, 1)


def summary_data(summary: Summary) -> dict[str, Any]:
    return {
        "period": summary.period or None,
        "decks": [
            {
                "deck": section.deck.deck_id,
                "title": section.deck.title,
                "source": section.deck.source or None,
                "as_of": section.deck.as_of,
                "students": [
                    {
                        "name": s.name,
                        "rounds": s.rounds,
                        "finished": s.finished,
                        "abandoned": s.abandoned,
                        "best_percent": _percent(s.best_percent),
                        "latest_percent": _percent(s.latest_percent),
                        "last_seen": s.last_seen.isoformat() if s.last_seen else None,
                        "overruled": s.overruled,
                        "seeds": list(s.seeds),
                    }
                    for s in section.students
                ],
                "not_played": list(section.not_played),
                "questions": [
                    {
                        "question": q.question_id,
                        "topic": q.topic,
                        "prompt": q.prompt,
                        "answered": q.answered,
                        "right_first_try": q.right,
                        "percent_right_first_try": round(q.percent_right, 1),
                        "most_common_wrong_answer": q.common_wrong or None,
                        "times_given": q.common_wrong_count,
                        "overruled": q.overruled,
                        "wording_changed": q.changed,
                    }
                    for q in section.questions
                ],
            }
            for section in summary.sections
        ],
    }


def summary(summary: Summary) -> str:
    return json_text(summary_data(summary)) + "\n"


def gradebook(books: Sequence[Gradebook]) -> str:
    return (
        json_text(
            [
                {
                    "deck": book.deck.deck_id,
                    "title": book.deck.title,
                    "questions": [
                        {"question": q.question_id, "prompt": q.prompt, "points": q.points}
                        for q in book.questions
                    ],
                    "students": [
                        {
                            "name": row.name,
                            "credits": {
                                q.question_id: c
                                for q, c in zip(book.questions, row.credits, strict=True)
                            },
                            "points": round(row.points, 3),
                            "max_points": round(row.max_points, 3),
                            "percent": round(row.percent, 1),
                            "overruled": list(row.overruled),
                        }
                        for row in book.rows
                    ],
                }
                for book in books
            ]
        )
        + "\n"
    )


def answers(rows: Sequence[AnswerRow]) -> str:
    return json_text([answer_fields(r) for r in rows]) + "\n"
