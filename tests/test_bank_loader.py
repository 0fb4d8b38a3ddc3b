"""Loading banks from disk: the values a good bank turns into, and finding bank files."""

from __future__ import annotations

import datetime as dt
import textwrap
from pathlib import Path

import pytest

from quizapp.bank import (
    BankError,
    BankNotFound,
    DeckSettings,
    Difficulty,
    QuestionKind,
    Source,
    bundled_banks_dir,
    find_bank_files,
    load_deck,
    load_decks,
)

GOOD = Path(__file__).parent / "banks" / "good"
EVERY_TYPE = GOOD / "every-type.yaml"

TRUEFALSE_BANK = """\
title: {title}
questions:
  - id: q1
    type: truefalse
    prompt: The call lasted half an hour.
    answer: true
"""


def write(path: Path, text: str) -> Path:
    """Write dedented YAML to `path`, creating its folders."""
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# -- a good bank -------------------------------------------------------------------


def test_deck_level_values() -> None:
    """Title, description, as_of (a date), source, briefing and settings are read as written."""
    deck = load_deck(EVERY_TYPE)
    assert deck.id == "every-type"
    assert deck.title == "Every type"
    assert deck.path == EVERY_TYPE
    assert deck.description == "A bank for the loader tests, wrapped over two lines."
    assert deck.as_of == dt.date(2025, 6, 10)
    assert deck.source == Source(
        title="Lee and Xi discuss the APEC summit",
        outlet="Example News",
        url="https://example.org/apec",
        date="2025-06-10",
    )
    assert deck.briefing == "First paragraph, wrapped.\n\nSecond paragraph."
    assert deck.settings == DeckSettings(shuffle=False, shuffle_choices=False)
    assert deck.topics == ("The summit", "Economy", "People")


def test_questions_keep_file_order_and_lines() -> None:
    """Questions come in file order, each with its kind and the line of its `- id:`."""
    deck = load_deck(EVERY_TYPE)
    assert [(q.id, q.kind, q.line) for q in deck.questions] == [
        ("host", QuestionKind.CHOICE, 21),
        ("themes", QuestionKind.MULTI, 39),
        ("accepted", QuestionKind.TRUEFALSE, 51),
        ("leader", QuestionKind.TEXT, 58),
        ("years", QuestionKind.NUMBER, 65),
        ("timeline", QuestionKind.ORDER, 73),
        ("venue", QuestionKind.CLOZE, 82),
        ("leaders", QuestionKind.MATCH, 90),
    ]


def test_choice_question_with_every_optional_key() -> None:
    """A choice question keeps choices, answer, why_wrong, points, difficulty, topic, section, hint."""
    host = load_deck(EVERY_TYPE).questions[0]
    assert host.prompt == "Which country hosts APEC 2025?"
    assert host.choices == ("South Korea", "China", "Japan")
    assert host.correct_choices == frozenset({"South Korea"})
    assert host.why_wrong == {
        "China": "China is the guest.",
        "Japan": "Japan is not mentioned as host.",
    }
    assert host.explanation == "Seoul hosts."
    assert host.hint == "Xi must travel."
    assert (host.topic, host.section) == ("The summit", "Highlights")
    assert host.difficulty is Difficulty.EASY
    assert host.points == 2.0


def test_multi_question() -> None:
    """A multi question keeps all its right answers and a fractional points weight."""
    themes = load_deck(EVERY_TYPE).questions[1]
    assert themes.choices == ("Free trade", "Tariffs", "Supply chains")
    assert themes.correct_choices == frozenset({"Free trade", "Supply chains"})
    assert themes.why_wrong == {"Tariffs": "Nobody asked for tariffs."}
    assert themes.difficulty is Difficulty.MEDIUM
    assert themes.points == 1.5
    assert themes.answer_text == "Free trade; Supply chains"


def test_truefalse_question() -> None:
    """A true/false question offers True and False, with the written answer right."""
    accepted = load_deck(EVERY_TYPE).questions[2]
    assert accepted.choices == ("True", "False")
    assert accepted.correct_choices == frozenset({"False"})
    assert accepted.difficulty is Difficulty.HARD


