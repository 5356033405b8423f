"""What the seller sees on the Contact Buyer page, in real Chromium against the real guard:
codes beside the box while typing, one-click fixes, the warning before a send that would be
blocked, the reason when the guard blocks a send (the text stays), send anyway, and a
compliant message that goes through."""

from __future__ import annotations

import json

from tests.extension import harness
from tests.extension.harness import COMPLIANT, PANEL, VIOLATING, VIOLATING_CODES

pytestmark = harness.BROWSER_MARKS

SEND = "kat-button.ayb-contact-form-send-button"


def sends_of(demo, text: str) -> list[dict]:
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [r for r in demo.received()
            if r["kind"] == "contact_buyer" and r["body"].get("rawMessageBody") == escaped]


def open_contact(page, demo, order_id: str = harness.ORDER_ID, marketplace: str = "ATVPDKIKX0DER"):
    page.goto(demo.contact_url(order_id, marketplace))
    page.wait_for_selector(PANEL, state="attached")
    # the first (empty) check has rendered: the extension is connected
    harness.wait_checked(page, "")


def test_typing_a_violating_message_shows_its_codes_beside_the_box(page, demo):
    open_contact(page, demo)
    harness.type_message(page, VIOLATING)
    data = harness.wait_checked(page, VIOLATING)
    codes = set(data["codes"].split())
    assert VIOLATING_CODES <= codes, codes
    assert int(data["errors"]) >= len(VIOLATING_CODES)
    # The panel sits right after the message box, and lists each code with its policy link.
    assert page.evaluate("""() => document.querySelector('.contact-buyer-text-area')
        .nextElementSibling.tagName.toLowerCase()""") == PANEL
    for code in VIOLATING_CODES:
        item = page.locator(f"{PANEL} li[data-code={code}]")
        assert item.is_visible()
        assert item.locator("a", has_text="Policy").get_attribute("href").startswith("https://")
    # The error count is always visible: in the panel and on the box's corner.
    assert page.locator(f"{PANEL} .badge").inner_text() == data["errors"]
    assert page.locator("bsm-guard-overlay .corner").inner_text() == data["errors"]
    # Highlights lie over the emoji and the blank lines, in the extension's own overlay.
    marks = page.locator("bsm-guard-overlay mark").all_inner_texts()
    assert "😀" in marks and any(m.strip("\n") == "" and len(m) >= 3 for m in marks), marks
    # The editor itself was not touched: its shadow root holds only what the page put there.
    assert page.evaluate("""() => [...document.querySelector('kat-textarea').shadowRoot.children]
        .map(e => e.tagName.toLowerCase()).join(' ')""") == "style label textarea"
    harness.shot(page, "violation")
    harness.shot(page, "violation-form", "#ayb-contact-buyer")
    harness.shot(page, "violation-page", "main .layout")


def test_fix_buttons_fix_the_text(page, demo):
    open_contact(page, demo)
    harness.type_message(page, VIOLATING)
    harness.wait_checked(page, VIOLATING)
    box = harness.textarea(page)

    page.locator(f"{PANEL} button.fix[data-code=S301]").click()
    fixed = box.input_value()
    assert "😀" not in fixed and fixed.startswith("Hi! Thanks")
    data = harness.wait_checked(page, fixed)
    assert "S301" not in data["codes"].split()

    page.locator(f"{PANEL} button.fix[data-code=S308]").click()
    fixed = box.input_value()
    assert "\n\n\n" not in fixed
    data = harness.wait_checked(page, fixed)
    assert "S308" not in data["codes"].split()

    page.locator(f"{PANEL} button.fix[data-code=O101]").click()
    fixed = box.input_value()
    assert harness.ORDER_ID in fixed
    data = harness.wait_checked(page, fixed)
    assert "O101" not in data["codes"].split()
    harness.shot(page, "fixed", "#ayb-contact-buyer")


