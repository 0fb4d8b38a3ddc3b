"""The reports as one self-contained web page: to open, project in class, or print.

Nothing is loaded from elsewhere (no fonts, scripts or images): a classroom
may be offline, and a school may not allow it. The page is made with Jinja2
with autoescaping on, so a name such as `<script>` is shown, never run, and
every value also passes through `for_terminal`, which drops bidi overrides
(a browser would reverse the text after one).
"""

from __future__ import annotations

import datetime as dt
from collections.abc import Sequence
from functools import cache
from typing import Any

from quizapp import __version__
from quizapp.report import Summary
from quizapp.report.values import credit, flags, local_time, percent
from quizapp.store.reports import AnswerRow, Gradebook
from quizapp.text.safe import for_terminal
from quizapp.text.wording import format_points


def _shown(value: Any) -> Any:
    """Every value on the page, just before it is escaped: no control or bidi characters."""
    return for_terminal(value, lines=True) if isinstance(value, str) else value


@cache
def _environment() -> Any:
    import jinja2

    environment = jinja2.Environment(
        loader=jinja2.PackageLoader("quizapp.report", "templates"),
        autoescape=True,
        finalize=_shown,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    environment.filters.update(
        percent=percent, credit=credit, when=local_time, flags=flags, points=format_points
    )
    return environment


def _render(template: str, **values: Any) -> str:
    made = dt.datetime.now().astimezone().strftime("%Y-%m-%d %H:%M")
    return _environment().get_template(template).render(version=__version__, made=made, **values)


def summary(summary: Summary) -> str:
    """Per deck: the hardest questions with their misconceptions, the gradebook, the overrules."""
    books = {book.deck.deck_id: book for book in summary.gradebooks}
    sections = [
        {
            "section": section,
            "book": books.get(section.deck.deck_id),
            "overrules": [
                a for a in summary.answers if a.overruled and a.deck_id == section.deck.deck_id
            ],
        }
        for section in summary.sections
    ]
    return _render("summary.html.j2", sections=sections, period=summary.period)


def gradebook(books: Sequence[Gradebook]) -> str:
    return _render("gradebook.html.j2", books=books)


def answers(rows: Sequence[AnswerRow]) -> str:
    return _render("answers.html.j2", rows=rows)
