"""Property-based fuzzing of answer matching: normalising text, forgiving typos
and reading numbers.

Bugs these properties found are pinned at the bottom as ordinary tests
(named for what went wrong), so they stay fixed.
"""

from __future__ import annotations

import math
import string

from hypothesis import assume, example, given, note
from hypothesis import strategies as st
from rapidfuzz.distance import OSA

from quizapp.engine.matching import (
    MIN_LENGTH_FOR_TYPOS,
    normalise,
    parse_number,
    text_matches,
)
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the profile)

any_text = st.text() | st.text(alphabet=st.characters(codec="utf-8"))
"""Text from the whole of Unicode (no lone surrogates: banks and keyboards give none)."""

CASE_TRICKY = "".join(
    c
    for c in map(chr, range(0x30000))
    if c.isalpha()
    and (
        len(c.upper()) != 1
        or len(c.casefold()) != 1
        or c.lower().upper() != c.upper()
        or c.upper().lower() != c.lower()
    )
)
"""Letters whose case mappings do not round-trip one to one (ß, ſ, ﬃ, ΐ, K Kelvin ...): where
case-insensitive matching goes wrong if it goes wrong at all."""
answers = st.one_of(
    any_text,
    st.text(
        alphabet=st.sampled_from(CASE_TRICKY) | st.characters(categories=["L", "Zs"]),
        min_size=1,
        max_size=12,
    ),
    st.sampled_from(["Ishiba Shigeru", "Lee Jae-myung", "Gyeongju", "서울 특별시", "São Paulo"]),
)
CASINGS = [str.upper, str.lower, str.swapcase, str.title]
spaces = st.text(alphabet=" ", min_size=0, max_size=3)
gaps = st.text(alphabet=" ", min_size=1, max_size=3)


def _edit(text: str, op: str, at: int, char: str) -> str:
    """One OSA edit of `text`: insert, delete or substitute `char` at `at`, or swap two neighbours."""
    at = at % (len(text) + 1)
    if op == "insert":
        return text[:at] + char + text[at:]
    if not text:
        return char
    at = min(at, len(text) - 1)
    if op == "delete":
        return text[:at] + text[at + 1 :]
    if op == "substitute":
        return text[:at] + char + text[at + 1 :]
    at = min(at, len(text) - 2) if len(text) > 1 else 0
    return text[:at] + text[at + 1 : at + 2] + text[at : at + 1] + text[at + 2 :]  # swap


edits = st.tuples(
    st.sampled_from(["insert", "delete", "substitute", "swap"]),
    st.integers(0, 20),
    st.characters(categories=["L"]) | st.sampled_from(string.ascii_lowercase),
)


# -- normalising -------------------------------------------------------------------


@given(any_text)
@example("ℍ")  # NFKD turns it into an upper-case H, which needs a second pass
@example("İstanbul")
def test_normalise_is_idempotent(text: str) -> None:
    """Normalising an already normalised answer changes nothing, for any Unicode text."""
    once = normalise(text)
    assert normalise(once) == once


@given(any_text)
def test_normalised_text_has_no_outer_or_double_spaces(text: str) -> None:
    """A normalised answer never starts or ends with a space, nor holds two in a row."""
    once = normalise(text)
    assert once == once.strip() and "  " not in once


# -- matching ----------------------------------------------------------------------


@given(
    answer=answers,
    casing=st.sampled_from(CASINGS),
    data=st.data(),
)
def test_answer_matches_itself_in_any_case_and_spacing(
    answer: str, casing, data: st.DataObject
) -> None:
    """Every accepted answer matches itself typed in capitals, lower case, swapped or title case, with extra spaces."""
    assume(normalise(answer))
    words = casing(answer).split()
    typed = (
        data.draw(spaces)
        + "".join(w + data.draw(gaps) for w in words[:-1])
        + (words[-1] if words else "")
        + data.draw(spaces)
    )
    note(repr(typed))
    for typos in (0, 1):
        assert text_matches(typed, [answer], typos=typos)
        assert text_matches(typed, ["something else entirely", answer], typos=typos)


