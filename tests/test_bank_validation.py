"""The validator: every format rule gives one located, readable problem.

Each bad bank under tests/banks/bad/ breaks one rule; its file name says which.
The tests assert the exact text a teacher sees: `FILE:LINE: question ID: message`.
"""

from __future__ import annotations

import shutil
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
import yaml

from quizapp.bank import BankError, Deck, load_deck, validate
from quizapp.bank.loader import check_deck

BAD = Path(__file__).parent / "banks" / "bad"
GOOD = Path(__file__).parent / "banks" / "good"


def problems_of(path: Path) -> list[str]:
    """Load `path`, which must fail, and return its problems as printed."""
    with pytest.raises(BankError) as caught:
        load_deck(path)
    return [str(problem) for problem in caught.value.problems]


def write(tmp_path: Path, text: str, name: str = "bank.yaml") -> Path:
    """Write dedented YAML to a bank file under tmp_path."""
    path = tmp_path / name
    path.write_text(textwrap.dedent(text), encoding="utf-8")
    return path


# One bad bank per rule: (file, [problems as printed, with {file} for its path]).
ONE_RULE_EACH = [
    (
        "yaml-syntax-error.yaml",
        [
            "{file}:5: YAML syntax error at column 23: mapping values are not allowed in this context"
        ],
    ),
    (
        "duplicate-key-deck.yaml",
        [
            "{file}:8: duplicate key 'title' (first at line 1): "
            "YAML would silently keep only the last one; remove or rename one"
        ],
    ),
    (
        "duplicate-key-question.yaml",
        [
            "{file}:8: question q1: duplicate key 'answer' (first at line 7): "
            "YAML would silently keep only the last one; remove or rename one"
        ],
    ),
    (
        "unknown-key.yaml",
        [
            "{file}:3: question q1: 'answer' is missing",
            "{file}:7: question q1: unknown key 'answr'; did you mean 'answer'?",
        ],
    ),
    (
        "unknown-type.yaml",
        [
            "{file}:4: question q1: unknown type 'choise'; did you mean 'choice'? "
            "(use one of choice, multi, truefalse, text, number, order, cloze, match)"
        ],
    ),
    ("missing-prompt.yaml", ["{file}:3: question q1: 'prompt' is missing"]),
    ("empty-prompt.yaml", ["{file}:5: question q1: 'prompt' is empty"]),
    ("missing-answer.yaml", ["{file}:3: question q1: 'answer' is missing"]),
    (
        "answer-not-a-choice.yaml",
        [
            "{file}:7: question host: answer 'south korea' is not one of the choices; did you mean 'South Korea'?"
        ],
    ),
    ("duplicate-choices.yaml", ["{file}:9: question q1: duplicate choice 'seoul'"]),
    ("too-few-choices.yaml", ["{file}:6: question q1: give at least 2 choices"]),
    (
        "duplicate-question-ids.yaml",
        [
            "{file}:8: question q1: duplicate id: the question at line 3 has it too; ids must be unique in a deck"
        ],
    ),
    (
        "bad-id-characters.yaml",
        [
            "{file}:3: question Call_Length: ids may use only lowercase letters, digits and '-', like call-length"
        ],
    ),
    (
        "choice-list-answer.yaml",
        [
            "{file}:7: question q1: a choice question has exactly one answer; "
            "for several right answers use type: multi"
        ],
    ),
    (
        "multi-answer-not-subset.yaml",
        [
            "{file}:7: question q1: answer 'Currency union' is not one of the choices; "
            "copy it exactly from the choices"
        ],
    ),
    (
        "truefalse-answer-not-boolean.yaml",
        ["{file}:6: question q1: 'answer' must be true or false"],
    ),
    (
        "number-answer-not-a-number.yaml",
        ["{file}:6: question q1: 'answer' must be a number, not 'eleven'"],
    ),
    ("negative-tolerance.yaml", ["{file}:7: question q1: 'tolerance' cannot be negative"]),
    ("order-too-few-items.yaml", ["{file}:6: question q1: give at least 2 items to put in order"]),
    (
        "why-wrong-not-a-choice.yaml",
        ["{file}:9: question q1: why_wrong names 'Japan', which is not one of the choices"],
    ),
    (
        "why-wrong-right-answer.yaml",
        ["{file}:10: question q1: why_wrong names 'South Korea', which is a right answer"],
    ),
    (
        "typos-not-0-or-1.yaml",
        ["{file}:7: question q1: 'typos' must be 0 (exact spelling) or 1 (forgive one typo)"],
    ),
    (
        "top-level-not-a-mapping.yaml",
        ["{file}:1: a bank must be a mapping with title: and questions: at the top"],
    ),
    (
        "empty-file.yaml",
        ["{file}:1: the file is empty; a bank needs at least a title and questions"],
    ),
    (
        "billion-laughs.yaml",
        [
            "{file}:2: unknown key 'a'; known keys: deck, title, description, as_of, source, briefing, settings, questions",
            "{file}:3: aliases (*name) are not allowed in a bank; write the value out in full (73 aliases in this file)",
            *(
                f"{{file}}:{line}: unknown key '{key}'; known keys: deck, title, description, as_of, source, briefing, settings, questions"
                for line, key in zip(range(3, 11), "bcdefghi", strict=True)
            ),
        ],
    ),
    (
        "deep-nesting.yaml",
        [
            "{file}:2: YAML syntax error at column 1011: lists or blocks are nested too deeply "
            "(over 1,000 levels) to be a bank"
        ],
    ),
    (
        "nested-too-deep.yaml",
        [
            "{file}:6: question q1: nested more than 64 levels deep",
            "{file}:6: question q1: choices item 1 must be text",
            "{file}:6: question q1: give at least 2 choices",
        ],
    ),
    (
        "missing-questions.yaml",
        ["{file}:1: 'questions' is missing: list the questions under questions:"],
    ),
    (
        "python-tag-scalar.yaml",
        [
            "{file}:5: question q1: the tag !!python/object/apply:os.system "
            "is not allowed: a bank holds plain text, numbers and lists"
        ],
    ),
    (
        "not-utf8.yaml",
        ["{file}:6: not UTF-8 text (byte 107: 0xe9); save the file as UTF-8 in your editor"],
    ),
    (
        "tab-indentation.yaml",
        [
            "{file}:4: YAML syntax error at column 1: a tab is used for indentation; YAML needs spaces"
        ],
    ),
    (
        "cloze-no-blank.yaml",
        [
            "{file}:5: question q1: a cloze prompt needs at least one blank: write the answer "
            "in it as {{{{answer}}}} (or {{{{answer|also accepted}}}})"
        ],
    ),
    (
        "cloze-unbalanced.yaml",
        [
            "{file}:7: question q1: the blank at '{{{{November, with Xi exp…' is never closed: "
            "end it with '}}}}'",
            "{file}:8: question q1: '}}}}' closes no blank (at '}}}} minutes.'): remove it, "
            "or open the blank with '{{{{'",
        ],
    ),
    (
        "cloze-choice-not-an-answer.yaml",
        [
            "{file}:7: question q1: blank 1's answer 'Gyeongju' is not one of its choices; "
            "did you mean 'Gyeongu'?",
            "{file}:8: question q1: choices names blank '3', but the prompt has 2 blanks: "
            "use a number from 1 to 2",
        ],
    ),
    ("match-too-few-pairs.yaml", ["{file}:6: question q1: give at least 2 pairs to match"]),
    (
        "match-duplicate-right.yaml",
        [
            "{file}:8: question q1: 'South Korea' is the match of both 'Lee Jae-myung' and "
            "'Yoon Suk Yeol': each right-hand item must be different",
            "{file}:9: question q1: extra item 'china' is listed twice",
            "{file}:11: question q1: why_wrong names 'Lee Jaemyung', which is not a left item of "
            "the pairs; did you mean 'Lee Jae-myung'? (a match question's why_wrong says why a "
            "left item's wrong match is wrong)",
        ],
    ),
]


