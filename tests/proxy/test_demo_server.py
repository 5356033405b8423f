"""The demo origin server on its own: pages carry what the extension and the addon read, the
endpoints take the real page's paths and bodies and record what arrived."""

from __future__ import annotations

import datetime as dt
import re

import pytest
from aiohttp.test_utils import TestClient, TestServer
from bs4 import BeautifulSoup

from proxy.demo.server import CONTACT_REASONS, EXAMPLES, ORDERS, make_origin_app

ORDER = "113-1234567-1234567"
CONTACT = f"/messaging/api/orders/{ORDER}/contactBuyer?marketplaceId=ATVPDKIKX0DER"
SOLICIT = (f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback"
           "?marketplaceId=ATVPDKIKX0DER")


@pytest.fixture
async def origin():
    async with TestClient(TestServer(make_origin_app())) as client:
        yield client


async def soup_of(client, path) -> BeautifulSoup:
    resp = await client.get(path)
    assert resp.status == 200
    assert resp.content_type == "text/html"
    return BeautifulSoup(await resp.text(), "html.parser")


async def test_contact_page_has_what_seller_central_has(origin):
    page = await soup_of(origin, "/messaging/contact?orderID=302-7654321-7654321"
                                 "&marketplaceID=A1PA6795UKMFR9")
    order = ORDERS["302-7654321-7654321"]
    assert page.select_one("span.order-date").text == order.order_date.isoformat()
    assert page.select_one("span.buyer-language").text == "de-DE"
    radios = page.select("#ayb-contact-buyer kat-radiobutton[name=contactReason]")
    assert [r["value"] for r in radios] == [v for v, _ in CONTACT_REASONS]
    assert all(r.get("label") for r in radios)
    assert len([r for r in radios if r.has_attr("checked")]) == 1
    assert page.select_one("div.contact-buyer-text-area kat-textarea") is not None
    assert page.select_one("div.contact-buyer-file-input input[type=file]") is not None
    assert page.select_one("kat-button.ayb-contact-form-send-button") is not None
    assert page.select_one("div.kat-alert-success-content").text == "Your message has been sent"
    assert page.select_one("div.kat-alert-danger-content") is not None
    assert page.select_one("meta[name=anti-csrftoken-a2z]")["content"]
    form = page.select_one("#ayb-contact-buyer")
    assert form["data-order-id"] == "302-7654321-7654321"
    assert form["data-marketplace-id"] == "A1PA6795UKMFR9"


async def test_unknown_order_gets_defaults_and_input_is_escaped(origin):
    evil = '"><script>alert(1)</script>'
    page = await soup_of(origin, f"/messaging/contact?orderID={evil}&marketplaceID=X")
    assert page.select_one("span.order-id").text == evil  # shown as text, not markup
    assert not [s for s in page.find_all("script") if "alert" in s.text]
    assert page.select_one("span.buyer-language").text == "en-US"


@pytest.mark.parametrize("example", list(EXAMPLES))
async def test_gallery_examples_preload_the_contact_page(origin, example):
    ex = EXAMPLES[example]
    page = await soup_of(origin, f"/messaging/contact?example={example}")
    assert page.select_one("kat-textarea")["value"] == ex["text"]
    assert page.select_one("span.order-id").text == ex["order"]
    checked = page.select_one("kat-radiobutton[checked]")
    assert checked["value"] == ex["reason"]


def test_demo_order_dates_stay_inside_their_windows():
    today = dt.date.today()
    assert (today - ORDERS[ORDER].order_date).days <= 30
    assert (today - ORDERS["114-9876543-2109876"].order_date).days > 30


async def test_contact_buyer_send_is_recorded(origin):
    body = {"topicId": "6", "rawMessageBody": "Hello &amp; welcome", "attachments":
            [{"fileName": "manual.pdf"}], "uploadingFiles": [], "failedFiles": [],
            "failedFilesTooLarge": False}
    resp = await origin.post(CONTACT, json=body, headers={"anti-csrftoken-a2z": "secret-csrf"})
    assert resp.status == 200 and (await resp.json())["isSuccess"] is True
    received = await (await origin.get("/demo/received")).json()
    assert len(received) == 1
    entry = received[0]
    assert entry["kind"] == "contact_buyer" and entry["order_id"] == ORDER
    assert entry["marketplace_id"] == "ATVPDKIKX0DER"
    assert entry["body"] == body
    assert entry["csrf_header"] is True and "secret-csrf" not in str(entry)


@pytest.mark.parametrize("data, status", [
    (b"{broken", 400), (b'{"rawMessageBody": "  "}', 400), (b"[]", 400),
])
async def test_contact_buyer_bad_bodies(origin, data, status):
    resp = await origin.post(CONTACT, data=data, headers={"Content-Type": "application/json"})
    assert resp.status == status
    assert (await resp.json())["isSuccess"] is False


async def test_review_request_eligibility_and_repeat(origin):
    assert (await (await origin.get(SOLICIT)).json()) == {"isSuccess": True,
                                                          "ineligibleReason": None}
    first = await origin.post(SOLICIT + "&isReturn=false", json={})
    assert first.status == 200 and (await first.json())["isSuccess"] is True
    after = await (await origin.get(SOLICIT)).json()
    assert after["ineligibleReason"] == "REVIEW_REQUEST_ALREADY_SENT"
    second = await origin.post(SOLICIT + "&isReturn=false", json={})
    assert second.status == 400
    received = await (await origin.get("/demo/received")).json()
    assert [r["kind"] for r in received] == ["request_review", "request_review"]
    assert (await origin.delete("/demo/received")).status == 200
    assert await (await origin.get("/demo/received")).json() == []
    assert (await (await origin.get(SOLICIT)).json())["isSuccess"] is True


async def test_old_order_is_outside_the_review_window(origin):
    path = "/messaging/api/solicitations/114-9876543-2109876/productReviewAndSellerFeedback"
    data = await (await origin.get(path)).json()
    assert data["ineligibleReason"] == "REVIEW_REQUEST_OUTSIDE_TIME_WINDOW"


async def test_review_page(origin):
    page = await soup_of(origin, f"/messaging/review?orderID={ORDER}&marketplaceID=ATVPDKIKX0DER")
    assert page.select_one("kat-button.request-review-button") is not None
    assert page.select_one("#request-review")["data-order-id"] == ORDER


@pytest.mark.parametrize("name, ctype", [
    ("kat.js", "application/javascript"), ("contact.js", "application/javascript"),
    ("review.js", "application/javascript"), ("alerts.js", "application/javascript"),
    ("demo.css", "text/css"),
])
async def test_static_files(origin, name, ctype):
    resp = await origin.get(f"/demo/static/{name}")
    assert resp.status == 200 and resp.content_type == ctype


@pytest.mark.parametrize("name", ["contact.html", "__init__.py", "..%2Fserver.py", "nope.js"])
async def test_static_files_serve_only_assets(origin, name):
    assert (await origin.get(f"/demo/static/{name}")).status == 404


async def test_root_redirects_to_the_gallery(origin):
    resp = await origin.get("/", allow_redirects=False)
    assert resp.status == 302 and resp.headers["Location"] == "/demo/gallery"
