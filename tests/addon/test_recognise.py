import json

import pytest

from addon import recognise
from addon.hosts import SELLER_CENTRAL, SP_API
from addon.recognise import BodyError

ORDER = "113-1234567-1234567"
CB_PATH = f"/messaging/api/orders/{ORDER}/contactBuyer"
JSON = "application/json"


def run(surface, method, path, body=b"", ctype=JSON, query=()):
    found = recognise.match(surface, method, path)
    if found is None:
        return None
    endpoint, m = found
    return recognise.parse(endpoint, m, query, ctype, body)


def multipart(fields, files=(), boundary="XyZ", close=True):
    out = []
    for name, value in fields.items():
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"\r\n\r\n'
                   f'{value}\r\n')
    for name, (filename, data) in files:
        out.append(f'--{boundary}\r\nContent-Disposition: form-data; name="{name}"; '
                   f'filename="{filename}"\r\nContent-Type: application/pdf\r\n\r\n{data}\r\n')
    if close:
        out.append(f"--{boundary}--\r\n")
    return "".join(out).encode(), f"multipart/form-data; boundary={boundary}"


@pytest.mark.parametrize("surface, method, path, channel", [
    (SELLER_CENTRAL, "POST", CB_PATH, "contact_buyer"),
    (SELLER_CENTRAL, "POST", "/messaging/api/threads/abc/reply", "contact_buyer"),
    (SELLER_CENTRAL, "POST",
     f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback", "request_review"),
    (SP_API, "POST", f"/messaging/v1/orders/{ORDER}/messages/confirmOrderDetails",
     "sp_api_message"),
    (SP_API, "POST",
     f"/solicitations/v1/orders/{ORDER}/solicitations/productReviewAndSellerFeedback",
     "sp_api_solicitation"),
])
def test_match_names_the_channel(surface, method, path, channel):
    endpoint, _ = recognise.match(surface, method, path)
    assert endpoint.channel == channel


@pytest.mark.parametrize("surface, method, path", [
    # the eligibility check is a GET: not a send
    (SELLER_CENTRAL, "GET",
     f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback"),
    (SELLER_CENTRAL, "GET", f"/messaging/contact?orderID={ORDER}"),
    (SELLER_CENTRAL, "POST", "/orders-v3/order/123"),
    (SP_API, "GET", f"/messaging/v1/orders/{ORDER}/attributes"),
    (SP_API, "POST", f"/messaging/v1/orders/{ORDER}/attributes"),
    (SP_API, "POST", "/orders/v0/orders"),
    # SP-API paths on the Seller Central host and the reverse are not mixed up
    (SELLER_CENTRAL, "POST", f"/messaging/v1/orders/{ORDER}/messages/invoice"),
    (SP_API, "POST", CB_PATH),
])
def test_match_ignores_other_calls(surface, method, path):
    assert recognise.match(surface, method, path) is None


@pytest.mark.parametrize("body, ctype, text, attachments", [
    (json.dumps({"topicId": "6", "rawMessageBody": "Hello &amp; thanks &lt;3",
                 "attachments": [{"fileName": "manual.pdf"}], "uploadingFiles": []}).encode(),
     JSON, "Hello & thanks <3", ["manual.pdf"]),
    (json.dumps({"messageBody": "Plain"}).encode(), JSON, "Plain", []),
    (json.dumps({"text": "t", "attachments": ["a.pdf", {"filename": "b.pdf"}, 3]}).encode(),
     "application/json; charset=utf-8", "t", ["a.pdf", "b.pdf"]),
    (b"rawMessageBody=Hello+there&topicId=6", "application/x-www-form-urlencoded",
     "Hello there", []),
    (*multipart({"rawMessageBody": "Hi from multipart"}, [("file", ("warranty.pdf", "%PDF"))]),
     "Hi from multipart", ["warranty.pdf"]),
    # JSON under a wrong content type is still read (safer than passing it unchecked)
    (json.dumps({"rawMessageBody": "Sniffed"}).encode(), "text/plain", "Sniffed", []),
])
def test_contact_buyer_bodies(body, ctype, text, attachments):
    send = run(SELLER_CENTRAL, "POST", CB_PATH, body, ctype, [("marketplaceId", "A1PA6795UKMFR9")])
    assert send.channel == "contact_buyer"
    assert send.order_id == ORDER
    assert send.marketplace == "A1PA6795UKMFR9"
    assert send.text == text
    assert [a["filename"] for a in send.message["attachments"]] == attachments
    assert send.message["order_id"] == ORDER


@pytest.mark.parametrize("body, ctype, why", [
    (b'{"rawMessageBody": "cut', JSON, "not valid JSON"),
    (b"\xff\xfe{}", JSON, "not UTF-8"),
    (b"[1, 2]", JSON, "not an object"),
    (b"", JSON, "empty body"),
    (b"just words", "text/plain", "unreadable content type"),
    (json.dumps({"topicId": "6"}).encode(), JSON, "no message text field"),
    (multipart({"rawMessageBody": "x"}, close=False)[0][:-4], "multipart/form-data; boundary=XyZ",
     "malformed or truncated"),
    (b"%zz=&&=", "application/x-www-form-urlencoded", "cannot be decoded"),
])
def test_unreadable_contact_buyer_send_is_a_body_error(body, ctype, why):
    with pytest.raises(BodyError, match=why):
        run(SELLER_CENTRAL, "POST", CB_PATH, body, ctype)


@pytest.mark.parametrize("path, body, ctype", [
    # other messaging calls are only sends when they carry a text field
    ("/messaging/api/threads/abc/markRead", b'{"read": true}', JSON),
    ("/messaging/api/metrics", b"beacon", "text/plain"),
    ("/messaging/api/metrics", b"", JSON),
])
def test_other_messaging_calls_without_text_are_not_sends(path, body, ctype):
    assert run(SELLER_CENTRAL, "POST", path, body, ctype) is None


def test_other_messaging_call_with_text_is_a_send_with_order_from_body():
    body = json.dumps({"orderId": ORDER, "body": "Reply text"}).encode()
    send = run(SELLER_CENTRAL, "POST", "/messaging/api/threads/abc/reply", body)
    assert (send.order_id, send.text) == (ORDER, "Reply text")


def test_review_button():
    path = f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback"
    send = run(SELLER_CENTRAL, "POST", path, b"{}",
               query=[("marketplaceId", "ATVPDKIKX0DER"), ("isReturn", "false")])
    assert (send.channel, send.order_id, send.marketplace, send.message) == (
        "request_review", ORDER, "ATVPDKIKX0DER", None)
    assert send.is_review_request


@pytest.mark.parametrize("mtype, body, text, attachments", [
    ("confirmOrderDetails", {"text": "Your order ships today."}, "Your order ships today.", []),
    ("invoice", {"attachments": [{"uploadDestinationId": "u1", "fileName": "inv.pdf"}]}, "",
     ["inv.pdf"]),
    ("negativeFeedbackRemoval", {}, "", []),
])
def test_sp_api_message(mtype, body, text, attachments):
    path = f"/messaging/v1/orders/{ORDER}/messages/{mtype}"
    send = run(SP_API, "POST", path, json.dumps(body).encode(),
               query=[("marketplaceIds", "A1PA6795UKMFR9,ATVPDKIKX0DER")])
    assert send.channel == "sp_api_message"
    assert send.message["message_type"] == mtype
    assert send.marketplace == send.message["marketplace"] == "A1PA6795UKMFR9"
    assert send.text == text
    assert [a["filename"] for a in send.message["attachments"]] == attachments


@pytest.mark.parametrize("body, why", [
    (b"{", "not valid JSON"),
    (b'{"text": 5}', "not a string"),
    (b"", "not valid JSON"),
])
def test_sp_api_message_bad_body(body, why):
    with pytest.raises(BodyError, match=why):
        run(SP_API, "POST", f"/messaging/v1/orders/{ORDER}/messages/confirmOrderDetails", body)


def test_sp_api_solicitation():
    path = f"/solicitations/v1/orders/{ORDER}/solicitations/productReviewAndSellerFeedback"
    send = run(SP_API, "POST", path, query=[("marketplaceIds", "ATVPDKIKX0DER")])
    assert (send.channel, send.order_id, send.marketplace) == (
        "sp_api_solicitation", ORDER, "ATVPDKIKX0DER")


@pytest.mark.parametrize("surface, path, body, expected", [
    (SP_API, f"/messaging/v1/orders/{ORDER}/attributes", {"buyer": {"locale": "de-DE"}},
     [(ORDER, {"buyer_language": "de-DE"}, False)]),
    (SP_API, f"/orders/v0/orders/{ORDER}",
     {"payload": {"AmazonOrderId": ORDER, "PurchaseDate": "2026-11-01T10:00:00Z",
                  "MarketplaceId": "A1PA6795UKMFR9"}},
     [(ORDER, {"order_date": "2026-11-01", "marketplace": "A1PA6795UKMFR9"}, False)]),
    (SP_API, "/orders/v0/orders",
     {"payload": {"Orders": [{"AmazonOrderId": ORDER, "PurchaseDate": "2026-10-02T00:00:00Z"},
                             {"nothing": 1}]}},
     [(ORDER, {"order_date": "2026-10-02"}, False)]),
    (SELLER_CENTRAL, f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback",
     {"isSuccess": False, "ineligibleReason": "REVIEW_REQUEST_ALREADY_SENT"},
     [(ORDER, {}, True)]),
    (SELLER_CENTRAL, f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback",
     {"isSuccess": False, "ineligibleReason": "REVIEW_REQUEST_OUTSIDE_TIME_WINDOW"}, []),
    (SP_API, f"/messaging/v1/orders/{ORDER}/attributes", {"buyer": None}, []),
    (SP_API, f"/messaging/v1/orders/{ORDER}/attributes", "not json", []),
])
def test_learn(surface, path, body, expected):
    assert recognise.wants_response(surface, "GET", path)
    raw = body.encode() if isinstance(body, str) else json.dumps(body).encode()
    got = [(x.order_id, x.facts, x.review_already_sent) for x in recognise.learn(surface, path, raw)]
    assert got == expected
