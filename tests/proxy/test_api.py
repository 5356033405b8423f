"""The local API's routes, against the real app and a real Store (security: test_api_security.py,
event stream: test_api_events.py)."""

from __future__ import annotations

import logging

import pytest

import policy
from proxy.api import build_message
from proxy.api_offsets import Utf16Offsets, add_utf16_offsets
from proxy.extension_id import EXTENSION_ORIGIN
from proxy.state import text_hash
from tests.proxy.test_api_support import (  # noqa: F401  (fixtures)
    AUTH, TOKEN, astral_rule, broken_rule, client, state,
)

ORDER = "113-1234567-1234567"


def utf16(text: str, offset: int) -> int:
    """What JavaScript's string indices count: UTF-16 code units."""
    return len(text[:offset].encode("utf-16-le")) // 2


async def test_health(client, state):
    resp = await client.get("/api/health")
    assert resp.status == 200
    data = await resp.json()
    assert data["ok"] is True
    assert data["version"] == policy.__version__
    assert data["mode"] == "block" and data["fail_mode"] == "closed"
    assert data["api_port"] == client.port
    assert "proxy_port" in data


async def test_rules_lists_every_rule_with_docs(client, astral_rule):
    resp = await client.get("/api/rules")
    rules = await resp.json()
    assert [r["code"] for r in rules] == [r.code for r in policy.all_rules()]
    test = next(r for r in rules if r["code"] == "X901")
    assert set(test) == {"code", "name", "severity", "summary", "clause", "url", "docs"}
    assert test["docs"]["What it does"].startswith("Flags astral")


# -- /api/check ----------------------------------------------------------------------------------
@pytest.mark.parametrize("text", [
    "Hello 😀 order",
    "👍🏽👍🏽 two skin-toned thumbs",
    "mixed é ✓ 𝒳 and 🇩🇪 flag",
    "日本語のテキスト 🎉 です",
])
async def test_check_adds_utf16_offsets(client, astral_rule, text):
    resp = await client.post("/api/check", json={"text": text, "order_id": ORDER})
    assert resp.status == 200
    report = await resp.json()
    ours = [d for d in report["diagnostics"] if d["code"] == "X901"]
    assert len(ours) == sum(ord(c) > 0xFFFF for c in text)
    for d in ours:
        assert d["start16"] == utf16(text, d["start"]) and d["end16"] == utf16(text, d["end"])
        assert d["end16"] - d["start16"] == 2  # one astral character is two code units
        assert d["fix"]["start16"] == utf16(text, d["fix"]["start"])
        assert d["fix"]["end16"] == utf16(text, d["fix"]["end"])
        # what the browser would highlight is exactly the astral character
        units = text.encode("utf-16-le")
        assert units[d["start16"] * 2:d["end16"] * 2].decode("utf-16-le") == text[d["start"]:d["end"]]
    assert report["verdict"] == "block"
    assert "X901" in report["codes"]
    assert report["counts"]["error"] >= len(ours)


async def test_check_html_offsets_count_in_the_html_source(client, astral_rule):
    html = "<p>Hi &amp; 😀</p><p>🎉 done</p>"
    report = await (await client.post("/api/check", json={"html": html})).json()
    ours = [d for d in report["diagnostics"] if d["code"] == "X901"]
    assert [html[d["start"]:d["end"]] for d in ours] == ["😀", "🎉"]
    assert [d["start16"] for d in ours] == [utf16(html, d["start"]) for d in ours]


def test_offsets_for_subject_and_spanless_diagnostics():
    diags = [
        {"field": "subject", "start": 2, "end": 3, "fix": None},
        {"field": "attachments", "start": None, "end": None, "fix": None},
        {"field": "body", "start": 1, "end": 2, "fix": {"start": 1, "end": 2}},
    ]
    add_utf16_offsets(diags, body="😀x😀", subject="😀😀s")
    assert (diags[0]["start16"], diags[0]["end16"]) == (4, 5)
    assert (diags[1]["start16"], diags[1]["end16"]) == (None, None)
    assert (diags[2]["start16"], diags[2]["fix"]["end16"]) == (2, 3)


def test_utf16_map_matches_encoding_everywhere():
    text = "a😀b👍🏽c\u00e9\U0001F1E9\U0001F1EA" * 3
    to16 = Utf16Offsets(text)
    assert [to16(i) for i in range(len(text) + 1)] == [utf16(text, i) for i in range(len(text) + 1)]


