"""`quizapp serve`'s pre-warmed parent: Textual and the banks loaded once, one quiz forked per tab.

A fresh interpreter per browser tab pays, every time, for importing Textual
and quizapp, reading the banks and building the app from nothing: on 2
cores, 20 tabs opened together took 8.8 s to show their start screens. This
process pays for the imports and the banks once; each tab's quiz is then a
`fork()` of it, which shares those pages and only builds and draws its app.

The server (`quizapp.serve.forked`) starts it as
`python -m quizapp.serve.zygote --control-fd N QUIZ-ARGUMENTS`, in the
environment textual-serve gives a served app (`TEXTUAL_DRIVER` names the web
driver; Textual reads these when it is imported, so they must be set here),
and talks to it over the socket N (`quizapp.serve.wire`). The parent:

1. imports what a quiz runs, reads the banks into `quizapp.cli.play.PRELOADED`,
   freezes what it holds out of the garbage collector's reach (so that no
   quiz's collections copy those pages), and says `ready`;
2. on `start`, checks the bank files (one `stat` each, and the folders' listing):
   if any changed, reads them again first; then forks the quiz, and sends the
   server its pid and a pidfd;
3. on SIGCHLD, reaps its quizzes and sends each exit status (in the handler,
   so even a parent busy reading a bank reports at once);
4. exits when the server's end of the socket closes, and is killed with the
   server (the server set PR_SET_PDEATHSIG when it started it).

With `quizapp serve --live` the quiz arguments are `join ...`: every tab
joins a live room (`quizapp.cli.join`), whose bank is the host's, so the
parent reads no banks (`NoBanks`) and warms the join screens instead.

It never opens the results database, starts a thread or runs an event loop:
each would be copied, half-alive, into every quiz. It checks that it has one
thread before every fork, and refuses to fork otherwise.

A quiz, right after the fork: asks to be killed with its parent (so it dies
with the server too: server → parent → quiz, every link SIGKILL), drops the
parent's socket, signal handlers and descriptors, takes the three streams the
server sent as its stdin, stdout and stderr, applies the tab's environment
(its screen size), and runs `quizapp.cli.main` with the quiz's arguments,
exactly as a `python -m quizapp ...` process per tab did, then exits with its
status. The saver's thread, Textual's threads, the event loop and the
database connection all start there, in the quiz. `random` reseeds itself in
every forked child, and quizapp's seeds and ids come from `os.urandom`
(`SystemRandom`, `uuid4`), so no two quizzes share any random state.
"""

from __future__ import annotations

import gc
import importlib
import os
import signal
import socket
import sys
from collections.abc import Sequence
from contextlib import suppress
from pathlib import Path
from typing import Any, NoReturn

from quizapp.serve import wire
from quizapp.serve.children import PR_SET_PDEATHSIG, prctl
from quizapp.text.safe import echo

WARM_MODULES = (
    "quizapp.cli.play",
    "quizapp.ui.app",
    "quizapp.store.results",
    "quizapp.store.saver",
    "quizapp.store.database",
    "quizapp.store.migrations",
    "quizapp.roster",
    "quizapp.crash",
    "textual.drivers.web_driver",
    "textual.drivers._input_reader_linux",
    "textual.drivers._byte_stream",
    "textual.drivers.headless_driver",
    "textual._xterm_parser",
    "textual.layouts.factory",
    "textual.layouts.horizontal",
    "textual.layouts.stream",
    "textual.pilot",
    "textual.scrollbar",
)
"""What every quiz imports: imported once here instead of once per tab."""

JOIN_MODULES = (
    "quizapp.cli.join",
    "quizapp.ui.join_app",
    "quizapp.ui.screens.join_start",
    "quizapp.ui.screens.join_room",
    "quizapp.ui.screens.join_question",
    "quizapp.ui.screens.join_reveal",
    "quizapp.live.follow",
    "psycopg",
)
"""What every tab of `quizapp serve --live` (`quizapp join`) imports besides a quiz's modules."""

EXIT_INTERNAL = 70
"""EX_SOFTWARE, as `quizapp.cli`: a quiz that failed outside `main`'s own handling."""


