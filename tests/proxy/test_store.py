import sqlite3
import threading

import pytest

from proxy.state import text_hash
from proxy.store import MIGRATIONS, Store, StoreError


class Clock:
    def __init__(self, t=1_790_000_000.0):
        self.t = t

    def __call__(self):
        return self.t


@pytest.fixture
def clock():
    return Clock()


@pytest.fixture
def store(tmp_path, clock):
    s = Store(tmp_path / "guard.sqlite3", clock=clock)
    yield s
    s.close()


def verdict(store, **kw):
    args = dict(channel="contact_buyer", order_id="113-1234567-1234567", marketplace="ATVPDKIKX0DER",
                verdict="block", action="blocked",
                diagnostics=[{"code": "C204", "message": "m"}, {"code": "C209", "message": "n"}],
                text="Leave a review for a gift card", keep_text=True)
    args.update(kw)
    return store.record_verdict(**args)


def test_schema_is_versioned_and_wal(store, tmp_path):
    assert store.schema_version == len(MIGRATIONS)
    db = sqlite3.connect(tmp_path / "guard.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    assert db.execute("PRAGMA user_version").fetchone()[0] == len(MIGRATIONS)
    db.close()


def test_reopening_keeps_records_and_version(tmp_path, clock):
    s = Store(tmp_path / "g.sqlite3", clock=clock)
    vid = verdict(s)
    s.close()
    s = Store(tmp_path / "g.sqlite3", clock=clock)
    assert s.get_verdict(vid)["codes"] == ["C204", "C209"]
    s.close()


def test_newer_schema_is_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "g.sqlite3")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer bsm-guard"):
        Store(tmp_path / "g.sqlite3")


def test_not_a_database_is_a_store_error(tmp_path):
    (tmp_path / "g.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        Store(tmp_path / "g.sqlite3")


def test_verdict_round_trip(store):
    vid = verdict(store)
    (summary,) = store.recent_verdicts()
    assert summary == {
        "id": vid, "time": "2026-09-21T14:13:20Z", "channel": "contact_buyer",
        "order_id": "113-1234567-1234567", "marketplace": "ATVPDKIKX0DER", "verdict": "block",
        "action": "blocked", "codes": ["C204", "C209"],
        "text_hash": text_hash("Leave a review for a gift card")}
    full = store.get_verdict(vid)
    assert full["text"] == "Leave a review for a gift card"
    assert [d["code"] for d in full["diagnostics"]] == ["C204", "C209"]
    assert store.get_verdict(vid + 100) is None


def test_text_is_kept_only_when_asked(store):
    vid = verdict(store, verdict="pass", action="forwarded", diagnostics=[], keep_text=False)
    v = store.get_verdict(vid)
    assert v["text"] is None and v["text_hash"] == text_hash("Leave a review for a gift card")
    vid = verdict(store, text=None, keep_text=True, verdict="error", action="failed_closed")
    assert store.get_verdict(vid)["text_hash"] is None


def test_recent_is_newest_first_and_limited(store):
    ids = [verdict(store) for _ in range(5)]
    assert [v["id"] for v in store.recent_verdicts(3)] == ids[::-1][:3]


def test_review_requests(store):
    assert not store.review_requested("A")
    store.record_review_request("A", "request_review")
    assert store.review_requested("A") and not store.review_requested("B")
    store.record_review_request("A", "sp_api_message")
    assert [r["channel"] for r in store.review_requests("A")] == ["request_review",
                                                                  "sp_api_message"]


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


def test_retention_days_and_text_cap(tmp_path, clock):
    s = Store(tmp_path / "g.sqlite3", retention_days=30, max_texts=2, clock=clock)
    old = verdict(s)
    s.record_review_request("OLD", "request_review")
    clock.t += 31 * 86400
    new = [verdict(s) for _ in range(3)]
    s.prune()
    assert s.get_verdict(old) is None
    assert not s.review_requested("OLD")
    assert [s.get_verdict(i)["text"] is not None for i in new] == [False, True, True]
    assert s.get_verdict(new[0])["codes"] == ["C204", "C209"]  # the verdict itself stays
    s.close()


def test_concurrent_writers_lose_nothing(tmp_path):
    """Threads sharing one Store, plus a second Store on the same file (another process such
    as `bsm-guard allow`), write at once: every record is there afterwards."""
    path = tmp_path / "g.sqlite3"
    shared, other = Store(path), Store(path)
    per_thread, errors = 60, []

    def work(store, n):
        try:
            for i in range(per_thread):
                verdict(store, order_id=f"{n}-{i}", keep_text=False)
                store.record_review_request(f"{n}-{i}", "request_review")
        except Exception as exc:  # pragma: no cover - reported below
            errors.append(exc)

    threads = [threading.Thread(target=work, args=(shared if n % 2 else other, n))
               for n in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert errors == []
    assert len(shared.recent_verdicts(10_000)) == 8 * per_thread
    assert len({v["id"] for v in other.recent_verdicts(10_000)}) == 8 * per_thread
    assert all(shared.review_requested(f"{n}-{i}") for n in range(8) for i in range(per_thread))
    shared.close()
    other.close()


def test_concurrent_consumers_share_one_grant(tmp_path):
    path = tmp_path / "g.sqlite3"
    stores = [Store(path) for _ in range(4)]
    stores[0].grant_override("h")
    results, barrier = [], threading.Barrier(8)

    def take(store):
        barrier.wait()
        results.append(store.consume_override("h"))

    threads = [threading.Thread(target=take, args=(stores[i % 4],)) for i in range(8)]
    for t in threads:
        t.start()
    for t in threads:
        t.join()
    assert results.count(True) == 1
    for s in stores:
        s.close()


def test_never_stores_secrets_by_construction():
    # The store's write methods take no headers or cookies at all.
    import inspect

    for name in ("record_verdict", "record_review_request", "grant_override"):
        params = set(inspect.signature(getattr(Store, name)).parameters)
        assert not params & {"headers", "cookies", "cookie", "authorization", "token"}
