"""Moodle XML in and out: real files, real `quizapp import`/`export` processes, banks read back."""

from __future__ import annotations

import xml.etree.ElementTree as ET
from pathlib import Path
from typing import Any

import pytest
import yaml
from hypothesis import given
from hypothesis import strategies as st

from quizapp.bank import load_deck
from quizapp.bank.model import Deck, Question, QuestionKind
from quizapp.exchange.bank_writer import bank_text
from quizapp.exchange.moodle_xml import read_bank, write_bank
from quizapp.exchange.notes import ImportedBank, ImportProblem, ImportSource
from tests import hypothesis_profiles  # noqa: F401  (registers and loads the profile)
from tests.cli_helpers import quizapp

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questions" / "apec-2025-korea-china.yaml"
GOOD = sorted((ROOT / "tests" / "banks" / "good").glob("*.yaml"))

# A Moodle export of a made-up course on a river town, written for these tests:
# every construct the importer reads, and some it has to leave out.
LIGHTHOUSE = """\
<?xml version="1.0" encoding="UTF-8"?>
<quiz>
<!-- question: 0  -->
  <question type="category">
    <category><text>$course$/top/Default for Harbour/The lighthouse</text></category>
  </question>
  <question type="multichoice">
    <name><text>Keeper's name</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>Who kept the <b>lighthouse</b> &amp; its lamp?</p>]]></text>
    </questiontext>
    <generalfeedback format="html"><text>The town records name Ada Orrin.</text></generalfeedback>
    <defaultgrade>2.0000000</defaultgrade>
    <single>true</single>
    <answer fraction="100" format="html"><text>Ada Orrin</text>
      <feedback><text>Yes.</text></feedback></answer>
    <answer fraction="0" format="html"><text>Tom Vale</text>
      <feedback><text><![CDATA[Tom ran the <i>ferry</i>.]]></text></feedback></answer>
    <answer fraction="0" format="html"><text>Mira Fen</text></answer>
  </question>
  <question type="multichoice">
    <name><text>Lamp fuels</text></name>
    <questiontext format="html"><text>Which fuels did the lamp burn?</text></questiontext>
    <single>false</single>
    <answer fraction="50"><text>Whale oil</text><feedback><text>Until 1870.</text></feedback></answer>
    <answer fraction="50"><text>Paraffin</text></answer>
    <answer fraction="-100"><text>Coal gas</text>
      <feedback><text>No gas main reached the point.</text></feedback></answer>
  </question>
  <question type="multichoice">
    <name><text>Weighted colours</text></name>
    <questiontext format="html"><text>Which colours did the tower wear?</text></questiontext>
    <single>false</single>
    <answer fraction="70"><text>White</text></answer>
    <answer fraction="30"><text>Red</text></answer>
    <answer fraction="0"><text>Green</text></answer>
  </question>
  <question type="category">
    <category><text>$course$/top/Default for Harbour/The ferry</text></category>
  </question>
  <question type="truefalse">
    <name><text>Ferry in winter</text></name>
    <questiontext format="html"><text>The ferry ran all winter.</text></questiontext>
    <answer fraction="0"><text>true</text><feedback><text>Ice stopped it.</text></feedback></answer>
    <answer fraction="100"><text>false</text><feedback><text>Right, it stopped.</text></feedback></answer>
  </question>
  <question type="shortanswer">
    <name><text>Ferry name</text></name>
    <questiontext format="html"><text>What was the ferry called?</text></questiontext>
    <usecase>0</usecase>
    <answer fraction="100"><text>Gull</text></answer>
    <answer fraction="100"><text>The Gull</text></answer>
    <answer fraction="50"><text>Gul</text></answer>
    <answer fraction="0"><text>*</text></answer>
  </question>
  <question type="numerical">
    <name><text>Crossing minutes</text></name>
    <questiontext format="html"><text>How long was a crossing?</text></questiontext>
    <answer fraction="100"><text>25</text><tolerance>5</tolerance></answer>
    <answer fraction="50"><text>40</text><tolerance>0</tolerance></answer>
    <units>
      <unit><multiplier>1</multiplier><unit_name>minutes</unit_name></unit>
      <unit><multiplier>60</multiplier><unit_name>hours</unit_name></unit>
    </units>
  </question>
  <question type="matching">
    <name><text>Boats and owners</text></name>
    <questiontext format="html"><text>Match each boat to its owner.</text></questiontext>
    <subquestion format="html"><text>Gull</text><answer><text>The town</text></answer></subquestion>
    <subquestion format="html"><text>Tern</text><answer><text>The mill</text></answer></subquestion>
    <subquestion format="html"><text></text><answer><text>The church</text></answer></subquestion>
  </question>
  <question type="gapselect">
    <name><text>Tide words</text></name>
    <questiontext format="html"><text>High tide came [[1]] and left [[2]].</text></questiontext>
    <selectoption><text>early</text><group>1</group></selectoption>
    <selectoption><text>slowly</text><group>2</group></selectoption>
    <selectoption><text>late</text><group>1</group></selectoption>
    <selectoption><text>quickly</text><group>2</group></selectoption>
  </question>
  <question type="ddwtos">
    <name><text>Bell</text></name>
    <questiontext format="html"><text>The bell rang in [[1]].</text></questiontext>
    <dragbox><text>fog</text><group>1</group></dragbox>
    <dragbox><text>sun</text><group>1</group></dragbox>
  </question>
  <question type="cloze">
    <name><text>Harbour wall</text></name>
    <questiontext format="html">
      <text><![CDATA[<p>The wall was built of {1:SHORTANSWER:=granite~=Granite stone~%50%stone}
in {1:MULTICHOICE:1801~=1822#Right~1850}.</p>]]></text>
    </questiontext>
  </question>
  <question type="ordering">
    <name><text>Harbour history</text></name>
    <questiontext format="html"><text>Earliest first.</text></questiontext>
    <answer fraction="2"><text>The wall</text></answer>
    <answer fraction="1"><text>The lighthouse</text></answer>
    <answer fraction="3"><text>The ferry</text></answer>
  </question>
  <question type="essay">
    <name><text>Describe the harbour</text></name>
    <questiontext format="html"><text>Write about the harbour.</text></questiontext>
  </question>
  <question type="description">
    <name><text>Reading</text></name>
    <questiontext format="html"><text>Read the text first.</text></questiontext>
  </question>
  <question type="multichoice">
    <name><text>Keeper's name</text></name>
    <questiontext format="html"><text>Same name, second question: which bird?</text></questiontext>
    <answer fraction="100"><text>Gull</text></answer>
    <answer fraction="0"><text>Crow</text></answer>
  </question>
</quiz>
"""


