"""The extension's set-up in real Chromium: it loads with its fixed ID, pairs in one step, the
popup tells the truth about the guard, routing covers only Seller Central and SP-API hosts,
and with the guard stopped it says so in one line and stays out of the way."""

from __future__ import annotations

import json
import socket

from proxy.extension_id import EXTENSION_ID
from tests.extension import harness
from tests.extension.harness import COMPLIANT, PANEL

pytestmark = harness.BROWSER_MARKS

FACTS_HOSTS = {
    f"sellercentral.amazon.{tld}" for tld in (
        "com", "ca", "com.mx", "com.br", "co.uk", "de", "fr", "it", "es", "nl", "se", "pl",
        "com.be", "ie", "co.za", "eg", "com.tr", "sa", "ae", "in", "co.jp", "com.au", "sg")
} | {"sellercentral-europe.amazon.com"}


def test_loads_with_the_fixed_id_and_lists_every_seller_central_host(browser):
    _, worker = browser
    assert worker.evaluate("chrome.runtime.id") == EXTENSION_ID
    manifest = worker.evaluate("chrome.runtime.getManifest()")
    matches = set(manifest["content_scripts"][0]["matches"])
    assert {f"https://{h}/*" for h in FACTS_HOSTS} <= matches
    # Not every local page: the demo's own origin is registered at run time (test below).
    assert not {m for m in matches if "127.0.0.1" in m or "localhost" in m}, matches
    assert not [m for m in matches if m.endswith(".*/*") or "*." in m]  # no TLD wildcards


def test_pairing_with_the_printed_code(browser, demo, pairing):
    """The code `bsm-guard demo` printed, typed once: one request, token stored."""
    _, worker = browser
    assert pairing.get("ok"), f"the guard refused to pair with its own printed code: {pairing}"
    stored = worker.evaluate("chrome.storage.local.get(['token'])")
    assert stored["token"] == demo.token


def test_pairing_needs_the_code_and_a_used_code_does_not_work_twice(browser, demo, pairing):
    _, worker = browser
    assert worker.evaluate("bsmGuard.pair('')")["needsCode"] is True
    used = worker.evaluate("code => bsmGuard.pair(code)", harness.printed_code(demo))
    assert not used["ok"] and used["status"] == 403
    assert worker.evaluate("chrome.storage.local.get(['token'])")["token"] == demo.token


def test_popup_pairs_with_a_code_from_bsm_guard_pair(browser, demo, pairing):
    context, worker = browser
    worker.evaluate("chrome.storage.local.remove(['token', 'tokenFor'])")
    code = harness.new_code(demo)
    popup = context.new_page()
    try:
        popup.goto(f"chrome-extension://{EXTENSION_ID}/popup.html")
        popup.wait_for_selector("#reach.up")
        assert popup.locator("#paired").inner_text() == "not paired"
        popup.fill("#code", "ZZZ-ZZZ")
        popup.click("#pair")
        popup.wait_for_selector("#error:not([hidden])")
        assert "not the pairing code" in popup.locator("#error").inner_text()
        popup.fill("#code", code.lower())  # case does not matter
        popup.click("#pair")
        popup.wait_for_selector("#paired.ok")  # popup.js marks a paired guard 'ok'
        assert worker.evaluate("chrome.storage.local.get(['token'])")["token"] == demo.token
    finally:
        popup.close()
        if not worker.evaluate("chrome.storage.local.get(['token'])").get("token"):
            harness.use_token(worker, demo)  # keep the other tests paired


def test_popup_shows_the_guard_mode_history_and_switches_mode(browser, demo, pairing):
    context, worker = browser
    popup = context.new_page()
    try:
        popup.goto(f"chrome-extension://{EXTENSION_ID}/popup.html")
        popup.wait_for_selector("#reach.up")
        assert popup.locator("#reach").inner_text().startswith("running")
        assert popup.locator("[data-mode=block]").get_attribute("aria-checked") == "true"
        assert popup.locator("#paired").inner_text() == "paired"
        popup.wait_for_selector("#history li")
        popup.click("[data-mode=warn]")
        popup.wait_for_selector("[data-mode=warn][aria-checked=true]")
        assert demo.get(f"{demo.api}/api/settings")["mode"] == "warn"
        harness.shot(popup, "popup-mode", "body")
        popup.click("[data-mode=block]")
        popup.wait_for_selector("[data-mode=block][aria-checked=true]")
        assert demo.get(f"{demo.api}/api/settings")["mode"] == "block"
    finally:
        popup.close()


