"""Shared fixtures for the local API tests: a real GuardState (real Store in a temporary
folder) behind the real aiohttp app, on an ephemeral loopback port. No tests in this module."""

from __future__ import annotations

import pytest
from aiohttp.test_utils import TestClient, TestServer

from policy import registry
from policy.report import Fix, Severity
from proxy.api import make_app
from proxy.state import GuardState, Settings
from proxy.store import Store

TOKEN = "t0k3n-" + "a" * 40
AUTH = {"Authorization": f"Bearer {TOKEN}"}


def make_state(tmp_path) -> GuardState:
    return GuardState(data_dir=tmp_path, settings=Settings(), store=Store(tmp_path / "guard.sqlite3"),
                      token=TOKEN)


@pytest.fixture
def state(tmp_path):
    st = make_state(tmp_path)
    yield st
    st.store.close()


@pytest.fixture
async def client(state):
    async with TestClient(TestServer(make_app(state, heartbeat=0.05))) as c:
        yield c


def host_of(client: TestClient) -> str:
    return f"127.0.0.1:{client.port}"


# -- a test-only rule, so span tests do not depend on which real rules exist ---------------------
def _astral_rule(analysis):
    """Flags each character outside the BMP (test rule).

    ## What it does
    Flags astral characters. Test only.
    """
    for i, ch in enumerate(analysis.text):
        if ord(ch) > 0xFFFF:
            start, end = analysis.body_span(i, i + 1)
            yield registry.Finding("remove it", i, i + 1,
                                   fix=Fix("remove the character", start, end, ""))


def _broken_rule(analysis):
    """Always fails (test rule).

    ## What it does
    Raises. Test only.
    """
    raise RuntimeError("boom")
    yield  # pragma: no cover


@pytest.fixture
def astral_rule(monkeypatch):
    registry.all_rules()  # register the real ones first
    rule = registry.Rule("X901", "test-astral", Severity.ERROR, "test clause", _astral_rule)
    monkeypatch.setitem(registry._REGISTRY, "X901", rule)
    return rule


@pytest.fixture
def broken_rule(monkeypatch):
    registry.all_rules()
    rule = registry.Rule("X902", "test-broken", Severity.ERROR, "test clause", _broken_rule)
    monkeypatch.setitem(registry._REGISTRY, "X902", rule)
    return rule
