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

from rapidfuzz.distance import OSA

MIN_LENGTH_FOR_TYPOS = 5
"""Answers shorter than this must be spelled exactly: one typo could make another word."""

_PUNCTUATION_CATEGORIES = frozenset({"Pc", "Pd", "Ps", "Pe", "Pi", "Pf", "Po"})


def _normalise_once(text: str) -> str:
    decomposed = unicodedata.normalize("NFKD", text.casefold())
    kept = []
    for char in decomposed:
        category = unicodedata.category(char)
        if category == "Mn":
            continue  # accents and other combining marks
        kept.append(" " if category in _PUNCTUATION_CATEGORIES or char.isspace() else char)
    return unicodedata.normalize("NFC", " ".join("".join(kept).split()))


def normalise(text: str) -> str:
    """The form two answers are compared in: `  Café, Déjà-vu! ` -> `cafe deja vu`.

    Applied until nothing changes, so normalising twice equals normalising once
    even for the rare characters whose case-folding yields new accents.
    """
    result = _normalise_once(text)
    for _ in range(4):
        again = _normalise_once(result)
        if again == result:
            break
        result = again
    return result


def text_matches(response: str, accepted: Iterable[str], typos: int = 1) -> bool:
    """True when `response` matches one of the accepted answers."""
    given = normalise(response)
    if not given:
        return False
    for answer in accepted:
        wanted = normalise(answer)
        if given == wanted:
            return True
        if typos and len(wanted) >= MIN_LENGTH_FOR_TYPOS:
            if OSA.distance(given, wanted, score_cutoff=typos) <= typos:
                return True
    return False


_NUMBER = re.compile(
    r"""^\s*
    (?P<number>[-+−]?(?:\d{1,3}(?:,\d{3})+|\d+)(?:\.\d+)?|[-+−]?\.\d+)
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
    """`year` and `min` (for minutes) count as the unit; `yrs` and `m` do not."""
    if not wanted:
        return False
    if written == wanted or written.rstrip("s") == wanted.rstrip("s"):
        return True
    return len(written) >= 3 and wanted.startswith(written)


def number_matches(value: float, answer: float, tolerance: float = 0.0) -> bool:
    """True when `value` is within `tolerance` of `answer` (with float slack)."""
    return abs(value - answer) <= tolerance + 1e-9 * max(1.0, abs(answer))
