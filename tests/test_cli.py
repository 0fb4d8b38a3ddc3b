"""The command line: `quizapp validate`, exit statuses, argument errors, and staying light."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

import pytest

from quizapp import __version__
from quizapp.bank import bundled_banks_dir, load_deck
from quizapp.cli import main

BANKS = Path(__file__).parent / "banks"
BAD = BANKS / "bad"
GOOD = BANKS / "good"
BUNDLED_COUNT = len(load_deck(bundled_banks_dir() / "apec-2025-korea-china.yaml").questions)


def run_quizapp(
    *args: str, cwd: Path, python_flags: tuple[str, ...] = ()
) -> subprocess.CompletedProcess[str]:
    """Run `python -m quizapp ARGS` in a fresh interpreter (never long: it must not start the UI)."""
    return subprocess.run(
        [sys.executable, *python_flags, "-m", "quizapp", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


# -- validate ---------------------------------------------------------------------------


def test_validate_bundled_bank_prints_ok(capsys: pytest.CaptureFixture[str]) -> None:
    """`quizapp validate` checks the bundled bank, prints OK with the count and exits 0."""
    assert main(["validate"]) == 0
    out, err = capsys.readouterr()
    assert out == f"OK: {BUNDLED_COUNT} questions in 1 deck\n"
    assert err == ""


def test_validate_counts_questions_and_decks(capsys: pytest.CaptureFixture[str]) -> None:
    """OK counts all questions over all decks named, with the right plurals."""
    assert main(["validate", str(GOOD / "every-type.yaml"), str(GOOD / "engine.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("OK: 16 questions in 2 decks")
    assert main(["validate", str(GOOD / "utf8-bom.yaml")]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("OK: 1 question in 1 deck")


def test_validate_bad_bank_lists_problems_and_exits_1(capsys: pytest.CaptureFixture[str]) -> None:
    """A bad bank prints each problem as FILE:LINE: ... and a count, then exits 1, without a traceback."""
    bank = BAD / "unknown-key.yaml"
    assert main(["validate", str(bank)]) == 1
    out, err = capsys.readouterr()
    assert out.splitlines() == [
        f"{bank}:3: question q1: 'answer' is missing",
        f"{bank}:7: question q1: unknown key 'answr'; did you mean 'answer'?",
        "quizapp: 2 problems found; fix the bank and try again",
    ]
    assert "Traceback" not in out + err


def test_validate_names_the_file_as_typed(
    capsys: pytest.CaptureFixture[str], monkeypatch: pytest.MonkeyPatch
) -> None:
    """Problems name the bank by the path the user typed, so an editor can jump to it."""
    monkeypatch.chdir(BAD)
    assert main(["validate", "missing-answer.yaml"]) == 1
    assert capsys.readouterr().out.splitlines() == [
        "missing-answer.yaml:3: question q1: 'answer' is missing",
        "quizapp: 1 problem found; fix the bank and try again",
    ]


def test_validate_reports_every_bad_file_in_a_folder(
    capsys: pytest.CaptureFixture[str], tmp_path: Path
) -> None:
    """A folder with several bad banks reports them all in one run."""
    for name in ("empty-file.yaml", "missing-questions.yaml"):
        (tmp_path / name).write_bytes((BAD / name).read_bytes())
    assert main(["validate", str(tmp_path)]) == 1
    assert capsys.readouterr().out.splitlines() == [
        f"{tmp_path / 'empty-file.yaml'}:1: the file is empty; a bank needs at least a title and questions",
        f"{tmp_path / 'missing-questions.yaml'}:1: 'questions' is missing: list the questions under questions:",
        "quizapp: 2 problems found; fix the bank and try again",
    ]


def test_validate_not_utf8_has_no_traceback(capsys: pytest.CaptureFixture[str]) -> None:
    """Even a binary-looking file gives a located message, not a Python error."""
    assert main(["validate", str(BAD / "not-utf8.yaml")]) == 1
    out, err = capsys.readouterr()
    assert "not UTF-8 text (byte 107: 0xe9)" in out
    assert "Traceback" not in out + err


def test_validate_missing_path_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A path that does not exist is a usage error: message on stderr, exit 2."""
    missing = tmp_path / "nope.yaml"
    assert main(["validate", str(missing)]) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert err == f"quizapp: error: {missing}: no such file or folder\n"


