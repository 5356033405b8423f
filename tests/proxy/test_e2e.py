"""End to end: a real guard, a real HTTPS client trusting the guard's CA, a real upstream.

Each test sends through the proxy exactly what Seller Central's page or an SP-API tool sends
and then looks at two things: what the client got, and what the upstream received.
"""

from __future__ import annotations

import gzip
import json
import ssl
import uuid

import pytest
from cryptography import x509

from proxy.state import text_hash
from tests.proxy.conftest import COMPLIANT, ORDER, SC, SPAPI, VIOLATING

CONTACT = f"{SC}/messaging/api/orders/{ORDER}/contactBuyer?marketplaceId=ATVPDKIKX0DER"
CONTACT_PATH = f"/messaging/api/orders/{ORDER}/contactBuyer"


def contact_body(text: str) -> dict:
    return {"topicId": "6", "rawMessageBody": text.replace("&", "&amp;"), "attachments": [],
            "uploadingFiles": [], "failedFiles": [], "failedFilesTooLarge": False}


def new_order() -> str:
    digits = f"{uuid.uuid4().int % 10**14:014d}"
    return f"114-{digits[:7]}-{digits[7:]}"


def sp_message_url(order: str = ORDER, mtype: str = "confirmOrderDetails") -> str:
    return f"{SPAPI}/messaging/v1/orders/{order}/messages/{mtype}?marketplaceIds=ATVPDKIKX0DER"


def review_url(order: str) -> str:
    return (f"{SC}/messaging/api/solicitations/{order}/productReviewAndSellerFeedback"
            f"?marketplaceId=ATVPDKIKX0DER&isReturn=false")


def sp_solicitation_url(order: str) -> str:
    return (f"{SPAPI}/solicitations/v1/orders/{order}/solicitations/"
            f"productReviewAndSellerFeedback?marketplaceIds=ATVPDKIKX0DER")


def arrived(guard, path: str) -> int:
    return guard.upstream.paths().count(path)


# --- verdicts ---------------------------------------------------------------------------


def test_violating_contact_buyer_send_is_blocked_and_never_arrives(guard):
    reply = guard.fetch("POST", CONTACT, json_body=contact_body(VIOLATING),
                        headers={"anti-csrftoken-a2z": "secret-csrf", "Cookie": "session=s3"})
    assert reply.status == 422 and reply.headers["X-BSM-Guard"] == "blocked"
    error = reply.json()["error"]
    assert error["code"] == "BSM_GUARD_BLOCKED"
    assert error["codes"] and all(c[0] in "COS" for c in error["codes"])
    assert f"bsm-guard allow {error['verdictId']}" in error["howToSendAnyway"]
    assert arrived(guard, CONTACT_PATH) == 0 or all(
        r["body"] != json.dumps(contact_body(VIOLATING)).encode()
        for r in guard.upstream.received)
    stored = guard.state.store.get_verdict(error["verdictId"])
    assert stored["action"] == "blocked" and stored["text"] == VIOLATING
    # nothing secret reached the store
    dump = json.dumps(stored)
    assert "secret-csrf" not in dump and "session=s3" not in dump


def test_violating_sp_api_send_is_blocked_with_the_sp_api_error_shape(guard):
    path = f"/messaging/v1/orders/{ORDER}/messages/confirmOrderDetails"
    before = arrived(guard, path)
    reply = guard.fetch("POST", sp_message_url(), json_body={"text": VIOLATING},
                        headers={"x-amz-access-token": "Atza|secret"})
    assert reply.status == 400
    (error,) = reply.json()["errors"]
    assert error["code"] == "InvalidInput"
    assert error["message"].startswith("bsm-guard blocked this message: C") or \
        error["message"].startswith("bsm-guard blocked this message: O")
    assert "bsm-guard allow" in error["details"]
    assert arrived(guard, path) == before


def test_compliant_sends_reach_the_upstream_unchanged(guard):
    body = json.dumps(contact_body(COMPLIANT)).encode()
    reply = guard.fetch("POST", CONTACT, body=body,
                        headers={"Content-Type": "application/json"})
    assert reply.status == 200, reply.body
    assert reply.headers["X-BSM-Guard-Verdict"].split(";")[0] in ("pass", "warn")
    last = guard.upstream.received[-1]
    assert last["path"] == CONTACT_PATH and last["body"] == body
    assert last["query"] == "marketplaceId=ATVPDKIKX0DER"
    assert last["headers"]["Host"] == "sellercentral.amazon.com"

    sp_body = json.dumps({"text": COMPLIANT}).encode()
    reply = guard.fetch("POST", sp_message_url(), body=sp_body,
                        headers={"Content-Type": "application/json"})
    assert reply.status == 201
    assert guard.upstream.received[-1]["body"] == sp_body


