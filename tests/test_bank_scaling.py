"""Validating a bank stays near-linear in its number of choices, with the same warnings.

The near-duplicate-choice check used to compare every pair of a question's
choices: a minute for 20 questions of 2,000 choices, hours for one of
100,000. These tests count comparisons instead of timing them, and check
that the warnings a teacher reads are the ones the pairwise check gave.
"""

from __future__ import annotations

import itertools
import json
import re
import subprocess
import sys
from collections.abc import Callable, Iterator
from math import comb
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.bank import BankError, lint, load_deck, validate
from quizapp.bank.lint import (
    COMPARISONS_PER_CHOICE,
    MAX_PAIRS_REPORTED,
    MIN_COMPARISONS,
    lint_decks,
)
from quizapp.bank.model import Question, QuestionKind
from quizapp.text.normalise import (
    CROWDED,
    MIN_LENGTH_FOR_TYPOS,
    OneTypoIndex,
    normalise,
    typo_distance,
)
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the profile)

LINT = Path(__file__).parent / "banks" / "lint"


# -- banks and the lines a teacher reads -------------------------------------------------


def bank_yaml(*questions: list[str]) -> str:
    """A bank with one choice question per list of choices (the first choice is the answer).

    Question `qN` starts at line 4 + N * (6 + its number of choices) in this layout.
    """
    lines = ["title: Scaling", "as_of: 2025-06-10", "questions:"]
    for number, choices in enumerate(questions):
        lines += [
            f"  - id: q{number}",
            "    type: choice",
            "    prompt: Which one?",
            "    explanation: Because.",
            "    choices:",
            *(f"      - {json.dumps(choice, ensure_ascii=False)}" for choice in choices),
            f"    answer: {json.dumps(choices[0], ensure_ascii=False)}",
        ]
    return "\n".join(lines) + "\n"


def write_bank(tmp_path: Path, *questions: list[str]) -> Path:
    path = tmp_path / "bank.yaml"
    path.write_text(bank_yaml(*questions), encoding="utf-8")
    return path


def warnings_for(path: Path) -> list[str]:
    return [str(w) for w in lint_decks([load_deck(path)])]


def reads_same(first: str, second: str) -> str:
    return f"the choices '{first}' and '{second}' read the same: make them clearly different"


def one_letter(first: str, second: str) -> str:
    return (
        f"the choices '{first}' and '{second}' differ by one letter: students may take one "
        "for a typo of the other; make them clearly different"
    )


def more_pairs(count: str) -> str:
    return (
        f"and {count} more pairs of choices that read the same or differ by one letter "
        f"(only the first {MAX_PAIRS_REPORTED} are listed): make them clearly different"
    )


DATA_LETTERS = "bcdfghjklmnpqrstvwxz"
CHECK_LETTERS = "abcdefghijklmnopqrstuvw"


def distinct_choices(count: int, start: int = 0) -> list[str]:
    """`Option bbbb-a`, ...: choices no two of which are one typo apart, and no digits.

    Four letters from 20, then a check letter: the letters weighted 1 to 4,
    summed modulo 23 (a prime). One substitution or swap among the four
    changes the sum, so it would need a second change to the check letter;
    the `-` pins the check letter's place. Consecutive choices still share
    much, so the one-typo index has candidates to check, as in a real bank.
    """
    choices = []
    for letters in itertools.islice(
        itertools.product(range(len(DATA_LETTERS)), repeat=4), start, start + count
    ):
        check = sum((place + 1) * letter for place, letter in enumerate(letters)) % 23
        code = "".join(DATA_LETTERS[letter] for letter in letters)
        choices.append(f"Option {code}-{CHECK_LETTERS[check]}")
    return choices


@pytest.fixture
def comparisons(monkeypatch: pytest.MonkeyPatch) -> Iterator[list[int]]:
    """Counts the linter's calls to `typo_distance`: `comparisons[0]`.

    The count may be capped with `comparisons.append(limit)`: past it the call
    fails at once, so a quadratic check fails the test instead of hanging it.
    """
    counter = [0]

    def counting(first: str, second: str, cutoff: int) -> int:
        counter[0] += 1
        if len(counter) > 1 and counter[0] > counter[1]:
            raise AssertionError(f"more than {counter[1]:,} comparisons")
        return typo_distance(first, second, cutoff)

    monkeypatch.setattr(lint, "typo_distance", counting)
    yield counter


# -- the one-typo index: every one-typo pair shares a bucket -----------------------------