def test_send_warns_then_the_guard_blocks_and_the_text_stays(page, demo, browser):
    open_contact(page, demo)
    _, worker = browser
    # the service worker streams /api/events while a Contact Buyer page is open
    worker.evaluate("""() => new Promise((ok, fail) => { let n = 0; const t = setInterval(() => {
        if (bsmGuard.stream && bsmGuard.stream.connected) { clearInterval(t); ok(true); }
        else if (++n > 100) { clearInterval(t); fail(new Error('no event stream')); } }, 50); })""")
    harness.type_message(page, VIOLATING)
    harness.wait_checked(page, VIOLATING)

    # The extension holds the click and asks first; nothing was sent.
    page.click(SEND)
    page.wait_for_selector(f"{PANEL} [data-action=send-anyway]")
    assert harness.panel_data(page)["state"] == "confirm"
    assert not sends_of(demo, VIOLATING)
    harness.shot(page, "confirm", "#ayb-contact-buyer")

    # Send anyway: the page sends, the proxy blocks it, the extension shows why.
    page.locator(f"{PANEL} [data-action=send-anyway]").click()
    page.wait_for_function(f"document.querySelector('{PANEL}').dataset.state === 'blocked'")
    banner = page.locator(f"{PANEL} .banner.block").inner_text()
    assert "Not sent" in banner
    for code in VIOLATING_CODES:
        assert code in banner
    assert harness.textarea(page).input_value() == VIOLATING  # the text is still there to edit
    assert not sends_of(demo, VIOLATING)  # the blocked send never reached the origin
    harness.shot(page, "blocked")
    harness.shot(page, "blocked-form", "#ayb-contact-buyer")

    # Send anyway after the block: one override, the send goes through once and is recorded.
    page.locator(f"{PANEL} [data-action=override]").click()
    page.wait_for_selector("div.kat-alert-success-content", state="visible")
    assert len(sends_of(demo, VIOLATING)) == 1
    history = demo.get(f"{demo.api}/api/history?limit=5", token=True)
    rows = history if isinstance(history, list) else history["verdicts"]
    assert rows[0]["action"] == "overridden", rows[0]
    harness.shot(page, "overridden", "#ayb-contact-buyer")


def test_a_compliant_message_sends_without_a_warning(page, demo):
    open_contact(page, demo)
    harness.type_message(page, COMPLIANT)
    data = harness.wait_checked(page, COMPLIANT)
    assert data["errors"] == "0", data
    assert page.locator(f"{PANEL} .summary").inner_text().startswith("No problems")
    page.click(SEND)
    page.wait_for_selector("div.kat-alert-success-content", state="visible")
    assert page.locator("div.kat-alert-success-content").inner_text() == "Your message has been sent"
    assert harness.panel_data(page)["state"] != "confirm"
    assert len(sends_of(demo, COMPLIANT)) >= 1
    harness.shot(page, "sent")


def test_checks_carry_the_page_context(page, demo, tmp_path):
    """The order ID (URL), contact reason, order date and buyer language (as the page shows
    them) and the attachment names go with every check."""
    open_contact(page, demo, "302-7654321-7654321", "A1PA6795UKMFR9")  # the German order
    page.locator("kat-radiobutton[value='3']").click()
    manual = tmp_path / "Bedienungsanleitung.pdf"
    manual.write_bytes(b"%PDF-1.4 demo")
    page.set_input_files("div.contact-buyer-file-input input[type=file]", str(manual))
    text = "Hallo, Ihre Bestellung ist unterwegs."
    harness.type_message(page, text)
    data = harness.wait_checked(page, text)
    context = json.loads(data["context"])
    assert context["order_id"] == "302-7654321-7654321"
    assert context["contact_reason"] == "3"
    assert context["buyer_language"] == "de-DE"
    assert context["order_date"] == page.locator(".order-date").inner_text()
    assert context["marketplace"] == "A1PA6795UKMFR9"
    assert [a["filename"] for a in context["attachments"]] == ["Bedienungsanleitung.pdf"]


def test_a_plain_textarea_on_a_messaging_page_is_checked_too(page, demo):
    """The fallback for a page without kat-textarea: a plain <textarea> on a /messaging/ page."""
    url = f"{demo.origin}/messaging/plain-reply"
    page.route(url, lambda route: route.fulfill(content_type="text/html", body=(
        "<!doctype html><title>reply</title><h1>Reply</h1>"
        "<textarea id=reply rows=8 cols=60></textarea><button>Send</button>")))
    page.goto(url)
    page.wait_for_selector(PANEL, state="attached")
    page.click("#reply")
    page.keyboard.type("Thanks! 😀")
    data = harness.wait_checked(page, "Thanks! 😀")
    assert "S301" in data["codes"].split()
    assert page.evaluate("document.querySelector('#reply').nextElementSibling.tagName") == PANEL.upper()


def test_without_the_event_stream_the_block_is_found_from_the_pages_error(page, demo, browser):
    """Fallback: when /api/events is not connected, the guard's 422 shown by the page leads the
    extension to the verdict in the history."""
    _, worker = browser
    open_contact(page, demo)
    worker.evaluate("bsmGuard.stopEvents()")
    try:
        text = VIOLATING + " (again)"
        harness.type_message(page, text)
        harness.wait_checked(page, text)
        page.click(SEND)
        page.locator(f"{PANEL} [data-action=send-anyway]").click()
        page.wait_for_function(f"document.querySelector('{PANEL}').dataset.state === 'blocked'")
        assert "S301" in page.locator(f"{PANEL} .banner.block").inner_text()
        assert harness.textarea(page).input_value() == text
        assert worker.evaluate("bsmGuard.stream") is None  # it really came from the fallback
    finally:
        worker.evaluate("bsmGuard.restartEvents()")
