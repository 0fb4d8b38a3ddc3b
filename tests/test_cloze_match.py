"""Cloze (fill in the blanks) and match questions, end to end.

From the bank (the validator's messages) through the engine (credit per
blank or pair, the seeded order of the right-hand items), the store (a
response written and read back, a round resumed, the report's "most common
wrong answer") to the real app played with the keyboard through Pilot.
"""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Callable
from pathlib import Path

import pytest
from textual.pilot import Pilot

from quizapp.bank import BankError, Deck, Question, QuestionKind, load_deck
from quizapp.cli import main
from quizapp.engine.grading import (
    ClozeResponse,
    Grade,
    MatchResponse,
    grade,
    part_counts,
    response_text,
)
from quizapp.engine.scoring import Scoring
from quizapp.engine.session import Mode, QuizSession, RoundOptions
from quizapp.store.records import answer_hash, content_hash, decode_response, encode_response
from quizapp.store.results import ResultsStore
from quizapp.ui.app import make_app
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.question import QuestionScreen
from quizapp.ui.screens.results import ResultsScreen
from quizapp.ui.widgets.answers import POINTER
from quizapp.ui.widgets.cloze_answer import BlankChoices, BlankInput, ClozeAnswer
from quizapp.ui.widgets.match_answer import MatchAnswer
from tests.conftest import FakeClock
from tests.ui_helpers import feedback_ready, feedback_shown, history_shown, visible_text

SIZE = (80, 24)

BANK = """\
title: Cloze and match
settings: {shuffle: false, shuffle_choices: false}
questions:
  - id: venue
    type: cloze
    prompt: APEC 2025 meets in {{Gyeongju|Kyongju}} in {{November}}.
    choices:
      2: [October, November, December]
    explanation: Gyeongju, in November.
    hint: An old royal capital.
    topic: The summit
    points: 2
  - id: leaders
    type: match
    prompt: Match each leader to their country.
    pairs:
      Lee: South Korea
      Xi: China
      Ishiba: Japan
    extra: [North Korea]
    why_wrong:
      Xi: Xi is China's president.
    explanation: Lee hosts; Xi is the guest.
    topic: People
"""


def problems(write_bank: Callable[..., Path], text: str) -> list[str]:
    """The problems `quizapp validate` prints for a bank, without the file name."""
    path = write_bank(text)
    with pytest.raises(BankError) as caught:
        load_deck(path)
    return [str(p).removeprefix(f"{path}:") for p in caught.value.problems]


def question(deck: Deck, qid: str) -> Question:
    return next(q for q in deck.questions if q.id == qid)


# -- the bank ------------------------------------------------------------------------


def test_a_cloze_prompt_is_shown_with_numbered_gaps(make_deck) -> None:
    """The student reads `[1 ____]` where the teacher wrote `{{Gyeongju|Kyongju}}`."""
    venue = question(make_deck(BANK), "venue")
    assert venue.kind is QuestionKind.CLOZE
    assert venue.prompt == "APEC 2025 meets in [1 ____] in [2 ____]."
    assert venue.blanks == (("Gyeongju", "Kyongju"), ("November",))
    assert venue.blank_choices == ((), ("October", "November", "December"))
    assert venue.answer_text == "1: Gyeongju; 2: November"


def test_a_wrapped_cloze_prompt_names_the_line_of_a_fault(write_bank) -> None:
    """In a `|` block, a blank left open is reported on its own line of the file, not the key's."""
    assert problems(
        write_bank,
        """\
        title: T
        questions:
          - id: q1
            type: cloze
            prompt: |
              Lee met {{Xi}} by phone
              for {{30 minutes.
              Then {{}} and {{a||b}} and {{x{y}}.
        """,
    ) == [
        "7: question q1: the blank at '{{30 minutes.' is never closed: end it with '}}'",
        "8: question q1: blank 3 is empty: write its answer between {{ and }}",
        "8: question q1: blank 4 ('{{a||b}}') has an empty alternative: remove the extra '|'",
        "8: question q1: blank 5 ('{{x{y}}') holds a brace; a blank is written {{answer}}",
    ]


