"""A live room's reveal, timed to every student: `python bench/live_reveal.py [--students 30]`.

Issue 15 asks that the reveal reach every student within a second of the
teacher's key, with 30 students on one machine. This runs that room, first
on SQLite (a data folder in a temporary folder, shared by every process, as
a class on a shared folder has it), then on PostgreSQL (a throwaway cluster
from tests/postgres_server.py, or `--postgres URL`, an admin URL of a server
of your own, where a database is made and dropped), and prints, per engine,
how long the reveal and the opening of a question took to be seen. Writes
the figures to bench/live_reveal.json. A benchmark, not a test: it exits
non-zero only when the room did not run (a student crashed, a timeout, a
reveal never seen), not when a figure is slow.

How the room is simulated:

* Each student is a process of its own (as 30 `quizapp join` terminals
  would be), with its own store (`ResultsStore.open`), joined with
  `LivePlayer.join`, and a `RoomWatcher` (PostgreSQL: LISTEN/NOTIFY on a
  connection of its own; SQLite: a poll of the room's version every
  `wake.POLL_SECONDS`). It loops as a student's screen does: wait for a new
  version (at most 1 s, the screen's tick), read the room, and when a
  question opens, think (uniform 0–`--think-ms` ms, seeded per student and
  question), then answer it (right about 70% of the time). No Textual: what
  is timed is the store and the wake, not drawing.
* The host is this process, with a store of its own, doing what the
  teacher's keys do: `open_question`, then (once every student's answer is
  in, or `--answer-timeout`) `reveal`, which grades and records all 30
  answers and then sets the phase. It waits until every student has
  reported seeing the reveal (or `--seen-timeout`), pauses `--gap` seconds,
  and opens the next question; `--questions` of them (at most the 8 of
  tests/banks/good/engine.yaml, every type a live room asks), then `end`.
* Times: every process stamps `time.monotonic()`. On Linux that is
  CLOCK_MONOTONIC, one clock for the whole so a child's stamp and
  the host's are directly comparable, and unlike `time.time()` it cannot be
  stepped by NTP in the middle of a run. (perf_counter is the same clock on
  Linux, but Python does not promise it is shared between processes.)
  Children print each stamp as a JSON line the moment they take it.
* "key → seen" is what the issue asks: from the moment the host is told to
  reveal (before `LiveHost.reveal` runs: the grading and recording of every
  answer, then the phase) to the moment a student's process has read the
  room in phase REVEALED. "commit → seen" starts when `reveal` returned,
  the wake and the read alone. "open → seen" is the same, for a question
  opening. Figures are over every (student, question) pair; a pair never
  seen counts as slower than a second.
* Bounded: 30 processes at most one room's worth, every wait has a timeout,
  `--timeout` seconds per engine (default 300) after which every child is
  killed and what was seen is reported.
"""

from __future__ import annotations

import argparse
import json
import os
import random
import shutil
import signal
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

from bench.stores import percentile_95, postgres_admin, prepare, write_results  # noqa: E402

PYTHON = sys.executable
RIGHT_SHARE = 0.7
TICK_SECONDS = 1.0
"""How long a student's loop waits on the watcher before reading the room anyway."""
TARGET_MS = 1000.0


def where_of(spec: dict[str, Any]) -> Any:
    from quizapp.store.address import DatabaseAddress

    return DatabaseAddress.parse(spec["url"]) if spec["url"] else Path(spec["folder"])


# -- a student: one process, joined, looping as the screen does ---------------------------


def student(spec: dict[str, Any]) -> None:
    """Join, print `ready`, then follow the room until it ends, printing each thing seen."""
    from quizapp.live.player import LivePlayer
    from quizapp.live.wake import RoomWatcher
    from quizapp.store.results import ResultsStore
    from quizapp.store.rooms import Phase
    from tests.responses import right, wrong
    from tests.store_helpers.play import engine_deck

    def say(**event: Any) -> None:
        print(json.dumps(event), flush=True)

    deadline = time.monotonic() + spec["timeout"]
    by_id = {q.id: q for q in engine_deck().questions}
    store = ResultsStore.open(where_of(spec))
    player = LivePlayer.join(store, spec["code"], spec["name"])
    watcher = RoomWatcher(store, spec["code"])
    say(ready=True, listening=watcher._listener is not None)
    seen_version = -1
    opened: set[int] = set()
    revealed: set[int] = set()
    try:
        while time.monotonic() < deadline:
            version = watcher.wait(seen_version, TICK_SECONDS)
            woke = time.monotonic()
            if version is None:
                break
            if version == seen_version:
                continue
            state = player.state()
            read = time.monotonic()
            seen_version = state.version
            position = state.position
            if state.phase is Phase.OPEN and position not in opened:
                opened.add(position)
                say(e="open", p=position, woke=woke, seen=read)
                assert state.question is not None
                question = by_id[str(state.question["id"])]
                rng = random.Random(spec["seed"] * 1_000_003 + spec["number"] * 1_009 + position)
                time.sleep(rng.uniform(0, spec["think_ms"] / 1000))
                response = right(question) if rng.random() < RIGHT_SHARE else wrong(question)
                taken = player.answer(state, response, time.monotonic() - read)  # type: ignore[arg-type]
                say(e="answered", p=position, at=time.monotonic(), taken=taken)
            elif state.phase is Phase.REVEALED and position not in revealed:
                revealed.add(position)
                say(e="reveal", p=position, woke=woke, seen=read)
            elif state.phase is Phase.ENDED:
                break
    finally:
        watcher.close()
        store.close()
    say(done=True)


