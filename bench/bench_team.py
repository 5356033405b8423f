"""Load on a team: N seats sending through 2-3 guard processes on one PostgreSQL.

    python bench/bench_team.py [--seats 50] [--guards 3] [--seconds 20] [--think 1.0]

Everything runs on loopback and is started here: a PostgreSQL server (Debian's package,
initdb into a temporary folder, as the tests do), a TLS-inspecting company proxy that stands
in for Amazon (tests/team/company_proxy.py), and `bsm-guard run` processes. Seats log in to
the shared guards with per-seat proxy credentials (`--seats-file`, mitmproxy's proxyauth).
Each seat sends a realistic mix for a fixed time (compliant and violating Contact Buyer
messages, SP-API messages, Request a Review presses on a shared pool of orders, so seats
often press on the same order at the same moment), waiting `--think` seconds between sends.

The same load then runs three ways, and the script prints, per way: sends per second, p50
and p99 latency of a send and the latency added over sending straight to the company proxy,
lost records (sends without a verdict in the store; must be 0) and duplicate review requests
(orders whose review request reached "Amazon" more than once; must be 0 on a team store):

    direct      no guard (the baseline for "added")
    postgresql  the guards on one PostgreSQL (the team setup)
    sqlite      the same guards each on its own SQLite, as seats run today on one machine
"""

from __future__ import annotations

import argparse
import asyncio
import base64
import hashlib
import json
import random
import ssl
import statistics
import sys
import tempfile
import time
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

import aiohttp  # noqa: E402

from tests import pg  # noqa: E402
from tests.team import harness  # noqa: E402

COMPLIANT = [
    "Hello, about your order {o}: the blue colour you chose is out of stock. Would you like "
    "the grey one instead, or should we cancel the order? Please reply so we can proceed.",
    "Dear customer, your order {o} needs a delivery appointment for the sofa. Which day next "
    "week suits you? The carrier delivers between 8:00 and 18:00.",
    "Hello, for order {o} we need the engraving text you would like on the bracelet. Please "
    "reply with up to 20 characters.",
    "Guten Tag, zu Ihrer Bestellung {o}: Die Lieferung verzögert sich um zwei Tage. Wir bitten "
    "um Entschuldigung.",
]
VIOLATING = [
    "Thanks for order {o}! Leave a 5-star review and get a $10 gift card: "
    "http://deals.example.net/claim",
    "Order {o}: if you are happy, please leave us a positive review. Use code SAVE20 on your "
    "next order at www.mystore-example.com",
    "Hi! Order {o} shipped. Follow us on instagram.com/mystore for 15% off your next order.",
]
MIX = (("contact_ok", 55), ("contact_bad", 20), ("spapi", 10), ("review", 15))


def order_id(n: int) -> str:
    return f"113-{4000000 + n // 10_000_000:07d}-{n % 10_000_000:07d}"


class Seat:
    def __init__(self, n: int, proxy: str | None, trust: ssl.SSLContext, review_pool: int):
        self.name, self.password = f"seat{n:02d}", f"pw-{n}"
        self.proxy, self.trust = proxy, trust
        self.rng = random.Random(n)
        self.review_pool = review_pool
        self.latencies: list[float] = []
        self.errors: Counter = Counter()
        self.sent = 0
        self.warm_sent = 0  # untimed first sends: they have verdicts too

    def next_send(self, counter: list[int]) -> tuple[str, str, dict]:
        kind = self.rng.choices([k for k, _ in MIX], [w for _, w in MIX])[0]
        counter[0] += 1
        order = order_id(counter[0])
        if kind == "review":
            order = order_id(9_000_000 + self.rng.randrange(self.review_pool))
            return kind, harness.review_url(order), {}
        if kind == "spapi":
            return kind, harness.spapi_url(order), {
                "text": self.rng.choice(COMPLIANT).format(o=order)}
        texts = COMPLIANT if kind == "contact_ok" else VIOLATING
        return kind, harness.contact_url(order), harness.contact_body(
            self.rng.choice(texts).format(o=order))

    async def run(self, until: float, think: float, counter: list[int],
                  warm: asyncio.Barrier) -> None:
        basic = base64.b64encode(f"{self.name}:{self.password}".encode()).decode()
        auth = {"Proxy-Authorization": f"Basic {basic}"} if self.proxy else None
        async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as session:
            # Untimed: the seat's first send opens its connections (TLS to the guard, and the
            # guard's to the company proxy), which an agent pays once a session, not per send.
            _, url, body = self.next_send([10_000_000 + self.rng.randrange(1_000_000)])
            try:
                async with session.post(url, json=body, proxy=self.proxy, proxy_headers=auth,
                                        ssl=self.trust) as resp:
                    await resp.read()
                self.warm_sent += 1
            except Exception as exc:
                self.errors[f"warm-up {type(exc).__name__}"] += 1
            await warm.wait()
            until += time.monotonic()
            await asyncio.sleep(self.rng.random() * think)  # seats do not start in lockstep
            while time.monotonic() < until:
                kind, url, body = self.next_send(counter)
                started = time.perf_counter()
                try:
                    async with session.post(url, json=body, proxy=self.proxy,
                                            proxy_headers=auth, ssl=self.trust) as resp:
                        await resp.read()
                        if resp.status not in (200, 201, 400, 422):
                            self.errors[resp.status] += 1
                except Exception as exc:  # counted, not fatal: the bench reports it
                    self.errors[type(exc).__name__] += 1
                    continue
                self.latencies.append(time.perf_counter() - started)
                self.sent += 1
                await asyncio.sleep(think * (0.5 + self.rng.random()))