def test_cloze_choices_must_belong_to_blanks_and_hold_the_answer(write_bank) -> None:
    """Choices are a mapping by blank number; the first answer must be among them."""
    assert problems(
        write_bank,
        """\
        title: T
        questions:
          - id: q1
            type: cloze
            prompt: Lee met {{Xi}} in {{June}}.
            choices: [Xi, Li]
          - id: q2
            type: cloze
            prompt: Lee met {{Xi}} in {{June}}.
            choices:
              2: [July]
              two: [June, July]
          - id: q3
            type: cloze
            prompt: Lee met {{Xi}} and said {{!!!}}.
            why_wrong: {Xi: no}
        """,
    ) == [
        "6: question q1: a cloze question gives choices per blank: map each blank's number to "
        "its choices, like choices: {1: [Busan, Gyeongju, Seoul]}",
        "11: question q2: give blank 2 at least 2 choices",
        "11: question q2: blank 2's answer 'June' is not one of its choices; "
        "copy it exactly from the choices",
        "12: question q2: choices names blank 'two', but the prompt has 2 blanks: "
        "use a number from 1 to 2",
        "15: question q3: blank 2's answer '!!!' has no letters or digits, so nothing typed "
        "could match it (punctuation is ignored); give the blank choices",
        "16: question q3: unknown key 'why_wrong'; it is not used by cloze questions "
        "(only by choice, multi, match)",
    ]


def test_a_prompt_starting_with_a_blank_must_be_quoted(write_bank) -> None:
    """Unquoted, `{{Seoul}}` is a YAML mapping: the message says to quote it."""
    assert problems(
        write_bank,
        """\
        title: T
        questions:
          - id: q1
            type: cloze
            prompt: {{Seoul}}
        """,
    ) == [
        "5: question q1: a key must be plain text",
        "5: question q1: a prompt that starts with a blank must be in quotes, like "
        'prompt: "{{Seoul}} is the capital": YAML reads {...} as a mapping',
    ]
    assert (
        question(
            load_deck(
                write_bank(
                    'title: T\nquestions:\n  - {id: q1, type: cloze, prompt: "{{Seoul}} is the capital"}\n'
                )
            ),
            "q1",
        ).prompt
        == "[1 ____] is the capital"
    )


def test_match_needs_pairs_with_different_right_hand_items(write_bank) -> None:
    """A match question without pairs, or with an extra item that is a right answer, is refused."""
    assert problems(
        write_bank,
        """\
        title: T
        questions:
          - id: q1
            type: match
            prompt: Match them.
            answer: Lee
          - id: q2
            type: match
            prompt: Match them.
            pairs: {Lee: South Korea, lee: Korea, Xi: [China]}
            extra: [south korea]
        """,
    ) == [
        "3: question q1: 'pairs' is missing: list each item with its match, like "
        "pairs: {Lee Jae-myung: South Korea, Xi Jinping: China}",
        "6: question q1: unknown key 'answer'; a match question lists pairs: {left: right}, "
        "and wrong matches under extra",
        "10: question q2: 'lee' and 'Lee' are one item",
        "10: question q2: the match for 'Xi' must be text",
        "11: question q2: extra item 'south korea' is the match of 'Lee': extra items are wrong "
        "matches, so each must differ from the pairs",
    ]


def test_the_readme_examples_of_every_type_load(tmp_path: Path) -> None:
    """The README's one example per type is a valid bank, cloze and match included."""
    readme = (Path(__file__).parents[1] / "README.md").read_text(encoding="utf-8")
    section = readme.split("### The eight question types, one complete example each", 1)[1]
    example = section.split("```yaml\n", 1)[1].split("```", 1)[0]
    path = tmp_path / "readme.yaml"
    path.write_text("title: README\n" + example, encoding="utf-8")
    kinds = [q.kind for q in load_deck(path).questions]
    assert sorted(kinds) == sorted(QuestionKind)


# -- grading and the round ----------------------------------------------------------------


