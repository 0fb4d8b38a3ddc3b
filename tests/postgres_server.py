"""A throwaway PostgreSQL cluster for the tests and for CI: a real server, never a mock.

A PostgreSQL store is only tested honestly against a real server, and a shared
development server would leak state between runs. So each run gets its own
cluster in a temporary folder, tuned for speed (no fsync, trust
authentication) because its data is thrown away.

Only the standard library is needed to start and stop a cluster, because
`.ci/run` starts one before its virtual environment has psycopg; psycopg is
imported only to create and drop databases.

Command line, for CI::

    python tests/postgres_server.py start --state FILE   # prints the admin URL
    python tests/postgres_server.py stop --state FILE
    python tests/postgres_server.py bindir               # where initdb is, or why not
"""

from __future__ import annotations

import argparse
import atexit
import contextlib
import glob
import json
import os
import shlex
import shutil
import socket
import subprocess
import sys
import tempfile
from pathlib import Path
from urllib.parse import quote, urlsplit, urlunsplit

SUPERUSER = "quizapp"
SYSTEM_USER = "postgres"
"""Who runs the server when we are root: initdb and postgres refuse to run as root."""
TIMEOUT = 120
"""Seconds for one initdb or pg_ctl call; a healthy one takes a few."""
INITDB_OPTIONS = ("-A", "trust", "-E", "UTF8", "--no-sync", "-U", SUPERUSER)
"""No passwords (loopback only, for one test run) and no syncing (the data is thrown away)."""
SERVER_SETTINGS = (
    "-c fsync=off -c synchronous_commit=off -c full_page_writes=off -c max_connections=400"
)
"""Durability is pointless for data thrown away; 400 connections leave room for load tests."""


class PostgresUnavailable(Exception):
    """No server could be started here; `reason` says why, for a skip message."""

    def __init__(self, reason: str) -> None:
        super().__init__(reason)
        self.reason = reason


def find_bindir() -> Path:
    """The folder holding initdb and pg_ctl; Debian keeps them off PATH, hence the search."""
    candidates: list[Path] = []
    with contextlib.suppress(OSError, subprocess.SubprocessError):
        out = subprocess.run(
            ["pg_config", "--bindir"], capture_output=True, text=True, timeout=30, check=True
        ).stdout.strip()
        if out:
            candidates.append(Path(out))
    versions = [Path(p) for p in glob.glob("/usr/lib/postgresql/*/bin")]
    versions.sort(key=lambda p: [int(x) if x.isdigit() else 0 for x in p.parent.name.split(".")])
    candidates += reversed(versions)  # newest first: 16 before 15, not "9" before "15"
    on_path = shutil.which("initdb")
    if on_path:
        candidates.append(Path(on_path).resolve().parent)
    for folder in candidates:
        # pg_config from libpq-dev alone points at a bindir without a server.
        if (folder / "initdb").is_file() and (folder / "pg_ctl").is_file():
            return folder
    raise PostgresUnavailable(
        "no PostgreSQL server binaries found (looked in `pg_config --bindir`, "
        "/usr/lib/postgresql/*/bin and PATH for initdb and pg_ctl); "
        "install the `postgresql` package"
    )


def free_port() -> int:
    """A loopback port nobody listens on now (the kernel's pick for port 0)."""
    with socket.socket(socket.AF_INET, socket.SOCK_STREAM) as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def database_url(admin_url: str, dbname: str) -> str:
    """`admin_url` pointed at another database, keeping user, host and query."""
    parts = urlsplit(admin_url)
    return urlunsplit(parts._replace(path="/" + quote(dbname)))


