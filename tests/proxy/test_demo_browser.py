"""The demo pages in Debian's Chromium (no extension): the guard's answer reaches the seller.

A send that the guard blocks shows the danger alert with the reason and the codes and keeps the
text in the box; a compliant send shows the success banner; a second review request shows C208.
Screenshots go to tests/artifacts/ (git-ignored) for a person to look at.
"""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

from proxy.demo.server import EXAMPLES
from tests.proxy.test_demo_e2e import Demo

CHROMIUM = "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parents[1] / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update"]
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium")]

TEXTAREA = "document.querySelector('.contact-buyer-text-area kat-textarea').shadowRoot" \
           ".querySelector('textarea')"


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    running = Demo(tmp_path_factory.mktemp("demo-browser"))
    yield running
    running.stop()


@pytest.fixture
async def page():
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = await browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        await browser.close()
        assert not errors, errors


async def open_example(page, demo, example: str) -> None:
    await page.goto(f"{demo.base}/demo/gallery")
    await page.click(f"article[data-example='{example}'] a.button")
    await page.wait_for_selector("kat-textarea")


async def test_blocked_send_shows_the_reason_and_keeps_the_text(page, demo):
    ex = EXAMPLES["s301-en"]
    await open_example(page, demo, "s301-en")
    await page.screenshot(path=ARTIFACTS / "demo-gallery-example-loaded.png", full_page=True)
    await page.click("kat-button.ayb-contact-form-send-button")
    alert = page.locator("div.kat-alert-danger-content")
    await alert.wait_for(state="visible", timeout=10_000)
    text = await alert.inner_text()
    for code in ex["expect"]:
        assert code in text
    assert "bsm-guard" in text
    assert await page.evaluate(f"{TEXTAREA}.value") == ex["text"]
    assert await page.locator("div.kat-alert-success-content").is_hidden()
    await page.screenshot(path=ARTIFACTS / "demo-contact-blocked.png", full_page=True)


async def test_compliant_send_shows_the_success_banner(page, demo):
    await open_example(page, demo, "c202-de-ok")
    await page.click("kat-button.ayb-contact-form-send-button")
    banner = page.locator("div.kat-alert-success-content")
    await banner.wait_for(state="visible", timeout=10_000)
    assert await banner.inner_text() == "Your message has been sent"
    await page.screenshot(path=ARTIFACTS / "demo-contact-sent.png", full_page=True)


async def test_typing_and_choosing_a_reason_sends_what_was_typed(page, demo):
    await page.goto(demo.contact_url)
    await page.click("kat-radiobutton[value='4']")
    assert await page.evaluate(
        "[...document.querySelectorAll('kat-radiobutton[checked]')].map(e => e.value)") == ["4"]
    area = page.locator(".contact-buyer-text-area kat-textarea textarea")  # pierces the shadow
    await area.fill("Hello, the invoice for order 113-1234567-1234567 is attached. Regards")
    await page.set_input_files(".contact-buyer-file-input input[type=file]",
                               files=[{"name": "invoice.pdf", "mimeType": "application/pdf",
                                       "buffer": b"%PDF-1.4 demo"}])
    await page.click("kat-button.ayb-contact-form-send-button")
    await page.locator("div.kat-alert-success-content").wait_for(state="visible", timeout=10_000)
    sent = (await (await page.request.get(f"{demo.base}/demo/received")).json())[-1]["body"]
    assert sent["topicId"] == "4"
    assert sent["attachments"] == [{"fileName": "invoice.pdf"}]
    assert "invoice for order 113-1234567-1234567" in sent["rawMessageBody"]


async def test_second_review_request_shows_c208(page, demo):
    await page.goto(f"{demo.base}/messaging/review?orderID=302-7654321-7654321"
                    "&marketplaceID=A1PA6795UKMFR9")
    button = page.locator("kat-button.request-review-button")
    await button.click()
    await page.locator("div.kat-alert-success-content").wait_for(state="visible")
    await button.click()
    alert = page.locator("div.kat-alert-danger-content")
    await alert.wait_for(state="visible", timeout=10_000)
    assert "C208" in await alert.inner_text()
    await page.screenshot(path=ARTIFACTS / "demo-review-c208.png", full_page=True)


async def test_pages_render_with_the_seller_central_structure(page, demo):
    await page.goto(f"{demo.base}/demo/gallery")
    assert await page.locator("article.card").count() == len(EXAMPLES)
    await page.screenshot(path=ARTIFACTS / "demo-gallery.png", full_page=False)
    await page.goto(demo.contact_url)
    structure = await page.evaluate("""() => {
        const box = document.querySelector('div.contact-buyer-text-area kat-textarea');
        return {
            defined: ['kat-textarea', 'kat-radiobutton', 'kat-button']
                .every(name => customElements.get(name)),
            shadowMode: box.shadowRoot && box.shadowRoot.mode,
            hasTextarea: !!(box.shadowRoot && box.shadowRoot.querySelector('textarea')),
            reasons: document.querySelectorAll('#ayb-contact-buyer kat-radiobutton').length,
        };
    }""")
    assert structure == {"defined": True, "shadowMode": "open", "hasTextarea": True,
                         "reasons": 7}
    await page.screenshot(path=ARTIFACTS / "demo-contact.png", full_page=True)