@pytest.mark.parametrize("body, status, error, field", [
    (b'{"text": "hi"', 400, "malformed JSON at line 1", None),
    (b"", 400, "empty", None),
    (b"\xff\xfe", 400, "not UTF-8", None),
    (b"[1, 2]", 400, "JSON object", None),
    (b'{"text": 5}', 400, "'text' must be a string", "text"),
    (b'{"html": ["x"]}', 400, "'html' must be a string", "html"),
    (b'{"subject": "x"}', 400, "needs a 'text' or an 'html'", "text"),
    (b'{"text": "x", "order_date": "soon"}', 400, "'order_date'", "order_date"),
    (b'{"text": "x", "context": "page"}', 400, "'context' must be an object", "context"),
    (b'{"text": "x", "context": {"buyer_language": 7}}', 400, "context.buyer_language",
     "context.buyer_language"),
    (b'{"text": "x", "attachments": [{"size": 3}]}', 400, "attachments[0]", "attachments[0]"),
    (b'{"text": "x", "review_already_requested": "no"}', 400, "true or false",
     "review_already_requested"),
])
async def test_check_rejects_bad_input_naming_the_field(client, body, status, error, field):
    resp = await client.post("/api/check", data=body, headers={"Content-Type": "application/json"})
    assert resp.status == status
    data = await resp.json()
    assert error in data["error"]
    if field is not None:
        assert data["field"] == field


async def test_checker_failure_is_a_500_never_a_pass(client, broken_rule, caplog):
    caplog.set_level(logging.INFO)
    resp = await client.post("/api/check", json={"text": "secret words 123"})
    assert resp.status == 500
    data = await resp.json()
    assert data["code"] == "BSM_GUARD_CHECK_FAILED"
    assert "checker failed" in data["error"] and "X902" in data["error"]
    assert "verdict" not in data
    assert "secret words" not in caplog.text


async def test_check_never_logs_the_text(client, astral_rule, caplog):
    caplog.set_level(logging.DEBUG, logger="bsm_guard.api")
    await client.post("/api/check", json={"text": "very private words 😀"})
    assert caplog.records  # the check is logged (at debug), without its text
    assert "very private" not in caplog.text


async def test_check_uses_the_settings_config(client, state, astral_rule):
    state.settings = state.settings.__class__.from_dict({"config": {"ignore": ["X901"]}})
    report = await (await client.post("/api/check", json={"text": "😀"})).json()
    assert "X901" not in report["codes"]


def test_context_fills_what_the_message_leaves_empty(state):
    state.orders.learn(ORDER, buyer_language="fr-FR", order_date="2026-11-01",
                       marketplace="amazon.fr")
    msg = build_message({"text": "x", "buyer_language": "de-DE",
                         "context": {"order_id": ORDER, "marketplace": "amazon.de",
                                     "contact_reason": "6", "attachments": ["invoice.pdf"]}},
                        state)
    assert msg.order_id == ORDER
    assert msg.buyer_language == "de-DE"  # the message's own field wins
    assert msg.marketplace == "amazon.de"  # then the page
    assert str(msg.order_date) == "2026-11-01"  # then what the guard learned
    assert [a.filename for a in msg.attachments] == ["invoice.pdf"]
    assert msg.contact_reason == "6"  # the reason chosen on the page
    assert msg.review_already_requested is False


async def test_known_review_request_marks_the_message(client, state):
    from proxy.api import _review_known

    assert await _review_known(state, ORDER) is False
    state.store.record_review_request(ORDER, "request_review")
    assert await _review_known(state, ORDER) is True  # /api/check reads it off the loop
    explicit = build_message({"text": "x", "order_id": ORDER, "review_already_requested": False},
                             state)
    assert explicit.review_already_requested is False


# -- settings ------------------------------------------------------------------------------------
async def test_settings_get_and_partial_put(client, state, tmp_path):
    assert (await (await client.get("/api/settings")).json())["mode"] == "block"
    resp = await client.put("/api/settings", json={"mode": "warn"}, headers=AUTH)
    assert resp.status == 200
    assert (await resp.json())["mode"] == "warn"
    assert state.settings.mode == "warn" and state.settings.fail_mode == "closed"
    # saved in the store (the team's settings, versioned), nothing half-written beside it
    assert state.store.read_settings()[1]["mode"] == "warn"
    assert state.settings_version == 1
    assert not [p.name for p in tmp_path.iterdir() if p.name.endswith(".tmp")]


@pytest.mark.parametrize("body, error", [
    ({"mode": "loud"}, "mode must be one of"),
    ({"colour": "red"}, "unknown settings key"),
    ({"config": {"ignore": ["Z999"]}}, "unknown rule"),
    ([1], "JSON object"),
])
async def test_settings_put_rejects_bad_values(client, state, body, error):
    resp = await client.put("/api/settings", json=body, headers=AUTH)
    assert resp.status == 400
    assert error in (await resp.json())["error"]
    assert state.settings.mode == "block"


# -- history, override, context ------------------------------------------------------------------
def _verdict(state, text="Leave 5 stars for a gift card"):
    return state.store.record_verdict(
        channel="contact_buyer", order_id=ORDER, marketplace="ATVPDKIKX0DER", verdict="block",
        action="blocked", diagnostics=[{"code": "C204", "message": "m"}], text=text, keep_text=True)


