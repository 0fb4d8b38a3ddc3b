"""Does a typed answer match? Text normalisation, typo tolerance and numbers.

Students type on phones and school laptops in a hurry; the rules here decide
what counts as "the same answer", so they are spelled out and tested:

* case, accents, punctuation and extra spaces never matter;
* one typo (an insertion, deletion, substitution or swap of two neighbours)
  is forgiven when the accepted answer has 5 or more characters;
* a number may carry its unit after it (`11 years`) and thousands commas.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable

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


def text_matches(response: str, accepted: Iterable[str], typos: int = 1) -> bool:
    """True when `response` matches one of the accepted answers."""
    given = normalise(response)
    if not given:
        return False
    for answer in accepted:
        wanted = normalise(answer)
        if given == wanted:
            return True
        forgiving = typos and len(wanted) >= MIN_LENGTH_FOR_TYPOS
        if forgiving and typo_distance(given, wanted, typos) <= typos:
            return True
    return False


_NUMBER = re.compile(
    r"""^\s*
    (?P<number>[-+−]?(?:(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|\.\d+)(?:[eE][-+]?\d+)?)
    \s*(?P<unit>.*?)\s*$""",
    re.VERBOSE,
)


def parse_number(response: str, unit: str = "") -> float | None:
    """Read a typed number, allowing its unit after it; None if it is not one.

    `11`, `11.0`, `1,000`, `11 years` and `11 year` (for unit `years`) all
    read, as does `30 min` for unit `minutes`; `eleven` or `11 months` (for
    unit `years`) do not.
    """
    match = _NUMBER.match(response)
    if not match:
        return None
    written_unit = normalise(match["unit"])
    if written_unit and not _same_unit(written_unit, normalise(unit)):
        return None
    number = match["number"].replace(",", "").replace("−", "-")
    try:
        return float(number)
    except ValueError:  # pragma: no cover - the pattern only admits valid floats
        return None


def _same_unit(written: str, wanted: str) -> bool:
    """`year`, `min` and `mins` (for minutes) count as the unit; `yrs` and `m` do not."""
    if not wanted:
        return False
    if written == wanted or written.rstrip("s") == wanted.rstrip("s"):
        return True
    short = written.removesuffix("s") if len(written) > 3 else written
    return len(short) >= 3 and wanted.startswith(short)


def number_matches(value: float, answer: float, tolerance: float = 0.0) -> bool:
    """True when `value` is within `tolerance` of `answer` (with float slack)."""
    return abs(value - answer) <= tolerance + 1e-9 * max(1.0, abs(answer))
