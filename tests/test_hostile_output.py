"""Hostile text never reaches a terminal or a spreadsheet raw: checked on the bytes real processes write.

Names, prompts, answers, file and folder names come from outside quizapp.
A terminal obeys some of their characters (`ESC ] 52` writes the clipboard,
`ESC ] 0` the window title, C1 `CSI` and `ESC [ 2 J` draw, U+202E reverses
what follows, BEL rings, a lone CR overwrites) and a spreadsheet runs a cell
that starts with `=`. `quizapp.text.safe` is the one boundary such text
crosses. Unit tests of a helper cannot show that every path goes through
it, so most tests here run the real thing (the command line in a
subprocess, the Textual apps in a pseudo-terminal, `quizapp serve` over a
websocket), keep every byte it writes, and look for the payloads raw.
Where the boundary shows a character rather than dropping it, they also
check that it was shown (`␛]52`), so a fix that silently drops text, or
drops the whole line, does not pass.
"""

from __future__ import annotations

import csv
import fcntl
import io
import json
import os
import re
import select
import signal
import sqlite3
import struct
import subprocess
import sys
import termios
import time
from pathlib import Path
from types import TracebackType

import aiohttp
import pytest

from quizapp.report.table import WIDEST_CELL
from quizapp.text.safe import BIDI_CONTROLS, csv_cell, for_terminal, json_text
from quizapp.text.width import fit
from quizapp.ui.screens.class_view import NAME_WIDTH
from tests.store_helpers.hostile import (
    BELL,
    C1_CSI,
    CLEAR,
    FORMULAS,
    HOSTILE_ANSWER,
    HOSTILE_NAME,
    HOSTILE_PROMPT,
    LONE_CR,
    NUMBER,
    OSC52,
    RAW_SEQUENCES,
    RLO,
    TERMINAL_PAYLOADS,
    TITLE,
    HostileRows,
    fill_hostile_store,
    shown,
)
from tests.test_serve import Browser, free_port, running_server

pytestmark = pytest.mark.skipif(
    sys.platform == "win32", reason="pseudo-terminals and POSIX signals"
)

REPO = Path(__file__).resolve().parents[1]
DEADLINE = 60.0
"""Seconds any wait may take before the test fails: a guard against a hang, never a timing check."""

CSV_CELLS = {
    '=HYPERLINK("http://evil.example","x")': '\'=HYPERLINK("http://evil.example","x")',
    "=1+1": "'=1+1",
    "+SUM(A1)": "'+SUM(A1)",
    "@cmd": "'@cmd",
    "\tTAB": "' TAB",
    "\rCR": "'␍CR",
    "-2+3": "'-2+3",
    " =1+1": "' =1+1",
    RLO + "=1+1": "'=1+1",
}
"""Each formula the store holds, and the cell a spreadsheet must get: text, never run."""


# -- what the bytes may and may not hold ------------------------------------------


def raw_payloads_in(data: bytes) -> list[str]:
    """The payloads that reached `data` as a terminal would read them."""
    return [name for name, raw in RAW_SEQUENCES.items() if raw in data]


def unsafe_in_plain_output(data: bytes) -> list[str]:
    """Characters a terminal acts on, in the output of a command that draws nothing.

    The report and the validator write only text and line feeds: any other
    C0 control, DEL, C1 control, bidi control or line separator is a leak.
    """
    text = data.decode("utf-8")  # strict: what we write is always UTF-8
    return sorted(
        {
            f"U+{ord(char):04X}"
            for char in text
            if (ord(char) < 0x20 and char != "\n")
            or 0x7F <= ord(char) <= 0x9F
            or ord(char) in BIDI_CONTROLS
            or char in "\u2028\u2029"
        }
    )


TEXTUAL_OSC = re.compile(rb"\x1b\]22;[^\x07\x1b]*\x07")
"""The one OSC Textual writes (the mouse pointer's shape), ended by a BEL of its own."""