@pytest.mark.parametrize(
    ("name", "expected"), ONE_RULE_EACH, ids=[name for name, _ in ONE_RULE_EACH]
)
def test_each_rule_gives_its_located_problem(name: str, expected: list[str]) -> None:
    """Each broken rule is reported with file, line, question id and a fixable message."""
    path = BAD / name
    assert problems_of(path) == [line.format(file=path) for line in expected]


def test_every_bad_bank_has_a_test() -> None:
    """No bad bank fixture sits unused (a renamed rule would otherwise go untested)."""
    tested = {name for name, _ in ONE_RULE_EACH} | {
        "several-problems.yaml",
        "anchors-aliases.yaml",
        "python-tag.yaml",
        "python-tag-sequence.yaml",
        "tab-indentation-nested.yaml",
        "control-characters.yaml",
    }
    assert {p.name for p in BAD.glob("*.yaml")} == tested


def test_several_problems_are_all_reported_sorted_by_line() -> None:
    """One run lists every problem of a file, in line order (YAML-level ones included)."""
    path = BAD / "several-problems.yaml"
    assert problems_of(path) == [
        f"{path}:7: question q1: 'tolerance' cannot be negative",
        f"{path}:10: question q2: 'prompt' is empty",
        f"{path}:12: question q2: answer 'C' is not one of the choices; copy it exactly from the choices",
        f"{path}:16: question q3: duplicate key 'prompt' (first at line 15): "
        "YAML would silently keep only the last one; remove or rename one",
        f"{path}:17: question q3: give at least 2 items to put in order",
        f"{path}:18: question q1: duplicate id: the question at line 3 has it too; ids must be unique in a deck",
    ]


