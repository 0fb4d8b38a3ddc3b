"""The blanks of a cloze prompt: `Lee met Xi in {{Gyeongju|Kyongju}} in {{November}}.`

A blank is written `{{answer}}`, or `{{answer|also accepted|...}}`, on one
line; the first alternative is the one shown as the right answer. The student reads
the prompt with each blank replaced by a numbered gap (`[1 ____]`), so the
numbers a teacher uses in `choices:` are the ones on screen.

Parsing never stops at the first fault: each comes back with where it
stands in the text, so the validator can name its line.
"""

from __future__ import annotations

from dataclasses import dataclass

from quizapp.bank.model import BLANK_GAP

OPEN = "{{"
CLOSE = "}}"
SEPARATOR = "|"
SNIPPET_LENGTH = 24
"""How much of the text after a fault a message quotes, so the teacher can find it."""


@dataclass(frozen=True)
class ParsedBlanks:
    """A cloze prompt taken apart."""

    shown: str
    """The prompt as the student reads it: each blank a numbered gap."""
    blanks: tuple[tuple[str, ...], ...]
    """Each blank's alternatives, spaces tidied, in the order of the prompt."""
    faults: tuple[tuple[int, str], ...]
    """(offset in the text, message) for each fault: an unbalanced `{{` or `}}`, an empty blank."""


def parse_blanks(text: str) -> ParsedBlanks:
    """Find the blanks in `text`, and every fault in how they are written."""
    pieces: list[str] = []
    blanks: list[tuple[str, ...]] = []
    faults: list[tuple[int, str]] = []
    opened = 0
    """Blanks begun so far, closed or not: a fault names its blank as the teacher counts them."""
    position = 0
    while position < len(text):
        start = text.find(OPEN, position)
        stray = text.find(CLOSE, position)
        if stray != -1 and (start == -1 or stray < start):
            faults.append(
                (
                    stray,
                    f"'}}}}' closes no blank (at '{_snippet(text, stray)}'): remove it, "
                    "or open the blank with '{{'",
                )
            )
            pieces.append(text[position : stray + len(CLOSE)])
            position = stray + len(CLOSE)
            continue
        if start == -1:
            pieces.append(text[position:])
            break
        opened += 1
        end = text.find(CLOSE, start + len(OPEN))
        reopened = text.find(OPEN, start + len(OPEN))
        broken = text.find("\n", start, len(text) if end == -1 else end)
        if end == -1 or (reopened != -1 and reopened < end) or broken != -1:
            faults.append(
                (
                    start,
                    f"the blank at '{_snippet(text, start)}' is never closed: end it with '}}}}'",
                )
            )
            # Go on reading after the fault: from the next blank or line, whichever comes first.
            stops = [i for i in (reopened, broken + 1 if broken != -1 else -1) if i != -1]
            stop = min(stops) if stops else len(text)
            pieces.append(text[position:stop])
            position = stop
            continue
        number = opened
        inner = text[start + len(OPEN) : end]
        alternatives = tuple(" ".join(part.split()) for part in inner.split(SEPARATOR))
        if not any(alternatives):
            faults.append(
                (start, f"blank {number} is empty: write its answer between {{{{ and }}}}")
            )
        elif not all(alternatives):
            faults.append(
                (
                    start,
                    f"blank {number} ('{{{{{inner}}}}}') has an empty alternative: "
                    "remove the extra '|'",
                )
            )
        elif "{" in inner or "}" in inner:
            faults.append(
                (
                    start,
                    f"blank {number} ('{{{{{inner}}}}}') holds a brace; "
                    "a blank is written {{answer}}",
                )
            )
        blanks.append(alternatives)
        pieces.append(text[position:start])
        pieces.append(BLANK_GAP.format(number=number))
        position = end + len(CLOSE)
    return ParsedBlanks("".join(pieces), tuple(blanks), tuple(faults))


def _snippet(text: str, offset: int) -> str:
    """A few words of `text` from `offset` to the end of its line, to say where a fault is."""
    words = " ".join(text[offset:].split("\n", 1)[0].split())
    return words if len(words) <= SNIPPET_LENGTH else words[: SNIPPET_LENGTH - 1] + "…"


def line_in_text(text: str, offset: int) -> int:
    """Which line of `text` (0 for the first) `offset` stands on."""
    return text.count("\n", 0, offset)
