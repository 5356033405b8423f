"""Soak: the hostile cases of issue 8, all at once, while legitimate sends flow.

    python bench/soak_guard.py [--seconds 60] [--senders 2]

Starts on loopback, each in its own process: an HTTPS upstream standing in for Amazon (it
records what arrives) and the guard (`GuardService` with its API and the six languages warmed;
a tiny addon sends Amazon's hosts to the upstream, as there is no DNS here). Then:

1. baseline: legitimate sends alone for a few seconds (median latency);
2. attack, for --seconds: legitimate senders keep going (unique texts, alternating a
   compliant send that must arrive and a violating one that must be blocked with its text
   returned) while, each in its own thread:
   stall      3 Contact Buyer forms of 50,000 parts, over and over
   bombs      gzip, br and zstd bodies that inflate to 768 MiB
   slowbody   a 1 MB Contact Buyer body sent a few bytes at a time
   slowloris  API connections that send their headers one byte per second
   flood      1,100 idle API connections, reopened as the guard drops them
   checks     4 clients hammering /api/check without a token
   lock       another process holding the database's write lock 5 s out of every 12 s
   diskfull   the guard's data dir (database and durable queue) on a 64 MB tmpfs, filled to
              the last byte 5 s out of every 14 s; legitimate sends go on meanwhile
3. report: sends completed, worst added latency of legitimate sends (worst minus baseline
   median), the guard's peak RSS, lost records (a legitimate send with no verdict in the
   store at the end), lost blocked texts (a blocked send whose text was neither returned nor
   kept).

Bounded in time; nothing leaves the machine. The disk-full case mounts a tmpfs, which needs
root (or CAP_SYS_ADMIN); without it the run says so and goes on without that case.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import os
import re
import socket
import sqlite3
import ssl
import statistics
import subprocess
import sys
import tempfile
import threading
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_proxy import (  # noqa: E402
    free_ports, make_cert, serve_upstream, wait_port,
)

ORDER = "113-1234567-1234567"
ATTACKS = ("stall", "bombs", "slowbody", "slowloris", "flood", "checks", "lock", "diskfull")
DISK_MB = 64
SC_PATH = f"/messaging/api/orders/{ORDER}/contactBuyer?marketplaceId=ATVPDKIKX0DER"


# --- the guard process ------------------------------------------------------------------------


async def serve_guard(port: int, api_port: int, upstream: int, data_dir: str) -> None:
    import logging

    from bench.bench_proxy import Redirect
    from proxy.service import GuardService, open_state, owner_only_files
    from proxy.warmup import warm_up

    logging.basicConfig(level=logging.ERROR)
    owner_only_files()  # as `bsm-guard run` does
    state = open_state(Path(data_dir))
    service = GuardService(state, proxy_port=port, api_port=api_port,
                           extra_addons=[Redirect(upstream)], options={"ssl_insecure": True})
    await service.start()
    print(f"listening; warmed in {await warm_up(service):.1f} s", flush=True)
    await asyncio.Event().wait()


# --- clients ----------------------------------------------------------------------------------


class Proxy:
    def __init__(self, port: int, ca: Path):
        self.port = port
        self.trust = ssl.create_default_context(cafile=str(ca))

    def tls(self, host: str = "sellercentral.amazon.com", timeout: float = 120):
        sock = socket.create_connection(("127.0.0.1", self.port), timeout)
        sock.sendall(f"CONNECT {host}:443 HTTP/1.1\r\nHost: {host}:443\r\n\r\n".encode())
        answer = b""
        while b"\r\n\r\n" not in answer:
            chunk = sock.recv(4096)
            if not chunk:
                raise ConnectionError("CONNECT refused")
            answer += chunk
        return self.trust.wrap_socket(sock, server_hostname=host)

    def send(self, body: bytes, headers: dict | None = None, path: str = SC_PATH,
             trickle: int = 0) -> tuple[int, bytes]:
        sock = self.tls()
        try:
            head = [f"POST {path} HTTP/1.1", "Host: sellercentral.amazon.com",
                    f"Content-Length: {len(body)}", "Connection: close",
                    "Content-Type: application/json"]
            head += [f"{k}: {v}" for k, v in (headers or {}).items()]
            sock.sendall(("\r\n".join(head) + "\r\n\r\n").encode())
            if trickle:
                for i in range(0, len(body), trickle):
                    sock.sendall(body[i:i + trickle])
                    time.sleep(0.001)
            else:
                sock.sendall(body)
            data = b""
            while chunk := sock.recv(65536):
                data += chunk
        finally:
            sock.close()
        head, _, rest = data.partition(b"\r\n\r\n")
        return int(head.split()[1]), rest


class Ledger:
    def __init__(self):
        self.lock = threading.Lock()
        self.sends: list[dict] = []
        self.errors: list[str] = []


def legit_sender(proxy: Proxy, ledger: Ledger, stop: threading.Event, name: str) -> None:
    n = 0
    while not stop.is_set():
        n += 1
        tag = f"{name}-{n}-{time.monotonic_ns()}"
        if n % 2:
            text = (f"Hello, about your order {ORDER}: the blue lamp you chose is out of stock "
                    f"(reference {tag}). Would you like the grey one instead, or should we "
                    f"cancel the order? Please reply so we can proceed.")
            want = 200
        else:
            text = (f"Thanks for order {ORDER} ({tag})! Leave a 5-star review and get a $10 "
                    f"gift card: http://deals.example.net/claim")
            want = 422
        body = json.dumps({"topicId": "6", "rawMessageBody": text}).encode()
        started = time.monotonic()
        try:
            status, reply = proxy.send(body)
        except OSError as exc:
            with ledger.lock:
                ledger.errors.append(f"{name}: {type(exc).__name__}")
            continue
        elapsed = time.monotonic() - started
        with ledger.lock:
            ledger.sends.append({"text": text, "want": want, "status": status,
                                 "reply": reply, "seconds": elapsed, "tag": tag})


def repeat(stop: threading.Event, action, counter: dict, key: str) -> None:
    while not stop.is_set():
        try:
            action()
            counter[key] = counter.get(key, 0) + 1
        except Exception as exc:
            counter[key + " errors"] = counter.get(key + " errors", 0) + 1
            counter[key + " last"] = type(exc).__name__
            time.sleep(0.2)


def multipart(n: int) -> bytes:
    parts = "".join(f'--B\r\nContent-Disposition: form-data; name="f{i}"\r\n\r\nv\r\n'
                    for i in range(n))
    return (parts + "--B--\r\n").encode()


def bomb(coding: str, mb: int = 768) -> bytes:
    zeros = bytes(1 << 20)
    if coding == "gzip":
        c = zlib.compressobj(9, zlib.DEFLATED, 31)
        return b"".join(c.compress(zeros) for _ in range(mb)) + c.flush()
    if coding == "br":
        import brotli
        c = brotli.Compressor(quality=5)
        return b"".join(c.process(zeros) for _ in range(mb)) + c.finish()
    import zstandard
    c = zstandard.ZstdCompressor().compressobj()
    return b"".join(c.compress(zeros) for _ in range(mb)) + c.flush()


def slowloris(api_port: int, stop: threading.Event, counter: dict) -> None:
    socks: list[socket.socket] = []
    while not stop.is_set():
        while len(socks) < 30:
            try:
                s = socket.create_connection(("127.0.0.1", api_port), 5)
                s.sendall(b"GET /api/health HTTP/1.1\r\n")
                socks.append(s)
            except OSError:
                break
        for s in list(socks):
            try:
                s.sendall(b"X")
            except OSError:
                counter["slowloris closed by guard"] = counter.get(
                    "slowloris closed by guard", 0) + 1
                socks.remove(s)
                s.close()
        time.sleep(1)
    for s in socks:
        s.close()


def flood(api_port: int, stop: threading.Event, counter: dict) -> None:
    socks: list[socket.socket] = []
    while not stop.is_set():
        alive = []
        for s in socks:
            try:
                s.setblocking(False)
                if s.recv(1) == b"":
                    s.close()
                    continue
            except BlockingIOError:
                pass
            except OSError:
                s.close()
                continue
            alive.append(s)
        socks = alive
        while len(socks) < 1100 and not stop.is_set():
            try:
                socks.append(socket.create_connection(("127.0.0.1", api_port), 5))
            except OSError:
                break
        counter["flood connections held"] = len(socks)
        time.sleep(0.5)
    for s in socks:
        s.close()


def check_flood(api_port: int, stop: threading.Event, counter: dict) -> None:
    import urllib.request

    body = json.dumps({"text": f"Order {ORDER}: a quick question about your delivery."
                       * 20}).encode()
    while not stop.is_set():
        req = urllib.request.Request(f"http://127.0.0.1:{api_port}/api/check", data=body,
                                     headers={"Content-Type": "application/json"})
        try:
            with urllib.request.urlopen(req, timeout=30) as resp:
                counter[f"checks {resp.status}"] = counter.get(f"checks {resp.status}", 0) + 1
        except urllib.error.HTTPError as exc:
            counter[f"checks {exc.code}"] = counter.get(f"checks {exc.code}", 0) + 1
        except OSError:
            counter["checks errors"] = counter.get("checks errors", 0) + 1


def lock_holder(db: Path, stop: threading.Event, counter: dict) -> None:
    while not stop.is_set():
        time.sleep(7)
        if stop.is_set():
            break
        conn = sqlite3.connect(db, timeout=30, isolation_level=None)
        try:
            conn.execute("BEGIN EXCLUSIVE")
            counter["lock held"] = counter.get("lock held", 0) + 1
            time.sleep(5)
            conn.execute("COMMIT")
        finally:
            conn.close()


def disk_filler(folder: Path, stop: threading.Event, counter: dict) -> None:
    """Fill the file system under `folder` to the last byte for 5 s, every 14 s."""
    filler = folder / "filler.bin"
    chunk = b"\0" * (1 << 20)
    while not stop.wait(9):
        with open(filler, "wb", buffering=0) as handle:
            try:
                while True:
                    handle.write(chunk)
            except OSError:  # ENOSPC: now the small remainder, byte by byte
                for size in (65536, 4096, 512, 1):
                    try:
                        while True:
                            handle.write(chunk[:size])
                    except OSError:
                        pass
        counter["disk full"] = counter.get("disk full", 0) + 1
        stop.wait(5)
        filler.unlink()


def mount_small_disk(folder: Path) -> str | None:
    """A DISK_MB tmpfs on `folder`; None, or why not."""
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", f"size={DISK_MB}m,mode=0700", "tmpfs",
                           str(folder)], capture_output=True, text=True)
    return None if done.returncode == 0 else (done.stderr.strip() or "mount failed")


def peak_rss_mb(pid: int) -> float:
    status = Path(f"/proc/{pid}/status").read_text()
    return int(re.search(r"VmHWM:\s+(\d+) kB", status).group(1)) / 1024


# --- the run ----------------------------------------------------------------------------------


def run(args) -> int:
    from proxy.state import text_hash

    tmp = Path(tempfile.mkdtemp(prefix="bsm-soak-"))
    cert, _ = make_cert(tmp)
    up, proxy_port, api_port = free_ports(3)
    data = tmp / "guard"
    data.mkdir()
    mounted = False
    if "diskfull" in args.attacks:
        why = mount_small_disk(data)
        mounted = why is None
        if not mounted:
            print(f"diskfull: skipped, no tmpfs for it ({why})", flush=True)
    me = [sys.executable, str(Path(__file__).resolve())]
    upstream = subprocess.Popen([sys.executable, str(ROOT / "bench" / "bench_proxy.py"),
                                 "--serve", "upstream", "--port", str(up), "--dir", str(tmp)])
    guard = subprocess.Popen(me + ["--serve", "--port", str(proxy_port), "--api-port",
                                   str(api_port), "--upstream", str(up), "--dir", str(data)],
                             stdout=subprocess.PIPE, text=True)
    try:
        wait_port(up, upstream)
        print(guard.stdout.readline().strip(), flush=True)
        proxy = Proxy(proxy_port, data / "mitmproxy-ca-cert.pem")
        ledger = Ledger()

        stop = threading.Event()
        senders = [threading.Thread(target=legit_sender, args=(proxy, ledger, stop, f"b{i}"))
                   for i in range(args.senders)]
        for t in senders:
            t.start()
        time.sleep(args.baseline)
        with ledger.lock:
            baseline = [s["seconds"] for s in ledger.sends]
            first_attack = len(ledger.sends)
        base = statistics.median(baseline)
        print(f"baseline: {len(baseline)} sends, median {base * 1000:.1f} ms", flush=True)

        counter: dict = {}
        stall_body = multipart(50_000)
        bombs = {c: bomb(c) for c in ("gzip", "br", "zstd")}
        hostile = [
            *(threading.Thread(target=repeat, args=(stop, lambda: proxy.send(
                stall_body, {"Content-Type": "multipart/form-data; boundary=B"}),
                counter, "stall forms")) for _ in range(3)),
            *(threading.Thread(target=repeat, args=(stop, lambda c=c: proxy.send(
                bombs[c], {"Content-Encoding": c}), counter, f"{c} bombs"))
              for c in bombs),
            threading.Thread(target=repeat, args=(stop, lambda: proxy.send(
                b'{"rawMessageBody": "' + b"a" * (1 << 20) + b'"}', trickle=64),
                counter, "slow 1 MB bodies")),
            threading.Thread(target=slowloris, args=(api_port, stop, counter)),
            threading.Thread(target=flood, args=(api_port, stop, counter)),
            *(threading.Thread(target=check_flood, args=(api_port, stop, counter))
              for _ in range(4)),
            threading.Thread(target=lock_holder, args=(data / "guard.sqlite3", stop, counter)),
            threading.Thread(target=disk_filler, args=(data, stop, counter)),
        ]
        names = ["stall"] * 3 + ["bombs"] * 3 + ["slowbody", "slowloris", "flood"] + \
            ["checks"] * 4 + ["lock"] + (["diskfull"] if mounted else ["not mounted"])
        hostile = [t for t, name in zip(hostile, names) if name in args.attacks]
        attack_started = time.monotonic()
        for t in hostile:
            t.daemon = True
            t.start()
        time.sleep(args.seconds)
        stop.set()
        for t in senders:
            t.join(120)
        for t in hostile:
            t.join(30)
        attack_seconds = time.monotonic() - attack_started
        (data / "filler.bin").unlink(missing_ok=True)
        time.sleep(3)  # writes delayed by the lock or the full disk land
        peak = peak_rss_mb(guard.pid)
        alive = guard.poll() is None

        db = sqlite3.connect(f"file:{data / 'guard.sqlite3'}?mode=ro", uri=True, timeout=30)
        kept = {row[0]: row[1] for row in db.execute("SELECT text_hash, text FROM verdicts")}
        db.close()
        sends = ledger.sends
        attack = sends[first_attack:]
        ok = [s for s in sends if s["status"] == s["want"]]
        wrong = [s for s in sends if s["status"] != s["want"]]
        lost_records = [s for s in ok if text_hash(s["text"]) not in kept]
        blocked = [s for s in ok if s["want"] == 422]
        lost_texts = [s for s in blocked if s["text"] not in json.loads(s["reply"])["error"].get(
            "text", "") and kept.get(text_hash(s["text"])) != s["text"]]
        worst = max(s["seconds"] for s in attack) if attack else float("nan")
        during = [s["seconds"] for s in attack]
        print()
        print(f"bsm-guard soak: {attack_seconds:.0f} s of attacks on loopback, "
              f"{os.cpu_count()} CPUs, {args.senders} legitimate senders")
        print(f"  sends completed          {len(ok)} of {len(sends)} "
              f"({len(attack)} during the attacks; wrong answers {len(wrong)}, "
              f"client errors {len(ledger.errors)})")
        print(f"  latency, legitimate      baseline median {base * 1000:.0f} ms; during attacks "
              f"median {statistics.median(during) * 1000:.0f} ms, p99 "
              f"{sorted(during)[int(len(during) * .99) - 1] * 1000:.0f} ms")
        print(f"  worst added latency      {(worst - base) * 1000:.0f} ms")
        print(f"  guard peak RSS           {peak:.0f} MB (alive at the end: {alive})")
        print(f"  lost records             {len(lost_records)}")
        print(f"  lost blocked texts       {len(lost_texts)}")
        if mounted:
            print(f"  disk full                data dir on a {DISK_MB} MB tmpfs, filled "
                  f"{counter.get('disk full', 0)} times for 5 s")
        print(f"  attacks                  " + ", ".join(
            f"{k} {v}" for k, v in sorted(counter.items())))
        if wrong:
            print("  wrong answers:", sorted({(s["want"], s["status"]) for s in wrong}))
        return 0 if alive and not lost_records and not lost_texts else 1
    finally:
        for proc in (guard, upstream):
            proc.terminate()
        for proc in (guard, upstream):
            try:
                proc.wait(10)
            except subprocess.TimeoutExpired:
                proc.kill()
        if mounted:
            subprocess.run(["umount", "--lazy", str(data)], capture_output=True)


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--seconds", type=float, default=60)
    parser.add_argument("--baseline", type=float, default=5)
    parser.add_argument("--senders", type=int, default=2)
    parser.add_argument("--attacks", nargs="+", default=list(ATTACKS), choices=ATTACKS,
                        help="which attacks to run (default: all)")
    parser.add_argument("--serve", action="store_true", help=argparse.SUPPRESS)
    parser.add_argument("--port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--api-port", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--upstream", type=int, help=argparse.SUPPRESS)
    parser.add_argument("--dir", help=argparse.SUPPRESS)
    args = parser.parse_args()
    if args.serve:
        asyncio.run(serve_guard(args.port, args.api_port, args.upstream, args.dir))
        return 0
    return run(args)


if __name__ == "__main__":
    sys.exit(main())