def test_cloze_credit_is_the_share_of_blanks_right(make_deck) -> None:
    """A typed blank forgives one typo (unless typos: 0); a picked one must be an answer exactly."""
    venue = question(make_deck(BANK), "venue")
    assert grade(venue, ClozeResponse(("gyeongju!", "November"))) == Grade(True, 1.0)
    assert grade(venue, ClozeResponse(("Kyongju", "November"))) == Grade(True, 1.0)
    assert grade(venue, ClozeResponse(("Gyeongu", "October"))) == Grade(False, 0.5)
    assert grade(venue, ClozeResponse(("Busan", "november"))) == Grade(False, 0.0)
    assert grade(venue, ClozeResponse(("Gyeongju",))) == Grade(False, 0.0)  # the wrong shape
    assert grade(venue, "Gyeongju") == Grade(False, 0.0)
    strict = make_deck(BANK.replace("    points: 2\n", "    points: 2\n    typos: 0\n"))
    assert not grade(question(strict, "venue"), ClozeResponse(("Gyeongu", "November"))).correct
    assert part_counts(venue, ClozeResponse(("Gyeongu", "October"))) == (1, 2)


def test_match_credit_is_the_share_of_pairs_right(make_deck) -> None:
    """Each left item with its own right-hand item counts; a distractor never does."""
    leaders = question(make_deck(BANK), "leaders")
    right = MatchResponse((("Lee", "South Korea"), ("Xi", "China"), ("Ishiba", "Japan")))
    assert grade(leaders, right) == Grade(True, 1.0)
    swapped = MatchResponse((("Lee", "China"), ("Xi", "South Korea"), ("Ishiba", "Japan")))
    assert grade(leaders, swapped) == Grade(False, pytest.approx(1 / 3))
    assert grade(leaders, MatchResponse((("Lee", "North Korea"),))).credit == 0.0
    assert grade(leaders, ("South Korea", "China", "Japan")) == Grade(False, 0.0)
    assert response_text(leaders, swapped) == "Lee→China; Xi→South Korea; Ishiba→Japan"
    assert response_text(leaders, MatchResponse((("Xi", "China"),))) == (
        "Lee→(none); Xi→China; Ishiba→(none)"
    )


def test_the_right_hand_items_are_shuffled_by_the_seed_and_never_line_up(make_deck) -> None:
    """Extra items are among them; a seed gives one order; none starts as the answer."""
    deck = make_deck(BANK)
    leaders = question(deck, "leaders")
    rights = [r for _, r in leaders.pairs]
    orders = set()
    for seed in range(40):
        session = QuizSession(deck, RoundOptions(seed=seed), questions=[leaders])
        options = session.current.options  # type: ignore[union-attr]
        assert sorted(options) == sorted([*rights, "North Korea"])
        assert list(options[:3]) != rights
        again = QuizSession(deck, RoundOptions(seed=seed), questions=[leaders])
        assert again.current.options == options  # type: ignore[union-attr]
        orders.add(options)
    assert len(orders) > 5


def test_cloze_choices_shuffle_only_when_choices_shuffle(make_deck) -> None:
    """`shuffle_choices: false` keeps a blank's choices in the bank's order; otherwise seeded."""
    deck = make_deck(BANK)
    venue = question(deck, "venue")
    plain = QuizSession(deck, RoundOptions(seed=3), questions=[venue]).current
    assert plain is not None and plain.blank_options == venue.blank_choices
    shown = {
        QuizSession(
            deck, RoundOptions(seed=s, shuffle=True), questions=[venue]
        ).current.blank_options  # type: ignore[union-attr]
        for s in range(20)
    }
    assert all(options[0] == () for options in shown)
    assert {options[1] for options in shown} != {venue.blank_choices[1]}
    assert all(sorted(options[1]) == sorted(venue.blank_choices[1]) for options in shown)