def test_warn_mode_forwards_and_annotates(guard):
    guard.set_settings(mode="warn")
    reply = guard.fetch("POST", CONTACT, json_body=contact_body(VIOLATING))
    assert reply.status == 200
    assert reply.headers["X-BSM-Guard-Verdict"].startswith("block; codes=")
    assert guard.state.store.recent_verdicts(1)[0]["action"] == "forwarded"


def test_off_mode_passes_everything_but_still_answers_status(guard):
    guard.set_settings(mode="off")
    reply = guard.fetch("POST", CONTACT, json_body=contact_body(VIOLATING))
    assert reply.status == 200
    assert guard.state.store.recent_verdicts(1)[0]["action"] == "off"
    status = guard.fetch("GET", f"{SC}/__bsm-guard/status")
    assert status.json() == {"guarded": True, "mode": "off", "version": status.json()["version"]}


def test_status_endpoint_on_guarded_hosts(guard):
    for base in (SC, SPAPI):
        reply = guard.fetch("GET", f"{base}/__bsm-guard/status")
        assert reply.status == 200 and reply.json()["guarded"] is True
    assert "/__bsm-guard/status" not in guard.upstream.paths()


def test_events_are_published_without_the_text(guard):
    queue = guard.on_loop(guard.state.events.subscribe)
    try:
        guard.fetch("POST", CONTACT, json_body=contact_body(VIOLATING))
        event = guard.on_loop(queue.get_nowait)
    finally:
        guard.on_loop(guard.state.events.unsubscribe, queue)
    assert event["type"] == "verdict" and event["action"] == "blocked"
    assert event["mode"] == "block" and event["channel"] == "contact_buyer"
    assert event["text_hash"] == text_hash(VIOLATING)
    assert "gift card: http" not in json.dumps({k: v for k, v in event.items()
                                                if k != "diagnostics"})


# --- review requests across channels (C208) ---------------------------------------------


def test_second_review_request_is_blocked_as_c208(guard):
    order = new_order()
    first = guard.fetch("POST", review_url(order), json_body={})
    assert first.status == 200  # the upstream accepted: now counted
    assert guard.state.store.review_requested(order)
    second = guard.fetch("POST", review_url(order), json_body={})
    assert second.status == 422 and second.json()["error"]["codes"] == ["C208"]
    sp = guard.fetch("POST", sp_solicitation_url(order))
    assert sp.status == 400 and "C208" in sp.json()["errors"][0]["message"]
    path = f"/messaging/api/solicitations/{order}/productReviewAndSellerFeedback"
    assert arrived(guard, path) == 1


def test_review_requests_are_counted_across_channels(guard):
    """A message that asks for a review counts as the order's request; the button press
    after it is the second (C208). And a press before a message makes the message C208."""
    first, second = new_order(), new_order()
    ask = ("Hello, about your order {}: the blue colour you chose is out of stock. Would you "
           "like us to send the grey one instead? Please reply so we can proceed. Once it has "
           "arrived, we would be grateful if you left a review of the product.")
    sent = guard.fetch("POST", CONTACT.replace(ORDER, first),
                       json_body=contact_body(ask.format(first)))
    assert sent.status == 200 and guard.state.store.review_requested(first)
    press = guard.fetch("POST", review_url(first), json_body={})
    assert press.status == 422 and press.json()["error"]["codes"] == ["C208"]

    assert guard.fetch("POST", sp_solicitation_url(second)).status == 201
    message = guard.fetch("POST", sp_message_url(second), json_body={"text": ask.format(second)})
    assert message.status == 400 and "C208" in message.json()["errors"][0]["message"]


def test_review_request_is_counted_only_when_the_upstream_accepts(guard):
    order = new_order()
    path = f"/solicitations/v1/orders/{order}/solicitations/productReviewAndSellerFeedback"
    guard.upstream.replies[("POST", path)] = (403, {"errors": [{"code": "Unauthorized"}]})
    assert guard.fetch("POST", sp_solicitation_url(order)).status == 403
    assert not guard.state.store.review_requested(order)
    guard.upstream.replies.clear()
    assert guard.fetch("POST", sp_solicitation_url(order)).status == 201
    assert guard.state.store.review_requested(order)


