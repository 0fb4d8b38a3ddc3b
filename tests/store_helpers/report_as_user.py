"""Run `quizapp report` as another user (run as root by test_report).

    python -B -m tests.store_helpers.report_as_user UID GID REPORT-ARGS...

Everything the report needs is imported first, as root (the interpreter may live
where that user cannot read), then the process becomes UID:GID and runs
`quizapp report REPORT-ARGS...`, exiting with its status.
"""

from __future__ import annotations

import argparse  # noqa: F401 - imported before dropping privileges
import csv  # noqa: F401
import encodings.utf_8_sig  # noqa: F401
import gettext  # noqa: F401
import heapq  # noqa: F401 - Counter.most_common needs it after privileges are dropped
import json  # noqa: F401
import locale  # noqa: F401
import os
import sys

import quizapp.cli
import quizapp.report  # noqa: F401
import quizapp.store.database  # noqa: F401
import quizapp.store.location  # noqa: F401
import quizapp.store.reports  # noqa: F401
import quizapp.store.results  # noqa: F401

if __name__ == "__main__":
    uid, gid, *arguments = sys.argv[1:]
    os.setgroups([])
    os.setgid(int(gid))
    os.setuid(int(uid))
    sys.exit(quizapp.cli.main(["report", *arguments]))
