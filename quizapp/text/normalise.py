"""The form in which two pieces of text are compared, and how far apart they are.

Typed answers, choices in the linter and student names are all compared in
this form, so it lives below the bank, the engine and the store (which all
use it):

* case, accents, punctuation and extra spaces never matter;
* typos are counted as insertions, deletions, substitutions and swaps of two
  neighbours (optimal string alignment).
"""

from __future__ import annotations

import unicodedata

MIN_LENGTH_FOR_TYPOS = 5
"""Answers shorter than this must be spelled exactly: one typo could make another word."""

_PUNCTUATION_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"})

_ACCENT_BLOCKS = (
    (0x0300, 0x036F),  # Combining Diacritical Marks: é, ñ, ü ...
    (0x1AB0, 0x1AFF),  # ... Extended
    (0x1DC0, 0x1DFF),  # ... Supplement
    (0x20D0, 0x20FF),  # ... for Symbols
    (0xFE20, 0xFE2F),  # Combining Half Marks
)
"""Accents that may be left off. Marks that change a letter in other scripts
(Japanese voicing marks, Indic vowel signs) are kept: カ is not ガ."""


def _is_accent(code: int) -> bool:
    return any(low <= code <= high for low, high in _ACCENT_BLOCKS)


class _CharacterFold(dict[int, str | None]):
    """What each character becomes when comparing answers, worked out once per character.

    Used with `str.translate`: accents are dropped, punctuation and spaces become
    a space, everything else stays. Filling the table on demand keeps start-up
    free of a scan of all of Unicode, and normalising 10,000 questions fast.
    """

    def __missing__(self, code: int) -> str | None:
        char = chr(code)
        if _is_accent(code):
            value: str | None = None
        elif char.isspace() or unicodedata.category(char) in _PUNCTUATION_CATEGORIES:
            value = " "
        else:
            value = char
        self[code] = value
        return value


_FOLD = _CharacterFold({ord("ı"): "i"})
"""Also: letters case-folding leaves apart from their capitals. Turkish dotless ı
upper-cases to I, which folds to i, so `KIRIKKALE` must match `Kırıkkale`."""


def _normalise_once(text: str) -> str:
    folded = text.casefold()
    if folded.isascii():
        kept = folded.translate(_FOLD)  # ASCII has no accents to decompose
    else:
        decomposed = unicodedata.normalize("NFKD", folded.translate({ord("ı"): "i"}))
        kept = decomposed.translate(_FOLD)
    return unicodedata.normalize("NFC", " ".join(kept.split()))


def normalise(text: str) -> str:
    """The form two answers are compared in: `  Café, Déjà-vu! ` -> `cafe deja vu`.

    Applied until nothing changes, so normalising twice equals normalising once
    even for the rare characters whose case-folding yields new accents.
    """
    result = _normalise_once(text)
    if text.isascii():
        return result  # ASCII text is settled after one pass
    for _ in range(4):
        again = _normalise_once(result)
        if again == result:
            break
        result = again
    return result


def typo_distance(first: str, second: str, cutoff: int) -> int:
    """Typos between two normalised answers (insert, delete, substitute, swap),
    counted by rapidfuzz's optimal string alignment; loaded on first use."""
    from rapidfuzz.distance import OSA

    return int(OSA.distance(first, second, score_cutoff=cutoff))
