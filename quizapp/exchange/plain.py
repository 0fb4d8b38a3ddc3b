"""Text from another tool's file, made fit for a bank: no control characters, no HTML.

Imported files come from outside. A bank keeps text as text (quizapp shows
it literally, never as markup), but a control character or a bidi override
would be refused by the validator, so it is taken out here and the import
says so. HTML (GIFT's `[html]`, Moodle XML's question text) is reduced to
its plain text: tags dropped, entities decoded, block ends as line breaks.
"""

from __future__ import annotations

import html
import re
from html.parser import HTMLParser

from quizapp.text.safe import unsafe_characters

_UNSAFE = re.compile(
    "[\x00-\x08\x0b-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]"
)
"""What a bank may not hold: C0 and C1 controls (tab and line feed aside), line and
paragraph separators, bidi overrides and isolates, lone surrogates."""


def plain_text(text: str) -> tuple[str, list[str]]:
    """`text` without the characters a bank may not hold, and the names of those removed."""
    found = unsafe_characters(text.replace("\t", " ").replace("\r\n", "\n"))
    if not found:
        return text.replace("\r\n", "\n"), []
    return _UNSAFE.sub("", text.replace("\r\n", "\n").replace("\r", "\n")), found


class _TextOnly(HTMLParser):
    BLOCKS = frozenset({"p", "div", "br", "li", "tr", "h1", "h2", "h3", "h4", "h5", "h6"})

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.skipping = 0

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        if tag in ("script", "style"):
            self.skipping += 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_endtag(self, tag: str) -> None:
        if tag in ("script", "style") and self.skipping:
            self.skipping -= 1
        elif tag in self.BLOCKS:
            self.parts.append("\n")

    def handle_data(self, data: str) -> None:
        if not self.skipping:
            self.parts.append(data)


def html_to_text(markup: str) -> str:
    """The text a browser would show of `markup`, as plain lines (never markup again)."""
    parser = _TextOnly()
    parser.feed(markup)
    parser.close()
    text = html.unescape("".join(parser.parts))
    lines = [" ".join(line.split()) for line in text.split("\n")]
    return "\n".join(line for line in lines if line).strip()