def imported_deck(imported: ImportedBank, folder: Path, name: str = "back") -> Deck:
    """The bank an import makes, written and loaded as `quizapp import` does."""
    imported.deck.setdefault("deck", name)
    imported.deck.setdefault("title", name)
    path = folder / f"{name}.yaml"
    path.write_text(bank_text(imported, ["test"]), encoding="utf-8")
    return load_deck(path)


def round_trip(deck: Deck, folder: Path) -> Deck:
    exported = write_bank(deck)
    return imported_deck(read_bank(ImportSource("x.xml", exported.data, "x")), folder)


def tidy(text: str) -> str:
    """Text as HTML keeps it: spaces in a line collapsed, empty lines gone."""
    return "\n".join(" ".join(line.split()) for line in text.split("\n") if line.strip())


def carried(question: Question) -> dict[str, Any]:
    """What both sides of the format hold for a question."""
    return {
        "id": question.id,
        "kind": question.kind,
        "prompt": tidy(question.prompt),
        "explanation": tidy(question.explanation),
        "hint": tidy(question.hint),
        "topic": question.topic,
        "section": question.section,
        "evidence": question.evidence,
        "difficulty": question.difficulty,
        "points": question.points,
        "choices": tuple(tidy(c) for c in question.choices),
        "correct": sorted(tidy(c) for c in question.correct_choices),
        # Moodle's matching has no feedback per item (the export says so).
        "why_wrong": {}
        if question.kind is QuestionKind.MATCH
        else {tidy(k): tidy(v) for k, v in question.why_wrong.items()},
        "accepted": question.accepted,
        "typos": question.typos,
        "number": question.number,
        "tolerance": question.tolerance,
        "unit": question.unit,
        "items": tuple(tidy(i) for i in question.items),
        "blanks": question.blanks,
        "blank_choices": question.blank_choices,
        "pairs": tuple((tidy(left), right) for left, right in question.pairs),
        "extra": question.extra,
    }


