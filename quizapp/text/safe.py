"""The one boundary that text from outside crosses on its way to a terminal, a sheet or a page.

Banks, student names, typed answers, file names and whatever the results
database holds all come from outside. A terminal acts on some characters
instead of showing them: ESC starts a control sequence (`ESC ] 52` writes the
clipboard, `ESC ] 0` sets the window title, `ESC [ 2 J` clears the screen), the
C1 controls do the same in one byte, and a bidi override (U+202E) reverses the
text that follows it. A spreadsheet runs a cell that begins with `=` as a
formula. So every such string is shown through one of the helpers here:

* `for_terminal(text)` makes control characters visible (ESC becomes ␛, the
  C1 controls become �), drops bidi embeddings, overrides and isolates, and
  keeps line breaks only where the field allows them (`lines=True`);
* `csv_cell(value)` also neutralises a cell that a spreadsheet would run, as
  OWASP recommends for CSV injection (a leading `'`), numbers excepted;
* `json_text(data)` is `json.dumps` with the characters JSON leaves raw (C1,
  DEL, bidi controls, line separators) escaped too;
* `echo(text)` prints through `for_terminal`: the command line's only way out.

The Textual UI goes through `quizapp.ui.text`, which builds on `for_terminal`.
`unsafe_characters` lets the validator tell a teacher where such a character
hides in a bank.
"""

from __future__ import annotations

import re
import sys
import unicodedata
from typing import Any, TextIO

BIDI_CONTROLS = frozenset(range(0x202A, 0x202F)) | frozenset(range(0x2066, 0x206A))
"""Embeddings, overrides and isolates: each can reorder the text that follows it."""

REPLACEMENT = "\ufffd"
"""Shown for a C1 control or a lone surrogate: there is no picture for them."""

_CONTROL_NAMES = {
    0x00: "NUL",
    0x07: "BEL",
    0x08: "BACKSPACE",
    0x09: "TAB",
    0x0A: "LINE FEED",
    0x0B: "VERTICAL TAB",
    0x0C: "FORM FEED",
    0x0D: "CARRIAGE RETURN",
    0x1B: "ESC",
    0x7F: "DELETE",
    0x9B: "CSI",
    0x9D: "OSC",
}


def _table(lines: bool) -> dict[int, str | None]:
    """What each unsafe character becomes, for `str.translate`."""
    table: dict[int, str | None] = {}
    for code in range(0x20):
        table[code] = chr(0x2400 + code)  # ␀ … ␟, the Unicode control pictures
    table[0x09] = " "  # a tab is only whitespace
    if lines:
        table[0x0A] = None  # kept: see _keep_line_breaks
    table[0x7F] = "\u2421"  # ␡
    for code in range(0x80, 0xA0):
        table[code] = REPLACEMENT
    for code in BIDI_CONTROLS:
        table[code] = ""
    separator = "\n" if lines else " "
    table[0x2028] = separator
    table[0x2029] = separator
    for code in range(0xD800, 0xE000):
        table[code] = REPLACEMENT
    return {code: value for code, value in table.items() if value is not None}


_ONE_LINE = _table(lines=False)
_MANY_LINES = _table(lines=True)
_UNSAFE = re.compile("[\x00-\x1f\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069\ud800-\udfff]")
"""Anything `for_terminal` would change, for a fast "nothing to do" check."""


def for_terminal(text: str, *, lines: bool = False) -> str:
    """`text` with nothing a terminal would act on: shown, never obeyed.

    With `lines=True` a line break stays a line break (Windows' CR LF counts
    as one); otherwise it is shown as ␊ like any other control character.
    """
    if not _UNSAFE.search(text):
        return text
    if lines:
        return text.replace("\r\n", "\n").translate(_MANY_LINES)
    return text.translate(_ONE_LINE)


def unsafe_characters(text: str, *, lines: bool = True) -> list[str]:
    """Each character of `text` that `for_terminal` would change, described for a person.

    Tabs and line breaks are whitespace, not threats, and are not listed.
    """
    found = []
    for char in dict.fromkeys(_UNSAFE.findall(text)):
        code = ord(char)
        if code == 0x09 or (lines and code in (0x0A, 0x0D)):
            continue
        found.append(describe_character(char))
    return found


def describe_character(char: str) -> str:
    """`U+001B (ESC)`, `U+202E (RIGHT-TO-LEFT OVERRIDE)`."""
    code = ord(char)
    name = _CONTROL_NAMES.get(code) or unicodedata.name(char, "")
    if not name and 0x80 <= code <= 0x9F:
        name = "C1 control"
    return f"U+{code:04X} ({name})" if name else f"U+{code:04X}"


_SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
"""A cell starting with one of these is read as a formula by Excel, LibreOffice and Sheets."""

_PLAIN_NUMBER = re.compile(r"[-+]?(?:\d+(?:[.,]\d+)*|\.\d+)(?:[eE][-+]?\d+)?%?")


def csv_cell(value: object) -> object:
    """A value that a spreadsheet shows and never runs.

    Text beginning with `= + - @`, a tab or a carriage return (after any
    leading spaces, which some spreadsheets skip) gets a leading `'`, as
    OWASP's advice on CSV injection says; text that is a plain number such as
    `-5` or `+2.5` is left alone, and so are numbers. Control characters are
    made visible as for a terminal; line breaks stay (the CSV writer quotes
    them).

    The cell is judged both as given (a tab or CR becomes a space or ␍ in
    the cell) and as written: dropping a bidi control must not uncover a
    formula, as `U+202E =1+1` would become `=1+1`.
    """
    if not isinstance(value, str):
        return value
    cell = for_terminal(value, lines=True)
    risky = any(text.lstrip(" ").startswith(_SPREADSHEET_TRIGGERS) for text in (value, cell))
    if risky and not _PLAIN_NUMBER.fullmatch(cell.strip()):
        return "'" + cell
    return cell


_JSON_RAW = re.compile("[\x7f-\x9f\u2028\u2029\u202a-\u202e\u2066-\u2069]")


def json_text(data: Any, *, indent: int | None = 2) -> str:
    """`data` as JSON: readable Unicode, with every character a terminal acts on escaped.

    `json.dumps` escapes C0 controls but leaves C1 controls, DEL, bidi
    controls and line separators raw; these can only stand inside strings,
    so escaping them there keeps the JSON valid and the same data.
    """
    import json  # only the commands that write JSON need it, never the quiz's first frame

    text = json.dumps(data, indent=indent, ensure_ascii=False)
    return _JSON_RAW.sub(lambda match: f"\\u{ord(match.group()):04x}", text)


def echo(text: str = "", *, err: bool = False, stream: TextIO | None = None) -> None:
    """Print a line for a person: through `for_terminal`, line breaks kept."""
    out = stream or (sys.stderr if err else sys.stdout)
    out.write(for_terminal(text, lines=True) + "\n")
