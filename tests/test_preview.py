"""`quizapp preview`: one question of a bank, answered as a student would, following every save.

The app is the real one (`make_preview_app`, as the command line builds it)
driven with Pilot; the bank is a real file that the tests rewrite on disk,
in place and the way editors save (a temporary file renamed over it), and
the real watcher (watchfiles) sees it. Nothing waits blindly: each test
waits, with a deadline, until the screen shows what the save changed. The
command line runs in subprocesses, and once in a real pseudo-terminal.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest
from textual.pilot import Pilot
from textual.widgets import Static

from quizapp.bank.watch import BankWatch
from quizapp.ui.preview_app import PreviewApp, make_preview_app
from quizapp.ui.screens.help import HelpScreen
from quizapp.ui.screens.preview import PreviewScreen
from quizapp.ui.widgets.key_bar import KeyBar
from quizapp.ui.widgets.problems import ProblemsPanel
from tests.test_hostile_output import Terminal
from tests.ui_helpers import feedback_ready, screen_lines, visible_text, wait_until

SIZE = (80, 24)
SMALL = (60, 20)

BANK = """\
title: Market town drill
questions:
  - id: river
    type: choice
    prompt: Which river runs through the old town?
    choices: [The Mill, The Fen, The Weir]
    answer: The Mill
    explanation: The town grew up around the mill race.
  - id: market
    type: text
    prompt: Which street has the Saturday market?
    answer: [High Street, High St]
    explanation: The stalls line High Street.
  - id: bridge
    type: truefalse
    prompt: The stone bridge is older than the market hall.
    answer: true
    explanation: The bridge came a century before the hall.