def one_edit(text: str, draw: Callable[[st.SearchStrategy[Any]], Any]) -> str:
    """`text` with one insertion, deletion, substitution or swap of neighbours."""
    kinds = (
        ["insert"]
        + (["delete", "substitute"] if text else [])
        + (["swap"] if len(text) > 1 else [])
    )
    kind = draw(st.sampled_from(kinds))
    place = draw(st.integers(0, len(text) - (kind == "swap") - (kind != "insert")))
    letter = draw(st.characters(codec="utf-8"))
    if kind == "insert":
        return text[:place] + letter + text[place:]
    if kind == "delete":
        return text[:place] + text[place + 1 :]
    if kind == "substitute":
        return text[:place] + letter + text[place + 1 :]
    return text[:place] + text[place + 1] + text[place] + text[place + 2 :]


@given(
    text=st.text(max_size=12) | st.text(min_size=40, max_size=80) | st.text("ab", max_size=60),
    data=st.data(),
)
def test_every_one_typo_neighbour_is_a_candidate(text: str, data: st.DataObject) -> None:
    """Whatever the edit and wherever it falls (also in texts long enough for anchors),
    the index returns the original text as a candidate for the edited one."""
    edited = one_edit(text, data.draw)
    assert typo_distance(text, edited, 1) <= 1
    index = OneTypoIndex()
    index.add(text, 7)
    assert index.candidates(edited) == {7}


@pytest.mark.parametrize(
    ("first", "second"),
    [
        ("ishiba", "ishbia"),  # a swap of neighbours
        ("ab", "ba"),
        ("x" * 30 + "ab" + "y" * 30, "x" * 30 + "ba" + "y" * 30),  # a swap in a long text
        ("a" * 47, "a" * 48),  # one short text, one long one
        ("a" * 24 + "b" + "a" * 24, "a" * 24 + "c" + "a" * 24),
    ],
)
def test_a_swap_or_edit_shares_a_bucket_both_ways(first: str, second: str) -> None:
    """The claim the index rests on, for the cases where it is easiest to get wrong."""
    for added, looked_up in ((first, second), (second, first)):
        index = OneTypoIndex()
        index.add(added, 1)
        assert index.candidates(looked_up) == {1}


def test_texts_far_apart_are_not_candidates() -> None:
    """The index narrows the search; returning everything would make it quadratic again."""
    index = OneTypoIndex()
    for number, text in enumerate(["granada", "seville", "cordoba", "x" * 60 + "granada"]):
        index.add(text, number)
    assert index.candidates("grenada") == {0}
    assert index.candidates("malaga") == set()
    assert index.candidates("y" * 60 + "granada") == set()
    assert index.candidates("granada", group="other") == set()


def test_a_crowded_bucket_is_closed_and_says_so() -> None:
    """Past `CROWDED` texts sharing a variant, lookups skip it and `incomplete` is set."""
    index = OneTypoIndex()
    for number in range(CROWDED):
        index.add(f"candidate {chr(0x4E00 + number)}", number)
    assert len(index.candidates("candidate !")) == CROWDED
    assert not index.incomplete
    index.add("candidate ?", CROWDED)
    assert index.candidates("candidate #") == set()
    assert index.incomplete


# -- the same warnings as the pairwise check ---------------------------------------------


def pairwise_reference(choices: list[str]) -> list[str]:
    """The near-duplicate check as it was (every pair compared), plus the cap on pairs."""
    found = []
    seen: dict[str, str] = {}
    for choice in choices:
        key = normalise(choice)
        for other_key, other in seen.items():
            if key == other_key or key.replace(" ", "") == other_key.replace(" ", ""):
                found.append(reads_same(other, choice))
            elif (
                min(len(key), len(other_key)) >= MIN_LENGTH_FOR_TYPOS
                and typo_distance(key, other_key, 1) <= 1
                and re.sub(r"\D", "", key) == re.sub(r"\D", "", other_key)
            ):
                found.append(one_letter(other, choice))
        seen[key] = choice
    if len(found) > MAX_PAIRS_REPORTED:
        return [*found[:MAX_PAIRS_REPORTED], more_pairs(f"{len(found) - MAX_PAIRS_REPORTED:,}")]
    return found


def near_duplicates(choices: list[str]) -> list[str]:
    question = Question(id="q", kind=QuestionKind.CHOICE, prompt="?", choices=tuple(choices))
    return list(lint._near_duplicate_choices(question))


