"""`bsm-guard demo` end to end, as the user runs it: a subprocess with the real guard
(mitmproxy reverse mode in front of the demo origin), driven over HTTP exactly as the demo
page sends. /demo/received (the origin's record) proves what did and did not arrive."""

from __future__ import annotations

import asyncio
import html
import json
import os
import re
import signal
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest

from proxy.demo.server import EXAMPLES, order_for

ROOT = Path(__file__).resolve().parents[2]
pytestmark = pytest.mark.slow


class Demo:
    def __init__(self, data_dir: Path):
        self.data_dir = data_dir
        env = {k: v for k, v in os.environ.items() if "proxy" not in k.lower()}
        env["PYTHONUNBUFFERED"] = "1"
        self.proc = subprocess.Popen(
            [sys.executable, "-m", "proxy", "demo", "--data-dir", str(data_dir),
             "--proxy-port", "0", "--api-port", "0", "--demo-port", "0"],
            cwd=ROOT, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
        self.output: list[str] = []
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            line = self.proc.stdout.readline()
            if not line:
                break
            self.output.append(line)
            if "Press Ctrl-C" in line:
                break
        text = "".join(self.output)
        page = re.search(r"open\s+(http://127\.0\.0\.1:(\d+))(/messaging/contact\?\S+)", text)
        api = re.search(r"API\s+(http://127\.0\.0\.1:\d+)", text)
        if not page or not api:
            self.proc.kill()
            raise RuntimeError(f"bsm-guard demo did not start:\n{text}")
        self.base, self.contact_url = page.group(1), page.group(1) + page.group(3)
        self.api = api.group(1)
        self.token = (data_dir / "token").read_text().strip()

    def stop(self) -> tuple[int, float, str]:
        started = time.monotonic()
        self.proc.send_signal(signal.SIGINT)
        try:
            rest, _ = self.proc.communicate(timeout=20)
        except subprocess.TimeoutExpired:
            self.proc.kill()
            rest, _ = self.proc.communicate()
        return self.proc.returncode, time.monotonic() - started, "".join(self.output) + rest


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    running = Demo(tmp_path_factory.mktemp("demo-data"))
    yield running
    if running.proc.poll() is None:
        running.stop()


async def request(method, url, *, json_body=None, headers=None):
    async with aiohttp.ClientSession() as session:
        async with session.request(method, url, json=json_body, headers=headers) as resp:
            body = await resp.read()
            try:
                data = json.loads(body)
            except ValueError:
                data = body.decode("utf-8", "replace")
            return resp.status, dict(resp.headers), data


async def received(demo) -> list[dict]:
    return (await request("GET", f"{demo.base}/demo/received"))[2]


async def reset(demo) -> None:
    await request("DELETE", f"{demo.base}/demo/received")


def page_send(order_id: str, text: str, reason: str = "6", files=()) -> tuple[str, dict]:
    """The URL and JSON body the demo page (and the real Seller Central page) sends."""
    order = order_for(order_id)
    url = (f"/messaging/api/orders/{order_id}/contactBuyer?marketplaceId={order.marketplace_id}")
    return url, {"topicId": reason, "rawMessageBody": html.escape(text),
                 "attachments": [{"fileName": f} for f in files], "uploadingFiles": [],
                 "failedFiles": [], "failedFilesTooLarge": False}


async def test_pages_are_served_through_the_guard(demo):
    status, headers, body = await request("GET", demo.contact_url)
    assert status == 200 and "kat-textarea" in body, (status, str(body)[:500])
    status, _, body = await request("GET", f"{demo.base}/demo/gallery")
    assert status == 200 and "Example gallery" in body, (status, str(body)[:500])
    status, _, data = await request("GET", f"{demo.base}/__bsm-guard/status")
    assert status == 200 and data["guarded"] is True, (status, data)
    status, _, data = await request("GET", f"{demo.api}/api/health")
    assert status == 200 and data["ok"] is True, (status, data)


def _page_can_send(ex: dict) -> bool:
    """A blocking gallery example that the Contact Buyer page can send as it is: plain text,
    no subject, attachments or other context the page has no field for, no known gap."""
    gap = ex["engine_gap"]["missed"] or ex["engine_gap"]["extra"]
    return ex["blocks"] and not ex["needs"] and not gap


@pytest.mark.parametrize("example", [e for e in EXAMPLES if _page_can_send(EXAMPLES[e])])
async def test_a_violating_example_is_blocked_and_never_arrives(demo, example):
    ex = EXAMPLES[example]
    await reset(demo)
    url, body = page_send(ex["order"], ex["text"], ex["reason"])
    status, headers, data = await request("POST", demo.base + url, json_body=body,
                                          headers={"anti-csrftoken-a2z": "x"})
    assert status == 422, data
    assert headers.get("X-BSM-Guard") == "blocked"
    error = data["error"]
    assert error["code"] == "BSM_GUARD_BLOCKED"
    assert set(ex["expect"]) <= set(error["codes"])
    assert error["verdictId"] and error["howToSendAnyway"]
    assert await received(demo) == []


async def test_a_compliant_example_arrives_unchanged(demo):
    ex = EXAMPLES["c202-de-ok"]
    await reset(demo)
    url, body = page_send(ex["order"], ex["text"], ex["reason"], files=["rechnung.pdf"])
    status, _, data = await request("POST", demo.base + url, json_body=body)
    assert status == 200, data
    arrived = await received(demo)
    assert len(arrived) == 1
    assert arrived[0]["body"] == body
    assert arrived[0]["order_id"] == ex["order"]


async def test_a_second_review_request_is_blocked_as_c208(demo):
    order = "113-7777777-0000001"  # unknown to the demo: eligible, fresh for this test
    await reset(demo)
    url = (f"{demo.base}/messaging/api/solicitations/{order}/productReviewAndSellerFeedback"
           "?marketplaceId=ATVPDKIKX0DER&isReturn=false")
    first = await request("POST", url, json_body={})
    assert first[0] == 200, first
    second = await request("POST", url, json_body={})
    assert second[0] == 422, second
    assert "C208" in second[2]["error"]["codes"]
    assert [r["kind"] for r in await received(demo)] == ["request_review"]


async def test_blocked_send_is_announced_and_can_be_sent_anyway(demo):
    auth = {"Authorization": f"Bearer {demo.token}"}
    text = "Hello, the cable ships tomorrow \U0001F4E6. Regards"  # no order ID, an emoji
    await reset(demo)
    url, body = page_send("113-1234567-1234567", text)
    async with aiohttp.ClientSession() as session:
        async with session.get(f"{demo.api}/api/events", headers=auth) as stream:
            assert stream.status == 200
            status, _, data = await request("POST", demo.base + url, json_body=body)
            assert status == 422
            seen = b""
            async with asyncio.timeout(5):
                while b"event: verdict" not in seen or not seen.endswith(b"\n\n"):
                    seen += await stream.content.readany()
    event = json.loads(re.search(rb"event: verdict\n(?:id: \d+\n)?data: (.*)\n", seen).group(1))
    verdict_id = data["error"]["verdictId"]
    assert event["id"] == verdict_id and "S301" in event["codes"]
    assert "text" not in event and "cable ships" not in seen.decode()

    status, _, history = await request("GET", f"{demo.api}/api/history/{verdict_id}",
                                       headers=auth)
    assert status == 200 and history["action"] == "blocked"

    status, _, _ = await request("POST", f"{demo.api}/api/override",
                                 json_body={"verdict_id": verdict_id}, headers=auth)
    assert status == 200
    status, _, _ = await request("POST", demo.base + url, json_body=body)
    assert status == 200  # sent anyway, once
    assert len(await received(demo)) == 1
    status, _, _ = await request("POST", demo.base + url, json_body=body)
    assert status == 422  # the override was used up
    assert len(await received(demo)) == 1


def test_ctrl_c_stops_cleanly(demo):
    code, took, output = demo.stop()
    assert code == 0, output
    assert took < 10, f"stopping took {took:.1f} s"
    assert "Traceback" not in output