def test_eligibility_check_passes_and_teaches_an_earlier_request(guard):
    order = new_order()
    path = f"/messaging/api/solicitations/{order}/productReviewAndSellerFeedback"
    guard.upstream.replies[("GET", path)] = (
        200, {"isSuccess": False, "ineligibleReason": "REVIEW_REQUEST_ALREADY_SENT"})
    reply = guard.fetch("GET", review_url(order))
    assert reply.status == 200 and arrived(guard, path) == 1
    assert guard.state.store.review_requested(order)


def test_override_lets_one_blocked_review_press_through(guard):
    order = new_order()
    assert guard.fetch("POST", review_url(order), json_body={}).status == 200
    blocked = guard.fetch("POST", review_url(order), json_body={}).json()["error"]
    verdict = guard.state.store.get_verdict(blocked["verdictId"])
    guard.state.store.grant_override(verdict["text_hash"])
    assert guard.fetch("POST", review_url(order), json_body={}).status == 200
    assert guard.fetch("POST", review_url(order), json_body={}).status == 422


def test_context_learned_from_sp_api_responses(guard):
    order = new_order()
    guard.upstream.replies[("GET", f"/messaging/v1/orders/{order}/attributes")] = (
        200, {"buyer": {"locale": "de-DE"}})
    guard.upstream.replies[("GET", f"/orders/v0/orders/{order}")] = (
        200, {"payload": {"AmazonOrderId": order, "PurchaseDate": "2026-11-02T08:00:00Z",
                          "MarketplaceId": "A1PA6795UKMFR9"}})
    guard.fetch("GET", f"{SPAPI}/messaging/v1/orders/{order}/attributes?marketplaceIds=x")
    guard.fetch("GET", f"{SPAPI}/orders/v0/orders/{order}")
    assert guard.on_loop(guard.state.orders.get, order) == {
        "buyer_language": "de-DE", "order_date": "2026-11-02", "marketplace": "A1PA6795UKMFR9"}


# --- overrides and fail modes -----------------------------------------------------------


def test_override_lets_one_blocked_text_through_once(guard):
    text = VIOLATING + " " + uuid.uuid4().hex[:6]
    blocked = guard.fetch("POST", CONTACT, json_body=contact_body(text)).json()["error"]
    guard.state.store.grant_override(text_hash(text))
    through = guard.fetch("POST", CONTACT, json_body=contact_body(text))
    assert through.status == 200
    assert guard.state.store.recent_verdicts(1)[0]["action"] == "overridden"
    assert guard.fetch("POST", CONTACT, json_body=contact_body(text)).status == 422
    assert blocked["verdictId"] < guard.state.store.recent_verdicts(1)[0]["id"]


