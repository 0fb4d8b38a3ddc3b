"""Where the results database lives.

One file in the platform's user data folder (`~/.local/share/quizapp` on
Linux), unless `--data-dir` or `QUIZAPP_DATA_DIR` point a whole class at a
shared folder.
"""

from __future__ import annotations

import os
from pathlib import Path

from platformdirs import user_data_dir

DATA_DIR_VARIABLE = "QUIZAPP_DATA_DIR"
DATABASE_NAME = "quizapp.db"


def data_dir(explicit: str | os.PathLike[str] | None = None) -> Path:
    """The data folder: the option if given, else the environment, else the platform's."""
    if explicit:
        return Path(explicit).expanduser()
    from_environment = os.environ.get(DATA_DIR_VARIABLE, "").strip()
    if from_environment:
        return Path(from_environment).expanduser()
    return Path(user_data_dir("quizapp", appauthor=False))
