"""A school at once: `python bench/school_load.py [--students 300] [--questions 40]`.

300 simulated students each play a 40-question bank (12,000 answers) into
one results database, first a SQLite file, then PostgreSQL, the same load
against each, side by side in the same run: SQLite is the baseline. Then
every answer is accounted for, and `quizapp report --database ...` (the
real CLI, in a subprocess) is timed over each result. Prints a table,
writes the figures to bench/school_load.json, and exits non-zero if any
answer is missing, doubled or refused, or a run timed out. A benchmark,
not a test.

How the school is simulated:

* `--processes` worker processes (default 30), each playing its share of
  the students (default 10) as threads, as 30 machines running 10 quizzes
  each would, but on one machine. Each student has a `Saver` and a
  `ResultsStore` of its own, opened as the app opens them
  (`quizapp.ui.app.folder_saver`: journal in the data folder, store opened
  on the saver's thread), because that is what a real quiz process has: a
  school is 300 independent writers, not one process with a big pool.
  Every saver opens before the starting gun (as the quiz's does while its
  start screen is read); what is timed is the answering.
* Connections: on PostgreSQL each saver has a pool of at most 2 (the
  writer and the screens' reader); nothing reads here, so each holds one,
  and 300 students hold 300 connections, under the throwaway cluster's
  max_connections=400 with room for the accounting and the report. The
  run refuses more students than the server's max_connections leaves room
  for. A school one student one connection is what PostgreSQL has to take;
  sharing one pool per process would hide that.
* Each student thinks a little before every answer (uniform 0–50 ms,
  seeded per student, `--think-ms`), answers right about 70% of the time,
  in test mode (one try per question: exactly `--questions` answers), with
  a `RoundRecorder`, as the app does. 300 students thinking 25 ms on
  average offer far more answers a second than 2 cores can save: it is a
  school at once, at saturation, not a classroom's pace.
* Write latency is what a student would feel as "answers waiting to be
  saved": from just before the answer is given to the engine (which hands
  it to the recorder and `saver.submit`, journaling it) until the saver's
  thread has committed it. It is taken in the worker by a `Saver` subclass
  that stamps each answer when the saver finishes its write (`_finish`,
  the moment its `done` event is set), without making the student wait.
  Retries (the database locked or unreachable, `_set_waiting`) and writes
  refused for good (`_give_up`) are counted the same way. At saturation
  most of that is the answer queueing behind the student's earlier ones,
  so "commit" is given too: the saver's `_apply` of the answer alone (its
  one transaction, `store.apply`, lock waits of the successful try
  included), what the database costs per answer.
* Answers per second: every answer of the school, over the time from the
  starting gun to the last answer committed (CLOCK_MONOTONIC, the same in
  every process on Linux).
* Loopback only. Without `--postgres URL` (an admin URL of an existing
  server, where a database of our own is created and dropped), a
  throwaway cluster is started with tests/postgres_server.py (fsync and
  synchronous_commit off: its data is thrown away). SQLite runs on one file
  in a temporary folder, in WAL mode with synchronous=NORMAL (the store's
  own settings), as a class sharing a data folder does; neither engine
  waits for the disk at each commit, so they are compared fairly.
* Bounded: `--timeout` seconds per engine (default 600); then every worker
  is killed and what was counted is reported.
* Accounted for: rows in `answers`, distinct uids, every uid the students
  gave found, 40 per student, and on SQLite `PRAGMA integrity_check`.

A store bug this found (SQLite only), fixed since: with several stores on
one SQLite file in one process, the file was corrupted (indexes missing
rows; `quizapp report`: "database disk image is malformed"). Each store, as
it opened, checked the file by reading its header with Python's `open()`;
closing that descriptor dropped every POSIX lock this process held on the
file, the other connections' included (sqlite.org/howtocorrupt.html, 2.2).
The store now never reads a file by hand while this process has it open
(`quizapp.store.sqlite_connection.held_here`); this benchmark runs the
store exactly as the app does.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
import sqlite3
import statistics
import subprocess
import sys
import tempfile
import threading
import time
from contextlib import ExitStack, suppress
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.generate import write_banks  # noqa: E402
from bench.stores import percentile_95, postgres_admin, prepare, write_results  # noqa: E402

PYTHON = sys.executable
DECK_ID = "bench-000"
RIGHT_SHARE = 0.7
CONNECTION_MARGIN = 20
"""Connections kept free beyond one per student (the accounting, the report, psql)."""


# -- a worker: one process, its share of the students as threads ---------------------------


def worker(spec: dict[str, Any]) -> None:
    """Open every student's saver, print `ready`, wait for the gun, play, print one JSON line."""
    from quizapp.bank import load_deck
    from quizapp.engine.session import Mode, QuizSession, RoundOptions
    from quizapp.store.address import DatabaseAddress
    from quizapp.store.journal import journal_folder
    from quizapp.store.recorder import RoundRecorder
    from quizapp.store.results import ResultsStore
    from quizapp.store.saver import Saver, describe
    from quizapp.store.writes import RecordAnswer, SyncDeck
    from tests.responses import right, wrong

    class TimedSaver(Saver):
        """The app's saver, stamping each answer as its write is committed."""

        def __init__(self, *args: Any, **kwargs: Any) -> None:
            super().__init__(*args, **kwargs)
            self.committed: dict[str, float] = {}
            self.refused: list[str] = []
            self.retries: dict[str, int] = {}
            self.applied_ms: list[float] = []

        def _apply(self, write: Any) -> bool:
            begun = time.monotonic()
            done = super()._apply(write)
            if done and isinstance(write, RecordAnswer):
                self.applied_ms.append((time.monotonic() - begun) * 1000)
            return done

        def _finish(self, pending: Any) -> None:
            if isinstance(pending.write, RecordAnswer):
                self.committed[pending.write.uid] = time.monotonic()
            super()._finish(pending)

        def _give_up(self, write: Any, error: BaseException) -> None:
            self.refused.append(f"{write.kind}: {type(error).__name__}: {error}")
            self.committed.pop(getattr(write, "uid", ""), None)
            super()._give_up(write, error)

        def _set_waiting(self, error: BaseException) -> None:
            reason = describe(error)
            self.retries[reason] = self.retries.get(reason, 0) + 1
            super()._set_waiting(error)

    folder = Path(spec["folder"])
    where = DatabaseAddress.parse(spec["url"]) if spec["url"] else folder
    deck = load_deck(Path(spec["bank"]))
    deadline = time.monotonic() + spec["timeout"]

    def open_store() -> ResultsStore:
        return ResultsStore.open(where)

    savers = [TimedSaver(open_store, journal_folder(folder)).start() for _ in range(spec["count"])]
    for saver in savers:
        if not saver.wait_until_open(max(0.0, deadline - time.monotonic())):
            raise SystemExit("a saver did not open in time")
    print("ready", flush=True)
    sys.stdin.readline()  # the starting gun

    results: list[dict[str, Any]] = [{} for _ in savers]

    def student(index: int) -> None:
        number = spec["first"] + index
        saver = savers[index]
        rng = random.Random(spec["seed"] * 100_003 + number)
        given: dict[str, float] = {}
        errors: list[str] = []
        try:
            saver.submit(SyncDeck.of(deck, saver.now()))
            options = RoundOptions(mode=Mode.TEST, shuffle=False)
            session = QuizSession(deck, options, seed=number)
            recorder = RoundRecorder(saver, f"Student {number:03d}", session)
            session.observer = recorder
            while not session.finished:
                time.sleep(rng.uniform(0, spec["think_ms"] / 1000))
                assert session.current is not None
                question = session.current.question
                response = right(question) if rng.random() < RIGHT_SHARE else wrong(question)
                started = time.monotonic()
                session.submit(response)  # type: ignore[arg-type]
                given[recorder._answer_uids[question.id]] = started
                session.advance()
            saved = saver.wait_until_saved(max(0.0, deadline - time.monotonic()))
            if not saved:
                errors.append(f"not saved in time: {saver.status.waiting} answers waiting")
        except Exception as error:  # noqa: BLE001 - reported, and the run fails
            errors.append(f"{type(error).__name__}: {error}")
        left = saver.close()
        committed = saver.committed
        results[index] = {
            "student": number,
            "given": list(given),
            "latencies_ms": [
                (committed[uid] - started) * 1000
                for uid, started in given.items()
                if uid in committed
            ],
            "applied_ms": saver.applied_ms,
            "last_commit": max(committed.values(), default=0.0),
            "left_unsaved": left,
            "refused": saver.refused,
            "retries": saver.retries,
            "errors": errors + ([saver.status.notice] if saver.status.notice else []),
        }

    threads = [
        threading.Thread(target=student, args=(i,), name=f"student-{i}") for i in range(len(savers))
    ]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    print(json.dumps(results), flush=True)


