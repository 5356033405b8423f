"""The guard's durable records: verdicts, review requests per order, overrides.

SQLite under the data dir. One connection guarded by a lock serves the addon's worker
thread and the API on the event loop; other processes (`bsm-guard history`, `bsm-guard allow`)
open the same file, which WAL mode and a busy timeout make safe. Every write is one
transaction, so concurrent sends cannot lose a record.

Schema changes are a list of migrations applied in order; `PRAGMA user_version` says how many
ran. Add a migration at the end, never edit one that shipped.

Only what the seller needs is kept: no cookies, CSRF tokens or authorization headers ever
reach this module (its methods take no headers). The full text of a message is kept only
when the caller asks (blocked sends, so the seller can get the text back), for a limited time,
and at most `max_texts` of them.
"""

from __future__ import annotations

import datetime as dt
import json
import sqlite3
import threading
import time
from pathlib import Path
from typing import Any, Callable

from proxy.state import text_hash

MIGRATIONS: tuple[str, ...] = (
    # 1: the first schema
    """
    CREATE TABLE verdicts (
        id          INTEGER PRIMARY KEY AUTOINCREMENT,
        time        TEXT NOT NULL,              -- ISO 8601 UTC
        channel     TEXT NOT NULL,
        order_id    TEXT,
        marketplace TEXT,
        verdict     TEXT NOT NULL,
        action      TEXT NOT NULL,
        codes       TEXT NOT NULL,              -- JSON list
        diagnostics TEXT NOT NULL,              -- JSON list of diagnostic dicts
        text_hash   TEXT,
        text        TEXT                        -- only for kept (blocked) messages
    );
    CREATE INDEX verdicts_time ON verdicts (time);
    CREATE TABLE review_requests (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL,
        channel  TEXT NOT NULL,
        time     TEXT NOT NULL
    );
    CREATE INDEX review_requests_order ON review_requests (order_id);
    CREATE TABLE overrides (
        id        INTEGER PRIMARY KEY AUTOINCREMENT,
        text_hash TEXT NOT NULL,
        expires   REAL NOT NULL,                -- Unix time
        used      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX overrides_hash ON overrides (text_hash);
    """,
)

PRUNE_EVERY = 200  # writes between retention sweeps


class StoreError(RuntimeError):
    """The database cannot be used (newer schema than this version knows, unreadable file)."""


