"""`quizapp serve`: the quiz in a room of browsers, on textual-serve's foundations.

Every browser tab gets its own copy of the app, in a process of its own;
all of them write to the one results store in the data folder, so the class
view and the report see the whole room. On Linux each tab's quiz is forked
from a pre-warmed parent that has already imported Textual and read the banks,
so a room of tabs opens in the time a few fresh interpreters would take.
Anyone who can reach the port can open a tab, so every tab is treated as hostile:

* `command`: the quizzes' command lines (the parent's, and one per tab's, shell-quoted);
* `address`: where to listen, and the address to hand out;
* `limits`: what one tab may send and cost (input, screen size, tabs at once);
* `children`: quiz processes that die with the server and never hang it;
* `forked`: the pre-warmed parent, as the server sees it (started, watched, replaced);
* `zygote`: the pre-warmed parent itself (the only part that imports Textual);
* `wire`: what the server and the parent say to each other;
* `session`: one tab's quiz, fed only what the limits allow;
* `room`: the quizzes running now;
* `notices`: what a tab is told when it gets no quiz;
* `server`: the page, its files, the websocket, and an orderly stop;
* `launch`: `serve`, which puts them together.

Only `serve` imports aiohttp and textual-serve, so the command line can
build the commands without them; the server never imports Textual.
"""

from __future__ import annotations

from typing import TYPE_CHECKING

from quizapp._lazy import lazy_names

_HOMES = {
    "serve": "launch",
    "child_command": "command",
    "is_loopback": "address",
    "public_url": "address",
    "DEFAULT_MAX_SESSIONS": "limits",
}
__getattr__ = lazy_names(__name__, _HOMES)
"""Names load on first use: every start of the command line reads `limits`, and must not
pay for sockets and logging."""

if TYPE_CHECKING:
    from quizapp.serve.address import is_loopback, public_url
    from quizapp.serve.command import child_command
    from quizapp.serve.launch import serve
    from quizapp.serve.limits import DEFAULT_MAX_SESSIONS

__all__ = ["DEFAULT_MAX_SESSIONS", "child_command", "is_loopback", "public_url", "serve"]