class Student:
    """One student's process and what it printed (read on a thread, so nothing blocks)."""

    def __init__(self, spec: dict[str, Any], log: Path, room: Room) -> None:
        self.number = spec["number"]
        self.room = room
        self.log_path = log
        self.log = log.open("wb")
        self.process = subprocess.Popen(
            [PYTHON, str(Path(__file__).resolve()), "--student", json.dumps(spec)],
            cwd=ROOT,
            stdin=subprocess.DEVNULL,
            stdout=subprocess.PIPE,
            stderr=self.log,
            start_new_session=True,  # its own process group, killed whole on a timeout
        )
        self.ready = False
        self.listening = False
        self.done = False
        self._reader = threading.Thread(target=self._read, daemon=True)
        self._reader.start()

    def _read(self) -> None:
        assert self.process.stdout is not None
        for line in self.process.stdout:
            with suppress(ValueError):
                self.room.heard(self, json.loads(line))
        self.room.heard(self, {"exited": True})

    def kill(self) -> None:
        if self.done:  # it said goodbye: let it close its store and exit
            with suppress(subprocess.TimeoutExpired):
                self.process.wait(timeout=5)
        if self.process.poll() is None:
            with suppress(ProcessLookupError):
                os.killpg(self.process.pid, signal.SIGKILL)
        self.process.wait()
        self._reader.join(timeout=5)
        self.log.close()


class Room:
    """What every student reported, and a way to wait for all of them."""

    def __init__(self) -> None:
        self.changed = threading.Condition()
        self.events: list[dict[str, Any]] = []
        self.students: list[Student] = []

    def heard(self, who: Student, event: dict[str, Any]) -> None:
        with self.changed:
            if event.get("ready"):
                who.ready = True
                who.listening = bool(event.get("listening"))
            elif event.get("done") or event.get("exited"):
                who.done = True
            else:
                self.events.append({**event, "student": who.number})
            self.changed.notify_all()

    def wait_for(self, test: Any, timeout: float) -> bool:
        with self.changed:
            return self.changed.wait_for(test, timeout=max(0.0, timeout))

    def count(self, kind: str, position: int) -> int:
        return sum(1 for e in self.events if e.get("e") == kind and e["p"] == position)


# -- the host: the teacher's keys, timed ---------------------------------------------------