def foreign_controls_in_screen(data: bytes) -> list[str]:
    """What in a Textual app's output did not come from Textual's own drawing.

    Textual draws with CSI sequences and sets the pointer shape with OSC 22;
    any other OSC, any BEL outside that OSC, and any C1 or bidi control
    came from the text the app was given.
    """
    found = [f"OSC {number.decode()}" for number in set(re.findall(rb"\x1b\](\d*)", data))]
    found = [name for name in found if name != "OSC 22"]
    if b"\x07" in TEXTUAL_OSC.sub(b"", data):
        found.append("BEL")
    text = data.decode("utf-8")  # strict: a raw one-byte C1 control would fail here
    found += sorted(
        {f"U+{ord(c):04X}" for c in text if 0x80 <= ord(c) <= 0x9F or ord(c) in BIDI_CONTROLS}
    )
    return found


SCREEN_CODES = re.compile(
    rb"\x1b\[[0-9;?<>=]*[ -/]*[@-~]|\x1b\][^\x07\x1b]*(?:\x07|\x1b\\)|\x1b[()][0-9A-Za-z]|\x1b[=>78]"
)
"""The drawing codes between the characters on screen."""


def on_screen(data: bytes) -> str:
    """The characters a terminal would show, in the order they were written."""
    return SCREEN_CODES.sub(b"", data).decode("utf-8", errors="replace")


# -- running the real things ------------------------------------------------------


def quizapp(*args: str, cwd: Path) -> subprocess.CompletedProcess[bytes]:
    """`python -m quizapp ARGS` with its stdout and stderr kept as bytes."""
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        cwd=cwd,
        capture_output=True,
        timeout=DEADLINE,
        env={**os.environ, "COLUMNS": "200"},  # wide enough that no cell is wrapped
    )


class Terminal:
    """A program in a real pseudo-terminal, as a person's terminal would run it.

    The terminal has a fixed size (TIOCSWINSZ, set before the program
    starts) and TERM=xterm-256color; every byte the program writes is kept
    in `output`, and keys are written to it as a terminal would send them.
    """

    def __init__(self, argv: list[str], *, cwd: Path, columns: int = 200, rows: int = 50) -> None:
        self.master, child_side = os.openpty()
        fcntl.ioctl(child_side, termios.TIOCSWINSZ, struct.pack("HHHH", rows, columns, 0, 0))
        env = {k: v for k, v in os.environ.items() if k not in ("NO_COLOR", "COLUMNS", "LINES")}
        env["TERM"] = "xterm-256color"
        self.process = subprocess.Popen(
            argv,
            cwd=cwd,
            env=env,
            stdin=child_side,
            stdout=child_side,
            stderr=child_side,
            start_new_session=True,
        )
        os.close(child_side)
        self.output = bytearray()
        self.seen = 0
        """Where the last `wait_for` found its text: the next one looks after it."""
        self.closed = False

    def __enter__(self) -> Terminal:
        return self

    def __exit__(
        self,
        kind: type[BaseException] | None,
        error: BaseException | None,
        tb: TracebackType | None,
    ) -> None:
        if self.process.poll() is None:  # a failed test: stop the program we started
            self.process.kill()
            self.process.wait(timeout=DEADLINE)
        os.close(self.master)

    def _read(self, timeout: float) -> None:
        """Keep what the program wrote within `timeout` seconds; note when it has gone."""
        ready, _, _ = select.select([self.master], [], [], timeout)
        if not ready:
            return
        try:
            chunk = os.read(self.master, 65536)
        except OSError:  # EIO: the program closed the terminal
            chunk = b""
        if chunk:
            self.output += chunk
        else:
            self.closed = True

    def wait_for(self, text: str) -> None:
        """Read until `text` is on screen (after the last text waited for)."""
        deadline = time.monotonic() + DEADLINE
        while text not in on_screen(bytes(self.output[self.seen :])):
            if self.closed or time.monotonic() > deadline:
                tail = on_screen(bytes(self.output[-4000:]))
                raise AssertionError(f"{text!r} was never shown; the screen ended with {tail!r}")
            self._read(0.05)
        self.seen = len(self.output)

    def press(self, keys: str) -> None:
        """Send keys (or a paste) as the terminal sends them: UTF-8 bytes."""
        os.write(self.master, keys.encode("utf-8"))

    def quit(self) -> int:
        """Ctrl+Q, and `y` if the app asks first; the exit status, once all output is read."""
        self.press("\x11")
        deadline = time.monotonic() + DEADLINE
        asked = False
        while not self.closed:
            assert time.monotonic() < deadline, "the app did not quit"
            if not asked and "Quit (y)" in on_screen(bytes(self.output[self.seen :])):
                self.press("y")
                asked = True
            self._read(0.05)
        return self.process.wait(timeout=DEADLINE)

    def wait_exit(self) -> int:
        """Read to the end; the exit status."""
        deadline = time.monotonic() + DEADLINE
        while not self.closed:
            assert time.monotonic() < deadline, "the program did not end"
            self._read(0.05)
        return self.process.wait(timeout=DEADLINE)


