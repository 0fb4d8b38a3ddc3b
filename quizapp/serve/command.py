"""The command that starts one browser tab's quiz.

The command runs through a shell (textual-serve's `AppService` starts it with
`create_subprocess_shell`), so every part is quoted with `shlex`: a bank path
or option containing spaces, quotes or `; rm -rf ~` is passed as data, never run.
"""

from __future__ import annotations

import argparse
import shlex
import sys
from pathlib import Path


def child_command(args: argparse.Namespace, data_dir: Path, python: str = sys.executable) -> str:
    """The shell command run for each browser: every part quoted.

    `exec` makes the quiz replace the shell, so the process the server
    signals and waits for is the quiz itself. `--served` makes the quiz
    refuse to start when it could not save results (see `quizapp.cli.run_play`).
    """
    parts: list[str] = [python, "-m", "quizapp"]
    parts += [str(Path(p).resolve()) for p in args.paths]
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
    return "exec " + shlex.join(parts)
