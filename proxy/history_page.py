"""The local history page: what the guard decided, over time, in the seller's browser.

Served by the guard's API server (loopback only, behind the same Host, Origin and token
middlewares as the rest of the API), at `http://127.0.0.1:8765/history`:

    GET /history                   the page (static HTML, no data: it needs no token)
    GET /history/static/{name}     its script and style sheet
    GET /api/report          token the verdicts matching the filters, counted per day by rule
                                   and by channel (for the charts), and the blocked messages
                                   with their text (for the table)
    GET /api/report.csv      token the same verdicts as CSV

Filters are query parameters: `from` and `to` (dates, inclusive, UTC), `rule` (a code),
`channel`, `verdict`, and `seat` on a team's store. The page's script asks for the token once (or takes it from the URL
fragment, `#token=...`, which never reaches a server log), keeps it in the tab's
sessionStorage and sends it as `Authorization: Bearer`. The page loads nothing from the
network: its charts are SVG drawn by its own script, and a Content-Security-Policy limits it
to this origin.

Data layer: `load_verdicts` is the one place that lists verdicts, through the store's read
functions (`recent_verdicts`), and filters in Python; `with_text` fetches a blocked text with
`get_verdict` as this guard's seat (`viewer`), so on a team's store a seat that is not a lead
sees the other seats' verdicts counted but not their texts, exactly as `GET /api/history/ID`
answers. Store calls run on a thread; a store that is down answers 503, as the API does.

Team view (issue 10): when this guard's seat is a lead on a team's store, the report also
carries `team`: sends per seat by outcome for the period, from the store's `team_counts`,
and findings per seat by rule for the filtered verdicts. The blocked table and the CSV's
texts then come from the store's `blocked_messages` (every seat's, in one query) instead of
one `get_verdict` per row. A seat that is not a lead gets `team: null` and its own texts
only; the store refuses it the team queries (`NotALead`).
"""

from __future__ import annotations

import asyncio
import datetime as dt
from collections import Counter, defaultdict
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiohttp import web

from proxy.api_security import STATE, ApiError, needs_token
from proxy.store.export import to_csv as rows_to_csv

STATIC = resources.files("proxy") / "history_static"
MAX_VERDICTS = 5000  # newest verdicts read per request; retention keeps 90 days
MAX_TABLE = 200  # blocked messages shown with their text
KEPT_ACTIONS = ("blocked", "failed_closed")  # the store keeps the text of these
SECURITY_HEADERS = {
    "Content-Security-Policy": "default-src 'none'; script-src 'self'; style-src 'self'; "
                               "connect-src 'self'; img-src 'self'; base-uri 'none'; "
                               "form-action 'none'; frame-ancestors 'none'",
    "X-Content-Type-Options": "nosniff",
    "Referrer-Policy": "no-referrer",
    "Cache-Control": "no-store",
}


@dataclass(frozen=True)
class Filters:
    start: dt.date | None = None
    end: dt.date | None = None
    rule: str = ""
    channel: str = ""
    verdict: str = ""
    seat: str = ""

    @classmethod
    def from_query(cls, query) -> "Filters":
        def day(key: str) -> dt.date | None:
            raw = query.get(key, "")
            if not raw:
                return None
            try:
                return dt.date.fromisoformat(raw)
            except ValueError:
                raise ApiError(400, f"'{key}' must be a date such as 2026-11-01",
                               field=key) from None

        filters = cls(day("from"), day("to"), query.get("rule", "").strip().upper(),
                      query.get("channel", "").strip(), query.get("verdict", "").strip(),
                      query.get("seat", "").strip())
        if filters.start and filters.end and filters.start > filters.end:
            raise ApiError(400, "'from' is after 'to'", field="from")
        return filters

    def match(self, v: dict[str, Any]) -> bool:
        day = _day(v)
        return ((self.start is None or day >= self.start) and (self.end is None or day <= self.end)
                and (not self.rule or self.rule in v["codes"])
                and (not self.channel or v["channel"] == self.channel)
                and (not self.verdict or v["verdict"] == self.verdict)
                and (not self.seat or (v.get("seat") or "") == self.seat))

    def to_dict(self) -> dict[str, str]:
        return {"from": self.start.isoformat() if self.start else "",
                "to": self.end.isoformat() if self.end else "",
                "rule": self.rule, "channel": self.channel, "verdict": self.verdict,
                "seat": self.seat}


