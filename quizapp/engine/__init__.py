"""The scoring engine and answer matching: plain Python, no UI.

Names are loaded on first use, so that a command importing one module does
not pay for the others.
"""

from __future__ import annotations

from importlib import import_module
from typing import TYPE_CHECKING, Any

_HOMES = {
    "Grade": "grading",
    "Response": "grading",
    "grade": "grading",
    "Answer": "session",
    "AskedQuestion": "session",
    "Mode": "session",
    "QuizSession": "session",
    "RoundError": "session",
    "RoundOptions": "session",
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


def __getattr__(name: str) -> Any:
    if name not in _HOMES:
        raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
    return getattr(import_module(f"{__name__}.{_HOMES[name]}"), name)


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