def test_validate_empty_folder_exits_2(capsys: pytest.CaptureFixture[str], tmp_path: Path) -> None:
    """A folder without banks is a usage error too."""
    assert main(["validate", str(tmp_path)]) == 2
    assert (
        capsys.readouterr().err
        == f"quizapp: error: {tmp_path}: no .yaml or .yml banks in this folder\n"
    )


# -- arguments ----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("args", "message"),
    [
        (
            ["--limit", "0"],
            "quizapp: error: argument --limit: must be a whole number from 1 to 100000",
        ),
        (["--limit", "three"], "quizapp: error: argument --limit: 'three' is not a whole number"),
        (["--seed", "x"], "quizapp: error: argument --seed: 'x' is not a whole number"),
        (
            ["--seed", "-1"],
            "quizapp: error: argument --seed: must be a whole number from 0 to 2147483647",
        ),
        (
            ["--seed", "99999999999999999999999"],
            "quizapp: error: argument --seed: must be a whole number from 0 to 2147483647",
        ),
        (
            ["--time-limit", "0"],
            "quizapp: error: argument --time-limit: must be a whole number from 1 to 3600",
        ),
        (
            ["--max-bank-mb", "1e9"],
            "quizapp: error: argument --max-bank-mb: '1e9' is not a whole number",
        ),
        (["--mode", "exam"], "quizapp: error: argument --mode: invalid choice: 'exam'"),
        (["--bogus"], "quizapp: error: unrecognized arguments: --bogus"),
        (
            ["--student", "\u200b"],
            "quizapp: error: argument --student: a name needs at least one letter or digit",
        ),
        (
            ["--student", "x" * 61],
            "quizapp: error: argument --student: a name can be at most 60 characters",
        ),
        (
            ["--topic", "caf\udce9"],
            "quizapp: error: argument --topic: 'caf\ufffd' is not valid UTF-8 text",
        ),
        (
            ["--data-dir", "\udcff"],
            "quizapp: error: argument --data-dir: '\ufffd' is not valid UTF-8 text",
        ),
        (["validate", "--limit", "3"], "quizapp validate: error: unrecognized arguments: --limit"),
        (
            ["class", "--hours", "99999999999999"],
            "quizapp class: error: argument --hours: must be a whole number from 1 to 8784",
        ),
        (
            ["serve", "--port", "70000"],
            "quizapp serve: error: argument --port: must be a whole number from 1 to 65535",
        ),
        (
            ["report", "--format", "xlsx"],
            "quizapp report: error: argument --format: invalid choice: 'xlsx'",
        ),
        (["db"], "quizapp db: error: the following arguments are required: ACTION"),
    ],
)
def test_bad_arguments_exit_2_with_one_line(
    capsys: pytest.CaptureFixture[str], args: list[str], message: str
) -> None:
    """Bad options stop before anything loads: one line on stderr naming the option, status 2."""
    assert main(args) == 2
    out, err = capsys.readouterr()
    assert out == ""
    assert len(err.splitlines()) == 1, err
    assert err.startswith(message), err
    assert "--help)" in err


def test_version(capsys: pytest.CaptureFixture[str]) -> None:
    """`--version` prints the program and version and exits 0."""
    assert main(["--version"]) == 0
    assert capsys.readouterr().out == f"quizapp {__version__}\n"


def test_undecodable_arguments_in_a_real_process_end_in_one_line(tmp_path: Path) -> None:
    """Bytes that are not UTF-8, given on a real command line, are named, never a traceback."""
    for args in ([b"--student", b"Jos\xe9"], [b"--topic", b"\xff\xfe"], [b"\xff.yaml"]):
        result = subprocess.run(
            [sys.executable.encode(), b"-m", b"quizapp", *args],
            cwd=tmp_path,
            capture_output=True,
            timeout=60,
        )
        err = result.stderr.decode("utf-8")
        assert result.returncode == 2, err
        assert len(err.splitlines()) == 1 and "Traceback" not in err, err
        assert "not valid" in err or "\ufffd.yaml: no such file" in err, err