async def test_history_lists_and_shows(client, state):
    first, second = _verdict(state), _verdict(state, "other")
    rows = await (await client.get("/api/history?limit=1", headers=AUTH)).json()
    assert [r["id"] for r in rows] == [second]
    one = await (await client.get(f"/api/history/{first}", headers=AUTH)).json()
    assert one["text"] == "Leave 5 stars for a gift card" and one["codes"] == ["C204"]
    assert (await client.get("/api/history/999", headers=AUTH)).status == 404
    assert (await client.get("/api/history/abc", headers=AUTH)).status == 400
    assert (await client.get("/api/history?limit=0", headers=AUTH)).status == 400


async def test_override_grants_one_send_of_that_text(client, state):
    vid = _verdict(state)
    resp = await client.post("/api/override", json={"verdict_id": vid}, headers=AUTH)
    assert resp.status == 200
    assert (await resp.json())["verdict_id"] == vid
    digest = text_hash("Leave 5 stars for a gift card")
    assert state.store.consume_override(digest) is True
    assert state.store.consume_override(digest) is False


async def test_override_of_a_text_before_its_send(client, state):
    """"Send anyway" asked in the page: the text is let through once, before any verdict."""
    resp = await client.post("/api/override", json={"text": "Thanks! 😀\n"}, headers=AUTH)
    assert resp.status == 200 and (await resp.json())["uses"] == 1
    assert state.store.consume_override(text_hash("Thanks! 😀")) is True
    assert state.store.consume_override(text_hash("Thanks! 😀")) is False
    assert (await client.post("/api/override", json={"text": "  "}, headers=AUTH)).status == 400
    assert (await client.post("/api/override", json={"text": "x"})).status == 401


@pytest.mark.parametrize("body, status", [
    ({"verdict_id": 999}, 404), ({"verdict_id": "1"}, 400), ({"verdict_id": True}, 400),
    ({}, 400), ([1], 400),
])
async def test_override_rejects_bad_ids(client, state, body, status):
    _verdict(state)
    resp = await client.post("/api/override", json=body, headers=AUTH)
    assert resp.status == status
    assert "error" in await resp.json()


async def test_context_teaches_the_guard_about_an_order(client, state):
    resp = await client.post("/api/context", headers=AUTH, json={
        "order_id": ORDER, "buyer_language": "de-DE", "order_date": "2026-11-20"})
    assert resp.status == 200
    assert state.orders.get(ORDER) == {"buyer_language": "de-DE", "order_date": "2026-11-20"}
    for bad in ({"buyer_language": "de"}, {"order_id": ORDER, "order_date": "later"},
                {"order_id": 5}):
        assert (await client.post("/api/context", json=bad, headers=AUTH)).status == 400


# -- pairing and the CA --------------------------------------------------------------------------
async def test_pair_needs_the_extension_origin_and_the_printed_code(client, state):
    from proxy import pairing

    code = pairing.new_code(state.data_dir)
    ext = {"Origin": EXTENSION_ORIGIN}
    # A bare Origin header is no proof: any local process can send one.
    assert (await client.post("/api/pair", headers=ext, json={})).status == 400
    assert (await client.post("/api/pair", headers=ext, json={"code": "ZZZ-ZZZ"})).status == 403
    foreign = await client.post("/api/pair", headers={"Origin": "https://evil.example"},
                                json={"code": code})
    assert foreign.status == 403
    assert (await client.post("/api/pair", json={"code": code})).status == 403
    assert (await client.get("/api/pair", headers=ext)).status == 405
    resp = await client.post("/api/pair", headers=ext, json={"code": code.lower()})
    assert resp.status == 200 and (await resp.json())["token"] == state.token
    again = await client.post("/api/pair", headers=ext, json={"code": code})
    assert again.status == 403  # once only


async def test_wrong_codes_burn_the_code(client, state):
    from proxy import pairing

    code = pairing.new_code(state.data_dir)
    ext = {"Origin": EXTENSION_ORIGIN}
    statuses = [(await client.post("/api/pair", headers=ext, json={"code": "ZZZ-ZZZ"})).status
                for _ in range(pairing.MAX_ATTEMPTS)]
    assert statuses == [403] * (pairing.MAX_ATTEMPTS - 1) + [429]
    assert (await client.post("/api/pair", headers=ext, json={"code": code})).status == 403


async def test_ca_pem_serves_the_certificate_only(client, state):
    assert (await client.get("/api/ca.pem")).status == 404
    cert = "-----BEGIN CERTIFICATE-----\nMIIBdemo+/=\nQUJD\n-----END CERTIFICATE-----"
    key = "-----BEGIN PRIVATE KEY-----\nc2VjcmV0\n-----END PRIVATE KEY-----"
    (state.data_dir / "mitmproxy-ca-cert.pem").write_text(f"{key}\n{cert}\n")
    resp = await client.get("/api/ca.pem")
    assert resp.status == 200
    body = await resp.text()
    assert body.strip() == cert and "PRIVATE" not in body


async def test_unknown_route_and_method_are_json(client):
    resp = await client.get("/api/nope")
    assert resp.status == 404 and "no such API route" in (await resp.json())["error"]
    resp = await client.delete("/api/health")
    assert resp.status == 405 and "not allowed" in (await resp.json())["error"]
