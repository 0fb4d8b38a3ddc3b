"""Run `quizapp report` as another user (run as root by test_report).

    python -B -m tests.store_helpers.report_as_user UID GID REPORT-ARGS...

Everything the report needs is imported first, as root (the interpreter may live
where that user cannot read), then the process becomes UID:GID and runs
`quizapp report REPORT-ARGS...`, exiting with its status.
"""

from __future__ import annotations

import os
import sys

import quizapp.cli
from tests.store_helpers.preload import preload_everything

preload_everything()

if __name__ == "__main__":
    uid, gid, *arguments = sys.argv[1:]
    os.setgroups([])
    os.setgid(int(gid))
    os.setuid(int(uid))
    sys.exit(quizapp.cli.main(["report", *arguments]))