class RecordingTab(Browser):
    """test_serve's browser tab that also keeps every screen byte the server sent it."""

    async def __aenter__(self) -> RecordingTab:
        await super().__aenter__()
        self.received = bytearray()
        receive = self.socket.receive

        async def recording_receive(*args: object, **kwargs: object) -> aiohttp.WSMessage:
            message = await receive(*args, **kwargs)
            if message.type == aiohttp.WSMsgType.BINARY:
                self.received += message.data
            return message

        self.socket.receive = recording_receive
        return self


def first_line(stream: io.BufferedReader, process: subprocess.Popen[bytes]) -> bytes:
    """The first line a server writes, read with a deadline."""
    deadline = time.monotonic() + DEADLINE
    line = b""
    while not line.endswith(b"\n"):
        assert time.monotonic() < deadline and process.poll() is None, f"no line, only {line!r}"
        if select.select([stream], [], [], 0.05)[0]:
            byte = os.read(stream.fileno(), 1)
            assert byte, f"the stream ended after {line!r}"
            line += byte
    return line


PLAIN_BANK = """\
title: Plain bank
settings: {shuffle: false, shuffle_choices: false}
questions:
  - {id: pick, type: choice, prompt: Pick one, choices: [First, Second], answer: First, explanation: E.}
"""


@pytest.fixture(scope="module")
def hostile_rows(tmp_path_factory: pytest.TempPathFactory) -> HostileRows:
    """One data folder for the read-only commands (report, class view): its rows carry the payloads."""
    return fill_hostile_store(tmp_path_factory.mktemp("hostile-store"))


# -- the boundary itself: each payload in, what is shown out -----------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        (OSC52, "␛]52;c;cHduZWQ=␇"),
        (TITLE, "␛]0;PWNED␇"),
        (CLEAR, "␛[2Jwipe"),
        (C1_CSI, "\ufffd31m"),
        ("a" + RLO + "b\u2066c\u2069", "abc"),
        (BELL, "ring␇"),
        (LONE_CR, "left␍right"),
        ("one\ntwo\r\nthree", "one␊two␍␊three"),
        ("tab\there\x7f\x00", "tab here␡␀"),
        ("line\u2028sep", "line sep"),
        ("plain Zoë 이재명 👩‍🏫", "plain Zoë 이재명 👩‍🏫"),
    ],
)
def test_for_terminal_shows_each_payload_as_pictures(text: str, expected: str) -> None:
    """Every control a terminal would obey becomes a picture (or, for bidi, nothing); text stays."""
    assert for_terminal(text) == expected


def test_for_terminal_keeps_line_breaks_only_where_asked() -> None:
    """A briefing keeps its lines (CR LF counts as one); a lone CR is still shown, not obeyed."""
    assert for_terminal("one\r\ntwo\nthree\rfour", lines=True) == "one\ntwo\nthree␍four"


@pytest.mark.parametrize(("value", "cell"), CSV_CELLS.items())
def test_csv_cell_neutralises_every_formula_trigger(value: str, cell: str) -> None:
    """OWASP's triggers (= + - @ tab CR), after spaces or an invisible bidi control too."""
    assert csv_cell(value) == cell


@pytest.mark.parametrize("value", ["-5", "+2.5", "1,000", "50%", "-1.5e3", " -5", "5", ""])
def test_csv_cell_leaves_numbers_alone(value: str) -> None:
    """A number stays a number a spreadsheet can add up: no quote in front of it."""
    assert csv_cell(value) == value


def test_csv_cell_leaves_non_text_alone() -> None:
    """Numbers the report writes as numbers are not text, and pass as they are."""
    assert [csv_cell(v) for v in (-5, 2.5, None)] == [-5, 2.5, None]