class Store:
    def __init__(self, path: Path, *, retention_days: int = 90, max_texts: int = 500,
                 clock: Callable[[], float] = time.time):
        self.path = Path(path)
        self.retention_days = retention_days
        self.max_texts = max_texts
        self._clock = clock
        self._lock = threading.Lock()
        self._writes = 0
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(self.path, timeout=10, check_same_thread=False,
                                   isolation_level=None)  # explicit BEGIN/COMMIT below
        self._db.row_factory = sqlite3.Row
        try:
            self._db.execute("PRAGMA journal_mode=WAL")
            self._db.execute("PRAGMA synchronous=NORMAL")
            self._db.execute("PRAGMA busy_timeout=10000")
            self._migrate()
            self.prune()
        except sqlite3.DatabaseError as exc:
            self._db.close()
            raise StoreError(f"{self.path}: {exc}") from None
        try:
            self.path.chmod(0o600)
        except OSError:
            pass

    # --- schema ---------------------------------------------------------------------------

    @property
    def schema_version(self) -> int:
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
                    for statement in _statements(script):
                        self._db.execute(statement)
                    self._db.execute(f"PRAGMA user_version = {number}")
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def _write(self, sql: str, params: tuple = ()) -> int:
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                cursor = self._db.execute(sql, params)
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
            self._writes += 1
            due = self._writes % PRUNE_EVERY == 0
        if due:
            self.prune()
        return cursor.lastrowid

    def _read(self, sql: str, params: tuple = ()) -> list[sqlite3.Row]:
        with self._lock:
            return self._db.execute(sql, params).fetchall()

    def _now_iso(self) -> str:
        return _iso(self._clock())

    # --- verdicts -------------------------------------------------------------------------

    def record_verdict(self, *, channel: str, order_id: str | None, marketplace: str | None,
                       verdict: str, action: str, diagnostics: list[dict], text: str | None,
                       keep_text: bool) -> int:
        codes = sorted({d["code"] for d in diagnostics if "code" in d})
        return self._write(
            "INSERT INTO verdicts (time, channel, order_id, marketplace, verdict, action, codes,"
            " diagnostics, text_hash, text) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            (self._now_iso(), channel, order_id, marketplace, verdict, action,
             json.dumps(codes), json.dumps(diagnostics, ensure_ascii=False),
             text_hash(text) if text is not None else None,
             text if keep_text and text is not None else None))

    def recent_verdicts(self, limit: int = 50) -> list[dict]:
        rows = self._read("SELECT * FROM verdicts ORDER BY id DESC LIMIT ?", (max(0, limit),))
        return [_summary(row) for row in rows]

    def get_verdict(self, verdict_id: int) -> dict | None:
        rows = self._read("SELECT * FROM verdicts WHERE id = ?", (verdict_id,))
        if not rows:
            return None
        out = _summary(rows[0])
        out["diagnostics"] = json.loads(rows[0]["diagnostics"])
        out["text"] = rows[0]["text"]
        return out

    # --- review requests ------------------------------------------------------------------

    def review_requested(self, order_id: str) -> bool:
        return bool(self._read("SELECT 1 FROM review_requests WHERE order_id = ? LIMIT 1",
                               (order_id,)))

    def record_review_request(self, order_id: str, channel: str) -> None:
        self._write("INSERT INTO review_requests (order_id, channel, time) VALUES (?, ?, ?)",
                    (order_id, channel, self._now_iso()))

    def review_requests(self, order_id: str) -> list[dict]:
        rows = self._read("SELECT channel, time FROM review_requests WHERE order_id = ? "
                          "ORDER BY id", (order_id,))
        return [dict(row) for row in rows]

    # --- overrides ------------------------------------------------------------------------

    def grant_override(self, text_hash: str, minutes: int = 10) -> None:
        self._write("INSERT INTO overrides (text_hash, expires) VALUES (?, ?)",
                    (text_hash, self._clock() + minutes * 60))

    def consume_override(self, text_hash: str) -> bool:
        """True once per grant, before it expires. The select and the update are one
        transaction, so two concurrent sends cannot both use one grant."""
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                row = self._db.execute(
                    "SELECT id FROM overrides WHERE text_hash = ? AND used = 0 AND expires > ? "
                    "ORDER BY expires LIMIT 1", (text_hash, self._clock())).fetchone()
                if row:
                    self._db.execute("UPDATE overrides SET used = 1 WHERE id = ?", (row["id"],))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise
        return row is not None

    # --- retention ------------------------------------------------------------------------

    def prune(self) -> None:
        """Forget what is older than the retention limit, used or expired overrides, and the
        texts of all but the newest `max_texts` kept messages."""
        cutoff = _iso(self._clock() - self.retention_days * 86400)
        with self._lock:
            self._db.execute("BEGIN IMMEDIATE")
            try:
                self._db.execute("DELETE FROM verdicts WHERE time < ?", (cutoff,))
                self._db.execute("DELETE FROM review_requests WHERE time < ?", (cutoff,))
                self._db.execute("DELETE FROM overrides WHERE used = 1 OR expires < ?",
                                 (self._clock(),))
                self._db.execute(
                    "UPDATE verdicts SET text = NULL WHERE text IS NOT NULL AND id NOT IN "
                    "(SELECT id FROM verdicts WHERE text IS NOT NULL ORDER BY id DESC LIMIT ?)",
                    (self.max_texts,))
                self._db.execute("COMMIT")
            except BaseException:
                self._db.execute("ROLLBACK")
                raise

    def close(self) -> None:
        with self._lock:
            self._db.close()


def _iso(timestamp: float) -> str:
    moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


def _summary(row: sqlite3.Row) -> dict[str, Any]:
    return {
        "id": row["id"], "time": row["time"], "channel": row["channel"],
        "order_id": row["order_id"], "marketplace": row["marketplace"],
        "verdict": row["verdict"], "action": row["action"], "codes": json.loads(row["codes"]),
        "text_hash": row["text_hash"],
    }


def _statements(script: str) -> list[str]:
    parts = []
    for raw in script.split(";"):
        lines = [line.split("--")[0] for line in raw.splitlines()]
        statement = "\n".join(lines).strip()
        if statement:
            parts.append(statement)
    return parts