LETTERS = "aAáeé b1-."
"""Case, an accent, a space, a digit and punctuation: everything the check ignores or heeds."""


@st.composite
def alike_choices(draw: st.DrawFn) -> list[str]:
    """Choices of which many are one edit (or one case change, or spacing) from another."""
    short, long = st.text(LETTERS, max_size=10), st.text(LETTERS, min_size=44, max_size=52)
    choices = [draw(short | long)]
    for _ in range(draw(st.integers(1, 20))):
        source = draw(st.sampled_from(choices))
        edit = draw(st.sampled_from(["new", "edit", "upper", "space"]))
        if edit == "new":
            choices.append(draw(short | long))
        elif edit == "edit":
            choices.append(one_edit(source, draw))
        elif edit == "upper":
            choices.append(source.upper())
        else:
            place = draw(st.integers(0, len(source)))
            choices.append(source[:place] + " " + source[place:])
    return choices


@given(alike_choices())
def test_the_warnings_are_those_of_the_pairwise_check(choices: list[str]) -> None:
    """Pair for pair, in the same order, naming the same choices."""
    assert near_duplicates(choices) == pairwise_reference(choices)


def test_the_lint_bank_gives_the_warning_it_gave() -> None:
    path = LINT / "near-duplicate-choices.yaml"
    deck = load_deck(path)
    assert near_duplicates(list(deck.questions[0].choices)) == [
        one_letter("President", "Presidents")
    ]
    assert near_duplicates(list(deck.questions[0].choices)) == pairwise_reference(
        list(deck.questions[0].choices)
    )


@pytest.mark.parametrize(
    ("choices", "expected"),
    [
        (["Séoul", "seoul", "Busan"], [reads_same("Séoul", "seoul")]),
        (["Ice cream", "Icecream", "Sorbet"], [reads_same("Ice cream", "Icecream")]),
        (["U.S.", "US", "UK"], [reads_same("U.S.", "US")]),  # short, but reads the same
        (["Premier", "Premiere", "Speaker"], [one_letter("Premier", "Premiere")]),  # insertion
        (["Presidents", "President", "Speaker"], [one_letter("Presidents", "President")]),
        (["Granada", "Grenada", "Seville"], [one_letter("Granada", "Grenada")]),  # substitution
        (["Ishiba", "Ishbia", "Kishida"], [one_letter("Ishiba", "Ishbia")]),  # swap
        (["Route 66 West", "Route 67 West", "Route 1"], []),  # the digits differ
        (["Iran", "Iraq", "Oman"], []),  # shorter than MIN_LENGTH_FOR_TYPOS
        (
            ["Café", "Cafe", "CAFÉ!", "Tea"],  # a pair names the latest choice with that form
            [reads_same("Café", "Cafe"), reads_same("Cafe", "CAFÉ!")],
        ),
    ],
)
def test_hand_made_cases(tmp_path: Path, choices: list[str], expected: list[str]) -> None:
    """Through the real loader: the whole warning line, file, line and question id."""
    path = write_bank(tmp_path, choices)
    assert warnings_for(path) == [f"{path}:4: question q0: warning: {m}" for m in expected]
    assert expected == pairwise_reference(choices)


def test_many_pairs_are_listed_up_to_the_cap_then_counted(tmp_path: Path) -> None:
    """26 choices `Option A` to `Option Z` make 325 pairs: ten lines and a count."""
    choices = [f"Option {chr(ord('A') + n)}" for n in range(26)]
    path = write_bank(tmp_path, choices)
    listed = [(0, 1), (0, 2), (1, 2), (0, 3), (1, 3), (2, 3), (0, 4), (1, 4), (2, 4), (3, 4)]
    assert warnings_for(path) == [
        *(
            f"{path}:4: question q0: warning: {one_letter(choices[a], choices[b])}"
            for a, b in listed
        ),
        f"{path}:4: question q0: warning: {more_pairs(f'{comb(26, 2) - 10:,}')}",
    ]


# -- comparisons counted -----------------------------------------------------------------


