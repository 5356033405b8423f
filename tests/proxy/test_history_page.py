"""The history page's routes on the real API app: the page needs no token and carries no
data; the report and the CSV need the token, honour the filters, count per day by rule and
channel, and give the blocked texts; CSV cells cannot run as spreadsheet formulas."""

from __future__ import annotations

import csv
import datetime as dt
import io

import pytest
from aiohttp.test_utils import TestClient, TestServer

from proxy.api import make_app
from proxy.state import GuardState, Settings
from proxy.store import Store
from tests.proxy.history_seed import BLOCKED_TEXT, ROWS, seed
from tests.proxy.test_api_support import AUTH, TOKEN


@pytest.fixture
async def client(tmp_path):
    days = seed(tmp_path / "guard.sqlite3")
    state = GuardState(data_dir=tmp_path, settings=Settings(),
                       store=Store(tmp_path / "guard.sqlite3"), token=TOKEN)
    async with TestClient(TestServer(make_app(state))) as c:
        c.days = days
        yield c
    state.store.close()


async def test_page_is_static_and_locked_down(client):
    resp = await client.get("/history")
    assert resp.status == 200 and resp.content_type == "text/html"
    body = await resp.text()
    assert "gift card" not in body and "/history/static/history.js" in body
    csp = resp.headers["Content-Security-Policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "http" not in body.replace("http-equiv", "")  # nothing from the network
    for name, ctype in (("history.js", "application/javascript"), ("history.css", "text/css")):
        asset = await client.get(f"/history/static/{name}")
        assert asset.status == 200 and asset.content_type == ctype
    assert (await client.get("/history/static/history.html")).status == 404
    assert (await client.get("/history/static/..%2Fhistory_page.py")).status == 404


@pytest.mark.parametrize("path", ["/api/report", "/api/report.csv"])
async def test_data_needs_the_token(client, path):
    assert (await client.get(path)).status == 401
    assert (await client.get(path, headers={"Authorization": "Bearer nope"})).status == 403
    assert (await client.get(path, headers=AUTH)).status == 200


async def test_data_refuses_other_origins(client):
    resp = await client.get("/api/report", headers={**AUTH, "Origin": "http://evil.example"})
    assert resp.status == 403


async def test_report_counts_per_day_by_rule_and_channel(client):
    data = await (await client.get("/api/report", headers=AUTH)).json()
    assert data["total"] == len(ROWS)
    assert data["days"][0] == client.days[0].isoformat()
    assert data["days"][-1] == client.days[-1].isoformat() and len(data["days"]) == 14
    assert sum(data["by_rule"]["C205"]) == 3
    assert sum(sum(v) for v in data["by_channel"].values()) == len(ROWS)
    assert sum(data["by_channel"]["request_review"]) == 2
    day = data["days"].index(client.days[1].isoformat())  # 12 days ago: two verdicts
    assert data["by_channel"]["contact_buyer"][day] == 1
    assert data["by_channel"]["sp_api_message"][day] == 1
    assert data["verdicts"] == {"pass": 4, "block": 6, "warn": 2}
    texts = [v["text"] for v in data["blocked"]]
    assert len(data["blocked"]) == 5  # blocked; an overridden send is not in the table
    assert texts[-1] == BLOCKED_TEXT and None in texts  # the C208 review request has no text
    assert data["options"]["channels"] == ["contact_buyer", "request_review", "sp_api_message"]


@pytest.mark.parametrize("query, total", [
    ("rule=C205", 3), ("rule=c205", 3), ("channel=sp_api_message", 3), ("verdict=warn", 2),
    ("rule=C205&verdict=block", 3), ("rule=C999", 0),
])
async def test_report_filters(client, query, total):
    data = await (await client.get(f"/api/report?{query}", headers=AUTH)).json()
    assert data["total"] == total


async def test_date_filters_are_inclusive(client):
    first, last = client.days[4].isoformat(), client.days[5].isoformat()  # 9 and 7 days ago
    data = await (await client.get(f"/api/report?from={first}&to={last}", headers=AUTH)).json()
    assert data["total"] == 2 and data["days"][0] == first and data["days"][-1] == last
    assert len(data["days"]) == 3


@pytest.mark.parametrize("query", ["from=yesterday", "to=2026-13-01", "from=2026-02-02&to=2026-02-01"])
async def test_bad_filters_are_400(client, query):
    resp = await client.get(f"/api/report?{query}", headers=AUTH)
    assert resp.status == 400 and "error" in await resp.json()


async def test_csv_export(client):
    resp = await client.get("/api/report.csv?rule=C204", headers=AUTH)
    assert resp.content_type == "text/csv"
    assert "attachment" in resp.headers["Content-Disposition"]
    rows = list(csv.DictReader(io.StringIO(await resp.text())))
    assert len(rows) == 1
    row = rows[0]
    assert row["codes"] == "C204 C205" and row["action"] == "blocked"
    assert row["text"].startswith("Order 113-1234567-1234567: leave a 5-star review")
    everything = list(csv.DictReader(io.StringIO(
        await (await client.get("/api/report.csv", headers=AUTH)).text())))
    assert len(everything) == len(ROWS)
    assert all(not r["text"].startswith(("=", "+", "-", "@")) for r in everything)
    assert any(r["text"].startswith("'+15% off") for r in everything), "quoted, not dropped"
    for r in everything:
        dt.datetime.fromisoformat(r["time"].replace("Z", "+00:00"))


async def test_on_a_team_store_a_seat_reads_only_its_own_texts(tmp_path):
    store = Store(tmp_path / "team.sqlite3")
    store.set_seat("anna")
    for seat, text in (("anna", "Order 113-1234567-1234567: anna's blocked text"),
                       ("ben", "Order 113-1234567-1234567: ben's blocked text")):
        store.record_verdict(channel="contact_buyer", order_id="113-1234567-1234567",
                             marketplace=None, verdict="block", action="blocked",
                             diagnostics=[{"code": "C204"}], text=text, keep_text=True,
                             seat=seat)
    state = GuardState(data_dir=tmp_path, settings=Settings(), store=store, token=TOKEN,
                       seat="anna")
    async with TestClient(TestServer(make_app(state))) as c:
        data = await (await c.get("/api/report", headers=AUTH)).json()
        texts = {v["seat"]: (v["text"], v["text_hidden"]) for v in data["blocked"]}
        assert texts == {"anna": ("Order 113-1234567-1234567: anna's blocked text", False),
                         "ben": (None, True)}
        assert data["options"]["seats"] == ["anna", "ben"]
        only_ben = await (await c.get("/api/report?seat=ben", headers=AUTH)).json()
        assert only_ben["total"] == 1
        rows = list(csv.DictReader(io.StringIO(
            await (await c.get("/api/report.csv", headers=AUTH)).text())))
        assert {r["seat"]: r["text"] for r in rows} == {
            "anna": "Order 113-1234567-1234567: anna's blocked text", "ben": ""}
    store.set_seat("anna", lead=True)
    async with TestClient(TestServer(make_app(state))) as c:
        data = await (await c.get("/api/report", headers=AUTH)).json()
        assert all(v["text"] for v in data["blocked"]), "a lead reads every seat's text"
    store.close()
