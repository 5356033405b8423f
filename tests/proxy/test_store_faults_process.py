"""Issue 8, finding 5 (the guard's side of it), against a real `bsm-guard run` process: a
database write lock held by another process must cost bounded time, never freeze the event
loop, and never lose a blocked message's text (the block answer carries it). The store's own
durable fallback and disk-full handling belong to the store (proxy/store.py)."""

from __future__ import annotations

import asyncio
import json
import sqlite3
import threading
import time

import aiohttp
import pytest

from addon.sends import blocking_config
from policy import Config, Severity
from tests.proxy.conftest import ORDER
from tests.proxy.guard_process import GuardProcess

SC = "https://sellercentral.amazon.com"
CONTACT = f"{SC}/messaging/api/orders/{ORDER}/contactBuyer"


@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    process = GuardProcess(tmp_path_factory.mktemp("store") / "data")
    process.wait_listening()
    process.wait_for_line("Press Ctrl-C")
    yield process
    process.stop()


async def _call(method, url, *, proxy=None, ssl=None, json_body=None, headers=None):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as s:
        async with s.request(method, url, json=json_body, headers=headers, proxy=proxy,
                             ssl=ssl) as resp:
            return resp.status, await resp.read()


def call(*args, **kwargs):
    started = time.monotonic()
    status, body = asyncio.run(_call(*args, **kwargs))
    return status, body, time.monotonic() - started


def test_a_held_write_lock_costs_bounded_time_and_loses_no_text(guard):
    token = guard.data_dir.joinpath("token").read_text().strip()
    call("POST", CONTACT, proxy=guard.proxy, ssl=guard.ca,  # creates the tables' pages
         json_body={"rawMessageBody": f"Order {ORDER}: leave 5 stars and get $10 back."})
    holder = sqlite3.connect(guard.data_dir / "guard.sqlite3", timeout=30,
                             isolation_level=None)
    holder.execute("BEGIN EXCLUSIVE")
    latencies: list[float] = []
    stop = threading.Event()

    def watch():
        while not stop.is_set():
            _, _, seconds = call("GET", f"{SC}/__bsm-guard/status", proxy=guard.proxy,
                                 ssl=guard.ca)
            latencies.append(seconds)
            time.sleep(0.1)

    watcher = threading.Thread(target=watch)
    watcher.start()
    try:
        sends = []
        for i in range(4):
            text = f"Order {ORDER}: leave us 5 stars and we refund you $10 (try {i})."
            status, body, seconds = call("POST", CONTACT, proxy=guard.proxy, ssl=guard.ca,
                                         json_body={"rawMessageBody": text})
            sends.append((status, json.loads(body)["error"], seconds, text))
        status, _, api_seconds = call("GET", f"{guard.api}/api/history",
                                      headers={"Authorization": f"Bearer {token}"})
    finally:
        stop.set()
        watcher.join()
        holder.execute("COMMIT")
        holder.close()
    for status_, error, seconds, text in sends:
        assert status_ == 422 and error["text"] == text  # the text comes back, whatever the store
        assert seconds < 10  # before: 24 s per send
    assert status in (200, 503) and api_seconds < 10  # read (WAL) or "busy", promptly
    assert max(latencies) < 5, latencies  # before: the loop froze for 14 s


@pytest.mark.parametrize("severity, spelling", [
    ({}, False), ({"S310": Severity.ERROR}, True), ({"S311": Severity.ERROR}, False)])
def test_spelling_and_grammar_stay_off_the_blocking_path_unless_they_are_errors(
        severity, spelling):
    config = blocking_config(Config(severity=severity))
    assert config.spelling is spelling
    assert config.grammar is ("S311" in severity)