@pytest.mark.parametrize(
    ("mapping", "text", "expected"),
    [
        (
            "source",
            """\
            title: T
            source:
              title: One
              title: Two
            questions:
              - {id: q1, type: truefalse, prompt: P, answer: true}
            """,
            "{file}:4: duplicate key 'title' (first at line 3): "
            "YAML would silently keep only the last one; remove or rename one",
        ),
        (
            "why_wrong",
            """\
            title: T
            questions:
              - id: q1
                type: choice
                prompt: P
                choices: [A, B, C]
                answer: A
                why_wrong:
                  B: First note.
                  B: Second note.
            """,
            "{file}:10: question q1: duplicate key 'B' (first at line 9): "
            "YAML would silently keep only the last one; remove or rename one",
        ),
    ],
)
def test_duplicate_key_in_nested_mapping(
    tmp_path: Path, mapping: str, text: str, expected: str
) -> None:
    """A duplicate key is caught in any mapping, not only the top two levels."""
    path = write(tmp_path, text)
    assert problems_of(path) == [expected.format(file=path)]


def test_unknown_deck_key_suggests_the_close_one(tmp_path: Path) -> None:
    """A misspelt deck-level key gets a did-you-mean, and the key it was meant to be is missing."""
    path = write(
        tmp_path,
        """\
        titel: T
        questions:
          - {id: q1, type: truefalse, prompt: P, answer: true}
        """,
    )
    assert problems_of(path) == [
        f"{path}:1: unknown key 'titel'; did you mean 'title'?",
        f"{path}:1: 'title' is missing",
    ]


def test_unknown_key_valid_for_another_type_says_which(tmp_path: Path) -> None:
    """A key that belongs to another question type says which types use it."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: choice
            prompt: P
            choices: [A, B]
            answer: A
            tolerance: 1
        """,
    )
    assert problems_of(path) == [
        f"{path}:8: question q1: unknown key 'tolerance'; it is not used by choice questions (only by number)"
    ]


# -- YAML features that a bank must not use ------------------------------------


