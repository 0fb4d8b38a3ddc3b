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


CROWDED = 64
"""A bucket of the `OneTypoIndex` holding more texts than this is closed (see there)."""

_LONG = 48
"""Texts this long or longer are found by their first and last `_ANCHOR` characters."""
_ANCHOR = (_LONG - 1) // 2
"""Short enough that one typo leaves the start or the end of a `_LONG` text intact."""


class OneTypoIndex:
    """Finds the texts that may be one typo from a given one without comparing it with all.

    Comparing every pair of 100,000 choices takes hours. Instead each text is
    filed under its variants with at most one character deleted (`cat` under
    `cat`, `at`, `ct`, `ca`): two texts one insertion, deletion, substitution
    or swap of neighbours apart always share one (`ab`/`ba` share `a`), so a
    lookup costs one bucket per variant. A text longer than `_LONG` characters
    is filed under its first and its last `_ANCHOR` characters instead, which
    one typo cannot both touch, so it costs two buckets, not hundreds (a text
    of exactly `_LONG` is filed both ways, as its neighbours may be either).

    `candidates` may return texts further apart (they share a variant, or a
    hash): the caller checks each with `typo_distance`. A bucket that grows
    past `crowded` texts (thousands of choices differing in one letter) is
    closed: later lookups skip it and set `incomplete`, so time stays linear
    and the caller can say that not every pair was compared.

    `group` keeps texts apart that must not match anyway (the linter groups
    choices by their digits), which keeps buckets small.
    """

    def __init__(self, crowded: int = CROWDED) -> None:
        self.crowded = crowded
        self.incomplete = False
        """Set when a lookup met a closed bucket: a candidate may be missing."""
        self._groups: dict[str, dict[int, int | list[int]]] = {}
        """Per group, each bucket: one item (most of them), a list of items, or `_CLOSED`."""

    @staticmethod
    def _keys(text: str) -> list[int]:
        """The hashes a text is filed under (hashes, not strings, to keep memory small).

        Deleting any letter of a run (`ee` in `meet`) gives the same variant, so only
        the first of a run is deleted: each variant once.
        """
        keys = []
        if len(text) <= _LONG:
            keys = [
                hash(text[:i] + text[i + 1 :])
                for i in range(len(text))
                if i == 0 or text[i] != text[i - 1]
            ]
            keys.append(hash(text))
        if len(text) >= _LONG:
            keys.append(hash(("<", text[:_ANCHOR])))
            keys.append(hash((">", text[-_ANCHOR:])))
        return keys

    def candidates(self, text: str, group: str = "") -> set[int]:
        """Items added so far that may be within one typo of `text` (a superset)."""
        return self._find(self._keys(text), self._groups.get(group, {}))

    def add(self, text: str, item: int, group: str = "") -> None:
        """File `item` (the caller's number for `text`) so later lookups find it."""
        self._add(self._keys(text), item, self._groups.setdefault(group, {}))

    def candidates_then_add(self, text: str, item: int, group: str = "") -> set[int]:
        """`candidates(text)`, then `add(text, item)`, in one pass over the buckets."""
        buckets = self._groups.setdefault(group, {})
        found: set[int] = set()
        for key in self._keys(text):
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = item
            elif isinstance(bucket, int):
                found.add(bucket)
                buckets[key] = [bucket, item]
            elif bucket is _CLOSED:
                self.incomplete = True
            else:
                found.update(bucket)
                if len(bucket) >= self.crowded:
                    buckets[key] = _CLOSED
                else:
                    bucket.append(item)
        found.discard(item)  # two variants with one hash
        return found

    def _find(self, keys: list[int], buckets: dict[int, int | list[int]]) -> set[int]:
        found: set[int] = set()
        for key in keys:
            bucket = buckets.get(key)
            if bucket is None:
                continue
            if isinstance(bucket, int):
                found.add(bucket)
            elif bucket is _CLOSED:
                self.incomplete = True
            else:
                found.update(bucket)
        return found

    def _add(self, keys: list[int], item: int, buckets: dict[int, int | list[int]]) -> None:
        for key in keys:
            bucket = buckets.get(key)
            if bucket is None:
                buckets[key] = item
            elif isinstance(bucket, int):
                buckets[key] = [bucket, item]
            elif bucket is _CLOSED:
                continue
            elif len(bucket) >= self.crowded:
                buckets[key] = _CLOSED
            else:
                bucket.append(item)


_CLOSED: list[int] = []
"""Stands in an `OneTypoIndex` for a bucket that grew past `crowded` texts."""
