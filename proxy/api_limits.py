"""Limits that keep the local API from being used to starve the guard.

The API shares one event loop and one process with the proxy, so anything that holds the API
holds sends too. Three limits, each a small piece:

* `ConnectionLimits` / `LimitedSite`: at most `max_connections` open connections, so file
  descriptors stay for the proxy. At the limit a new connection pushes out the oldest one
  that is still waiting for a complete request (a flood of idle connections cannot lock the
  seller out); when every connection is busy being answered, the newcomer gets 503. Every
  request must be fully received and answered within `request_seconds` of its first byte,
  or of the connection opening: a slowloris client that trickles its headers or body, or a
  connection that never sends anything, is closed. Idle keep-alive connections are closed
  by aiohttp's `keepalive_timeout`. An event stream counts as answered once it starts.
* `RateLimiter`: a token bucket per client for `/api/check`. A client is the paired
  extension (a valid token), or else whatever the request says it is (Origin); every
  unauthenticated local caller shares one small bucket, so a flood from a script never
  slows the seller's own live checks.
* Checks run on their own thread with a timeout and a short queue (`CheckRunner`, in api.py).
"""

from __future__ import annotations

import asyncio
import time
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Callable

from aiohttp import web

from proxy.api_security import ApiError, token_from, token_matches

CHECK_SECONDS = 15.0  # the first checks after start-up may load a language (seconds)
CHECK_QUEUE = 4
STORE_SECONDS = 2.0

BUSY = (b"HTTP/1.1 503 Service Unavailable\r\nContent-Type: application/json\r\n"
        b"Connection: close\r\nContent-Length: 62\r\n\r\n"
        b'{"error": "too many open connections to the bsm-guard API"} \n')


class _Tracked:
    __slots__ = ("transport", "pending_since")

    def __init__(self, transport, now: float):
        self.transport = transport
        self.pending_since: float | None = now


class ConnectionLimits:
    def __init__(self, max_connections: int = 64, request_seconds: float = 15.0,
                 clock: Callable[[], float] = time.monotonic):
        self.max_connections = max_connections
        self.request_seconds = request_seconds
        self._clock = clock
        self._open: dict[int, _Tracked] = {}
        self._sweeper: asyncio.Task | None = None
        self.refused = 0
        self.evicted = 0
        self.timed_out = 0

    @property
    def open(self) -> int:
        return len(self._open)

    def admit(self, transport) -> bool:
        if len(self._open) >= self.max_connections:
            waiting = [t for t in self._open.values() if t.pending_since is not None]
            if not waiting:
                self.refused += 1
                return False
            oldest = min(waiting, key=lambda t: t.pending_since)
            self._open.pop(id(oldest.transport), None)
            self.evicted += 1
            oldest.transport.abort()
        self._open[id(transport)] = _Tracked(transport, self._clock())
        return True

    def received(self, transport) -> None:
        tracked = self._open.get(id(transport))
        if tracked is not None and tracked.pending_since is None:
            tracked.pending_since = self._clock()

    def answered(self, transport) -> None:
        tracked = self._open.get(id(transport))
        if tracked is not None:
            tracked.pending_since = None

    def closed(self, transport) -> None:
        self._open.pop(id(transport), None)

    def sweep(self) -> None:
        now = self._clock()
        for tracked in list(self._open.values()):
            if tracked.pending_since is not None and \
                    now - tracked.pending_since > self.request_seconds:
                self.timed_out += 1
                self._open.pop(id(tracked.transport), None)
                tracked.transport.abort()

    def start(self) -> None:
        async def run():
            while True:
                await asyncio.sleep(min(1.0, self.request_seconds / 4))
                self.sweep()
        self._sweeper = asyncio.get_running_loop().create_task(run())

    def stop(self) -> None:
        if self._sweeper is not None:
            self._sweeper.cancel()
            self._sweeper = None

    async def on_response_prepare(self, request: web.Request, response: Any) -> None:
        if request.transport is not None:
            self.answered(request.transport)