def test_20000_choices_take_a_linear_number_of_comparisons(
    tmp_path: Path, comparisons: list[int]
) -> None:
    """One question of 20,000 choices, three of them a typo of another: those three pairs,
    found with fewer than 10 comparisons per choice (the pairwise check made 200 million)."""
    choices = distinct_choices(20_000)
    planted = [
        choices[17].replace("Option", "Optoin"),  # a swap
        choices[9_000] + "s",  # an insertion
        choices[19_999][:-1] + "x",  # a substitution (of the check letter)
    ]
    path = write_bank(tmp_path, [*choices, *planted])
    limit = 10 * len(choices)
    comparisons.append(limit)
    assert warnings_for(path) == [
        f"{path}:4: question q0: warning: {one_letter(choices[17], planted[0])}",
        f"{path}:4: question q0: warning: {one_letter(choices[9_000], planted[1])}",
        f"{path}:4: question q0: warning: {one_letter(choices[19_999], planted[2])}",
    ]
    assert 0 < comparisons[0] < limit


def test_thousands_of_choices_sharing_a_variant_stay_bounded(
    tmp_path: Path, comparisons: list[int]
) -> None:
    """3,000 choices one letter apart (every pair a near-duplicate): the crowded bucket is
    closed after `CROWDED`, the first pairs are listed and the rest counted as "at least"."""
    choices = [f"Candidate {chr(0x4E00 + n)}" for n in range(3_000)]
    path = write_bank(tmp_path, choices)
    comparisons.append(10 * len(choices))
    lines = warnings_for(path)
    found = comb(CROWDED + 1, 2)
    assert lines[0] == f"{path}:4: question q0: warning: {one_letter(choices[0], choices[1])}"
    assert lines[MAX_PAIRS_REPORTED:] == [
        f"{path}:4: question q0: warning: {more_pairs(f'at least {found - MAX_PAIRS_REPORTED:,}')}"
    ]
    assert comparisons[0] == found


def test_a_question_stops_comparing_when_its_budget_is_spent(
    tmp_path: Path, comparisons: list[int]
) -> None:
    """Every string of 14 a's and b's: each has 14 neighbours, and every bucket is small,
    so only the per-question budget bounds the work, and the count says "at least"."""
    choices = ["".join(letters) for letters in itertools.product("ab", repeat=14)]
    path = write_bank(tmp_path, choices)
    budget = MIN_COMPARISONS + COMPARISONS_PER_CHOICE * len(choices)
    lines = warnings_for(path)
    assert len(lines) == MAX_PAIRS_REPORTED + 1
    assert lines[-1].startswith(f"{path}:4: question q0: warning: and at least ")
    assert comparisons[0] == budget