CODE_POINT_CLASSES = {
    "C0 controls": "".join(chr(c) for c in range(0x20)),
    "DEL": "\x7f",
    "C1 controls": "".join(chr(c) for c in range(0x80, 0xA0)),
    "bidi controls": "".join(chr(c) for c in sorted(BIDI_CONTROLS)),
    "line and paragraph separators": "\u2028\u2029",
    "quotes and backslashes": '"\\/',
    "letters, marks, wide and emoji": "Zoë e\u0301 이재명 习近平 שלום 👩‍🏫",
    "noncharacters and private use": "\ufffe\uffff\ue000",
}


@pytest.mark.parametrize("text", CODE_POINT_CLASSES.values(), ids=CODE_POINT_CLASSES.keys())
def test_json_text_round_trips_every_code_point_class(text: str) -> None:
    """`json.loads` gives back exactly what went in, while the JSON itself holds nothing a terminal obeys."""
    written = json_text({"name": text, "list": [text]})
    assert json.loads(written) == {"name": text, "list": [text]}
    assert unsafe_in_plain_output(written.encode("utf-8")) == []


# -- quizapp report: a table, CSV and JSON over a store with hostile rows ---------------


def report(rows: HostileRows, tmp_path: Path, form: str, to_file: bool) -> tuple[bytes, bytes]:
    """Run `quizapp report --format FORM` (to a file named with payloads, or to stdout).

    Returns the report's bytes and what the command printed (stdout and
    stderr together, which must be as clean as the report itself).
    """
    args = ["report", "--data-dir", str(rows.folder), "--format", form]
    target = tmp_path / f"report{TITLE}{CLEAR}.{form}"
    if to_file:
        args += ["--output", str(target)]
    result = quizapp(*args, cwd=tmp_path)
    assert result.returncode == 0, result.stderr
    printed = result.stdout + result.stderr
    if not to_file:
        return result.stdout, printed
    assert on_screen(printed) == f"Report written to {tmp_path}/report␛]0;PWNED␇␛[2Jwipe.{form}\n"
    return target.read_bytes(), printed


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
def test_report_table_shows_hostile_rows_as_pictures(
    hostile_rows: HostileRows, tmp_path: Path, to_file: bool
) -> None:
    """The name, the prompt and the wrong answer are there, every control a picture, none obeyed."""
    data, printed = report(hostile_rows, tmp_path, "table", to_file)
    assert raw_payloads_in(data + printed) == []
    assert unsafe_in_plain_output(data) == unsafe_in_plain_output(printed) == []
    text = data.decode()
    assert f"\n{fit(shown('Eve'), WIDEST_CELL)}  1 " in text  # a long name is cut, never obeyed
    assert (
        f"q0        {shown('Which one? ')} → most common wrong answer: {shown('Wrong')} (×11)"
        in text
    )


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
def test_report_csv_cells_are_never_formulas(
    hostile_rows: HostileRows, tmp_path: Path, to_file: bool
) -> None:
    """Read back as a spreadsheet would: every formula starts with `'`, `-5` is still -5, controls are pictures."""
    data, printed = report(hostile_rows, tmp_path, "csv", to_file)
    assert raw_payloads_in(data + printed) == []
    assert unsafe_in_plain_output(data) == unsafe_in_plain_output(printed) == []
    rows = list(csv.DictReader(io.StringIO(data.decode(), newline="")))
    expected = sorted([shown("Eve"), *CSV_CELLS.values(), NUMBER])
    assert set(CSV_CELLS) == set(FORMULAS)
    assert sorted(r["student"] for r in rows if r["section"] == "student") == expected
    questions = [r for r in rows if r["section"] == "question"]
    assert sorted(r["prompt"] for r in questions) == sorted(
        [shown("Which one? "), *CSV_CELLS.values(), NUMBER]
    )
    assert sorted(r["most_common_wrong_answer"] for r in questions) == sorted(
        [shown("Wrong"), *CSV_CELLS.values(), NUMBER]
    )
    assert next(r for r in questions if r["question"] == "q0")["topic"] == shown("Topic")
    assert {r["times_given"] for r in questions} == {"11"}  # numbers stay numbers


