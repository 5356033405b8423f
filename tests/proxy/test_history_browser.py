"""The history page in Debian's Chromium, served by the real `bsm-guard run` subprocess
over a data dir with two weeks of verdicts: token prompt, charts drawn as SVG from the
report, the table of blocked texts, filters, and the CSV download. Screenshots of each state
go to tests/artifacts/."""

from __future__ import annotations

import asyncio
import csv
import io
import os
import re
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

from tests.proxy.history_seed import ROWS, seed

CHROMIUM = "/usr/bin/chromium"
ROOT = Path(__file__).resolve().parents[2]
ARTIFACTS = ROOT / "tests" / "artifacts"
ARGS = ["--no-sandbox", "--disable-gpu", "--no-first-run", "--disable-background-networking",
        "--disable-component-update"]
pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium")]


class Guard:
    """`bsm-guard run` as a user starts it, on ephemeral ports."""

    def __init__(self, data_dir: Path, *extra: str):
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proxy", "run", "--data-dir", str(data_dir),
             "--proxy-port", "0", "--api-port", "0", *extra],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        lines = []
        deadline = time.monotonic() + 40
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            lines.append(line)
            if "Press Ctrl-C" in line:
                break
        api = re.search(r"API\s+(http://127\.0\.0\.1:\d+)", "".join(lines))
        if not api:
            self.proc.kill()
            raise RuntimeError("bsm-guard run did not start:\n" + "".join(lines))
        self.api = api.group(1)
        self.token = (data_dir / "token").read_text().strip()

    def stop(self) -> None:
        self.proc.send_signal(signal.SIGINT)
        try:
            self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            self.proc.communicate()


@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    data_dir = tmp_path_factory.mktemp("history-guard")
    seed(data_dir / "guard.sqlite3")
    running = Guard(data_dir)
    yield running
    running.stop()


@pytest.fixture
async def page():
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        context = await browser.new_context(viewport={"width": 1280, "height": 900},
                                            accept_downloads=True)
        tab = await context.new_page()
        problems: list[str] = []
        tab.on("pageerror", lambda exc: problems.append(str(exc)))
        tab.on("requestfailed", lambda req: problems.append(f"failed: {req.url}"))
        outside: list[str] = []
        tab.on("request", lambda req: outside.append(req.url)
               if not req.url.startswith(("http://127.0.0.1", "blob:", "data:")) else None)
        yield tab
        await browser.close()
        assert not problems, problems
        assert not outside, f"the page fetched from the network: {outside}"


async def test_token_prompt_then_charts_and_table(page, guard):
    await page.goto(f"{guard.api}/history")
    await page.locator("form.token").wait_for(state="visible")
    await page.screenshot(path=ARTIFACTS / "history-token.png", full_page=True)
    await page.fill("form.token input[name=token]", "not-the-token")
    await page.click("form.token button")
    await page.locator(".token-error").filter(has_text="not this guard's").wait_for()
    await page.fill("form.token input[name=token]", guard.token)
    await page.click("form.token button")
    await page.locator(".content").wait_for(state="visible")
    await page.locator(".blocked tbody tr").first.wait_for()
    assert await page.locator(".totals").inner_text() == \
        f"{len(ROWS)} verdicts: 6 blocked, 2 with warnings, 4 passed"
    bars = page.locator("figure[data-chart=rule] svg rect")
    c205 = await page.locator("figure[data-chart=rule] svg rect[data-series=C205]").evaluate_all(
        "rects => rects.reduce((sum, r) => sum + Number(r.dataset.count), 0)")
    assert await bars.count() >= 6 and c205 == 3
    channel_total = await page.locator("figure[data-chart=channel] svg rect").evaluate_all(
        "rects => rects.reduce((sum, r) => sum + Number(r.dataset.count), 0)")
    assert channel_total == len(ROWS)
    rows = page.locator(".blocked tbody tr")
    assert await rows.count() == 5
    assert "five stars please" in await rows.first.inner_text()
    assert "a review request: it has no text" in await rows.nth(1).inner_text()
    await page.screenshot(path=ARTIFACTS / "history-all.png", full_page=True)


async def test_filters_and_csv(page, guard):
    await page.goto(f"{guard.api}/history#token={guard.token}")
    await page.locator(".blocked tbody tr").first.wait_for()
    assert "token" not in page.url, "the token leaves the address bar"
    await page.select_option("select[name=rule]", "C205")
    await page.locator(".totals").filter(has_text="3 verdicts").wait_for()
    assert await page.locator(".blocked tbody tr").count() == 2  # the third was overridden
    series = await page.locator("figure[data-chart=rule] .legend li").all_inner_texts()
    assert series[0].startswith("C205 (3)")
    await page.screenshot(path=ARTIFACTS / "history-filtered.png", full_page=True)
    await page.select_option("select[name=channel]", "sp_api_message")
    await page.locator(".totals").filter(has_text="No verdicts match").wait_for()
    assert await page.locator(".blocked .empty").is_visible()
    assert await page.locator("figure[data-chart=rule] .nodata").is_visible()
    await page.screenshot(path=ARTIFACTS / "history-empty.png", full_page=True)
    await page.click("button.reset")
    await page.select_option("select[name=verdict]", "block")
    await page.locator(".totals").filter(has_text="6 verdicts").wait_for()
    async with page.expect_download() as info:
        await page.click("button.export")
    download = await info.value
    assert download.suggested_filename.startswith("bsm-guard-history-")
    rows = list(csv.DictReader(io.StringIO(Path(await download.path()).read_text("utf-8"))))
    assert len(rows) == 6 and {r["verdict"] for r in rows} == {"block"}


async def test_a_slower_older_report_does_not_overwrite_a_newer_one(page, guard):
    # Clear, then a verdict at once: the unfiltered report is held back so that it arrives
    # after the filtered one; the page must keep showing the newest filters' totals.
    await page.goto(f"{guard.api}/history#token={guard.token}")
    await page.locator(".blocked tbody tr").first.wait_for()
    await page.select_option("select[name=verdict]", "warn")
    await page.locator(".totals").filter(has_text="2 verdicts").wait_for()

    async def hold_unfiltered(route):
        if "verdict=" not in route.request.url:
            await asyncio.sleep(1.5)
        await route.continue_()

    await page.route("**/api/report*", hold_unfiltered)
    await page.click("button.reset")
    await page.select_option("select[name=verdict]", "block")
    await page.locator(".totals").filter(has_text="6 verdicts").wait_for()
    await asyncio.sleep(2.5)  # the held, older answer has come back by now
    assert (await page.locator(".totals").inner_text()).startswith("6 verdicts")


async def test_page_fits_a_narrow_window(page, guard):
    await page.set_viewport_size({"width": 420, "height": 900})
    await page.goto(f"{guard.api}/history#token={guard.token}")
    await page.locator(".blocked tbody tr").first.wait_for()
    width = await page.evaluate("document.documentElement.scrollWidth")
    assert width <= 420, f"the page scrolls sideways ({width}px)"
    await page.screenshot(path=ARTIFACTS / "history-narrow.png", full_page=True)
