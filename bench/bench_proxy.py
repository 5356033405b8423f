"""Benchmark: what the guard adds to mitmproxy, measured side by side on the same traffic.

    python bench/bench_proxy.py [--sends 300] [--downloads 30] [--small 300]

Starts, each in its own process on loopback: a local HTTPS upstream (standing in for Amazon
and for "any other site"), the guard (`GuardService`, API off, the six languages warmed as
`bsm-guard run` does), and plain `mitmdump` with the same options but no guard. In both proxies
a tiny addon sends the Amazon hosts' requests to the local upstream (no DNS here).

Then, alternating between the two proxies request by request so that drift hits both alike:
1. intercepted sends: compliant Contact Buyer POSTs over one reused connection, every one a
   different text (greeting, reason, question and sign-off drawn from five languages), so
   no cache can flatter the figures; per-request latency, median/p90/p99, and the guard's
   added time (guard minus plain mitmdump). Target: < 10 ms added at the median.
2. pass-through: a tunnel to a non-Amazon host (TLS untouched): bulk download throughput (MB/s)
   and small requests per second on a reused tunnel; guard / plain ratio. Target: within 5%.
Loops are bounded; nothing leaves the machine.
"""

from __future__ import annotations

import argparse
import asyncio
import datetime as dt
import http.client
import ipaddress
import json
import os
import socket
import ssl
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

ORDER = "113-1234567-1234567"
SEND_PATH = f"/messaging/api/orders/{ORDER}/contactBuyer?marketplaceId=ATVPDKIKX0DER"
MESSAGE = (
    f"Hello Alex, about your order {ORDER}: the oak finish you chose for the bookcase is out of "
    "stock until the end of next month. We can send the same bookcase in the walnut finish this "
    "week at the same price, or hold your order until the oak finish is back, or cancel the order "
    "with a full refund if you prefer. The walnut finish is slightly darker and has the same "
    "dimensions and hardware. Please reply to this message with the option you would like, so "
    "that we can complete your order. If we do not hear from you within five days, we will hold "
    "the order for the oak finish. Kind regards, the Oakline Home team."
)
BLOB = os.urandom(2 * 1024 * 1024)

# Pieces of compliant order messages; a send is one of each, so texts vary in words, length
# and language (the same language throughout one message).
PIECES = {
    "en": (("Hello {name},", "Hi {name},", "Dear {name},"),
           ("about your order {order}: the {item} you chose is out of stock until next month.",
            "your order {order} for the {item} is packed, but the carrier needs a delivery time.",
            "for your custom {item} in order {order} we need the engraving text."),
           ("Would you like a replacement in grey, or should we cancel the order?",
            "Which day next week suits you for the delivery?",
            "Please reply with the text you want, up to 20 characters."),
           ("Kind regards, {shop}", "Thank you, {shop}", "Best wishes, the {shop} team")),
    "de": (("Hallo {name},", "Guten Tag {name},"),
           ("zu Ihrer Bestellung {order}: {item} ist erst nächsten Monat wieder lieferbar.",
            "Ihre Bestellung {order} ({item}) ist verpackt, der Spediteur braucht einen Termin."),
           ("Möchten Sie stattdessen die graue Ausführung, oder sollen wir stornieren?",
            "Welcher Tag nächste Woche passt Ihnen für die Lieferung?"),
           ("Viele Grüße, {shop}", "Mit freundlichen Grüßen, {shop}")),
    "fr": (("Bonjour {name},",),
           ("concernant votre commande {order} : {item} est en rupture jusqu'au mois prochain.",),
           ("Souhaitez-vous la version grise, ou devons-nous annuler la commande ?",),
           ("Cordialement, {shop}",)),
    "es": (("Hola {name}:",),
           ("sobre su pedido {order}: {item} está agotado hasta el mes que viene.",),
           ("¿Prefiere la versión gris o cancelamos el pedido?",),
           ("Saludos, {shop}",)),
    "it": (("Buongiorno {name},",),
           ("riguardo al suo ordine {order}: {item} è esaurito fino al mese prossimo.",),
           ("Preferisce la versione grigia o annulliamo l'ordine?",),
           ("Cordiali saluti, {shop}",)),
}
NAMES = ("Alex", "Sam", "Maria", "Jonas", "Chloé", "Lucía", "Marco", "Priya", "Kenji", "Ada")
ITEMS = ("oak bookcase", "blue lamp", "walnut desk", "linen curtain", "steel kettle",
         "wool rug", "glass vase", "canvas bag")
SHOPS = ("Oakline Home", "Brightway", "Nordlicht", "Maison Claire", "Casa Sol")