def test_partial_answers_score_points_times_credit(make_deck, clock) -> None:
    """A 2-point cloze half right earns 1 point; speed scoring scales by credit too."""
    deck = make_deck(BANK)
    session = QuizSession(deck, RoundOptions(seed=1), clock=clock)
    answer = session.submit(ClozeResponse(("Gyeongju", "October")))
    assert (answer.credit, answer.points, answer.score) == (0.5, 1.0, 1.0)
    session.advance()
    answer = session.submit(
        MatchResponse((("Lee", "South Korea"), ("Xi", "Japan"), ("Ishiba", "China")))
    )
    assert answer.why_wrong == (("Xi", "Xi is China's president."),)
    assert not answer.can_overrule
    session.advance()  # practice mode: both come back, the score counts first tries
    assert session.points == pytest.approx(1 + 1 / 3)
    speed = QuizSession(deck, RoundOptions(seed=1, scoring=Scoring.SPEED), clock=FakeClock())
    assert speed.submit(ClozeResponse(("Gyeongju", "October"))).score == 1000.0  # 2000 × 0.5


# -- the store -----------------------------------------------------------------------------


def test_responses_are_written_and_read_back(make_deck) -> None:
    """What a student gave to a cloze or match question survives the database as it was."""
    for response in (
        ClozeResponse(("Gyeongju", "")),
        MatchResponse((("Lee", "China"), ("Xi [b]", "Korea → 北"))),
    ):
        stored = encode_response(response)
        assert stored is not None and json.loads(stored)
        assert decode_response(stored) == response
    assert json.loads(encode_response(ClozeResponse(("a", "b"))) or "") == {"blanks": ["a", "b"]}


OLD_FINGERPRINTS = {
    "host": ("0530ff3bb87d3925", "9af83afec6179134"),
    "themes": ("5f8edebf55c470e4", "2317359747c6ad76"),
    "accepted": ("9c5a9bae3e3f4bd7", "ab26c7e93cc4a3b1"),
    "leader": ("a195c96fa72d8e3d", "66e1e72232129117"),
    "years": ("7e957647f3f65790", "a4a20b4ba0bbdef0"),
    "timeline": ("9a8d7fb7b0633b7e", "9b80f1aae2eea1d8"),
}
"""(content, answer) fingerprints of every-type.yaml's questions before cloze and match existed."""


def test_the_fingerprints_of_other_questions_are_what_they_were() -> None:
    """The new keys are left out for every other type: no old answer reads as "wording changed"."""
    deck = load_deck(Path(__file__).parent / "banks" / "good" / "every-type.yaml")
    assert {
        q.id: (content_hash(q), answer_hash(q)) for q in deck.questions if q.id in OLD_FINGERPRINTS
    } == OLD_FINGERPRINTS


def test_a_changed_pair_or_blank_changes_what_the_question_accepts(make_deck) -> None:
    """Resuming sets aside an answer when a pair or a blank's answer changed, not otherwise."""
    deck = make_deck(BANK)
    venue, leaders = question(deck, "venue"), question(deck, "leaders")
    changed = make_deck(BANK.replace("{{November}}", "{{October}}").replace("Xi: China", "Xi: PRC"))
    assert answer_hash(question(changed, "venue")) != answer_hash(venue)
    assert answer_hash(question(changed, "leaders")) != answer_hash(leaders)
    reworded = make_deck(BANK.replace("Match each leader", "Pair each leader"))
    assert answer_hash(question(reworded, "leaders")) == answer_hash(leaders)
    assert content_hash(question(reworded, "leaders")) != content_hash(leaders)


# -- the app, with the keyboard -------------------------------------------------------------


def cloze(app) -> ClozeAnswer:  # noqa: ANN001 - a QuizApp
    return app.screen.query_one(ClozeAnswer)


def match_widget(app) -> MatchAnswer:  # noqa: ANN001
    return app.screen.query_one(MatchAnswer)


def letter_of(app, item: str) -> str:  # noqa: ANN001
    """The key of a right-hand item as shown (the list is shuffled)."""
    return "abcdefg"[match_widget(app).rights.items.index(item)]


async def answer_cloze(pilot: Pilot, typed: str, pick: str) -> None:
    """Type blank 1, Enter (to blank 2), pick blank 2's choice by letter, Enter (submit)."""
    await pilot.press(*typed, "enter", pick, "enter")


async def answer_match(pilot: Pilot, pairs: dict[str, str]) -> None:
    """Pair left items (numbered in bank order) by number and letter, then Enter."""
    lefts = match_widget(pilot.app).lefts.items
    for left, right in pairs.items():
        await pilot.press(str(lefts.index(left) + 1), letter_of(pilot.app, right))
    await pilot.press("enter")