@pytest.mark.parametrize("to_file", [False, True], ids=["stdout", "output-file"])
def test_report_json_gives_back_the_data_with_nothing_raw(
    hostile_rows: HostileRows, tmp_path: Path, to_file: bool
) -> None:
    """A program reading the JSON gets the stored text exactly; a terminal showing it gets only escapes."""
    data, printed = report(hostile_rows, tmp_path, "json", to_file)
    assert raw_payloads_in(data + printed) == []
    assert unsafe_in_plain_output(data) == unsafe_in_plain_output(printed) == []
    assert b"\\u001b]52;c;cHduZWQ=\\u0007" in data and b"\\u009b31m\\u202ering" in data
    [parsed] = json.loads(data)["decks"]
    assert sorted(s["name"] for s in parsed["students"]) == sorted(hostile_rows.names)
    questions = parsed["questions"]
    assert sorted(q["prompt"] for q in questions) == sorted(hostile_rows.prompts)
    assert sorted(q["most_common_wrong_answer"] for q in questions) == sorted(
        hostile_rows.wrong_answers
    )
    assert HOSTILE_NAME in hostile_rows.names and HOSTILE_PROMPT in hostile_rows.prompts
    assert HOSTILE_ANSWER in hostile_rows.wrong_answers


# -- quizapp validate: hostile file names and bank text --------------------------------


def test_validate_names_each_problem_and_its_place_without_obeying_any(tmp_path: Path) -> None:
    """FILE:LINE for every problem, the file and folder names shown as pictures; exit 1."""
    folder = tmp_path / "week\x1b[2Jwipe"
    folder.mkdir()
    (folder / f"bank{TITLE}.yaml").write_text(
        'title: "Week \\e]0;PWNED\\a"\n'
        "questions:\n"
        "  - id: q1\n"
        "    type: choice\n"
        '    prompt: "Pick \\e]52;c;cHduZWQ=\\a \\u202e \\x9b31m ring\\a"\n'
        '    choices: ["\\e[2Jwipe", b]\n'
        "    answer: b\n",
        encoding="utf-8",
    )
    (folder / f"raw{OSC52}.yaml").write_text(
        f'title: Raw\nquestions:\n  - id: q1\n    type: text\n    prompt: "raw {TITLE} here"\n    answer: x\n',
        encoding="utf-8",
    )
    result = quizapp("validate", folder.name, cwd=tmp_path)
    assert result.returncode == 1
    assert raw_payloads_in(result.stdout + result.stderr) == []
    assert unsafe_in_plain_output(result.stdout) == unsafe_in_plain_output(result.stderr) == []
    bank = "week␛[2Jwipe/bank␛]0;PWNED␇.yaml"
    raw = "week␛[2Jwipe/raw␛]52;c;cHduZWQ=␇.yaml"
    lines = result.stdout.decode().splitlines()
    assert [line.split(" holds ")[0] for line in lines[:4]] == [
        f"{bank}:1: 'title'",
        f"{bank}:5: question q1: 'prompt'",
        f"{bank}:6: question q1: 'choices' item 1",
        f"{raw}:5: column 18: the file",
    ]
    assert "U+001B (ESC), U+0007 (BEL), U+202E (RIGHT-TO-LEFT OVERRIDE)" in lines[1]
    assert lines[4] == "quizapp: 4 problems found; fix the bank and try again"


# -- the quiz in a real terminal ----------------------------------------------------


def test_the_not_saving_notice_shows_the_folder_name_as_pictures(tmp_path: Path) -> None:
    """A data folder that cannot be made (inside a regular file) is named on screen, never obeyed."""
    (tmp_path / "bank.yaml").write_text(PLAIN_BANK, encoding="utf-8")
    (tmp_path / f"file{TITLE}").write_text("not a folder", encoding="utf-8")
    data_dir = f"file{TITLE}/data" + "".join(TERMINAL_PAYLOADS)
    argv = [sys.executable, "-m", "quizapp", "bank.yaml", "--ask-name", "--data-dir", data_dir]
    with Terminal(argv, cwd=tmp_path) as term:
        term.wait_for("Results are not being saved")  # said once the saver has tried the folder
        assert (
            f"Results are not being saved: cannot create the data folder file␛]0;PWNED␇/{shown('data')} "
            "(Not a directory)." in on_screen(bytes(term.output))
        )
        assert term.quit() == 0
    assert raw_payloads_in(bytes(term.output)) == []
    assert foreign_controls_in_screen(bytes(term.output)) == []


