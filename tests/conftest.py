"""Shared fixtures: banks written to real files, and a fixed clock."""

from __future__ import annotations

import textwrap
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.bank import Deck, load_deck


class FakeClock:
    """A clock that moves only when a test says so."""

    def __init__(self, start: float = 1000.0) -> None:
        self.now = start

    def __call__(self) -> float:
        return self.now

    def advance(self, seconds: float) -> None:
        self.now += seconds


@pytest.fixture
def clock() -> FakeClock:
    return FakeClock()


@pytest.fixture
def write_bank(tmp_path: Path) -> Callable[..., Path]:
    """Write YAML text (dedented) to a bank file under tmp_path."""

    def write(text: str, name: str = "bank.yaml") -> Path:
        path = tmp_path / name
        path.parent.mkdir(parents=True, exist_ok=True)
        path.write_text(textwrap.dedent(text), encoding="utf-8")
        return path

    return write


@pytest.fixture
def make_deck(write_bank: Callable[..., Path]) -> Callable[..., Deck]:
    """Write a bank and load it through the real loader."""

    def make(text: str, name: str = "bank.yaml") -> Deck:
        return load_deck(write_bank(text, name))

    return make
