"""The commands that start browser tabs' quizzes: the pre-warmed parent's, and one per tab.

Both carry the same quiz arguments (`play_arguments`). The pre-warmed parent
(`quizapp.serve.zygote`) is started without a shell, from a list of words.
The one-process-per-tab command, used where the parent cannot be, runs
through a shell (textual-serve's `AppService` starts it with
`create_subprocess_shell`), so every part is quoted with `shlex`: a bank path
or option containing spaces, quotes or `; rm -rf ~` is passed as data, never run.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path


def play_arguments(args: argparse.Namespace, data_dir: Path) -> list[str]:
    """What every tab's quiz is told after `quizapp`: the round's options, paths made absolute.

    `--served` makes the quiz refuse to start when it could not save results
    (see `quizapp.cli.play.run_play`); `--ask-name` suggests no login name to a browser.
    With `--live` (`quizapp serve --live`) every tab joins a live room instead:
    `quizapp join` with the data folder, asking for the room's code and the name;
    the room's rules and its bank are the host's, so nothing else is passed on.
    """
    if getattr(args, "live", False):
        return ["join", "--data-dir", str(data_dir.resolve()), "--ask-name", "--served"]
    parts: list[str] = [str(Path(p).resolve()) for p in args.paths]
    parts += ["--data-dir", str(data_dir.resolve()), "--mode", args.mode, "--ask-name"]
    parts += ["--served", "--max-bank-mb", str(args.max_bank_mb), "--scoring", args.scoring]
    if args.seed is not None:
        parts += ["--seed", str(args.seed)]
    if args.no_shuffle:
        parts.append("--no-shuffle")
    if args.limit is not None:
        parts += ["--limit", str(args.limit)]
    if args.time_limit is not None:
        parts += ["--time-limit", str(args.time_limit)]
    if args.streak_bonus:
        parts.append("--streak-bonus")
    if args.no_overrule:
        parts.append("--no-overrule")
    if args.roster:
        parts += ["--roster", str(Path(args.roster).resolve())]
    for topic in args.topic:
        parts += ["--topic", topic]
    return parts


def child_command(args: argparse.Namespace, data_dir: Path, python: str = sys.executable) -> str:
    """The shell command run for each browser when there is no pre-warmed parent: every part quoted.

    `exec` makes the quiz replace the shell, so the process the server
    signals and waits for is the quiz itself.
    """
    return "exec " + shlex.join([python, "-m", "quizapp", *play_arguments(args, data_dir)])


def parent_command(
    args: argparse.Namespace, data_dir: Path, control_fd: int, python: str = sys.executable
) -> list[str]:
    """The pre-warmed parent's command, as words (no shell): it forks each tab's quiz.

    `control_fd` is the socket it talks to the server on (`quizapp.serve.wire`).
    """
    parts = [python, "-m", "quizapp.serve.zygote", "--control-fd", str(control_fd)]
    return parts + play_arguments(args, data_dir)
