"""The scoring engine and answer matching: plain Python, no UI."""

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