# Export ----------------------------------------------------------------------------------------


def test_the_bundled_bank_exports_to_moodle_xml_that_parses(tmp_path: Path) -> None:
    result = quizapp(
        "export", str(BUNDLED), "--format", "moodle-xml", "-o", "apec.xml", cwd=tmp_path
    )
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    assert result.stdout.strip() == "Wrote apec.xml (moodle-xml) from 38 questions."
    root = ET.parse(tmp_path / "apec.xml").getroot()
    assert root.tag == "quiz"
    briefing, *rest = root.findall("question")
    assert (briefing.get("type"), briefing.findtext("name/text")) == ("description", "briefing")
    questions = [q for q in rest if q.get("type") != "category"]
    deck = load_deck(BUNDLED)
    assert [q.findtext("name/text") for q in questions] == [q.id for q in deck.questions]
    kinds = {q.get("type") for q in questions}
    assert kinds == {
        "multichoice",
        "truefalse",
        "shortanswer",
        "numerical",
        "ordering",
        "cloze",
        "matching",
    }
    categories = [q.findtext("category/text") for q in root.findall("question[@type='category']")]
    assert {f"$course$/top/{topic}" for topic in deck.topics} == set(categories)


def test_multi_fractions_sum_to_full_marks_and_wrong_ones_take_back(tmp_path: Path) -> None:
    deck = load_deck(ROOT / "tests" / "banks" / "good" / "every-type.yaml")
    root = ET.fromstring(write_bank(deck).data)
    themes = next(q for q in root.iter("question") if q.findtext("name/text") == "themes")
    assert themes.findtext("single") == "false"
    fractions = {a.findtext("text"): float(a.get("fraction", "")) for a in themes.iter("answer")}
    assert fractions == {"Free trade": 50.0, "Supply chains": 50.0, "Tariffs": -100.0}
    host = next(q for q in root.iter("question") if q.findtext("name/text") == "host")
    assert host.findtext("single") == "true"
    assert host.findtext("defaultgrade") == "2"
    feedback = {a.findtext("text"): a.findtext("feedback/text") for a in host.iter("answer")}
    assert feedback["China"] == "<p>China is the guest.</p>"


def test_text_is_written_as_escaped_html_that_shows_the_very_text(tmp_path: Path) -> None:
    bank = tmp_path / "b.yaml"
    bank.write_text(
        yaml.safe_dump(
            {
                "title": "T",
                "questions": [
                    {
                        "id": "tags",
                        "type": "choice",
                        "prompt": "Is <script>alert(1)</script> & \"this\" 'text'?",
                        "choices": ["<b>yes</b>", "no"],
                        "answer": "<b>yes</b>",
                    }
                ],
            }
        ),
        encoding="utf-8",
    )
    root = ET.fromstring(write_bank(load_deck(bank)).data)
    question = root.find("question[@type='multichoice']")
    assert question is not None
    assert question.findtext("questiontext/text") == (
        "<p>Is &lt;script&gt;alert(1)&lt;/script&gt; &amp; \"this\" 'text'?</p>"
    )
    assert question.findtext("answer/text") == "&lt;b&gt;yes&lt;/b&gt;"


