"""Memory of the real guard process: `bsm-guard run` as a seller runs it, measured from outside.

bench/bench_memory.py measures the engine inside one interpreter; the guard adds mitmproxy,
aiohttp, the store, the warm-up and its threads. This starts `python -m proxy run` on free
loopback ports with a temporary data dir, waits for the warm-up, sends corpus messages in the
six languages to `/api/check` (the paired extension's token) and a few blocked Contact Buyer
sends through the proxy (the guard answers those itself, so no upstream is needed), waits for
the process to go idle, and prints:

- RSS and PSS (/proc/<pid>/smaps_rollup) at listen, after the warm-up, after the checks and
  idle, and the peak (VmHWM);
- the first check's time in each language after the warm-up (what a seller waits on a first
  send), and the median over the rest;
- where the idle RSS is, from /proc/<pid>/smaps: anonymous memory (the Python heap and the
  engine's arrays) and each mapped file (shared libraries) above 2 MB;
- the grammar worker (Harper in a child process, proxy/grammar_worker.py): its RSS while it
  runs, that it is gone once idle (`--grammar-idle`, passed to the guard as
  $BSM_GUARD_GRAMMAR_IDLE_SECONDS), and the first English check after its idle exit (what a
  seller waits on when Harper has to start again).

`--without-harper` puts a stand-in `harper` module (a linter that finds nothing) first on the
guard's path: Harper's share of the process, measured by leaving it out. Its verdicts differ
(no S311), so it is for this measurement only.

    python bench/bench_guard_memory.py [--per-language 12] [--idle 5] [--grammar-idle 5]
                                       [--without-harper]
"""

from __future__ import annotations

import argparse
import json
import os
import statistics
import sys
import tempfile
import time
import urllib.error
import urllib.request
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

from bench_memory import LANGUAGES, messages  # noqa: E402
from tests.proxy.guard_process import GuardProcess, http_over, tls_through_connect  # noqa: E402

SC_PATH = "/messaging/api/orders/113-1234567-1234567/contactBuyer?marketplaceId=ATVPDKIKX0DER"
BLOCKED_SENDS = ("Please leave us a 5-star review and we refund you $10.",
                 "Bitte geben Sie uns 5 Sterne, dann erstatten wir Ihnen 10 €.",
                 "Laissez un avis 5 étoiles et nous vous remboursons 10 €.",
                 "Deje una reseña de 5 estrellas y le reembolsamos 10 €.")


HARPER_STAND_IN = """
import enum
class Dialect(enum.IntEnum):
    AMERICAN = 0
class Linter:
    def __init__(self, dialect=None): pass
    def get_lint_config(self): return {}
    def set_lint_config(self, config): pass
    def lint(self, text, **options): return []
"""


def memory(pid: int) -> dict[str, float]:
    """RSS, PSS (smaps_rollup) and the peak (VmHWM), in MB."""
    found = {}
    for line in Path(f"/proc/{pid}/smaps_rollup").read_text().splitlines():
        key, _, rest = line.partition(":")
        if key in ("Rss", "Pss", "Anonymous", "AnonHugePages"):
            found[key] = int(rest.split()[0]) / 1024
    for line in Path(f"/proc/{pid}/status").read_text().splitlines():
        if line.startswith("VmHWM:"):
            found["Peak"] = int(line.split()[1]) / 1024
    return found


def line(label: str, pid: int) -> None:
    m = memory(pid)
    print(f"{label:<32} RSS {m['Rss']:6.0f} MB   PSS {m['Pss']:6.0f} MB   anonymous "
          f"{m['Anonymous']:6.0f} MB (huge pages {m.get('AnonHugePages', 0):4.0f})   peak "
          f"{m['Peak']:6.0f} MB", flush=True)


def by_mapping(pid: int) -> Counter:
    """Resident MB per mapped file; anonymous mappings (heap, arrays) under one name."""
    sizes: Counter = Counter()
    name = "[anonymous]"
    for row in Path(f"/proc/{pid}/smaps").read_text().splitlines():
        head = row.split()
        if head and "-" in head[0] and ":" not in head[0]:  # a mapping's first line
            name = head[5] if len(head) > 5 else "[anonymous]"
            if name == "[heap]":
                name = "[anonymous]"
        elif head and head[0] == "Rss:":
            sizes[name] += int(head[1]) / 1024
    return sizes


def grammar_workers(parent: int) -> list[int]:
    """Live grammar worker processes the guard started."""
    found = []
    for entry in Path("/proc").iterdir():
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            command = (entry / "cmdline").read_bytes()
        except (OSError, ValueError):
            continue
        if int(fields[1]) == parent and fields[0] != "Z" and b"grammar_worker" in command:
            found.append(int(entry.name))
    return found