# -- the school: workers started together, the gun, the accounting -----------------------


class Worker:
    """One worker process and what it printed (read on a thread, so nothing blocks)."""

    def __init__(self, spec: dict[str, Any], log: Path) -> None:
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [PYTHON, str(Path(__file__).resolve()), "--worker", json.dumps(spec)],
            cwd=ROOT,
            stdin=subprocess.PIPE,
            stdout=subprocess.PIPE,
            stderr=self.log,
            start_new_session=True,  # its own process group, killed whole on a timeout
        )
        self.ready = threading.Event()
        self.result: list[dict[str, Any]] | None = None
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            if line.strip() == b"ready":
                self.ready.set()
            elif line.startswith(b"["):
                self.result = json.loads(line)
        self.ready.set()  # it ended: nobody should wait for it any longer

    def fire(self) -> None:
        assert self.process.stdin is not None
        with suppress(OSError):
            self.process.stdin.write(b"go\n")
            self.process.stdin.flush()

    def kill(self) -> None:
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._reader.join(timeout=5)
        self.log.close()


def run_school(engine: str, folder: Path, url: str, bank: Path, args: argparse.Namespace) -> dict:
    """Play the whole school into one database; the workers' results, and how it went."""
    per_process = -(-args.students // args.processes)
    logs = folder.parent / f"logs-{engine}"
    logs.mkdir(exist_ok=True)
    workers: list[Worker] = []
    started = time.monotonic()
    deadline = started + args.timeout
    timed_out = False
    try:
        for first in range(0, args.students, per_process):
            spec = {
                "folder": str(folder),
                "url": url,
                "bank": str(bank),
                "first": first + 1,
                "count": min(per_process, args.students - first),
                "seed": args.seed,
                "think_ms": args.think_ms,
                "timeout": args.timeout,
            }
            workers.append(Worker(spec, logs / f"worker-{first + 1:03d}.log"))
        for w in workers:
            if not w.ready.wait(max(0.0, deadline - time.monotonic())):
                timed_out = True
                break
        opened = time.monotonic() - started
        connections = server_connections(url) if url else None
        gun = time.monotonic()
        for w in workers:
            w.fire()
        for w in workers:
            try:
                w.process.wait(timeout=max(0.0, deadline - time.monotonic()))
            except subprocess.TimeoutExpired:
                timed_out = True
                break
    finally:
        for w in workers:
            w.kill()
    students = [s for w in workers if w.result for s in w.result]
    crashed = [
        f"worker {i + 1} exited {w.process.returncode}: "
        + w.log_path.read_text(errors="replace").strip()[-600:]
        for i, w in enumerate(workers)
        if w.result is None
    ]
    return {
        "students": students,
        "gun": gun,
        "open_s": opened,
        "connections": connections,
        "timed_out": timed_out,
        "crashed": crashed,
    }


def server_connections(url: str) -> int:
    """Client connections to the server now (every saver holds its own)."""
    import psycopg

    with psycopg.connect(url, autocommit=True) as db:
        row = db.execute(
            "SELECT count(*) FROM pg_stat_activity WHERE backend_type = 'client backend'"
        ).fetchone()
    return int(row[0]) - 1  # not this one


def max_connections(admin_url: str) -> int:
    import psycopg

    with psycopg.connect(admin_url, autocommit=True) as db:
        return int(db.execute("SHOW max_connections").fetchone()[0])


def account(engine: str, folder: Path, url: str, expected: list[str], questions: int) -> dict:
    """What the database holds against what the students gave."""
    queries = {
        "rows": "SELECT COUNT(*) FROM answers",
        "distinct": "SELECT COUNT(DISTINCT uid) FROM answers",
        "finished": "SELECT COUNT(*) FROM attempts WHERE finished_at IS NOT NULL",
        "per_student": "SELECT s.name, COUNT(a.id) FROM students s "
        "LEFT JOIN answers a ON a.student_id = s.id GROUP BY s.name",
        "uids": "SELECT uid FROM answers",
    }
    if engine == "sqlite":
        queries["integrity"] = "PRAGMA integrity_check"
        with sqlite3.connect(f"file:{folder / 'quizapp.db'}?mode=ro", uri=True) as db:
            got = {name: db.execute(sql).fetchall() for name, sql in queries.items()}
    else:
        import psycopg

        with psycopg.connect(url) as db:
            got = {name: db.execute(sql).fetchall() for name, sql in queries.items()}
    per_student = dict(got["per_student"])
    uids = {row[0] for row in got["uids"]}
    given = set(expected)
    return {
        "rows": got["rows"][0][0],
        "distinct_uids": got["distinct"][0][0],
        "finished_rounds": got["finished"][0][0],
        "students_with_all": sum(1 for n in per_student.values() if n == questions),
        "students_short": {name: n for name, n in per_student.items() if n != questions},
        "integrity": " ".join(str(row[0]) for row in got.get("integrity", [("ok",)])[:3]),
        "missing": len(given - uids),
        "unexpected": len(uids - given),
    }


def time_report(database: str, runs: int) -> tuple[float, str]:
    """Median wall seconds of `quizapp report --database ...`, the real command; its error."""
    times = []
    for _ in range(runs):
        begun = time.perf_counter()
        done = subprocess.run(
            [PYTHON, "-m", "quizapp", "report", "--database", database],
            cwd=ROOT,
            stdout=subprocess.DEVNULL,
            stderr=subprocess.PIPE,
            text=True,
            timeout=300,
        )
        times.append(time.perf_counter() - begun)
        if done.returncode != 0:
            return float("nan"), f"quizapp report failed: {done.stderr.strip()}"
    return statistics.median(times), ""


def figures(engine: str, run: dict, counted: dict, expected: int, report_s: float) -> dict:
    students = run["students"]
    latencies = [ms for s in students for ms in s["latencies_ms"]]
    applied = [ms for s in students for ms in s["applied_ms"]]
    last = max((s["last_commit"] for s in students), default=run["gun"])
    seconds = max(last - run["gun"], 1e-9)
    retries: dict[str, int] = {}
    for s in students:
        for reason, n in s["retries"].items():
            retries[reason] = retries.get(reason, 0) + n
    problems = [
        f"Student {s['student']:03d}: {e}" for s in students for e in s["errors"] + s["refused"]
    ] + run["crashed"]
    ok = (
        not run["timed_out"]
        and not problems
        and counted["rows"] == expected
        and counted["distinct_uids"] == expected
        and counted["missing"] == 0
        and counted["integrity"] == "ok"
        and not counted["students_short"]
    )
    return {
        "engine": engine,
        "answers_per_s": counted["rows"] / seconds,
        "seconds": seconds,
        "median_ms": statistics.median(latencies) if latencies else float("nan"),
        "p95_ms": percentile_95(latencies),
        "max_ms": max(latencies, default=float("nan")),
        "apply_median_ms": statistics.median(applied) if applied else float("nan"),
        "apply_p95_ms": percentile_95(applied),
        "timed_answers": len(latencies),
        "accounted": counted,
        "expected": expected,
        "retries": retries,
        "open_s": run["open_s"],
        "connections": run["connections"],
        "report_s": report_s,
        "timed_out": run["timed_out"],
        "problems": problems[:50],
        "problem_count": len(problems),
        "ok": ok,
    }


def render(results: list[dict]) -> str:
    rows = [
        (
            "engine",
            "answers/s",
            "write median",
            "write p95",
            "commit median",
            "commit p95",
            "accounted for",
            "retries",
            "report",
        )
    ]
    for r in results:
        c = r["accounted"]
        rows.append(
            (
                r["engine"],
                f"{r['answers_per_s']:.0f}",
                f"{r['median_ms']:.1f} ms",
                f"{r['p95_ms']:.1f} ms",
                f"{r['apply_median_ms']:.1f} ms",
                f"{r['apply_p95_ms']:.1f} ms",
                f"{c['distinct_uids']:,} of {r['expected']:,}" + ("" if r["ok"] else " NO"),
                f"{sum(r['retries'].values()):,}",
                f"{r['report_s'] * 1000:.0f} ms",
            )
        )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=300)
    parser.add_argument("--questions", type=int, default=40, help="per student; default 40")
    parser.add_argument("--processes", type=int, default=30, help="worker processes; default 30")
    parser.add_argument(
        "--postgres", metavar="URL", help="admin URL of a server (default: a throwaway cluster)"
    )
    parser.add_argument("--json", default=str(BENCH / "school_load.json"), metavar="FILE")
    parser.add_argument("--think-ms", type=float, default=50, help="think time 0..N ms; default 50")
    parser.add_argument("--timeout", type=float, default=600, help="seconds per engine")
    parser.add_argument("--report-runs", type=int, default=3, help="report runs (median)")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument(
        "--only", choices=("sqlite", "postgresql"), help="one engine only (debugging)"
    )
    parser.add_argument(
        "--keep",
        action="store_true",
        help="keep the databases to look into (the temporary folder; a throwaway cluster "
        "is left running, a database made on --postgres is not dropped)",
    )
    args = parser.parse_args()
    if args.students < 1 or args.questions < 1 or args.processes < 1:
        parser.error("--students, --questions and --processes must be at least 1")
    args.processes = min(args.processes, args.students)
    expected = args.students * args.questions
    results = []
    begun = time.perf_counter()
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="school-load-"))
        if args.keep:
            print(f"keeping {work}", flush=True)
        else:
            stack.callback(shutil.rmtree, work, ignore_errors=True)
        (bank,) = write_banks(work / "bank", args.questions, 1)
        for engine in ("sqlite", "postgresql"):
            if args.only and engine != args.only:
                continue
            folder = work / f"data-{engine}"
            folder.mkdir()
            url = ""
            if engine == "postgresql":
                admin = postgres_admin(args.postgres, stack, "bench/school_load.py", keep=args.keep)
                room = max_connections(admin.admin_url) - CONNECTION_MARGIN
                if args.students > room:
                    raise SystemExit(
                        f"{args.students} students need {args.students} connections; this server "
                        f"allows {room + CONNECTION_MARGIN} (max_connections)"
                    )
                name = f"school_load_{os.getpid()}"
                admin.create_database(name)
                url = admin.url(name)
                if args.keep:
                    print(f"keeping {url}", flush=True)
                else:
                    stack.callback(admin.drop_database, name)
            prepare(folder, url)  # created and migrated before the gun: setup, not measured
            print(f"{engine}: {args.students} students in {args.processes} processes…", flush=True)
            run = run_school(engine, folder, url, bank, args)
            given = [uid for s in run["students"] for uid in s["given"]]
            counted = account(engine, folder, url, given, args.questions)
            database = url or f"sqlite://{folder / 'quizapp.db'}"
            report_s, failed = time_report(database, args.report_runs)
            if failed:
                run["crashed"].append(failed)
            results.append(figures(engine, run, counted, expected, report_s))
            print(f"  done in {time.perf_counter() - begun:.0f} s", flush=True)
    print()
    print(render(results))
    for r in results:
        for problem in r["problems"]:
            print(f"{r['engine']}: {problem}")
        if r["accounted"]["integrity"] != "ok":
            print(f"{r['engine']}: integrity_check: {r['accounted']['integrity']}")
        if r["accounted"]["students_short"]:
            print(f"{r['engine']}: students short: {r['accounted']['students_short']}")
    if len(results) == 2:
        sqlite, pg = results
        print(
            f"\nPostgreSQL / SQLite: {pg['answers_per_s'] / sqlite['answers_per_s']:.2f}× the "
            f"answers per second, {pg['median_ms'] / sqlite['median_ms']:.2f}× the median write, "
            f"{pg['p95_ms'] / sqlite['p95_ms']:.2f}× the 95th percentile, "
            f"{pg['report_s'] / sqlite['report_s']:.2f}× the report time"
        )
    elapsed = time.perf_counter() - begun
    print(f"{args.students} students × {args.questions} questions · {elapsed:.0f} s in all")
    write_results(
        args.json,
        students=args.students,
        questions=args.questions,
        processes=args.processes,
        think_ms=args.think_ms,
        seconds=round(elapsed, 1),
        results=results,
    )
    return 0 if results and all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--worker"]:
        worker(json.loads(sys.argv[2]))
    else:
        raise SystemExit(main())
