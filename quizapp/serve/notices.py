"""What a browser tab is told when it gets no quiz, or its quiz ends badly.

The reason travels in the websocket's close frame: the served page shows it
in its "session ended" box (see `templates/index.html`), and any other client
can read it too. A close frame holds at most 123 bytes of reason, so each
notice is one short sentence; the details go to the teacher's terminal.
"""

from __future__ import annotations

import re

from quizapp.text.safe import for_terminal
from quizapp.text.wording import plural

ROOM_FULL = 1013
"""Close code "try again later": the server is at `--max-sessions`."""
QUIZ_FAILED = 1011
"""Close code "internal error": the quiz could not start, or stopped with an error."""
SERVER_STOPPING = 1001
"""Close code "going away": the teacher stopped the server."""

MAX_REASON_BYTES = 123
"""RFC 6455: a close frame's payload is at most 125 bytes, 2 of them the code."""

_ESCAPE_SEQUENCE = re.compile(r"\x1b(?:\[[0-?]*[ -/]*[@-~]|\][^\x07\x1b]*(?:\x07|\x1b\\)?|.)")


def reason(text: str) -> str:
    """`text` cut to fit a close frame, at a character boundary, marked with `…`."""
    if len(text.encode("utf-8")) <= MAX_REASON_BYTES:
        return text
    room = MAX_REASON_BYTES - len("…".encode())
    return text.encode("utf-8")[:room].decode("utf-8", "ignore").rstrip() + "…"


def room_full(max_sessions: int) -> str:
    """For the tab after the last one the room holds."""
    return reason(
        f"The room is full: {plural(max_sessions, 'quiz', 'quizzes')} running. "
        "Try again in a minute, or ask your teacher."
    )


def could_not_start(error_output: str) -> str:
    """For a tab whose quiz exited before drawing: its own last line says why."""
    return reason(f"The quiz could not start. Tell your teacher: {last_line(error_output)}")


def stopped_with_error(error_output: str) -> str:
    """For a tab whose quiz was drawing and then exited with an error."""
    return reason(f"The quiz stopped with an error. Tell your teacher: {last_line(error_output)}")


def parent_stopped() -> str:
    """For a tab whose quiz was ended by the death of its pre-warmed parent (a new one is up)."""
    return reason(
        "The quiz stopped: the server had to restart its quiz starter. "
        "Reload the page to go on; your answers are saved."
    )


def server_stopping() -> str:
    """For every tab still open when the teacher stops the server."""
    return "The teacher stopped the quiz server."


def last_line(error_output: str) -> str:
    """The last non-blank line a quiz printed, as plain text (colours and controls gone)."""
    lines = [line.strip() for line in _ESCAPE_SEQUENCE.sub("", error_output).splitlines()]
    found = next((line for line in reversed(lines) if line), "no message")
    return for_terminal(found)