def test_python_tag_is_refused_and_never_executed(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """An os.system tag never runs: loading fails and its marker file is not created."""
    monkeypatch.chdir(tmp_path)
    with pytest.raises(BankError):
        load_deck(BAD / "python-tag.yaml")
    with pytest.raises(BankError):
        load_deck(BAD / "python-tag-scalar.yaml")
    assert not (tmp_path / "quizapp-pwned").exists()


@pytest.mark.skipif(
    shutil.which("touch") is None, reason="needs a POSIX `touch` for the control run"
)
def test_python_tag_fixture_is_a_live_payload(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """Control: an unsafe YAML loader would run the fixture's payload, so the test above can fail."""
    monkeypatch.chdir(tmp_path)
    yaml.unsafe_load((BAD / "python-tag.yaml").read_text(encoding="utf-8"))
    assert (tmp_path / "quizapp-pwned").exists()


@pytest.mark.parametrize(
    ("name", "line"), [("python-tag.yaml", 5), ("python-tag-sequence.yaml", 6)]
)
def test_python_tag_on_a_list_is_refused_by_name(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, line: int
) -> None:
    """A python tag on a list (the usual payload form) is named and refused, like on a scalar."""
    monkeypatch.chdir(tmp_path)
    path = BAD / name
    assert problems_of(path) == [
        f"{path}:{line}: question q1: the tag !!python/object/apply:os.system "
        "is not allowed: a bank holds plain text, numbers and lists"
    ]
    assert not (tmp_path / "quizapp-pwned").exists()


def test_anchors_and_aliases_are_refused() -> None:
    """A bank using & and * does not load, and the message names the feature."""
    path = BAD / "anchors-aliases.yaml"
    problems = problems_of(path)
    assert any(
        p.endswith(
            "question q2: aliases (*name) are not allowed in a bank; write the value out in full"
        )
        for p in problems
    )


def test_alias_problem_points_at_the_alias() -> None:
    """The alias problem points at the line where `*name` is used, inside the question it names."""
    path = BAD / "anchors-aliases.yaml"
    assert (
        f"{path}:11: question q2: aliases (*name) are not allowed in a bank; write the value out in full"
        in problems_of(path)
    )


def test_tab_indenting_a_nested_mapping_is_explained() -> None:
    """A tab indenting a nested key gets the plain 'a tab is used' message, like other tabs."""
    path = BAD / "tab-indentation-nested.yaml"
    assert problems_of(path) == [
        f"{path}:3: YAML syntax error at column 1: a tab is used for indentation; YAML needs spaces"
    ]


def test_tab_indenting_a_nested_mapping_is_located() -> None:
    """Even with libyaml's wording, a tab in a nested mapping is reported at its line and column."""
    path = BAD / "tab-indentation-nested.yaml"
    problems = problems_of(path)
    assert len(problems) == 1
    assert problems[0].startswith(f"{path}:3: YAML syntax error at column 1: ")


# -- encodings -------------------------------------------------------------------


def test_utf8_bom_is_accepted() -> None:
    """A file saved 'UTF-8 with BOM' (Windows editors) loads; the BOM is not part of the title."""
    path = GOOD / "utf8-bom.yaml"
    assert path.read_bytes().startswith(b"\xef\xbb\xbf")
    deck = load_deck(path)
    assert deck.title == "Café bank"
    assert deck.questions[0].accepted == ("café",)


def test_file_over_the_size_limit_is_refused(tmp_path: Path) -> None:
    """A file bigger than the byte limit is refused before parsing, with its size."""
    path = write(tmp_path, "title: T\n")
    with pytest.raises(BankError) as caught:
        load_deck(path, max_bytes=5)
    assert [str(p) for p in caught.value.problems] == [
        f"{path}: the file is 9 bytes, over the limit of 5 bytes for a bank; split it into "
        "several banks, or raise the limit with --max-bank-mb"
    ]


# -- plain scalars that YAML would turn into something else ------------------------------


def test_yes_no_choices_are_read_as_written(tmp_path: Path) -> None:
    """`choices: [Yes, No]` with `answer: Yes` keeps the words, not True/False."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: choice
            prompt: Did Xi accept?
            choices: [Yes, No, Not yet]
            answer: Not yet
            why_wrong:
              Yes: The article reports no acceptance.
          - id: q2
            type: choice
            prompt: Was it a phone call?
            choices: [Yes, No]
            answer: Yes
          - id: q3
            type: text
            prompt: One word for a denial?
            answer: No
        """,
    )
    first, second, third = load_deck(path).questions
    assert first.choices == ("Yes", "No", "Not yet")
    assert first.why_wrong == {"Yes": "The article reports no acceptance."}
    assert second.correct_choices == frozenset({"Yes"})
    assert second.answer_text == "Yes"
    assert third.accepted == ("No",)


def test_number_like_choices_are_read_as_written(tmp_path: Path) -> None:
    """`1.50` and `011` as choices stay as typed, not 1.5 and 9 or 11."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: choice
            prompt: Which?
            choices: [1.50, "011", 2025-06-10]
            answer: 1.50
        """,
    )
    question = load_deck(path).questions[0]
    assert question.choices == ("1.50", "011", "2025-06-10")
    assert question.correct_choices == frozenset({"1.50"})


def test_multi_with_a_list_of_yes_is_read_as_written(tmp_path: Path) -> None:
    """A multi answer written as a list `[Yes]` keeps the word Yes."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: multi
            prompt: Which?
            choices: [Yes, No, Maybe]
            answer: [Yes, Maybe]
        """,
    )
    assert load_deck(path).questions[0].correct_choices == frozenset({"Yes", "Maybe"})


