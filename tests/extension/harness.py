"""Runs the real `bsm-guard demo` and Debian's Chromium with the unpacked extension.

Shared by the browser tests (tests/extension/) and the benchmark (bench/bench_extension.py).
The guard runs as a subprocess on ephemeral ports (0); the ports it bound are read from what
it prints. Chromium is Debian's (/usr/bin/chromium): Playwright downloads no browser here.
"""

from __future__ import annotations

import json
import os
import queue
import re
import signal
import subprocess
import sys
import threading
import time
import urllib.error
import urllib.request
from dataclasses import dataclass, field
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
EXTENSION_DIR = ROOT / "extension"
ARTIFACTS = ROOT / "tests" / "artifacts"
CHROMIUM = "/usr/bin/chromium"
# Every browser test module uses these marks: skipped, with the reason, only without chromium.
BROWSER_MARKS = [
    pytest.mark.browser,
    pytest.mark.skipif(not os.path.exists(CHROMIUM),
                       reason=f"Debian's chromium is not installed ({CHROMIUM} missing): "
                              "apt-get install chromium, or run .ci/run"),
]
ORDER_ID = "113-1234567-1234567"  # a demo order (en-US, a few days old)

# What a seller might type: an emoji, three blank lines, an http link, no order ID.
VIOLATING = ("Hi! 😀 Thanks for your order.\n\n\n\nThe manual is at http://example.com/manual "
             "if you need it.")
VIOLATING_CODES = {"S301", "S308", "O101"}
# A message with a real purpose (a delay, with an offer to cancel): nothing to flag.
COMPLIANT = ("Hello Jamie,\n\nabout your order 113-1234567-1234567: the cable you ordered is held up "
             "at our warehouse and will leave on Friday, two days later than planned. If you would "
             "rather cancel, reply to this message and we will cancel the order at once.\n\n"
             "Best regards,\nDemo Shop")


@dataclass
class Demo:
    """A running `bsm-guard demo`."""

    proc: subprocess.Popen
    data_dir: Path
    api: str  # http://127.0.0.1:PORT
    origin: str  # the demo page's origin, served through the guard
    proxy_port: int | None
    output: list[str] = field(default_factory=list)

    def contact_url(self, order_id: str = ORDER_ID, marketplace: str = "ATVPDKIKX0DER") -> str:
        return f"{self.origin}/messaging/contact?orderID={order_id}&marketplaceID={marketplace}"

    @property
    def token(self) -> str:
        return (self.data_dir / "token").read_text("utf-8").strip()

    def get(self, url: str, token: bool = False, timeout: float = 10) -> object:
        headers = {"Authorization": f"Bearer {self.token}"} if token else {}
        with urllib.request.urlopen(urllib.request.Request(url, headers=headers), timeout=timeout) as r:
            return json.loads(r.read())

    def post(self, url: str, body: dict, timeout: float = 60) -> object:
        req = urllib.request.Request(url, data=json.dumps(body).encode(), method="POST",
                                     headers={"Content-Type": "application/json"})
        with urllib.request.urlopen(req, timeout=timeout) as r:
            return json.loads(r.read())

    def received(self) -> list[dict]:
        return self.get(f"{self.origin}/demo/received")  # type: ignore[return-value]

    def warm_up(self) -> None:
        """The first checks load the language models (seconds); do it before timing anything."""
        for text in (VIOLATING, COMPLIANT, VIOLATING + " Grammer mistaks heer."):
            self.post(f"{self.api}/api/check", {"text": text, "context": {
                "order_id": ORDER_ID, "buyer_language": "en-US"}})

    def stop(self) -> None:
        if self.proc.poll() is None:
            self.proc.send_signal(signal.SIGINT)
            try:
                self.proc.wait(15)
            except subprocess.TimeoutExpired:
                self.proc.kill()
                self.proc.wait(5)


def start_demo(data_dir: Path, *, mode: str | None = None, timeout: float = 30,
               extra: tuple[str, ...] = ()) -> Demo:
    args = [sys.executable, "-m", "proxy", "demo", "--data-dir", str(data_dir),
            "--proxy-port", "0", "--api-port", "0", "--demo-port", "0", *extra]
    if mode:
        args += ["--mode", mode]
    proc = subprocess.Popen(args, cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                            text=True, env={**os.environ, "PYTHONUNBUFFERED": "1"})
    lines: queue.Queue[str | None] = queue.Queue()
    output: list[str] = []

    def pump() -> None:  # keep reading so the guard never blocks on a full pipe
        assert proc.stdout is not None
        for line in proc.stdout:
            lines.put(line)
        lines.put(None)

    threading.Thread(target=pump, daemon=True).start()
    deadline = time.monotonic() + timeout
    while True:
        try:
            line = lines.get(timeout=max(0.1, deadline - time.monotonic()))
        except queue.Empty:
            line = None
        if line is None or time.monotonic() > deadline:
            proc.kill()
            raise RuntimeError("bsm-guard demo did not start:\n" + "".join(output))
        output.append(line)
        if "Press Ctrl-C" in line:
            break
    text = "".join(output)
    api = re.search(r"API:?\s+(http://127\.0\.0\.1:\d+)", text)
    origin = re.search(r"(http://127\.0\.0\.1:\d+)/(?:messaging/contact|demo/gallery)", text)
    proxy = re.search(r"proxy:?\s+127\.0\.0\.1:(\d+)", text)
    if not api or not origin:
        proc.kill()
        raise RuntimeError("cannot read the ports from bsm-guard demo's output:\n" + text)
    return Demo(proc, data_dir, api.group(1), origin.group(1),
                int(proxy.group(1)) if proxy else None, output)