def test_cloze_is_written_with_moodle_embedded_answers() -> None:
    deck = load_deck(ROOT / "tests" / "banks" / "good" / "cloze-match.yaml")
    root = ET.fromstring(write_bank(deck).data)
    summit = next(q for q in root.iter("question") if q.findtext("name/text") == "summit")
    assert summit.get("type") == "cloze"
    text = summit.findtext("questiontext/text") or ""
    assert "{1:SHORTANSWER:=Gyeongju~=Kyongju}" in text
    assert "{1:MULTICHOICE:October~=November~December}" in text
    assert "{1:SHORTANSWER:=11~=eleven}" in text
    leaders = next(q for q in root.iter("question") if q.findtext("name/text") == "leaders")
    subs = [(s.findtext("text"), s.findtext("answer/text")) for s in leaders.iter("subquestion")]
    assert ("Xi Jinping", "China") in subs
    assert ("", "North Korea") in subs and ("", "Taiwan") in subs


def test_what_moodle_cannot_hold_is_listed_and_blocks_the_export(tmp_path: Path) -> None:
    """cloze-match has a time limit and why_wrong on a match question: Moodle has neither."""
    bank = str(ROOT / "tests/banks/good/cloze-match.yaml")
    result = quizapp("export", bank, "--format", "moodle-xml", "-o", "cm.xml", cwd=tmp_path)
    assert result.returncode == 1
    assert "question leaders: Moodle has no time limit per question" in result.stdout
    assert "question leaders: Moodle's matching has no feedback per item" in result.stdout
    assert not (tmp_path / "cm.xml").exists()


def test_order_is_written_for_moodle_s_ordering_plugin() -> None:
    deck = load_deck(ROOT / "tests" / "banks" / "good" / "every-type.yaml")
    root = ET.fromstring(write_bank(deck).data)
    timeline = next(q for q in root.iter("question") if q.findtext("name/text") == "timeline")
    assert timeline.get("type") == "ordering"
    assert timeline.findtext("selecttype") == "ALL"
    answers = [(a.get("fraction"), a.findtext("text")) for a in timeline.iter("answer")]
    assert answers == [("1", "Xi visits Seoul"), ("2", "The phone call"), ("3", "The summit")]
    years = next(q for q in root.iter("question") if q.findtext("name/text") == "years")
    assert (years.findtext("answer/text"), years.findtext("answer/tolerance")) == ("11.0", "0.5")
    assert years.findtext("units/unit/unit_name") == "years"


# Import ----------------------------------------------------------------------------------------


