"""The one way bank text reaches the screen: literally, never as markup.

Textual reads `[...]` in plain strings as markup, so a prompt such as
`a [/] b` would crash a widget and `[@click=app.quit]x[/]` would run an
action. Every string from a bank goes through `literal` or is substituted
into a template with `template`, which keeps it as plain text.
"""

from __future__ import annotations

from textual.content import Content


def literal(text: str) -> Content:
    """Bank text shown exactly as written."""
    return Content(text)


def template(markup: str, **values: object) -> Content:
    """Our own markup with bank text substituted as plain text (`$name`)."""
    return Content.from_markup(markup, **{key: str(value) for key, value in values.items()})
