"""SQLite backend: the embedded default, one file under the data dir.

One connection guarded by a lock serves the guard's threads; other processes (`bsm-guard
history`, `allow`) open the same file, which WAL mode makes safe. Every write is one
`BEGIN IMMEDIATE` transaction, so concurrent sends cannot lose a record.

The file is created 0600 before SQLite opens it: SQLite gives the `-wal` and `-shm` files the
database file's mode, so creating it private first keeps all three private (chmod after the
fact left the other two 0644). The busy timeout is short (2 s): a write lock held by another
process must not hold a send for long; the caller (`proxy.store.resilient`) queues the record
instead.

SQLite maps the `-shm` file (the WAL index) shared and writable, and writes into that memory
on every transaction, reads included. If the file becomes immutable (`chattr +i`) or
append-only while mapped, the kernel answers the next write to a mapped page with SIGBUS and
the whole guard dies; no Python code can catch it. So before SQLite touches the database (each
transaction, each read, closing) `shm_fault` asks the kernel for the `-shm`'s and `-wal`'s
inode flags and checks they can be written; if not, the call raises `StoreUnavailable` naming
the file, and the guard queues the record durably until the file is writable again. A
connection whose `-shm` cannot be written is never closed either: closing checkpoints through
the mapping (see `_leave_open`).
"""

from __future__ import annotations

import os
import sqlite3
import sys
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
        self._check_files()  # before SQLite maps anything
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
            self._check_files()
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
            self._check_files()
            return [dict(row) for row in self._db.execute(sql, params).fetchall()]

    def _check_files(self) -> None:
        fault = shm_fault(self.path)
        if fault:
            raise StoreUnavailable(fault)

    def close(self) -> None:
        with self._lock:
            if shm_fault(self.path):
                _leave_open(self._db)
            else:
                self._db.close()


# Linux inode flags (linux/fs.h): FS_IOC_GETFLAGS, and the two that forbid writing in place.
_FS_IOC_GETFLAGS = 0x80086601
_FS_IMMUTABLE_FL, _FS_APPEND_FL = 0x10, 0x20
_kept_open: list[sqlite3.Connection] = []


def _inode_flags(fd: int) -> int:
    """The file's chattr flags, or 0 where the platform or file system has none."""
    if not sys.platform.startswith("linux"):
        return 0
    import fcntl

    buffer = bytearray(8)
    try:
        fcntl.ioctl(fd, _FS_IOC_GETFLAGS, buffer)
    except OSError:  # tmpfs before 6.0, network file systems: no flags
        return 0
    return int.from_bytes(buffer[:4], sys.byteorder)


def shm_fault(path: Path) -> str | None:
    """Why SQLite must not use the database's `-shm`/`-wal` files now, in words for the seller's
    log, or None. A missing file is fine: SQLite creates it with the database's 0600."""
    for suffix in ("-shm", "-wal"):
        name = f"{path}{suffix}"
        try:
            fd = os.open(name, os.O_RDONLY | os.O_NONBLOCK | getattr(os, "O_NOFOLLOW", 0))
        except FileNotFoundError:
            continue
        except OSError as exc:
            return f"{name} cannot be opened ({exc.strerror})"
        try:
            flags = _inode_flags(fd)
        finally:
            os.close(fd)
        if flags & (_FS_IMMUTABLE_FL | _FS_APPEND_FL):
            kind = "immutable" if flags & _FS_IMMUTABLE_FL else "append-only"
            return f"{name} is {kind}: remove the flag (chattr -i / -a) to let the guard write"
        if not os.access(name, os.W_OK):
            return f"{name} cannot be written by this user: fix its owner or mode"
    return None


def _leave_open(db: sqlite3.Connection) -> None:
    """Never close `db`, not even at interpreter exit: closing a WAL connection checkpoints and
    writes the `-shm` through its mapping, which SIGBUSes when the file became immutable. The
    process is ending; the kernel drops the mapping and SQLite recovers the WAL at next open."""
    import ctypes

    _kept_open.append(db)
    ctypes.pythonapi.Py_IncRef(ctypes.py_object(db))  # survives module teardown at exit


def _transient(exc: sqlite3.OperationalError) -> bool:
    """A lock held by another process or a full disk: gone in a while, unlike a broken file."""
    text = str(exc).lower()
    return "locked" in text or "busy" in text or "full" in text