def test_every_construct_of_a_moodle_file_imports(tmp_path: Path) -> None:
    imported = read_bank(ImportSource("harbour.xml", LIGHTHOUSE.encode(), "harbour"))
    deck = imported_deck(imported, tmp_path)
    by_id = {q.id: q for q in deck.questions}
    assert list(by_id) == [
        "keeper-s-name",
        "lamp-fuels",
        "weighted-colours",
        "ferry-in-winter",
        "ferry-name",
        "crossing-minutes",
        "boats-and-owners",
        "tide-words",
        "bell",
        "harbour-wall",
        "harbour-history",
        "keeper-s-name-2",
    ]
    keeper = by_id["keeper-s-name"]
    assert keeper.prompt == "Who kept the lighthouse & its lamp?"
    assert keeper.correct_choices == {"Ada Orrin"}
    assert keeper.why_wrong == {"Tom Vale": "Tom ran the ferry."}
    assert keeper.explanation == "The town records name Ada Orrin."
    assert keeper.points == 2
    assert keeper.topic == "The lighthouse"
    fuels = by_id["lamp-fuels"]
    assert fuels.correct_choices == {"Whale oil", "Paraffin"}
    assert fuels.why_wrong == {"Coal gas": "No gas main reached the point."}
    assert fuels.explanation == "Until 1870."  # the right answer's feedback, no general one
    assert by_id["weighted-colours"].correct_choices == {"White", "Red"}
    ferry = by_id["ferry-in-winter"]
    assert (ferry.correct_choices, ferry.topic) == ({"False"}, "The ferry")
    assert ferry.explanation == "Right, it stopped."
    assert by_id["ferry-name"].accepted == ("Gull", "The Gull")
    crossing = by_id["crossing-minutes"]
    assert (crossing.number, crossing.tolerance, crossing.unit) == (25, 5, "minutes")
    boats = by_id["boats-and-owners"]
    assert boats.pairs == (("Gull", "The town"), ("Tern", "The mill"))
    assert boats.extra == ("The church",)
    tide = by_id["tide-words"]
    assert tide.prompt == "High tide came [1 ____] and left [2 ____]."
    assert tide.blanks == (("early",), ("slowly",))
    assert tide.blank_choices == (("early", "late"), ("slowly", "quickly"))
    assert by_id["bell"].blank_choices == (("fog", "sun"),)
    wall = by_id["harbour-wall"]
    assert wall.prompt == "The wall was built of [1 ____] in [2 ____]."
    assert wall.blanks == (("granite", "Granite stone"), ("1822",))
    assert wall.blank_choices == ((), ("1801", "1822", "1850"))
    assert by_id["harbour-history"].items == ("The lighthouse", "The wall", "The ferry")
    notes = [str(note) for note in imported.notes]
    expected = [
        "harbour.xml:7: the right answer's feedback is not carried: Yes.",
        "harbour.xml:30: partial credit is not carried: all right choices must be picked",
        "harbour.xml:41: the feedback for answering true is not carried: Ice stopped it.",
        "harbour.xml:47: the 50% answer 'Gul' is not carried",
        "harbour.xml:47: the wildcard answer '*' is not carried (quizapp has no wildcards)",
        "harbour.xml:56: the 50% answer '40' is not carried (one right number is kept)",
        "harbour.xml:56: the unit 'hours' (× 60.0) is not carried",
        "harbour.xml:87: feedback on blank answers not carried",
        "harbour.xml:87: partial-credit answers of typed blanks not carried",
        "harbour.xml:101: essay question 'Describe the harbour': quizapp has no such type; "
        "left out",
        "harbour.xml:105: description question 'Reading': quizapp has no such type; left out",
    ]
    assert notes == expected
    assert imported.comments[11] == ['id made from the Moodle name "Keeper\'s name"']


def test_a_moodle_file_imports_with_the_command_into_a_bank_that_validates(
    tmp_path: Path,
) -> None:
    (tmp_path / "harbour.xml").write_text(LIGHTHOUSE, encoding="utf-8")
    result = quizapp("import", "harbour.xml", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (0, "")
    assert result.stdout.splitlines()[-1] == (
        "Wrote harbour.yaml: 12 questions from harbour.xml (11 notes above: what was not carried or changed)."
    )
    assert len(load_deck(tmp_path / "harbour.yaml").questions) == 12


def test_html_in_a_moodle_file_becomes_plain_text_never_markup(tmp_path: Path) -> None:
    hostile = LIGHTHOUSE.replace(
        "Who kept the <b>lighthouse</b> &amp; its lamp?",
        "Who<script>alert('x')</script> kept [b]it[/b]?<br>Second &lt;line&gt;",
    )
    deck = imported_deck(read_bank(ImportSource("h.xml", hostile.encode(), "h")), tmp_path)
    assert deck.questions[0].prompt == "Who kept [b]it[/b]?\n\nSecond <line>"


def test_malformed_xml_is_one_line_with_the_line_of_the_fault(tmp_path: Path) -> None:
    broken = LIGHTHOUSE.replace("<name><text>Lamp fuels</text></name>", "<name><text>Lamp</name>")
    (tmp_path / "broken.xml").write_text(broken, encoding="utf-8")
    result = quizapp("import", "broken.xml", cwd=tmp_path)
    assert result.returncode == 1
    first, second = result.stderr.splitlines()
    assert first.startswith("broken.xml:22: not well-formed XML (mismatched tag, column ")
    assert second == "quizapp: nothing imported; fix broken.xml and try again"
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "broken.yaml").exists()