# -- the play command's error paths (run in a subprocess: they must never start the UI) ------


def test_play_with_a_bad_bank_exits_1_before_the_ui(tmp_path: Path) -> None:
    """Playing a bad bank prints its problems on stderr and exits 1 instead of starting."""
    bank = BAD / "missing-answer.yaml"
    result = run_quizapp(str(bank), cwd=tmp_path)
    assert result.returncode == 1
    assert result.stdout == ""
    assert result.stderr.splitlines() == [
        f"{bank}:3: question q1: 'answer' is missing",
        "quizapp: 1 problem found; fix the bank and try again",
    ]


def test_play_with_an_unknown_topic_exits_2_before_the_ui(tmp_path: Path) -> None:
    """An unknown --topic is a usage error listing the topics there are."""
    result = run_quizapp("--topic", "Sports", str(GOOD / "engine.yaml"), cwd=tmp_path)
    assert result.returncode == 2
    assert result.stderr == (
        "quizapp: error: no questions have the topic Sports; "
        "topics are: Economy, People, The call, The summit\n"
    )


# -- running as a program --------------------------------------------------------------------


def test_validate_never_imports_textual(tmp_path: Path) -> None:
    """`validate` stays fast: the import trace of `python -m quizapp validate` has no textual."""
    result = run_quizapp("validate", cwd=tmp_path, python_flags=("-X", "importtime"))
    assert result.returncode == 0
    assert "quizapp.cli" in result.stderr  # the trace was captured
    assert "textual" not in result.stderr


def test_validate_from_another_directory(tmp_path: Path) -> None:
    """`python -m quizapp validate` finds the bundled bank whatever the working directory."""
    result = run_quizapp("validate", cwd=tmp_path)
    assert (result.returncode, result.stdout, result.stderr) == (
        0,
        f"OK: {BUNDLED_COUNT} questions in 1 deck\n",
        "",
    )


def test_max_bank_mb_sets_the_size_limit(
    tmp_path: Path, capsys: pytest.CaptureFixture[str]
) -> None:
    """Banks over 10 MB are refused by default; --max-bank-mb moves the limit."""
    big = tmp_path / "big.yaml"
    lines = [
        f"  - {{id: q{i}, type: truefalse, prompt: Statement {i}., answer: true}}\n"
        for i in range(20_000)
    ]
    big.write_text("title: Big\nquestions:\n" + "".join(lines), encoding="utf-8")
    size = big.stat().st_size
    assert 1_000_000 < size < 2_000_000
    assert main(["validate", "--max-bank-mb", "1", str(big)]) == 1
    out = capsys.readouterr().out
    assert f"{big}: the file is {size / 1e6:.1f} MB, over the limit of 1 MB for a bank" in out
    assert main(["validate", "--max-bank-mb", "2", str(big)]) == 0
    assert capsys.readouterr().out.splitlines()[-1].startswith("OK: 20000 questions in 1 deck")


@pytest.mark.parametrize(
    "path", sorted((Path(__file__).parent / "banks" / "bad").glob("*.yaml")), ids=lambda p: p.name
)
def test_every_bad_bank_exits_1_with_file_and_message(path: Path) -> None:
    """Each hostile or careless bank ends as exit 1 with `FILE:LINE: message`, in a real process.

    The subprocess timeout only guards against a hang (an alias bomb that
    expands, say); it is not a speed assertion.
    """
    result = subprocess.run(
        [sys.executable, "-m", "quizapp", "validate", str(path)],
        capture_output=True,
        text=True,
        timeout=30,
    )
    assert result.returncode == 1
    assert "Traceback" not in result.stdout + result.stderr
    assert result.stdout.startswith(f"{path}:")
    assert result.stdout.splitlines()[-1].endswith("found; fix the bank and try again")