class Banks:
    """The decks every quiz plays, kept as fresh as the files they come from."""

    def __init__(self, argv: Sequence[str]) -> None:
        from quizapp.cli.arguments import play_parser

        self.args = play_parser().parse_args(list(argv))
        self.signature: tuple[tuple[str, int, int, int, int], ...] | None = None
        """What the files looked like when last read (None: some could not be found)."""
        self.read = False
        """Whether they have been read at all."""

    def refresh(self) -> str:
        """Read the banks again if a file changed, was added or went: a line for the teacher
        when something changed ('' otherwise)."""
        from quizapp.cli import play

        signature = self._signature()
        if self.read and signature == self.signature:
            return ""
        first, self.read, self.signature = not self.read, True, signature
        play.PRELOADED.clear()
        gc.unfreeze()  # the decks read before may be garbage now
        gc.collect()
        decks = self._load() if signature is not None else None
        if decks is not None:
            play.PRELOADED[play.bank_key(self.args)] = decks
        gc.freeze()  # a quiz's collections never visit (and so never copy) what it inherits
        if first:
            return ""  # the server has just checked them
        if decks is None:
            return (
                "The banks changed and cannot be played as they are: each new tab "
                "is told why until they are fixed."
            )
        return "The banks changed: the next quizzes play them as they are now."

    def _signature(self) -> tuple[tuple[str, int, int, int, int], ...] | None:
        from quizapp.bank.loader import BankNotFound, find_bank_files

        try:
            files = find_bank_files(self.args.paths)
            stats = [(str(path), path.stat()) for path in files]
        except (BankNotFound, OSError):
            return None
        return tuple((name, s.st_ino, s.st_size, s.st_mtime_ns, s.st_ctime_ns) for name, s in stats)

    def _load(self) -> list[Any] | None:
        """The decks, or None if they have problems: the quiz then reads them itself and says."""
        from quizapp.bank.loader import find_bank_files, load_decks

        try:
            files = find_bank_files(self.args.paths)
            return load_decks(files, max_bytes=self.args.max_bank_mb * 1_000_000)
        except Exception:  # noqa: BLE001 - whatever it is, the quiz reports it as it always did
            return None


class NoBanks:
    """`quizapp serve --live`: the tabs join a room whose bank is the host's; none to read."""

    def refresh(self) -> str:
        return ""


class Parent:
    """The loop: `start` requests from the server, SIGCHLD from the quizzes."""

    def __init__(self, control: socket.socket, argv: Sequence[str]) -> None:
        self.control = control
        self.argv = list(argv)
        self.pid = os.getpid()
        self.joins = self.argv[:1] == ["join"]
        """The tabs run `quizapp join` (`serve --live`), not a quiz of their own."""
        self.banks: Banks | NoBanks = NoBanks() if self.joins else Banks(argv)
        self.quizzes: dict[int, object] = {}
        """Quiz pid → the server's id for it, until it has been reaped."""

    def warm(self) -> None:
        """Everything a quiz needs that does not depend on its tab."""
        for module in WARM_MODULES:
            importlib.import_module(module)
        from quizapp.ui.app import WARM_UP_MODULES  # what a quiz loads after its first frame

        for module in WARM_UP_MODULES:
            importlib.import_module(module)
        if self.joins:
            for module in JOIN_MODULES:
                with suppress(ImportError):  # psycopg is there only for PostgreSQL
                    importlib.import_module(module)
        from rich.cells import cell_len

        cell_len("é中")  # loads rich's table of character widths, as the first frame would
        prctl()  # looked up here: loading a library in a forked quiz is not safe
        self.banks.refresh()

    def run(self) -> int:
        """Serve the server's requests until it goes away; the exit status.

        Quizzes are reaped by the SIGCHLD handler, between any two steps of the
        parent's own work (even while it reads a bank again), so an exit status
        reaches the server at once; SIGCHLD is held back while a quiz is being
        forked and registered, so that its "started" always comes before its "exited".
        """
        signal.signal(signal.SIGCHLD, lambda number, frame: self._reap())
        wire.send(self.control, {"op": "ready", "pid": self.pid})
        while self._request():
            pass
        return 0

    def _request(self) -> bool:
        """Handle one message from the server; False once the server has gone."""
        try:
            received = wire.receive(self.control)
        except wire.WireError:
            return True  # nothing sensible to do with it; the server never sends one
        except ConnectionError:
            return False
        if received is None:
            return False
        message, fds = received
        if message["op"] != "start" or len(fds) != 3:
            wire.close_all(fds)
            return True
        self._fork(message, fds)
        return True

    def _fork(self, message: dict[str, object], streams: list[int]) -> None:
        request = message.get("id")
        changes = message.get("env")
        if not isinstance(changes, dict):
            self._refuse(request, streams, "a start request without an environment")
            return
        if (threads := _thread_count()) != 1:
            self._refuse(request, streams, f"the quiz starter has {threads} threads, not one")
            return
        if note := self.banks.refresh():
            wire.send(self.control, {"op": "note", "text": note})
        _flush()
        signal.pthread_sigmask(signal.SIG_BLOCK, {signal.SIGCHLD})
        try:
            try:
                pid = os.fork()
            except OSError as error:  # out of memory, or of processes
                self._refuse(request, streams, error.strerror or str(error))
                return
            if pid == 0:
                self._become_quiz(streams, changes)
            wire.close_all(streams)  # the quiz has them now; the parent must not keep them open
            self.quizzes[pid] = request
            pidfd = _pidfd(pid)
            try:
                wire.send(self.control, {"op": "started", "id": request, "pid": pid}, pidfd)
            finally:
                wire.close_all(pidfd)
        finally:
            signal.pthread_sigmask(signal.SIG_UNBLOCK, {signal.SIGCHLD})

    def _refuse(self, request: object, streams: list[int], error: str) -> None:
        wire.close_all(streams)
        wire.send(self.control, {"op": "failed", "id": request, "error": error})

    def _reap(self) -> None:
        """Collect every quiz that has exited, and tell the server its status."""
        while self.quizzes:
            try:
                pid, status = os.waitpid(-1, os.WNOHANG)
            except ChildProcessError:
                return
            if pid == 0:
                return
            request = self.quizzes.pop(pid, None)
            code = os.waitstatus_to_exitcode(status)
            wire.send(self.control, {"op": "exited", "id": request, "status": code})

    def _become_quiz(self, streams: list[int], changes: dict[str, object]) -> NoReturn:
        """In the forked child: shed the parent, take the tab's streams, run the quiz, exit."""
        status = EXIT_INTERNAL
        try:
            _die_with_parent(self.pid)
            _name_process("quizapp-quiz")
            for number, handler in _FRESH_HANDLERS.items():
                signal.signal(number, handler)
            signal.pthread_sigmask(signal.SIG_SETMASK, set())
            self.control.close()
            for target, fd in enumerate(streams):
                os.dup2(fd, target)
            wire.close_all([fd for fd in streams if fd > 2])
            for name, value in changes.items():
                if value is None:
                    os.environ.pop(name, None)
                else:
                    os.environ[name] = str(value)
            sys.argv = ["quizapp", *self.argv]

            from quizapp.cli import main

            status = main(self.argv)
        except BaseException as error:  # noqa: BLE001 - never return into the parent's loop
            with suppress(Exception):
                echo(f"quizapp: error: the quiz could not start ({error})", err=True)
        finally:
            _flush()
            os._exit(status)  # the parent's atexit handlers and buffers are not the quiz's


