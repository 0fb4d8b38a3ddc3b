"""A cheap guard on the first frame: what a quiz imports before it is drawn.

The speed figures are measured by `bench/run.py`, never timed here; this
only checks that the modules kept out of the start-up path stay out of it:
the round engine, the results store and (with the bank's deck already
kept from an earlier start) PyYAML and the validator.
"""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

REPO_ROOT = Path(__file__).resolve().parent.parent

KEPT_OUT = (
    "yaml",
    "quizapp.bank.validate",
    "quizapp.bank.yaml_reader",
    "quizapp.engine.session",
    "quizapp.engine.grading",
    "quizapp.store.results",
    "quizapp.store.database",
    "sqlite3",
    "json",
)

PROGRAM = """
import sys
import quizapp.cli.play
import quizapp.ui.app
from quizapp.bank.loader import find_bank_files, load_decks
load_decks(find_bank_files([]))
print(" ".join(name for name in sys.argv[1:] if name in sys.modules))
"""


def test_a_start_with_a_kept_deck_imports_nothing_the_first_frame_does_not_need(
    tmp_path: Path,
) -> None:
    environment = {**os.environ, "XDG_CACHE_HOME": str(tmp_path / "cache")}

    def imported() -> list[str]:
        done = subprocess.run(
            [sys.executable, "-c", PROGRAM, *KEPT_OUT],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
            env=environment,
        )
        return done.stdout.split()

    first = imported()  # reads the bank: PyYAML and the validator come in, nothing else
    assert set(first) <= {"yaml", "quizapp.bank.validate", "quizapp.bank.yaml_reader"}
    assert "yaml" in first
    assert imported() == []
