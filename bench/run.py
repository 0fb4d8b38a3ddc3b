"""quizapp's benchmark suite: `python bench/run.py [--runs N] [--json FILE]`.

Every figure is the median of several runs and is judged as a ratio (or a
difference) against a baseline measured in the same run, so the verdicts
hold on a noisy machine. Prints a table and writes the same figures as JSON
(bench/results.json by default). Not part of the test suite: timed tests
are flaky.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path
from typing import Any

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench import terminal  # noqa: E402
from bench.generate import fill_store, write_banks  # noqa: E402
from bench.stores import write_results  # noqa: E402

PYTHON = sys.executable
START_TEXT = "Start (Enter)"
MINIMAL_TEXT = "Question 1 of 1"


def compile_bytecode() -> None:
    """Compile quizapp's modules first, as `pip install` does, so no run pays for it.

    An editable install (or PYTHONDONTWRITEBYTECODE) would otherwise compile
    every module from source at every start, while Textual's come compiled.
    """
    subprocess.run(
        [PYTHON, "-m", "compileall", "-q", str(ROOT / "quizapp")],
        check=True,
        stdout=subprocess.DEVNULL,
        env={**os.environ, "PYTHONDONTWRITEBYTECODE": ""},
    )


@dataclass
class Figure:
    """One line of the table."""

    name: str
    value: float
    baseline: float
    unit: str
    measure: str
    """"ratio" (value / baseline) or "difference" (value - baseline), or "absolute"."""
    target: float
    detail: str = ""

    @property
    def score(self) -> float:
        if self.measure == "ratio":
            return self.value / self.baseline
        if self.measure == "difference":
            return self.value - self.baseline
        return self.value

    @property
    def met(self) -> bool:
        return self.score <= self.target


def timed_run(command: Sequence[str]) -> float:
    """Wall time of one process, in seconds."""
    started = time.perf_counter()
    subprocess.run(command, check=True, stdout=subprocess.DEVNULL, cwd=ROOT)
    return time.perf_counter() - started


def median_of(runs: int, measure: Callable[[], float]) -> float:
    return statistics.median(measure() for _ in range(runs))


def alternate(runs: int, first: Sequence[str], second: Sequence[str]) -> tuple[float, float]:
    """Median wall times of two commands, run in turn so both see the same noise."""
    a, b = [], []
    for _ in range(runs):
        a.append(timed_run(first))
        b.append(timed_run(second))
    return statistics.median(a), statistics.median(b)


def load_and_validate(runs: int, work: Path) -> list[Figure]:
    figures = []
    for questions, files, target in ((1_000, 1, None), (10_000, 10, 1.5), (50_000, 100, 1.5)):
        folder = work / f"banks-{questions}"
        paths = write_banks(folder, questions, files)
        ours, bare = alternate(
            runs,
            [PYTHON, "-m", "quizapp", "validate", str(folder)],
            [PYTHON, str(BENCH / "parse_only.py"), *map(str, paths)],
        )
        figures.append(
            Figure(
                f"validate {questions:,} questions in {files} file{'s' if files > 1 else ''}",
                ours * 1000,
                bare * 1000,
                "ms",
                "ratio",
                target if target is not None else float("inf"),
                "vs yaml.load(CSafeLoader) of the same files in a bare process",
            )
        )
    return figures


def first_paint(runs: int) -> list[Figure]:
    """Launch to the first screen in a real terminal (tmux), quizapp beside the minimal app.

    Twice: as a student starts it again (the bundled bank's deck is in the user's
    cache, `quizapp.bank.cache`, from a start before the measured ones), and as the
    first start after the bank changed (every launch with a cache folder of its own,
    so the bank is read with PyYAML and validated).
    """
    cached, uncached, bare_runs = [], [], []
    with tempfile.TemporaryDirectory() as cache_home:

        def launch(cache: str) -> float:
            with tempfile.TemporaryDirectory() as data:
                command = ["env", f"XDG_CACHE_HOME={cache}", PYTHON, "-m", "quizapp"]
                command += ["--student", "bench", "--data-dir", data]
                return terminal.first_paint(command, START_TEXT, cwd=str(ROOT))

        launch(cache_home)  # the start before: it keeps the deck
        for _ in range(runs):
            bare_runs.append(
                terminal.first_paint(["env", PYTHON, str(BENCH / "minimal_app.py")], MINIMAL_TEXT)
            )
            cached.append(launch(cache_home))
            with tempfile.TemporaryDirectory() as own_cache:
                uncached.append(launch(own_cache))
    bare = statistics.median(bare_runs) * 1000
    how = (
        f"tmux 100×30, until {START_TEXT!r} shows; baseline: bench/minimal_app.py until "
        f"{MINIMAL_TEXT!r}; {runs} runs each, in turn"
    )
    return [
        Figure(
            "first frame: launch to the start screen on a terminal",
            statistics.median(cached) * 1000,
            bare,
            "ms",
            "ratio",
            1.25,
            f"{how}; the bank's deck kept from an earlier start",
        ),
        Figure(
            "first frame, the first start after the bank changed",
            statistics.median(uncached) * 1000,
            bare,
            "ms",
            "ratio",
            float("inf"),
            f"{how}; no deck kept: the bank is read and validated",
        ),
    ]


def validate_startup(runs: int) -> Figure:
    ours, bare = alternate(runs, [PYTHON, "-m", "quizapp", "validate"], [PYTHON, "-c", "pass"])
    return Figure(
        "validate start-up (bundled bank)",
        ours * 1000,
        bare * 1000,
        "ms",
        "difference",
        250,
        "above `python -c pass`",
    )


def no_textual_imports(work: Path) -> Figure:
    """Commands without a UI must never import Textual (python -X importtime)."""
    data = str(work / "no-ui-data")
    commands = {
        "validate": ["validate"],
        "schema": ["schema"],
        "report": ["report", "--data-dir", data],
        "db": ["db", "upgrade", "--data-dir", data],
    }
    offenders = []
    for name, command in commands.items():
        result = subprocess.run(
            [PYTHON, "-X", "importtime", "-m", "quizapp", *command],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if re.search(r"\|\s+textual(\.|$)", result.stderr, re.MULTILINE):
            offenders.append(name)
    return Figure(
        f"commands importing Textual ({', '.join(commands)})",
        len(offenders),
        0,
        "",
        "absolute",
        0,
        ", ".join(offenders) or "none",
    )


def percentile_95(values: Sequence[float]) -> float:
    return sorted(values)[round(0.95 * (len(values) - 1))]


def latency_figures(
    where: str, timings: dict[str, list[float]], target: float, how: str
) -> list[Figure]:
    """The median beside the minimal app's, and quizapp's 95th percentile beside its median."""
    ours, bare = timings["quizapp"], timings["minimal"]
    median = statistics.median(ours)
    return [
        Figure(
            f"answer to verdict painted, {where}, median",
            median,
            statistics.median(bare),
            "ms",
            "ratio",
            target,
            f"{len(ours)} answers over the bundled deck vs {len(bare)} of the minimal app; {how}",
        ),
        Figure(
            f"answer to verdict painted, {where}, 95th percentile",
            percentile_95(ours),
            median,
            "ms",
            "ratio",
            2,
            "against quizapp's own median (a steady feel, not a fast average)",
        ),
    ]


def run_json(*command: str) -> dict[str, Any]:
    result = subprocess.run(
        [PYTHON, *command], capture_output=True, text=True, check=True, cwd=ROOT
    )
    return json.loads(result.stdout.strip().splitlines()[-1])


def answer_latency() -> list[Figure]:
    return latency_figures(
        "in run_test",
        run_json(str(BENCH / "answer_latency.py")),
        3,
        "key received to the verdict's render_lines, inside the app",
    )


def answer_in_terminal(answers: int) -> list[Figure]:
    return latency_figures(
        "in a terminal",
        run_json(str(BENCH / "answer_in_terminal.py"), str(answers)),
        2,
        "tmux 100×30: send-keys to capture-pane showing it, polled every 2 ms",
    )


def room(tabs: int, runs: int) -> list[Figure]:
    """A room of browser tabs opening at once, beside as many bare `import textual.app`."""
    result = run_json(str(BENCH / "room.py"), "--tabs", str(tabs), "--runs", str(runs))
    return [
        Figure(
            f"{tabs} browser tabs opened at once, all on their start screen",
            result["room_s"] * 1000,
            result["bare_import_s"] * 1000,
            "ms",
            "ratio",
            1.0,
            f"quizapp serve, websocket tabs on loopback vs {tabs} concurrent "
            f"`python -c 'import textual.app'`; median of {runs}",
        ),
        Figure(
            "memory per tab (proportional set size)",
            result["pss_mb_per_tab"],
            0,
            "MB",
            "absolute",
            float("inf"),
            f"resident {result['rss_mb_per_tab']:.1f} MB per tab; "
            f"the pre-warmed parent {result['parent_pss_mb']:.1f} MB PSS; {tabs} tabs",
        ),
    ]


def report(runs: int, work: Path) -> Figure:
    folder = work / "store"
    answers = fill_store(folder)
    ours, bare = alternate(
        runs,
        [PYTHON, "-m", "quizapp", "report", "--data-dir", str(folder)],
        [PYTHON, str(BENCH / "report_sql.py"), str(folder)],
    )
    return Figure(
        f"report over {answers:,} answers (30 students × 50 questions × 20 rounds)",
        ours * 1000,
        bare * 1000,
        "ms",
        "ratio",
        3,
        "vs the bare SQL aggregation from Python's sqlite3 on the same file",
    )


def render(figures: list[Figure]) -> str:
    rows = [("Figure", "quizapp", "baseline", "result", "target", "met")]
    for f in figures:
        if f.measure == "ratio":
            result, target = (
                f"{f.score:.2f}×",
                f"≤ {f.target:g}×" if f.target != float("inf") else "-",
            )
        elif f.measure == "difference":
            result, target = f"+{f.score:.0f} {f.unit}", f"< {f.target:g} {f.unit}"
        else:
            result = f"{f.value:.1f} {f.unit}".strip() if f.unit else f"{f.value:g}"
            target = f"< {f.target:g} {f.unit}".strip() if f.target != float("inf") else "-"
            if f.target == 0:
                target = "0"
        baseline = f"{f.baseline:.0f} {f.unit}" if f.measure != "absolute" else "-"
        value = f"{f.value:.0f} {f.unit}" if f.measure != "absolute" else result
        met = "-" if target == "-" else ("yes" if f.met else "NO")
        rows.append((f.name, value, baseline, result, target, met))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]))]
    lines = [
        "  ".join(cell.ljust(w) for cell, w in zip(row, widths, strict=True)).rstrip()
        for row in rows
    ]
    lines.insert(1, "  ".join("-" * w for w in widths))
    return "\n".join(lines)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--runs", type=int, default=5, help="runs per figure (median); default 5")
    parser.add_argument(
        "--json", default=str(BENCH / "results.json"), help="where to write the figures"
    )
    parser.add_argument(
        "--paint-runs", type=int, default=15, help="launches per app for the first frame"
    )
    parser.add_argument(
        "--answers", type=int, default=30, help="answers per app in the terminal; default 30"
    )
    parser.add_argument("--tabs", type=int, default=20, help="browser tabs in the room; default 20")
    parser.add_argument("--room-runs", type=int, default=3, help="rooms opened (median); default 3")
    args = parser.parse_args()
    compile_bytecode()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        # Every quizapp the benchmark starts keeps its decks in the run's own folder.
        os.environ["XDG_CACHE_HOME"] = str(work / "cache")
        figures = [
            *load_and_validate(args.runs, work),
            validate_startup(args.runs),
            no_textual_imports(work),
            report(args.runs, work),
            *first_paint(args.paint_runs),
            *answer_latency(),
            *answer_in_terminal(args.answers),
            *room(args.tabs, args.room_runs),
        ]
    print(render(figures))
    elapsed = time.perf_counter() - started
    judged = [f for f in figures if f.target != float("inf")]
    print(f"\n{sum(f.met for f in judged)} of {len(judged)} targets met · {elapsed:.0f} s in all")
    write_results(
        args.json,
        runs=args.runs,
        seconds=round(elapsed, 1),
        figures=[asdict(f) | {"score": f.score, "met": f.met} for f in figures],
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
