"""Real `bsm-guard run` processes for a team, on one store, behind one company proxy.

Used by tests/proxy/test_store_team.py and bench/bench_team.py: start the company proxy
(mitmdump with `company_proxy.py`), start guards as separate processes with `--store`,
`--seat`, `--upstream-proxy` and `--upstream-ca-bundle`, send through them with a real HTTP
client, read what reached "Amazon". Loopback only.
"""

from __future__ import annotations

import json
import os
import socket
import ssl
import subprocess
import sys
import time
from pathlib import Path

HERE = Path(__file__).resolve().parent
BIN = Path(sys.executable).parent
SC = "https://sellercentral.amazon.com"
SPAPI = "https://sellingpartnerapi-na.amazon.com"


def free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


def wait_port(port: int, proc: subprocess.Popen, timeout: float = 90) -> None:
    deadline = time.time() + timeout
    while time.time() < deadline:
        if proc.poll() is not None:
            raise RuntimeError(f"process exited with {proc.returncode}")
        try:
            with socket.create_connection(("127.0.0.1", port), timeout=0.5):
                return
        except OSError:
            time.sleep(0.1)
    raise TimeoutError(f"nothing listens on {port} after {timeout} s")


class CompanyProxy:
    def __init__(self, tmp: Path):
        self.dir = tmp / "company-proxy"
        self.dir.mkdir(parents=True, exist_ok=True)
        self.arrivals_path = self.dir / "arrivals.jsonl"
        self.arrivals_path.touch()
        self.port = free_port()
        self.proc = subprocess.Popen(
            [str(BIN / "mitmdump"), "-q", "--listen-host", "127.0.0.1", "-p", str(self.port),
             "--set", f"confdir={self.dir}", "--set", "connection_strategy=lazy",
             "-s", str(HERE / "company_proxy.py")],
            env={**os.environ, "BSM_TEST_ARRIVALS": str(self.arrivals_path)},
            stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        wait_port(self.port, self.proc)
        self.ca = self.dir / "mitmproxy-ca-cert.pem"
        self.url = f"http://127.0.0.1:{self.port}"

    def arrivals(self) -> list[dict]:
        return [json.loads(line) for line in self.arrivals_path.read_text().splitlines() if line]

    def stop(self) -> None:
        self.proc.terminate()
        self.proc.wait(10)


class Guard:
    """One `bsm-guard run` process."""

    def __init__(self, tmp: Path, name: str, store: str | None, company: CompanyProxy | None,
                 *extra: str):
        tmp.mkdir(parents=True, exist_ok=True)
        self.data = tmp / f"guard-{name}"
        self.proxy_port, self.api_port = free_port(), free_port()
        args = [str(BIN / "bsm-guard"), "run", "--data-dir", str(self.data),
                "--proxy-port", str(self.proxy_port), "--api-port", str(self.api_port),
                "--seat", name, *extra]
        if store:
            args += ["--store", store]
        if company:
            args += ["--upstream-proxy", company.url, "--upstream-ca-bundle", str(company.ca)]
        self.log = open(tmp / f"guard-{name}.log", "w")
        self.proc = subprocess.Popen(args, stdout=self.log, stderr=subprocess.STDOUT,
                                     env={**os.environ, "OPENBLAS_NUM_THREADS": "1"})
        self.name = name
        self.proxy = f"http://127.0.0.1:{self.proxy_port}"
        self.api = f"http://127.0.0.1:{self.api_port}"

    def wait(self) -> "Guard":
        wait_port(self.api_port, self.proc, timeout=120)
        self.ca = ssl.create_default_context(cafile=str(self.data / "mitmproxy-ca-cert.pem"))
        self.token = (self.data / "token").read_text().strip()
        return self

    def stop(self) -> int:
        self.proc.terminate()
        try:
            return self.proc.wait(30)
        finally:
            self.log.close()


def contact_url(order: str) -> str:
    return f"{SC}/messaging/api/orders/{order}/contactBuyer?marketplaceId=ATVPDKIKX0DER"


def review_url(order: str) -> str:
    return (f"{SC}/messaging/api/solicitations/{order}/productReviewAndSellerFeedback"
            f"?marketplaceId=ATVPDKIKX0DER&isReturn=false")


def spapi_url(order: str) -> str:
    return (f"{SPAPI}/messaging/v1/orders/{order}/messages/confirmOrderDetails"
            f"?marketplaceIds=ATVPDKIKX0DER")


def contact_body(text: str) -> dict:
    return {"topicId": "6", "rawMessageBody": text, "attachments": []}
