"""When quizapp itself fails: a short message for the person, the details in a file for IT.

Python's and Textual's tracebacks show code, and Textual's also shows the
values of local variables, which include the deck's answers. Neither may
reach a student's screen. So an unexpected error is written to a crash file
(type, message and the stack, never a local variable), and the screen gets
one line naming that file.
"""

from __future__ import annotations

import datetime as dt
import os
import tempfile
import traceback
from pathlib import Path

from quizapp import __version__


def write_crash_report(error: BaseException) -> Path | None:
    """Save what went wrong (no locals) to a file in the temporary folder; None if it cannot."""
    stamp = dt.datetime.now(dt.UTC).strftime("%Y%m%dT%H%M%SZ")
    lines = [
        f"quizapp {__version__} stopped at {stamp} (process {os.getpid()}).\n",
        "".join(traceback.format_exception(type(error), error, error.__traceback__)),
    ]
    try:
        handle, name = tempfile.mkstemp(prefix=f"quizapp-crash-{stamp}-", suffix=".txt")
        with os.fdopen(handle, "w", encoding="utf-8") as file:
            file.writelines(lines)
    except OSError:
        return None
    return Path(name)


def crash_message(error: BaseException) -> str:
    """One line for the screen: what failed, and where the details are."""
    report = write_crash_report(error)
    where = f"; details for your teacher or IT are in {report}" if report else ""
    return (
        f"quizapp: internal error ({type(error).__name__}){where}. "
        "Answers given so far are saved (or kept to be saved at the next start)."
    )
