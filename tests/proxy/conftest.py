"""Shared fixtures for the proxy tests: a real guard and a real HTTPS upstream on loopback.

`running_guard` starts `GuardService` (mitmproxy + the guard addon, API off) and a local
aiohttp HTTPS "Amazon" on their own event loop in a background thread, once per test module.
There is no DNS here, so a test addon (`Redirect`), added after the guard through
`extra_addons`, sends the Amazon hosts' requests that the guard let through to the local
upstream; the upstream records every request it receives, which is how a test proves a
blocked send never arrived.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import http.client
import ipaddress
import json
import ssl
import threading
from dataclasses import dataclass
from pathlib import Path
from typing import Any

import aiohttp
import pytest
from aiohttp import web
from cryptography import x509
from cryptography.hazmat.primitives import hashes, serialization
from cryptography.hazmat.primitives.asymmetric import ec
from cryptography.x509.oid import NameOID

from addon import hosts

ORDER = "113-1234567-1234567"
SC = "https://sellercentral.amazon.com"
SPAPI = "https://sellingpartnerapi-na.amazon.com"
# Certain to break the policy: an outside http:// link and a paid review.
VIOLATING = (f"Thanks for order {ORDER}! Leave a 5-star review and get a $10 gift card: "
             f"http://deals.example.net/claim")
# Certain to pass: the order ID, a purpose Amazon permits (a question needed to complete
# the order), nothing else.
COMPLIANT = (f"Hello, about your order {ORDER}: the blue colour you chose is out of stock. "
             f"Would you like us to send the grey one instead, or should we cancel the order? "
             f"Please reply so we can proceed.")


def make_self_signed(tmp: Path) -> tuple[Path, Path, bytes]:
    """A certificate for localhost/127.0.0.1 that only the tunnel test's client trusts."""
    key = ec.generate_private_key(ec.SECP256R1())
    name = x509.Name([x509.NameAttribute(NameOID.COMMON_NAME, "bsm-guard test upstream")])
    now = dt.datetime.now(dt.timezone.utc)
    cert = (x509.CertificateBuilder().subject_name(name).issuer_name(name)
            .public_key(key.public_key()).serial_number(x509.random_serial_number())
            .not_valid_before(now - dt.timedelta(days=1))
            .not_valid_after(now + dt.timedelta(days=2))
            .add_extension(x509.SubjectAlternativeName([
                x509.DNSName("localhost"), x509.IPAddress(ipaddress.ip_address("127.0.0.1"))]),
                critical=False)
            .add_extension(x509.BasicConstraints(ca=True, path_length=None), critical=True)
            .sign(key, hashes.SHA256()))
    cert_path, key_path = tmp / "upstream.pem", tmp / "upstream.key"
    cert_path.write_bytes(cert.public_bytes(serialization.Encoding.PEM))
    key_path.write_bytes(key.private_bytes(serialization.Encoding.PEM,
                                           serialization.PrivateFormat.PKCS8,
                                           serialization.NoEncryption()))
    return cert_path, key_path, cert.public_bytes(serialization.Encoding.DER)


class Upstream:
    """The stand-in for Amazon: answers 200 (201 for SP-API sends), records what arrived."""

    def __init__(self, cert: Path, key: Path):
        self.cert, self.key = cert, key
        self.received: list[dict[str, Any]] = []
        self.replies: dict[tuple[str, str], tuple[int, Any]] = {}
        self.port = 0
        self._runner: web.AppRunner | None = None

    async def start(self) -> None:
        app = web.Application(client_max_size=64 * 1024 * 1024)
        app.router.add_route("*", "/{tail:.*}", self._handle)
        self._runner = web.AppRunner(app, access_log=None)
        await self._runner.setup()
        context = ssl.create_default_context(ssl.Purpose.CLIENT_AUTH)
        context.load_cert_chain(self.cert, self.key)
        site = web.TCPSite(self._runner, "127.0.0.1", 0, ssl_context=context)
        await site.start()
        self.port = self._runner.addresses[0][1]

    async def stop(self) -> None:
        await self._runner.cleanup()

    async def _handle(self, request: web.Request) -> web.Response:
        body = await request.read()
        self.received.append({"method": request.method, "path": request.path,
                              "query": request.query_string, "body": body,
                              "headers": dict(request.headers)})
        status, data = self.replies.get((request.method, request.path), (None, None))
        if status is None:
            status = 201 if request.path.startswith(("/messaging/v1", "/solicitations/")) \
                and request.method == "POST" else 200
            data = {"ok": True}
        return web.json_response(data, status=status)

    def paths(self) -> list[str]:
        return [r["path"] for r in self.received]


