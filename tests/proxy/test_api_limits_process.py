"""Issue 8, finding 6, against a real `bsm-guard run` process: the local API cannot be used
to starve the guard (idle-connection floods, slowloris, /api/check floods)."""

from __future__ import annotations

import asyncio
import json
import socket
import threading
import time

import aiohttp
import pytest

from tests.proxy.conftest import ORDER
from tests.proxy.guard_process import GuardProcess

SC = "https://sellercentral.amazon.com"
CONTACT = f"{SC}/messaging/api/orders/{ORDER}/contactBuyer"
BLOCKED = f"Order {ORDER}: leave us a 5-star review and we refund you $10."


@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    # A desktop's usual descriptor limit: the flood below would exhaust it.
    process = GuardProcess(tmp_path_factory.mktemp("limits") / "data", nofile=1024)
    process.wait_listening()
    process.wait_for_line("Press Ctrl-C")
    yield process
    process.stop()


async def _get(url, *, proxy=None, ssl=None, method="GET", json_body=None, headers=None,
               timeout=20):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as s:
        async with s.request(method, url, proxy=proxy, ssl=ssl, json=json_body,
                             headers=headers) as resp:
            return resp.status, await resp.read()


def get(*args, **kwargs):
    return asyncio.run(_get(*args, **kwargs))


def test_an_idle_connection_flood_locks_out_neither_sends_nor_the_api(guard):
    held = []
    try:
        for _ in range(1100):
            try:
                held.append(socket.create_connection(("127.0.0.1", guard.api_port), 5))
            except OSError:
                break
        time.sleep(0.5)
        status, body = get(CONTACT, method="POST", proxy=guard.proxy, ssl=guard.ca,
                           json_body={"rawMessageBody": BLOCKED})
        assert status == 422, body[:200]
        status, body = get(f"{guard.api}/api/health")
        assert status == 200 and json.loads(body)["ok"] is True
    finally:
        for sock in held:
            sock.close()
    assert guard.alive()


def test_slowloris_connections_are_closed(guard):
    sock = socket.create_connection(("127.0.0.1", guard.api_port), 5)
    sock.settimeout(1)
    request = f"GET /api/health HTTP/1.1\r\nHost: 127.0.0.1:{guard.api_port}\r\nX-Slow: "
    started = time.monotonic()
    closed_after = None
    try:
        for byte in request.encode() + b"a" * 60:
            try:
                sock.sendall(bytes([byte]))
                if sock.recv(1024) == b"":
                    closed_after = time.monotonic() - started
                    break
            except socket.timeout:
                continue
            except OSError:
                closed_after = time.monotonic() - started
                break
    finally:
        sock.close()
    # Closed after the 15 s request timeout; before, it stayed open as long as bytes came.
    assert closed_after is not None and closed_after < 30


def test_check_floods_are_rate_limited_per_client_and_off_the_loop(guard):
    token = guard.data_dir.joinpath("token").read_text().strip()
    statuses: list[int] = []
    stop = threading.Event()
    message = {"text": BLOCKED * 8, "order_id": ORDER}

    def flood():
        async def run():
            async with aiohttp.ClientSession() as s:
                while not stop.is_set():
                    async with s.post(f"{guard.api}/api/check", json=message) as resp:
                        statuses.append(resp.status)
                        await resp.read()
        asyncio.run(run())

    flooders = [threading.Thread(target=flood) for _ in range(4)]
    for t in flooders:
        t.start()
    try:
        time.sleep(1.0)
        paired, latencies = [], []
        for _ in range(5):
            status, _ = get(f"{guard.api}/api/check", method="POST", json_body=message,
                            headers={"Authorization": f"Bearer {token}"})
            paired.append(status)
            started = time.monotonic()
            status, _ = get(f"{SC}/__bsm-guard/status", proxy=guard.proxy, ssl=guard.ca)
            latencies.append(time.monotonic() - started)
            assert status == 200
            time.sleep(0.2)
    finally:
        stop.set()
        for t in flooders:
            t.join(30)
    assert 429 in statuses  # the anonymous flood is slowed down ...
    assert paired == [200] * 5  # ... and the paired extension is not
    assert max(latencies) < 3.0, latencies
