"""Fixtures for the browser tests: one real `bsm-guard demo` and one Chromium (with the unpacked
extension) shared by the tests in this folder, so they stay well under two minutes.

Package scope, not session: Playwright's sync API keeps an event loop marked as running while
it is open, which breaks the asyncio tests that run after this folder."""

from __future__ import annotations

import pytest

from tests.extension import harness


@pytest.fixture(scope="package")
def demo(tmp_path_factory):
    demo = harness.start_demo(tmp_path_factory.mktemp("guard"))
    try:
        demo.warm_up()
        yield demo
    finally:
        demo.stop()


@pytest.fixture(scope="package")
def playwright_instance():
    from playwright.sync_api import sync_playwright

    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="package")
def browser(playwright_instance, tmp_path_factory):
    """(context, service worker)."""
    context, worker = harness.launch(playwright_instance, tmp_path_factory.mktemp("profile"))
    try:
        yield context, worker
    finally:
        context.close()


@pytest.fixture(scope="package")
def pairing(browser, demo):
    """Pair the extension with the demo guard in one step (what the popup's Pair button does).
    If the guard refuses, fall back to the pasted token so the other tests still run;
    test_pairing_takes_one_step reports the refusal."""
    _, worker = browser
    result = harness.connect(worker, demo)
    if not result.get("ok"):
        fallback = harness.use_token(worker, demo)
        assert fallback.get("ok"), f"neither pairing nor the token worked: {result} / {fallback}"
    return result


@pytest.fixture
def page(browser, pairing, demo):
    context, _ = browser
    page = context.new_page()
    page.set_default_timeout(15000)
    errors: list[str] = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    try:
        yield page
    finally:
        page.close()
    assert not errors, f"page errors: {errors}"