async def test_a_cloze_question_typed_and_picked_partly_right(make_deck) -> None:
    """The gaps, the keys, ✓/✗ per blank, "1 of 2 blanks right", and each blank's answer."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        text = visible_text(app)
        assert "APEC 2025 meets in [1 ____] in [2 ____]." in text
        assert "{{" not in text and "Gyeongju" not in text
        assert "Type in a blank, or pick with a–c · ↑↓ move between blanks" in text
        assert "a ( ) October   b ( ) November   c ( ) December" in text
        await answer_cloze(pilot, "Gyeongu", "a")
        assert "◐ Partly right — 1 of 2 blanks right" in visible_text(app)
        await feedback_ready(pilot, app)
        text = visible_text(app)
        assert "a (•) October" in text
        assert [row.mark.content.plain for row in cloze(app).rows] == ["✓", "✗"]
        assert "✓ Blank 1: Gyeongu" in text
        assert "✗ Blank 2: October — the answer: November" in text
        assert "Gyeongju, in November." in text
        assert "Score 1/2" in text
        await pilot.press("enter")
        assert "Question 2 of 2" in visible_text(app)


async def test_cloze_keys_move_between_blanks_and_enter_waits_for_every_blank(make_deck) -> None:
    """Enter on an empty blank says so; ↑↓ move the ▸; Esc frees h and s; i goes back to the box."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        widget = cloze(app)
        assert isinstance(app.screen.focused, BlankInput)
        await pilot.press("enter")
        assert "Fill in blank 1 first (a guess is fine), or press Esc and then s to skip." in (
            visible_text(app)
        )
        await pilot.press("h")  # typed into the box, not the hint
        assert widget.values == ("h", "")
        await pilot.press("backspace", "down")
        assert isinstance(app.screen.focused, BlankChoices)
        assert [row.label.content.plain for row in widget.rows] == ["  1", f"{POINTER} 2"]
        await pilot.press("enter")
        assert "Pick a choice for blank 2 first (a–c), or press s to skip." in visible_text(app)
        await pilot.press("right", "right", "h")  # on the choices, h is the hint
        assert widget.values == ("", "November")
        assert "Hint: An old royal capital." in visible_text(app)
        await pilot.press("up", *"Gyeongju", "escape")
        assert not isinstance(app.screen.focused, BlankInput)
        assert " i Type answer " in visible_text(app)
        await pilot.press("i")
        assert app.screen.focused is widget.rows[0].field
        await pilot.press("enter")  # every blank filled: Enter submits, wherever it is pressed
        assert "✓ Correct" in visible_text(app)
        assert app.screen.session.last_answer.hint_used


