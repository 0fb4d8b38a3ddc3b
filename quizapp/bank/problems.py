"""Problems found in a bank, and the one error type that carries them.

Every way a bank can be wrong ends up as a `Problem` with a file, a line
and a message written for the teacher who has to fix it; callers never see
a YAML or Python exception.
"""

from __future__ import annotations

from dataclasses import dataclass
from enum import StrEnum


class Severity(StrEnum):
    """Errors stop a quiz from starting; warnings only advise."""

    ERROR = "error"
    WARNING = "warning"


@dataclass(frozen=True)
class Problem:
    """One thing wrong with a bank, located as precisely as we can."""

    file: str
    """The bank file as the user named it."""
    line: int | None
    """1-based line, when known."""
    message: str
    """What is wrong and how to fix it."""
    question_id: str | None = None
    """The question concerned, or None for deck-level problems."""
    severity: Severity = Severity.ERROR

    def __str__(self) -> str:
        where = f"{self.file}:{self.line}" if self.line else self.file
        prefix = "warning: " if self.severity is Severity.WARNING else ""
        if self.question_id:
            return f"{where}: question {self.question_id}: {prefix}{self.message}"
        return f"{where}: {prefix}{self.message}"


class BankError(Exception):
    """A bank (or several) could not be loaded; `problems` says why."""

    def __init__(self, problems: list[Problem]) -> None:
        self.problems = problems
        super().__init__("\n".join(str(p) for p in problems))
