"""The team view in Debian's Chromium: a real `bsm-guard run --store postgresql://... --seat
lead` on a real PostgreSQL (tests/pg.py) with two seats' verdicts; the lead's page shows the
per-seat charts, a Seat column and the other seat's blocked text. Screenshot:
tests/artifacts/history-team-lead.png."""

from __future__ import annotations

import datetime as dt

import pytest

from tests.proxy.test_history_browser import ARTIFACTS, Guard, page, pytestmark  # noqa: F401

ORDER = "113-1234567-1234567"
# (seat, days ago, channel, verdict, action, codes, text)
ROWS = [
    ("anna", 6, "contact_buyer", "block", "blocked", ["C204", "C205"],
     f"Order {ORDER}: leave us 5 stars and get a $10 gift card!"),
    ("anna", 5, "contact_buyer", "pass", "forwarded", [], None),
    ("anna", 3, "sp_api_message", "warn", "forwarded", ["S310"], None),
    ("anna", 1, "contact_buyer", "pass", "forwarded", [], None),
    ("ben", 6, "contact_buyer", "pass", "forwarded", [], None),
    ("ben", 4, "contact_buyer", "block", "blocked", ["C203"],
     f"Order {ORDER}: 15% off your next order with code SAVE15."),
    ("ben", 2, "sp_api_message", "block", "blocked", ["C209"],
     f"Order {ORDER}: see http://shop.example/manual"),
    ("ben", 1, "contact_buyer", "block", "overridden", ["C205"], None),
    ("lead", 0, "contact_buyer", "pass", "forwarded", [], None),
]


@pytest.fixture(scope="module")
def team_guard(tmp_path_factory, pg_server):
    from proxy.store.postgres import PostgresStore

    url = pg_server.new_database()
    store = PostgresStore(url)
    now = dt.datetime.now(dt.timezone.utc).replace(hour=12, minute=0, second=0, microsecond=0)
    try:
        store.set_seat("lead", lead=True)
        for seat in ("anna", "ben"):
            store.set_seat(seat)
        for seat, ago, channel, verdict, action, codes, text in ROWS:
            moment = (now - dt.timedelta(days=ago)).isoformat().replace("+00:00", "Z")
            store.record_verdict(channel=channel, order_id=ORDER, marketplace="amazon.com",
                                 verdict=verdict, action=action, seat=seat, time=moment,
                                 diagnostics=[{"code": c, "severity": "error"} for c in codes],
                                 text=text, keep_text=text is not None)
    finally:
        store.close()
    running = Guard(tmp_path_factory.mktemp("team-guard"), "--store", url, "--seat", "lead")
    yield running
    running.stop()


async def test_the_lead_sees_every_seat(page, team_guard):  # noqa: F811
    await page.goto(f"{team_guard.api}/history#token={team_guard.token}")
    await page.locator(".charts.team").wait_for(state="visible")
    await page.locator(".blocked tbody tr").first.wait_for()
    assert "Team view (seat “lead”, a team lead)" in await page.locator(".bar .where").inner_text()
    ticks = await page.locator("figure[data-chart=seat] svg text.tick").evaluate_all(
        "ts => ts.map(t => t.textContent)")
    assert {"anna", "ben", "lead"} <= set(ticks)
    blocked = await page.locator("figure[data-chart=seat] svg rect[data-series=blocked]") \
        .evaluate_all("rs => rs.map(r => [r.dataset.day, Number(r.dataset.count)])")
    assert sorted(blocked) == [["anna", 1], ["ben", 2]]
    rows = page.locator(".blocked tbody tr")
    assert await rows.count() == 3
    seats = await page.locator(".blocked tbody td.seat").all_inner_texts()
    assert seats == ["ben", "ben", "anna"]
    assert "SAVE15" in await rows.nth(1).inner_text(), "the lead reads ben's text"
    await page.screenshot(path=ARTIFACTS / "history-team-lead.png", full_page=True)
    await page.select_option("select[name=seat]", "ben")
    await page.locator(".totals").filter(has_text="4 verdicts").wait_for()
    assert await rows.count() == 2
    await page.screenshot(path=ARTIFACTS / "history-team-lead-ben.png", full_page=True)
