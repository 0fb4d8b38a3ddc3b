"""GIFT in and out: `quizapp import`/`export` as a teacher runs them, and round trips.

The GIFT file below is written for these tests and uses every construct of
Moodle's documentation of the format; the notes the import prints are
checked one by one, with their lines.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from quizapp.bank import load_deck
from quizapp.bank.model import Deck, Question
from quizapp.exchange.bank_writer import bank_text
from quizapp.exchange.gift import escape, read_bank, write_bank
from quizapp.exchange.notes import ImportedBank, ImportProblem, ImportSource
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from tests.cli_helpers import quizapp

ROOT = Path(__file__).resolve().parent.parent

HARBOUR = """\
// A quiz on a harbour town, written to use every GIFT construct.
$CATEGORY: $course$/top/Harbour/The bridge

::Bridge arches:: How many arches does the rebuilt bridge have? {
  ~Three#Three was the old bridge.
  =Seven#Right: seven arches.
  ~Five
  ####The plans show seven arches.
}

::Bridge materials:: Which materials went into the bridge? Select all. {
  ~%50%Granite
  ~%50%Oak
  ~%-100%Plastic#Nothing plastic was used.
}

::Odd weights:: Which of these are harbour birds? {
  ~%70%Gull
  ~%30%Tern
  ~%-50%Parrot
}

