"""The guard's work off the event loop: three thread pools, each call bounded in time.

The loop carries every tunnel and the API, so nothing that can take time runs on it. Each kind
of work has its own pool, so one kind cannot queue behind another:

* parse: decoding and parsing a body (one thread; hostile bodies wait behind each other, not
  in front of checks);
* check: the policy engine (one thread: checks never run concurrently, and the warm-up uses
  the same thread so it never loads the same data as a send at once);
* store: reads and writes of the store (two threads).

A call that outlives its bound raises `CheckTimeout`; the send then gets the fail mode. The
store gets one more rule: after a timeout it counts as busy for a few seconds, during which
optional reads (review history, overrides) fail at once and verdicts are written in the
background, so a lock held elsewhere costs one send the wait, not every send.
"""

from __future__ import annotations

import asyncio
import logging
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

logger = logging.getLogger(__name__)

OPTIONAL_READ_SECONDS = 0.5  # a read the verdict can do without (review history, overrides)


class CheckTimeout(Exception):
    """A step of checking a send took longer than its bound, or the store is busy."""


class Workers:
    def __init__(self, store_seconds: float = 2.0):
        self.store_seconds = store_seconds
        self.parse_pool = ThreadPoolExecutor(1, thread_name_prefix="bsm-guard-parse")
        self.check_pool = ThreadPoolExecutor(1, thread_name_prefix="bsm-guard-check")
        self.store_pool = ThreadPoolExecutor(2, thread_name_prefix="bsm-guard-store")
        self._store_busy_until = 0.0

    async def run(self, pool: ThreadPoolExecutor, seconds: float, what: str,
                  func: Callable[..., Any], *args) -> Any:
        future = asyncio.get_running_loop().run_in_executor(pool, func, *args)
        try:
            return await asyncio.wait_for(future, seconds)
        except asyncio.TimeoutError:
            raise CheckTimeout(f"{what} took more than {seconds:g} s") from None

    def store_busy(self) -> bool:
        return time.monotonic() < self._store_busy_until

    async def store(self, func: Callable[..., Any], *args, optional: bool = False) -> Any:
        """A store call within `store_seconds` (`OPTIONAL_READ_SECONDS` at most if optional)."""
        if optional and self.store_busy():
            raise CheckTimeout("the guard's store is busy")
        seconds = min(self.store_seconds, OPTIONAL_READ_SECONDS) if optional \
            else self.store_seconds
        try:
            return await self.run(self.store_pool, seconds, "the guard's store", func, *args)
        except CheckTimeout:
            self._store_busy_until = time.monotonic() + 3 * self.store_seconds
            raise

    def store_later(self, call: Callable[[], Any]) -> None:
        """Write in the background, not waited for (the store just timed out); a failure is
        logged. The record lands when the store frees."""
        future = asyncio.get_running_loop().run_in_executor(self.store_pool, call)
        future.add_done_callback(_log_late_write)

    def shutdown(self) -> None:
        for pool in (self.parse_pool, self.check_pool, self.store_pool):
            pool.shutdown(wait=False, cancel_futures=True)


def _log_late_write(future) -> None:
    if not future.cancelled() and future.exception() is not None:
        exc = future.exception()
        logger.warning("bsm-guard: a delayed verdict record failed: %s",
                       f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__)
