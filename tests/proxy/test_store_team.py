"""A team: two real `bsm-guard run` processes on one PostgreSQL, behind a company proxy.

Everything is real and on loopback: the PostgreSQL server the test starts, two guard
processes (seats anna and ben) with `--store`, `--seat`, `--upstream-proxy` and
`--upstream-ca-bundle`, and a TLS-inspecting company proxy (mitmdump) that stands in for
Amazon and logs what reached it.
"""

import asyncio
import json
import os
import subprocess
import time

import aiohttp
import pytest

from tests import pg
from tests.team import harness
from tests.team.harness import contact_body, contact_url, review_url

pytestmark = pytest.mark.slow

VIOLATING = ("Thanks for order {order}! Leave a 5-star review and get a $10 gift card: "
             "http://deals.example.net/claim")
COMPLIANT = ("Hello, about your order {order}: the blue colour you chose is out of stock. "
             "Would you like us to send the grey one instead, or should we cancel the order? "
             "Please reply so we can proceed.")


@pytest.fixture(scope="module")
def team(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("team")
    server = pg.start_server()
    company = None
    guards = []
    try:
        url = server.new_database()
        company = harness.CompanyProxy(tmp)
        guards = [harness.Guard(tmp, name, url, company) for name in ("anna", "ben")]
        for guard in guards:
            guard.wait()
        yield {"server": server, "url": url, "company": company, "guards": guards, "tmp": tmp}
    finally:
        for guard in guards:
            guard.stop()
        if company:
            company.stop()
        server.destroy()


async def send(session, guard, method, url, body=None):
    async with session.request(method, url, json=body, proxy=guard.proxy, ssl=guard.ca,
                               timeout=aiohttp.ClientTimeout(total=30)) as resp:
        return resp.status, resp.headers.get("X-BSM-Guard-Verdict", ""), await resp.read()


def run(coro):
    return asyncio.run(coro)


def cli(*args):
    done = subprocess.run([str(harness.BIN / "bsm-guard"), *args], capture_output=True,
                          text=True, timeout=60)
    assert done.returncode == 0, done.stderr
    return done.stdout


async def health(guard):
    async with aiohttp.ClientSession() as s, s.get(f"{guard.api}/api/health") as resp:
        return await resp.json()


def test_two_guards_share_history_and_seats(team):
    anna, ben = team["guards"]

    async def go():
        async with aiohttp.ClientSession() as s:
            blocked = await send(s, anna, "POST", contact_url("113-1000000-0000001"),
                                 contact_body(VIOLATING.format(order="113-1000000-0000001")))
            passed = await send(s, ben, "POST", contact_url("113-1000000-0000002"),
                                contact_body(COMPLIANT.format(order="113-1000000-0000002")))
            return blocked, passed

    blocked, passed = run(go())
    assert blocked[0] == 422 and passed[0] == 200
    paths = [a["path"] for a in team["company"].arrivals()]
    assert "/messaging/api/orders/113-1000000-0000002/contactBuyer" in paths
    assert "/messaging/api/orders/113-1000000-0000001/contactBuyer" not in paths
    history = json.loads(cli("history", "--store", team["url"], "--format", "json",
                             "--data-dir", str(team["tmp"] / "cli")))
    seats = {(v["order_id"], v["seat"], v["action"]) for v in history}
    assert ("113-1000000-0000001", "anna", "blocked") in seats
    assert ("113-1000000-0000002", "ben", "forwarded") in seats
    blocked_id = next(v["id"] for v in history if v["order_id"] == "113-1000000-0000001")
    # ben is not a lead: anna's blocked text is not his to read; a lead reads it
    shown = cli("history", "show", str(blocked_id), "--store", team["url"], "--seat", "ben",
                "--data-dir", str(team["tmp"] / "cli"))
    assert "only a lead" in shown and "gift card" not in shown
    cli("seat", "add", "lee", "--lead", "--store", team["url"],
        "--data-dir", str(team["tmp"] / "cli"))
    shown = cli("history", "show", str(blocked_id), "--store", team["url"], "--seat", "lee",
                "--data-dir", str(team["tmp"] / "cli"))
    assert "gift card" in shown


def test_a_policy_change_reaches_the_other_guard_within_seconds(team):
    anna, ben = team["guards"]

    async def go():
        async with aiohttp.ClientSession() as s:
            async with s.put(f"{anna.api}/api/settings", json={"mode": "warn"},
                             headers={"Authorization": f"Bearer {anna.token}"}) as resp:
                assert resp.status == 200, await resp.text()
            started = time.monotonic()
            while (await health(ben))["mode"] != "warn":
                assert time.monotonic() - started < 5, "ben did not pick up the change"
                await asyncio.sleep(0.1)
            seen_after = time.monotonic() - started
            order = "113-1000000-0000003"
            result = await send(s, ben, "POST", contact_url(order),
                                contact_body(VIOLATING.format(order=order)))
            async with s.put(f"{anna.api}/api/settings", json={"mode": "block"},
                             headers={"Authorization": f"Bearer {anna.token}"}) as resp:
                assert resp.status == 200
            while (await health(ben))["mode"] != "block":
                await asyncio.sleep(0.1)
            return seen_after, result

    seen_after, (status, verdict, _) = run(go())
    assert status == 200 and verdict.startswith("block")  # warn mode: annotated, let through
    state = run(health(ben))["store"]
    assert state["ok"] and state["seat"] == "ben" and state["settings_version"] >= 2
    print(f"policy change seen by the other guard after {seen_after:.2f} s")


@pytest.mark.parametrize("round_", range(int(os.environ.get("BSM_RACE_ROUNDS", "3"))))
def test_concurrent_review_requests_through_two_guards(team, round_):
    """Both seats press Request a Review on the same order at the same moment, 20 orders a
    round: each order reaches Amazon once, and the other press gets C208. More rounds:
    BSM_RACE_ROUNDS=20."""
    anna, ben = team["guards"]
    orders = [f"113-2{round_:06d}-{n:07d}" for n in range(20)]

    async def go():
        async with aiohttp.ClientSession() as s:
            results = []
            for order in orders:
                results.append(await asyncio.gather(
                    send(s, anna, "POST", review_url(order), {}),
                    send(s, ben, "POST", review_url(order), {})))
            return results

    results = run(go())
    arrived = [a["path"] for a in team["company"].arrivals()]
    for order, pair in zip(orders, results):
        statuses = sorted(status for status, _, _ in pair)
        assert statuses == [200, 422], (order, pair)
        loser = next(body for status, _, body in pair if status == 422)
        assert b"C208" in loser
        assert sum(order in path for path in arrived) == 1, order
    from proxy.store.postgres import PostgresStore

    store = PostgresStore(team["url"])
    try:
        assert all(len(store.review_requests(order)) == 1 for order in orders)
    finally:
        store.close()


def test_database_stopped_mid_run_loses_no_record(team):
    """Sends keep flowing through both guards while PostgreSQL is down for a few seconds;
    afterwards the database has a verdict for every send."""
    anna, ben = team["guards"]
    server = team["server"]
    from proxy.store.postgres import PostgresStore

    def count():
        store = PostgresStore(team["url"])
        try:
            return store.count_verdicts()
        finally:
            store.close()

    before = count()

    async def go():
        sent, slowest = 0, 0.0
        async with aiohttp.ClientSession() as s:
            for n in range(60):
                if n == 15:
                    server.stop("immediate")
                if n == 45:
                    server.start()
                guard = (anna, ben)[n % 2]
                order = f"113-3000000-{n:07d}"
                text = (VIOLATING if n % 3 == 0 else COMPLIANT).format(order=order)
                started = time.perf_counter()
                status, _, _ = await send(s, guard, "POST", contact_url(order),
                                          contact_body(text))
                slowest = max(slowest, time.perf_counter() - started)
                assert status == (422 if n % 3 == 0 else 200), (n, status)
                sent += 1
                if 15 < n < 45:
                    await asyncio.sleep(0.1)
            return sent, slowest

    sent, slowest = run(go())
    deadline = time.time() + 60
    while time.time() < deadline:
        states = [run(health(g))["store"] for g in (anna, ben)]
        if all(st["ok"] for st in states):
            break
        time.sleep(0.5)
    assert all(st["ok"] and st["queued"] == 0 for st in states), states
    assert count() - before == sent
    assert slowest < 3.0, f"a send took {slowest:.1f} s while the database was down"
