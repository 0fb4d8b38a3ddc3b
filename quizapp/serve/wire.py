"""What the server and the pre-warmed parent say to each other, and how.

One `socketpair(AF_UNIX, SOCK_SEQPACKET)`: the server keeps one end, the
parent inherits the other at start. Nothing else can reach it (it has no
name in the file system or the abstract namespace), so nothing but the
server can ask the parent for a quiz. SOCK_SEQPACKET keeps each message
whole, with the file descriptors sent along with it (`SCM_RIGHTS`).

Each message is a JSON object; `op` says what it is:

* parent → server `ready` {pid, banks}: warmed, and ready to fork;
* server → parent `start` {id, env} + the quiz's stdin, stdout and stderr:
  fork a quiz on these three streams, with these environment variables
  changed (the tab's screen size);
* parent → server `started` {id, pid} + a pidfd of the quiz: the server
  signals the quiz through the pidfd, which can never name another process;
* parent → server `failed` {id, error}: no quiz (fork failed);
* parent → server `exited` {id, status}: the quiz has exited and been
  reaped; `status` as `Popen.returncode` (negative: the signal that ended it);
* parent → server `note` {text}: a line for the teacher's terminal.

Plain stdlib: both sides import it, and neither needs Textual for it.
"""

from __future__ import annotations

import json
import os
import socket
from contextlib import suppress
from typing import Any

MAX_MESSAGE_BYTES = 256 * 1024
"""Largest message read; a message is a few hundred bytes (the environment sent is only
what differs per tab)."""
MAX_FDS = 3
"""A quiz's three streams."""


class WireError(Exception):
    """A message that is not one (cut short, not JSON, too many descriptors)."""


def pair() -> tuple[socket.socket, socket.socket]:
    """The server's end and the parent's end (inheritable, for the parent to be started with)."""
    ours, theirs = socket.socketpair(socket.AF_UNIX, socket.SOCK_SEQPACKET)
    theirs.set_inheritable(True)
    return ours, theirs


def send(channel: socket.socket, message: dict[str, Any], fds: list[int] | None = None) -> None:
    """Send one message (and descriptors); raises BlockingIOError if a non-blocking end is full."""
    data = json.dumps(message, separators=(",", ":")).encode("utf-8")
    if fds:
        socket.send_fds(channel, [data], fds)
    else:
        channel.send(data)


def receive(channel: socket.socket) -> tuple[dict[str, Any], list[int]] | None:
    """The next message and the descriptors that came with it; None once the other end closed.

    Raises BlockingIOError on a non-blocking end with nothing to read, and
    WireError (having closed any descriptors received) for a malformed message.
    """
    data, fds, flags, _ = socket.recv_fds(channel, MAX_MESSAGE_BYTES, MAX_FDS)
    if not data and not fds:
        return None
    try:
        if flags & (socket.MSG_TRUNC | socket.MSG_CTRUNC):
            raise WireError("a message was cut short")
        message = json.loads(data)
        if not isinstance(message, dict) or not isinstance(message.get("op"), str):
            raise WireError("a message without an op")
    except (WireError, ValueError) as error:
        close_all(fds)
        raise WireError(str(error)) from None
    return message, fds


def close_all(fds: list[int]) -> None:
    """Close descriptors nobody will use, whatever state they are in."""
    for fd in fds:
        with suppress(OSError):
            os.close(fd)
