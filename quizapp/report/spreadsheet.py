"""The reports as CSV for a spreadsheet: UTF-8, one header row, every cell through `csv_cell`.

A cell a spreadsheet would run as a formula (`=HYPERLINK(...)` typed as an
answer, say) starts with a `'`; numbers stay numbers.
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Sequence

from quizapp.report import Summary
from quizapp.report.values import answer_fields, credit, rounded
from quizapp.store.reports import AnswerRow, Gradebook
from quizapp.text.safe import csv_cell
from quizapp.text.wording import format_points

SUMMARY_COLUMNS = (
    "section",
    "deck",
    "student",
    "rounds",
    "finished",
    "abandoned",
    "best_percent",
    "latest_percent",
    "last_seen",
    "overruled",
    "seeds",
    "question",
    "topic",
    "prompt",
    "answered",
    "percent_right_first_try",
    "most_common_wrong_answer",
    "times_given",
    "wording_changed",
)
"""One header row for both parts; `section` says which part a row belongs to."""

ANSWER_COLUMNS = (
    "time",
    "student",
    "deck",
    "question",
    "round",
    "round_id",
    "round_kind",
    "response",
    "correct",
    "credit",
    "hint_used",
    "skipped",
    "timed_out",
    "overruled",
    "first_try",
    "seconds",
    "set_aside",
)


def _csv(columns: Sequence[str], rows: Iterable[dict[str, object]]) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=list(columns), lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({key: csv_cell(value) for key, value in row.items()})
    return out.getvalue()


def _yes(flag: bool) -> str:
    return "yes" if flag else ""


def summary(summary: Summary) -> str:
    rows: list[dict[str, object]] = []
    for section in summary.sections:
        deck = section.deck.deck_id
        for s in section.students:
            rows.append(
                {
                    "section": "student",
                    "deck": deck,
                    "student": s.name,
                    "rounds": s.rounds,
                    "finished": s.finished,
                    "abandoned": s.abandoned,
                    "best_percent": rounded(s.best_percent),
                    "latest_percent": rounded(s.latest_percent),
                    "last_seen": s.last_seen.isoformat() if s.last_seen else "",
                    "overruled": s.overruled,
                    "seeds": " ".join(str(seed) for seed in s.seeds),
                }
            )
        for name in section.not_played:
            rows.append({"section": "student", "deck": deck, "student": name, "rounds": 0})
        for q in section.questions:
            rows.append(
                {
                    "section": "question",
                    "deck": deck,
                    "question": q.question_id,
                    "topic": q.topic,
                    "prompt": q.prompt,
                    "answered": q.answered,
                    "percent_right_first_try": round(q.percent_right, 1),
                    "overruled": q.overruled,
                    "most_common_wrong_answer": q.common_wrong,
                    "times_given": q.common_wrong_count or "",
                    "wording_changed": _yes(q.changed),
                }
            )
    return _csv(SUMMARY_COLUMNS, rows)


def gradebook(books: Sequence[Gradebook]) -> str:
    """One table per deck (a deck's questions are its columns), separated by a blank line."""
    parts = []
    for book in books:
        columns = [
            "student", *(q.question_id for q in book.questions), "total", "max", "percent",
            "overruled",
        ]  # fmt: skip
        rows = [
            {
                "student": row.name,
                **{
                    q.question_id: credit(c)
                    for q, c in zip(book.questions, row.credits, strict=True)
                },
                "total": format_points(row.points),
                "max": format_points(row.max_points),
                "percent": round(row.percent, 1),
                "overruled": " ".join(row.overruled),
            }
            for row in book.rows
        ]
        parts.append(_csv(columns, rows))
    return "\n".join(parts)


def answers(rows: Sequence[AnswerRow]) -> str:
    def cells(row: AnswerRow) -> dict[str, object]:
        fields = answer_fields(row)
        return {
            key: _yes(value) if isinstance(value, bool) else value for key, value in fields.items()
        } | {"credit": round(row.credit, 3), "seconds": round(row.seconds, 1)}

    return _csv(ANSWER_COLUMNS, (cells(r) for r in rows))
