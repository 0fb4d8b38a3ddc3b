"""quizapp: a terminal quiz for weekly current-events drills."""

__version__ = "0.1.0"