def test_without_lines_to_trust_a_note_names_the_question_by_number_and_name() -> None:
    """Text quoting `<question ` in CDATA makes the line scan unreliable: count `<question>`s."""
    quoting = LIGHTHOUSE.replace(
        "Write about the harbour.", "<![CDATA[Write a <question type=x> here.]]>"
    )
    notes = [str(n) for n in read_bank(ImportSource("q.xml", quoting.encode(), "q")).notes]
    assert (
        "q.xml: question 14 (Describe the harbour): essay question 'Describe the harbour': "
        "quizapp has no such type; left out" in notes
    )


def test_a_file_that_is_not_a_quiz_is_refused() -> None:
    with pytest.raises(ImportProblem, match="not <quiz>"):
        read_bank(ImportSource("x.xml", b"<html><body/></html>", "x"))
    with pytest.raises(ImportProblem, match="no questions found"):
        read_bank(ImportSource("x.xml", b"<quiz></quiz>", "x"))


# Round trip -----------------------------------------------------------------------------------


@pytest.mark.parametrize("bank", [BUNDLED, *GOOD], ids=lambda path: path.name)
def test_export_then_import_gives_back_the_bank(bank: Path, tmp_path: Path) -> None:
    deck = load_deck(bank)
    back = round_trip(deck, tmp_path)
    assert [carried(q) for q in back.questions] == [carried(q) for q in deck.questions]
    assert (back.id, back.title, back.briefing) == (deck.id, deck.title, deck.briefing)


WORD = st.text(
    alphabet=st.sampled_from(list("abcxyzÄéßλ中文😀<>&\"'.,;:!?-*/#~=%()[]$\\AZ09")),
    min_size=1,
    max_size=8,
)
PHRASE = st.lists(WORD, min_size=1, max_size=5).map(" ".join)


@st.composite
def banks(draw: st.DrawFn) -> dict[str, Any]:
    questions: list[dict[str, Any]] = []
    kinds = draw(st.lists(st.sampled_from(range(8)), min_size=1, max_size=6))
    topics = ["", draw(PHRASE), "Part / two"]
    for number, kind in enumerate(kinds):
        question: dict[str, Any] = {"id": f"q{number}", "prompt": draw(PHRASE)}
        if kind in (0, 1):
            choices = draw(st.lists(PHRASE, min_size=2, max_size=5, unique_by=str.casefold))
            right = draw(st.lists(st.sampled_from(choices), min_size=1, unique=True))
            wrong = [c for c in choices if c not in right]
            question.update(type="choice" if kind == 0 else "multi", choices=choices)
            question["answer"] = right[0] if kind == 0 else right
            if wrong and draw(st.booleans()):
                question["why_wrong"] = {wrong[0]: draw(PHRASE)}
        elif kind == 2:
            question.update(type="truefalse", answer=draw(st.booleans()))
        elif kind == 3:
            typed = PHRASE.filter(lambda t: any(c.isalnum() for c in t))
            accepted = draw(st.lists(typed, min_size=1, max_size=3, unique_by=str.casefold))
            question.update(type="text", answer=accepted, typos=draw(st.sampled_from([0, 1])))
        elif kind == 4:
            question.update(
                type="number",
                answer=draw(st.integers(-10_000, 10_000)) / 4,
                tolerance=draw(st.sampled_from([0, 0.5, 3])),
                unit=draw(st.sampled_from(["", "km", "°C", "Jahre"])),
            )
        elif kind == 5:
            items = draw(st.lists(PHRASE, min_size=2, max_size=4, unique_by=str.casefold))
            question.update(type="order", items=items)
        elif kind == 6:
            blank = st.lists(
                st.text(alphabet="abcé中<>&'\"#~/=", min_size=1, max_size=6).filter(
                    lambda t: any(c.isalnum() for c in t)
                ),
                min_size=1,
                max_size=3,
                unique_by=str.casefold,
            )
            first, second = draw(blank), draw(blank)
            question.update(
                type="cloze",
                prompt=f"{draw(PHRASE)} {{{{{'|'.join(first)}}}}} and {{{{{'|'.join(second)}}}}}.",
            )
            if draw(st.booleans()):
                question["choices"] = {2: [*second, "zzz-other"]}
        else:
            lefts = draw(st.lists(PHRASE, min_size=2, max_size=3, unique_by=str.casefold))
            rights = draw(
                st.lists(PHRASE, min_size=len(lefts), max_size=len(lefts), unique_by=str.casefold)
            )
            question.update(type="match", pairs=dict(zip(lefts, rights, strict=True)))
        if draw(st.booleans()):
            question["explanation"] = draw(PHRASE)
        if draw(st.booleans()):
            question["hint"] = draw(PHRASE)
        if draw(st.booleans()):
            question["section"] = draw(PHRASE)
            question["evidence"] = draw(PHRASE)
        if difficulty := draw(st.sampled_from(["", "easy", "medium", "hard"])):
            question["difficulty"] = difficulty
        if topic := draw(st.sampled_from(topics)):
            question["topic"] = topic
        question["points"] = draw(st.sampled_from([1, 2, 0.5]))
        questions.append(question)
    return {"title": "Generated", "questions": questions}


