"""The popup and where the extension runs, in real Chromium against the real guard: a recent
verdict opens with why (in a seller's words) and its text; the traffic line is right on the
demo page; content scripts run on Seller Central and the demo's own origin only."""

from __future__ import annotations

import json
import socket
import urllib.error
import urllib.request

from proxy.extension_id import EXTENSION_ID
from tests.extension import harness
from tests.extension.harness import PANEL, VIOLATING

pytestmark = harness.BROWSER_MARKS

POPUP = f"chrome-extension://{EXTENSION_ID}/popup.html"


def blocked_send(demo, text: str) -> int:
    """A send through the guard (the demo's origin is served through it) that it blocks."""
    body = json.dumps({"topicId": "2", "rawMessageBody": text, "attachments": []}).encode()
    req = urllib.request.Request(
        f"{demo.origin}/messaging/api/orders/{harness.ORDER_ID}/contactBuyer?marketplaceId=ATVPDKIKX0DER",
        data=body, method="POST", headers={"Content-Type": "application/json"})
    try:
        urllib.request.urlopen(req, timeout=30)
    except urllib.error.HTTPError as exc:
        assert exc.code == 422, exc.code
        return json.loads(exc.read())["error"]["verdictId"]
    raise AssertionError("the guard let a violating send through")


def test_a_recent_verdict_opens_with_why_and_its_text(browser, demo, pairing):
    context, _ = browser
    text = VIOLATING + " (popup)"
    verdict = blocked_send(demo, text)
    popup = context.new_page()
    try:
        popup.goto(POPUP)
        row = popup.locator(f"#history button.verdict[data-id='{verdict}']")
        row.wait_for()
        harness.shot(popup, "popup", "body")
        row.click()
        popup.wait_for_selector(f"#detail[data-id='{verdict}']:not([hidden])")
        why = popup.locator("#detail-why").inner_text()
        assert why.startswith("Amazon would block this message: no order ID"), why
        assert "`" not in why
        assert popup.locator("#detail-text").inner_text() == text
        assert popup.locator("#detail-findings li").count() >= 3
        harness.shot(popup, "popup-verdict", "body")
        popup.click("#back")
        popup.wait_for_selector("#up:not([hidden])")
    finally:
        popup.close()


def test_the_popup_tells_the_truth_about_the_demo_pages_traffic(browser, demo, pairing):
    context, _ = browser
    tab = context.new_page()
    popup = context.new_page()
    try:
        tab.goto(demo.contact_url())
        tab.wait_for_selector(PANEL, state="attached")
        popup.goto(POPUP)
        popup.wait_for_selector("#routed.ok")
        host = demo.origin.split("//", 1)[1]
        assert popup.locator("#routed").inner_text() == f"This demo page ({host}) goes through the guard ✓"
        harness.shot(popup, "popup-demo-traffic", "body")
    finally:
        popup.close()
        tab.close()


def test_content_scripts_run_on_seller_central_and_the_demo_origin_only(browser, demo, pairing):
    context, worker = browser
    registered = worker.evaluate("chrome.scripting.getRegisteredContentScripts()")
    assert [s["matches"] for s in registered] == [[f"{demo.origin}/*"]]
    with socket.socket() as s:  # another local origin: some other developer tool
        s.bind(("127.0.0.1", 0))
        other = f"http://127.0.0.1:{s.getsockname()[1]}"
    elsewhere = context.new_page()
    demo_tab = context.new_page()
    try:
        html = ("<!doctype html><title>other</title><div class=contact-buyer-text-area>"
                "<textarea rows=5></textarea></div>")
        elsewhere.route(f"{other}/**", lambda route: route.fulfill(content_type="text/html", body=html))
        elsewhere.goto(f"{other}/messaging/contact?orderID={harness.ORDER_ID}")
        demo_tab.goto(demo.contact_url())
        demo_tab.wait_for_selector(PANEL, state="attached")  # loaded after the other page
        harness.wait_checked(demo_tab, "")
        assert elsewhere.locator(PANEL).count() == 0
        assert elsewhere.locator("bsm-guard-overlay").count() == 0
    finally:
        elsewhere.close()
        demo_tab.close()


def test_ignored_rules_and_words_can_be_taken_back_in_the_popup(browser, demo, pairing):
    context, _ = browser
    before = demo.get(f"{demo.api}/api/settings")["config"]
    harness.put_settings(demo, {"config": {"ignore": ["S308"], "words": ["snugfitt"]}})
    popup = context.new_page()
    try:
        popup.goto(POPUP)
        popup.wait_for_selector("#saved-box:not([hidden])")
        assert popup.locator("#saved li span").all_inner_texts() == [
            "S308 is not checked", "“snugfitt” is in your dictionary"]
        harness.shot(popup, "popup-saved", "body")
        popup.click("#saved button[data-key=ignore][data-value=S308]")
        popup.wait_for_selector("#saved button[data-key=ignore]", state="detached")
        config = demo.get(f"{demo.api}/api/settings")["config"]
        assert config["ignore"] == [] and config["words"] == ["snugfitt"]
    finally:
        popup.close()
        harness.put_settings(demo, {"config": {"ignore": before["ignore"], "words": before["words"]}})