def varied_message(i: int) -> str:
    """The i-th benchmark text: deterministic, and different for every i."""
    import random

    rng = random.Random(i)
    language = rng.choice(list(PIECES))
    parts = [rng.choice(options) for options in PIECES[language]]
    fill = {"name": rng.choice(NAMES), "order": ORDER, "item": rng.choice(ITEMS),
            "shop": rng.choice(SHOPS)}
    return " ".join(part.format(**fill) for part in parts) + f" (ref {i})"


# --- processes ------------------------------------------------------------------------------


class Redirect:
    """Send what a proxy lets through for Amazon's hosts to the local upstream."""

    def __init__(self, port: int):
        self.port = port

    def request(self, flow):
        from addon.hosts import surface

        if not flow.response and surface(flow.request.host):
            flow.request.host, flow.request.port = "127.0.0.1", self.port


async def serve_upstream(port: int, cert: str, key: str) -> None:
    from aiohttp import web

    async def post(request):
        await request.read()
        return web.json_response({"ok": True})

    async def blob(request):
        return web.Response(body=BLOB, content_type="application/octet-stream")

    async def small(request):
        return web.Response(text="ok")

    app = web.Application()
    app.router.add_post("/{tail:.*}", post)
    app.router.add_get("/blob", blob)
    app.router.add_get("/small", small)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
    context.load_cert_chain(cert, key)
    await web.TCPSite(runner, "127.0.0.1", port, ssl_context=context).start()
    await asyncio.Event().wait()


async def serve_proxy(kind: str, port: int, upstream: int, data_dir: str) -> None:
    import logging

    logging.basicConfig(level=logging.WARNING)
    if kind == "guard":
        from proxy.service import GuardService, open_state
        from proxy.warmup import warm_up

        state = open_state(Path(data_dir))
        service = GuardService(state, proxy_port=port, api=False,
                               extra_addons=[Redirect(upstream)], options={"ssl_insecure": True})
        await service.start()
        await warm_up(service)
        Path(data_dir, "warm").touch()
    await asyncio.Event().wait()


# --- client ---------------------------------------------------------------------------------


def free_ports(n: int) -> list[int]:
    socks = [socket.socket() for _ in range(n)]
    try:
        for sock in socks:  # all bound at once, so the ports differ
            sock.bind(("127.0.0.1", 0))
        return [sock.getsockname()[1] for sock in socks]
    finally:
        for sock in socks:
            sock.close()


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 30) -> None:
    deadline = time.monotonic() + timeout
    while time.monotonic() < deadline:
        if proc.poll() is not None:
            raise SystemExit(f"a benchmark process exited early: {proc.args}")
        with socket.socket() as sock:
            if sock.connect_ex(("127.0.0.1", port)) == 0:
                return
        time.sleep(0.05)
    raise SystemExit(f"port {port} did not open")


def make_cert(tmp: Path) -> tuple[Path, Path]:
    from cryptography import x509
    from cryptography.hazmat.primitives import hashes, serialization
    from cryptography.hazmat.primitives.asymmetric import ec
    from cryptography.x509.oid import NameOID

    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bench upstream")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1)).not_valid_after(now + dt.timedelta(days=1))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    (tmp / "up.pem").write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    (tmp / "up.key").write_bytes(key.private_bytes(
        serialization.Encoding.PEM, serialization.PrivateFormat.PKCS8,
        serialization.NoEncryption()))
    return tmp / "up.pem", tmp / "up.key"


def connect(proxy_port: int, host: str, port: int, context: ssl.SSLContext):
    conn = http.client.HTTPSConnection("127.0.0.1", proxy_port, context=context, timeout=30)
    conn.set_tunnel(host, port)
    return conn


def timed(conn, method: str, path: str, body: bytes | None = None,
          headers: dict | None = None) -> tuple[float, int, int]:
    start = time.perf_counter()
    conn.request(method, path, body=body, headers=headers or {})
    resp = conn.getresponse()
    data = resp.read()
    return time.perf_counter() - start, resp.status, len(data)


def pct(values: list[float], q: float) -> float:
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]


