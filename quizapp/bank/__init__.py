"""Question banks: the YAML format, its validation and the deck model (no UI).

Names are loaded on first use, so that importing `quizapp.bank.model` (as
the results store does) does not pay for the YAML reader and the validator.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp._lazy import lazy_names

_HOMES = {
    "BankNotFound": "loader",
    "bundled_banks_dir": "loader",
    "find_bank_files": "loader",
    "load_deck": "loader",
    "load_decks": "loader",
    "Deck": "model",
    "DeckSettings": "model",
    "Difficulty": "model",
    "Question": "model",
    "QuestionKind": "model",
    "Source": "model",
    "BankError": "problems",
    "Problem": "problems",
    "Severity": "problems",
}

__all__ = [
    "BankError",
    "BankNotFound",
    "Deck",
    "DeckSettings",
    "Difficulty",
    "Problem",
    "Question",
    "QuestionKind",
    "Severity",
    "Source",
    "bundled_banks_dir",
    "find_bank_files",
    "load_deck",
    "load_decks",
]


__getattr__ = lazy_names(__name__, _HOMES)


if TYPE_CHECKING:
    from quizapp.bank.loader import (
        BankNotFound,
        bundled_banks_dir,
        find_bank_files,
        load_deck,
        load_decks,
    )
    from quizapp.bank.model import Deck, DeckSettings, Difficulty, Question, QuestionKind, Source
    from quizapp.bank.problems import BankError, Problem, Severity
