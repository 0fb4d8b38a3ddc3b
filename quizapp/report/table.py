"""The reports as terminal tables: columns sized to their content, the last one wrapped.

Every cell is shown on one line through `for_terminal` (a line break in a
name shows as ␊), and widths count display cells, so Korean and Chinese
names line up.
"""

from __future__ import annotations

import shutil
import textwrap
from collections.abc import Sequence

from quizapp.report import Summary
from quizapp.report.values import credit, flags, local_time, percent
from quizapp.store.reports import AnswerRow, Gradebook
from quizapp.text.safe import for_terminal
from quizapp.text.width import cell_width, fit, pad
from quizapp.text.wording import format_points, plural

OVERRULED = "⚑"
"""Marks a gradebook cell whose answer the student overruled."""
WIDEST_CELL = 40
"""No column but the last grows wider than this (a long name is cut with …)."""


def _terminal_width() -> int:
    return max(shutil.get_terminal_size((100, 24)).columns, 60)


def table(headers: Sequence[str], rows: Sequence[Sequence[str]], wrap_last: int = 0) -> list[str]:
    """Lines of a table; with `wrap_last`, the last column wraps at that many cells."""
    body = []
    for row in rows:
        shown = [for_terminal(cell) for cell in row]
        last = shown[-1] if wrap_last else fit(shown[-1], WIDEST_CELL)
        body.append([*(fit(cell, WIDEST_CELL) for cell in shown[:-1]), last])
    widths = [
        max([cell_width(h), *(cell_width(r[i]) for r in body)]) for i, h in enumerate(headers)
    ]
    if wrap_last:
        widths[-1] = max(min(widths[-1], wrap_last), 10)
    lines = ["  ".join(pad(h, w) for h, w in zip(headers, widths, strict=True)).rstrip()]
    for row in body:
        head = "  ".join(pad(cell, w) for cell, w in zip(row[:-1], widths[:-1], strict=True))
        tail = (textwrap.wrap(row[-1], widths[-1]) if wrap_last else [row[-1]]) or [""]
        lines.append(f"{head}  {tail[0]}".rstrip())
        indent = " " * (cell_width(head) + 2)
        lines.extend(f"{indent}{more}" for more in tail[1:])
    return lines


def summary(summary: Summary) -> str:
    lines: list[str] = []
    if summary.period:
        lines += [f"Results {summary.period}", ""]
    for section in summary.sections:
        deck = section.deck
        lines += [f"Deck: {deck.title} ({deck.deck_id})", ""]
        lines += table(
            ("Student", "Rounds", "Finished", "Abandoned", "Best", "Latest", "Overruled",
             "Last seen", "Seeds (replay with --seed N)"),
            [
                (s.name, str(s.rounds), str(s.finished), str(s.abandoned),
                 percent(s.best_percent), percent(s.latest_percent), str(s.overruled or ""),
                 local_time(s.last_seen), " ".join(str(seed) for seed in s.seeds))
                for s in section.students
            ],
            wrap_last=30,
        )  # fmt: skip
        if section.not_played:
            lines += ["", f"Not played yet: {', '.join(section.not_played)}"]
        lines += ["", "Questions, hardest first (right at first try in regular rounds)", ""]
        rows = []
        for q in section.questions:
            wrong = f"{q.common_wrong} (×{q.common_wrong_count})" if q.common_wrong else "-"
            note = " [wording changed]" if q.changed else ""
            overruled = f" [{plural(q.overruled, 'overrule')}]" if q.overruled else ""
            rows.append(
                (percent(q.percent_right), f"{q.right}/{q.answered}", q.question_id,
                 f"{q.prompt}{note}{overruled} → most common wrong answer: {wrong}")
            )  # fmt: skip
        fixed = 6 + sum(
            max([len(h), *(cell_width(r[i]) for r in rows)])
            for i, h in enumerate(("Right", "n", "Question"))
        )
        lines += table(
            ("Right", "n", "Question", "Prompt and misconception"),
            rows,
            wrap_last=max(_terminal_width() - fixed, 30),
        )
        lines.append("")
    return _shown(lines)


def _shown(lines: list[str]) -> str:
    """The table's text as a terminal may show it (a title or a name can carry anything)."""
    return for_terminal("\n".join(lines).rstrip("\n"), lines=True) + "\n"


def gradebook(books: Sequence[Gradebook]) -> str:
    lines: list[str] = []
    for book in books:
        lines += [
            f"Gradebook: {book.deck.title} ({book.deck.deck_id}) · first try at each question, "
            "in regular rounds (blank: never answered)",
            "",
        ]
        headers = ("Student", *(q.question_id for q in book.questions), "Total", "Score")
        rows = [
            (row.name,
             *(credit(c) + (OVERRULED if q.question_id in row.overruled else "")
               for q, c in zip(book.questions, row.credits, strict=True)),
             f"{format_points(row.points)}/{format_points(row.max_points)}", percent(row.percent))
            for row in book.rows
        ]  # fmt: skip
        lines += table(headers, rows)
        if any(row.overruled for row in book.rows):
            lines.append(f"{OVERRULED} the student overruled the marking (“I was right”)")
        lines.append("")
    return _shown(lines)


def answers(rows: Sequence[AnswerRow]) -> str:
    lines = table(
        ("Time", "Student", "Deck", "Question", "Round", "Credit", "Seconds", "Also", "Response"),
        [
            (local_time(r.answered_at), r.student, r.deck_id, r.question_id, str(r.round_number),
             credit(r.credit), f"{r.seconds:.1f}", flags(r), r.response)
            for r in rows
        ],
        wrap_last=40,
    )  # fmt: skip
    return _shown(lines)
