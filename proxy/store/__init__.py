"""The guard's durable records: verdicts, review requests, overrides, settings, seats.

    base.py        the interface and its SQL, shared by both backends
    sqlite.py      SQLite, embedded, the default (one file in the data dir)
    postgres.py    PostgreSQL through psycopg 3 and a pool, for a team on one database
    migrations.py  the versioned schemas of both
    queue.py       the local durable queue for records the store cannot take yet
    resilient.py   GuardStore: bounded calls, queueing and replay, status

A store is chosen by URL (`--store` or `BSM_GUARD_STORE`): none for SQLite in the data dir,
`sqlite:///path/file.sqlite3`, or `postgresql://user@host/db`.

Only what the seller needs is kept: no cookies, CSRF tokens or authorization headers ever
reach this package (its methods take no headers). The full text of a message is kept only
when the caller asks (blocked sends, so the seller can get it back), for a limited time.
"""

from __future__ import annotations

import os
from pathlib import Path

from proxy.store.base import (
    EXPORT_FIELDS, NotALead, SettingsConflict, SQLStore, StoreError, StoreUnavailable, Viewer,
)
from proxy.store.resilient import GuardStore
from proxy.store.sqlite import MIGRATIONS, SQLiteStore

__all__ = ["EXPORT_FIELDS", "GuardStore", "MIGRATIONS", "NotALead", "SQLStore",
           "SQLiteStore", "SettingsConflict", "Store", "StoreError", "StoreUnavailable",
           "Viewer", "open_backend", "open_guard_store", "store_url"]

DB_FILE = "guard.sqlite3"
QUEUE_FILE = "queue.jsonl"
ENV = "BSM_GUARD_STORE"

Store = SQLiteStore  # what single-seller code and older tests call it


def store_url(url: str | None) -> str | None:
    """The store URL from the option, else from BSM_GUARD_STORE; None means SQLite in the
    data dir."""
    return url or os.environ.get(ENV) or None


def open_backend(url: str | None, data_dir: Path, **options) -> SQLStore:
    """Open a backend directly (CLI commands that read history). Raises StoreError."""
    url = store_url(url)
    if not url:
        return SQLiteStore(data_dir / DB_FILE, **options)
    if url.startswith("sqlite:"):
        path = url.removeprefix("sqlite:").removeprefix("//")
        return SQLiteStore(Path(path or data_dir / DB_FILE).expanduser(), **options)
    if url.startswith(("postgresql://", "postgres://")):
        from proxy.store.postgres import PostgresStore

        return PostgresStore(url, **options)
    raise StoreError(f"--store: {url!r} is not a store URL (use postgresql://user@host/db "
                     f"or sqlite:///path/guard.sqlite3)")


def describe(url: str | None, data_dir: Path) -> str:
    url = store_url(url)
    if not url:
        return f"sqlite:///{data_dir / DB_FILE}"
    if url.startswith("postgres"):
        from proxy.store.postgres import redact

        return redact(url)
    return url


def open_guard_store(url: str | None, data_dir: Path, *, timeout: float = 0.5,
                     **options) -> GuardStore:
    """The store of a running guard: SQLite must open now (a broken file is an error); a
    PostgreSQL server that is down only makes the guard start with its queue."""
    url = store_url(url)
    if url and not url.startswith(("sqlite:", "postgresql://", "postgres://")):
        open_backend(url, data_dir)  # raises the one-line error for a URL it cannot use
    return GuardStore(lambda: open_backend(url, data_dir, **options), data_dir / QUEUE_FILE,
                      timeout=timeout, description=describe(url, data_dir))