::Ferry ran:: The ferry ran while the bridge was closed. {TRUE#It never stopped.}

::Lighthouse:: The lighthouse is painted blue. {F#No: it is red.#Yes, red and white.}
$CATEGORY: $course$/top/Harbour/People

::Tower keeper:: Who keeps the tower?
The question goes on
over three lines. {=Ada =Ada Morrow}

::Bridge length:: How long is the bridge in metres? {#212.5:0.5}

::Pi range:: Give pi to three places. {#3.141..3.142}

::Year opened:: In which year did the bridge open? {#
  =1902:0#Yes.
  =%50%1902:3#Close.
}

::Match towns:: Match each town to its river. {
  =Millford -> Orrin
  =Tamsby -> Vale
  =Eastholm -> Tamsin
  = -> Dee
}

The old bridge was made of {~iron =stone ~glass} and timber.

::Keeper name:: The keeper's dog is called {=Rook =Rooky} by the children.

::Escapes:: Which sign is \\{ or \\}\\: \\~ \\= \\# or \\\\? {=the backslash \\\\ ~a colon \\:}

::Tides:: [html] <p>Which <b>tide</b> is <i>highest</i>?</p> {=Spring tide ~Neap tide}

::Stars:: [markdown] Is *this* kept as text? {T}

::Angles:: [plain] The plain text stays <as is>. {FALSE}

::Bridge arches:: A second question of the same name. {=yes ~no}

::Essay:: Describe the harbour in your own words. {}

This is a description: it has no answer at all.
"""

HARBOUR_NOTES = [
    "harbour.gift:18: weights 70%, 30% do not map: quizapp scores multi by the set of "
    "right answers (every positive weight counts as a right answer)",
    "harbour.gift:36: other graded answers left out (quizapp keeps the 100% one): 1902±3 (50%)",
    "harbour.gift:62: an essay question has no answer to check",
    "harbour.gift:64: a description (no answer in braces) is not a question",
]


def imported_deck(imported: ImportedBank, folder: Path, name: str = "back") -> Deck:
    """The imported bank data written as the command writes it, and loaded as any bank."""
    imported.deck.setdefault("deck", name)
    imported.deck.setdefault("title", name)
    path = folder / f"{name}.yaml"
    path.write_text(bank_text(imported, ["test"]), encoding="utf-8")
    return load_deck(path)


def gift_of(deck: Deck) -> ImportedBank:
    return read_bank(ImportSource("out.gift", write_bank(deck).data, "out"))


def same(original: Question, back: Question) -> None:
    """What GIFT holds of a question came back."""
    for name in (
        "id",
        "kind",
        "prompt",
        "explanation",
        "topic",
        "choices",
        "correct_choices",
        "why_wrong",
        "accepted",
        "number",
        "tolerance",
        "pairs",
        "extra",
        "blanks",
        "blank_choices",
    ):
        if name == "why_wrong" and original.kind == "match":
            continue  # GIFT's matching has no feedback per pair: a note of the export
        assert getattr(back, name) == getattr(original, name), (original.id, name)


# -- import -------------------------------------------------------------------


def test_a_gift_file_with_every_construct_imports_says_what_it_left_and_plays(
    tmp_path: Path,
) -> None:
    (tmp_path / "harbour.gift").write_text(HARBOUR, encoding="utf-8")
    result = quizapp("import", "harbour.gift", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[:-1] == HARBOUR_NOTES
    written = (tmp_path / "harbour.yaml").read_text(encoding="utf-8")
    assert (
        "  # GIFT weights: every choice with a positive weight is a right answer.\n"
        "  - id: bridge-materials\n"
    ) in written
    assert "  # GIFT missing word: the braces are the blank.\n  - id: q11\n" in written
    deck = load_deck(tmp_path / "harbour.yaml")
    by_id = {q.id: q for q in deck.questions}
    assert list(by_id) == [
        "bridge-arches",
        "bridge-materials",
        "odd-weights",
        "ferry-ran",
        "lighthouse",
        "tower-keeper",
        "bridge-length",
        "pi-range",
        "year-opened",
        "match-towns",
        "q11",
        "keeper-name",
        "escapes",
        "tides",
        "stars",
        "angles",
        "bridge-arches-2",
    ]
    arches = by_id["bridge-arches"]
    assert (arches.kind, arches.choices, arches.correct_choices) == (
        "choice",
        ("Three", "Seven", "Five"),
        frozenset({"Seven"}),
    )
    assert arches.why_wrong == {"Three": "Three was the old bridge."}
    assert arches.explanation == "The plans show seven arches.\n\nRight: seven arches."
    assert arches.topic == "The bridge"
    materials = by_id["bridge-materials"]
    assert (materials.kind, materials.correct_choices) == ("multi", frozenset({"Granite", "Oak"}))
    assert materials.why_wrong == {"Plastic": "Nothing plastic was used."}
    assert by_id["odd-weights"].correct_choices == frozenset({"Gull", "Tern"})
    ferry = by_id["ferry-ran"]
    assert (ferry.kind, ferry.correct_choices, ferry.explanation) == (
        "truefalse",
        frozenset({"True"}),
        "It never stopped.",
    )
    lighthouse = by_id["lighthouse"]
    assert lighthouse.correct_choices == frozenset({"False"})
    assert lighthouse.explanation == "Yes, red and white.\n\nNo: it is red."
    keeper = by_id["tower-keeper"]
    assert (keeper.kind, keeper.accepted, keeper.topic) == ("text", ("Ada", "Ada Morrow"), "People")
    assert keeper.prompt == "Who keeps the tower? The question goes on over three lines."
    assert (by_id["bridge-length"].number, by_id["bridge-length"].tolerance) == (212.5, 0.5)
    assert (by_id["pi-range"].number, by_id["pi-range"].tolerance) == (3.1415, 0.0005)
    year = by_id["year-opened"]
    assert (year.number, year.tolerance, year.explanation) == (1902, 0, "Yes.")
    towns = by_id["match-towns"]
    assert towns.pairs == (("Millford", "Orrin"), ("Tamsby", "Vale"), ("Eastholm", "Tamsin"))
    assert towns.extra == ("Dee",)
    made_of = by_id["q11"]
    assert made_of.kind == "cloze"
    assert made_of.prompt == "The old bridge was made of [1 ____] and timber."
    assert (made_of.blanks, made_of.blank_choices) == ((("stone",),), (("iron", "stone", "glass"),))
    dog = by_id["keeper-name"]
    assert (dog.blanks, dog.blank_choices) == ((("Rook", "Rooky"),), ((),))
    assert dog.prompt == "The keeper's dog is called [1 ____] by the children."
    signs = by_id["escapes"]
    assert signs.prompt == "Which sign is { or }: ~ = # or \\?"
    assert signs.choices == ("the backslash \\", "a colon :")
    assert by_id["tides"].prompt == "Which tide is highest?"
    assert by_id["stars"].prompt == "Is *this* kept as text?"
    assert by_id["angles"].prompt == "The plain text stays <as is>."
    assert by_id["angles"].correct_choices == frozenset({"False"})


@pytest.mark.parametrize(
    ("gift", "line", "message"),
    [
        (
            "::a:: First {=one ~two}\n\n::b:: Second, with\nan open {=one ~two\n",
            4,
            "this { is never closed: end the answers with }, or write \\{ for a brace",
        ),
        (
            "::a:: First {=one ~two}\n\n::b:: Which way? {\n  =up -> down\n  ~left\n}\n",
            5,
            "-> belongs to a matching question, where every answer is =left -> right",
        ),
        (
            "\n\n::c:: No right one here {~one ~two ~three}\n",
            3,
            "a choice question with no right answer: mark it with =, or give the right ones "
            "of a multiple-answer question a weight: ~%50%",
        ),
        ("::d:: A range {#abc}\n", 1, "'abc' is not a number: write {#3.14:0.01} or {#3.1..3.2}"),
        (
            "::e:: Close } early {=x ~y}\n",
            1,
            "a } before the answers' {: write \\} for a brace in the text",
        ),
    ],
)
def test_a_malformed_gift_file_is_one_line_with_its_line_number(
    tmp_path: Path, gift: str, line: int, message: str
) -> None:
    (tmp_path / "bad.gift").write_text(gift, encoding="utf-8")
    result = quizapp("import", "bad.gift", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        f"bad.gift:{line}: {message}",
        "quizapp: nothing imported; fix bad.gift and try again",
    ]
    assert not (tmp_path / "bad.yaml").exists()


def test_html_is_reduced_to_text_and_control_characters_are_removed_and_said() -> None:
    gift = (
        "::h:: [html] <script>alert(1)</script><p>Pick &amp; <b>choose</b></p>"
        " {=<i>yes</i> ~no#<b>never</b>}\n\n::c:: Bell\x07 and \x1b[2Jescape {T}\n"
    )
    imported = read_bank(ImportSource("h.gift", gift.encode(), "h"))
    first, second = imported.deck["questions"]
    assert first["prompt"] == "Pick & choose"
    assert first["choices"] == ["yes", "no"]
    assert first["why_wrong"] == {"no": "never"}
    assert second["prompt"] == "Bell and [2Jescape"
    assert [str(note) for note in imported.notes] == [
        "h.gift:3: removed U+0007 (BEL), U+001B (ESC) from the text"
    ]


# -- export -------------------------------------------------------------------

BUNDLED = ROOT / "questions" / "apec-2025-korea-china.yaml"


def test_the_bundled_bank_exports_with_notes_and_imports_back_the_same(tmp_path: Path) -> None:
    out = tmp_path / "apec.gift"
    refused = quizapp("export", str(BUNDLED), "--format", "gift", "-o", str(out), cwd=tmp_path)
    assert refused.returncode == 1 and not out.exists()
    result = quizapp(
        "export", str(BUNDLED), "--format", "gift", "-o", str(out), "--allow-partial", cwd=tmp_path
    )
    assert result.returncode == 0, result.stderr
    notes = result.stdout.splitlines()[:-1]
    left_out = [n for n in notes if "written as // comments only" not in n]
    assert left_out == [
        "question years-since-visit: GIFT has no unit: 'years' left out",
        "question time-spans: GIFT has no ordering question",
        "question call-length: GIFT has no unit: 'minutes' left out",
        "question days-between-calls: GIFT has no unit: 'days' left out",
        "question calls-order: GIFT has no ordering question",
        "question closing-values: GIFT holds one missing word per question, this cloze has "
        "2 blanks (Moodle XML's cloze can hold them)",
    ]
    moodle_grades = {"100", "50", "33.33333", "25", "20", "-100"}
    for block in out.read_text(encoding="utf-8").split("\n\n"):
        weights = re.findall(r"^  ~%(-?[\d.]+)%", block, flags=re.MULTILINE)
        assert set(weights) <= moodle_grades, block
        if weights:
            assert abs(sum(float(w) for w in weights if not w.startswith("-")) - 100) < 0.001
    imported = quizapp("import", "apec.gift", "-o", "apec-back.yaml", cwd=tmp_path)
    assert (imported.returncode, imported.stderr) == (0, "")
    assert imported.stdout.splitlines() == ["Wrote apec-back.yaml: 35 questions from apec.gift."]
    original = load_deck(BUNDLED)
    assert load_deck(tmp_path / "apec-back.yaml").topics == original.topics
    back = imported_deck(read_bank(ImportSource("apec.gift", out.read_bytes(), "apec")), tmp_path)
    dropped = {"time-spans", "calls-order", "closing-values"}
    assert [q.id for q in back.questions] == [
        q.id for q in original.questions if q.id not in dropped
    ]
    by_id = {q.id: q for q in original.questions}
    for question in back.questions:
        same(by_id[question.id], question)


@pytest.mark.parametrize("bank", sorted((ROOT / "tests" / "banks" / "good").glob("*.yaml")))
def test_the_good_test_banks_round_trip(tmp_path: Path, bank: Path) -> None:
    original = load_deck(bank)
    exported = write_bank(original)
    cannot = {
        note.where.removeprefix("question ")
        for note in exported.left_out
        if not any(kept in note.why for kept in ("comments only", "unit", "feedback per pair"))
    }
    back = imported_deck(read_bank(ImportSource("x.gift", exported.data, "x")), tmp_path)
    assert [q.id for q in back.questions] == [
        q.id for q in original.questions if q.id not in cannot
    ]
    by_id = {q.id: q for q in original.questions}
    for question in back.questions:
        if not question.unit:
            same(by_id[question.id], question)
    kinds = {q.kind for q in original.questions if q.id in cannot}
    assert kinds <= {"order", "cloze"}


def test_the_exported_file_escapes_what_gift_reads_as_syntax() -> None:
    assert escape("a~b=c#d{e}f:g\\h\nnext") == "a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\nnext"


# -- generated decks and random text --------------------------------------------

_WORDS = st.text(alphabet="abcxyz ~=#{}:\\%.", min_size=1, max_size=14).map(
    lambda text: " ".join(text.split())
)
_TEXT = _WORDS.filter(
    lambda text: any(c.isalpha() for c in text) and "{{" not in text and "}}" not in text
)


@st.composite
def _question(draw: st.DrawFn, number: int) -> dict[str, Any]:
    kind = draw(st.sampled_from(["choice", "truefalse", "text", "number"]))
    data: dict[str, Any] = {"id": f"q{number}", "type": kind, "prompt": draw(_TEXT)}
    if kind == "choice":
        choices = draw(st.lists(_TEXT, min_size=2, max_size=4, unique_by=str.casefold))
        data["choices"] = choices
        data["answer"] = draw(st.sampled_from(choices))
        wrong = [c for c in choices if c != data["answer"]]
        if draw(st.booleans()):
            data["why_wrong"] = {wrong[0]: draw(_TEXT)}
    elif kind == "truefalse":
        data["answer"] = draw(st.booleans())
    elif kind == "text":
        data["answer"] = draw(st.lists(_TEXT, min_size=1, max_size=3, unique_by=str.casefold))
    else:
        data["answer"] = draw(st.integers(-10_000, 10_000)) / 100
        data["tolerance"] = draw(st.integers(0, 500)) / 100
    if draw(st.booleans()):
        data["explanation"] = draw(_TEXT)
    if draw(st.booleans()):
        data["topic"] = draw(st.sampled_from(["Tides", "Boats", "The pier"]))
    return data


@st.composite
def _bank(draw: st.DrawFn) -> dict[str, Any]:
    count = draw(st.integers(1, 4))
    return {
        "deck": "made",
        "title": "Made",
        "questions": [draw(_question(n)) for n in range(count)],
    }


@given(_bank())
def test_generated_decks_with_gift_syntax_in_their_text_round_trip(
    tmp_path_factory: pytest.TempPathFactory, data: dict[str, Any]
) -> None:
    folder = tmp_path_factory.mktemp("made")
    original = imported_deck(ImportedBank(data), folder, "made")
    exported = write_bank(original)
    assert exported.left_out == []
    back = imported_deck(gift_of(original), folder)
    assert len(back.questions) == len(original.questions)
    for first, second in zip(original.questions, back.questions, strict=True):
        same(first, second)


@given(st.text(alphabet=st.sampled_from("abn =~#{}:\\%->.\n/$CATEGORY[html]T1\x1b\x07\r\t")))
def test_random_text_is_read_or_refused_with_import_problem(text: str) -> None:
    try:
        imported = read_bank(ImportSource("r.gift", text.encode(), "r"))
    except ImportProblem as problem:
        assert problem.message and "\n" not in problem.message
    else:
        assert all("\n" not in str(note) for note in imported.notes)


EXPORTED = """\
deck: pier
title: The pier
questions:
  - id: pier-order
    type: order
    prompt: Put the pier's repairs in order.
    items: [Piles, Deck, Rails]
  - id: pier-cloze
    type: cloze
    prompt: The pier is {{400}} metres long and {{12}} wide.
  - id: pier-arrow
    type: choice
    prompt: Which way is the sea?
    choices: [Left -> right, Up]
    answer: Up
  - id: pier-end
    type: cloze
    prompt: "The pier ends at the {{lamp|lantern}}"
  - id: pier-looks
    type: multi
    prompt: "[html] <b>What</b> is on the pier?"
    choices: [Benches, Lamps, Cranes]
    answer: [Benches, Lamps]
    why_wrong:
      Cranes: The cranes are in the dock.
"""


def test_export_lists_what_gift_cannot_hold_and_writes_the_rest(tmp_path: Path) -> None:
    (tmp_path / "pier.yaml").write_text(EXPORTED, encoding="utf-8")
    deck = load_deck(tmp_path / "pier.yaml")
    exported = write_bank(deck)
    assert [str(note) for note in exported.left_out] == [
        "question pier-order: GIFT has no ordering question",
        "question pier-cloze: GIFT holds one missing word per question, this cloze has 2 blanks "
        "(Moodle XML's cloze can hold them)",
        "question pier-arrow: GIFT reads -> in an answer as a matching pair",
        "question pier-end: GIFT needs text after a missing word: '_' added",
    ]
    text = exported.data.decode("utf-8")
    assert "::pier-end::The pier ends at the {\n  =lamp\n  =lantern\n}_\n" in text
    assert (
        "::pier-looks::[plain][html] <b>What</b> is on the pier? {\n"
        "  ~%50%Benches\n  ~%50%Lamps\n  ~%-100%Cranes#The cranes are in the dock.\n}\n"
    ) in text
    back = gift_of(deck).deck["questions"]
    assert [q["id"] for q in back] == ["pier-end", "pier-looks"]
    assert back[1]["prompt"] == "[html] <b>What</b> is on the pier?"
    assert back[1]["why_wrong"] == {"Cranes": "The cranes are in the dock."}


def test_an_export_with_something_left_out_writes_nothing_without_allow_partial(
    tmp_path: Path,
) -> None:
    (tmp_path / "pier.yaml").write_text(EXPORTED, encoding="utf-8")
    result = quizapp("export", "pier.yaml", "--format", "gift", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout.splitlines()[0] == "question pier-order: GIFT has no ordering question"
    assert not (tmp_path / "pier.gift").exists()
    partial = quizapp("export", "pier.yaml", "--format", "gift", "--allow-partial", cwd=tmp_path)
    assert partial.returncode == 0, partial.stderr
    assert (tmp_path / "pier.gift").is_file()


def test_a_missing_word_of_another_kind_keeps_its_kind_with_a_gap() -> None:
    gift = "Seals sleep {T} on the rocks.\n\nThe jetty is {#80:5} metres long.\n"
    first, second = read_bank(ImportSource("m.gift", gift.encode(), "m")).deck["questions"]
    assert (first["type"], first["prompt"]) == ("truefalse", "Seals sleep _____ on the rocks.")
    assert (second["type"], second["prompt"], second["tolerance"]) == (
        "number",
        "The jetty is _____ metres long.",
        5,
    )


def test_an_html_missing_word_keeps_the_words_apart() -> None:
    gift = "[html]<p>The <b>gulls</b></p> nest on {=the roof ~the sand} of the fish market.\n"
    (question,) = read_bank(ImportSource("w.gift", gift.encode(), "w")).deck["questions"]
    assert question["prompt"] == "The gulls\nnest on {{the roof}} of the fish market."
    assert question["choices"] == {1: ["the roof", "the sand"]}


def test_names_become_ids_of_plain_letters_unique_in_the_deck() -> None:
    gift = "::Café au lait!:: One {T}\n\n::CAFÉ au lait:: Two {F}\n\n::港口:: Three {T}\n"
    questions = read_bank(ImportSource("n.gift", gift.encode(), "n")).deck["questions"]
    assert [q["id"] for q in questions] == ["cafe-au-lait", "cafe-au-lait-2", "q3"]
