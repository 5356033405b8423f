"""What the guard needs from a store, written once as SQL that both backends run.

The interface is small on purpose (STYLE.md): record a verdict, claim a review request once
per order, keep a blocked text, read history, read and write the team's settings with a
version, and the queries a lead's team view needs. `SQLStore` implements it on top of two
primitives a backend provides: `_tx()` (one transaction, yielding `run(sql, params)` that
returns rows as dicts) and `_insert_id()`. SQL here is written with `?` placeholders; the
PostgreSQL backend turns them into `%s`. Both backends store times as ISO 8601 UTC text, so
"by day" is the first ten characters in either.

Exactly once: a review request is a row in `review_requests`, whose `order_id` is unique. A
claim is `INSERT ... ON CONFLICT DO NOTHING`: of two guards claiming the same order at the
same moment the database lets exactly one insert, whatever the timing; there is no
read-then-write to race. A claim whose send the upstream refused is released by its `uid`.

Every record carries a `uid` chosen by the guard, unique in the database. A record that was
queued locally while the store was unreachable (`proxy.store.resilient`) is replayed with the
same `uid`, so replaying twice, or replaying one whose slow first write did land after all,
never makes a duplicate.
"""

from __future__ import annotations

import datetime as dt
import json
import time
import uuid
from contextlib import contextmanager
from typing import Any, Callable, Iterator

from proxy.state import text_hash

PRUNE_EVERY = 200  # writes between retention sweeps
SETTINGS_SCOPE = "team"


class StoreError(RuntimeError):
    """The store cannot be used (newer schema than this version knows, unreadable file,
    unreachable server, bad URL); one line for the user."""


class StoreUnavailable(StoreError):
    """The store did not answer in time or failed (server down, lock held, disk full)."""


class SettingsConflict(StoreError):
    """Someone saved the settings since the version the writer read."""


class NotALead(PermissionError):
    """Team views and other seats' blocked texts are for leads only."""


def new_uid() -> str:
    return uuid.uuid4().hex


def iso(timestamp: float) -> str:
    moment = dt.datetime.fromtimestamp(timestamp, dt.timezone.utc)
    return moment.isoformat(timespec="seconds").replace("+00:00", "Z")