@given(
    answer=st.text(alphabet=st.characters(categories=["L"]), min_size=5, max_size=8)
    | st.text(alphabet=string.ascii_letters, min_size=5, max_size=8),
    first=edits,
    second=edits,
)
def test_two_typos_are_never_forgiven(answer: str, first, second) -> None:
    """An answer of 5 to 8 letters typed with two or more typos never counts as right."""
    typed = _edit(_edit(answer, *first), *second)
    assume(OSA.distance(normalise(typed), normalise(answer)) >= 2)
    note(repr(typed))
    assert not text_matches(typed, [answer])
    assert not text_matches(typed, [answer], typos=1)


@given(answer=any_text, edit=edits)
def test_no_typo_is_forgiven_with_typos_0(answer: str, edit) -> None:
    """With `typos: 0`, any single edit that changes the normalised answer is wrong."""
    typed = _edit(answer, *edit)
    assume(normalise(typed) != normalise(answer))
    assert not text_matches(typed, [answer], typos=0)


@given(
    answer=st.text(alphabet=string.ascii_lowercase, min_size=MIN_LENGTH_FOR_TYPOS, max_size=12),
    edit=edits,
)
def test_one_typo_is_forgiven_in_long_answers(answer: str, edit) -> None:
    """With the default `typos: 1`, one edit of an answer of 5 or more letters still counts."""
    typed = _edit(answer, *edit)
    assume(normalise(typed) and OSA.distance(normalise(typed), normalise(answer)) == 1)
    assert text_matches(typed, [answer])


@given(
    answer=st.text(alphabet=string.ascii_lowercase, min_size=1, max_size=MIN_LENGTH_FOR_TYPOS - 1),
    edit=edits,
)
def test_short_answers_must_be_exact(answer: str, edit) -> None:
    """Answers under 5 characters forgive no typo at all."""
    typed = _edit(answer, *edit)
    assume(normalise(typed) != normalise(answer))
    assert not text_matches(typed, [answer])


# -- numbers -----------------------------------------------------------------------

units = st.one_of(
    st.just(""),
    st.sampled_from(["years", "km", "minutes", "%", "°C", "million won", "명", "個", "m²"]),
    st.text(max_size=10).map(lambda s: " ".join(s.split())),  # one line, as the validator reads it
)


@given(n=st.integers(-(2**53), 2**53) | st.sampled_from([0, -0, 1000, 10**6]), unit=units)
def test_parse_number_reads_ints_exactly(n: int, unit: str) -> None:
    """`str(n)` of an int reads back as n, alone or with the question's unit after it."""
    assert parse_number(str(n)) == n
    assert parse_number(str(n), unit) == n
    if unit:
        assert parse_number(f"{n} {unit}", unit) == n


@given(n=st.integers(-(10**300), 10**300))
def test_parse_number_reads_big_ints_as_their_float(n: int) -> None:
    """An int too big for exact float arithmetic reads as the nearest float, like the bank's answer."""
    assert parse_number(str(n)) == float(n)


@given(x=st.floats(allow_nan=False, allow_infinity=False), unit=units)
def test_parse_number_reads_float_repr(x: float, unit: str) -> None:
    """`repr(x)` of a finite float (exponents included: 1e+16) reads back as x, alone or with its unit."""
    assert parse_number(repr(x)) == x
    if unit:
        assert parse_number(f"{x!r} {unit}", unit) == x


@given(n=st.integers(-(10**15), 10**15) | st.floats(-1e15, 1e15).map(lambda x: round(x, 3)))
def test_parse_number_reads_thousands_commas(n: float) -> None:
    """Thousands commas, as README promises (`1,000`), read as the plain number."""
    assert parse_number(f"{n:,}") == n


@given(typed=any_text, unit=units)
def test_parse_number_never_crashes(typed: str, unit: str) -> None:
    """Any typed text reads as a number or None; it never raises, and a number read is a float."""
    value = parse_number(typed, unit)
    assert value is None or isinstance(value, float)
    if value is not None:
        assert not math.isnan(value)


# -- bugs found by fuzzing, pinned ------------------------------------------------------------


def test_dotless_i_typed_in_capitals_matches() -> None:
    """`KIRIKKALE` in capitals matches the accepted answer `Kırıkkale` (case never matters)."""
    assert text_matches("KIRIKKALE", ["Kırıkkale"])


def test_parse_number_reads_exponent_notation() -> None:
    """`repr(1e16)` is `1e+16` and reads back as 1e16; `1e-05` as 1e-05."""
    assert parse_number(repr(1e16)) == 1e16
    assert parse_number("1e-05") == 1e-05