@given(bank=banks())
def test_generated_banks_survive_a_round_trip(bank: dict[str, Any], tmp_path: Path) -> None:
    path = tmp_path / "generated.yaml"
    path.write_text(yaml.safe_dump(bank, allow_unicode=True), encoding="utf-8")
    deck = load_deck(path)
    back = round_trip(deck, tmp_path)
    assert [carried(q) for q in back.questions] == [carried(q) for q in deck.questions]


# Hostile files ---------------------------------------------------------------------------------

BILLION_LAUGHS = """\
<?xml version="1.0"?>
<!DOCTYPE quiz [
  <!ENTITY ha "ha">
  <!ENTITY ha2 "&ha;&ha;&ha;&ha;&ha;&ha;&ha;&ha;&ha;&ha;">
  <!ENTITY ha3 "&ha2;&ha2;&ha2;&ha2;&ha2;&ha2;&ha2;&ha2;&ha2;&ha2;">
  <!ENTITY ha4 "&ha3;&ha3;&ha3;&ha3;&ha3;&ha3;&ha3;&ha3;&ha3;&ha3;">
  <!ENTITY ha5 "&ha4;&ha4;&ha4;&ha4;&ha4;&ha4;&ha4;&ha4;&ha4;&ha4;">
  <!ENTITY ha6 "&ha5;&ha5;&ha5;&ha5;&ha5;&ha5;&ha5;&ha5;&ha5;&ha5;">
  <!ENTITY ha7 "&ha6;&ha6;&ha6;&ha6;&ha6;&ha6;&ha6;&ha6;&ha6;&ha6;">
  <!ENTITY ha8 "&ha7;&ha7;&ha7;&ha7;&ha7;&ha7;&ha7;&ha7;&ha7;&ha7;">
  <!ENTITY ha9 "&ha8;&ha8;&ha8;&ha8;&ha8;&ha8;&ha8;&ha8;&ha8;&ha8;">
]>
<quiz><question type="shortanswer"><name><text>&ha9;</text></name>
<questiontext><text>Laugh?</text></questiontext>
<answer fraction="100"><text>no</text></answer></question></quiz>
"""

EXTERNAL = """\
<?xml version="1.0"?>
<!DOCTYPE quiz [
<!ENTITY secret SYSTEM "file:///etc/passwd">
]>
<quiz><question type="shortanswer"><name><text>leak</text></name>
<questiontext><text>&secret;</text></questiontext>
<answer fraction="100"><text>no</text></answer></question></quiz>
"""

