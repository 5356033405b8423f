"""PostgreSQL backend: one database shared by a team's guards, through psycopg 3 and a pool.

Each guard holds a small pool (psycopg_pool), so concurrent sends do not queue on one
connection. Connections are not checked before use (that is a round trip per call): a
connection a server restart broke fails one call, which the caller queues and replays, and
the pool discards it.

Round trips are what a send pays for (measured with bench/bench_team.py on a busy 2-core
machine, each one costs a context switch to the server and back): a statement on its own
runs in autocommit, atomic by itself, instead of BEGIN / statement / COMMIT. Every statement runs with a server-side `statement_timeout` and
every connection attempt with a `connect_timeout`, and taking a connection from the pool has
its own timeout: a slow or stopped server turns into an exception within seconds, which the
caller (`proxy.store.resilient`) answers by queueing the record locally.

Transactions run at READ COMMITTED; the guarantees the team needs come from constraints (one
review request per order, one record per uid) and single-statement updates, not from
isolation levels.
"""

from __future__ import annotations

import time
from contextlib import contextmanager
from typing import Callable

import psycopg
from psycopg.rows import dict_row
from psycopg_pool import ConnectionPool, PoolTimeout

from proxy.store.base import PRUNE_EVERY, SQLStore, StoreError, StoreUnavailable
from proxy.store.migrations import POSTGRES, statements

MIGRATIONS = POSTGRES
MIGRATION_LOCK = 0x62736D67  # pg_advisory_xact_lock key: "bsmg"


class PostgresStore(SQLStore):
    backend = "postgresql"

    def __init__(self, url: str, *, retention_days: int = 90, max_text_mb: float = 200,
                 pool_size: int = 3, timeout: float = 3.0,
                 clock: Callable[[], float] = time.time):
        super().__init__(retention_days=retention_days, max_text_mb=max_text_mb, clock=clock)
        self.url = url
        self._pool = ConnectionPool(
            url, min_size=1, max_size=pool_size, timeout=timeout, open=False,
            name="bsm-guard",
            kwargs={"autocommit": True, "row_factory": dict_row,
                    "connect_timeout": max(1, int(timeout)),
                    "options": f"-c statement_timeout={int(timeout * 1000)}",
                    "application_name": "bsm-guard"})
        try:
            self._pool.open(wait=True, timeout=timeout)
            self._migrate()
            self.prune()
        except (psycopg.OperationalError, PoolTimeout, OSError) as exc:
            self._pool.close()
            raise StoreUnavailable(f"{redact(url)}: {first_line(exc)}") from None
        except psycopg.Error as exc:
            self._pool.close()
            raise StoreError(f"{redact(url)}: {first_line(exc)}") from None
        except StoreError:
            self._pool.close()
            raise

    @property
    def schema_version(self) -> int:
        return self._read("SELECT version FROM bsm_guard_schema")[0]["version"]

    def _migrate(self) -> None:
        with self._pool.connection() as conn, conn.transaction():
            conn.execute("SELECT pg_advisory_xact_lock(%s)", (MIGRATION_LOCK,))
            conn.execute("CREATE TABLE IF NOT EXISTS bsm_guard_schema (version INTEGER NOT NULL)")
            row = conn.execute("SELECT version FROM bsm_guard_schema").fetchone()
            if row is None:
                conn.execute("INSERT INTO bsm_guard_schema VALUES (0)")
            version = row["version"] if row else 0
            if version > len(MIGRATIONS):
                raise StoreError(f"{redact(self.url)} was written by a newer bsm-guard (schema "
                                 f"{version}, this version knows {len(MIGRATIONS)})")
            for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                for statement in statements(script):
                    conn.execute(statement)
                conn.execute("UPDATE bsm_guard_schema SET version = %s", (number,))

    @contextmanager
    def _tx(self):
        with self._pool.connection() as conn, conn.transaction():
            def run(sql: str, params: tuple = ()) -> list[dict]:
                cursor = conn.execute(sql.replace("?", "%s"), params)
                return cursor.fetchall() if cursor.description else []

            yield run

    def _read(self, sql: str, params: tuple = ()) -> list[dict]:
        with self._pool.connection() as conn:
            cursor = conn.execute(sql.replace("?", "%s"), params)
            return cursor.fetchall() if cursor.description else []

    def _write(self, sql: str, params: tuple = ()) -> list[dict]:
        rows = self._read(sql, params)  # one statement, autocommit: its own transaction
        self._writes += 1
        if self._writes % PRUNE_EVERY == 0:
            self.prune()
        return rows

    def close(self) -> None:
        self._pool.close()


def redact(url: str) -> str:
    """The URL without its password, for messages and status."""
    from urllib.parse import urlsplit, urlunsplit

    parts = urlsplit(url)
    if parts.password:
        netloc = parts.netloc.replace(f":{parts.password}@", ":***@")
        return urlunsplit(parts._replace(netloc=netloc))
    return url


def first_line(exc: BaseException) -> str:
    return (str(exc).strip().splitlines() or [type(exc).__name__])[0]
