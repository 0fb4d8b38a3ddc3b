"""Key to feedback on screen in a real terminal: quizapp beside the minimal app.

`python bench/answer_in_terminal.py [N]` prints one JSON line:
{"minimal": [ms, ...], "quizapp": [ms, ...]}, N answers per launch (default 20),
two launches of each; the two apps run in turn on the same machine in the same minute,
each given the same moment to "read" before every timed key.
quizapp plays the bundled deck (seed 1) with a fresh data folder: every
question type it asks is answered the way a student would, and only the
answering key (the choice key, or Enter after typing) is timed.
"""

from __future__ import annotations

import json
import sys
import tempfile
import time
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.terminal import Terminal  # noqa: E402

PYTHON = sys.executable
THINK_SECONDS = 0.2
"""Before each timed key, both apps get this long, as a student reading the question gives."""
VERDICTS = ("✓ Correct", "✗ Not quite", "◐ Partly right", "⏱ Time is up", "↷ Skipped")


def minimal(answers: int) -> list[float]:
    timings = []
    with Terminal([PYTHON, str(BENCH / "minimal_app.py")]) as terminal:
        terminal.wait_for(lambda screen: "Question 1 of 1" in screen)
        for n in range(1, answers + 1):
            time.sleep(THINK_SECONDS)
            sent = terminal.send("1")
            shown, _ = terminal.wait_for(lambda screen, n=n: f"Correct {n}" in screen)
            timings.append((shown - sent) * 1000)
        terminal.send("q")
    return timings


def _has_verdict(screen: str) -> bool:
    return any(verdict in screen for verdict in VERDICTS)


def _prepare(terminal: Terminal, screen: str) -> str:
    """Whatever a question takes before its answering key; returns that key."""
    if "Type a number" in screen or "Type your answer" in screen:
        typed = screen.count("11")
        terminal.send("-l", "11")
        terminal.wait_for(lambda now: now.count("11") > typed)
        return "Enter"
    if "Select all that apply" in screen:
        terminal.send("1")
        terminal.wait_for(lambda now: "[x]" in now)
        return "Enter"
    if any(sign in screen for sign in ("each blank", "Type blank", "give it its match")):
        # Cloze and match take several keys to answer; the figure times the one key that
        # brings a verdict, so these are skipped (Esc first leaves a typed blank's box).
        terminal.send("Escape")
        time.sleep(0.05)
        return "s"
    if "choose an item" in screen:
        for key in ("Down", "d"):
            before = terminal.screen()
            terminal.send(key)
            terminal.wait_for(lambda now, before=before: now != before)
        return "Enter"
    return "1"


def quizapp(answers: int) -> list[float]:
    timings = []
    with tempfile.TemporaryDirectory() as data:
        command = [PYTHON, "-m", "quizapp", "--student", "bench", "--data-dir", data, "--seed", "1"]
        with Terminal(command, cwd=str(ROOT)) as terminal:
            terminal.wait_for(lambda screen: "Start (Enter)" in screen)
            terminal.send("Enter")
            for n in range(1, answers + 1):
                _, screen = terminal.wait_for(
                    lambda now, n=n: f"Question {n} of" in now and not _has_verdict(now)
                )
                key = _prepare(terminal, screen)
                time.sleep(THINK_SECONDS)
                sent = terminal.send(key)
                shown, _ = terminal.wait_for(_has_verdict)
                timings.append((shown - sent) * 1000)
                terminal.send("Enter")
            terminal.send("C-q")
    return timings


PASSES = 2
"""Launches of each app, N answers each: a 95th percentile of 30 answers would be their
second slowest, one stray pause of this virtual machine from a different verdict."""


if __name__ == "__main__":
    count = int(sys.argv[1]) if len(sys.argv) > 1 else 20
    timings: dict[str, list[float]] = {"minimal": [], "quizapp": []}
    for _ in range(PASSES):  # in turn, so a slow minute of the machine falls on both
        timings["minimal"] += minimal(count)
        timings["quizapp"] += quizapp(count)
    print(json.dumps(timings))