async def test_a_match_question_by_number_and_letter_keys(make_deck) -> None:
    """1 then b pairs; the next unpaired item is chosen; Enter submits; ✓/✗ and the right matches."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "escape", "s", "enter")
        assert "Match each leader to their country." in visible_text(app)
        assert "1–3 or ↑↓ choose an item · a–d give it its match" in visible_text(app)
        widget = match_widget(app)
        await pilot.press("1", letter_of(app, "South Korea"))
        assert widget.lefts.labels[0] == f"Lee → {letter_of(app, 'South Korea')} South Korea"
        assert widget.active == 1  # Xi is next
        await pilot.press(letter_of(app, "Japan"), letter_of(app, "China"))
        await pilot.press("enter")
        text = visible_text(app)
        assert "◐ Partly right — 1 of 3 pairs right" in text
        await feedback_ready(pilot, app)
        text = visible_text(app)
        assert "✓ Lee → South Korea" in text
        assert "✗ Xi → Japan — the right match: China" in text
        assert "✗ Ishiba → China — the right match: Japan" in text
        assert "About “Xi”: Xi is China's president." in text
        marks = [widget.lefts.marks[i] for i in range(3)]
        assert marks == ["✓", "✗", "✗"]
        await pilot.press("enter")  # practice: the missed cloze comes back, then the match
        assert "Again" in visible_text(app)


async def test_a_match_question_by_arrows_alone_and_a_pair_changed(make_deck) -> None:
    """→ ↑↓ Enter pair; Enter before all are paired goes to the list; a taken item moves over."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "escape", "s", "enter")
        widget = match_widget(app)
        rights = widget.rights.items

        async def pair_by_arrows(left: int, right: str) -> None:
            await pilot.press("home", *["down"] * left, "right")
            assert app.screen.focused is widget.rights
            await pilot.press("home", *["down"] * rights.index(right), "enter")
            assert app.screen.focused is widget.lefts

        await pilot.press("enter")  # nothing paired: Enter goes to the right-hand list
        assert app.screen.focused is widget.rights and not feedback_shown(app)
        await pilot.press("left")
        assert app.screen.focused is widget.lefts
        await pair_by_arrows(0, "China")
        await pair_by_arrows(1, "China")  # taken from Lee
        assert widget.paired == {1: rights.index("China")}
        assert widget.lefts.labels[0] == "Lee → ___"
        assert widget.rights.labels[rights.index("China")] == "China  ← 2"
        await pair_by_arrows(0, "South Korea")
        await pilot.press("enter")  # Ishiba is still unpaired
        assert not feedback_shown(app)
        await pilot.press("home", *["down"] * rights.index("Japan"), "enter", "enter")
        assert "✓ Correct" in visible_text(app)


