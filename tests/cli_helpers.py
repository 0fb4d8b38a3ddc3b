"""The command line as a teacher runs it: `python -m quizapp ARGS` in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def quizapp(*args: str, cwd: Path, timeout: float = 120) -> subprocess.CompletedProcess[str]:
    """Run `quizapp ARGS` in `cwd`; its exit status and output, never raising on failure."""
    return subprocess.run(
        [sys.executable, "-m", "quizapp", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
