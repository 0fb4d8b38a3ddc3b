"""`quizapp export --format anki`, as a teacher runs it: a real process, a real .apkg read back."""

from __future__ import annotations

import shutil
import sqlite3
import subprocess
import sys
import zipfile
from dataclasses import dataclass
from pathlib import Path

from quizapp.bank import load_deck
from tests.cli_helpers import quizapp

ROOT = Path(__file__).resolve().parent.parent
BUNDLED = ROOT / "questions" / "apec-2025-korea-china.yaml"
EVERY_TYPE = ROOT / "tests" / "banks" / "good" / "every-type.yaml"
CLOZE_MODEL_ID = 1550428389
"""genanki's built-in cloze note type (Anki's own "Cloze")."""

HOSTILE = """\
deck: hostile
title: Hostile <b>text</b>
questions:
  - id: tags
    type: choice
    prompt: Is <script>alert(1)</script> & {{c1::x}} shown as written?
    choices: ["<img src=x onerror=alert(1)>", "Yes & no"]
    answer: "Yes & no"
    why_wrong:
      "<img src=x onerror=alert(1)>": It is <i>not</i> markup.
    explanation: Every <tag> is text.
    topic: Safety & <HTML>
  - id: gap
    type: cloze
    prompt: "The <u>summit</u> a::b {x} meets in {{Gyeong<ju>}}."
    explanation: "See <here>."
"""


@dataclass(frozen=True)
class AnkiNote:
    guid: str
    model: int
    fields: list[str]
    tags: list[str]


def exported_notes(apkg: Path) -> list[AnkiNote]:
    """The notes of an .apkg: a zip holding collection.anki2, an SQLite database."""
    with zipfile.ZipFile(apkg) as package:
        assert "collection.anki2" in package.namelist()
        database = apkg.with_suffix(".anki2")
        database.write_bytes(package.read("collection.anki2"))
    connection = sqlite3.connect(database)
    try:
        rows = connection.execute("SELECT guid, mid, flds, tags FROM notes ORDER BY id").fetchall()
    finally:
        connection.close()
    return [AnkiNote(guid, mid, flds.split("\x1f"), tags.split()) for guid, mid, flds, tags in rows]


def export(bank: Path, out: str, cwd: Path) -> list[AnkiNote]:
    result = quizapp("export", str(bank), "--format", "anki", "-o", out, cwd=cwd)
    assert (result.returncode, result.stderr) == (0, ""), result.stdout
    return exported_notes(cwd / out)


def test_the_bundled_bank_is_one_note_per_question_and_nothing_is_left_out(tmp_path: Path) -> None:
    result = quizapp("export", str(BUNDLED), "--format", "anki", "-o", "apec.apkg", cwd=tmp_path)
    deck = load_deck(BUNDLED)
    assert (result.returncode, result.stderr) == (0, "")
    # Nothing is listed as left out: Anki can show every type.
    assert result.stdout == f"Wrote apec.apkg (anki) from {len(deck.questions)} questions.\n"
    notes = exported_notes(tmp_path / "apec.apkg")
    assert len(notes) == len(deck.questions)
    assert len({note.guid for note in notes}) == len(notes)
    clozes = [q for q in deck.questions if q.kind == "cloze"]
    assert sum(note.model == CLOZE_MODEL_ID for note in notes) == len(clozes) > 0


