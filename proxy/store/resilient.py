"""The store as the guard uses it: bounded in time, and never losing a record.

A send must not wait on a database: PostgreSQL stopped or slow, a full disk, or another
process holding SQLite's write lock would otherwise hold every send (and, on the event loop,
all traffic). So every call to the backend runs on this object's own threads and is waited
for at most `timeout` seconds. When a write fails or times out, the record goes to the local
durable queue (`proxy.store.queue`) and the store is marked unavailable; from then on writes
go straight to the queue (no waiting at all) until a background thread has replayed the
whole queue into the backend. The guard keeps deciding with the settings it has.

Review requests while the store is unavailable are claimed locally (this guard remembers the
orders it claimed) and replayed later; if another seat claimed the same order in the
meantime, the replay cannot insert a second row, and `status()` counts it under
`offline_duplicates`, the one thing an outage can cost.

Reads for people (history, team view, settings) are tried even while unavailable, with the
same bound, and raise `StoreUnavailable`, which the API answers with 503.
"""

from __future__ import annotations

import logging
import threading
import time
from collections import OrderedDict
from concurrent.futures import ThreadPoolExecutor, TimeoutError as FutureTimeout
from pathlib import Path
from typing import Any, Callable

from proxy.store.base import SQLStore, StoreError, StoreUnavailable, iso, new_uid
from proxy.store.queue import DurableQueue
from proxy.store.repeated_failure import RepeatedFailure

logger = logging.getLogger(__name__)