def test_checker_failure_fails_closed_by_default_and_open_when_configured(guard, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("injected checker failure")

    monkeypatch.setattr(guard.service.guard, "check_message", broken)
    before = arrived(guard, CONTACT_PATH)
    reply = guard.fetch("POST", CONTACT, json_body=contact_body(COMPLIANT))
    assert reply.status == 503
    error = reply.json()["error"]
    assert error["code"] == "BSM_GUARD_CHECK_FAILED" and "could not check" in error["message"]
    assert arrived(guard, CONTACT_PATH) == before
    assert guard.state.store.get_verdict(error["verdictId"])["action"] == "failed_closed"
    sp = guard.fetch("POST", sp_message_url(), json_body={"text": COMPLIANT})
    assert sp.status == 503 and sp.json()["errors"][0]["code"] == "BSM_GUARD_CHECK_FAILED"

    # the failed text can be let through once, like a blocked one
    guard.state.store.grant_override(text_hash(COMPLIANT))
    assert guard.fetch("POST", CONTACT, json_body=contact_body(COMPLIANT)).status == 200

    guard.set_settings(fail_mode="open")
    reply = guard.fetch("POST", CONTACT, json_body=contact_body(COMPLIANT))
    assert reply.status == 200 and arrived(guard, CONTACT_PATH) == before + 2
    assert guard.state.store.recent_verdicts(1)[0]["action"] == "failed_open"


# --- malformed bodies -------------------------------------------------------------------

MULTIPART_HEAD = ('--B\r\nContent-Disposition: form-data; name="rawMessageBody"\r\n\r\n'
                  f"{VIOLATING}\r\n--B\r\nContent-Disposition: form-data; name=\"file\"; "
                  'filename="manual.pdf"\r\nContent-Type: application/pdf\r\n\r\n%PDF-1.4\r\n')


@pytest.mark.parametrize("body, ctype, extra, status, code", [
    (b'{"rawMessageBody": "cut off', "application/json", {}, 400, "BSM_GUARD_UNREADABLE"),
    (b"rawMessageBody is plain words", "text/plain", {}, 400, "BSM_GUARD_UNREADABLE"),
    # JSON under the wrong content type is still read and judged
    (json.dumps(contact_body(VIOLATING)).encode(), "text/plain", {}, 422, "BSM_GUARD_BLOCKED"),
    (MULTIPART_HEAD.encode() + b"--B--\r\n", "multipart/form-data; boundary=B", {}, 422,
     "BSM_GUARD_BLOCKED"),
    (MULTIPART_HEAD.encode()[:-30], "multipart/form-data; boundary=B", {}, 400,
     "BSM_GUARD_UNREADABLE"),
    (f"rawMessageBody={VIOLATING}".replace("&", "%26").replace("$", "%24").encode(),
     "application/x-www-form-urlencoded", {}, 422, "BSM_GUARD_BLOCKED"),
    (gzip.compress(json.dumps(contact_body(VIOLATING)).encode()), "application/json",
     {"Content-Encoding": "gzip"}, 422, "BSM_GUARD_BLOCKED"),
    (b"\x1f\x8b not really gzip", "application/json", {"Content-Encoding": "gzip"}, 400,
     "BSM_GUARD_UNREADABLE"),
    (json.dumps({"rawMessageBody": "x" * (10 * 1024 * 1024)}).encode(), "application/json", {},
     413, "BSM_GUARD_TOO_LARGE"),
], ids=["broken-json", "plain-text", "json-as-text-plain", "multipart", "truncated-multipart",
        "form-encoded", "gzip", "bad-gzip", "10-MB"])
def test_malformed_bodies_get_a_clear_outcome_and_the_proxy_keeps_serving(
        guard, body, ctype, extra, status, code):
    before = arrived(guard, CONTACT_PATH)
    reply = guard.fetch("POST", CONTACT, body=body, headers={"Content-Type": ctype, **extra})
    assert (reply.status, reply.json()["error"]["code"]) == (status, code)
    assert arrived(guard, CONTACT_PATH) == before
    ok = guard.fetch("POST", CONTACT, json_body=contact_body(COMPLIANT))
    assert ok.status == 200


def test_gzip_compliant_send_arrives_compressed_as_sent(guard):
    body = gzip.compress(json.dumps(contact_body(COMPLIANT)).encode())
    reply = guard.fetch("POST", CONTACT, body=body, headers={
        "Content-Type": "application/json", "Content-Encoding": "gzip"})
    assert reply.status == 200
    last = guard.upstream.received[-1]
    # still gzip on the wire (the upstream server decodes it on arrival)
    assert last["headers"]["Content-Encoding"] == "gzip"
    assert last["body"] == gzip.decompress(body)


def test_unparseable_body_in_fail_open_mode_goes_through(guard):
    guard.set_settings(fail_mode="open")
    before = arrived(guard, CONTACT_PATH)
    reply = guard.fetch("POST", CONTACT, body=b"{broken", headers={
        "Content-Type": "application/json"})
    assert reply.status == 200 and arrived(guard, CONTACT_PATH) == before + 1


# --- interception is limited to Amazon --------------------------------------------------


def test_other_hosts_are_tunnelled_with_their_own_tls(guard):
    only_upstream = ssl.create_default_context(cafile=str(guard.upstream_ca))
    reply = guard.fetch("GET", f"https://localhost:{guard.upstream.port}/anything",
                        trust=only_upstream)
    assert reply.status == 200 and "X-BSM-Guard" not in reply.headers
    seen = guard.peer_cert("localhost", guard.upstream.port, only_upstream)
    assert seen == guard.upstream_der  # the upstream's own certificate
    # ...while an Amazon host gets a certificate issued by the guard's CA
    amazon = guard.peer_cert("sellercentral.amazon.com", 443, guard.guard_ca)
    issuer = x509.load_der_x509_certificate(amazon).issuer
    ca = x509.load_pem_x509_certificate(guard.service.ca_path.read_bytes())
    assert issuer == ca.subject


def test_look_alike_host_is_not_intercepted(guard):
    # A host that merely starts like Seller Central is tunnelled (and, with no DNS here,
    # fails to connect): it never gets a certificate from the guard's CA.
    with pytest.raises(Exception):
        guard.fetch("GET", "https://sellercentral.amazon.com.attacker.example/", timeout=10)