def run_room(engine: str, folder: Path, url: str, args: argparse.Namespace) -> dict[str, Any]:
    from quizapp.engine.session import Mode, RoundOptions
    from quizapp.live.host import LiveHost
    from quizapp.live.wake import RoomWatcher
    from quizapp.store.address import DatabaseAddress
    from quizapp.store.results import ResultsStore
    from tests.store_helpers.play import engine_deck

    store = ResultsStore.open(DatabaseAddress.parse(url) if url else folder)
    host = LiveHost.open(store, engine_deck(), RoundOptions(mode=Mode.TEST, shuffle=False), seed=1)
    questions = min(args.questions, len(host.questions))
    logs = folder.parent / f"logs-{engine}"
    logs.mkdir(exist_ok=True)
    room = Room()
    started = time.monotonic()
    deadline = started + args.timeout
    keys: list[dict[str, Any]] = []
    problems: list[str] = []
    watcher = RoomWatcher(store, host.code)
    try:
        for number in range(1, args.students + 1):
            spec = {
                "folder": str(folder),
                "url": url,
                "code": host.code,
                "name": f"Student {number:02d}",
                "number": number,
                "seed": args.seed,
                "think_ms": args.think_ms,
                "timeout": args.timeout,
            }
            room.students.append(Student(spec, logs / f"student-{number:02d}.log", room))
        if not room.wait_for(
            lambda: all(s.ready or s.done for s in room.students), deadline - time.monotonic()
        ):
            problems.append("not every student joined in time")
        joined_s = time.monotonic() - started
        ready = sum(s.ready for s in room.students)
        for position in range(questions):
            if time.monotonic() > deadline:
                problems.append(f"timed out before question {position + 1}")
                break
            key = {"p": position, "open_key": time.monotonic()}
            host.open_question(position)
            key["open_done"] = time.monotonic()
            answered_by = time.monotonic() + args.answer_timeout
            seen = -1
            while True:
                state = host.state()
                seen = state.version
                if state.answers_in >= ready or time.monotonic() > min(answered_by, deadline):
                    break
                watcher.wait(seen, min(1.0, max(0.0, answered_by - time.monotonic())))
            key["answers_in"] = state.answers_in
            key["reveal_key"] = time.monotonic()
            result = host.reveal()
            key["reveal_done"] = time.monotonic()
            key["graded"] = result.answered
            keys.append(key)
            if not room.wait_for(
                lambda p=position: room.count("reveal", p) >= ready,
                min(args.seen_timeout, deadline - time.monotonic()),
            ):
                problems.append(
                    f"question {position + 1}: the reveal seen by {room.count('reveal', position)}"
                    f" of {ready} within {args.seen_timeout:g} s"
                )
            time.sleep(args.gap)
        host.end()
        room.wait_for(lambda: all(s.done for s in room.students), 10)
    finally:
        watcher.close()
        for s in room.students:
            s.kill()
        store.close()
    for s in room.students:
        if s.process.returncode not in (0, None) or not s.ready:
            tail = s.log_path.read_text(errors="replace").strip()[-600:]
            problems.append(f"student {s.number} exited {s.process.returncode}: {tail}")
    return {
        "keys": keys,
        "events": room.events,
        "students": args.students,
        "ready": ready,
        "listening": sum(s.listening for s in room.students),
        "joined_s": joined_s,
        "problems": problems,
    }


# -- the figures ---------------------------------------------------------------------------


def spread(values: list[float], pairs: int) -> dict[str, Any]:
    """Median, 95th percentile, worst and share within a second; `pairs` - len(values) unseen."""
    missed = pairs - len(values)
    ordered = sorted(values) + [float("inf")] * missed
    return {
        "median_ms": statistics.median(ordered) if ordered else float("nan"),
        "p95_ms": percentile_95(ordered),
        "max_ms": max(ordered, default=float("nan")),
        "within_1s": sum(1 for v in ordered if v <= TARGET_MS) / len(ordered) if ordered else 0,
        "pairs": pairs,
        "missed": missed,
    }


def figures(engine: str, run: dict[str, Any]) -> dict[str, Any]:
    keys = {k["p"]: k for k in run["keys"]}
    pairs = len(keys) * run["students"]

    def delays(kind: str, since: str, stamp: str = "seen") -> list[float]:
        return [
            (e[stamp] - keys[e["p"]][since]) * 1000
            for e in run["events"]
            if e.get("e") == kind and e["p"] in keys
        ]

    reveal_ms = [(k["reveal_done"] - k["reveal_key"]) * 1000 for k in keys.values()]
    open_ms = [(k["open_done"] - k["open_key"]) * 1000 for k in keys.values()]
    reads = [
        (e["seen"] - e["woke"]) * 1000 for e in run["events"] if e.get("e") in ("open", "reveal")
    ]
    per_question = [
        max(
            (
                e["seen"] - k["reveal_key"]
                for e in run["events"]
                if e.get("e") == "reveal" and e["p"] == p
            ),
            default=float("inf"),
        )
        * 1000
        for p, k in keys.items()
    ]
    reveal_seen = delays("reveal", "reveal_key")
    result = {
        "engine": engine,
        "reveal_key_to_seen": spread(reveal_seen, pairs),
        "reveal_commit_to_seen": spread(delays("reveal", "reveal_done"), pairs),
        "open_key_to_seen": spread(delays("open", "open_key"), pairs),
        "host_reveal_ms": {"median": statistics.median(reveal_ms), "max": max(reveal_ms)},
        "host_open_ms": {"median": statistics.median(open_ms), "max": max(open_ms)},
        "read_after_wake_ms": {"median": statistics.median(reads), "p95": percentile_95(reads)},
        "last_student_per_question_ms": per_question,
        "answers_in": [k["answers_in"] for k in run["keys"]],
        "questions": len(keys),
        "students": run["students"],
        "listening": run["listening"],
        "joined_s": run["joined_s"],
        "problems": run["problems"],
        "ok": not run["problems"] and len(reveal_seen) == pairs and pairs > 0,
    }
    return result


