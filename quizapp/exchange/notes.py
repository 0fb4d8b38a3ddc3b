"""What an import or an export tells the teacher: what it could not carry, and why.

A `Note` is one line of the command's output. An `ImportProblem` is a
construct so malformed that the file cannot be read on (the command says
FILE:LINE and exits 1, writing nothing).
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from quizapp.text.decoding import NotText, utf8_text


@dataclass(frozen=True)
class Note:
    """Something a format could not carry: where (FILE:LINE or `question ID`) and why."""

    where: str
    why: str

    def __str__(self) -> str:
        return f"{self.where}: {self.why}"


class ImportProblem(Exception):
    """The file cannot be read on: a malformed construct at `line` (1-based; None: the file)."""

    def __init__(self, line: int | None, message: str) -> None:
        self.line = line
        self.message = message
        super().__init__(message)


@dataclass(frozen=True)
class ImportSource:
    """A file to import: its name as the teacher gave it, and its bytes (read with a size limit)."""

    label: str
    data: bytes
    stem: str = ""
    """The file name without its suffix: a default deck id and title."""

    def text(self) -> str:
        """The file as UTF-8 text, or `ImportProblem` saying where it is not."""
        try:
            return utf8_text(self.data)
        except NotText as bad:
            raise ImportProblem(bad.line, f"{bad.detail}; save the file as UTF-8 text") from None


@dataclass
class ImportedBank:
    """A file read into bank data, with what could not be carried.

    `deck` is bank-shaped (the keys of a YAML bank; questions in file order).
    `comments` holds, per question index, lines written as YAML comments
    above that question: where the importer had to choose, it says so there.
    """

    deck: dict[str, Any]
    notes: list[Note] = field(default_factory=list)
    comments: dict[int, list[str]] = field(default_factory=dict)

    def comment(self, index: int, line: str) -> None:
        """Add a comment line above question `index` in the written bank."""
        self.comments.setdefault(index, []).append(line)


@dataclass(frozen=True)
class ExportedFile:
    """Another tool's file made from a deck, and every question (or part) it had to leave out."""

    data: bytes
    left_out: list[Note] = field(default_factory=list)
