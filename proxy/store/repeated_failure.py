"""One log line for a failure that repeats, then counts.

With the disk full every queued record fails the same way; a line per record buried the log
(and, written to a file on the same full disk, failed in turn). `RepeatedFailure` logs the
first failure in full, counts the repeats, and logs the count at most once per `every`
seconds while failures go on, and once more when the operation succeeds again, so the log
still says how many records were affected and when it ended.
"""

from __future__ import annotations

import logging
import threading
import time
from typing import Callable


class RepeatedFailure:
    def __init__(self, logger: logging.Logger, first: str, repeats: str, recovered: str, *,
                 every: float = 60.0, clock: Callable[[], float] = time.monotonic):
        """`first` is logged on the first failure; `repeats` and `recovered` are formats
        with `%d` (failures not logged one by one) and `%.0f` (seconds they span)."""
        self._logger = logger
        self._first, self._repeats, self._recovered = first, repeats, recovered
        self._every, self._clock = every, clock
        self._lock = threading.Lock()
        self._failing_since: float | None = None
        self._last_logged = 0.0
        self._unlogged = 0
        self._since_logged = 0.0

    def failed(self) -> None:
        with self._lock:
            now = self._clock()
            if self._failing_since is None:
                self._failing_since = self._last_logged = self._since_logged = now
                self._logger.error(self._first)
                return
            self._unlogged += 1
            if now - self._last_logged >= self._every:
                self._logger.error(self._repeats, self._unlogged, now - self._since_logged)
                self._unlogged, self._last_logged, self._since_logged = 0, now, now

    def succeeded(self) -> None:
        with self._lock:
            if self._failing_since is None:
                return
            now = self._clock()
            self._logger.warning(self._recovered, self._unlogged, now - self._since_logged)
            self._failing_since = None
            self._unlogged = 0
