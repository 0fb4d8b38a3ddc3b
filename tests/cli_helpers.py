"""The command line as a teacher runs it: `python -m quizapp ARGS` in a fresh interpreter."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path


def quizapp(
    *args: str, cwd: Path, timeout: float = 120, trace_imports: bool = False
) -> subprocess.CompletedProcess[str]:
    """Run `quizapp ARGS` in `cwd`; its exit status and output, never raising on failure.

    `trace_imports` adds `-X importtime`: every module imported is named on standard
    error (how the tests check that commands without a screen never import Textual).
    """
    trace = ["-X", "importtime"] if trace_imports else []
    return subprocess.run(
        [sys.executable, *trace, "-m", "quizapp", *args],
        cwd=cwd,
        capture_output=True,
        text=True,
        timeout=timeout,
        check=False,
    )
