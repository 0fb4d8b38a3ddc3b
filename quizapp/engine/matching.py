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
from collections.abc import Iterable

from quizapp.text.normalise import MIN_LENGTH_FOR_TYPOS, normalise, typo_distance

__all__ = [
    "MIN_LENGTH_FOR_TYPOS",
    "normalise",
    "number_matches",
    "parse_number",
    "text_matches",
    "typo_distance",
]


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