async def test_help_lists_the_keys_of_each_new_type(make_deck) -> None:
    """`?` shows how to fill blanks, or how to match, for the question on screen."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", "down", "question_mark")
        assert isinstance(app.screen, HelpScreen)
        assert "go on to the next empty blank; once all are filled, submit" in visible_text(app)
        await pilot.press("escape", "s", "enter", "question_mark")
        assert "give it that match from the right-hand list" in visible_text(app)


async def submit_counting_layouts(pilot: Pilot, key: str) -> tuple[int, int]:
    """Press the submitting `key`: layouts before the feedback came, and once it had."""
    screen = pilot.app.screen
    assert isinstance(screen, QuestionScreen)
    layouts: list[int] = []
    before_feedback: list[int] = []
    original_layout, original_feedback = screen._refresh_layout, screen._show_feedback

    def counting_layout(*args: object, **kwargs: object) -> None:
        layouts.append(1)
        original_layout(*args, **kwargs)  # type: ignore[arg-type]

    def noting_feedback(*args: object) -> None:
        before_feedback.append(len(layouts))
        original_feedback(*args)  # type: ignore[arg-type]

    screen._refresh_layout = counting_layout  # type: ignore[method-assign]
    screen._show_feedback = noting_feedback  # type: ignore[method-assign]
    try:
        await pilot.press(key)
        await feedback_ready(pilot, pilot.app)
        await pilot.pause()
    finally:
        del screen._refresh_layout, screen._show_feedback
    return before_feedback[0], len(layouts)


async def test_the_verdict_is_drawn_without_a_layout(make_deck) -> None:
    """As for every type, the answer repaints in place: the only layout is the feedback's."""
    app = make_app([make_deck(BANK)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter", *"Gyeongju", "enter", "b")
        await pilot.pause()
        before, after = await submit_counting_layouts(pilot, "enter")
        assert "✓ Correct" in visible_text(app)
        assert (before, after > 0) == (0, True)  # the counter sees the feedback's layout
        await pilot.press("enter")
        for left, right in {"Lee": "South Korea", "Xi": "China", "Ishiba": "Japan"}.items():
            await pilot.press(str(match_widget(app).lefts.items.index(left) + 1))
            await pilot.press(letter_of(app, right))
        await pilot.pause()
        before, after = await submit_counting_layouts(pilot, "enter")
        assert "✓ Correct" in visible_text(app)
        assert (before, after > 0) == (0, True)


# -- the whole way: database, resume, report ------------------------------------------------


async def test_a_round_resumes_after_a_cloze_answer_and_reports_a_match(
    make_deck, tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Quit after the cloze; resume at the match; the report shows the pairs given, readably."""
    deck = make_deck(BANK)
    options = RoundOptions(seed=2, mode=Mode.TEST)
    app = make_app([deck], options, data_dir=tmp_path, student_name="alice")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        await pilot.press("enter")
        await answer_cloze(pilot, "Kyongju", "a")
        assert "Question 2 of 2" in visible_text(app)
        await pilot.press("q", "y")

    store = ResultsStore.open(tmp_path)
    saved = store.unfinished_attempt(store.find_student("alice"), deck.id)
    assert saved is not None
    assert [a.response for a in saved.answers] == [ClozeResponse(("Kyongju", "October"))]
    store.close()

    app = make_app([deck], options, data_dir=tmp_path, student_name="alice")
    async with app.run_test(size=SIZE) as pilot:
        await history_shown(pilot, app)
        assert "Resume: 1 of 2 answered (c)" in visible_text(app)
        await pilot.press("c")
        assert "Question 2 of 2" in visible_text(app)
        await answer_match(pilot, {"Lee": "China", "Xi": "South Korea", "Ishiba": "Japan"})
        assert isinstance(app.screen, ResultsScreen)
        text = visible_text(app)
        assert "Your answer: 1: Kyongju; 2: October" in text
        assert "The answer: 1: Gyeongju; 2: November" in text
        assert "Your answer: Lee→China; Xi→South Korea; Ishiba→Japan" in text
        assert "Score 1.33 of 3 (44%)" in text

    capsys.readouterr()
    assert main(["report", "--data-dir", str(tmp_path), "--format", "csv"]) == 0
    rows = {r["question"]: r for r in csv.DictReader(io.StringIO(capsys.readouterr().out))}
    assert rows["leaders"]["most_common_wrong_answer"] == "Lee→China; Xi→South Korea; Ishiba→Japan"
    assert rows["leaders"]["prompt"] == "Match each leader to their country."
    assert rows["venue"]["most_common_wrong_answer"] == "1: Kyongju; 2: October"
    assert rows["venue"]["prompt"] == "APEC 2025 meets in [1 ____] in [2 ____]."
    assert main(["report", "--data-dir", str(tmp_path), "--format", "table"]) == 0
    table = " ".join(capsys.readouterr().out.split())  # the last column wraps
    assert "most common wrong answer: Lee→China; Xi→South Korea; Ishiba→Japan (×1)" in table
    assert main(["report", "--data-dir", str(tmp_path), "--gradebook", "--format", "json"]) == 0
    book = json.loads(capsys.readouterr().out)[0]
    assert book["students"][0]["credits"] == {"venue": 0.5, "leaders": pytest.approx(1 / 3)}


CLICK = "[@click=app.quit]x[/]"
HOSTILE = f"""\
title: Hostile
settings: {{shuffle: false, shuffle_choices: false}}
questions:
  - id: blanks
    type: cloze
    prompt: "A [/] b {{{{[b]x[/b]}}}} c {{{{{CLICK}}}}}"
    choices:
      2: ["{CLICK}", "[red]y[/red]"]
  - id: pairs
    type: match
    prompt: "Match [/]"
    pairs:
      "[b]L[/b]": "{CLICK}"
      "[/]": "[i]R[/i]"
"""


async def test_markup_in_blanks_and_pairs_shows_literally_and_runs_nothing(make_deck) -> None:
    """Brackets in blanks, choices and pairs are text; picking a "[@click]" item quits nothing."""
    app = make_app([make_deck(HOSTILE)], RoundOptions(seed=1), suggested_name="Sam")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("enter")
        text = visible_text(app)
        assert "A [/] b [1 ____] c [2 ____]" in text
        assert f"a ( ) {CLICK}   b ( ) [red]y[/red]" in text
        await pilot.press(*"[b]x[/b]", "enter", "a", "enter")
        assert "✓ Correct" in visible_text(app)
        await pilot.press("enter")
        widget = match_widget(app)
        assert widget.lefts.labels == ["[b]L[/b] → ___", "[/] → ___"]
        await pilot.press("1", letter_of(app, CLICK), letter_of(app, "[i]R[/i]"), "enter")
        assert "✓ Correct" in visible_text(app)
        assert app.is_running
