"""The one way text reaches the screen: literally, never as markup or as control codes.

Textual reads `[...]` in plain strings as markup, so a prompt such as
`a [/] b` would crash a widget and `[@click=app.quit]x[/]` would run an
action; and it writes control characters to the terminal as they are, so a
student name holding `ESC ] 52` would write the teacher's clipboard. Every
string a widget shows is built here:

* `literal(text)` — text shown exactly as written, through
  `quizapp.text.safe.for_terminal`;
* `template(markup, name=value)` — our own markup with such text put in as
  plain text (`$name`);
* `cell(text)` — the same for a DataTable cell, which measures Rich text;
* `in_style(text, style)` — text shown as written, in a style of ours
  (`"bold $accent"`: theme variables are looked up when it is drawn);
* `with_click(content, action)` — content that runs one of our actions when
  clicked (the keys of the key bar).

`tests/test_untrusted_text_boundary.py` reads the UI's source to check that
no widget is given text any other way.
"""

from __future__ import annotations

from rich.text import Text
from textual.content import Content
from textual.style import Style

from quizapp.text.safe import for_terminal


def literal(text: str, *, lines: bool = True) -> Content:
    """Text shown exactly as written; with `lines=False` a line break shows as ␊."""
    return Content(for_terminal(text, lines=lines))


def template(markup: str, **values: object) -> Content:
    """Our own markup with untrusted values substituted as plain text (`$name`)."""
    return Content.from_markup(
        markup, **{key: for_terminal(str(value), lines=True) for key, value in values.items()}
    )


def cell(text: object) -> Text:
    """A DataTable cell: one line, shown as written (Rich text: the table measures it)."""
    return Text(for_terminal(str(text)), no_wrap=True, overflow="ellipsis")


def in_style(text: str, style: str) -> Content:
    """Text shown as written, in one of our styles."""
    return Content.styled(for_terminal(text, lines=True), style)


def with_click(content: Content, action: str) -> Content:
    """`content` that runs `action` (ours, never from outside) when clicked."""
    return content.stylize(Style.from_meta({"@click": action}))
