"""The store suite, run against each backend: SQLite and a real PostgreSQL server."""

import inspect
import threading

import pytest

from proxy.state import text_hash
from proxy.store import NotALead, SettingsConflict, SQLiteStore
from proxy.store.base import SQLStore

BACKENDS = ("sqlite", "postgresql")


class Clock:
    def __init__(self, t=1_790_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture(params=BACKENDS)
def make_store(request, tmp_path):
    """A factory: every call opens another store on the same database (another guard)."""
    opened = []
    if request.param == "sqlite":
        path = tmp_path / "guard.sqlite3"

        def make(**kw):
            opened.append(SQLiteStore(path, **kw))
            return opened[-1]
    else:
        from proxy.store.postgres import PostgresStore

        url = request.getfixturevalue("pg_url")

        def make(**kw):
            opened.append(PostgresStore(url, **kw))
            return opened[-1]
    yield make
    for s in opened:
        s.close()


@pytest.fixture
def store(make_store, clock):
    return make_store(clock=clock)


def verdict(store, **kw):
    args = dict(channel="contact_buyer", order_id="113-1234567-1234567",
                marketplace="ATVPDKIKX0DER", verdict="block", action="blocked",
                diagnostics=[{"code": "C204", "message": "m"}, {"code": "C209", "message": "n"}],
                text="Leave a review for a gift card", keep_text=True)
    args.update(kw)
    return store.record_verdict(**args)


def test_schema_is_current_and_reopening_keeps_records(make_store, clock):
    s = make_store(clock=clock)
    vid = verdict(s)
    again = make_store(clock=clock)  # migrations are not re-run on a current schema
    assert again.schema_version == s.schema_version >= 1
    assert again.get_verdict(vid)["codes"] == ["C204", "C209"]


def test_verdict_round_trip(store):
    vid = verdict(store, seat="anna")
    (summary,) = store.recent_verdicts()
    assert summary == {
        "id": vid, "time": "2026-09-21T14:13:20Z", "seat": "anna", "channel": "contact_buyer",
        "order_id": "113-1234567-1234567", "marketplace": "ATVPDKIKX0DER", "verdict": "block",
        "action": "blocked", "codes": ["C204", "C209"],
        "text_hash": text_hash("Leave a review for a gift card")}
    full = store.get_verdict(vid)
    assert full["text"] == "Leave a review for a gift card"
    assert [d["code"] for d in full["diagnostics"]] == ["C204", "C209"]
    assert store.get_verdict(vid + 100) is None


def test_replaying_a_uid_writes_once(store):
    first = verdict(store, uid="u-1")
    assert verdict(store, uid="u-1") == first
    assert store.count_verdicts() == 1


def test_text_is_kept_only_when_asked(store):
    vid = verdict(store, verdict="pass", action="forwarded", diagnostics=[], keep_text=False)
    v = store.get_verdict(vid)
    assert v["text"] is None and v["text_hash"] == text_hash("Leave a review for a gift card")
    vid = verdict(store, text=None, keep_text=True, verdict="error", action="failed_closed")
    assert store.get_verdict(vid)["text_hash"] is None


def test_recent_is_newest_first_limited_and_by_seat(store):
    ids = [verdict(store, seat="a" if i % 2 else "b") for i in range(5)]
    assert [v["id"] for v in store.recent_verdicts(3)] == ids[::-1][:3]
    assert [v["id"] for v in store.recent_verdicts(10, seat="a")] == [ids[3], ids[1]]


def test_review_request_is_claimed_once_per_order(store):
    assert not store.review_requested("A")
    assert store.claim_review_request("A", "request_review", seat="anna", uid="c1")
    assert store.review_requested("A") and not store.review_requested("B")
    assert not store.claim_review_request("A", "sp_api_message", seat="ben", uid="c2")
    assert store.claim_review_request("A", "request_review", uid="c1")  # a replay of c1
    assert [(r["channel"], r["seat"]) for r in store.review_requests("A")] == [
        ("request_review", "anna")]
    store.release_review_request("c1")
    assert not store.review_requested("A")
    assert store.claim_review_request("A", "contact_buyer", uid="c3")


def test_concurrent_claims_across_stores_give_one(make_store):
    """Eight threads on four stores (four guards) claim the same orders at once."""
    stores = [make_store() for _ in range(4)]
    for order in range(20):
        barrier, wins = threading.Barrier(8), []

        def claim(s, n):
            barrier.wait()
            wins.append(s.claim_review_request(f"O{order}", "request_review", seat=f"s{n}"))

        threads = [threading.Thread(target=claim, args=(stores[n % 4], n)) for n in range(8)]
        for t in threads:
            t.start()
        for t in threads:
            t.join()
        assert wins.count(True) == 1, (order, wins)
    assert stores[0].count_review_requests() == 20


def test_override_once_and_expiry(store, clock):
    h = text_hash("x")
    assert not store.consume_override(h)
    store.grant_override(h, minutes=10)
    assert store.consume_override(h)
    assert not store.consume_override(h)  # once per grant
    store.grant_override(h, minutes=10)
    clock.t += 601
    assert not store.consume_override(h)  # expired
    store.grant_override(h, minutes=10)
    assert not store.consume_override(text_hash("y"))  # only that text


def test_concurrent_consumers_share_one_grant(make_store):
    stores = [make_store() for _ in range(4)]
    stores[0].grant_override("h")
    results, barrier = [], threading.Barrier(8)

    def take(s):
        barrier.wait()
        results.append(s.consume_override("h"))

    threads = [threading.Thread(target=take, args=(stores[i % 4],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1


def test_settings_are_versioned(make_store):
    a, b = make_store(), make_store()
    assert a.read_settings() == (0, None) and a.settings_version() == 0
    assert a.write_settings({"mode": "warn"}, seat="lead") == 1
    assert b.read_settings() == (1, {"mode": "warn"})
    assert b.write_settings({"mode": "block"}, expected_version=1) == 2
    with pytest.raises(SettingsConflict):
        a.write_settings({"mode": "off"}, expected_version=1)  # a read version 1: stale
    assert a.read_settings() == (2, {"mode": "block"})


def test_concurrent_settings_writers_each_get_a_version(make_store):
    stores = [make_store() for _ in range(4)]
    versions, barrier = [], threading.Barrier(4)

    def save(s, n):
        barrier.wait()
        try:
            versions.append(s.write_settings({"n": n}))
        except SettingsConflict:
            versions.append(None)

    threads = [threading.Thread(target=save, args=(s, n)) for n, s in enumerate(stores)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    saved = [v for v in versions if v is not None]
    assert len(saved) == len(set(saved)) and stores[0].settings_version() == max(saved)


def test_seats_leads_and_blocked_texts(store):
    store.set_seat("lee", lead=True)
    store.set_seat("anna")
    assert store.seats() == {"lee": True, "anna": False}
    vid = verdict(store, seat="ben")
    assert store.get_verdict(vid, viewer=store.viewer("anna"))["text"] is None
    assert store.get_verdict(vid, viewer=store.viewer("ben"))["text"] is not None
    assert store.get_verdict(vid, viewer=store.viewer("lee"))["text"] is not None
    assert store.get_verdict(vid, viewer=store.viewer(None))["text"] is not None
    with pytest.raises(NotALead):
        store.blocked_messages(store.viewer("anna"))
    with pytest.raises(NotALead):
        store.team_counts(store.viewer("ben"))


def test_team_view_queries(store, clock):
    lead = store.viewer(None)
    verdict(store, seat="anna")
    verdict(store, seat="ben", diagnostics=[{"code": "C208"}], text="again")
    clock.t += 86400
    verdict(store, seat="anna", verdict="pass", action="forwarded", diagnostics=[],
            keep_text=False)
    counts = store.team_counts(lead)
    assert counts["by_rule"] == [{"code": "C204", "count": 1}, {"code": "C208", "count": 1},
                                 {"code": "C209", "count": 1}]
    assert {"seat": "anna", "action": "blocked", "count": 1} in counts["by_seat"]
    assert [d["day"] for d in counts["by_day"]] == ["2026-09-21", "2026-09-22"]
    assert store.team_counts(lead, since="2026-09-22")["by_rule"] == []
    rows = store.blocked_messages(lead)
    assert [r["seat"] for r in rows] == ["ben", "anna"] and rows[0]["text"] == "again"
    assert [r["seat"] for r in store.blocked_messages(lead, code="C208")] == ["ben"]
    assert [r["seat"] for r in store.blocked_messages(lead, seat="anna")] == ["anna"]
    assert set(rows[0]) == {"id", "time", "seat", "channel", "order_id", "codes", "text"}


def test_retention_by_age(make_store, clock):
    s = make_store(retention_days=30, clock=clock)
    old = verdict(s)
    s.claim_review_request("OLD", "request_review")
    clock.t += 31 * 86400
    new = verdict(s)
    s.prune()
    assert s.get_verdict(old) is None and not s.review_requested("OLD")
    assert s.get_verdict(new)["text"] is not None


def test_retention_by_size_keeps_newest_texts_not_a_count(make_store, clock):
    s = make_store(max_text_mb=0.01, clock=clock)  # about 10,000 characters of texts
    ids = [verdict(s, text=f"{i:04d}" + "x" * 996) for i in range(15)]
    s.prune()
    kept = [s.get_verdict(i)["text"] is not None for i in ids]
    assert kept == [False] * 5 + [True] * 10
    assert s.get_verdict(ids[0])["codes"] == ["C204", "C209"]  # the verdict itself stays
    many = make_store(clock=clock)  # default limit: 600 small texts all stay (no cap of 500)
    more = [verdict(many, text=f"text {i}") for i in range(600)]
    many.prune()
    assert all(many.get_verdict(i)["text"] for i in more[:5])


def test_concurrent_writers_lose_nothing(make_store):
    stores = [make_store(), make_store()]
    per_thread, errors = 40, []

    def work(s, n):
        try:
            for i in range(per_thread):
                verdict(s, order_id=f"{n}-{i}", keep_text=False)
                s.claim_review_request(f"{n}-{i}", "request_review")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(stores[n % 2], n)) for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert stores[1].count_verdicts() == 8 * per_thread
    assert stores[0].count_review_requests() == 8 * per_thread


def test_never_stores_secrets_by_construction():
    # The store's write methods take no headers or cookies at all.
    for name in ("record_verdict", "claim_review_request", "grant_override", "write_settings"):
        params = set(inspect.signature(getattr(SQLStore, name)).parameters)
        assert not params & {"headers", "cookies", "cookie", "authorization", "token"}


def test_team_export_is_csv_without_formulas(store):
    import csv
    import io

    from proxy.store.export import to_csv

    verdict(store, seat="anna", text='=HYPERLINK("http://x.example","win")\nsecond line')
    text = to_csv(store.blocked_messages(store.viewer(None)))
    (row,) = list(csv.DictReader(io.StringIO(text)))
    assert row["seat"] == "anna" and row["codes"] == "C204 C209"
    assert row["text"] == "'=HYPERLINK(\"http://x.example\",\"win\")\nsecond line"