"""


def bank_file(tmp_path: Path, text: str = BANK, name: str = "drill.yaml") -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def preview(
    path: Path, question: str | None = None, label: str | None = None, **kwargs: object
) -> PreviewApp:
    """The preview the command line opens, on a bank that loads."""
    bank = BankWatch(path, label or str(path))
    check = bank.check()
    assert check.valid, check.problems
    return make_preview_app(bank, check, question, **kwargs)  # type: ignore[arg-type]


def save_in_place(path: Path, text: str) -> None:
    """An editor that writes the file itself (truncate, write)."""
    with path.open("w", encoding="utf-8") as file:
        file.write(text)


def save_by_rename(path: Path, text: str) -> None:
    """An editor that writes a temporary file beside the bank and renames it over it."""
    temporary = path.with_name(f".{path.name}.swp")
    temporary.write_text(text, encoding="utf-8")
    os.replace(temporary, path)


def screen_of(app: PreviewApp) -> PreviewScreen:
    """The preview screen, on top or under the help."""
    screen = app.screen_stack[0]
    assert isinstance(screen, PreviewScreen)
    return screen


def prompt(app: PreviewApp) -> str:
    """The prompt on screen ('' for the moment a new card is being put up)."""
    found = screen_of(app).query("#prompt")
    return found.only_one(Static).content.plain if found else ""  # type: ignore[union-attr]


def status(app: PreviewApp) -> str:
    return screen_of(app).query_one("#preview-status", Static).content.plain  # type: ignore[union-attr]


def top_line(app: PreviewApp) -> str:
    return screen_lines(app)[0]


def listed(app: PreviewApp) -> tuple[str, ...]:
    """The problems on show, or () when the panel is hidden."""
    panel = screen_of(app).query_one(ProblemsPanel)
    return panel.shown if panel.display else ()


def keys(app: PreviewApp) -> str:
    return screen_of(app).query_one(KeyBar).key_line().plain


async def shows(pilot: Pilot, condition: object) -> None:
    """Wait (with a deadline) until `condition()` holds on screen."""
    await wait_until(pilot, condition, timeout=30)


# -- opening and playing ---------------------------------------------------------------------


async def test_opens_on_the_question_asked_for_and_answers_it(tmp_path: Path) -> None:
    """`--question market` opens there: the prompt, its place in the bank, the keys; an answer gets feedback."""
    app = preview(bank_file(tmp_path), "market")
    async with app.run_test(size=SIZE) as pilot:
        assert prompt(app) == "Which street has the Saturday market?"
        assert "Question 2 of 3 · market" in top_line(app)
        assert "Preview · nothing is saved" in top_line(app)
        assert status(app).startswith(f"Watching {tmp_path / 'drill.yaml'}")
        await pilot.press(*"high st", "enter")
        await feedback_ready(pilot, app)
        assert "✓ Correct" in visible_text(app)
        assert "The stalls line High Street." in visible_text(app)
        assert "n Next" in keys(app) and "p Previous" in keys(app)


async def test_without_a_question_it_opens_on_the_first(tmp_path: Path) -> None:
    app = preview(bank_file(tmp_path))
    async with app.run_test(size=SIZE):
        assert prompt(app) == "Which river runs through the old town?"
        assert "Question 1 of 3 · river" in top_line(app)


async def test_choices_keep_the_banks_order_and_a_wrong_answer_is_explained(tmp_path: Path) -> None:
    """The author sees choices as written (key 2 is the second choice) and the feedback for a miss."""
    app = preview(bank_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("2")
        await feedback_ready(pilot, app)
        text = visible_text(app)
        assert "✗ Not quite" in text
        assert "The answer: The Mill" in text


async def test_nothing_is_saved(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    """No results database is opened or written: the app has no saver, its round no recorder."""
    data = tmp_path / "data"
    monkeypatch.setenv("QUIZAPP_DATA_DIR", str(data))
    monkeypatch.setenv("XDG_DATA_HOME", str(tmp_path / "xdg"))
    app = preview(bank_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        await feedback_ready(pilot, app)
        assert screen_of(app).session.observer is None
        assert not hasattr(app, "saver")
        await pilot.press("enter", *"high street", "enter")
        await feedback_ready(pilot, app)
    assert not data.exists()
    assert not (tmp_path / "xdg").exists()


async def test_n_and_p_move_through_the_bank_and_wrap_round(tmp_path: Path) -> None:
    app = preview(bank_file(tmp_path), "bridge")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("n")
        assert "Question 1 of 3 · river" in top_line(app)
        await pilot.press("p")
        assert "Question 3 of 3 · bridge" in top_line(app)
        await pilot.press("p")
        assert prompt(app) == "Which street has the Saturday market?"
        # A typed answer's box takes letters: n and p are typed, Esc frees them.
        await pilot.press("n")
        assert "Question 2 of 3 · market" in top_line(app)
        assert "n Next" not in keys(app)
        await pilot.press("escape", "n")
        assert "Question 3 of 3 · bridge" in top_line(app)


async def test_enter_after_the_feedback_goes_on_to_the_next_question(tmp_path: Path) -> None:
    """As the feedback says: Enter goes on, to the next question of the bank."""
    app = preview(bank_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("1")
        panel = await feedback_ready(pilot, app)
        assert "Enter/Space next question" in visible_text(app, panel)
        await pilot.press("enter")
        assert "Question 2 of 3 · market" in top_line(app)


async def test_q_quits_at_once_and_help_is_there(tmp_path: Path) -> None:
    """Nothing can be lost, so `q` asks nothing; `?` opens the same help as a quiz."""
    app = preview(bank_file(tmp_path))
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "q")
        await wait_until(pilot, lambda: not app.is_running)
    assert app.return_code == 0


@pytest.mark.parametrize("size", [SIZE, SMALL])
async def test_every_key_is_on_the_bar_at_80x24_and_60x20(
    tmp_path: Path, size: tuple[int, int]
) -> None:
    """The widest bar (a typed question, out of its box) still shows every key, Quit included."""
    app = preview(bank_file(tmp_path), "market")
    async with app.run_test(size=size) as pilot:
        await pilot.press("escape")
        bottom = screen_lines(app)[-1]
        for key in ("h Hint", "s Skip", "i Type", "n Next", "p Previous", "? Help", "q Quit"):
            assert key in bottom


# -- following the file ----------------------------------------------------------------------


async def test_a_save_in_place_shows_at_once_on_the_same_question(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    app = preview(path, "market")
    async with app.run_test(size=SIZE) as pilot:
        save_in_place(path, BANK.replace("the Saturday market", "the weekly farmers' market"))
        await shows(pilot, lambda: prompt(app) == "Which street has the weekly farmers' market?")
        assert "Question 2 of 3 · market" in top_line(app)
        assert status(app).startswith("✓ Reloaded")


async def test_saves_by_rename_are_all_seen(tmp_path: Path) -> None:
    """Editors replace the file (a new inode) at each save: the second save is seen as the first."""
    path = bank_file(tmp_path)
    app = preview(path, "river")
    async with app.run_test(size=SIZE) as pilot:
        for river in ("The Mill stream", "The Mill race", "The Millpond"):
            save_by_rename(path, BANK.replace("The Mill", river))
            await shows(pilot, lambda river=river: f"{river}" in visible_text(app))


async def test_a_folder_without_file_events_is_polled(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    """`WATCHFILES_FORCE_POLLING=1` (for network folders): saves are still seen."""
    monkeypatch.setenv("WATCHFILES_FORCE_POLLING", "1")
    path = bank_file(tmp_path)
    app = preview(path)
    async with app.run_test(size=SIZE) as pilot:
        save_by_rename(path, BANK.replace("old town", "old walled town"))
        await shows(pilot, lambda: "old walled town" in prompt(app))


async def test_it_follows_the_question_by_id_when_it_moves(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    app = preview(path, "market")
    async with app.run_test(size=SIZE) as pilot:
        head, rest = BANK.split("  - id: river")
        river, market_and_bridge = rest.split("  - id: market")
        moved = head + "  - id: market" + market_and_bridge + "  - id: river" + river
        save_by_rename(path, moved.replace("Saturday", "Sunday"))
        await shows(
            pilot, lambda: "Sunday" in prompt(app) and "Question 1 of 3 · market" in top_line(app)
        )


async def test_a_renamed_question_keeps_its_place(tmp_path: Path) -> None:
    """The id on screen is gone: the question now at its place is shown, and the status says so."""
    path = bank_file(tmp_path)
    app = preview(path, "market")
    async with app.run_test(size=SIZE) as pilot:
        save_by_rename(path, BANK.replace("id: market", "id: market-street"))
        await shows(
            pilot,
            lambda: (
                "Question market is gone" in status(app)
                and "Question 2 of 3 · market-street" in top_line(app)
                and prompt(app) == "Which street has the Saturday market?"
            ),
        )


async def test_a_broken_save_keeps_the_last_good_question_and_lists_the_problems(
    tmp_path: Path,
) -> None:
    """Half a file (caught mid-save), then a mistake, then a fix: the question never goes away."""
    path = bank_file(tmp_path)
    label = str(path)
    app = preview(path, "market")
    async with app.run_test(size=SIZE) as pilot:
        half = BANK[: BANK.index("  - id: market") + len("  - id: market\n    type: te")]
        save_in_place(path, half + "xt\n    prompt: [unclosed")
        await shows(pilot, lambda: bool(listed(app)))
        assert all(line.startswith(f"{label}:") for line in listed(app))
        assert prompt(app) == "Which street has the Saturday market?"
        assert status(app).startswith(f"✗ 1 problem in {label}; showing the last good version")
        save_in_place(
            path, BANK.replace("    answer: [High Street, High St]\n", "    answr: High Street\n")
        )
        await shows(
            pilot,
            lambda: (
                f"{label}:12: question market: unknown key 'answr'; did you mean 'answer'?"
                in listed(app)
            ),
        )
        assert f"{label}:9: question market: 'answer' is missing" in listed(app)
        assert prompt(app) == "Which street has the Saturday market?"
        await pilot.press("escape", "n")  # the last good version can still be gone through
        assert "Question 3 of 3 · bridge" in top_line(app)
        await pilot.press("p")
        save_by_rename(path, BANK.replace("Saturday", "Sunday"))
        await shows(pilot, lambda: "Sunday" in prompt(app) and listed(app) == ())
        assert "Question 2 of 3 · market" in top_line(app)
        assert status(app) == f"✓ Reloaded {label}: 3 questions."


async def test_a_bank_that_goes_away_and_comes_back(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    app = preview(path)
    async with app.run_test(size=SIZE) as pilot:
        path.unlink()
        await shows(pilot, lambda: any("cannot read the file" in line for line in listed(app)))
        assert prompt(app) == "Which river runs through the old town?"
        path.write_text(BANK.replace("old town", "old market town"), encoding="utf-8")
        await shows(pilot, lambda: "old market town" in prompt(app) and listed(app) == ())


async def test_problems_are_shown_literally(tmp_path: Path) -> None:
    """A problem quotes the bank, markup and all: shown as written, never obeyed."""
    path = bank_file(tmp_path)
    app = preview(path, label="drill.yaml")
    async with app.run_test(size=SIZE) as pilot:
        save_in_place(
            path,
            BANK.replace(
                "    explanation: The town",
                "    '[b]x[/b] [@click=app.quit]': 1\n    explanation: The town",
            ),
        )
        await shows(pilot, lambda: bool(listed(app)))
        assert any("unknown key '[b]x[/b] [@click=app.quit]'" in line for line in listed(app))
        await shows(
            pilot,
            lambda: (
                "drill.yaml:8: question river: unknown key '[b]x[/b] [@click=app.quit]'"
                in "\n".join(screen_lines(app))
            ),
        )
        assert app.is_running


async def test_warnings_about_the_question_on_screen_are_listed(tmp_path: Path) -> None:
    """The linter speaks as in `quizapp validate`, about the question shown only."""
    path = bank_file(tmp_path)
    app = preview(path, "bridge")
    async with app.run_test(size=SIZE) as pilot:
        assert listed(app) == ()
        save_in_place(
            path, BANK.replace("    explanation: The bridge came a century before the hall.\n", "")
        )
        await shows(pilot, lambda: bool(listed(app)))
        assert listed(app) == (
            f"{path}:14: question bridge: warning: no explanation: add `explanation:` saying why "
            "the answer is right; students read it after answering",
        )
        await pilot.press("n")
        assert listed(app) == ()


async def test_a_save_while_the_help_is_open_is_there_when_it_closes(tmp_path: Path) -> None:
    path = bank_file(tmp_path)
    app = preview(path, "river")
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("question_mark")
        save_by_rename(path, BANK.replace("old town", "old harbour town"))
        await shows(pilot, lambda: "old harbour town" in prompt(app))
        assert isinstance(app.screen, HelpScreen)
        await pilot.press("escape", "1")
        await feedback_ready(pilot, app)
        assert "✓ Correct" in visible_text(app)


async def test_a_question_with_a_time_limit_counts_down(tmp_path: Path, clock) -> None:
    """Timed questions preview as they play, even when the first one shown is not timed."""
    path = bank_file(
        tmp_path, BANK.replace("    answer: true\n", "    answer: true\n    time_limit: 5\n")
    )
    app = preview(path, "market", clock=clock)
    async with app.run_test(size=SIZE) as pilot:
        await pilot.press("escape", "n")
        await shows(pilot, lambda: "⏱ 5s" in top_line(app))
        clock.advance(6)
        await shows(pilot, lambda: "Time is up" in visible_text(app))
        await pilot.press("p")
        assert "⏱" not in top_line(app)


# -- the command line ------------------------------------------------------------------------


def run_preview(*args: str, cwd: Path) -> subprocess.CompletedProcess[str]:
    """`python -m quizapp preview ARGS` when it must not start the UI."""
    return subprocess.run(
        [sys.executable, "-m", "quizapp", "preview", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=60,
        check=False,
    )


def test_a_missing_bank_or_a_folder_is_a_usage_error(tmp_path: Path) -> None:
    missing = run_preview("nothere.yaml", cwd=tmp_path)
    assert (missing.returncode, missing.stdout) == (2, "")
    assert missing.stderr == (
        "quizapp: error: nothere.yaml: no such file (quizapp new -o nothere.yaml starts one)\n"
    )
    folder = run_preview(".", cwd=tmp_path)
    assert folder.returncode == 2
    assert folder.stderr.startswith("quizapp: error: .: is a folder; preview one bank file")


def test_a_bank_with_problems_is_listed_and_refused(tmp_path: Path) -> None:
    """Before any screen: each problem as FILE:LINE, what to do, exit 1, no traceback."""
    bank_file(tmp_path, BANK.replace("    answer: The Mill\n", ""))
    result = run_preview("drill.yaml", cwd=tmp_path)
    assert result.returncode == 1
    assert result.stderr.splitlines() == [
        "drill.yaml:3: question river: 'answer' is missing",
        "quizapp: 1 problem found; the preview needs a bank that loads once: fix it, then run "
        "quizapp preview again (from then on it follows every save)",
    ]
    assert "Traceback" not in result.stdout + result.stderr


def test_an_unknown_question_names_the_ids(tmp_path: Path) -> None:
    bank_file(tmp_path)
    result = run_preview("drill.yaml", "--question", "nope", cwd=tmp_path)
    assert (result.returncode, result.stderr) == (
        2,
        "quizapp: error: --question: no question 'nope' in drill.yaml; ids: river, market, bridge\n",
    )


def test_preview_in_a_real_terminal_follows_a_save_and_quits_cleanly(tmp_path: Path) -> None:
    """The real command in a pseudo-terminal: it draws, follows a save, and gives the terminal back."""
    path = bank_file(tmp_path)
    argv = [sys.executable, "-m", "quizapp", "preview", "drill.yaml", "--question", "bridge"]
    with Terminal(argv, cwd=tmp_path, columns=80, rows=24) as terminal:
        terminal.wait_for("stone bridge")
        save_by_rename(path, BANK.replace("stone bridge", "timber bridge"))
        terminal.wait_for("timber")
        terminal.press("q")
        assert terminal.wait_exit() == 0
    assert b"\x1b[?1049l" in terminal.output  # the alternate screen was left: the shell is back
    assert b"Traceback" not in terminal.output