def create_database(admin_url: str, name: str) -> None:
    """CREATE DATABASE through the server at `admin_url` (outside a transaction, as it must be)."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(sql.SQL("CREATE DATABASE {}").format(sql.Identifier(name)))


def drop_database(admin_url: str, name: str) -> None:
    """DROP DATABASE, forcing out connections a failed test left open."""
    import psycopg
    from psycopg import sql

    with psycopg.connect(admin_url, autocommit=True) as conn:
        conn.execute(
            sql.SQL("DROP DATABASE IF EXISTS {} WITH (FORCE)").format(sql.Identifier(name))
        )


class PostgresAdmin:
    """A running server known by its admin URL: enough to make and drop databases."""

    def __init__(self, admin_url: str) -> None:
        self.admin_url = admin_url

    def url(self, dbname: str) -> str:
        return database_url(self.admin_url, dbname)

    def create_database(self, name: str) -> None:
        create_database(self.admin_url, name)

    def drop_database(self, name: str) -> None:
        drop_database(self.admin_url, name)


class PostgresServer(PostgresAdmin):
    """A cluster of our own in a temporary folder: start, stop and restart it at will.

    `stop_server()` and `start_server()` keep the folder, so fault tests can take
    the server away mid-round and bring the same data back.
    """

    def __init__(
        self,
        bindir: Path | None = None,
        *,
        folder: Path | None = None,
        port: int | None = None,
        stop_at_exit: bool = True,
    ) -> None:
        self.bindir = bindir
        self.folder = folder
        self.port = port or 0
        self.pid: int | None = None
        self.stop_at_exit = stop_at_exit
        super().__init__("")

    # Paths inside the folder; short, because a socket path is limited to ~100 bytes.
    @property
    def datadir(self) -> Path:
        return self._folder() / "data"

    @property
    def socketdir(self) -> Path:
        return self._folder() / "sock"

    @property
    def logfile(self) -> Path:
        return self._folder() / "server.log"

    def _folder(self) -> Path:
        if self.folder is None:
            raise RuntimeError("the server has not been started")
        return self.folder

    def url(self, dbname: str) -> str:
        return f"postgresql://{SUPERUSER}@127.0.0.1:{self.port}/{quote(dbname)}"

    def socket_url(self, dbname: str) -> str:
        host = quote(str(self.socketdir), safe="")
        return f"postgresql://{SUPERUSER}@/{quote(dbname)}?host={host}&port={self.port}"

    def start(self) -> PostgresServer:
        """initdb a fresh cluster and start it; PostgresUnavailable says why not."""
        self.bindir = self.bindir or find_bindir()
        as_root = os.geteuid() == 0
        if as_root:
            _check_system_user()
        # Under root the server runs as `postgres`, which cannot enter root's private
        # TMPDIR; /tmp is open to everyone.
        self.folder = Path(tempfile.mkdtemp(prefix="quizapp-pg-", dir="/tmp" if as_root else None))
        self.port = free_port()
        self.admin_url = self.url("postgres")
        if self.stop_at_exit:
            atexit.register(self.stop)  # a backstop for a run that dies before teardown
        try:
            self.socketdir.mkdir()
            for path in (self.folder, self.socketdir):
                # World-traversable, so a client of any user can reach the socket.
                path.chmod(0o755)
                if as_root:
                    shutil.chown(path, SYSTEM_USER, SYSTEM_USER)
            self._run("initdb", ["-D", str(self.datadir), *INITDB_OPTIONS])
            self.start_server()
        except BaseException:
            self.stop()
            raise
        return self

    def start_server(self) -> None:
        """Start (or restart) the cluster on its port; returns once it accepts connections."""
        options = f"-k {self.socketdir} -h 127.0.0.1 -p {self.port} {SERVER_SETTINGS}"
        try:
            self._run(
                "pg_ctl",
                ["start", "-w", "-t", "60", "-D", str(self.datadir), "-l", str(self.logfile)]
                + ["-o", options],
            )
        except PostgresUnavailable as error:
            raise PostgresUnavailable(f"{error.reason}\nserver log:\n{self._log_tail()}") from None
        self.pid = _postmaster_pid(self.datadir)

    def stop_server(self, mode: str = "fast") -> None:
        """Take the server away, cutting off every client, keeping its data for `start_server`.

        "fast" keeps every commit. "immediate" is a crash: with synchronous_commit=off
        the last fraction of a second of commits is lost, as on a real crashed server.
        """
        self._run("pg_ctl", ["stop", "-w", "-m", mode, "-D", str(self.datadir)])
        self.pid = None

    def stop(self) -> None:
        """Stop the server if it runs and remove its folder; safe to call twice."""
        if self.folder is None:
            return
        if (self.datadir / "postmaster.pid").exists():
            with contextlib.suppress(PostgresUnavailable):
                self.stop_server("immediate")  # its data is thrown away next
        shutil.rmtree(self.folder, ignore_errors=True)
        self.folder = None
        self.pid = None
        atexit.unregister(self.stop)

    def _run(self, program: str, args: list[str]) -> None:
        """Run a server program, as `postgres` when we are root; its output becomes the reason."""
        command = [str(self._bindir() / program), *args]
        if os.geteuid() == 0:
            if shutil.which("runuser"):
                command = ["runuser", "-u", SYSTEM_USER, "--", *command]
            else:
                command = ["su", SYSTEM_USER, "-s", "/bin/sh", "-c", shlex.join(command)]
        try:
            done = subprocess.run(
                command,
                cwd=self.folder,  # the system user may not be able to enter our own cwd
                stdin=subprocess.DEVNULL,
                stdout=subprocess.PIPE,
                stderr=subprocess.STDOUT,
                text=True,
                timeout=TIMEOUT,
            )
        except (OSError, subprocess.TimeoutExpired) as error:
            raise PostgresUnavailable(f"{program} could not run: {error}") from None
        if done.returncode != 0:
            lines = "\n".join(done.stdout.strip().splitlines()[:12])
            raise PostgresUnavailable(f"{program} failed (exit {done.returncode}):\n{lines}")

    def _bindir(self) -> Path:
        if self.bindir is None:
            raise RuntimeError("the server has not been started")
        return self.bindir

    def _log_tail(self) -> str:
        try:
            return "\n".join(self.logfile.read_text(errors="replace").splitlines()[-12:])
        except OSError:
            return "(no log)"

    def state(self) -> dict[str, object]:
        """What `stop --state` needs to find this cluster again from another process."""
        return {
            "url": self.admin_url,
            "folder": str(self.folder),
            "port": self.port,
            "pid": self.pid,
            "bindir": str(self.bindir),
        }

    @classmethod
    def from_state(cls, state: dict[str, object]) -> PostgresServer:
        server = cls(
            Path(str(state["bindir"])),
            folder=Path(str(state["folder"])),
            port=int(str(state["port"])),
            stop_at_exit=False,
        )
        server.admin_url = str(state["url"])
        return server


def _check_system_user() -> None:
    import pwd

    try:
        pwd.getpwnam(SYSTEM_USER)
    except KeyError:
        raise PostgresUnavailable(
            f"running as root, and initdb refuses root, but there is no {SYSTEM_USER!r} "
            "system user to run the server as"
        ) from None


def _postmaster_pid(datadir: Path) -> int | None:
    try:
        return int((datadir / "postmaster.pid").read_text().splitlines()[0])
    except (OSError, ValueError, IndexError):
        return None


def start_throwaway(*, stop_at_exit: bool = True) -> PostgresServer:
    """A started cluster of our own, or PostgresUnavailable with a reason a human can act on."""
    return PostgresServer(stop_at_exit=stop_at_exit).start()


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    sub = parser.add_subparsers(dest="command", required=True)
    for name in ("start", "stop"):
        sub.add_parser(name).add_argument("--state", type=Path, required=True)
    sub.add_parser("bindir")
    args = parser.parse_args(argv)
    try:
        if args.command == "bindir":
            print(find_bindir())
        elif args.command == "start":
            # Left running for the CI job, so no atexit stop in this mode.
            server = start_throwaway(stop_at_exit=False)
            try:
                args.state.write_text(json.dumps(server.state()), encoding="utf-8")
            except BaseException:
                server.stop()
                raise
            print(server.admin_url)
        else:
            PostgresServer.from_state(json.loads(args.state.read_text(encoding="utf-8"))).stop()
            args.state.unlink(missing_ok=True)
    except PostgresUnavailable as error:
        print(f"postgres_server: {error.reason}", file=sys.stderr)
        return 1
    return 0


if __name__ == "__main__":
    sys.exit(main())
