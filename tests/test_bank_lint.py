"""The bank linter: one bank per rule, each with the exact warning it must give."""

from __future__ import annotations

import subprocess
import sys
import textwrap
from collections.abc import Iterator
from pathlib import Path

import pytest

from quizapp.bank import lint, load_deck, load_decks
from quizapp.bank.lint import lint_decks
from quizapp.bank.model import Question
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
    "answer-in-other-question.yaml": (
        4,
        "question city: warning: venue's prompt gives away the answer of city ('Gyeongju'): "
        "students who meet both can copy it; reword one of them",
    ),
    "answer-in-hint.yaml": (
        4,
        "question city: warning: the hint gives the answer away ('Gyeongju' appears in it): "
        "reword the hint so that it points the way instead",
    ),
    "same-position.yaml": (
        4,
        "warning: the right choice is written first in 3 of 4 choice questions (capital, "
        "president, guest): shuffling hides this from students, but `--no-shuffle` and printed "
        "or exported copies give it away; spread the right answers over the positions",
    ),
    "same-multi-count.yaml": (
        4,
        "warning: all 3 multi questions have 2 right answers (themes, callers, hosts): students "
        "learn to pick 2; vary how many are right",
    ),
    "absolute-words.yaml": (
        4,
        "question stance: warning: only wrong choices say 'never' and 'always': test-wise "
        "students rule out absolute choices without knowing the answer; reword them, or let a "
        "right choice be absolute too",
    ),
    "truefalse-one-way.yaml": (
        4,
        "warning: 4 of 5 true/false questions are true (phoned, invited, congratulated, "
        "half-hour): always answering true scores 80%; make some of them false statements",
    ),
    "repeated-warning.yaml": (
        4,
        "warning: no explanation in 3 questions: phoned, invited, accepted — add `explanation:` "
        "saying why the answer is right; students read it after answering",
    ),
}
CLEAN = LINT / "clean.yaml"
"""Every question type, each deck-wide rule just short of its threshold: no warning."""


def run_quizapp(*args: str) -> subprocess.CompletedProcess[str]:
    """`python -m quizapp ARGS` in a fresh interpreter, as a teacher runs it."""
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def bank(tmp_path: Path, questions: str, name: str = "bank.yaml") -> Path:
    """A dated bank holding `questions` (YAML list items, dedented)."""
    path = tmp_path / name
    path.write_text(
        "title: T\nas_of: 2025-06-10\nquestions:\n"
        + textwrap.indent(textwrap.dedent(questions), "  "),
        encoding="utf-8",
    )
    return path


def warnings_of(path: Path) -> list[str]:
    return [str(w) for w in lint_decks([load_deck(path)])]


def test_every_lint_bank_has_an_expected_warning() -> None:
    """No rule's bank is left without its check."""
    assert {p.name for p in LINT.glob("*.yaml")} == {*EXPECTED_WARNINGS, CLEAN.name}


def test_a_clean_bank_gets_no_warning() -> None:
    """A bank that uses every type and stays just inside every rule passes `--strict`."""
    assert warnings_of(CLEAN) == []
    result = run_quizapp("validate", "--strict", str(CLEAN))
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        "OK: 14 questions in 1 deck\n",
        "",
    )


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


# -- all problems in one run --------------------------------------------------------------


def test_a_broken_question_does_not_hide_the_warnings_of_the_others(tmp_path: Path) -> None:
    """One run says everything: the broken question's problem and the others' warnings, by line."""
    path = bank(
        tmp_path,
        """\
        - id: host
          type: choice
          prompt: Which country hosts the summit?
          choices: [South Korea, China, Japan]
          answer: South Korea
          explanation: E.
        - id: broken
          type: choice
          prompt: Who was invited?
          choices: [Xi, Putin, Modi]
          answer: Xy
          explanation: E.
        - id: bare
          type: truefalse
          prompt: The call lasted about 30 minutes.
          answer: true
        """,
    )
    result = run_quizapp("validate", str(path))
    assert result.returncode == 1
    assert result.stderr == ""
    assert result.stdout.splitlines() == [
        f"{path}:14: question broken: answer 'Xy' is not one of the choices; copy it exactly "
        "from the choices",
        f"{path}:16: question bare: warning: no explanation: add `explanation:` saying why the "
        "answer is right; students read it after answering",
        "quizapp: 1 problem and 1 warning found; fix the bank and try again",
    ]


def test_a_question_with_a_yaml_problem_is_not_linted(tmp_path: Path) -> None:
    """Only sound questions are linted: a duplicate key's question gets its problem, no warning."""
    path = bank(
        tmp_path,
        """\
        - id: twice
          type: truefalse
          prompt: Lee phoned Xi.
          prompt: Xi phoned Lee.
          answer: true
        """,
    )
    result = run_quizapp("validate", str(path))
    assert result.stdout.splitlines() == [
        f"{path}:7: question twice: duplicate key 'prompt' (first at line 6): YAML would "
        "silently keep only the last one; remove or rename one",
        "quizapp: 1 problem found; fix the bank and try again",
    ]