class GuardStore:
    def __init__(self, open_backend: Callable[[], SQLStore], queue_path: Path, *,
                 timeout: float = 0.5, read_timeout: float = 3.0, retry_every: float = 1.0,
                 description: str = "", workers: int = 4):
        self._open_backend = open_backend
        self.description = description
        self.queue = DurableQueue(queue_path)
        self._queue_failures = RepeatedFailure(
            logger, "bsm-guard: could not write the local queue either (disk full?); records "
            "are held in memory until the store is back",
            "bsm-guard: %d more record(s) could not be written to the local queue in %.0f s; "
            "held in memory",
            "bsm-guard: the local queue is writable again (%d more record(s) held in memory "
            "in the last %.0f s)")
        self.timeout, self.read_timeout, self.retry_every = timeout, read_timeout, retry_every
        self._pool = ThreadPoolExecutor(workers, thread_name_prefix="bsm-guard-store")
        self._backend: SQLStore | None = None
        self._available = False
        self._local_claims: OrderedDict[str, str] = OrderedDict()
        self._claims_lock = threading.Lock()
        self.last_error: str | None = None
        self.unavailable_since: float | None = None
        self.offline_duplicates = 0
        self.replayed = 0
        self._on_settings: Callable[[int, dict], None] | None = None
        self._settings_version = 0
        self._wake = threading.Event()
        self._stop = threading.Event()
        self._try_open()  # a StoreError other than unavailability propagates
        self._available = self._backend is not None and len(self.queue) == 0
        if not self._available and self.unavailable_since is None:
            self.unavailable_since = time.time()
        self._drainer = threading.Thread(target=self._drain_loop, name="bsm-guard-replay",
                                         daemon=True)
        self._drainer.start()

    # --- plumbing -----------------------------------------------------------------------------

    @property
    def backend(self) -> SQLStore | None:
        return self._backend

    @property
    def available(self) -> bool:
        return self._available

    def _try_open(self) -> None:
        try:
            self._backend = self._open_backend()
        except StoreUnavailable as exc:
            self._mark_unavailable(exc)

    def _mark_unavailable(self, exc: BaseException) -> None:
        reason = _reason(exc)
        if self._available or self.last_error != reason:
            logger.warning("bsm-guard: the store is unavailable (%s); records are queued "
                           "locally until it is back", reason)
        self.last_error = reason
        if self._available or self.unavailable_since is None:
            self.unavailable_since = time.time()
        self._available = False
        self._wake.set()

    def _call(self, name: str, *args, timeout: float | None = None, **kwargs) -> Any:
        backend = self._backend
        if backend is None:
            raise StoreUnavailable(self.last_error or "the store is not open")
        future = self._pool.submit(getattr(backend, name), *args, **kwargs)
        try:
            return future.result(timeout=self.timeout if timeout is None else timeout)
        except FutureTimeout:
            raise StoreUnavailable(f"no answer within {timeout or self.timeout:g} s") from None
        except StoreError:
            raise
        except Exception as exc:
            raise StoreUnavailable(_reason(exc)) from exc

    def _write(self, op: str, record: dict[str, Any]) -> Any:
        """Apply one record now if the store is available, else (or on failure) queue it."""
        if self._available:
            try:
                return self._call(op, **record)
            except StoreUnavailable as exc:
                self._mark_unavailable(exc)
        if self.queue.append({"op": op, **record}):
            self._queue_failures.succeeded()
        else:
            self._queue_failures.failed()
        self._wake.set()
        return None

    # --- what the guard calls on every send -----------------------------------------------

    def record_verdict(self, **record: Any) -> int | None:
        """The verdict's ID, or None when it was queued (the store is unavailable)."""
        record.setdefault("uid", new_uid())
        record.setdefault("time", iso(time.time()))
        return self._write("record_verdict", record)

    def claim_review(self, order_id: str, channel: str, seat: str | None = None) -> str | None:
        """The claim's uid when this is the order's one review request, None when the order
        already had one (team-wide when the store answers, this guard's own otherwise)."""
        uid = new_uid()
        with self._claims_lock:
            if order_id in self._local_claims:
                return None
            record = {"order_id": order_id, "channel": channel, "seat": seat, "uid": uid,
                      "time": iso(time.time())}
            claimed = self._write("claim_review_request", record)
            if claimed is False:
                return None
            self._local_claims[order_id] = uid
            while len(self._local_claims) > 20_000:
                self._local_claims.popitem(last=False)
            return uid

    def release_review(self, uid: str) -> None:
        with self._claims_lock:
            for order_id, claim in list(self._local_claims.items()):
                if claim == uid:
                    del self._local_claims[order_id]
        self._write("release_review_request", {"uid": uid})

    def record_review_request(self, order_id: str, channel: str,
                              seat: str | None = None) -> None:
        self.claim_review(order_id, channel, seat)

    def review_requested(self, order_id: str) -> bool:
        with self._claims_lock:
            if order_id in self._local_claims:
                return True
        if self._available:
            try:
                return bool(self._call("review_requested", order_id))
            except StoreUnavailable as exc:
                self._mark_unavailable(exc)
        return False

    def consume_override(self, text_hash: str) -> bool:
        """No override while the store is unavailable: the block stands (the safe side)."""
        if not self._available:
            return False
        try:
            return bool(self._call("consume_override", text_hash))
        except StoreUnavailable as exc:
            self._mark_unavailable(exc)
            return False

    # --- what people call (API, CLI, team view): bounded, may raise StoreUnavailable ------

    def __getattr__(self, name: str) -> Callable[..., Any]:
        if name in READS:
            return lambda *a, **kw: self._call(name, *a, timeout=self.read_timeout, **kw)
        raise AttributeError(name)

    def watch_settings(self, callback: Callable[[int, dict], None], version: int) -> None:
        """Call `callback(version, data)` from the replay thread whenever the store's
        settings version differs from the last one seen (checked every `retry_every` s)."""
        self._settings_version, self._on_settings = version, callback
        self._wake.set()

    def _poll_settings(self) -> None:
        if self._on_settings is None or self._backend is None or not self._available:
            return
        if self._backend.settings_version() == self._settings_version:
            return
        version, data = self._backend.read_settings()
        if data is not None and version != self._settings_version:
            self._settings_version = version
            self._on_settings(version, data)

    # --- status and replay ------------------------------------------------------------------

    def status(self) -> dict[str, Any]:
        pending = len(self.queue)
        return {
            "backend": self._backend.backend if self._backend else self.description,
            "store": self.description,
            "ok": self._available and pending == 0,
            "queued": pending,
            "not_durable": self.queue.in_memory,
            "last_error": None if self._available else self.last_error,
            "unavailable_since": iso(self.unavailable_since)
            if self.unavailable_since and not self._available else None,
            "offline_duplicates": self.offline_duplicates,
        }

    def replay(self) -> bool:
        """Write queued records to the store, oldest first. True when the queue is empty
        and the store answers (the store is available again)."""
        if self._backend is None:
            self._try_open()
            if self._backend is None:
                return False
        records, marker = self.queue.pending()
        try:
            for record in records:
                self._apply(record)
            if not records:
                self._backend.ping()
        except Exception as exc:  # still down: keep the queue, try again later
            self.last_error = _reason(exc)
            return False
        remaining = self.queue.done(marker)
        self.replayed += len(records)
        if records:
            logger.info("bsm-guard: wrote %d queued record(s) to the store", len(records))
        if remaining == 0 and not self._available:
            self._queue_failures.succeeded()  # the held records are in the store now
            self._available = True
            self.unavailable_since = None
            logger.info("bsm-guard: the store is available again")
        return remaining == 0

    def _apply(self, record: dict[str, Any]) -> None:
        record = dict(record)  # records held in memory are replayed again if this fails
        op = record.pop("op")
        result = getattr(self._backend, op)(**record)
        if op == "claim_review_request" and result is False:
            self.offline_duplicates += 1
            logger.warning("bsm-guard: order %s had a review request from another seat while "
                           "the store was unavailable: a repeat request reached Amazon",
                           record["order_id"])

    def _drain_loop(self) -> None:
        while not self._stop.is_set():
            self._wake.wait(self.retry_every)
            self._wake.clear()
            if self._stop.is_set():
                return
            try:
                if not self._available or len(self.queue):
                    self.replay()
                self._poll_settings()
            except Exception as exc:  # never let the replay thread die
                logger.info("bsm-guard: store check failed: %s", _reason(exc))

    def close(self, *, drain_seconds: float = 2.0) -> None:
        """Stop; first try (briefly) to write what is queued. What stays queued is replayed
        by the next start."""
        deadline = time.time() + drain_seconds
        while len(self.queue) and time.time() < deadline and self.replay() is False:
            time.sleep(0.2)
        self._stop.set()
        self._wake.set()
        self._drainer.join(timeout=5)
        self._pool.shutdown(wait=False, cancel_futures=True)
        if self._backend is not None:
            self._backend.close()


READS = frozenset({
    "recent_verdicts", "get_verdict", "grant_override", "read_settings", "settings_version",
    "write_settings", "set_seat", "seats", "viewer", "team_counts", "blocked_messages",
    "review_requests", "count_verdicts", "count_review_requests", "prune", "ping",
})


def _reason(exc: BaseException) -> str:
    text = str(exc).strip().splitlines()
    return text[0] if text else type(exc).__name__