def _day(v: dict[str, Any]) -> dt.date:
    return dt.date.fromisoformat(v["time"][:10])


# -- data ----------------------------------------------------------------------------------------
def load_verdicts(store, filters: Filters) -> tuple[list[dict], list[dict]]:
    """(all recent verdicts, those matching `filters`), newest first."""
    every = store.recent_verdicts(MAX_VERDICTS)
    return every, [v for v in every if filters.match(v)]


def with_text(store, verdict: dict, viewer=None) -> dict:
    """The verdict with its kept text: None when the store no longer has it, or when
    `viewer` (this guard's seat) may not read another seat's text (`text_hidden`)."""
    if verdict["action"] not in KEPT_ACTIONS:
        return {**verdict, "text": None}
    full = store.get_verdict(verdict["id"], viewer=viewer) or {}
    return {**verdict, "text": full.get("text"), "text_hidden": bool(full.get("text_hidden"))}


def day_range(verdicts: list[dict], filters: Filters) -> list[dt.date]:
    days = [_day(v) for v in verdicts]
    first = filters.start or (min(days) if days else None)
    last = filters.end or (max(days) if days else None)
    if first is None or last is None:
        return []
    if (last - first).days > 366:
        first = last - dt.timedelta(days=366)
    return [first + dt.timedelta(days=i) for i in range((last - first).days + 1)]


def is_lead_view(viewer) -> bool:
    """A named seat that the team's store lists as a lead (a single seller has no seat)."""
    return viewer is not None and viewer.seat is not None and viewer.lead


def _period(filters: Filters) -> dict[str, str | None]:
    """The filters' dates as the store's [since, until)."""
    until = filters.end + dt.timedelta(days=1) if filters.end else None
    return {"since": filters.start.isoformat() if filters.start else None,
            "until": until.isoformat() if until else None}


def _from_blocked_messages(row: dict) -> dict[str, Any]:
    """A `blocked_messages` row in the shape of the page's other verdict rows."""
    return {**row, "codes": row["codes"].split(), "text": row["text"] or None,
            "text_hidden": False, "verdict": "block", "action": "blocked"}


def lead_table(store, filters: Filters, viewer, matching: list[dict]) -> list[dict]:
    """Every seat's blocked messages with their texts (the store filters by period, seat
    and rule; channel and verdict here), plus sends stopped because the checker failed."""
    rows = store.blocked_messages(viewer, **_period(filters), seat=filters.seat or None,
                                  code=filters.rule or None, limit=MAX_TABLE)
    rows = [r for r in map(_from_blocked_messages, rows)
            if (not filters.channel or r["channel"] == filters.channel)
            and (not filters.verdict or r["verdict"] == filters.verdict)]
    rows += [with_text(store, v, viewer) for v in matching if v["action"] == "failed_closed"]
    return sorted(rows, key=lambda r: r["id"], reverse=True)[:MAX_TABLE]


def team_view(store, filters: Filters, viewer, matching: list[dict]) -> dict[str, Any]:
    """The lead's charts: sends per seat by outcome in the period (the store counts them),
    and findings per seat by rule among the filtered verdicts."""
    counts = store.team_counts(viewer, **_period(filters))
    seats = sorted({r["seat"] for r in counts["by_seat"]} | {v.get("seat") or "" for v in matching})
    by_action: dict[str, list[int]] = defaultdict(lambda: [0] * len(seats))
    for row in counts["by_seat"]:
        by_action[row["action"]][seats.index(row["seat"])] += row["count"]
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0] * len(seats))
    for v in matching:
        for code in v["codes"]:
            by_rule[code][seats.index(v.get("seat") or "")] += 1
    return {"seats": seats, "by_action": dict(sorted(by_action.items())),
            "by_rule": dict(sorted(by_rule.items()))}


