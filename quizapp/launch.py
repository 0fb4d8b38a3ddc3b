"""The `quizapp` script's first lines: start-up without the cycle collector.

Importing Textual, PyYAML and quizapp builds a few hundred thousand objects
that live as long as the program and form no garbage cycles, yet Python's
collector walked them about 90 times before the first frame: 31 ms, some 8%
of the time to the start screen (measured beside the same launch with the
collector off). So it is off from the first line; it comes back on as soon
as a command's arguments are read, or, for a screen, once the first frame is
drawn (`QuizappApp.on_ready`, which first freezes what start-up built).
"""

from __future__ import annotations

import gc


def main() -> int:
    """Entry point of the `quizapp` script and of `python -m quizapp`."""
    gc.disable()
    from quizapp.cli import main as run_command

    return run_command()
