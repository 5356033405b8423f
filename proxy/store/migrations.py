"""Schema versions of both backends. Add a migration at the end; never edit one that shipped.

SQLite counts applied migrations in `PRAGMA user_version`; PostgreSQL in a one-row table
`bsm_guard_schema`, changed under a transaction-scoped advisory lock so that two guards
starting at the same moment on one database migrate it once.

SQLite migration 1 is the schema every existing seller's file has; migration 2 brings it to
the team schema (seats, record uids, one review request per order, versioned settings).
PostgreSQL starts at the team schema. The two lists describe the same tables and columns, so
`proxy.store.base` runs the same SQL on both.
"""

from __future__ import annotations

SQLITE: tuple[str, ...] = (
    # 1: the first schema (single seller)
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
    # 2: teams. Review requests become one row per order (the first one kept when an old
    # file has repeats), so the database itself refuses a second claim.
    """
    ALTER TABLE verdicts ADD COLUMN seat TEXT;
    ALTER TABLE verdicts ADD COLUMN uid TEXT;
    CREATE UNIQUE INDEX verdicts_uid ON verdicts (uid);
    CREATE INDEX verdicts_seat ON verdicts (seat, time);
    CREATE TABLE review_requests_v2 (
        id       INTEGER PRIMARY KEY AUTOINCREMENT,
        order_id TEXT NOT NULL UNIQUE,
        channel  TEXT NOT NULL,
        time     TEXT NOT NULL,
        seat     TEXT,
        uid      TEXT UNIQUE
    );
    INSERT INTO review_requests_v2 (order_id, channel, time)
        SELECT order_id, channel, time FROM review_requests
        WHERE id IN (SELECT MIN(id) FROM review_requests GROUP BY order_id);
    DROP TABLE review_requests;
    ALTER TABLE review_requests_v2 RENAME TO review_requests;
    CREATE INDEX review_requests_time ON review_requests (time);
    CREATE TABLE settings (
        scope   TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        data    TEXT NOT NULL,                  -- JSON: mode, fail_mode, config
        time    TEXT NOT NULL,
        seat    TEXT
    );
    CREATE TABLE seats (
        name TEXT PRIMARY KEY,
        lead INTEGER NOT NULL DEFAULT 0
    );
    """,
)

POSTGRES: tuple[str, ...] = (
    # 1: the team schema
    """
    CREATE TABLE verdicts (
        id          BIGSERIAL PRIMARY KEY,
        uid         TEXT UNIQUE,
        time        TEXT NOT NULL,
        seat        TEXT,
        channel     TEXT NOT NULL,
        order_id    TEXT,
        marketplace TEXT,
        verdict     TEXT NOT NULL,
        action      TEXT NOT NULL,
        codes       TEXT NOT NULL,
        diagnostics TEXT NOT NULL,
        text_hash   TEXT,
        text        TEXT
    );
    CREATE INDEX verdicts_time ON verdicts (time);
    CREATE INDEX verdicts_seat ON verdicts (seat, time);
    CREATE TABLE review_requests (
        id       BIGSERIAL PRIMARY KEY,
        order_id TEXT NOT NULL UNIQUE,
        channel  TEXT NOT NULL,
        time     TEXT NOT NULL,
        seat     TEXT,
        uid      TEXT UNIQUE
    );
    CREATE INDEX review_requests_time ON review_requests (time);
    CREATE TABLE overrides (
        id        BIGSERIAL PRIMARY KEY,
        text_hash TEXT NOT NULL,
        expires   DOUBLE PRECISION NOT NULL,
        used      INTEGER NOT NULL DEFAULT 0
    );
    CREATE INDEX overrides_hash ON overrides (text_hash);
    CREATE TABLE settings (
        scope   TEXT PRIMARY KEY,
        version INTEGER NOT NULL,
        data    TEXT NOT NULL,
        time    TEXT NOT NULL,
        seat    TEXT
    );
    CREATE TABLE seats (
        name TEXT PRIMARY KEY,
        lead INTEGER NOT NULL DEFAULT 0
    );
    """,
)


def statements(script: str) -> list[str]:
    """Split a migration into statements (no `;` inside literals in these scripts)."""
    parts = []
    for raw in script.split(";"):
        lines = [line.split("--")[0] for line in raw.splitlines()]
        statement = "\n".join(lines).strip()
        if statement:
            parts.append(statement)
    return parts