ONLY_DTD = """\
<?xml version="1.0"?>
<!DOCTYPE quiz SYSTEM "http://example.invalid/quiz.dtd">
<quiz><question type="shortanswer"><name><text>dtd</text></name>
<questiontext><text>Valid?</text></questiontext>
<answer fraction="100"><text>no</text></answer></question></quiz>
"""


@pytest.mark.parametrize(
    ("text", "message"),
    [
        (BILLION_LAUGHS, "hostile.xml:3: the file declares XML entities, which are refused"),
        (EXTERNAL, "hostile.xml:3: the file declares XML entities, which are refused"),
        (ONLY_DTD, "hostile.xml:2: the file has a DTD (<!DOCTYPE ...>), which is refused"),
    ],
    ids=["billion-laughs", "external-entity", "dtd"],
)
def test_hostile_xml_is_refused_in_one_line(text: str, message: str, tmp_path: Path) -> None:
    (tmp_path / "hostile.xml").write_text(text, encoding="utf-8")
    result = quizapp("import", "hostile.xml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    first, second = result.stderr.splitlines()
    assert first.startswith(message)
    assert second == "quizapp: nothing imported; fix hostile.xml and try again"
    assert not (tmp_path / "hostile.yaml").exists()


def test_a_file_over_20_mb_is_refused_before_it_is_read(tmp_path: Path) -> None:
    filler = "<!-- " + "x" * 1_000_000 + " -->\n"
    (tmp_path / "big.xml").write_text(
        LIGHTHOUSE.replace("<quiz>", "<quiz>\n" + filler * 21), encoding="utf-8"
    )
    result = quizapp("import", "big.xml", cwd=tmp_path)
    assert result.returncode == 1
    assert len(result.stderr.splitlines()) == 1
    assert result.stderr.startswith("quizapp: big.xml")
    assert "Traceback" not in result.stderr
    assert not (tmp_path / "big.yaml").exists()


def test_control_characters_are_removed_and_said(tmp_path: Path) -> None:
    hostile = LIGHTHOUSE.replace("Who kept the", "Who \x1b]52;c;aGk=\x07kept the").replace(
        "Match each boat", "Match\u202e each &amp;#27;boat"
    )
    (tmp_path / "h.xml").write_text(hostile, encoding="utf-8")
    result = quizapp("import", "h.xml", cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0] == "h.xml:10: removed control characters U+0007, U+001B from the text"
    assert "h.xml:66: removed U+202E (RIGHT-TO-LEFT OVERRIDE) from the text" in lines
    text = (tmp_path / "h.yaml").read_text(encoding="utf-8")
    assert "\x1b" not in text and "\x07" not in text and "\u202e" not in text
    deck = load_deck(tmp_path / "h.yaml")
    assert deck.questions[0].prompt == "Who ]52;c;aGk=kept the lighthouse & its lamp?"
    # An escaped control character in the HTML (&#27;) is dropped as a browser drops it.
    assert deck.questions[6].prompt == "Match each boat to its owner."


@given(cut=st.tuples(st.integers(0, len(LIGHTHOUSE)), st.integers(0, 40)), junk=st.text(max_size=8))
def test_a_damaged_file_is_read_or_refused_never_a_crash(cut: tuple[int, int], junk: str) -> None:
    """Any slice of the fixture cut out and replaced: read, or ImportProblem; nothing else."""
    start, length = cut
    damaged = LIGHTHOUSE[:start] + junk + LIGHTHOUSE[start + length :]
    try:
        imported = read_bank(ImportSource("d.xml", damaged.encode("utf-8", "replace"), "d"))
    except ImportProblem as problem:
        assert problem.message and "\n" not in problem.message
    else:
        assert isinstance(imported.deck["questions"], list)