def ms(seconds: float) -> str:
    return f"{seconds * 1000:7.2f} ms"


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--sends", type=int, default=300)
    parser.add_argument("--downloads", type=int, default=30)
    parser.add_argument("--small", type=int, default=300)
    parser.add_argument("--serve", choices=("upstream", "guard"), help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--upstream", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve == "upstream":
        asyncio.run(serve_upstream(args.port, f"{args.dir}/up.pem", f"{args.dir}/up.key"))
        return 0
    if args.serve:
        asyncio.run(serve_proxy(args.serve, args.port, args.upstream, args.dir))
        return 0

    tmp = Path(tempfile.mkdtemp(prefix="bsm-bench-"))
    cert, _ = make_cert(tmp)
    up, guard_port, plain_port = free_ports(3)
    guard_dir, plain_dir = tmp / "guard", tmp / "plain"
    guard_dir.mkdir(mode=0o700)
    plain_dir.mkdir()
    me = [sys.executable, str(Path(__file__).resolve())]
    procs = [
        subprocess.Popen(me + ["--serve", "upstream", "--port", str(up), "--dir", str(tmp)]),
        subprocess.Popen(me + ["--serve", "guard", "--port", str(guard_port), "--upstream",
                               str(up), "--dir", str(guard_dir)]),
        subprocess.Popen(mitmdump_command(plain_port, up, plain_dir), cwd=ROOT),
    ]
    try:
        for port, proc in zip((up, guard_port, plain_port), procs):
            wait_port(port, proc)
        deadline = time.monotonic() + 120
        while not (guard_dir / "warm").exists() and time.monotonic() < deadline:
            time.sleep(0.1)
        run(up, cert, {"guard": (guard_port, guard_dir), "plain": (plain_port, plain_dir)}, args)
    finally:
        for proc in procs:
            proc.terminate()
        for proc in procs:
            proc.wait(10)
    return 0


def mitmdump_command(port: int, upstream: int, data_dir: Path) -> list[str]:
    """Plain mitmdump: the guard's options (confdir, anchored allow_hosts, lazy connections),
    the same redirect to the local upstream, no guard."""
    from addon.hosts import allow_hosts_patterns

    script = data_dir / "redirect.py"
    script.write_text(
        "from addon.hosts import surface\n\n\n"
        "class Redirect:\n"
        "    def request(self, flow):\n"
        "        if not flow.response and surface(flow.request.host):\n"
        f"            flow.request.host, flow.request.port = '127.0.0.1', {upstream}\n\n\n"
        "addons = [Redirect()]\n")
    command = [str(Path(sys.executable).with_name("mitmdump")), "-q",
               "--listen-host", "127.0.0.1", "-p", str(port), "--set", f"confdir={data_dir}",
               "--set", "connection_strategy=lazy", "--set", "ssl_insecure=true",
               "-s", str(script)]
    for pattern in allow_hosts_patterns():
        command += ["--allow-hosts", pattern]
    return command


def policy_time(n: int) -> float:
    """Median time of `policy.check` on the benchmark message in this process, with the
    default configuration the guard uses (spelling and grammar on)."""
    import policy

    message = {"text": MESSAGE, "order_id": ORDER, "marketplace": "ATVPDKIKX0DER"}
    for _ in range(10):
        policy.check(message)
    times = []
    for _ in range(n):
        start = time.perf_counter()
        policy.check(message)
        times.append(time.perf_counter() - start)
    return statistics.median(times)


def hook_times(n: int) -> tuple[float, float]:
    """Median time of the guard's request hook on one intercepted send, in this process with
    mitmproxy's test flows: (with a stub engine = the guard's own work, for a non-Amazon flow)."""
    import policy
    from mitmproxy import http
    from mitmproxy.addons import proxyserver
    from mitmproxy.test import taddons, tflow, tutils

    from addon.guard import Guard
    from proxy.service import open_state

    def flow(host: str):
        body = json.dumps({"rawMessageBody": MESSAGE}).encode()
        req = tutils.treq(host=host, port=443, scheme=b"https", method=b"POST",
                          path=SEND_PATH.encode(), authority=b"", content=body,
                          headers=http.Headers(((b"content-type", b"application/json"),)))
        return tflow.tflow(req=req)

    async def measure() -> tuple[float, float]:
        state = open_state(Path(tempfile.mkdtemp(prefix="bsm-bench-hook-")))
        guard = Guard(state, check=lambda message, config: policy.Report())
        out = []
        with taddons.context(proxyserver.Proxyserver(), guard):
            for host in ("sellercentral.amazon.com", "example.org"):
                times = []
                for _ in range(n):
                    f = flow(host)
                    start = time.perf_counter()
                    await guard.request(f)
                    times.append(time.perf_counter() - start)
                out.append(statistics.median(times))
        guard.done()
        state.store.close()
        return out[0], out[1]

    return asyncio.run(measure())


def run(up: int, cert: Path, proxies: dict, args) -> None:
    trust = {name: ssl.create_default_context(cafile=str(d / "mitmproxy-ca-cert.pem"))
             for name, (_, d) in proxies.items()}
    upstream_trust = ssl.create_default_context(cafile=str(cert))
    def body(i: int) -> bytes:
        return json.dumps({"topicId": "6", "rawMessageBody": varied_message(i),
                           "attachments": []}).encode()

    headers = {"Content-Type": "application/json"}
    names = list(proxies)

    # 1. intercepted sends on a reused connection per proxy
    conns = {n: connect(proxies[n][0], "sellercentral.amazon.com", 443, trust[n]) for n in names}
    for n in names:  # warm up: TLS and the CA's leaf certificate (the engine is warm already)
        for i in range(5):
            _, status, _ = timed(conns[n], "POST", SEND_PATH, body(-1 - i), headers)
    lat = {n: [] for n in names}
    blocked = 0
    for i in range(args.sends):
        for n in (names if i % 2 == 0 else names[::-1]):
            t, status, _ = timed(conns[n], "POST", SEND_PATH, body(i), headers)
            assert status == 200 or (n == "guard" and status == 422), f"{n}: {status}"
            blocked += status == 422
            lat[n].append(t)
    for c in conns.values():
        c.close()

    # 2. pass-through: a tunnel to a non-Amazon host, TLS untouched
    tun = {n: connect(proxies[n][0], "localhost", up, upstream_trust) for n in names}
    for n in names:
        for _ in range(3):
            timed(tun[n], "GET", "/blob")
    bulk = {n: [0.0, 0] for n in names}
    for i in range(args.downloads):
        for n in (names if i % 2 == 0 else names[::-1]):
            t, status, size = timed(tun[n], "GET", "/blob")
            assert status == 200 and size == len(BLOB)
            bulk[n][0] += t
            bulk[n][1] += size
    small = {n: 0.0 for n in names}
    for i in range(args.small):
        for n in (names if i % 2 == 0 else names[::-1]):
            t, status, _ = timed(tun[n], "GET", "/small")
            assert status == 200
            small[n] += t
    for c in tun.values():
        c.close()

    engine = policy_time(args.sends)
    own, other = hook_times(args.sends)
    g, p = lat["guard"], lat["plain"]
    lengths = [len(varied_message(i)) for i in range(args.sends)]
    print(f"bsm-guard proxy benchmark (loopback, {os.cpu_count()} CPUs, {args.sends} sends per "
          f"proxy, all different texts of {min(lengths)}-{max(lengths)} characters in 5 "
          f"languages; the guard blocked {blocked})")
    print()
    print("Intercepted Contact Buyer send, reused connection   median      p90       p99")
    print(f"  plain mitmdump                                 {ms(statistics.median(p))} "
          f"{ms(pct(p, .9))} {ms(pct(p, .99))}")
    print(f"  bsm-guard                                      {ms(statistics.median(g))} "
          f"{ms(pct(g, .9))} {ms(pct(g, .99))}")
    added = statistics.median(g) - statistics.median(p)
    print(f"  added by the guard                             {ms(added)} "
          f"{ms(pct(g, .9) - pct(p, .9))} {ms(pct(g, .99) - pct(p, .99))}"
          f"   target < 10 ms median: {'met' if added < 0.010 else 'MISSED'}")
    print(f"  of which the policy engine (same message, timed alone)  {ms(engine)}")
    print(f"  the guard hook's own work (stub engine, in process)    {ms(own)}")
    print(f"  the guard hook on a non-Amazon HTTP flow (in process)   {other * 1e6:7.1f} us")
    print()
    mbps = {n: bulk[n][1] / bulk[n][0] / 1e6 for n in names}
    rps = {n: args.small / small[n] for n in names}
    print("Pass-through (tunnelled, non-Amazon host)        plain mitmdump    bsm-guard   ratio")
    print(f"  bulk download ({args.downloads} x {len(BLOB) // 2**20} MB)                "
          f"{mbps['plain']:9.1f} MB/s {mbps['guard']:7.1f} MB/s  {mbps['guard'] / mbps['plain']:.3f}")
    print(f"  small requests on a reused tunnel ({args.small})     "
          f"{rps['plain']:9.0f} req/s {rps['guard']:6.0f} req/s {rps['guard'] / rps['plain']:.3f}")
    worst = min(mbps["guard"] / mbps["plain"], rps["guard"] / rps["plain"])
    print(f"  target within 5% of plain mitmdump: {'met' if worst >= 0.95 else 'MISSED'} "
          f"(worst ratio {worst:.3f})")


if __name__ == "__main__":
    sys.exit(main())
