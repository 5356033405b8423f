"""Issue 8, finding 8: every SP-API failure answers in SP-API's JSON `errors` shape with a
fitting status, so client libraries raise instead of reading an HTML 502 as success.

A real guard, a real local upstream (and a dead port, and one that never answers), a real
HTTP client and Amazon's own `amzn-sp-api` SDK configured the way README shows.
"""

from __future__ import annotations

import asyncio
import json
import socket
import threading
from http.server import BaseHTTPRequestHandler, HTTPServer

import pytest

from tests.proxy.conftest import COMPLIANT, ORDER, VIOLATING, RunningGuard

SPAPI = "https://sellingpartnerapi-na.amazon.com"
MESSAGE_PATH = f"/messaging/v1/orders/{ORDER}/messages/confirmOrderDetails"


@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    running = RunningGuard(tmp_path_factory.mktemp("spapi"), bsm_guard_sp_api_timeout=2.0)
    yield running
    running.close()


class Hanging:
    """Accepts connections and never answers."""

    def __init__(self):
        self.sock = socket.socket()
        self.sock.bind(("127.0.0.1", 0))
        self.sock.listen(50)
        self.port = self.sock.getsockname()[1]

    def close(self):
        self.sock.close()


def dead_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return sock.getsockname()[1]


class upstream_at:
    """Send what the guard lets through to another port for the duration."""

    def __init__(self, guard, port: int):
        self.guard, self.port = guard, port

    def __enter__(self):
        self.saved = self.guard.upstream.port
        self.guard.upstream.port = self.port

    def __exit__(self, *exc):
        self.guard.upstream.port = self.saved


def url(path: str = MESSAGE_PATH) -> str:
    return f"{SPAPI}{path}?marketplaceIds=ATVPDKIKX0DER"


def assert_sp_api_error(reply, status: int, code: str):
    assert reply.status == status, reply.body[:300]
    assert reply.headers["Content-Type"].startswith("application/json")
    (error,) = reply.json()["errors"]
    assert error["code"] == code and error["message"]


def test_a_compliant_send_passes_and_the_upstream_answer_comes_back_as_sent(guard):
    reply = guard.fetch("POST", url(), json_body={"text": COMPLIANT})
    assert reply.status == 201 and reply.json() == {"ok": True}
    assert reply.headers["X-BSM-Guard-Verdict"].startswith(("pass", "warn"))
    assert guard.upstream.received[-1]["path"] == MESSAGE_PATH


def test_upstream_down_is_a_502_in_sp_api_shape(guard):
    with upstream_at(guard, dead_port()):
        reply = guard.fetch("POST", url(), json_body={"text": COMPLIANT})
        assert_sp_api_error(reply, 502, "BSM_GUARD_UPSTREAM_UNAVAILABLE")
        other = guard.fetch("GET", url(f"/orders/v0/orders/{ORDER}"))
        assert_sp_api_error(other, 502, "BSM_GUARD_UPSTREAM_UNAVAILABLE")


def test_an_upstream_that_never_answers_is_a_504_in_sp_api_shape(guard):
    hanging = Hanging()
    try:
        with upstream_at(guard, hanging.port):
            reply = guard.fetch("POST", url(), json_body={"text": COMPLIANT}, timeout=30)
    finally:
        hanging.close()
    assert_sp_api_error(reply, 504, "BSM_GUARD_UPSTREAM_TIMEOUT")


def test_a_guard_failure_is_a_503_in_sp_api_shape(guard, monkeypatch):
    monkeypatch.setattr(guard.service.guard, "check_message",
                        lambda *a: (_ for _ in ()).throw(RuntimeError("boom")))
    reply = guard.fetch("POST", url(), json_body={"text": COMPLIANT})
    assert_sp_api_error(reply, 503, "BSM_GUARD_CHECK_FAILED")


# --- Amazon's own SDK, configured as README shows ---------------------------------------


class LwaStub(BaseHTTPRequestHandler):
    """Login with Amazon's token endpoint, on loopback (not a messaging call)."""

    def do_POST(self):  # noqa: N802
        self.rfile.read(int(self.headers.get("Content-Length", 0)))
        body = json.dumps({"access_token": "Atza|test", "token_type": "bearer",
                           "expires_in": 3600}).encode()
        self.send_response(200)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        self.end_headers()
        self.wfile.write(body)

    def log_message(self, *args):
        pass


@pytest.fixture(scope="module")
def lwa():
    server = HTTPServer(("127.0.0.1", 0), LwaStub)
    thread = threading.Thread(target=server.serve_forever, daemon=True)
    thread.start()
    yield f"http://127.0.0.1:{server.server_port}/auth/o2/token"
    server.shutdown()


def messaging_api(guard, lwa_url):
    """README's recipe: amzn-sp-api ignores HTTPS_PROXY and the CA bundle variables, so the
    proxy and the CA go into its Configuration before its REST client is built."""
    from spapi import ApiClient, SPAPIClient
    from spapi.api.messaging_v1.messaging_api import MessagingApi
    from spapi.auth.credentials import SPAPIConfig

    client = SPAPIClient(SPAPIConfig(client_id="id", client_secret="secret",
                                     refresh_token="Atzr|x", region="NA"),
                         oauth_endpoint=lwa_url)
    configuration = client.api_client.configuration
    configuration.proxy = guard.proxy
    configuration.ssl_ca_cert = str(guard.service.ca_path)
    return MessagingApi(ApiClient(configuration=configuration))


def sdk_send(api, text):
    from spapi.rest import ApiException

    try:
        return api.create_confirm_order_details(ORDER, ["ATVPDKIKX0DER"], {"text": text}), None
    except ApiException as exc:
        return None, exc


def test_amazons_sdk_raises_on_a_block_and_on_an_unreachable_amazon(guard, lwa):
    api = messaging_api(guard, lwa)
    before = len(guard.upstream.received)
    result, error = sdk_send(api, COMPLIANT)
    assert error is None and len(guard.upstream.received) == before + 1
    result, error = sdk_send(api, VIOLATING)
    assert result is None and error.status == 400
    assert json.loads(error.body)["errors"][0]["code"] == "InvalidInput"
    with upstream_at(guard, dead_port()):
        result, error = sdk_send(api, COMPLIANT)
    assert result is None and error.status == 502
    assert json.loads(error.body)["errors"][0]["code"] == "BSM_GUARD_UPSTREAM_UNAVAILABLE"