# -- grouping ------------------------------------------------------------------------------


def test_a_rule_met_twice_stays_two_lines(tmp_path: Path) -> None:
    """Two warnings read as easily as one line, and keep their details."""
    path = bank(
        tmp_path,
        """\
        - {id: one, type: truefalse, prompt: Lee phoned Xi., answer: true}
        - {id: two, type: truefalse, prompt: Xi phoned Lee., answer: false}
        """,
    )
    assert [w.split(": warning: ")[0] for w in warnings_of(path)] == [
        f"{path}:4: question one",
        f"{path}:5: question two",
    ]


def test_a_grouped_line_lists_each_question_with_its_detail(tmp_path: Path) -> None:
    """Grouped, the prompt rule still says which answer each prompt gives away."""
    path = bank(
        tmp_path,
        """\
        - {id: a, type: text, prompt: Is Gyeongju the host city?, answer: Gyeongju, explanation: E.}
        - {id: b, type: text, prompt: Is Seoul the capital?, answer: Seoul, explanation: E.}
        - {id: c, type: number, prompt: Did 11 leaders come?, answer: 11, explanation: E.}
        """,
    )
    assert warnings_of(path) == [
        f"{path}:4: warning: the prompt gives the answer away in 3 questions: a ('Gyeongju'), "
        "b ('Seoul'), c ('11') — reword those prompts"
    ]


def test_a_long_group_lists_ten_questions_and_counts_the_rest(tmp_path: Path) -> None:
    """Fifteen questions without an explanation: ten ids, then how many more."""
    path = bank(
        tmp_path,
        "".join(
            f"- {{id: q{n}, type: truefalse, prompt: Statement {n}., answer: {n % 2 == 0}}}\n"
            for n in range(15)
        ),
    )
    assert warnings_of(path) == [
        f"{path}:4: warning: no explanation in 15 questions: q0, q1, q2, q3, q4, q5, q6, q7, q8, "
        "q9, … and 5 more — add `explanation:` saying why the answer is right; students read it "
        "after answering"
    ]


# -- each rule's limits ----------------------------------------------------------------------


def test_an_answer_given_away_by_several_questions_lists_them(tmp_path: Path) -> None:
    """One warning for the answer, naming every question that gives it away and where."""
    path = bank(
        tmp_path,
        """\
        - {id: city, type: text, prompt: Where do they meet?, answer: Gyeongju, explanation: E.}
        - {id: venue, type: truefalse, prompt: They meet in Gyeongju., answer: true, explanation: E.}
        - id: route
          type: order
          prompt: Order the stops.
          items: [Seoul, Gyeongju, Incheon]
          explanation: E.
        - id: where
          type: choice
          prompt: Which city is on the coast?
          choices: [Busan, Gyeongju, Daegu]
          answer: Busan
          hint: Not Gyeongju.
          explanation: E.
        """,
    )
    assert warnings_of(path) == [
        f"{path}:4: question city: warning: the answer of city ('Gyeongju') stands in 3 other "
        "questions: venue's prompt, route's items, where's hint; students can copy it from them: "
        "reword those, or ask city another way"
    ]


def test_a_choice_answer_among_other_choices_gives_nothing_away(tmp_path: Path) -> None:
    """The same country as an option of two questions states nothing; a typed answer shown as
    an option does, and a number is found with its unit, singular or plural."""
    path = bank(
        tmp_path,
        """\
        - id: host
          type: choice
          prompt: Which country hosts?
          choices: [South Korea, China, Japan]
          answer: South Korea
          explanation: E.
        - id: guest
          type: choice
          prompt: Which country is the guest?
          choices: [China, South Korea, Japan]
          answer: China
          explanation: E.
        - {id: gap, type: number, prompt: How long since the last visit?, answer: 11, unit: years, explanation: E.}
        - id: visit
          type: choice
          prompt: What would the visit end?
          choices: [An 11-year gap, A trade war, A border dispute]
          answer: A trade war
          explanation: E.
        """,
    )
    assert warnings_of(path) == [
        f"{path}:16: question gap: warning: visit's choices give away the answer of gap "
        "('11 years'): students who meet both can copy it; reword one of them"
    ]