def report(store, filters: Filters, viewer=None) -> dict[str, Any]:
    lead = is_lead_view(viewer)
    every, matching = load_verdicts(store, filters)
    days = day_range(matching, filters)
    index = {d: i for i, d in enumerate(days)}
    by_rule: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    by_channel: dict[str, list[int]] = defaultdict(lambda: [0] * len(days))
    for v in matching:
        i = index.get(_day(v))
        if i is None:
            continue
        by_channel[v["channel"]][i] += 1
        for code in v["codes"]:
            by_rule[code][i] += 1
    if lead:
        table = lead_table(store, filters, viewer, matching)
    else:
        table = [with_text(store, v, viewer)
                 for v in [v for v in matching if v["action"] in KEPT_ACTIONS][:MAX_TABLE]]
    return {
        "filters": filters.to_dict(),
        "total": len(matching),
        "truncated": len(every) >= MAX_VERDICTS,
        "verdicts": dict(Counter(v["verdict"] for v in matching)),
        "days": [d.isoformat() for d in days],
        "by_rule": dict(sorted(by_rule.items())),
        "by_channel": dict(sorted(by_channel.items())),
        "options": {"rules": sorted({c for v in every for c in v["codes"]}),
                    "channels": sorted({v["channel"] for v in every}),
                    "verdicts": sorted({v["verdict"] for v in every}),
                    "seats": sorted({v["seat"] for v in every if v.get("seat")})},
        "blocked": table,
        "viewer": {"seat": viewer.seat, "lead": viewer.lead} if viewer else None,
        "team": team_view(store, filters, viewer, matching) if lead else None,
    }


CSV_COLUMNS = ("id", "time", "seat", "channel", "order_id", "marketplace", "verdict", "action",
               "codes", "text")


def to_csv(store, verdicts: list[dict], viewer=None, filters: Filters | None = None) -> str:
    """The verdicts as CSV, texts as `viewer` may read them; `proxy.store.export` quotes the
    cells a spreadsheet would run as formulas. A lead's texts come from one
    `blocked_messages` query for the period instead of one read per blocked row."""
    texts: dict[int, str] = {}
    if is_lead_view(viewer) and filters is not None:
        texts = {r["id"]: r["text"] for r in store.blocked_messages(
            viewer, **_period(filters), seat=filters.seat or None, limit=MAX_VERDICTS)}
    rows = []
    for v in verdicts:
        if v["id"] in texts:
            row = {**v, "text": texts[v["id"]] or None}
        else:
            row = with_text(store, v, viewer)
        rows.append({**row, "codes": " ".join(row["codes"])})
    return rows_to_csv(rows, CSV_COLUMNS)


async def _in_thread(func, *args):
    """A store call off the event loop; a store that is down or slow is a 503."""
    from proxy.store import StoreError

    try:
        return await asyncio.to_thread(func, *args)
    except StoreError as exc:
        raise ApiError(503, f"the store is unavailable: {exc}") from None


# -- handlers ------------------------------------------------------------------------------------
async def page(request: web.Request) -> web.Response:
    return web.Response(text=(STATIC / "history.html").read_text("utf-8"),
                        content_type="text/html", charset="utf-8", headers=SECURITY_HEADERS)


async def static(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    types = {"history.js": "application/javascript", "history.css": "text/css"}
    if name not in types:
        raise ApiError(404, f"no such file: {name}")
    return web.Response(text=(STATIC / name).read_text("utf-8"), content_type=types[name],
                        charset="utf-8", headers=SECURITY_HEADERS)


def _viewer(state):
    viewer = getattr(state.store, "viewer", None)
    return viewer(getattr(state, "seat", None)) if viewer else None


@needs_token
async def report_json(request: web.Request) -> web.Response:
    filters = Filters.from_query(request.query)
    state = request.app[STATE]

    def build() -> dict[str, Any]:
        return report(state.store, filters, _viewer(state))

    return web.json_response(await _in_thread(build), headers={"Cache-Control": "no-store"})


@needs_token
async def report_csv(request: web.Request) -> web.Response:
    filters = Filters.from_query(request.query)
    state = request.app[STATE]

    def build() -> str:
        return to_csv(state.store, load_verdicts(state.store, filters)[1], _viewer(state),
                      filters)

    text = await _in_thread(build)
    name = f"bsm-guard-history-{dt.date.today().isoformat()}.csv"
    return web.Response(text=text, content_type="text/csv", charset="utf-8",
                        headers={"Content-Disposition": f'attachment; filename="{name}"',
                                 "Cache-Control": "no-store"})


def add_routes(app: web.Application) -> None:
    """Add the history page's routes to the guard's API app (called by `proxy.api.make_app`)."""
    r = app.router
    r.add_get("/history", page)
    r.add_get("/history/static/{name}", static)
    r.add_get("/api/report", report_json)
    r.add_get("/api/report.csv", report_csv)