class _Guarded(asyncio.Protocol):
    """aiohttp's protocol behind the connection limits (delegates everything else)."""

    def __init__(self, inner, limits: ConnectionLimits):
        self.inner = inner
        self.limits = limits
        self.transport = None
        self.admitted = False

    def connection_made(self, transport) -> None:
        self.transport = transport
        if not self.limits.admit(transport):
            transport.write(BUSY)
            transport.close()
            return
        self.admitted = True
        self.inner.connection_made(transport)

    def data_received(self, data: bytes) -> None:
        if self.admitted:
            self.limits.received(self.transport)
            self.inner.data_received(data)

    def eof_received(self):
        return self.inner.eof_received() if self.admitted else None

    def connection_lost(self, exc) -> None:
        if self.admitted:
            self.limits.closed(self.transport)
            self.inner.connection_lost(exc)

    def pause_writing(self) -> None:
        if self.admitted:
            self.inner.pause_writing()

    def resume_writing(self) -> None:
        if self.admitted:
            self.inner.resume_writing()


class LimitedSite(web.TCPSite):
    """A TCPSite whose connections go through `ConnectionLimits`."""

    def __init__(self, runner: web.AppRunner, host: str, port: int,
                 limits: ConnectionLimits, **kwargs):
        super().__init__(runner, host, port, **kwargs)
        self.limits = limits

    async def start(self) -> None:
        server = self._runner.server
        assert server is not None
        factory = server  # aiohttp's protocol factory
        await web.BaseSite.start(self)  # registers the site with the runner
        loop = asyncio.get_running_loop()
        self._server = await loop.create_server(
            lambda: _Guarded(factory(), self.limits), self._host, self._port,
            backlog=self._backlog, reuse_address=self._reuse_address)
        self._bound_port = self._server.sockets[0].getsockname()[1]
        self.limits.start()

    async def stop(self) -> None:
        self.limits.stop()
        await super().stop()


class RateLimiter:
    """Token buckets by client key: `rate` requests per second, bursts up to `burst`."""

    def __init__(self, rate: float, burst: float, clock: Callable[[], float] = time.monotonic,
                 max_clients: int = 1000):
        self.rate, self.burst = rate, burst
        self._clock = clock
        self._buckets: dict[str, tuple[float, float]] = {}
        self._max_clients = max_clients

    def allow(self, key: str) -> bool:
        now = self._clock()
        tokens, last = self._buckets.get(key, (self.burst, now))
        tokens = min(self.burst, tokens + (now - last) * self.rate)
        if len(self._buckets) >= self._max_clients and key not in self._buckets:
            self._buckets.clear()  # bounded memory; a reset only ever allows more
        if tokens < 1:
            self._buckets[key] = (tokens, now)
            return False
        self._buckets[key] = (tokens - 1, now)
        return True


class CheckRunner:
    """`/api/check`'s engine calls: one worker thread, at most `queue` waiting, each bounded
    by `seconds`; per-client rate limits (paired extension, other origins, anonymous)."""

    def __init__(self, seconds: float = CHECK_SECONDS, queue: int = CHECK_QUEUE):
        self.seconds = seconds
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="bsm-guard-api-check")
        self._slots = asyncio.Semaphore(queue + 1)
        self.paired = RateLimiter(rate=20, burst=40)
        self.others = RateLimiter(rate=5, burst=10)

    def allow(self, request: web.Request, state) -> bool:
        if token_matches(token_from(request), state.token):
            return self.paired.allow("paired")
        return self.others.allow(request.headers.get("Origin") or "local")

    async def run(self, func, *args):
        if self._slots.locked():
            raise ApiError(503, "the guard is busy checking; try again in a moment",
                           code="BSM_GUARD_BUSY")
        async with self._slots:
            future = asyncio.get_running_loop().run_in_executor(self._pool, func, *args)
            try:
                return await asyncio.wait_for(future, self.seconds)
            except asyncio.TimeoutError:
                raise ApiError(503, f"the check took more than {self.seconds:g} s",
                               code="BSM_GUARD_CHECK_FAILED") from None

    def close(self) -> None:
        self._pool.shutdown(wait=False, cancel_futures=True)


_STORE_POOL = ThreadPoolExecutor(2, thread_name_prefix="bsm-guard-api-store")


async def off_loop(func, *args, seconds: float = STORE_SECONDS):
    """A store call on the API's own store threads: a lock held by another process or a slow
    disk costs this request a 503, never the event loop (nor the default executor, which
    resolves the proxy's upstream host names)."""
    future = asyncio.get_running_loop().run_in_executor(_STORE_POOL, func, *args)
    try:
        return await asyncio.wait_for(future, seconds)
    except asyncio.TimeoutError:
        raise ApiError(503, "the guard's store is busy (another process holds it?); "
                       "try again", code="BSM_GUARD_STORE_BUSY") from None
