"""Validating a bank stays near-linear in its number of choices, with the same warnings.

The near-duplicate-choice check used to compare every pair of a question's
choices: a minute for 20 questions of 2,000 choices, hours for one of
100,000. These tests count comparisons instead of timing them, and check
that the warnings a teacher reads are the ones the pairwise check gave.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.text.normalise import (
    CROWDED,
    OneTypoIndex,
    typo_distance,
)
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the profile)

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
