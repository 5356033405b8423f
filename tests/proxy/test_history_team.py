"""The history page's team view on a real PostgreSQL (tests/pg.py): two seats, one a lead.
Through the page's own API (/api/report, /api/report.csv): the lead sees both seats'
verdicts, charts per seat and every blocked text; the other seat sees no team view and no
text but its own."""

from __future__ import annotations

import csv
import io

import pytest
from aiohttp.test_utils import TestClient, TestServer

from proxy.api import make_app
from proxy.state import GuardState, Settings
from tests.proxy.test_api_support import AUTH, TOKEN

ORDER = "113-1234567-1234567"
TEXTS = {"lead": f"Order {ORDER}: lead's own blocked text",
         "ben": f"=Order {ORDER}: ben's blocked text, leave 5 stars"}


@pytest.fixture
def team_store(pg_url):
    from proxy.store.postgres import PostgresStore

    store = PostgresStore(pg_url)
    store.set_seat("lead", lead=True)
    store.set_seat("ben")
    for seat in ("lead", "ben"):
        store.record_verdict(channel="contact_buyer", order_id=ORDER, marketplace=None,
                             verdict="block", action="blocked", text=TEXTS[seat],
                             diagnostics=[{"code": "C204"}, {"code": "C205"}],
                             keep_text=True, seat=seat, time="2026-11-20T10:00:00Z")
        store.record_verdict(channel="contact_buyer", order_id=ORDER, marketplace=None,
                             verdict="pass", action="forwarded", text="fine", diagnostics=[],
                             keep_text=False, seat=seat, time="2026-11-21T10:00:00Z")
    store.record_verdict(channel="sp_api_message", order_id=ORDER, marketplace=None,
                         verdict="block", action="blocked", text=f"Order {ORDER}: see http://x.example",
                         diagnostics=[{"code": "C209"}], keep_text=True, seat="ben",
                         time="2026-11-22T10:00:00Z")
    yield store
    store.close()


async def _client(store, seat):
    state = GuardState(data_dir=None, settings=Settings(), store=store, token=TOKEN, seat=seat)
    return TestClient(TestServer(make_app(state)))


async def test_a_lead_sees_every_seat(team_store):
    async with await _client(team_store, "lead") as c:
        data = await (await c.get("/api/report", headers=AUTH)).json()
        assert data["viewer"] == {"seat": "lead", "lead": True}
        team = data["team"]
        assert team["seats"] == ["ben", "lead"]
        assert team["by_action"] == {"blocked": [2, 1], "forwarded": [1, 1]}
        assert team["by_rule"] == {"C204": [1, 1], "C205": [1, 1], "C209": [1, 0]}
        texts = {(v["seat"], v["text"]) for v in data["blocked"]}
        assert texts == {("lead", TEXTS["lead"]), ("ben", TEXTS["ben"]),
                         ("ben", f"Order {ORDER}: see http://x.example")}
        assert not any(v["text_hidden"] for v in data["blocked"])

        only_ben = await (await c.get("/api/report?seat=ben&rule=C204", headers=AUTH)).json()
        assert [v["text"] for v in only_ben["blocked"]] == [TEXTS["ben"]]
        assert only_ben["team"]["by_rule"] == {"C204": [1, 0], "C205": [1, 0]}
        period = await (await c.get("/api/report?from=2026-11-21&to=2026-11-21",
                                    headers=AUTH)).json()
        assert period["team"]["by_action"] == {"forwarded": [1, 1]} and period["blocked"] == []

        rows = list(csv.DictReader(io.StringIO(
            await (await c.get("/api/report.csv", headers=AUTH)).text())))
        assert len(rows) == 5 and {r["seat"] for r in rows} == {"lead", "ben"}
        blocked = {r["text"] for r in rows if r["action"] == "blocked"}
        assert "'" + TEXTS["ben"] in blocked, "formula-safe, and the lead reads ben's text"
        assert TEXTS["lead"] in blocked


async def test_a_seat_that_is_not_a_lead_sees_its_own_texts_only(team_store):
    async with await _client(team_store, "ben") as c:
        data = await (await c.get("/api/report", headers=AUTH)).json()
        assert data["team"] is None and data["viewer"] == {"seat": "ben", "lead": False}
        by_seat = {}
        for v in data["blocked"]:
            by_seat.setdefault(v["seat"], []).append(v)
        assert [v["text"] for v in by_seat["lead"]] == [None]
        assert by_seat["lead"][0]["text_hidden"] is True
        assert {v["text"] for v in by_seat["ben"]} == {TEXTS["ben"],
                                                     f"Order {ORDER}: see http://x.example"}
        body = await (await c.get("/api/report.csv", headers=AUTH)).text()
        assert TEXTS["lead"] not in body and "lead's own" not in body
        assert TEXTS["ben"] in body
        rows = list(csv.DictReader(io.StringIO(body)))
        assert {r["text"] for r in rows if r["seat"] == "lead"} == {""}
