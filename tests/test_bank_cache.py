"""The deck cache: a start with unchanged banks skips PyYAML, and never plays a stale deck.

Every check reads real bank files and real cache files in a cache folder of
the test's own (`XDG_CACHE_HOME`); the start-up check runs fresh Python
processes, as a student's launch is.
"""

from __future__ import annotations

import os
import pickle
import subprocess
import sys
from collections.abc import Callable
from pathlib import Path

import pytest

from quizapp.bank import cache
from quizapp.bank.loader import bundled_banks_dir, find_bank_files, load_decks
from quizapp.bank.problems import BankError

GOOD_BANKS = Path(__file__).parent / "banks" / "good"
REPO_ROOT = Path(__file__).resolve().parent.parent

BANK = """\
deck: cache-check
title: Cache check
questions:
  - id: q1
    type: choice
    prompt: Which city hosted the summit?
    choices: [Gyeongju, Busan]
    answer: Gyeongju
    explanation: The leaders met in Gyeongju.
"""


@pytest.fixture(autouse=True)
def own_cache(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> Path:
    folder = tmp_path / "cache-home"
    monkeypatch.setenv("XDG_CACHE_HOME", str(folder))
    return folder


def cached_files() -> list[Path]:
    return sorted(cache.cache_folder().glob("*.pickle")) if cache.cache_folder().is_dir() else []


def test_every_kind_of_question_comes_back_from_the_cache_as_it_was_read() -> None:
    files = find_bank_files([GOOD_BANKS, bundled_banks_dir()])
    read = load_decks(files)
    assert len(cached_files()) == len(files)
    for path, deck in zip(files, read, strict=True):
        assert cache.recall(path, path.read_bytes()) == deck
    assert load_decks(files) == read


def test_a_second_start_reads_the_bundled_bank_without_importing_yaml(own_cache: Path) -> None:
    """What the cache is for: the second launch's decks are the first's, and PyYAML stays out."""
    program = (
        "import sys\n"
        "from quizapp.bank.loader import find_bank_files, load_decks\n"
        "decks = load_decks(find_bank_files([]))\n"
        "print('yaml' in sys.modules, len(decks[0].questions), decks[0].title)\n"
    )
    environment = {**os.environ, "XDG_CACHE_HOME": str(own_cache)}

    def launch() -> str:
        return subprocess.run(
            [sys.executable, "-c", program],
            capture_output=True,
            text=True,
            check=True,
            cwd=REPO_ROOT,
            env=environment,
        ).stdout

    first, second = launch(), launch()
    assert first.startswith("True ")
    assert second.startswith("False ")
    assert first.split(" ", 1)[1] == second.split(" ", 1)[1]


def test_an_edit_that_keeps_the_size_and_the_time_is_still_seen(
    write_bank: Callable[..., Path],
) -> None:
    path = write_bank(BANK)
    [before] = load_decks([path])
    stamp = path.stat()
    path.write_text(BANK.replace("Gyeongju, Busan", "Gyeongju, Seoul"), encoding="utf-8")
    os.utime(path, ns=(stamp.st_atime_ns, stamp.st_mtime_ns))
    assert path.stat().st_size == stamp.st_size
    [after] = load_decks([path])
    assert before.questions[0].choices[1] == "Busan"
    assert after.questions[0].choices[1] == "Seoul"


def test_a_bank_with_problems_is_never_kept_and_says_them_at_every_start(
    write_bank: Callable[..., Path],
) -> None:
    path = write_bank(BANK.replace("answer: Gyeongju", "answer: Seoul"))
    for _ in range(2):
        with pytest.raises(BankError) as refused:
            load_decks([path])
        assert any("answer" in str(problem) for problem in refused.value.problems)
    assert cached_files() == []


def test_a_deck_keeps_the_path_it_was_named_by(
    write_bank: Callable[..., Path], monkeypatch: pytest.MonkeyPatch
) -> None:
    path = write_bank(BANK)
    [absolute] = load_decks([path])
    monkeypatch.chdir(path.parent)
    [relative] = load_decks([Path(path.name)])
    assert absolute.path == path
    assert relative.path == Path(path.name)


class _RunsACommand:
    """Unpickled by a trusting unpickler, this would run a shell command."""

    def __init__(self, marker: Path) -> None:
        self.marker = marker

    def __reduce__(self) -> tuple[object, ...]:
        return (os.system, (f"touch {self.marker}",))


def test_a_planted_cache_file_cannot_run_anything(
    write_bank: Callable[..., Path], tmp_path: Path
) -> None:
    """A file in the cache folder that would run a command when unpickled runs nothing."""
    path = write_bank(BANK)
    [deck] = load_decks([path])
    marker = tmp_path / "ran"
    [target] = cached_files()
    planted = pickle.dumps(_RunsACommand(marker))
    target.write_bytes(planted)
    assert load_decks([path]) == [deck]  # read from the bank again
    assert not marker.exists()
    assert cache.recall(path, path.read_bytes()) == deck  # and kept again, in place of it
    pickle.loads(planted)  # the planted file was a real threat to a trusting unpickler
    assert marker.exists()


def test_a_cache_folder_that_cannot_be_made_only_slows_the_start(
    write_bank: Callable[..., Path], tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    blocked = tmp_path / "not-a-folder"
    blocked.write_text("a file where the cache folder would go", encoding="utf-8")
    monkeypatch.setenv("XDG_CACHE_HOME", str(blocked))
    path = write_bank(BANK)
    assert [d.id for d in load_decks([path])] == ["cache-check"]
    assert [d.id for d in load_decks([path])] == ["cache-check"]


def test_the_first_start_reads_its_banks_in_a_child_that_keeps_them(
    write_bank: Callable[..., Path], own_cache: Path
) -> None:
    """`quizapp` reads a changed bank in a forked child while it imports Textual.

    Run in a process of its own (forking pytest would copy its threads); the child
    says nothing, and the parent then finds the deck kept.
    """
    path = write_bank(BANK)
    program = (
        "import sys\n"
        "from pathlib import Path\n"
        "from quizapp.bank import cache\n"
        "from quizapp.cli.arguments import play_parser\n"
        "from quizapp.cli.read_ahead import read_banks_ahead\n"
        "args = play_parser().parse_args([sys.argv[1]])\n"
        "ahead = read_banks_ahead(args)\n"
        "print(ahead is not None, end=' ')\n"
        "ahead.wait()\n"
        "print(cache.holds(Path(sys.argv[1])), read_banks_ahead(args) is None)\n"
    )
    done = subprocess.run(
        [sys.executable, "-c", program, str(path)],
        capture_output=True,
        text=True,
        check=True,
        cwd=REPO_ROOT,
        env={**os.environ, "XDG_CACHE_HOME": str(own_cache)},
    )
    assert done.stdout.split() == ["True", "True", "True"]  # forked; kept; nothing left to read
    assert done.stderr == ""