def test_multi_with_a_single_yes_answer_is_read_as_written(tmp_path: Path) -> None:
    """A multi answer written as one scalar `Yes` keeps the word Yes, as for a choice question."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: multi
            prompt: Which?
            choices: [Yes, No, Maybe]
            answer: Yes
        """,
    )
    deck: Deck = load_deck(path)
    assert deck.questions[0].correct_choices == frozenset({"Yes"})


def test_yaml_level_problem_names_the_question_id_as_written(tmp_path: Path) -> None:
    """A duplicate key in question `012` is reported for question 012, as every other problem is."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: 012
            type: truefalse
            prompt: P
            prompt: Q
            answer: true
        """,
    )
    assert problems_of(path) == [
        f"{path}:6: question 012: duplicate key 'prompt' (first at line 5): "
        "YAML would silently keep only the last one; remove or rename one"
    ]


def test_choices_split_at_commas_are_explained(tmp_path: Path) -> None:
    """An answer missing because a [...] list split at its commas says so, and how to fix it."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: distance
            type: choice
            prompt: How far away is the Moon?
            choices: [3,840 km, 384,000 km, 3.84 million km]
            answer: 384,000 km
        """,
    )
    assert problems_of(path) == [
        f"{path}:7: question distance: answer '384,000 km' is not one of the choices: the choices "
        "were split at their commas; put quotes around a choice that contains a comma "
        "(\"384,000 km\") or write one choice per line starting with '- '"
    ]


def test_an_unclosed_list_is_named_with_the_line_it_starts_on(tmp_path: Path) -> None:
    """A syntax error names the open [...] list and its first line, not just where reading stopped."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: choice
            topic: [Planets
            prompt: Which?
            choices: [a, b]
            answer: a
        """,
    )
    assert problems_of(path) == [
        f"{path}:6: YAML syntax error at column 11: did not find expected ',' or ']' in the [...] "
        "list that starts at line 5; check its closing ], and put quotes around items that contain a comma"
    ]


# -- characters a terminal would obey ------------------------------------------------------


def test_control_characters_and_bidi_overrides_are_problems_with_their_lines() -> None:
    """ESC, BEL, C1 controls and a right-to-left override in a bank are each named, with the line."""
    bank = Path(__file__).parent / "banks" / "bad" / "control-characters.yaml"
    with pytest.raises(BankError) as caught:
        load_deck(bank)
    lines = [(p.line, p.question_id, p.message.split(":")[0]) for p in caught.value.problems]
    assert lines == [
        (2, None, "'title' holds U+001B (ESC), U+0007 (BEL)"),
        (6, "q1", "'prompt' holds U+001B (ESC)"),
        (7, "q1", "'choices' item 2 holds U+202E (RIGHT-TO-LEFT OVERRIDE)"),
        (9, "q1", "'explanation' holds U+001B (ESC), U+0007 (BEL)"),
    ]


def test_a_raw_control_character_in_the_file_names_its_line_and_column(tmp_path: Path) -> None:
    """A raw ESC byte (not an escape) is not YAML at all: one located message."""
    bank = tmp_path / "raw.yaml"
    bank.write_bytes(
        b'title: Drill\nquestions:\n  - {id: a, type: truefalse, prompt: "Hi\x1b[2J", answer: true}\n'
    )
    with pytest.raises(BankError) as caught:
        load_deck(bank)
    [problem] = caught.value.problems
    assert problem.line == 3
    assert problem.message.startswith("column 41: the file holds U+001B (ESC), a control character")


# -- one mistake, one message ----------------------------------------------------------------