def test_a_typed_and_pasted_name_is_cleaned_before_it_is_shown_or_kept(tmp_path: Path) -> None:
    """Controls typed or pasted into the name box never reach the screen or the results store."""
    (tmp_path / "bank.yaml").write_text(PLAIN_BANK, encoding="utf-8")
    argv = [sys.executable, "-m", "quizapp", "bank.yaml", "--ask-name", "--data-dir", "data"]
    with Terminal(argv, cwd=tmp_path) as term:
        term.wait_for("Your name")
        term.press(f"Ev{RLO}e\x9b\x07")  # typed: an override, a C1 CSI, ctrl+G (BEL)
        term.wait_for("Eve")
        term.press(f"\x1b[200~Mo{OSC52}{TITLE}{CLEAR}{C1_CSI}{RLO}{BELL}\x1b[201~")
        term.wait_for("Mo")
        term.press("\r")
        term.wait_for("Pick one")
        term.press("2")
        term.wait_for("Not quite")
        assert term.quit() == 0
    output = bytes(term.output)
    assert raw_payloads_in(output) == []
    assert foreign_controls_in_screen(output) == []
    with sqlite3.connect(tmp_path / "data" / "quizapp.db") as db:
        [(name,)] = db.execute("SELECT name FROM students").fetchall()
    db.close()
    assert name.startswith("Eve") and name.endswith("Mo") and "52;c;cHduZWQ=" in name
    assert name.isprintable() and not set(name) & {chr(c) for c in BIDI_CONTROLS}


def test_bank_text_that_bypasses_the_validator_is_shown_as_pictures() -> None:
    """A deck built in code, every field hostile, played by the real app: each field shown, nothing obeyed."""
    argv = [sys.executable, "-B", "-m", "tests.store_helpers.hostile_bank_app"]
    with Terminal(argv, cwd=REPO) as term:
        term.wait_for("Start (Enter)")
        term.press("b")
        term.wait_for(shown("Second line"))
        term.press("\r")
        term.wait_for("Question 1 of 2")
        term.press("h")
        term.wait_for(f"Hint: {shown('Hint')}")
        term.press("1")  # the hostile choice: its why_wrong note is shown too
        term.wait_for(shown("Explained"))
        term.press("\r")
        term.wait_for("Question 2 of 2")
        term.press("nope\r")
        term.wait_for(f"The answer: {shown('Accepted')}")
        term.press("o")  # "I was right": only the first question comes back
        term.wait_for("overruled")
        term.press("\r")
        term.wait_for("Press 1")
        term.press("2")
        term.wait_for("Correct")
        term.press("\r")
        term.wait_for(f"Results: {shown('Title')}")
        assert term.quit() == 0
    output = bytes(term.output)
    assert raw_payloads_in(output) == []
    assert foreign_controls_in_screen(output) == []
    screen = on_screen(output)
    for label in (
        "Title",
        "Description",
        "Source",
        "Topic",
        "Briefing",
        "Prompt",
        "Choice",
        "Because",
        "Typed",
        "Later",
    ):
        assert shown(label) in screen, label


# -- quizapp class: the live view over hostile rows -----------------------------------


def test_the_class_view_shows_hostile_rows_as_pictures(hostile_rows: HostileRows) -> None:
    """The teacher's terminal shows the hostile name, title and wrong answer; it obeys none of them."""
    argv = [sys.executable, "-m", "quizapp", "class", "--data-dir", str(hostile_rows.folder)]
    with Terminal(argv, cwd=hostile_rows.folder) as term:
        term.wait_for(fit(shown("Eve"), NAME_WIDTH))  # names are cut to keep the columns in view
        screen = on_screen(bytes(term.output))
        assert f"Class view: {shown('Deck')} · 11 students" in screen
        assert (
            f"Most missed: {shown('Which one? ')} (0 of 11 right) — most chosen wrong answer: "
            f"“{shown('Wrong')}” (11×)" in screen
        )
        term.press("q")
        assert term.wait_exit() == 0
    assert raw_payloads_in(bytes(term.output)) == []
    assert foreign_controls_in_screen(bytes(term.output)) == []


