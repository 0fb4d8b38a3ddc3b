"""`quizapp report`: what the class got wrong, as a table, CSV or JSON.

Plain Python (no Textual): it reads the results store through
`quizapp.store.reports` and only formats. Names, prompts and answers come
from students and banks, so every cell goes through the boundary in
`quizapp.text.safe`: the table shows control characters as pictures, CSV
cells cannot run as spreadsheet formulas, and JSON escapes what a terminal
would act on.
"""

from __future__ import annotations

import csv
import io
import shutil
import textwrap
from collections.abc import Sequence
from typing import TYPE_CHECKING, Any

from quizapp.text.safe import csv_cell, for_terminal, json_text

if TYPE_CHECKING:
    from quizapp.store.reports import QuestionSummary, StudentSummary

FORMATS = ("table", "csv", "json")

CSV_COLUMNS = (
    "section",
    "student",
    "rounds",
    "best_percent",
    "latest_percent",
    "last_seen",
    "seeds",
    "deck",
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


def _percent(value: float | None) -> str:
    return "" if value is None else f"{value:.0f}%"


def _when(student: StudentSummary) -> str:
    return student.last_seen.astimezone().strftime("%Y-%m-%d %H:%M") if student.last_seen else ""


def render(
    students: Sequence[StudentSummary], questions: Sequence[QuestionSummary], form: str
) -> str:
    """The report in one of `FORMATS`."""
    if form == "csv":
        return render_csv(students, questions)
    if form == "json":
        return json_text(as_json(students, questions)) + "\n"
    return render_table(students, questions)


def as_json(
    students: Sequence[StudentSummary], questions: Sequence[QuestionSummary]
) -> dict[str, Any]:
    return {
        "students": [
            {
                "name": s.name,
                "rounds": s.attempts,
                "best_percent": s.best_percent,
                "latest_percent": s.latest_percent,
                "last_seen": s.last_seen.isoformat() if s.last_seen else None,
                "seeds": list(s.seeds),
            }
            for s in students
        ],
        "questions": [
            {
                "deck": q.deck_id,
                "question": q.question_id,
                "topic": q.topic,
                "prompt": q.prompt,
                "answered": q.answered,
                "right_first_try": q.right,
                "percent_right_first_try": round(q.percent_right, 1),
                "most_common_wrong_answer": q.common_wrong or None,
                "times_given": q.common_wrong_count,
                "wording_changed": q.changed,
            }
            for q in questions
        ],
    }


class _SafeRows:
    """A CSV writer whose every cell passes through `csv_cell` first."""

    def __init__(self, out: io.StringIO) -> None:
        self.writer = csv.DictWriter(out, fieldnames=CSV_COLUMNS, lineterminator="\n")
        self.writer.writeheader()

    def writerow(self, row: dict[str, Any]) -> None:
        self.writer.writerow({key: csv_cell(value) for key, value in row.items()})


def render_csv(students: Sequence[StudentSummary], questions: Sequence[QuestionSummary]) -> str:
    out = io.StringIO()
    writer = _SafeRows(out)
    for s in students:
        writer.writerow(
            {
                "section": "student",
                "student": s.name,
                "rounds": s.attempts,
                "best_percent": "" if s.best_percent is None else round(s.best_percent, 1),
                "latest_percent": "" if s.latest_percent is None else round(s.latest_percent, 1),
                "last_seen": s.last_seen.isoformat() if s.last_seen else "",
                "seeds": " ".join(str(seed) for seed in s.seeds),
            }
        )
    for q in questions:
        writer.writerow(
            {
                "section": "question",
                "deck": q.deck_id,
                "question": q.question_id,
                "topic": q.topic,
                "prompt": q.prompt,
                "answered": q.answered,
                "percent_right_first_try": round(q.percent_right, 1),
                "most_common_wrong_answer": q.common_wrong,
                "times_given": q.common_wrong_count or "",
                "wording_changed": "yes" if q.changed else "",
            }
        )
    return out.getvalue()


def _table(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap_last: int) -> list[str]:
    """Columns sized to their content; the last column wraps at `wrap_last` characters.

    Cells are shown one line each (a line break in a name shows as ␊).
    """
    rows = [[for_terminal(cell) for cell in row] for row in rows]
    widths = [
        max(len(h), *(len(r[i]) for r in rows)) if rows else len(h) for i, h in enumerate(headers)
    ]
    widths[-1] = min(widths[-1], wrap_last)
    lines = ["  ".join(h.ljust(w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in rows:
        tail = textwrap.wrap(row[-1], widths[-1]) or [""]
        head = "  ".join(cell.ljust(w) for cell, w in zip(row[:-1], widths[:-1], strict=True))
        lines.append(f"{head}  {tail[0]}".rstrip())
        indent = " " * (len(head) + 2)
        lines.extend(f"{indent}{more}" for more in tail[1:])
    return lines


def render_table(students: Sequence[StudentSummary], questions: Sequence[QuestionSummary]) -> str:
    width = max(shutil.get_terminal_size((100, 24)).columns, 60)
    lines = ["Students", ""]
    lines += _table(
        ("Student", "Rounds", "Best", "Latest", "Last seen", "Seeds (replay with --seed N)"),
        [
            (
                s.name,
                str(s.attempts),
                _percent(s.best_percent),
                _percent(s.latest_percent),
                _when(s),
                " ".join(str(seed) for seed in s.seeds),
            )
            for s in students
        ],
        wrap_last=30,
    )
    lines += ["", "Questions, hardest first (right at first try in regular rounds)", ""]
    rows = []
    for q in questions:
        wrong = f"{q.common_wrong} (×{q.common_wrong_count})" if q.common_wrong else "-"
        flag = " [wording changed]" if q.changed else ""
        rows.append(
            (
                _percent(q.percent_right),
                f"{q.right}/{q.answered}",
                q.question_id,
                f"{q.prompt}{flag} → most common wrong answer: {wrong}",
            )
        )
    fixed = (
        sum(
            max(len(h), *(len(r[i]) for r in rows)) if rows else len(h)
            for i, h in enumerate(("Right", "n", "Question"))
        )
        + 6
    )
    lines += _table(
        ("Right", "n", "Question", "Prompt and misconception"),
        rows,
        wrap_last=max(width - fixed, 30),
    )
    return "\n".join(lines) + "\n"
