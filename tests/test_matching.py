"""What counts as 'the same answer': normalising text, forgiving typos, reading numbers."""

from __future__ import annotations

import pytest

from quizapp.engine.matching import normalise, number_matches, parse_number, text_matches

# -- normalising ------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "accepted"),
    [
        ("ishiba shigeru", "Ishiba Shigeru"),
        ("ISHIBA", "Ishiba"),
        ("   Ishiba   Shigeru  ", "Ishiba Shigeru"),
        ("Ishiba\tShigeru", "Ishiba Shigeru"),
        ("Asia Pacific Economic Cooperation", "Asia-Pacific Economic Cooperation"),
        ("Xi Jinping!", "Xi Jinping"),
        ("“bridge”.", "bridge"),
        ("cafe", "Café"),
        ("Déjà vu", "deja-vu"),
        ("Sao Paulo", "São Paulo"),
    ],
)
def test_case_spaces_punctuation_and_accents_do_not_matter(typed: str, accepted: str) -> None:
    """Case, surrounding or repeated spaces, punctuation and diacritics never make an answer wrong."""
    assert text_matches(typed, [accepted], typos=0)


def test_normalise_example() -> None:
    """The documented example: `  Café, Déjà-vu! ` becomes `cafe deja vu`."""
    assert normalise("  Café, Déjà-vu! ") == "cafe deja vu"


@pytest.mark.parametrize("answer", ["이재명", "서울", "习近平", "北京", "대한민국 서울"])
def test_hangul_and_hanzi_answers_match_themselves(answer: str) -> None:
    """Korean and Chinese answers survive normalising and match exactly."""
    assert normalise(answer) == answer
    assert text_matches(answer, [answer], typos=0)


def test_hangul_and_hanzi_do_not_match_other_words() -> None:
    """Normalising does not reduce different Korean or Chinese words to the same text."""
    assert not text_matches("부산", ["서울"])
    assert not text_matches("上海", ["北京"])
    assert not text_matches("이재명", ["윤석열"])


@pytest.mark.parametrize(
    "text",
    [
        "  Café, Déjà-vu! ",
        "İstanbul",
        "ΐ",
        "ǰ",
        "ẞtraße",
        "ﬃ",
        "Ｓｅｏｕｌ",
        "이재명 대통령",
        "x\u0301\u0327",
    ],
)
def test_normalising_twice_equals_once(text: str) -> None:
    """Normalising is idempotent, even for characters whose case-folding yields accents."""
    once = normalise(text)
    assert normalise(once) == once


def test_empty_answer_matches_nothing() -> None:
    """Blank or punctuation-only input is never right."""
    assert not text_matches("", ["Xi"])
    assert not text_matches("  ?! ", ["Xi"])


def test_any_accepted_spelling_matches() -> None:
    """An answer matches if it equals any of the accepted spellings."""
    accepted = ["Xi", "Xi Jinping", "President Xi"]
    assert text_matches("president xi", accepted)
    assert not text_matches("Lee", accepted)


# -- typos --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "kind"),
    [
        ("Ishibba", "insertion"),
        ("Ishba", "deletion"),
        ("Ishiva", "substitution"),
        ("Ishiab", "swap of neighbours"),
        ("Seuol", "swap at exactly 5 characters"),
    ],
)
def test_one_typo_is_forgiven_for_five_or_more_characters(typed: str, kind: str) -> None:
    """One insertion, deletion, substitution or neighbour swap is forgiven in a 5+ character answer."""
    accepted = ["Seoul"] if typed == "Seuol" else ["Ishiba"]
    assert text_matches(typed, accepted), kind


@pytest.mark.parametrize(
    ("typed", "accepted"), [("Lie", "Lee"), ("Xu", "Xi"), ("Lmia", "Lima"), ("Lim", "Lima")]
)
def test_no_typo_forgiven_under_five_characters(typed: str, accepted: str) -> None:
    """Short answers must be exact: one typo could make another word."""
    assert text_matches(accepted, [accepted])
    assert not text_matches(typed, [accepted])