SPLIT_FIX = (
    "write that whole value on one line, in quotes: unquoted, a colon before a space or the "
    "end of the line starts a new key"
)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (
            """\
            title: T
            questions:
              - id: host
                type: choice
                prompt: Which country hosts?
                choices: [South Korea, China, Japan]
                answer: South
                Korea: the host
            """,
            "{file}:8: question host: unknown key 'Korea'; if this line continues 'answer' from "
            "line 7, " + SPLIT_FIX,
        ),
        (
            """\
            title: T
            questions:
              - id: office
                type: truefalse
                prompt:
                Lee holds one office: the presidency.
                answer: true
            """,
            "{file}:6: question office: unknown key 'Lee holds one office'; if this line "
            "continues 'prompt' from line 5, " + SPLIT_FIX,
        ),
        (
            """\
            title: T
            questions:
              - id: request
                type: choice
                prompt: What did Lee ask of China?
                choices: [Take a constructive part in peace efforts, Keep out of it, Mediate]
                answer: Take a constructive
                part: in peace efforts
            """,
            "{file}:8: question request: unknown key 'part'; if this line continues 'answer' "
            "from line 7, " + SPLIT_FIX,
        ),
        (
            """\
            title: T
            questions:
              - id: role
                type: choice
                prompt: Which office does Lee hold?
                choices:
                  - President of
                South Korea: the head of state
                  - Prime Minister
                  - Speaker
                answer: President of South Korea
                why_wrong:
                  Speaker: Not him.
            """,
            "{file}:8: question role: unknown key 'South Korea'; if this line continues "
            "'choices' item 1 from line 7, " + SPLIT_FIX,
        ),
    ],
    ids=["answer-cut", "empty-prompt", "key-like-word", "choice-cut"],
)
def test_a_value_split_onto_the_next_line_gives_one_message(
    tmp_path: Path, text: str, expected: str
) -> None:
    """A value continued on the next line without indentation, where `: ` makes the rest a key:
    one message at that line, not one for the key, one for the cut value, and more for what
    was checked against it (the answer against choices the split cut short)."""
    path = write(tmp_path, text)
    assert problems_of(path) == [expected.format(file=path)]


def test_a_misspelt_key_under_a_sound_value_is_a_misspelt_key(tmp_path: Path) -> None:
    """Only a broken value above makes a key-like word read as its continuation."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: q1
            type: truefalse
            prompt: Lee phoned Xi.
            answer: true
            colour: red
        """,
    )
    assert problems_of(path) == [
        f"{path}:7: question q1: unknown key 'colour'; known keys: id, type, prompt, "
        "explanation, hint, topic, section, evidence, difficulty, points, time_limit, answer"
    ]


def test_a_choice_written_as_key_and_value_says_why(tmp_path: Path) -> None:
    """`- President: of Korea` is a mapping, not text: the colon is named, and the answer is
    not also reported missing from choices that are broken anyway."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: role
            type: choice
            prompt: Which office?
            choices:
              - President: of Korea
              - Premier
              - Speaker
            answer: "President: of Korea"
        """,
    )
    assert problems_of(path) == [
        f"{path}:7: question role: choices item 1 must be text (the colon in it makes a key "
        "and a value: put the whole item in quotes)"
    ]


# -- did you mean ------------------------------------------------------------------------------


def test_why_wrong_for_a_misspelt_choice_suggests_it(tmp_path: Path) -> None:
    """A why_wrong key one slip from a wrong choice gets a did-you-mean; the right answer is
    never suggested (a note for it would be a second mistake)."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - id: host
            type: choice
            prompt: Who hosts?
            choices: [South Korea, China, Japan]
            answer: South Korea
            why_wrong:
              Chnia: China is the guest.
              South Koreaa: Not a wrong choice.
        """,
    )
    assert problems_of(path) == [
        f"{path}:9: question host: why_wrong names 'Chnia', which is not one of the choices; "
        "did you mean 'China'?",
        f"{path}:10: question host: why_wrong names 'South Koreaa', which is not one of the "
        "choices",
    ]


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        (
            "{id: steps, type: order, prompt: Earliest first., choices: [A, B, C]}",
            [
                "{file}:3: question steps: unknown key 'choices'; did you mean 'items'? An order "
                "question lists its items in the right order (they are shown shuffled)",
                "{file}:3: question steps: 'items' is missing: list the items in the right order",
            ],
        ),
        (
            "{id: steps, type: order, prompt: Earliest first., items: [The call, The vote, the call]}",
            [
                "{file}:3: question steps: items 1 and 3 are the same ('The call' and "
                "'the call'); each item must be different"
            ],
        ),
        (
            "{id: pick, type: choice, prompt: Which?, items: [A, B, C], answer: A}",
            [
                "{file}:3: question pick: unknown key 'items'; did you mean 'choices'? "
                "(`items` are for order questions)",
                "{file}:3: question pick: 'choices' is missing: list the options as "
                "choices: [first, second, ...]",
            ],
        ),
    ],
    ids=["choices-on-order", "duplicate-items", "items-on-choice"],
)
def test_order_items_problems_say_which_and_what_was_meant(
    tmp_path: Path, question: str, expected: list[str]
) -> None:
    """`choices` and `items` mixed up get a did-you-mean; two equal items are named."""
    path = write(tmp_path, f"title: T\nquestions:\n  - {question}\n")
    assert problems_of(path) == [line.format(file=path) for line in expected]