def launch_args() -> list[str]:
    ext = str(EXTENSION_DIR)
    return [f"--disable-extensions-except={ext}", f"--load-extension={ext}", "--no-first-run",
            "--disable-background-networking", "--disable-component-update", "--no-sandbox",
            "--disable-gpu"]


def launch(playwright, user_data_dir: Path, **kwargs):
    """(context, service worker) with the unpacked extension loaded, headless."""
    context = playwright.chromium.launch_persistent_context(
        str(user_data_dir), executable_path=CHROMIUM, headless=True, args=launch_args(),
        viewport={"width": 1180, "height": 1000}, **kwargs)
    workers = [w for w in context.service_workers if w.url.startswith("chrome-extension://")]
    worker = workers[0] if workers else context.wait_for_event("serviceworker", timeout=15000)
    return context, worker


def printed_code(demo: Demo) -> str:
    """The pairing code `bsm-guard demo` printed, as the seller reads it off the terminal."""
    found = re.search(r"pairing code ([A-Z0-9]{3}-[A-Z0-9]{3})", "".join(demo.output))
    assert found, "bsm-guard printed no pairing code:\n" + "".join(demo.output)
    return found.group(1)


def new_code(demo: Demo) -> str:
    """A fresh code from `bsm-guard pair`, run beside the running guard."""
    out = subprocess.run([sys.executable, "-m", "proxy", "pair", "--data-dir", str(demo.data_dir)],
                         cwd=ROOT, capture_output=True, text=True, timeout=60, check=True).stdout
    return re.search(r"pairing code ([A-Z0-9]{3}-[A-Z0-9]{3})", out).group(1)


def connect(worker, demo: Demo, code: str | None = None) -> dict:
    """Point the extension at this guard and at this demo page (Options), and pair it with
    the printed code, the way the popup's Pair button does."""
    worker.evaluate("base => chrome.storage.local.set({apiBase: base})", demo.api)
    registered = worker.evaluate("origin => bsmGuard.setDemoOrigin(origin)", demo.origin)
    assert registered.get("ok"), registered
    return worker.evaluate("code => bsmGuard.pair(code)", code or printed_code(demo))


def use_token(worker, demo: Demo) -> dict:
    """The fallback pairing: the token `bsm-guard token` prints, as pasted in the options."""
    return worker.evaluate("token => bsmGuard.setToken(token)", demo.token)


PANEL = "bsm-guard-panel"
CARD = "bsm-guard-card"
SEND = "kat-button.ayb-contact-form-send-button"


def open_contact(page, demo: Demo, order_id: str = ORDER_ID, marketplace: str = "ATVPDKIKX0DER"):
    page.goto(demo.contact_url(order_id, marketplace))
    page.wait_for_selector(PANEL, state="attached")
    wait_checked(page, "")  # the first (empty) check has rendered: the extension is connected


def sends_of(demo: Demo, text: str) -> list[dict]:
    """What the demo's origin server received with exactly this text (it is HTML-escaped)."""
    escaped = text.replace("&", "&amp;").replace("<", "&lt;").replace(">", "&gt;")
    return [r for r in demo.received()
            if r["kind"] == "contact_buyer" and r["body"].get("rawMessageBody") == escaped]


def history(demo: Demo, limit: int = 5) -> list[dict]:
    rows = demo.get(f"{demo.api}/api/history?limit={limit}", token=True)
    return rows if isinstance(rows, list) else rows["verdicts"]  # type: ignore[index]


def put_settings(demo: Demo, changes: dict) -> dict:
    req = urllib.request.Request(f"{demo.api}/api/settings", data=json.dumps(changes).encode(),
                                 method="PUT", headers={"Content-Type": "application/json",
                                                        "Authorization": f"Bearer {demo.token}"})
    with urllib.request.urlopen(req, timeout=10) as r:
        return json.loads(r.read())


def panel_data(page) -> dict:
    return page.evaluate(f"() => ({{...(document.querySelector('{PANEL}') || {{}}).dataset}})")


def wait_checked(page, text: str, timeout: float = 15000) -> dict:
    """Wait until the panel shows the result of a check of exactly `text` (by length and no
    newer check pending)."""
    length = len(text.encode("utf-16-le")) // 2
    page.wait_for_function(
        """([sel, n]) => {
            const p = document.querySelector(sel);
            return p && p.dataset.checkedLength === String(n) && p.dataset.state !== 'waiting';
        }""", arg=[PANEL, length], timeout=timeout)
    return panel_data(page)


def textarea(page):
    return page.locator(".contact-buyer-text-area kat-textarea textarea")


def type_message(page, text: str) -> None:
    """Real key presses into the textarea inside kat-textarea's shadow root."""
    box = textarea(page)
    box.click()
    page.keyboard.press("Control+A")
    page.keyboard.press("Delete")
    page.keyboard.type(text)


def shot(page, name: str, locator: str | None = None) -> Path:
    ARTIFACTS.mkdir(parents=True, exist_ok=True)
    path = ARTIFACTS / f"extension-{name}.png"
    if locator:
        page.locator(locator).screenshot(path=str(path))
    else:
        page.screenshot(path=str(path), full_page=True)
    return path