def worker_line(label: str, pid: int) -> None:
    workers = grammar_workers(pid)
    if not workers:
        print(f"{label:<32} no grammar worker running", flush=True)
    for worker in workers:
        m = memory(worker)
        print(f"{label:<32} grammar worker {worker}: RSS {m['Rss']:6.0f} MB   PSS "
              f"{m['Pss']:6.0f} MB", flush=True)


def api_check(api: str, token: str, data: dict) -> tuple[float, dict]:
    """(milliseconds, report) of one check; a 429 (the paired client's 20 checks a second)
    is waited out and the check sent again, timed afresh."""
    request = urllib.request.Request(
        f"{api}/api/check", data=json.dumps(data).encode(), method="POST",
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    while True:
        start = time.perf_counter()
        try:
            with urllib.request.urlopen(request, timeout=60) as reply:
                body = json.loads(reply.read())
            return (time.perf_counter() - start) * 1000, body
        except urllib.error.HTTPError as exc:
            if exc.code != 429:
                raise
            time.sleep(0.25)


def blocked_send(guard: GuardProcess, text: str) -> int:
    sock = tls_through_connect(guard.proxy_port, ("sellercentral.amazon.com", 443),
                               "sellercentral.amazon.com", guard.ca)
    try:
        body = json.dumps({"topicId": "6", "rawMessageBody": text}).encode()
        status, _, _ = http_over(sock, "POST", SC_PATH, "sellercentral.amazon.com", body,
                                 {"Content-Type": "application/json"})
    finally:
        sock.close()
    return status


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--per-language", type=int, default=12)
    parser.add_argument("--idle", type=float, default=5.0, help="seconds to wait before idle")
    parser.add_argument("--grammar-idle", type=float, default=5.0,
                        help="seconds after which the grammar worker exits when unused")
    parser.add_argument("--without-harper", action="store_true",
                        help="measure with a stand-in for Harper (no grammar lints)")
    args = parser.parse_args()

    with tempfile.TemporaryDirectory(prefix="bsm-guard-mem-") as folder:
        env = {"OPENBLAS_NUM_THREADS": "1", "OMP_NUM_THREADS": "1", "MKL_NUM_THREADS": "1",
               "BSM_GUARD_GRAMMAR_IDLE_SECONDS": str(args.grammar_idle)}
        if args.without_harper:
            stand_in = Path(folder) / "stand-in"
            (stand_in / "harper").mkdir(parents=True)
            (stand_in / "harper" / "__init__.py").write_text(HARPER_STAND_IN)
            env["PYTHONPATH"] = os.pathsep.join(
                [str(stand_in), *filter(None, [os.environ.get("PYTHONPATH")])])
            print("Harper left out (a stand-in that finds nothing): S311 never fires")
        guard = GuardProcess(Path(folder) / "data", env=env)
        try:
            listened = guard.wait_listening()
            pid = guard.proc.pid
            print(f"listening after {listened:.2f} s", flush=True)
            line("at listen", pid)
            at, _ = guard.wait_for_line(r"engine\s+ready", timeout=180)
            print(f"warm-up done {at:.1f} s after start", flush=True)
            line("after the warm-up", pid)
            token = (guard.data_dir / "token").read_text().strip()
            first, rest = {}, []
            for lang in LANGUAGES:
                sample = messages(ROOT / "tests" / "corpus" / lang)[:args.per_language]
                for i, (_, data) in enumerate(sample):
                    data = {k: v for k, v in data.items() if k != "sent_at"}
                    took, _ = api_check(guard.api, token, data)
                    (first.__setitem__(lang, took) if i == 0 else rest.append(took))
            statuses = [blocked_send(guard, text) for text in BLOCKED_SENDS]
            checks = len(first) + len(rest)
            print(f"{checks} checks through the API, {len(statuses)} blocked sends through the "
                  f"proxy (status {sorted(set(statuses))})")
            print("first check per language after the warm-up: " + ", ".join(
                f"{lang} {first[lang]:.0f} ms" for lang in LANGUAGES) +
                f"; the other {len(rest)}: median {statistics.median(rest):.0f} ms")
            line("after the checks", pid)
            worker_line("after the checks", pid)
            idle = max(args.idle, args.grammar_idle + 2)
            time.sleep(idle)
            line(f"idle ({idle:g} s later)", pid)
            worker_line(f"idle ({idle:g} s later)", pid)
            mappings = by_mapping(pid)
            english = messages(ROOT / "tests" / "corpus" / "en")[0][1]
            took, _ = api_check(guard.api, token, {k: v for k, v in english.items()
                                                   if k != "sent_at"})
            print(f"first English check after the idle period: {took:.0f} ms")
            worker_line("after it", pid)
            print("idle RSS by mapping (MB, above 2 MB):")
            for name, mb in mappings.most_common():
                if mb >= 2:
                    print(f"  {mb:7.1f}  {name}")
        finally:
            guard.stop()


if __name__ == "__main__":
    main()