def test_running_out_of_comparisons_is_said_even_without_more_pairs(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """With the budget (made tiny here) spent before the last lookup, the teacher is told
    that not every pair was compared, even though fewer pairs than the cap were found."""
    monkeypatch.setattr(lint, "MIN_COMPARISONS", 2)
    monkeypatch.setattr(lint, "COMPARISONS_PER_CHOICE", 0)
    monkeypatch.setattr(lint, "FEW_CHOICES", 0)  # the index's path, where the budget counts
    path = write_bank(tmp_path, ["Granada", "Grenada", "Granadb", "Seville", "Granadc"])
    assert warnings_for(path) == [
        f"{path}:4: question q0: warning: {one_letter('Granada', 'Grenada')}",
        f"{path}:4: question q0: warning: {one_letter('Granada', 'Granadb')}",
        f"{path}:4: question q0: warning: so many choices differ in one letter from each "
        "other that not every pair was compared: make them clearly different",
    ]


def test_a_budget_spent_exactly_leaves_nothing_unsaid(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Running out on the very last comparison skips nothing, so nothing more is said."""
    monkeypatch.setattr(lint, "MIN_COMPARISONS", 2)
    monkeypatch.setattr(lint, "COMPARISONS_PER_CHOICE", 0)
    monkeypatch.setattr(lint, "FEW_CHOICES", 0)  # the index's path, where the budget counts
    path = write_bank(tmp_path, ["Granada", "Grenada", "Granadb", "Seville"])
    assert warnings_for(path) == [
        f"{path}:4: question q0: warning: {one_letter('Granada', 'Grenada')}",
        f"{path}:4: question q0: warning: {one_letter('Granada', 'Granadb')}",
    ]


# -- the rest of validation: set lookups, and a did-you-mean that does not scan ----------


def test_many_answers_and_why_wrong_keys_are_checked_without_scans(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """A multi question of 20,000 choices, 10,000 answers and 5,000 why_wrong entries:
    each missing answer gets its did-you-mean, and difflib (which compares with every
    choice) is not asked to go through more than `DIFFLIB_COMPARISONS` choices."""
    compared = []

    def close_matches(word: str, possibilities: list[str], n: int, cutoff: float) -> list[str]:
        compared.append(len(possibilities))
        return real_close_matches(word, possibilities, n=n, cutoff=cutoff)

    real_close_matches = validate.difflib.get_close_matches
    monkeypatch.setattr(validate.difflib, "get_close_matches", close_matches)
    choices = distinct_choices(20_000)
    lines = [
        "title: Scaling",
        "as_of: 2025-06-10",
        "questions:",
        "  - id: many",
        "    type: multi",
        "    prompt: Which ones?",
        "    explanation: Because.",
        "    choices:",
        *(f"      - {c}" for c in choices),
        "    answer:",
        *(f"      - {a}" for a in choices[::2]),
        "      - option bbbb-a",
        "      - Option bbbbb-a",
        "      - Nothing like it",
        "    why_wrong:",
        *(f"      {c}: Not this one." for c in choices[1:10_000:2]),
        "      Option zzzz-q: Not a choice.",
    ]
    path = tmp_path / "bank.yaml"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(BankError) as raised:
        load_deck(path)
    answer_line = 9 + len(choices)
    why_wrong_line = answer_line + len(choices[::2]) + 4
    assert [str(p) for p in raised.value.problems] == [
        f"{path}:{answer_line}: question many: answer 'option bbbb-a' is not one of the "
        "choices; did you mean 'Option bbbb-a'?",
        f"{path}:{answer_line}: question many: answer 'Option bbbbb-a' is not one of the "
        "choices; did you mean 'Option bbbb-a'?",
        f"{path}:{answer_line}: question many: answer 'Nothing like it' is not one of the "
        "choices; copy it exactly from the choices",
        f"{path}:{why_wrong_line + 5_001}: question many: why_wrong names "
        "'Option zzzz-q', which is not one of the choices",
    ]
    assert sum(compared) <= validate.DIFFLIB_COMPARISONS


def test_a_did_you_mean_among_few_choices_still_uses_difflib(tmp_path: Path) -> None:
    """Ordinary questions keep difflib's suggestions, which reach further than one typo."""
    path = tmp_path / "bank.yaml"
    path.write_text(
        "title: T\nquestions:\n"
        "  - {id: q, type: choice, prompt: Who?, choices: [South Korea, North Korea, Japan],"
        " answer: Sout Koreaa}\n",
        encoding="utf-8",
    )
    with pytest.raises(BankError) as raised:
        load_deck(path)
    assert str(raised.value) == (
        f"{path}:3: question q: answer 'Sout Koreaa' is not one of the choices; "
        "did you mean 'South Korea'?"
    )


# -- a real process ----------------------------------------------------------------------


def test_validate_20_questions_of_2000_choices_finishes(tmp_path: Path) -> None:
    """`python -m quizapp validate` on 20 x 2,000 choices exits normally (the timeout
    only guards against a hang: the pairwise check took about a minute)."""
    questions = [distinct_choices(2_000, start=n * 2_000) for n in range(20)]
    questions[7].append(questions[7][5].replace("Option", "Opton"))
    path = write_bank(tmp_path, *questions)
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )
    line = 4 + 7 * (6 + 2_000)
    assert result.returncode == 0, result.stderr
    assert result.stdout.splitlines() == [
        f"{path}:4: warning: the right choice is written first in 20 of 20 choice questions "
        "(q0, q1, q2, q3, q4, q5, q6, q7, q8, q9, … and 10 more): shuffling hides this from "
        "students, but `--no-shuffle` and printed or exported copies give it away; spread the "
        "right answers over the positions",
        f"{path}:{line}: question q7: warning: " + one_letter(questions[7][5], questions[7][-1]),
        "OK: 20 questions in 1 deck (2 warnings; --strict counts them as problems)",
    ]


@given(
    st.lists(
        st.text(alphabet="aeGrnd1 -", min_size=4, max_size=9), min_size=2, max_size=lint.FEW_CHOICES
    )
)
def test_a_few_choices_compared_directly_find_what_the_index_finds(choices: list[str]) -> None:
    """Up to `FEW_CHOICES` choices are compared pair by pair instead of through the
    one-typo index: the pairs reported are the same either way."""
    question = Question(id="q0", kind=QuestionKind.CHOICE, prompt="Which?", choices=tuple(choices))
    direct = list(lint._near_duplicate_choices(question))
    original = lint.FEW_CHOICES
    lint.FEW_CHOICES = 0
    try:
        indexed = list(lint._near_duplicate_choices(question))
    finally:
        lint.FEW_CHOICES = original
    assert direct == indexed
