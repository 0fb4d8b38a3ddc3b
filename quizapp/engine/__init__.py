"""The scoring engine and answer matching: plain Python, no UI.

Names are loaded on first use, so that a command importing one module does
not pay for the others.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp._lazy import lazy_names

_HOMES = {
    "Grade": "grading",
    "Response": "grading",
    "grade": "grading",
    "Answer": "session",
    "AskedQuestion": "session",
    "Mode": "options",
    "QuizSession": "session",
    "RoundError": "session",
    "RoundOptions": "options",
    "RoundResults": "session",
    "TopicResult": "session",
}

__all__ = [
    "Answer",
    "AskedQuestion",
    "Grade",
    "Mode",
    "QuizSession",
    "Response",
    "RoundError",
    "RoundOptions",
    "RoundResults",
    "TopicResult",
    "grade",
]


__getattr__ = lazy_names(__name__, _HOMES)


if TYPE_CHECKING:
    from quizapp.engine.grading import Grade, Response, grade
    from quizapp.engine.session import (
        Answer,
        AskedQuestion,
        Mode,
        QuizSession,
        RoundError,
        RoundOptions,
        RoundResults,
        TopicResult,
    )