def test_every_type_maps_to_a_front_and_a_back(tmp_path: Path) -> None:
    notes = {n.fields[0]: n for n in export(EVERY_TYPE, "every.apkg", tmp_path)}
    by_front = {front.split("<br>")[0]: note for front, note in notes.items()}
    choice = by_front["Which country hosts APEC 2025?"]
    assert "<li>Japan</li>" in choice.fields[0]
    assert choice.fields[1].startswith("<b>South Korea</b>")
    assert "<li>China: China is the guest.</li>" in choice.fields[1]
    assert "Seoul hosts." in choice.fields[1]
    assert choice.fields[2] == "Xi must travel."
    assert choice.tags == ["the-summit"]
    order = by_front["Earliest first."]
    assert order.fields[1] == (
        "<ol><li>Xi visits Seoul</li><li>The phone call</li><li>The summit</li></ol>"
    )
    match = by_front["Match each leader to their country."]
    assert "<li>Japan</li>" in match.fields[0]
    assert "Xi Jinping → China" in match.fields[1]
    assert "Xi is China&#x27;s president." in match.fields[1]
    cloze = notes["The summit meets in {{c1::Gyeongju}} in {{c2::November}}."]
    assert cloze.model == CLOZE_MODEL_ID
    assert "also accepted: Kyongju" in cloze.fields[1]
    assert "picked from: October; November; December" in cloze.fields[1]
    assert by_front["Name Japan&#x27;s prime minister."].tags == ["people"]


def test_guids_and_ids_are_stable_so_a_second_export_updates_the_same_notes(
    tmp_path: Path,
) -> None:
    first = export(BUNDLED, "one.apkg", tmp_path)
    copy = tmp_path / "copy.yaml"
    shutil.copy(BUNDLED, copy)
    second = export(copy, "two.apkg", tmp_path)
    assert [n.guid for n in first] == [n.guid for n in second]
    assert [n.model for n in first] == [n.model for n in second]
    with zipfile.ZipFile(tmp_path / "one.apkg") as package:
        (tmp_path / "one.db").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "one.db") as db:
        deck_ids = {did for (did,) in db.execute("SELECT DISTINCT did FROM cards")}
    with zipfile.ZipFile(tmp_path / "two.apkg") as package:
        (tmp_path / "two.db").write_bytes(package.read("collection.anki2"))
    with sqlite3.connect(tmp_path / "two.db") as db:
        assert deck_ids == {did for (did,) in db.execute("SELECT DISTINCT did FROM cards")}
    assert len(deck_ids) == 1


def test_bank_text_is_shown_literally_never_as_html_or_cloze(tmp_path: Path) -> None:
    (tmp_path / "hostile.yaml").write_text(HOSTILE, encoding="utf-8")
    notes = export(tmp_path / "hostile.yaml", "hostile.apkg", tmp_path)
    assert len(notes) == 2
    every_field = "".join("".join(note.fields) for note in notes)
    for raw in ("<script>", "<img", "<i>not", "<tag>", "<u>", "<ju>", "<here>", "<HTML>"):
        assert raw not in every_field
    choice, cloze = notes
    assert "&lt;script&gt;alert(1)&lt;/script&gt; &amp;" in choice.fields[0]
    assert (
        "&lt;img src=x onerror=alert(1)&gt;: It is &lt;i&gt;not&lt;/i&gt; markup."
        in (choice.fields[1])
    )
    assert choice.tags == ["safety-html"]
    # Only the blank is a cloze: braces and colons of the bank's text are entities.
    assert cloze.fields[0] == (
        "The &lt;u&gt;summit&lt;/u&gt; a&#58;&#58;b &#123;x&#125; meets in "
        "{{c1::Gyeong&lt;ju&gt;}}."
    )
    assert cloze.model == CLOZE_MODEL_ID


def test_only_the_export_to_anki_loads_genanki(tmp_path: Path) -> None:
    """An import (here Aiken) loads neither genanki nor openpyxl; an Anki export loads genanki only."""
    (tmp_path / "q.txt").write_text("Which?\nA. One\nB. Two\nANSWER: A\n", encoding="utf-8")

    def trace(*args: str) -> str:
        result = subprocess.run(
            [sys.executable, "-X", "importtime", "-m", "quizapp", *args],
            cwd=tmp_path,
            capture_output=True,
            text=True,
            timeout=60,
            check=False,
        )
        assert result.returncode == 0, result.stderr
        return result.stderr

    imported = trace("import", "q.txt")
    assert "quizapp.cli.exchange" in imported
    assert "genanki" not in imported and "openpyxl" not in imported
    exported = trace("export", "q.yaml", "--format", "anki")
    assert "genanki" in exported and "openpyxl" not in exported
    assert (tmp_path / "q.apkg").is_file()
