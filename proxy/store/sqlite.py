"""SQLite backend: the embedded default, one file under the data dir.

One connection guarded by a lock serves the guard's threads; other processes (`bsm-guard
history`, `allow`) open the same file, which WAL mode makes safe. Every write is one
`BEGIN IMMEDIATE` transaction, so concurrent sends cannot lose a record.

The file is created 0600 before SQLite opens it: SQLite gives the `-wal` and `-shm` files the
database file's mode, so creating it private first keeps all three private (chmod after the
fact left the other two 0644). The busy timeout is short (2 s): a write lock held by another
process must not hold a send for long; the caller (`proxy.store.resilient`) queues the record
instead.
"""

from __future__ import annotations

import os
import sqlite3
import threading
import time
from contextlib import contextmanager
from pathlib import Path
from typing import Callable

from proxy.store.base import SQLStore, StoreError, StoreUnavailable
from proxy.store.migrations import SQLITE, statements

MIGRATIONS = SQLITE


class SQLiteStore(SQLStore):
    backend = "sqlite"

    def __init__(self, path: Path, *, retention_days: int = 90, max_text_mb: float = 200,
                 busy_timeout: float = 2.0, clock: Callable[[], float] = time.time):
        super().__init__(retention_days=retention_days, max_text_mb=max_text_mb, clock=clock)
        self.path = Path(path)
        self.url = f"sqlite:///{self.path}"
        self._lock = threading.Lock()
        try:
            os.close(os.open(self.path, os.O_RDWR | os.O_CREAT, 0o600))
        except OSError as exc:
            raise StoreError(f"{self.path}: {exc.strerror or exc}") from None
        self._db = sqlite3.connect(self.path, timeout=busy_timeout, check_same_thread=False,
                                   isolation_level=None)  # explicit BEGIN/COMMIT below
        self._db.row_factory = sqlite3.Row
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute(f"PRAGMA busy_timeout={int(busy_timeout * 1000)}")
            self._migrate()
            self.prune()
        except sqlite3.OperationalError as exc:
            self._db.close()
            if _transient(exc):  # the guard starts, queues, and opens the file later
                raise StoreUnavailable(f"{self.path}: {exc}") from None
            raise StoreError(f"{self.path}: {exc}") from None
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: {exc}") from None

    @property
    def schema_version(self) -> int:
        with self._lock:
            return self._db.execute("PRAGMA user_version").fetchone()[0]

    def _migrate(self) -> None:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                version = self._db.execute("PRAGMA user_version").fetchone()[0]
                if version > len(MIGRATIONS):
                    raise StoreError(f"{self.path} was written by a newer bsm-guard (schema "
                                     f"{version}, this version knows {len(MIGRATIONS)})")
                for number, script in enumerate(MIGRATIONS[version:], start=version + 1):
                    for statement in statements(script):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    @contextmanager
    def _tx(self):
        def run(sql: str, params: tuple = ()) -> list[dict]:
            return [dict(row) for row in self._db.execute(sql, params).fetchall()]

        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                yield run
                self._db.execute("COMMIT")
            except BaseException:
                if self._db.in_transaction:
                    self._db.execute("ROLLBACK")
                raise

    def _read(self, sql: str, params: tuple = ()) -> list[dict]:
        # Reads need no write lock (WAL): a lock held by another process does not stop them.
        with self._lock:
            return [dict(row) for row in self._db.execute(sql, params).fetchall()]

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _transient(exc: sqlite3.OperationalError) -> bool:
    """A lock held by another process or a full disk: gone in a while, unlike a broken file."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text or "full" in text
