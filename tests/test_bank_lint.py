"""The bank linter: one bank per rule, each with the exact warning it must give."""

from __future__ import annotations

from pathlib import Path

import pytest

from quizapp.bank import load_deck, load_decks
from quizapp.bank.lint import lint_decks
from quizapp.cli import main

LINT = Path(__file__).parent / "banks" / "lint"

EXPECTED_WARNINGS = {
    "all-of-the-above.yaml": (
        4,
        "question themes: warning: 'All of the above' means nothing once choices are shuffled: "
        "reword it, or set `settings: {shuffle_choices: false}` for the deck",
    ),
    "answer-in-prompt.yaml": (
        4,
        "question host: warning: the prompt gives the answer away ('South Korea' appears in it): "
        "reword the prompt",
    ),
    "longest-choice.yaml": (
        1,
        "warning: the right choice is the longest in 3 of 3 choice questions (100%); students "
        "learn to pick the longest: shorten answers or lengthen distractors in some of: one, two, three",
    ),
    "near-duplicate-choices.yaml": (
        4,
        "question office: warning: the choices 'President' and 'Presidents' differ by one letter: "
        "students may take one for a typo of the other; make them clearly different",
    ),
    "no-explanation.yaml": (
        4,
        "question bare: warning: no explanation: add `explanation:` saying why the answer is right; "
        "students read it after answering",
    ),
    "relative-time-briefing.yaml": (
        2,
        "warning: 'last week' in the briefing depends on when the article was written and the deck "
        "has no `as_of:` date: add `as_of: YYYY-MM-DD` (the date the facts were current), or write the date",
    ),
    "relative-time.yaml": (
        3,
        "question when: warning: 'Later this year' in this question depends on when the article was "
        "written and the deck has no `as_of:` date: add `as_of: YYYY-MM-DD` (the date the facts were "
        "current), or write the date",
    ),
    "short-typed-answer.yaml": (
        4,
        "question link: warning: the answer 'bridge' is short enough that one forgiven typo may "
        "accept a different word (bridge → fridge): add `typos: 0`, or accept a longer answer",
    ),
    "two-choices.yaml": (
        4,
        "question pair: warning: only 2 choices: give at least 3, or make it a truefalse question "
        "(with 2, guessing is right half the time)",
    ),
}


def test_every_lint_bank_has_an_expected_warning() -> None:
    """No rule's bank is left without its check."""
    assert {p.name for p in LINT.glob("*.yaml")} == set(EXPECTED_WARNINGS)


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_each_rule_gives_its_warning(name: str) -> None:
    """The bank is valid, and the linter gives exactly one warning: file, line, id and fix."""
    path = LINT / name
    line, message = EXPECTED_WARNINGS[name]
    assert [str(w) for w in lint_decks([load_deck(path)])] == [f"{path}:{line}: {message}"]


@pytest.mark.parametrize("name", sorted(EXPECTED_WARNINGS))
def test_strict_turns_each_warning_into_an_error(
    name: str, capsys: pytest.CaptureFixture[str]
) -> None:
    """`validate` prints the warning and passes; `validate --strict` fails with exit 1."""
    path = str(LINT / name)
    assert main(["validate", path]) == 0
    out = capsys.readouterr().out
    assert "OK: " in out and "(1 warning; --strict counts them as problems)" in out
    assert main(["validate", "--strict", path]) == 1
    out = capsys.readouterr().out
    assert "OK" not in out
    assert out.splitlines()[-1] == "quizapp: 1 warning, counted as problems with --strict"


def test_the_bundled_banks_pass_strict(capsys: pytest.CaptureFixture[str]) -> None:
    """What ships is held to the strictest standard."""
    assert main(["validate", "--strict"]) == 0
    assert capsys.readouterr().out.startswith("OK: ")


def test_as_of_makes_relative_time_words_acceptable(tmp_path: Path) -> None:
    """With an as-of date, 'later this year' has a meaning, so it is not flagged."""
    bank = (LINT / "relative-time.yaml").read_text(encoding="utf-8")
    dated = tmp_path / "dated.yaml"
    dated.write_text(
        bank.replace("title: Lint\n", "title: Lint\nas_of: 2025-06-10\n"), encoding="utf-8"
    )
    assert lint_decks([load_deck(dated)]) == []


@pytest.mark.parametrize(
    ("choices", "answer"),
    [
        ("[About 10 minutes, About 30 minutes, About an hour]", "About 30 minutes"),
        ("[Seoul, Busan, Incheon]", "Seoul"),
    ],
)
def test_choices_that_differ_in_a_number_are_not_near_duplicates(
    tmp_path: Path, choices: str, answer: str
) -> None:
    """`About 10 minutes` and `About 30 minutes` differ by one character, and rightly so."""
    path = tmp_path / "bank.yaml"
    path.write_text(
        "title: T\nas_of: 2025-06-10\nquestions:\n"
        f"  - {{id: q, type: choice, prompt: Which?, choices: {choices}, answer: {answer}, explanation: E.}}\n",
        encoding="utf-8",
    )
    assert lint_decks(load_decks([path])) == []


def test_names_are_not_flagged_as_short_typed_answers(tmp_path: Path) -> None:
    """Forgiving a typo in a name (Ishbia for Ishiba) helps; only common words are flagged."""
    path = tmp_path / "bank.yaml"
    path.write_text(
        "title: T\nas_of: 2025-06-10\nquestions:\n"
        "  - {id: q, type: text, prompt: Who is Japan's prime minister?, answer: Ishiba, explanation: E.}\n",
        encoding="utf-8",
    )
    assert lint_decks([load_deck(path)]) == []