def test_optional_keys_default_when_left_out() -> None:
    """Without the optional keys a question has no hint, section or difficulty, 1 point and typos 1."""
    accepted = load_deck(EVERY_TYPE).questions[2]
    assert (accepted.explanation, accepted.hint, accepted.section) == ("", "", "")
    assert accepted.points == 1.0
    years = load_deck(EVERY_TYPE).questions[4]
    assert years.difficulty is None


def test_text_question() -> None:
    """A text question keeps its accepted spellings (first is shown) and `typos: 0`."""
    leader = load_deck(EVERY_TYPE).questions[3]
    assert leader.accepted == ("Ishiba", "Ishiba Shigeru")
    assert leader.answer_text == "Ishiba"
    assert leader.typos == 0


def test_number_question() -> None:
    """A number question keeps its value, tolerance and unit."""
    years = load_deck(EVERY_TYPE).questions[4]
    assert (years.number, years.tolerance, years.unit) == (11.0, 0.5, "years")
    assert years.answer_text == "11 ± 0.5 years"


def test_order_question() -> None:
    """An order question keeps its items in the right order."""
    timeline = load_deck(EVERY_TYPE).questions[5]
    assert timeline.items == ("Xi visits Seoul", "The phone call", "The summit")


def test_cloze_question() -> None:
    """A cloze question shows numbered gaps and keeps each blank's answers and choices."""
    venue = load_deck(EVERY_TYPE).questions[6]
    assert venue.prompt == "The summit meets in [1 ____] in [2 ____]."
    assert venue.blanks == (("Gyeongju", "Kyongju"), ("November",))
    assert venue.blank_choices == ((), ("October", "November", "December"))
    assert venue.typos == 0
    assert venue.answer_text == "1: Gyeongju; 2: November"


def test_match_question() -> None:
    """A match question keeps its pairs in order, its extra items and why_wrong by left item."""
    leaders = load_deck(EVERY_TYPE).questions[7]
    assert leaders.pairs == (("Lee Jae-myung", "South Korea"), ("Xi Jinping", "China"))
    assert leaders.extra == ("Japan",)
    assert leaders.why_wrong == {"Xi Jinping": "Xi is China's president."}
    assert leaders.answer_text == "Lee Jae-myung→South Korea; Xi Jinping→China"


def test_deck_id_defaults_to_a_slug_of_the_file_name(tmp_path: Path) -> None:
    """Without `deck:`, the id is made from the file name: `APEC 2025 (Korea).yml` -> `apec-2025-korea`."""
    path = write(tmp_path / "APEC 2025 (Korea).yml", TRUEFALSE_BANK.format(title="T"))
    assert load_deck(path).id == "apec-2025-korea"


def test_deck_id_from_the_bank_wins(tmp_path: Path) -> None:
    """An explicit `deck:` id is used instead of the file name."""
    path = write(tmp_path / "whatever.yaml", "deck: my-deck\n" + TRUEFALSE_BANK.format(title="T"))
    assert load_deck(path).id == "my-deck"


def test_label_names_the_file_in_problems(tmp_path: Path) -> None:
    """Problems name the file by the label the caller gives (as the user typed it)."""
    path = write(tmp_path / "bank.yaml", "title: T\n")
    with pytest.raises(BankError) as caught:
        load_deck(path, label="banks/bank.yaml")
    assert (
        str(caught.value)
        == "banks/bank.yaml:1: 'questions' is missing: list the questions under questions:"
    )


# -- load_decks --------------------------------------------------------------------


def test_load_decks_returns_every_deck_in_order(tmp_path: Path) -> None:
    """Good files all load, in the order given."""
    first = write(tmp_path / "b.yaml", TRUEFALSE_BANK.format(title="First"))
    second = write(tmp_path / "a.yaml", TRUEFALSE_BANK.format(title="Second"))
    assert [d.title for d in load_decks([first, second])] == ["First", "Second"]


def test_load_decks_reports_problems_of_every_file(tmp_path: Path) -> None:
    """One run reports the problems of all bad files, not just the first."""
    good = write(tmp_path / "good.yaml", TRUEFALSE_BANK.format(title="Good"))
    bad1 = write(tmp_path / "bad1.yaml", "title: T\n")
    bad2 = write(tmp_path / "bad2.yaml", "")
    with pytest.raises(BankError) as caught:
        load_decks([bad1, good, bad2])
    assert [str(p) for p in caught.value.problems] == [
        f"{bad1}:1: 'questions' is missing: list the questions under questions:",
        f"{bad2}:1: the file is empty; a bank needs at least a title and questions",
    ]