def test_no_typo_forgiven_with_typos_zero() -> None:
    """`typos: 0` asks for exact spelling, even for long answers."""
    assert text_matches("ishiba", ["Ishiba"], typos=0)
    assert not text_matches("Ishiab", ["Ishiba"], typos=0)
    assert not text_matches("Ishba", ["Ishiba"], typos=0)


@pytest.mark.parametrize("typed", ["Isibo", "Ishibaaa", "Ishbai", "Ihsiab", "denuclearizatoin s"])
def test_two_typos_are_never_accepted(typed: str) -> None:
    """Two edits are too many, however long the answer."""
    accepted = ["denuclearization"] if typed.startswith("denuc") else ["Ishiba"]
    assert not text_matches(typed, accepted)
    assert not text_matches(typed, accepted, typos=1)


def test_typos_are_counted_after_normalising() -> None:
    """Case and accents are not typos, and punctuation does not lengthen a short answer into typo range."""
    assert text_matches("ISHIBA SHIGERU", ["Ishiba Shigeru"], typos=0)
    assert text_matches("ishiva shigeru", ["Ishiba-Shigeru!"])
    assert not text_matches("cafes", ["Café!!"])


# -- numbers --------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("typed", "unit", "value"),
    [
        ("11", "years", 11.0),
        ("11 years", "years", 11.0),
        ("11 year", "years", 11.0),
        ("11 Years", "years", 11.0),
        ("11years", "years", 11.0),
        ("30 min", "minutes", 30.0),
        ("30 minute", "minutes", 30.0),
        ("1,000", "", 1000.0),
        ("12,345,678", "", 12345678.0),
        ("2.5", "", 2.5),
        (".5", "", 0.5),
        ("-3", "", -3.0),
        ("−3", "", -3.0),
        ("-1,200.75", "", -1200.75),
        ("  7  ", "", 7.0),
    ],
)
def test_parse_number_reads_numbers_with_units(typed: str, unit: str, value: float) -> None:
    """Numbers read with their unit (singular, or a 3+ letter abbreviation), commas, decimals and signs."""
    assert parse_number(typed, unit) == value


@pytest.mark.parametrize(
    ("typed", "unit"),
    [
        ("eleven", "years"),
        ("11 months", "years"),
        ("11 yrs", "years"),
        ("30 m", "minutes"),
        ("11 years", ""),
        ("1,00", ""),
        ("1.2.3", ""),
        ("", ""),
        ("about 11", "years"),
    ],
)
def test_parse_number_rejects_words_and_wrong_units(typed: str, unit: str) -> None:
    """Words, a wrong unit, a unit on a unitless question and malformed numbers do not read."""
    assert parse_number(typed, unit) is None


def test_number_matches_within_tolerance() -> None:
    """A value counts when it is within the tolerance, the edges included."""
    assert number_matches(30, 30)
    assert not number_matches(31, 30)
    assert number_matches(25, 30, tolerance=5)
    assert number_matches(35, 30, tolerance=5)
    assert not number_matches(35.01, 30, tolerance=5)
    assert not number_matches(24.9, 30, tolerance=5)


def test_number_matches_forgives_float_rounding() -> None:
    """0.1 + 0.2 counts as 0.3: binary rounding never makes a right answer wrong."""
    assert number_matches(0.1 + 0.2, 0.3)
    assert number_matches(1.1 + 2.2, 3.3, tolerance=0.0)


def test_marks_that_change_a_letter_in_other_scripts_are_kept() -> None:
    """Japanese voicing marks are not accents: カ (ka) is a different answer from ガ (ga)."""
    assert not text_matches("カ", ["ガ"])
    assert text_matches("ガ", ["ガ"])


def test_plural_abbreviation_of_a_unit_is_accepted() -> None:
    """`30 mins` reads as 30 for unit minutes, like `30 min`."""
    assert parse_number("30 mins", "minutes") == 30
    assert parse_number("30 m", "minutes") is None
