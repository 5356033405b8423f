"""Seats on a shared guard: per-seat proxy credentials (mitmproxy's proxyauth, htpasswd).

A real guard and upstream on loopback (conftest.RunningGuard); the seat recorded with each
verdict is the proxy user name, and a client without credentials is refused (407).
"""

import asyncio
import base64
import hashlib

import aiohttp
import pytest

from tests.proxy.conftest import COMPLIANT, ORDER, SC, RunningGuard


@pytest.fixture(scope="module")
def shared_guard(tmp_path_factory):
    tmp = tmp_path_factory.mktemp("seats")
    digest = base64.b64encode(hashlib.sha1(b"anna-pw").digest()).decode()
    (tmp / "seats.htpasswd").write_text(f"anna:{{SHA}}{digest}\n")
    guard = RunningGuard(tmp, proxyauth=f"@{tmp / 'seats.htpasswd'}")
    yield guard
    guard.close()


def post(guard, credentials):
    async def go():
        headers = {}
        if credentials:
            token = base64.b64encode(credentials.encode()).decode()
            headers["Proxy-Authorization"] = f"Basic {token}"
        async with aiohttp.ClientSession() as s:
            async with s.post(f"{SC}/messaging/api/orders/{ORDER}/contactBuyer",
                              json={"rawMessageBody": COMPLIANT}, proxy=guard.proxy,
                              proxy_headers=headers, ssl=guard.guard_ca) as resp:
                return resp.status
    try:
        return asyncio.run(go())
    except aiohttp.ClientHttpProxyError as exc:  # CONNECT refused
        return exc.status


def test_the_proxy_user_is_the_seat(shared_guard):
    assert post(shared_guard, "anna:anna-pw") == 200
    (latest, *_) = shared_guard.state.store.recent_verdicts(1)
    assert latest["seat"] == "anna" and latest["action"] == "forwarded"


@pytest.mark.parametrize("credentials", [None, "anna:wrong", "ben:anna-pw"])
def test_no_or_wrong_credentials_are_refused(shared_guard, credentials):
    before = shared_guard.state.store.count_verdicts()
    assert post(shared_guard, credentials) == 407
    assert shared_guard.state.store.count_verdicts() == before