def test_load_decks_reports_duplicate_deck_ids(tmp_path: Path) -> None:
    """Two files with the same deck id (here from the same file name) are reported."""
    first = write(tmp_path / "week1" / "quiz.yaml", TRUEFALSE_BANK.format(title="One"))
    second = write(tmp_path / "week2" / "quiz.yml", TRUEFALSE_BANK.format(title="Two"))
    with pytest.raises(BankError) as caught:
        load_decks([first, second])
    assert [str(p) for p in caught.value.problems] == [
        f"{second}: deck id 'quiz' is also used by {first}; give one of them another `deck:` id"
    ]


def test_load_decks_reports_duplicate_explicit_deck_ids(tmp_path: Path) -> None:
    """Two files naming the same `deck:` id are reported, along with other files' problems."""
    first = write(tmp_path / "a.yaml", "deck: apec\n" + TRUEFALSE_BANK.format(title="A"))
    bad = write(tmp_path / "b.yaml", "[]\n")
    second = write(tmp_path / "c.yaml", "deck: apec\n" + TRUEFALSE_BANK.format(title="C"))
    with pytest.raises(BankError) as caught:
        load_decks([first, bad, second])
    assert [str(p) for p in caught.value.problems] == [
        f"{bad}:1: a bank must be a mapping with title: and questions: at the top",
        f"{second}: deck id 'apec' is also used by {first}; give one of them another `deck:` id",
    ]


# -- find_bank_files -----------------------------------------------------------------


def test_folder_is_searched_recursively_and_sorted(tmp_path: Path) -> None:
    """A folder yields its .yaml/.yml banks at any depth, sorted; other files and hidden folders are skipped."""
    for name in (
        "b.yaml",
        "a.yml",
        "sub/c.YAML",
        "sub/deeper/d.yaml",
        "notes.txt",
        "sub/readme.md",
        ".git/e.yaml",
        "sub/.drafts/f.yaml",
        "sub/.hidden.yaml",
    ):
        write(tmp_path / name, "")
    found = find_bank_files([tmp_path])
    assert [p.relative_to(tmp_path).as_posix() for p in found] == [
        "a.yml",
        "b.yaml",
        "sub/c.YAML",
        "sub/deeper/d.yaml",
    ]


def test_a_named_hidden_folder_is_still_searched(tmp_path: Path) -> None:
    """Only hidden folders *inside* the named folder are skipped, not the named folder itself."""
    bank = write(tmp_path / ".banks" / "a.yaml", "")
    assert find_bank_files([tmp_path / ".banks"]) == [bank]


def test_files_and_folders_mix_without_duplicates(tmp_path: Path) -> None:
    """Files are kept as named, and a file named twice is listed once."""
    a = write(tmp_path / "dir" / "a.yaml", "")
    b = write(tmp_path / "b.yaml", "")
    assert find_bank_files([b, tmp_path / "dir", a, str(b)]) == [b, a]


def test_missing_path_raises_bank_not_found(tmp_path: Path) -> None:
    """A path that does not exist is a usage error naming the path."""
    missing = tmp_path / "nope.yaml"
    with pytest.raises(BankNotFound) as caught:
        find_bank_files([missing])
    assert str(caught.value) == f"{missing}: no such file or folder"


def test_empty_folder_raises_bank_not_found(tmp_path: Path) -> None:
    """A folder with no banks (hidden ones do not count) is a usage error."""
    write(tmp_path / ".drafts" / "a.yaml", "")
    write(tmp_path / "notes.txt", "")
    with pytest.raises(BankNotFound) as caught:
        find_bank_files([str(tmp_path)])
    assert str(caught.value) == f"{tmp_path}: no .yaml or .yml banks in this folder"


def test_no_paths_means_the_bundled_banks() -> None:
    """With no paths, the banks that ship with quizapp are used."""
    found = find_bank_files([])
    assert [p.name for p in found] == ["apec-2025-korea-china.yaml"]
    assert all(p.parent == bundled_banks_dir() for p in found)
    assert load_decks(found)[0].id == "apec-2025-korea-china"
