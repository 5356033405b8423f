"""One send flow, in real Chromium against the real guard: a send that Amazon would block is
held once with the reason in a seller's words; "Send anyway" goes through on the first try and
the guard records it as an override. A block the seller was not asked about is explained once,
with one Send anyway. Never a command line."""

from __future__ import annotations

import json

from tests.extension import harness
from tests.extension.harness import PANEL, SEND, VIOLATING, open_contact

pytestmark = harness.BROWSER_MARKS

SUCCESS = "div.kat-alert-success-content"
DANGER = "div.kat-alert-danger-content"


def wait_state(page, state: str) -> None:
    page.wait_for_function(f"document.querySelector('{PANEL}').dataset.state === '{state}'")


def wait_events(worker) -> None:
    """The service worker streams /api/events while a Contact Buyer page is open."""
    worker.evaluate("""() => new Promise((ok, fail) => { let n = 0; const t = setInterval(() => {
        if (bsmGuard.stream && bsmGuard.stream.connected) { clearInterval(t); ok(true); }
        else if (++n > 200) { clearInterval(t); fail(new Error('no event stream')); } }, 50); })""")


def test_send_anyway_is_asked_once_and_the_send_goes_through_as_an_override(page, demo, browser):
    _, worker = browser
    open_contact(page, demo)
    wait_events(worker)
    text = VIOLATING + " (send anyway)"
    harness.type_message(page, text)
    harness.wait_checked(page, text)

    page.click(SEND)
    page.wait_for_selector(f"{PANEL} [data-action=send-anyway]")
    banner = page.locator(f"{PANEL} .banner").inner_text()
    assert "Amazon would block this message: no order ID" in banner, banner
    assert "an emoji" in banner and "too many blank lines in a row" in banner
    assert "S301" not in banner and "`" not in banner and "allow" not in banner
    assert not harness.sends_of(demo, text)  # held: nothing was sent
    harness.shot(page, "confirm", "#ayb-contact-buyer")

    page.locator(f"{PANEL} [data-action=send-anyway]").click()
    page.wait_for_selector(SUCCESS, state="visible")
    wait_state(page, "sent")
    assert "recorded that you chose to send it anyway" in page.locator(f"{PANEL} .banner").inner_text()
    assert len(harness.sends_of(demo, text)) == 1
    assert page.locator(DANGER).is_hidden()  # the page never showed a failure
    rows = harness.history(demo)
    assert rows[0]["action"] == "overridden", rows[0]
    harness.wait_checked(page, "")  # the emptied box is checked again: no stale findings
    assert not [r for r in rows if r["action"] == "blocked" and r.get("text_hash") == rows[0].get("text_hash")]
    harness.shot(page, "sent-anyway", "#ayb-contact-buyer")


def test_keep_editing_sends_nothing(page, demo):
    open_contact(page, demo)
    text = VIOLATING + " (keep editing)"
    harness.type_message(page, text)
    harness.wait_checked(page, text)
    page.click(SEND)
    page.locator(f"{PANEL} [data-action=keep-editing]").click()
    wait_state(page, "checked")
    assert not harness.sends_of(demo, text)
    assert harness.textarea(page).input_value() == text


def _send_from_the_page(page, text: str) -> int:
    """Another way the page can send (a keyboard shortcut, a helper script): the same request
    the page's Send makes, which the extension cannot hold."""
    return page.evaluate("""async (text) => {
        const esc = text.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
        const r = await fetch(`/messaging/api/orders/${document.querySelector('#ayb-contact-buyer').dataset.orderId}/contactBuyer?marketplaceId=ATVPDKIKX0DER`,
            {method: 'POST', headers: {'Content-Type': 'application/json',
             'anti-csrftoken-a2z': 'demo-csrf-token-not-secret'},
             body: JSON.stringify({topicId: '2', rawMessageBody: esc, attachments: []})});
        return r.status; }""", text)


