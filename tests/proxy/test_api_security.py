"""The local API as an attack surface: Host (DNS rebinding), Origin and CORS, the token, sizes."""

from __future__ import annotations

import pytest

from proxy.extension_id import EXTENSION_ORIGIN
from tests.proxy.test_api_support import AUTH, TOKEN, client, state  # noqa: F401  (fixtures)

EXT = {"Origin": EXTENSION_ORIGIN}

# (method, path, json body) of every route; the token column says which ones need it.
ROUTES = [
    ("GET", "/api/health", None, False),
    ("POST", "/api/check", {"text": "hi"}, False),
    ("GET", "/api/rules", None, False),
    ("GET", "/api/history", None, True),
    ("GET", "/api/history/1", None, True),
    ("GET", "/api/settings", None, False),
    ("PUT", "/api/settings", {"mode": "off"}, True),
    ("POST", "/api/override", {"verdict_id": 1}, True),
    ("POST", "/api/context", {"order_id": "113-1234567-1234567"}, True),
    ("GET", "/api/events", None, True),
]


@pytest.mark.parametrize("host", [
    "attacker.example:{port}",        # a DNS-rebinding page's own name
    "127.0.0.1.attacker.example:{port}",
    "localhost.:{port}",
    "127.0.0.1:1",                    # our address, another port
    "127.0.0.1",                      # no port: port 80
    "",
])
@pytest.mark.parametrize("method, path, body, _token", ROUTES)
async def test_a_foreign_host_is_refused(client, state, host, method, path, body, _token):
    headers = {"Host": host.format(port=client.port), **AUTH}
    resp = await client.request(method, path, json=body, headers=headers)
    assert resp.status == 421
    assert "error" in await resp.json()
    assert state.settings.mode == "block"


@pytest.mark.parametrize("name", ["127.0.0.1", "localhost", "LOCALHOST", "[::1]"])
async def test_loopback_host_names_are_accepted(client, name):
    resp = await client.get("/api/health", headers={"Host": f"{name}:{client.port}"})
    assert resp.status == 200


@pytest.mark.parametrize("origin", [
    "https://evil.example", "null", "https://sellercentral.amazon.com.evil.example",
    "chrome-extension://abcdefghijklmnopabcdefghijklmnop", EXTENSION_ORIGIN + ".evil",
    "http://127.0.0.1:8780",
])
@pytest.mark.parametrize("method, path, body, _token", ROUTES)
async def test_a_foreign_origin_is_refused(client, state, origin, method, path, body, _token):
    resp = await client.request(method, path, json=body, headers={"Origin": origin, **AUTH})
    assert resp.status == 403
    assert "Access-Control-Allow-Origin" not in resp.headers
    assert state.settings.mode == "block"


# /api/events is a stream: its token and CORS are tested in test_api_events.py.
NON_STREAM_ROUTES = [route for route in ROUTES if route[1] != "/api/events"]


@pytest.mark.parametrize("method, path, body, needs_token", NON_STREAM_ROUTES)
async def test_the_token_guards_state_and_history(client, state, method, path, body, needs_token):
    missing = await client.request(method, path, json=body)
    wrong = await client.request(method, path, json=body,
                                 headers={"Authorization": "Bearer " + TOKEN[:-1] + "b"})
    if needs_token:
        assert missing.status == 401 and "token" in (await missing.json())["error"]
        assert wrong.status == 403
        assert state.settings.mode == "block"  # PUT /api/settings did not happen
    else:
        assert missing.status == 200 and wrong.status == 200


@pytest.mark.parametrize("headers", [
    {"Authorization": f"Bearer {TOKEN}"},
    {"Authorization": f"bearer {TOKEN}"},
    {"X-BSM-Guard-Token": TOKEN},
])
async def test_token_forms(client, headers):
    assert (await client.get("/api/history", headers=headers)).status == 200


async def test_query_token_only_for_the_event_stream(client):
    assert (await client.get(f"/api/history?token={TOKEN}")).status == 401


@pytest.mark.parametrize("method, path, body, _token", NON_STREAM_ROUTES)
async def test_cors_only_for_the_extension_never_a_wildcard(client, method, path, body, _token):
    ext = await client.request(method, path, json=body, headers={**EXT, **AUTH})
    assert ext.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN
    assert "Origin" in ext.headers["Vary"]
    plain = await client.request(method, path, json=body, headers=AUTH)
    assert "Access-Control-Allow-Origin" not in plain.headers
    for resp in (ext, plain):
        assert "*" not in resp.headers.get("Access-Control-Allow-Origin", "")
        assert "Access-Control-Allow-Credentials" not in resp.headers


async def test_errors_for_the_extension_carry_cors_so_it_can_read_them(client):
    resp = await client.get("/api/history", headers=EXT)
    assert resp.status == 401
    assert resp.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN


async def test_preflight(client):
    resp = await client.options("/api/settings", headers={
        **EXT, "Access-Control-Request-Method": "PUT",
        "Access-Control-Request-Headers": "authorization, content-type",
        "Access-Control-Request-Private-Network": "true"})
    assert resp.status == 204
    assert resp.headers["Access-Control-Allow-Origin"] == EXTENSION_ORIGIN
    assert "PUT" in resp.headers["Access-Control-Allow-Methods"]
    assert "Authorization" in resp.headers["Access-Control-Allow-Headers"]
    assert resp.headers["Access-Control-Allow-Private-Network"] == "true"
    foreign = await client.options("/api/settings", headers={
        "Origin": "https://evil.example", "Access-Control-Request-Method": "PUT"})
    assert foreign.status == 403 and "Access-Control-Allow-Origin" not in foreign.headers
    bare = await client.options("/api/settings")
    assert bare.status == 403


async def test_a_big_body_is_413(client):
    big = {"text": "x" * (300 * 1024)}
    resp = await client.post("/api/check", json=big)
    assert resp.status == 413
    assert "256 KiB" in (await resp.json())["error"]


async def test_a_big_chunked_body_is_413(client):
    async def chunks():
        for _ in range(40):
            yield b"x" * 10_000

    resp = await client.post("/api/check", data=chunks(),
                             headers={"Content-Type": "application/json"})
    assert resp.status == 413
    assert "256 KiB" in (await resp.json())["error"]


async def test_a_long_message_is_refused_before_the_engine_runs(client):
    resp = await client.post("/api/check", json={"text": "word " * 40_000})
    assert resp.status == 413
    assert "200000 characters" in (await resp.json())["error"]


async def test_a_message_at_the_character_limit_is_checked(client, state):
    state.settings = state.settings.from_dict({"config": {"grammar": False, "spelling": False}})
    resp = await client.post("/api/check", json={"text": "word " * 4_000})
    assert resp.status == 200
