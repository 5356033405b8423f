"""A real PostgreSQL server for tests: initdb into a temporary folder, pg_ctl on a free port.

No mocks of the database: the store suite, the two-guard tests and the outage tests talk to
this server. It needs Debian's `postgresql` package (FACTS.md; `.ci/run` installs it). When
the binaries are missing, tests that need them are skipped on a developer's machine and FAIL
under CI=true, so a CI run can never pass without having run them.

PostgreSQL refuses to run as root, so as root the cluster belongs to the `postgres` user
(`runuser`), as Debian's own scripts do. The socket lives in the cluster folder; clients use
TCP on 127.0.0.1 with `trust` authentication (loopback only, thrown away after the test).
`fsync=off` only skips flushing the OS cache (the machine does not crash in a test);
`synchronous_commit` stays on: with it off, an immediate stop loses commits the client was
told had succeeded, which is exactly what the outage tests must be able to catch.
"""

from __future__ import annotations

import glob
import os
import shutil
import socket
import subprocess
import tempfile
import uuid
from pathlib import Path

import pytest


def pg_bin() -> Path | None:
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


def require_pg() -> Path:
    path = pg_bin()
    if path is None:
        message = "PostgreSQL server binaries not found (apt-get install postgresql)"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message + " - required under CI=true")
        pytest.skip(message)
    return path


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class PgServer:
    """One throw-away cluster. `url(db)` for a database in it; `stop()`/`start()` to take it
    down and bring it back on the same port (the outage tests)."""

    def __init__(self, bindir: Path):
        self.bindir = bindir
        self.dir = Path(tempfile.mkdtemp(prefix="bsm-guard-pg-"))
        self.data = self.dir / "data"
        self.port = free_port()
        self._as_root = os.geteuid() == 0
        if self._as_root:
            shutil.chown(self.dir, "postgres", "postgres")
        self._run("initdb", "-D", str(self.data), "-U", "postgres", "-A", "trust",
                  "-E", "UTF8", "--no-sync")

    def _run(self, tool: str, *args: str, check: bool = True) -> subprocess.CompletedProcess:
        cmd = [str(self.bindir / tool), *args]
        if self._as_root:
            cmd = ["runuser", "-u", "postgres", "--", *cmd]
        return subprocess.run(cmd, capture_output=True, text=True, check=check, timeout=120)

    def start(self) -> None:
        opts = (f"-p {self.port} -k {self.dir} -c listen_addresses=127.0.0.1 -c fsync=off"
                f" -c max_connections=300")
        self._run("pg_ctl", "-D", str(self.data), "-w", "-t", "60", "-l",
                  str(self.dir / "server.log"), "-o", opts, "start")

    def stop(self, mode: str = "fast") -> None:
        self._run("pg_ctl", "-D", str(self.data), "-w", "-m", mode, "stop", check=False)

    def url(self, db: str = "postgres") -> str:
        return f"postgresql://postgres@127.0.0.1:{self.port}/{db}"

    def new_database(self) -> str:
        import psycopg

        name = "t_" + uuid.uuid4().hex[:12]
        with psycopg.connect(self.url(), autocommit=True) as conn:
            conn.execute(f"CREATE DATABASE {name}")
        return self.url(name)

    def destroy(self) -> None:
        self.stop("immediate")
        shutil.rmtree(self.dir, ignore_errors=True)


def start_server() -> PgServer:
    server = PgServer(require_pg())
    server.start()
    return server