# -- quizapp serve: what a browser tab is sent ------------------------------------------


async def test_a_browser_tab_is_sent_no_raw_sequences(tmp_path: Path) -> None:
    """A name typed and pasted with payloads, one question played: the tab's bytes hold none raw."""
    (tmp_path / "bank.yaml").write_text(PLAIN_BANK, encoding="utf-8")
    data = tmp_path / "data"
    with running_server([str(tmp_path / "bank.yaml"), "--data-dir", str(data)], tmp_path) as served:
        async with aiohttp.ClientSession() as session, RecordingTab(session, served.port) as tab:
            await tab.wait_for("Your name")
            await tab.type(f"Ev{RLO}e\x9b{TITLE}")
            await tab.type(f"\x1b[200~Mo{OSC52}{CLEAR}{C1_CSI}{RLO}{BELL}\x1b[201~")
            await tab.wait_for("Mo")
            await tab.type("\r")
            await tab.wait_for("Pick one")
            await tab.type("2")
            await tab.wait_for("Not quite")
    received = bytes(tab.received)
    assert "Not quite" in on_screen(received)
    assert raw_payloads_in(received) == []
    assert foreign_controls_in_screen(received) == []
    with sqlite3.connect(data / "quizapp.db") as db:
        [(name,)] = db.execute("SELECT name FROM students").fetchall()
    db.close()
    assert name.startswith("Ev") and name.endswith("Mo") and name.isprintable()


def test_serve_names_a_hostile_data_folder_as_pictures(tmp_path: Path) -> None:
    """The line serve prints once listening names the data folder; the teacher's terminal must not obey it."""
    (tmp_path / "bank.yaml").write_text(PLAIN_BANK, encoding="utf-8")
    data = tmp_path / ("class" + "".join(TERMINAL_PAYLOADS))
    port = free_port()
    server = subprocess.Popen(
        [
            sys.executable,
            "-m",
            "quizapp",
            "serve",
            "bank.yaml",
            "--port",
            str(port),
            "--data-dir",
            str(data),
        ],
        cwd=tmp_path,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
    )
    try:
        assert server.stdout is not None
        line = first_line(server.stdout, server)
    finally:
        server.send_signal(signal.SIGINT)
        _out, errors = server.communicate(timeout=DEADLINE)
    assert raw_payloads_in(line + errors) == []
    assert unsafe_in_plain_output(line) == unsafe_in_plain_output(errors) == []
    assert (
        f"(results in {tmp_path}/{shown('class')}, at most 60 quizzes at once); Ctrl+C stops it."
        in line.decode()
    )


def test_serve_refusals_name_a_hostile_folder_and_host_as_pictures(tmp_path: Path) -> None:
    """An unusable data folder, or a host that cannot be listened on, is said in pictures; exit 1."""
    (tmp_path / "bank.yaml").write_text(PLAIN_BANK, encoding="utf-8")
    (tmp_path / f"file{TITLE}").write_text("not a folder", encoding="utf-8")
    folder = quizapp(
        "serve", "bank.yaml", "--port", str(free_port()), "--data-dir", f"file{TITLE}/d{OSC52}",
        cwd=tmp_path,
    )  # fmt: skip
    host = quizapp(
        "serve", "bank.yaml", "--port", str(free_port()), "--data-dir", "data",
        "--host", f"no-such-host{TITLE}{CLEAR}.invalid", cwd=tmp_path,
    )  # fmt: skip
    for result in (folder, host):
        assert result.returncode == 1, result.stderr
        assert raw_payloads_in(result.stdout + result.stderr) == []
        assert unsafe_in_plain_output(result.stdout) == unsafe_in_plain_output(result.stderr) == []
    assert (
        "cannot create the data folder file␛]0;PWNED␇/d␛]52;c;cHduZWQ=␇ (Not a directory)"
        in folder.stderr.decode()
    )
    errors = host.stderr.decode()
    assert "quizapp: warning: listening on no-such-host␛]0;PWNED␇␛[2Jwipe.invalid:" in errors
    assert "quizapp: error: cannot listen on no-such-host␛]0;PWNED␇␛[2Jwipe.invalid:" in errors