@pytest.mark.parametrize(
    ("questions", "why"),
    [
        (
            "".join(
                f"- {{id: q{n}, type: choice, prompt: P{n}?, choices: [Right{n}, Wrong{n}x, Other{n}y],"
                f" answer: Right{n}, explanation: E.}}\n"
                for n in range(3)
            ),
            "3 choice questions, all first: too few to tell",
        ),
        (
            "".join(
                f"- {{id: q{n}, type: choice, prompt: P{n}?, choices: {choices},"
                f" answer: Right, explanation: E.}}\n"
                for n, choices in enumerate(
                    [
                        "[Right, Wrong, Other]",
                        "[Right, Wrong, Other]",
                        "[Wrong, Right, Other]",
                        "[Other, Wrong, Right]",
                    ]
                )
            ),
            "first in 2 of 4: half, not more",
        ),
        (
            "".join(
                f"- {{id: q{n}, type: multi, prompt: P{n}?, choices: [A, B, C, D], answer: [A, B],"
                " explanation: E.}\n"
                for n in range(2)
            ),
            "2 multi questions with 2 right answers: too few to tell",
        ),
        (
            "".join(
                f"- {{id: q{n}, type: truefalse, prompt: Statement {n}., answer: true,"
                " explanation: E.}\n"
                for n in range(3)
            ),
            "3 true/false questions, all true: too few to tell",
        ),
        (
            "- {id: q, type: choice, prompt: P?, choices: [Only A, Never B, Always C],"
            " answer: Only A, explanation: E.}\n",
            "the right choice is absolute too",
        ),
    ],
    ids=["three-choice-questions", "half-first", "two-multi", "three-truefalse", "absolute-right"],
)
def test_rules_stay_quiet_short_of_their_limits(tmp_path: Path, questions: str, why: str) -> None:
    """Each deck-wide rule needs enough questions, and more than its share, before it speaks."""
    assert warnings_of(bank(tmp_path, questions)) == [], why


def test_none_of_the_above_is_not_an_absolute_word(tmp_path: Path) -> None:
    """`None of the above` gets its own warning, not a second one for the word `none`."""
    path = bank(
        tmp_path,
        "- {id: q, type: choice, prompt: P?, choices: [Some, Most, None of the above],"
        " answer: Some, explanation: E.}\n",
    )
    assert [w.split(": warning: ")[1].split(" ")[0] for w in warnings_of(path)] == ["'None"]


def test_thousands_of_questions_sharing_an_answer_stay_linear(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """2,000 questions answered `South Korea` and 2,000 prompts naming it would be 4 million
    matches; the search stops at its budget, and says so, instead of running for minutes."""
    matches = 0
    found_in = lint._AnswerIndex.found_in

    def counted(self: lint._AnswerIndex, words: list[str]) -> Iterator[tuple[str, Question, str]]:
        nonlocal matches
        for match in found_in(self, words):
            matches += 1
            yield match

    monkeypatch.setattr(lint._AnswerIndex, "found_in", counted)
    path = bank(
        tmp_path,
        "".join(
            f"- {{id: host-{n}, type: text, prompt: Which country is number {n}?,"
            f" answer: South Korea, explanation: E.}}\n"
            f"- {{id: fact-{n}, type: truefalse, prompt: South Korea hosts summit {n}.,"
            f" answer: {n % 2 == 0}, explanation: E.}}\n"
            for n in range(2_000)
        ),
    )
    warnings = warnings_of(path)
    budget = lint.MIN_GIVEAWAY_CHECKS + lint.GIVEAWAY_CHECKS_PER_QUESTION * 4_000
    assert matches <= budget + 2
    assert [w.split(": warning: ")[1][:40] for w in warnings] == [
        "so many questions share an answer, or re",
        "the answers of 2000 questions stand in o",
    ]


def test_a_text_holding_many_answers_names_every_one(tmp_path: Path) -> None:
    """Twelve typed answers among one question's choices (more than `FEW_HITS` distinct words
    to look at, so found in one pass over the words): each is named, in question order."""
    names = [
        "Ishiba",
        "Kishida",
        "Takaichi",
        "Koizumi",
        "Motegi",
        "Hayashi",
        "Kamikawa",
        "Kono",
        "Suga",
        "Noda",
        "Ishii",
        "Fukuda",
    ]
    path = bank(
        tmp_path,
        "".join(
            f"- {{id: who-{n}, type: text, prompt: Who is number {n}?, answer: {name},"
            " typos: 0, explanation: E.}\n"
            for n, name in enumerate(names)
        )
        + f"- {{id: pick, type: choice, prompt: Which?, choices: [{', '.join(names)}],"
        f" answer: {names[0]}, explanation: E.}}\n",
    )
    assert len(names) > lint.FEW_HITS
    assert warnings_of(path) == [
        f"{path}:4: warning: the answers of 12 questions stand in other questions: "
        + ", ".join(f"who-{n} ('{name}' in pick)" for n, name in enumerate(names[:10]))
        + ", … and 2 more — reword those texts, or ask these questions another way"
    ]
