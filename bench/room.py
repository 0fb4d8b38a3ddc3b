"""How fast a room opens: `python bench/room.py [--tabs 20] [--runs 3]`.

In each run, two things are timed in turn, so both see the same noise:

* the floor: `--tabs` bare `python -c "import textual.app"` processes,
  started together, until the last one has finished; a server that starts a
  fresh interpreter per browser tab can never open a room faster than that;
* the room: a real `quizapp serve` on a free loopback port, and `--tabs`
  websocket tabs opened at once (as the page does: `/ws?width=80&height=24`,
  then a resize), until every tab shows the start screen ("Your name").

Then, with every tab still on its start screen, the memory of each tab's quiz
process: resident (VmRSS) and proportional (Pss, shared pages split between
the processes sharing them, from /proc/PID/smaps_rollup). Pss is the honest
one for a room of forked quizzes: what the room costs is the sum of Pss.

Prints a line per run and the medians, then one JSON line at the end (for
bench/run.py): `room_s / bare_import_s` is the ratio to beat (target: 1.0).
Linux only (/proc). Stops every process it started, whatever happens.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import signal
import socket
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PYTHON = sys.executable
ANSI = re.compile(rb"\x1b\[[0-9;?]*[ -/]*[@-~]|\x1b[()][0-9A-Za-z]|\x1b[=>]")
START_SCREEN = b"Your name"
TIMEOUT = 300.0
"""Seconds anything here may take before the run is abandoned (a hang guard)."""


def bare_imports(tabs: int) -> float:
    """Seconds for `tabs` concurrent `import textual.app` processes to all finish."""
    started = time.perf_counter()
    processes = [
        subprocess.Popen([PYTHON, "-c", "import textual.app"], cwd=ROOT) for _ in range(tabs)
    ]
    for process in processes:
        if process.wait(timeout=TIMEOUT) != 0:
            raise SystemExit("bench/room.py: `import textual.app` failed")
    return time.perf_counter() - started


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return int(probe.getsockname()[1])


@contextmanager
def server(data: Path, tabs: int) -> Iterator[tuple[subprocess.Popen[bytes], int, float]]:
    """A running `quizapp serve` (bundled banks): its process, port, and seconds to listen."""
    port = free_port()
    log = data.parent / f"server-{port}.log"
    started = time.perf_counter()
    with log.open("wb") as output:
        process = subprocess.Popen(
            [PYTHON, "-m", "quizapp", "serve", "--port", str(port), "--data-dir", str(data)]
            + ["--max-sessions", str(max(tabs, 60))],
            cwd=ROOT,
            stdout=output,
            stderr=subprocess.STDOUT,
        )
    try:
        deadline = time.monotonic() + TIMEOUT
        while b"Serving the quiz at" not in log.read_bytes() or not _listening(port):
            if process.poll() is not None or time.monotonic() > deadline:
                raise SystemExit(f"bench/room.py: the server did not start:\n{log.read_text()}")
            time.sleep(0.01)
        yield process, port, time.perf_counter() - started
    finally:
        if process.poll() is None:
            process.send_signal(signal.SIGINT)
        try:
            process.wait(timeout=30)
        except subprocess.TimeoutExpired:
            process.kill()
            process.wait()


def _listening(port: int) -> bool:
    try:
        socket.create_connection(("127.0.0.1", port), timeout=1).close()
    except OSError:
        return False
    return True


async def open_room(port: int, tabs: int, server_pid: int) -> tuple[float, dict[str, float]]:
    """Seconds until `tabs` tabs opened at once all show the start screen; memory meanwhile."""
    import aiohttp

    async with aiohttp.ClientSession() as session:
        sockets: list[aiohttp.ClientWebSocketResponse] = []

        async def tab() -> None:
            url = f"ws://127.0.0.1:{port}/ws?width=80&height=24"
            websocket = await session.ws_connect(url, max_msg_size=0)
            sockets.append(websocket)
            await websocket.send_json(["resize", {"width": 80, "height": 24}])
            seen = b""
            while START_SCREEN not in seen:
                message = await websocket.receive()
                if message.type == aiohttp.WSMsgType.BINARY:
                    seen = seen[-len(START_SCREEN) :] + ANSI.sub(b"", message.data)
                elif message.type != aiohttp.WSMsgType.TEXT:
                    raise SystemExit(f"bench/room.py: a tab was closed: {message.extra!r}")

        started = time.perf_counter()
        await asyncio.wait_for(asyncio.gather(*(tab() for _ in range(tabs))), TIMEOUT)
        elapsed = time.perf_counter() - started
        memory = room_memory(server_pid)
        for websocket in sockets:
            await websocket.close()
    return elapsed, memory


def room_memory(server_pid: int) -> dict[str, float]:
    """VmRSS and Pss (MB) of each tab's process, and of a pre-warmed parent if there is one.

    A tab's process is a descendant of the server with no children of its own
    (a quiz started by the server, or forked by the parent); the parent is a
    descendant that has some.
    """
    children: dict[int, list[int]] = {}
    for entry in Path("/proc").iterdir():
        if entry.name.isdigit():
            try:
                stat = (entry / "stat").read_text()
            except OSError:
                continue
            parent = int(stat.rsplit(")", 1)[1].split()[1])
            children.setdefault(parent, []).append(int(entry.name))
    descendants, todo = [], list(children.get(server_pid, []))
    while todo:
        pid = todo.pop()
        descendants.append(pid)
        todo.extend(children.get(pid, []))
    quizzes = [pid for pid in descendants if not children.get(pid)]
    parents = [pid for pid in descendants if children.get(pid)]
    rss = [_kb(f"/proc/{pid}/status", "VmRSS") / 1024 for pid in quizzes]
    pss = [_kb(f"/proc/{pid}/smaps_rollup", "Pss") / 1024 for pid in quizzes]
    figures = {
        "tab_processes": len(quizzes),
        "rss_mb_per_tab": statistics.mean(rss) if rss else 0.0,
        "pss_mb_per_tab": statistics.mean(pss) if pss else 0.0,
        "rss_mb_sum": sum(rss),
        "pss_mb_sum": sum(pss),
        "parent_rss_mb": sum((_kb(f"/proc/{p}/status", "VmRSS") / 1024 for p in parents), 0.0),
        "parent_pss_mb": sum((_kb(f"/proc/{p}/smaps_rollup", "Pss") / 1024 for p in parents), 0.0),
    }
    return figures


def _kb(path: str, field: str) -> float:
    """A `Field:   123 kB` line of a /proc file, in kB (0 if the process is gone)."""
    try:
        text = Path(path).read_text()
    except OSError:
        return 0.0
    found = re.search(rf"^{field}:\s+(\d+) kB", text, re.MULTILINE)
    return float(found.group(1)) if found else 0.0


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--tabs", type=int, default=20, help="tabs opened at once (default: 20)")
    parser.add_argument("--runs", type=int, default=3, help="runs, for medians (default: 3)")
    args = parser.parse_args()
    if not sys.platform.startswith("linux"):
        raise SystemExit("bench/room.py: needs Linux (/proc)")

    bare_runs, room_runs, start_runs, memories = [], [], [], []
    with tempfile.TemporaryDirectory(prefix="quizapp-room-") as work:
        for run in range(1, args.runs + 1):
            bare = bare_imports(args.tabs)
            data = Path(work) / f"data-{run}"
            with server(data, args.tabs) as (process, port, listening):
                room, memory = asyncio.run(open_room(port, args.tabs, process.pid))
            bare_runs.append(bare)
            room_runs.append(room)
            start_runs.append(listening)
            memories.append(memory)
            print(
                f"run {run}: {args.tabs} bare imports {bare:.2f} s; {args.tabs} tabs {room:.2f} s "
                f"(ratio {room / bare:.2f}); per tab {memory['rss_mb_per_tab']:.1f} MB RSS, "
                f"{memory['pss_mb_per_tab']:.1f} MB PSS; server ready in {listening:.2f} s",
                flush=True,
            )

    def median(key: str) -> float:
        return statistics.median(m[key] for m in memories)

    bare_s, room_s = statistics.median(bare_runs), statistics.median(room_runs)
    result = {
        "tabs": args.tabs,
        "runs": args.runs,
        "bare_import_s": round(bare_s, 3),
        "room_s": round(room_s, 3),
        "ratio": round(room_s / bare_s, 3),
        "target_ratio": 1.0,
        "rss_mb_per_tab": round(median("rss_mb_per_tab"), 1),
        "pss_mb_per_tab": round(median("pss_mb_per_tab"), 1),
        "rss_mb_sum": round(median("rss_mb_sum"), 1),
        "pss_mb_sum": round(median("pss_mb_sum"), 1),
        "parent_rss_mb": round(median("parent_rss_mb"), 1),
        "parent_pss_mb": round(median("parent_pss_mb"), 1),
        "tab_processes": int(median("tab_processes")),
        "server_ready_s": round(statistics.median(start_runs), 3),
        "bare_import_runs_s": [round(x, 3) for x in bare_runs],
        "room_runs_s": [round(x, 3) for x in room_runs],
        "cpus": os.cpu_count(),
    }
    print(
        f"median: {args.tabs} tabs {room_s:.2f} s vs {args.tabs} bare imports {bare_s:.2f} s: "
        f"ratio {room_s / bare_s:.2f} (target <= 1.0)"
    )
    print(json.dumps(result))
    return 0


if __name__ == "__main__":
    sys.exit(main())
