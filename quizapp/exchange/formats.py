"""Which formats `quizapp import` and `quizapp export` know, and how a file's format is told.

A format's module is imported only when a command uses it, so `import` of
a GIFT file never loads openpyxl or genanki.
"""

from __future__ import annotations

import importlib
from collections.abc import Callable
from dataclasses import dataclass
from pathlib import Path
from typing import TYPE_CHECKING

if TYPE_CHECKING:
    from quizapp.bank.model import Deck
    from quizapp.exchange.notes import ExportedFile, ImportedBank, ImportSource


@dataclass(frozen=True)
class Format:
    """One format: its name on the command line, its module, file suffixes, what it does."""

    name: str
    module: str
    suffixes: tuple[str, ...]
    reads: bool
    writes: bool
    description: str


FORMATS = (
    Format("gift", "gift", (".gift", ".txt"), True, True, "Moodle's GIFT text format"),
    Format("aiken", "aiken", (".txt",), True, False, "Aiken (question, A. B. C. choices, ANSWER:)"),
    Format("moodle-xml", "moodle_xml", (".xml",), True, True, "Moodle XML (<quiz>)"),
    Format(
        "csv",
        "spreadsheet",
        (".csv", ".tsv"),
        True,
        True,
        "CSV/TSV: quizapp's layout, or Quizlet's",
    ),
    Format("anki", "anki", (".apkg",), False, True, "an Anki deck package (.apkg)"),
    Format("kahoot", "kahoot", (".xlsx",), False, True, "Kahoot's question spreadsheet (.xlsx)"),
)
BY_NAME = {f.name: f for f in FORMATS}
IMPORT_FORMATS = tuple(f.name for f in FORMATS if f.reads)
EXPORT_FORMATS = tuple(f.name for f in FORMATS if f.writes)


def reader(name: str) -> Callable[[ImportSource], ImportedBank]:
    """The `read_bank` of format `name` (imported now)."""
    module = importlib.import_module(f"quizapp.exchange.{BY_NAME[name].module}")
    read: Callable[[ImportSource], ImportedBank] = module.read_bank
    return read


def writer(name: str) -> Callable[[Deck], ExportedFile]:
    """The `write_bank` of format `name` (imported now)."""
    module = importlib.import_module(f"quizapp.exchange.{BY_NAME[name].module}")
    write: Callable[[Deck], ExportedFile] = module.write_bank
    return write


def export_suffix(name: str) -> str:
    """The suffix an exported file of format `name` gets by default."""
    return BY_NAME[name].suffixes[0]


def detect_import_format(path: Path, data: bytes) -> str | None:
    """The format of a file to import, from its suffix and, where that is ambiguous, its text.

    `.txt` is GIFT or Aiken: Aiken's `ANSWER: X` lines and no GIFT braces
    tell them apart. None when nothing says (the command asks for --format).
    """
    suffix = path.suffix.lower()
    head = data[:65536].decode("utf-8", errors="replace")
    if suffix in (".gift",):
        return "gift"
    if suffix in (".xml",) or head.lstrip("\ufeff \t\r\n").startswith("<?xml") or "<quiz" in head:
        return "moodle-xml"
    if suffix in (".csv", ".tsv"):
        return "csv"
    if suffix == ".txt" or not suffix:
        has_answer_lines = any(
            line.strip().upper().startswith("ANSWER:") for line in head.splitlines()
        )
        if has_answer_lines and "{" not in head:
            return "aiken"
        if "{" in head:
            return "gift"
        lines = [line for line in head.splitlines() if line.strip()]
        if lines and all("\t" in line for line in lines):
            return "csv"  # Quizlet's export, copied into a .txt: term TAB definition
    return None