def test_a_block_the_seller_was_not_asked_about_is_explained_once(page, demo, browser):
    _, worker = browser
    open_contact(page, demo)
    wait_events(worker)
    text = VIOLATING + " (unasked)"
    harness.type_message(page, text)
    harness.wait_checked(page, text)
    assert _send_from_the_page(page, text) == 422
    wait_state(page, "blocked")
    banner = page.locator(f"{PANEL} .banner.block").inner_text()
    assert banner.startswith("Not sent. Amazon would block it: no order ID"), banner
    assert "`" not in banner and "bsm-guard allow" not in banner
    assert page.locator(f"{PANEL} [data-action=override]").count() == 1
    assert harness.textarea(page).input_value() == text
    harness.shot(page, "blocked", "#ayb-contact-buyer")

    page.locator(f"{PANEL} [data-action=override]").click()
    page.wait_for_selector(SUCCESS, state="visible")
    wait_state(page, "sent")
    assert len(harness.sends_of(demo, text)) == 1
    assert harness.history(demo)[0]["action"] == "overridden"


def test_the_demo_page_never_shows_a_command_line(page, demo):
    """The demo page's own alert, with the extension there: Amazon's notice, not the reason
    again, and never `bsm-guard allow N`."""
    open_contact(page, demo)
    text = VIOLATING + " (page alert)"
    harness.type_message(page, text)
    harness.wait_checked(page, text)
    # The page's own send, answered 422 by the guard, shown by the page's alert code.
    page.evaluate("""async (text) => {
        const r = await fetch(`/messaging/api/orders/113-1234567-1234567/contactBuyer?marketplaceId=ATVPDKIKX0DER`,
            {method: 'POST', headers: {'Content-Type': 'application/json',
             'anti-csrftoken-a2z': 'demo-csrf-token-not-secret'},
             body: JSON.stringify({topicId: '2', rawMessageBody: text, attachments: []})});
        window.bsmDemo.showError(await window.bsmDemo.errorFrom(r)); }""", text)
    alert = page.locator(DANGER)
    alert.wait_for(state="visible")
    said = alert.inner_text()
    assert "did not meet the Buyer-Seller Messaging communication guidelines" in said
    assert "`" not in said and "bsm-guard allow" not in said and "S301" not in said, said


def test_without_the_event_stream_the_flow_still_ends(page, demo, browser):
    """Fallback: with /api/events not connected, the page's success banner ends the send, and
    after a block the page's error leads the extension to the verdict in the history."""
    _, worker = browser
    open_contact(page, demo)
    worker.evaluate("bsmGuard.stopEvents()")
    try:
        text = VIOLATING + " (no stream)"
        harness.type_message(page, text)
        harness.wait_checked(page, text)
        page.click(SEND)
        page.locator(f"{PANEL} [data-action=send-anyway]").click()
        page.wait_for_selector(SUCCESS, state="visible")
        wait_state(page, "sent")
        assert worker.evaluate("bsmGuard.stream") is None  # it really came from the fallback
        assert len(harness.sends_of(demo, text)) == 1

        # The guard blocks a send the extension thought was allowed: the mode changed to
        # "block" behind its back (it believed "warn", so it granted no override).
        harness.put_settings(demo, {"mode": "warn"})
        open_contact(page, demo)
        worker.evaluate("bsmGuard.stopEvents()")
        harness.put_settings(demo, {"mode": "block"})
        text = VIOLATING + " (mode changed)"
        harness.type_message(page, text)
        harness.wait_checked(page, text)
        page.click(SEND)
        page.locator(f"{PANEL} [data-action=send-anyway]").click()
        wait_state(page, "blocked")
        assert "no order ID" in page.locator(f"{PANEL} .banner.block").inner_text()
        assert not harness.sends_of(demo, text)
    finally:
        harness.put_settings(demo, {"mode": "block"})
        worker.evaluate("bsmGuard.restartEvents()")
