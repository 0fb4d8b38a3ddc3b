"""Question banks: the YAML format, its validation and the deck model (no UI)."""

from quizapp.bank.loader import (
    BankNotFound,
    bundled_banks_dir,
    find_bank_files,
    load_deck,
    load_decks,
)
from quizapp.bank.model import Deck, DeckSettings, Difficulty, Question, QuestionKind, Source
from quizapp.bank.problems import BankError, Problem, Severity

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