def test_tells_whether_the_traffic_goes_through_the_guard(browser, demo):
    _, worker = browser
    through = worker.evaluate("o => bsmGuard.routedStatus(o)", demo.origin)
    assert through["guarded"] is True
    direct = worker.evaluate("o => bsmGuard.routedStatus(o)", demo.api)  # the API is no guarded site
    assert direct["guarded"] is False


def test_routing_sends_only_seller_central_and_sp_api_through_the_guard(browser, demo, pairing):
    context, worker = browser
    result = worker.evaluate("bsmGuard.applyRouting(true)")
    try:
        assert result["ok"], result
        setting = worker.evaluate("chrome.proxy.settings.get({})")
        assert setting["value"]["mode"] == "pac_script"
        pac = setting["value"]["pacScript"]["data"]
        if demo.proxy_port:
            assert result["proxy"] == f"127.0.0.1:{demo.proxy_port}", (
                f"routing uses the wrong port: {result['proxy']} (the guard's proxy listens on "
                f"{demo.proxy_port}; /api/health said proxy_port="
                f"{demo.get(demo.api + '/api/health')['proxy_port']})")
        # Run the PAC function itself (in a scratch page; MV3 workers may not eval).
        scratch = context.new_page()
        try:
            scratch.goto(f"{demo.origin}/demo/gallery")
            route = scratch.evaluate("""([pac, hosts]) => {
                const find = new Function(pac + '; return FindProxyForURL;')();
                return Object.fromEntries(hosts.map(h => [h, find('https://' + h + '/', h)]));
            }""", [pac, ["sellercentral.amazon.de", "SELLERCENTRAL.AMAZON.CO.JP",
                         "sellercentral-europe.amazon.com", "sellingpartnerapi-eu.amazon.com",
                         "sandbox.sellingpartnerapi-na.amazon.com", "www.amazon.com",
                         "sellercentral.amazon.evil.example", "example.com"]])
        finally:
            scratch.close()
        proxied = {h for h, r in route.items() if r.startswith("PROXY ")}
        assert proxied == {"sellercentral.amazon.de", "SELLERCENTRAL.AMAZON.CO.JP",
                           "sellercentral-europe.amazon.com", "sellingpartnerapi-eu.amazon.com",
                           "sandbox.sellingpartnerapi-na.amazon.com"}, route
        assert route["example.com"] == "DIRECT"
    finally:
        off = worker.evaluate("bsmGuard.applyRouting(false)")
    assert off["ok"]
    assert worker.evaluate("chrome.proxy.settings.get({})")["value"]["mode"] != "pac_script"


def test_without_the_guard_it_says_so_and_stays_out_of_the_way(page, browser, demo):
    _, worker = browser
    with socket.socket() as s:  # a port where nothing listens
        s.bind(("127.0.0.1", 0))
        closed = s.getsockname()[1]
    worker.evaluate("b => chrome.storage.local.set({apiBase: b})", f"http://127.0.0.1:{closed}")
    try:
        page.goto(demo.contact_url())
        page.wait_for_function(f"document.querySelector('{PANEL}')?.dataset.state === 'down'")
        assert page.locator(f"{PANEL} .panel").inner_text().strip() == (
            "bsm-guard is not running: messages are not checked")
        assert page.locator("bsm-guard-overlay mark").count() == 0
        harness.type_message(page, COMPLIANT)
        page.click("kat-button.ayb-contact-form-send-button")  # not held by the extension
        page.wait_for_selector("div.kat-alert-success-content", state="visible")
        assert harness.panel_data(page)["state"] == "down"
        harness.shot(page, "guard-down", "#ayb-contact-buyer")
    finally:
        worker.evaluate("b => chrome.storage.local.set({apiBase: b})", demo.api)
    assert json.loads(json.dumps(worker.evaluate("bsmGuard.settings()")))["token"] == demo.token