class SQLStore:
    """The store's behaviour, shared by the SQLite and PostgreSQL backends."""

    backend = "?"

    def __init__(self, *, retention_days: int = 90, max_text_mb: float = 200,
                 clock: Callable[[], float] = time.time):
        self.retention_days = retention_days
        self.max_text_bytes = int(max_text_mb * 1024 * 1024)
        self._clock = clock
        self._writes = 0

    # --- what a backend provides -------------------------------------------------------------

    @contextmanager
    def _tx(self) -> Iterator[Callable[..., list[dict]]]:  # pragma: no cover (abstract)
        raise NotImplementedError
        yield

    def close(self) -> None:  # pragma: no cover (abstract)
        raise NotImplementedError

    def _read(self, sql: str, params: tuple = ()) -> list[dict]:
        with self._tx() as run:
            return run(sql, params)

    def _write(self, sql: str, params: tuple = ()) -> list[dict]:
        with self._tx() as run:
            rows = run(sql, params)
        self._writes += 1
        if self._writes % PRUNE_EVERY == 0:
            self.prune()
        return rows

    def now_iso(self) -> str:
        return iso(self._clock())

    def ping(self) -> None:
        """Raise if the store cannot be reached right now."""
        self._read("SELECT 1 AS one")

    # --- verdicts -----------------------------------------------------------------------------

    def record_verdict(self, *, channel: str, order_id: str | None, marketplace: str | None,
                       verdict: str, action: str, diagnostics: list[dict], text: str | None,
                       keep_text: bool, seat: str | None = None, uid: str | None = None,
                       time: str | None = None) -> int:
        """Store one verdict; returns its ID. With a `uid` already stored (a replay) the
        existing record's ID comes back and nothing is written."""
        codes = sorted({d["code"] for d in diagnostics if "code" in d})
        uid = uid or new_uid()
        rows = self._write(
            "INSERT INTO verdicts (uid, time, seat, channel, order_id, marketplace, verdict,"
            " action, codes, diagnostics, text_hash, text)"
            " VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)"
            " ON CONFLICT (uid) DO NOTHING RETURNING id",
            (uid, time or self.now_iso(), seat, channel, order_id, marketplace, verdict, action,
             json.dumps(codes), json.dumps(diagnostics, ensure_ascii=False),
             text_hash(text) if text is not None else None,
             text if keep_text and text is not None else None))
        if rows:
            return rows[0]["id"]
        return self._read("SELECT id FROM verdicts WHERE uid = ?", (uid,))[0]["id"]

    def recent_verdicts(self, limit: int = 50, *, seat: str | None = None) -> list[dict]:
        where, params = ("WHERE seat = ?", (seat,)) if seat else ("", ())
        rows = self._read(f"SELECT * FROM verdicts {where} ORDER BY id DESC LIMIT ?",
                          (*params, max(0, limit)))
        return [summary(row) for row in rows]

    def get_verdict(self, verdict_id: int, *, viewer: "Viewer | None" = None) -> dict | None:
        """One verdict with its diagnostics and kept text. A `viewer` that is neither a lead
        nor the seat that sent it gets the verdict without the text."""
        rows = self._read("SELECT * FROM verdicts WHERE id = ?", (verdict_id,))
        if not rows:
            return None
        out = summary(rows[0])
        out["diagnostics"] = json.loads(rows[0]["diagnostics"])
        out["text"] = rows[0]["text"]
        if viewer is not None and not viewer.may_read(out.get("seat")):
            out["text"] = None
            out["text_hidden"] = True
        return out

    def count_verdicts(self) -> int:
        return self._read("SELECT COUNT(*) AS n FROM verdicts")[0]["n"]

    # --- review requests ----------------------------------------------------------------------

    def review_requested(self, order_id: str) -> bool:
        return bool(self._read("SELECT 1 AS one FROM review_requests WHERE order_id = ?",
                               (order_id,)))

    def claim_review_request(self, order_id: str, channel: str, *, seat: str | None = None,
                             uid: str | None = None, time: str | None = None) -> bool:
        """True when this call is the order's one review request (team-wide, any channel);
        False when one was already claimed. Replaying a claim with its own `uid` is True."""
        uid = uid or new_uid()
        rows = self._write(
            "INSERT INTO review_requests (order_id, channel, time, seat, uid)"
            " VALUES (?, ?, ?, ?, ?) ON CONFLICT (order_id) DO NOTHING RETURNING id",
            (order_id, channel, time or self.now_iso(), seat, uid))
        if rows:
            return True
        return bool(self._read("SELECT 1 AS one FROM review_requests WHERE uid = ?", (uid,)))

    def release_review_request(self, uid: str) -> None:
        """Undo a claim whose send did not reach the buyer (the upstream refused it)."""
        self._write("DELETE FROM review_requests WHERE uid = ?", (uid,))

    def record_review_request(self, order_id: str, channel: str, *,
                              seat: str | None = None) -> None:
        """Note a review request that went through unclaimed (mode off)."""
        self.claim_review_request(order_id, channel, seat=seat)

    def review_requests(self, order_id: str) -> list[dict]:
        return self._read("SELECT channel, time, seat FROM review_requests WHERE order_id = ?",
                          (order_id,))

    def count_review_requests(self) -> int:
        return self._read("SELECT COUNT(*) AS n FROM review_requests")[0]["n"]

    # --- overrides ----------------------------------------------------------------------------

    def grant_override(self, text_hash: str, minutes: int = 10) -> None:
        self._write("INSERT INTO overrides (text_hash, expires) VALUES (?, ?)",
                    (text_hash, self._clock() + minutes * 60))

    def consume_override(self, text_hash: str) -> bool:
        """True once per grant, before it expires: one UPDATE that only a still-unused row
        matches, so two guards cannot both use one grant."""
        rows = self._write(
            "UPDATE overrides SET used = 1 WHERE id = (SELECT id FROM overrides WHERE"
            " text_hash = ? AND used = 0 AND expires > ? ORDER BY expires LIMIT 1)"
            " AND used = 0 RETURNING id", (text_hash, self._clock()))
        return bool(rows)

    # --- settings (the team's policy) ---------------------------------------------------------

    def read_settings(self) -> tuple[int, dict | None]:
        """(version, settings dict); (0, None) before anyone saved settings."""
        rows = self._read("SELECT version, data FROM settings WHERE scope = ?",
                          (SETTINGS_SCOPE,))
        return (rows[0]["version"], json.loads(rows[0]["data"])) if rows else (0, None)

    def settings_version(self) -> int:
        rows = self._read("SELECT version FROM settings WHERE scope = ?", (SETTINGS_SCOPE,))
        return rows[0]["version"] if rows else 0

    def write_settings(self, data: dict, *, expected_version: int | None = None,
                       seat: str | None = None) -> int:
        """Save the whole settings dict as the next version, in one statement. With
        `expected_version`, refuse (SettingsConflict) when someone saved in between."""
        payload = json.dumps(data, ensure_ascii=False)
        with self._tx() as run:
            rows = run("SELECT version FROM settings WHERE scope = ?", (SETTINGS_SCOPE,))
            current = rows[0]["version"] if rows else 0
            if expected_version is not None and expected_version != current:
                raise SettingsConflict(f"the settings changed (version {current}, "
                                       f"expected {expected_version}); reload and try again")
            if rows:
                done = run("UPDATE settings SET version = version + 1, data = ?, time = ?,"
                           " seat = ? WHERE scope = ? AND version = ? RETURNING version",
                           (payload, self.now_iso(), seat, SETTINGS_SCOPE, current))
            else:
                done = run("INSERT INTO settings (scope, version, data, time, seat)"
                           " VALUES (?, 1, ?, ?, ?) ON CONFLICT (scope) DO NOTHING"
                           " RETURNING version", (SETTINGS_SCOPE, payload, self.now_iso(), seat))
            if not done:
                raise SettingsConflict("the settings were saved by someone else at the same "
                                       "moment; reload and try again")
            return done[0]["version"]

    # --- seats --------------------------------------------------------------------------------

    def set_seat(self, name: str, *, lead: bool = False) -> None:
        self._write("INSERT INTO seats (name, lead) VALUES (?, ?) ON CONFLICT (name)"
                    " DO UPDATE SET lead = excluded.lead", (name, 1 if lead else 0))

    def seats(self) -> dict[str, bool]:
        return {r["name"]: bool(r["lead"]) for r in self._read("SELECT name, lead FROM seats")}

    def viewer(self, seat: str | None) -> "Viewer":
        """Who is asking: the seat and whether the store lists it as a lead. No seat (a
        single seller's own guard) sees everything."""
        if seat is None:
            return Viewer(None, True)
        rows = self._read("SELECT lead FROM seats WHERE name = ?", (seat,))
        return Viewer(seat, bool(rows and rows[0]["lead"]))

    # --- the team view (leads only) -----------------------------------------------------------

    def team_counts(self, viewer: "Viewer", *, since: str | None = None,
                    until: str | None = None) -> dict[str, list[dict]]:
        """Verdicts by rule, by seat and by day in [since, until) (ISO dates or times),
        for the team view's charts."""
        viewer.require_lead()
        where, params = _period(since, until)
        rows = self._read(f"SELECT seat, substr(time, 1, 10) AS day, verdict, action, codes"
                          f" FROM verdicts {where}", params)
        by_rule: dict[str, int] = {}
        by_seat: dict[tuple, int] = {}
        by_day: dict[tuple, int] = {}
        for row in rows:
            for code in json.loads(row["codes"]):
                by_rule[code] = by_rule.get(code, 0) + 1
            seat_key = (row["seat"] or "", row["action"])
            by_seat[seat_key] = by_seat.get(seat_key, 0) + 1
            day_key = (row["day"], row["verdict"])
            by_day[day_key] = by_day.get(day_key, 0) + 1
        return {
            "by_rule": [{"code": c, "count": n} for c, n in sorted(by_rule.items())],
            "by_seat": [{"seat": s, "action": a, "count": n}
                        for (s, a), n in sorted(by_seat.items())],
            "by_day": [{"day": d, "verdict": v, "count": n}
                       for (d, v), n in sorted(by_day.items())],
        }

    def blocked_messages(self, viewer: "Viewer", *, since: str | None = None,
                         until: str | None = None, seat: str | None = None,
                         code: str | None = None, limit: int = 1000) -> list[dict]:
        """Blocked sends with their kept text, newest first, filtered; flat dicts of
        strings and numbers, ready for a table or `csv.DictWriter` (EXPORT_FIELDS)."""
        viewer.require_lead()
        where, params = _period(since, until)
        clauses = [where] if where else []
        clauses.append(("AND " if clauses else "WHERE ") + "action = 'blocked'")
        if seat:
            clauses.append("AND seat = ?")
            params += (seat,)
        if code:  # codes is a JSON list of strings: match the quoted code
            clauses.append("AND codes LIKE ?")
            params += (f'%"{code}"%',)
        rows = self._read(f"SELECT * FROM verdicts {' '.join(clauses)} ORDER BY id DESC LIMIT ?",
                          (*params, max(0, limit)))
        return [{"id": r["id"], "time": r["time"], "seat": r["seat"] or "",
                 "channel": r["channel"], "order_id": r["order_id"] or "",
                 "codes": " ".join(json.loads(r["codes"])), "text": r["text"] or ""}
                for r in rows]

    # --- retention ----------------------------------------------------------------------------

    def prune(self) -> None:
        """Forget verdicts and review requests older than `retention_days`, spent or expired
        overrides, and the kept texts of the oldest blocked messages while all kept texts
        together are over `max_text_bytes`. Age and size, never a count: a busy hour must
        not push out the morning's blocked texts."""
        cutoff = iso(self._clock() - self.retention_days * 86400)
        with self._tx() as run:
            run("DELETE FROM verdicts WHERE time < ?", (cutoff,))
            run("DELETE FROM review_requests WHERE time < ?", (cutoff,))
            run("DELETE FROM overrides WHERE used = 1 OR expires < ?", (self._clock(),))
            total = run("SELECT COALESCE(SUM(LENGTH(text)), 0) AS n FROM verdicts"
                        " WHERE text IS NOT NULL")[0]["n"]
            if total > self.max_text_bytes:  # rare: walk from the oldest kept text
                excess = total - self.max_text_bytes
                for row in run("SELECT id, LENGTH(text) AS n FROM verdicts"
                               " WHERE text IS NOT NULL ORDER BY id"):
                    if excess <= 0:
                        break
                    run("UPDATE verdicts SET text = NULL WHERE id = ?", (row["id"],))
                    excess -= row["n"]


class Viewer:
    """A seat reading the store: leads read everything, others their own blocked texts."""

    def __init__(self, seat: str | None, lead: bool):
        self.seat, self.lead = seat, lead

    def may_read(self, seat: str | None) -> bool:
        return self.lead or (self.seat is not None and seat == self.seat)

    def require_lead(self) -> None:
        if not self.lead:
            raise NotALead(f"seat {self.seat!r} is not a lead: the team view is for leads")


EXPORT_FIELDS = ("id", "time", "seat", "channel", "order_id", "codes", "text")


def _period(since: str | None, until: str | None) -> tuple[str, tuple]:
    clauses, params = [], []
    if since:
        clauses.append("time >= ?")
        params.append(since)
    if until:
        clauses.append("time < ?")
        params.append(until)
    return ("WHERE " + " AND ".join(clauses) if clauses else ""), tuple(params)


def summary(row: dict[str, Any]) -> dict[str, Any]:
    return {
        "id": row["id"], "time": row["time"], "seat": row.get("seat"),
        "channel": row["channel"], "order_id": row["order_id"],
        "marketplace": row["marketplace"], "verdict": row["verdict"], "action": row["action"],
        "codes": json.loads(row["codes"]), "text_hash": row["text_hash"],
    }
