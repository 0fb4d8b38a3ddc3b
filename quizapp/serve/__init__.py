"""`quizapp serve`: the quiz in a room of browsers, with textual-serve.

Every browser tab gets its own copy of the app (textual-serve starts one
process per connection); all of them write to the one results store in the
data folder, so the class view and the report see the whole room.

textual-serve runs its command through a shell, so the command is built
with `shlex.quote` around every part: a bank path or option containing
spaces, quotes or `; rm -rf ~` is passed as data, never run.
"""

from __future__ import annotations

import argparse
import ipaddress
import shlex
import socket
import sys
from collections.abc import Sequence
from pathlib import Path

LOOPBACK_HOSTS = ("127.0.0.1", "localhost", "::1")


def is_loopback(host: str) -> bool:
    """True for addresses only this machine can reach."""
    if host in LOOPBACK_HOSTS:
        return True
    try:
        return ipaddress.ip_address(host).is_loopback
    except ValueError:
        return False


def child_command(args: argparse.Namespace, data_dir: Path, python: str = sys.executable) -> str:
    """The shell command textual-serve runs for each browser: every part quoted.

    `exec` makes the quiz replace the shell, so stopping it stops the quiz.
    """
    parts: list[str] = [python, "-m", "quizapp"]
    parts += [str(Path(p).resolve()) for p in args.paths]
    parts += ["--data-dir", str(data_dir.resolve()), "--mode", args.mode, "--ask-name"]
    parts += ["--max-bank-mb", str(args.max_bank_mb), "--scoring", args.scoring]
    if args.seed is not None:
        parts += ["--seed", str(args.seed)]
    if args.no_shuffle:
        parts.append("--no-shuffle")
    if args.limit is not None:
        parts += ["--limit", str(args.limit)]
    if args.time_limit is not None:
        parts += ["--time-limit", str(args.time_limit)]
    if args.streak_bonus:
        parts.append("--streak-bonus")
    for topic in args.topic:
        parts += ["--topic", topic]
    return "exec " + shlex.join(parts)


def public_url(host: str, port: int) -> str:
    """The address other machines use; for 0.0.0.0, this machine's own address."""
    if host in ("0.0.0.0", "::", ""):
        host = _own_address()
    if ":" in host and not host.startswith("["):
        host = f"[{host}]"
    return f"http://{host}:{port}"


def _own_address() -> str:
    """This machine's address on the local network (no packet is sent)."""
    try:
        with socket.socket(socket.AF_INET, socket.SOCK_DGRAM) as probe:
            probe.connect(("192.0.2.1", 9))  # TEST-NET-1: routing decides the address
            return str(probe.getsockname()[0])
    except OSError:
        return socket.gethostname()


def serve(args: argparse.Namespace, data_dir: Path, out: Sequence[object] = ()) -> int:
    """Run the web server until Ctrl+C; returns the exit status."""
    from textual_serve.server import Server

    command = child_command(args, data_dir)
    url = public_url(args.host, args.port) if not is_loopback(args.host) else None
    if url:
        print(
            f"quizapp: warning: listening on {args.host}: anyone who can reach port {args.port} "
            "of this machine can take the quiz and add results to the class's store.",
            file=sys.stderr,
        )

    class QuizServer(Server):
        """textual-serve's server, announcing itself once it is listening."""

        async def on_startup(self, app: object) -> None:
            print(
                f"Serving the quiz at {self.public_url} (results in {data_dir}); Ctrl+C stops it.",
                flush=True,
            )

    server = QuizServer(command, host=args.host, port=args.port, title="quizapp", public_url=url)
    try:
        server.serve()
    except OSError as error:
        print(
            f"quizapp: error: cannot listen on {args.host}:{args.port}: {error.strerror or error}",
            file=sys.stderr,
        )
        return 1
    return 0
