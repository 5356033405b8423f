"""The popup's Store line, in real Chromium, against a real `bsm-guard demo --store
postgresql://...` on a real PostgreSQL (tests/pg.py) that the test stops and starts again:
"Team store OK"; with the server stopped, blocked sends still get blocked and the popup says
how many records wait locally; with it back, they are written and the popup says OK again.
Screenshots: tests/artifacts/extension-popup-store-down.png and -store-back.png."""

from __future__ import annotations

import re
import time

import pytest

from proxy.extension_id import EXTENSION_ID
from tests import pg
from tests.extension import harness
from tests.extension.harness import VIOLATING
from tests.extension.test_popup import blocked_send

pytestmark = harness.BROWSER_MARKS

POPUP = f"chrome-extension://{EXTENSION_ID}/popup.html"


@pytest.fixture
def team_demo(tmp_path):
    server = pg.start_server()
    demo = None
    try:
        url = server.new_database()
        demo = harness.start_demo(tmp_path / "guard", extra=("--store", url, "--seat", "anna"))
        demo.warm_up()
        yield server, url, demo
    finally:
        if demo is not None:
            demo.stop()
        server.destroy()


def wait_for_store(popup, selector: str, timeout: float = 30) -> str:
    """Reopen the popup until its Store line matches (it reads /api/health when it opens)."""
    deadline = time.monotonic() + timeout
    while True:
        popup.goto(POPUP)
        popup.wait_for_selector("#up:not([hidden])")
        if popup.locator(f"#store-row:not([hidden]) {selector}").count():
            return popup.locator("#store").inner_text()
        if time.monotonic() > deadline:
            raise AssertionError(f"the popup's store line: {popup.locator('#store').inner_text()!r}")
        time.sleep(0.5)


def test_the_popup_says_when_the_team_store_is_down(playwright_instance, tmp_path, team_demo):
    server, url, demo = team_demo
    context, worker = harness.launch(playwright_instance, tmp_path / "profile")
    try:
        if not harness.connect(worker, demo).get("ok"):
            assert harness.use_token(worker, demo).get("ok")
        popup = context.new_page()
        assert wait_for_store(popup, "#store.ok") == "Team store OK"

        server.stop()
        texts = [f"{VIOLATING} (store down {i})" for i in range(2)]
        started = time.monotonic()
        for text in texts:
            blocked_send(demo, text)  # still blocked: the guard decides without the database
        assert time.monotonic() - started < 10, "sends wait on the stopped database"
        line = wait_for_store(popup, "#store.bad")
        queued = demo.get(f"{demo.api}/api/health")["store"]["queued"]
        assert queued >= 2
        assert line == (f"Team store unreachable: {queued} records kept locally, "
                        "will be written when it is back"), line
        assert re.search(r"postgresql://", popup.locator("#store").get_attribute("title"))
        popup.wait_for_selector("#history li.hint:has-text('store, which is unreachable')")
        harness.shot(popup, "popup-store-down", "body")

        server.start()
        assert wait_for_store(popup, "#store.ok", timeout=60) == "Team store OK"
        harness.shot(popup, "popup-store-back", "body")
    finally:
        context.close()

    from proxy.store.postgres import PostgresStore

    store = PostgresStore(url)
    try:
        kept = {store.get_verdict(v["id"])["text"] for v in store.recent_verdicts(20)
                if v["action"] == "blocked"}
        assert set(texts) <= kept, "the records kept locally reached the database"
    finally:
        store.close()