def htpasswd(path: Path, seats: int) -> None:
    lines = []
    for n in range(seats):
        digest = base64.b64encode(hashlib.sha1(f"pw-{n}".encode()).digest()).decode()
        lines.append(f"seat{n:02d}:{{SHA}}{digest}")
    path.write_text("\n".join(lines) + "\n")


async def load(proxies: list[str | None], trusts: list[ssl.SSLContext], seats: int,
               seconds: float, think: float, review_pool: int) -> tuple[list[Seat], float]:
    members = [Seat(n, proxies[n % len(proxies)], trusts[n % len(trusts)], review_pool)
               for n in range(seats)]
    counter = [0]
    warm = asyncio.Barrier(seats)
    await asyncio.gather(*(s.run(seconds, think, counter, warm) for s in members))
    return members, seconds


def review_duplicates(company: harness.CompanyProxy, since: int) -> int:
    arrivals = company.arrivals()[since:]
    per_order = Counter(a["path"] for a in arrivals if "/solicitations/" in a["path"])
    return sum(1 for n in per_order.values() if n > 1)


def wait_drained(guards: list[harness.Guard], timeout: float = 120) -> None:
    async def statuses():
        async with aiohttp.ClientSession() as s:
            out = []
            for g in guards:
                async with s.get(f"{g.api}/api/health") as resp:
                    out.append((await resp.json())["store"])
            return out

    deadline = time.time() + timeout
    while time.time() < deadline:
        if all(st["ok"] and st["queued"] == 0 for st in asyncio.run(statuses())):
            return
        time.sleep(0.5)
    raise TimeoutError("the guards did not write their queues")


def count_verdicts(urls: list[str]) -> int:
    from proxy.store import open_backend

    total = 0
    for url in urls:
        store = open_backend(url, Path("."))
        try:
            total += store.count_verdicts()
        finally:
            store.close()
    return total


def summarise(name: str, members: list[Seat], elapsed: float, base_p50: float | None,
              lost: int | str, duplicates: int | str) -> dict:
    latencies = sorted(x for s in members for x in s.latencies)
    sent = sum(s.sent for s in members)
    errors = sum((s.errors for s in members), Counter())
    p50 = statistics.median(latencies) * 1000 if latencies else float("nan")
    p99 = latencies[int(len(latencies) * 0.99) - 1] * 1000 if latencies else float("nan")
    return {"way": name, "sends": sent, "sends_per_s": sent / elapsed, "p50_ms": p50,
            "p99_ms": p99, "added_p50_ms": p50 - base_p50 if base_p50 is not None else 0.0,
            "lost": lost, "duplicate_reviews": duplicates, "errors": dict(errors)}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--seats", type=int, default=50)
    parser.add_argument("--guards", type=int, default=3, choices=(1, 2, 3, 4))
    parser.add_argument("--seconds", type=float, default=30)
    parser.add_argument("--think", type=float, default=3.0,
                        help="mean seconds a seat waits between sends")
    parser.add_argument("--review-pool", type=int, default=100,
                        help="orders the Request a Review presses are spread over")
    parser.add_argument("--ways", default="postgresql,sqlite",
                        help="which ways to run after 'direct', in this order")
    args = parser.parse_args(argv)

    tmp = Path(tempfile.mkdtemp(prefix="bsm-bench-team-"))
    seats_file = tmp / "seats.htpasswd"
    htpasswd(seats_file, args.seats)
    server = pg.start_server()
    company = harness.CompanyProxy(tmp)
    results = []
    try:
        direct_trust = ssl.create_default_context(cafile=str(company.ca))
        print(f"{args.seats} seats, {args.guards} guards, {args.seconds:g} s per way, "
              f"think {args.think:g} s; starting ...", flush=True)
        members, elapsed = asyncio.run(load([company.url], [direct_trust], args.seats,
                                            args.seconds, args.think, args.review_pool))
        results.append(summarise("direct", members, elapsed, None, "-", "-"))
        base = results[0]["p50_ms"]
        for way in args.ways.split(","):
            url = server.new_database() if way == "postgresql" else None
            guards = [harness.Guard(tmp / way, f"g{n}", url, company, "--seats-file",
                                    str(seats_file)) for n in range(args.guards)]
            try:
                for g in guards:
                    g.wait()
                since = len(company.arrivals())
                members, elapsed = asyncio.run(load(
                    [g.proxy for g in guards], [g.ca for g in guards], args.seats,
                    args.seconds, args.think, args.review_pool))
                wait_drained(guards)
                urls = [url] if url else [f"sqlite:///{g.data / 'guard.sqlite3'}"
                                          for g in guards]
                lost = sum(s.sent + s.warm_sent for s in members) - count_verdicts(urls)
                results.append(summarise(way, members, elapsed, base, lost,
                                         review_duplicates(company, since)))
            finally:
                for g in guards:
                    g.stop()
    finally:
        company.stop()
        server.destroy()
    print(f"{'way':<11} {'sends':>6} {'sends/s':>8} {'p50 ms':>7} {'p99 ms':>7} "
          f"{'added p50':>9} {'lost':>5} {'dup reviews':>11}  errors")
    for r in results:
        print(f"{r['way']:<11} {r['sends']:>6} {r['sends_per_s']:>8.1f} {r['p50_ms']:>7.1f} "
              f"{r['p99_ms']:>7.1f} {r['added_p50_ms']:>9.1f} {r['lost']!s:>5} "
              f"{r['duplicate_reviews']!s:>11}  {r['errors'] or '-'}")
    (tmp / "results.json").write_text(json.dumps(results, indent=2))
    print(f"(results: {tmp / 'results.json'})")
    team = [r for r in results if r["way"] == "postgresql"]
    bad = any(r["lost"] != 0 or r["duplicate_reviews"] != 0 for r in team)
    return 1 if bad else 0


if __name__ == "__main__":
    sys.exit(main())