_FRESH_HANDLERS: dict[int, Any] = {
    signal.SIGCHLD: signal.SIG_DFL,
    signal.SIGINT: signal.default_int_handler,
    signal.SIGTERM: signal.SIG_DFL,
    signal.SIGHUP: signal.SIG_DFL,
    signal.SIGPIPE: signal.SIG_IGN,
}
"""The handlers a fresh `python` starts with, for the signals the parent changes or might."""


def _die_with_parent(parent: int) -> None:
    """Be killed (SIGKILL) when the parent dies; exit now if it already has."""
    call = prctl()
    if call is not None:
        call(PR_SET_PDEATHSIG, signal.SIGKILL, 0, 0, 0)
    if os.getppid() != parent:  # the parent died before the line above took hold
        os._exit(1)


def _name_process(name: str) -> None:
    """What `ps` and `top` call this process (15 characters at most)."""
    with suppress(OSError):
        Path("/proc/self/comm").write_text(name)


def _thread_count() -> int:
    """Threads of this process as the kernel counts them (C threads too), where it says."""
    try:
        return len(os.listdir("/proc/self/task"))
    except OSError:
        import threading

        return threading.active_count()


def _pidfd(pid: int) -> list[int]:
    """A pidfd for the quiz just forked (it cannot have been reaped yet), if the kernel has them."""
    try:
        return [os.pidfd_open(pid)]
    except (AttributeError, OSError):
        return []


def _flush() -> None:
    """Write out what the standard streams hold, so that no fork copies it."""
    for stream in (sys.stdout, sys.stderr):
        with suppress(Exception):
            stream.flush()


def main(argv: Sequence[str]) -> int:
    """`--control-fd N QUIZ-ARGUMENTS`: warm up, then fork quizzes until the server goes."""
    if len(argv) < 2 or argv[0] != "--control-fd" or not argv[1].isdigit():
        echo("quizapp: error: the quiz starter is started by `quizapp serve`", err=True)
        return 2
    control = socket.socket(fileno=int(argv[1]))
    control.setblocking(True)
    signal.signal(signal.SIGINT, signal.SIG_IGN)  # Ctrl+C is the server's to handle
    _name_process("quizapp-parent")
    parent = Parent(control, argv[2:])
    parent.warm()
    if (threads := _thread_count()) != 1:
        echo(f"quizapp: error: the quiz starter has {threads} threads after warming", err=True)
        return 1
    try:
        return parent.run()
    except ConnectionError:  # the server went away while being told something
        return 0


if __name__ == "__main__":
    sys.exit(main(sys.argv[1:]))