def finite(value: Any) -> Any:
    """`value` with every infinity (a pair never seen) as None, so the file is strict JSON."""
    if isinstance(value, float) and value == float("inf"):
        return None
    if isinstance(value, dict):
        return {k: finite(v) for k, v in value.items()}
    if isinstance(value, list):
        return [finite(v) for v in value]
    return value


def ms(value: float) -> str:
    return "never" if value == float("inf") else f"{value:.0f} ms"


def render(results: list[dict[str, Any]]) -> str:
    rows = [("engine", "what", "median", "p95", "worst", "within 1 s", "pairs")]
    for r in results:
        for label, key in (
            ("reveal: key → seen", "reveal_key_to_seen"),
            ("reveal: commit → seen", "reveal_commit_to_seen"),
            ("open: key → seen", "open_key_to_seen"),
        ):
            f = r[key]
            rows.append(
                (
                    r["engine"],
                    label,
                    ms(f["median_ms"]),
                    ms(f["p95_ms"]),
                    ms(f["max_ms"]),
                    f"{f['within_1s']:.0%}",
                    f"{f['pairs'] - f['missed']} of {f['pairs']}",
                )
            )
    widths = [max(len(row[i]) for row in rows) for i in range(len(rows[0]))]
    lines = ["  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)) for row in rows]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(line.rstrip() for line in lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--students", type=int, default=30, help="processes; default 30")
    parser.add_argument("--questions", type=int, default=8, help="at most 8; default 8")
    parser.add_argument(
        "--postgres", metavar="URL", help="admin URL of a server (default: a throwaway cluster)"
    )
    parser.add_argument("--json", default=str(BENCH / "live_reveal.json"), metavar="FILE")
    parser.add_argument("--think-ms", type=float, default=300, help="think 0..N ms; default 300")
    parser.add_argument("--gap", type=float, default=0.5, help="seconds between questions")
    parser.add_argument("--answer-timeout", type=float, default=30, help="seconds per question")
    parser.add_argument("--seen-timeout", type=float, default=10, help="seconds per reveal")
    parser.add_argument("--timeout", type=float, default=300, help="seconds per engine")
    parser.add_argument("--seed", type=int, default=1)
    parser.add_argument("--only", choices=("sqlite", "postgresql"), help="one engine only")
    args = parser.parse_args()
    if not 1 <= args.students <= 100 or args.questions < 1:
        parser.error("--students must be 1..100 and --questions at least 1")
    results = []
    begun = time.perf_counter()
    with ExitStack() as stack:
        work = Path(tempfile.mkdtemp(prefix="live-reveal-"))
        stack.callback(shutil.rmtree, work, ignore_errors=True)
        for engine in ("sqlite", "postgresql"):
            if args.only and engine != args.only:
                continue
            folder = work / f"data-{engine}"
            folder.mkdir()
            url = ""
            if engine == "postgresql":
                admin = postgres_admin(args.postgres, stack, "bench/live_reveal.py")
                name = f"live_reveal_{os.getpid()}"
                admin.create_database(name)
                url = admin.url(name)
                stack.callback(admin.drop_database, name)
            prepare(folder, url)
            print(f"{engine}: {args.students} students, one process each…", flush=True)
            run = run_room(engine, folder, url, args)
            results.append(figures(engine, run))
            print(f"  done in {time.perf_counter() - begun:.0f} s", flush=True)
    print()
    print(render(results))
    for r in results:
        print(
            f"{r['engine']}: the host's reveal (grade and record {r['students']} answers, set the "
            f"phase) median {r['host_reveal_ms']['median']:.0f} ms, worst "
            f"{r['host_reveal_ms']['max']:.0f} ms; reading the room after a wake median "
            f"{r['read_after_wake_ms']['median']:.1f} ms; listening on NOTIFY: "
            f"{r['listening']} of {r['students']}"
        )
        for problem in r["problems"]:
            print(f"{r['engine']}: {problem}")
    elapsed = time.perf_counter() - begun
    print(f"{args.students} students × {results[0]['questions']} questions · {elapsed:.0f} s")
    write_results(
        args.json,
        students=args.students,
        think_ms=args.think_ms,
        seconds=round(elapsed, 1),
        results=finite(results),
    )
    return 0 if results and all(r["ok"] for r in results) else 1


if __name__ == "__main__":
    if sys.argv[1:2] == ["--student"]:
        student(json.loads(sys.argv[2]))
    else:
        raise SystemExit(main())
