"""Verdicts spread over two weeks, written through the real Store (its clock moved by hand),
for the history page's tests. No tests in this module."""

from __future__ import annotations

import datetime as dt
from pathlib import Path

from proxy.store import Store

DAYS = 14
BLOCKED_TEXT = ("Order 113-1234567-1234567: leave a 5-star review and get a $10 gift card!\n"
                "=HYPERLINK(\"http://evil.example\")")


def _diag(code: str, severity: str = "error") -> dict:
    return {"code": code, "name": code.lower(), "severity": severity, "message": f"{code} found"}


# (days ago, channel, verdict, action, codes, text)
ROWS = [
    (13, "contact_buyer", "pass", "forwarded", [], None),
    (12, "contact_buyer", "block", "blocked", ["C204", "C205"], BLOCKED_TEXT),
    (12, "sp_api_message", "warn", "forwarded", ["S310"], None),
    (10, "request_review", "pass", "forwarded", [], None),
    (9, "contact_buyer", "block", "blocked", ["C203"],
     "+15% off your next order with code SAVE15 (order 113-1234567-1234567)."),
    (7, "sp_api_message", "block", "blocked", ["C209"],
     "Order 113-1234567-1234567: see http://shop.example/manual"),
    (5, "contact_buyer", "pass", "forwarded", [], None),
    (4, "request_review", "block", "blocked", ["C208"], None),
    (3, "contact_buyer", "block", "overridden", ["C205"], None),
    (2, "contact_buyer", "block", "blocked", ["C205", "S301"],
     "Order 113-1234567-1234567: five stars please \U0001F600"),
    (1, "sp_api_message", "pass", "forwarded", [], None),
    (0, "contact_buyer", "warn", "forwarded", ["O105"], None),
]


def seed(path: Path, now: dt.datetime | None = None) -> list[dt.date]:
    """Write ROWS into the store at `path`; returns the day of each row (UTC)."""
    now = now or dt.datetime.now(dt.timezone.utc).replace(hour=12, minute=0, second=0,
                                                          microsecond=0)
    clock = [now.timestamp()]
    store = Store(path, clock=lambda: clock[0])
    days = []
    try:
        for ago, channel, verdict, action, codes, text in ROWS:
            moment = now - dt.timedelta(days=ago)
            clock[0] = moment.timestamp()
            severity = "warning" if verdict == "warn" else "error"
            store.record_verdict(channel=channel, order_id="113-1234567-1234567",
                                 marketplace="amazon.com", verdict=verdict, action=action,
                                 diagnostics=[_diag(c, severity) for c in codes], text=text,
                                 keep_text=text is not None)
            days.append(moment.date())
    finally:
        store.close()
    return days