def test_a_number_with_thousands_commas_says_to_remove_them(tmp_path: Path) -> None:
    """`'2,400,000'` is text to YAML; the fix is spelt out."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - {id: crowd, type: number, prompt: How many came?, answer: '2,400,000'}
          - id: decimal
            type: number
            prompt: How many?
            answer: 2,4
        """,
    )
    assert problems_of(path) == [
        f"{path}:3: question crowd: 'answer' must be a number, not '2,400,000'; write 2400000, "
        "without the commas",
        f"{path}:7: question decimal: 'answer' must be a number, not '2,4'",
    ]


def test_a_partial_deck_holds_the_sound_questions(tmp_path: Path) -> None:
    """`check_deck` gives every problem and, for the linter, the questions that passed."""
    path = write(
        tmp_path,
        """\
        title: T
        questions:
          - {id: good, type: truefalse, prompt: Lee phoned Xi., answer: true}
          - {id: bad, type: truefalse, prompt: Xi phoned Lee., answer: maybe}
          - {id: Bad_Id, type: truefalse, prompt: P., answer: true}
        """,
    )
    deck, problems = check_deck(path)
    assert deck is not None
    assert [q.id for q in deck.questions] == ["good"]
    assert [p.question_id for p in problems] == ["bad", "Bad_Id"]


def test_many_split_lines_are_matched_to_their_problems_linearly(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """3,000 split answers: each message is matched to its split by its place, not by trying
    all 3,000 splits (9 million checks)."""
    checks = 0
    explains = validate._Continuation.explains

    def counted(self: validate._Continuation, where: tuple[object, ...]) -> bool:
        nonlocal checks
        checks += 1
        return explains(self, where)

    monkeypatch.setattr(validate._Continuation, "explains", counted)
    path = write(
        tmp_path,
        "title: T\nquestions:\n"
        + "".join(
            f"  - id: q{n}\n    type: choice\n    prompt: Which?\n"
            "    choices: [South Korea, China]\n    answer: South\n    Korea: the host\n"
            for n in range(3_000)
        ),
    )
    problems = problems_of(path)
    assert len(problems) == 3_000
    assert (
        problems[0] == f"{path}:8: question q0: unknown key 'Korea'; if this line continues "
        "'answer' from line 7, " + SPLIT_FIX
    )
    assert checks <= 2 * len(problems)


def test_a_big_folder_checked_on_every_core_gives_what_one_process_gives() -> None:
    """Worker processes read the same decks and problems as one process, in file order.

    In a Python of its own: the workers are forked, and pytest's process has threads.
    """
    program = textwrap.dedent(
        """
        import sys
        from pathlib import Path
        from quizapp.bank import loader
        banks = Path(sys.argv[1])
        files = loader.find_bank_files([banks / "good", banks / "bad"])
        here = [loader.check_deck(path) for path in files]
        assert loader._check_in_workers(files, loader.DEFAULT_MAX_BYTES, workers=2) == here
        one_process = loader.check_decks(files)
        loader.PARALLEL_FROM_BYTES = 0  # as if the folder were big
        every_core = loader.check_decks(files)
        assert every_core.decks == one_process.decks
        assert [str(p) for p in every_core.problems] == [str(p) for p in one_process.problems]
        print(len(files), len(one_process.problems))
        """
    )
    banks = Path(__file__).parent / "banks"
    done = subprocess.run(
        [sys.executable, "-c", program, str(banks)],
        capture_output=True,
        text=True,
        cwd=Path(__file__).resolve().parent.parent,
        timeout=120,
        check=False,
    )
    assert done.returncode == 0, done.stderr
    files, problems = map(int, done.stdout.split())
    assert files > len(list((banks / "bad").glob("*.yaml")))
    assert problems >= len(list((banks / "bad").glob("*.yaml")))