class Redirect:
    """Test addon, runs after the guard: sends what the guard let through for Amazon's hosts
    to the local upstream, keeping the original Host header."""

    def __init__(self, upstream: Upstream):
        self.upstream = upstream

    def request(self, flow):
        if flow.response or flow.error:
            return
        if hosts.surface(flow.request.host):
            host_header = flow.request.host_header
            flow.request.host, flow.request.port = "127.0.0.1", self.upstream.port
            flow.request.host_header = host_header


@dataclass
class Reply:
    status: int
    headers: dict[str, str]
    body: bytes

    def json(self) -> Any:
        return json.loads(self.body)


class RunningGuard:
    """A guard and its upstream on a private loop in a thread; tests talk to it over sockets."""

    def __init__(self, tmp: Path, **service_options):
        from proxy.service import GuardService, open_state

        cert, key, self.upstream_der = make_self_signed(tmp)
        self.upstream_ca = cert
        self.upstream = Upstream(cert, key)
        self.state = open_state(tmp / "data")
        self.loop = asyncio.new_event_loop()
        self.thread = threading.Thread(target=self.loop.run_forever, daemon=True)
        self.thread.start()
        self.service = GuardService(
            self.state, proxy_port=0, api_port=0, api=False,
            extra_addons=[Redirect(self.upstream)],
            options={"ssl_insecure": True, **service_options})
        self.call(self.upstream.start())
        self.call(self.service.start())
        self.proxy = f"http://127.0.0.1:{self.service.proxy_port}"
        self.guard_ca = ssl.create_default_context(cafile=str(self.service.ca_path))

    def call(self, coro, timeout: float = 30):
        return asyncio.run_coroutine_threadsafe(coro, self.loop).result(timeout)

    def on_loop(self, func, *args):
        async def run():
            return func(*args)
        return self.call(run())

    def close(self) -> None:
        self.call(self.service.stop())
        self.call(self.upstream.stop())
        self.loop.call_soon_threadsafe(self.loop.stop)
        self.thread.join(5)
        self.state.store.close()

    def set_settings(self, **changes) -> None:
        self.on_loop(self.state.update_settings, changes)

    def fetch(self, method: str, url: str, *, body: bytes | None = None,
              json_body: Any = None, headers: dict[str, str] | None = None,
              trust: ssl.SSLContext | None = None, timeout: float = 30) -> Reply:
        """One HTTPS request through the guard, from a fresh client (its own loop)."""
        async def go() -> Reply:
            async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=timeout)) as s:
                async with s.request(method, url, data=body, json=json_body, headers=headers,
                                     proxy=self.proxy, ssl=trust or self.guard_ca) as resp:
                    return Reply(resp.status, dict(resp.headers), await resp.read())
        return asyncio.run(go())

    def peer_cert(self, host: str, port: int, trust: ssl.SSLContext) -> bytes:
        """The certificate a client sees for host:port through the proxy (CONNECT + TLS)."""
        conn = http.client.HTTPSConnection("127.0.0.1", self.service.proxy_port,
                                           context=trust, timeout=10)
        conn.set_tunnel(host, port)
        try:
            conn.request("GET", "/__bsm-guard/status")
            conn.getresponse().read()
            return conn.sock.getpeercert(binary_form=True)
        finally:
            conn.close()


@pytest.fixture(scope="module")
def running_guard(tmp_path_factory):
    guard = RunningGuard(tmp_path_factory.mktemp("guard"))
    yield guard
    guard.close()


@pytest.fixture
def guard(running_guard):
    """The module's guard, back in its default settings after each test."""
    yield running_guard
    running_guard.set_settings(mode="block", fail_mode="closed")
    running_guard.upstream.replies.clear()
