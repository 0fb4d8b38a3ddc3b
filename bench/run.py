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
import platform
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Callable, Sequence
from dataclasses import asdict, dataclass
from pathlib import Path

BENCH = Path(__file__).resolve().parent
ROOT = BENCH.parent
sys.path.insert(0, str(ROOT))

from bench.generate import fill_store, write_banks  # noqa: E402

PYTHON = sys.executable


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


def until_painted(*args: str) -> float:
    """Seconds from launching bench/first_question.py to its question being painted."""
    launched = time.time()
    result = subprocess.run(
        [PYTHON, str(BENCH / "first_question.py"), *args],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    return float(result.stdout.split()[-2]) - launched


def first_question(runs: int) -> Figure:
    ours_runs, bare_runs = [], []
    for _ in range(runs):
        ours_runs.append(until_painted("quizapp"))
        bare_runs.append(until_painted("minimal"))
    ours, bare = statistics.median(ours_runs), statistics.median(bare_runs)
    return Figure(
        "time to first question (bundled bank, headless)",
        ours * 1000,
        bare * 1000,
        "ms",
        "ratio",
        1.25,
        "launch to question painted, vs a minimal Textual app (Header, Static, Footer)",
    )


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


def no_textual_imports() -> Figure:
    """Commands without a UI must never import Textual (python -X importtime)."""
    offenders = []
    for command in (["validate"], ["schema"], ["report", "--data-dir", tempfile.mkdtemp()]):
        result = subprocess.run(
            [PYTHON, "-X", "importtime", "-m", "quizapp", *command],
            capture_output=True,
            text=True,
            cwd=ROOT,
        )
        if "textual" in result.stderr:
            offenders.append(command[0])
    return Figure(
        "commands importing Textual (validate, report, schema)",
        len(offenders),
        0,
        "",
        "absolute",
        0,
        ", ".join(offenders) or "none",
    )


def answer_latency() -> list[Figure]:
    result = subprocess.run(
        [PYTHON, str(BENCH / "answer_latency.py")],
        capture_output=True,
        text=True,
        check=True,
        cwd=ROOT,
    )
    timings = json.loads(result.stdout.strip().splitlines()[-1])
    p95 = sorted(timings)[round(0.95 * (len(timings) - 1))]
    return [
        Figure(
            "answer latency, median (key to feedback painted)",
            statistics.median(timings),
            0,
            "ms",
            "absolute",
            16,
            f"{len(timings)} answers over the bundled deck, in run_test",
        ),
        Figure(
            "answer latency, 95th percentile",
            p95,
            0,
            "ms",
            "absolute",
            float("inf"),
            "reported, no target",
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


def memory(work: Path) -> Figure:
    folder = work / "banks-50000"

    def peak_kb(*args: str) -> int:
        result = subprocess.run(
            [PYTHON, str(BENCH / "first_question.py"), *args],
            capture_output=True,
            text=True,
            check=True,
            cwd=ROOT,
        )
        return int(result.stdout.strip().splitlines()[-1])

    ours = peak_kb("quizapp", str(folder))
    bare = peak_kb("minimal")
    return Figure(
        "peak memory with 50,000 questions loaded",
        ours / 1024,
        bare / 1024,
        "MB",
        "difference",
        100,
        "above the minimal Textual app",
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
    args = parser.parse_args()
    started = time.perf_counter()
    with tempfile.TemporaryDirectory() as folder:
        work = Path(folder)
        figures = [
            *load_and_validate(args.runs, work),
            first_question(args.runs),
            validate_startup(args.runs),
            no_textual_imports(),
            *answer_latency(),
            report(args.runs, work),
            memory(work),
        ]
    print(render(figures))
    elapsed = time.perf_counter() - started
    judged = [f for f in figures if f.target != float("inf")]
    print(f"\n{sum(f.met for f in judged)} of {len(judged)} targets met · {elapsed:.0f} s in all")
    Path(args.json).write_text(
        json.dumps(
            {
                "date": time.strftime("%Y-%m-%d"),
                "machine": f"{platform.machine()}, {platform.python_implementation()} {platform.python_version()}",
                "cpus": __import__("os").cpu_count(),
                "runs": args.runs,
                "seconds": round(elapsed, 1),
                "figures": [asdict(f) | {"score": f.score, "met": f.met} for f in figures],
            },
            indent=2,
        )
        + "\n",
        encoding="utf-8",
    )
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
