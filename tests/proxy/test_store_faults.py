"""Store faults: a send never waits long and no record is lost (issue 8 item 5, issue 10).

Real faults, no mocks: another process holding SQLite's write lock, a full (tmpfs) disk, a
PostgreSQL server stopped in the middle of a run and started again.
"""

import logging
import os
import sqlite3
import stat
import subprocess
import sys
import threading
import time

import pytest

from proxy.state import GuardState, Settings
from proxy.store import GuardStore, MIGRATIONS, SQLiteStore, StoreError, open_guard_store
from tests import pg


def record(store, n, seat="anna"):
    return store.record_verdict(
        channel="contact_buyer", order_id=f"113-0000000-{n:07d}", marketplace=None,
        verdict="block", action="blocked", diagnostics=[{"code": "C204"}],
        text=f"blocked text {n}", keep_text=True, seat=seat)


def wait_for(predicate, timeout=20.0):
    deadline = time.time() + timeout
    while time.time() < deadline:
        if predicate():
            return True
        time.sleep(0.05)
    return False


# --- SQLite: the file itself ---------------------------------------------------------------------


def test_files_are_private_and_wal(tmp_path):
    store = open_guard_store(None, tmp_path)
    record(store, 1)
    store.queue.append({"op": "noop"})
    for name in ("guard.sqlite3", "guard.sqlite3-wal", "guard.sqlite3-shm", "queue.jsonl"):
        assert stat.S_IMODE((tmp_path / name).stat().st_mode) == 0o600, name
    db = sqlite3.connect(tmp_path / "guard.sqlite3")
    assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    db.close()
    store.queue.done(store.queue.pending()[1])
    store.close()


def test_an_existing_single_seller_file_is_migrated(tmp_path):
    """A file from before teams (schema 1, repeated review rows) keeps its records."""
    path = tmp_path / "guard.sqlite3"
    db = sqlite3.connect(path)
    from proxy.store.migrations import statements
    for statement in statements(MIGRATIONS[0]):
        db.execute(statement)
    db.execute("INSERT INTO verdicts (time, channel, verdict, action, codes, diagnostics, text)"
               " VALUES ('2026-11-01T10:00:00Z', 'contact_buyer', 'block', 'blocked',"
               " '[\"C204\"]', '[]', 'old text')")
    db.executemany("INSERT INTO review_requests (order_id, channel, time) VALUES (?, ?, ?)",
                   [("A", "request_review", "2026-11-01T10:00:00Z"),
                    ("A", "contact_buyer", "2026-11-02T10:00:00Z")])
    db.execute("PRAGMA user_version = 1")
    db.commit()
    db.close()
    store = SQLiteStore(path)
    assert store.schema_version == len(MIGRATIONS)
    (old,) = store.recent_verdicts()
    assert store.get_verdict(old["id"])["text"] == "old text" and old["seat"] is None
    assert [r["channel"] for r in store.review_requests("A")] == ["request_review"]
    assert not store.claim_review_request("A", "request_review")
    store.close()


def test_newer_schema_and_garbage_are_refused(tmp_path):
    db = sqlite3.connect(tmp_path / "new.sqlite3")
    db.execute(f"PRAGMA user_version = {len(MIGRATIONS) + 1}")
    db.close()
    with pytest.raises(StoreError, match="newer bsm-guard"):
        SQLiteStore(tmp_path / "new.sqlite3")
    (tmp_path / "bad.sqlite3").write_bytes(b"this is not sqlite" * 100)
    with pytest.raises(StoreError):
        SQLiteStore(tmp_path / "bad.sqlite3")


def test_existing_data_dir_is_not_chmodded(tmp_path):
    from proxy.service import ensure_data_dir

    shared = tmp_path / "shared"
    shared.mkdir(mode=0o775)
    shared.chmod(0o775)
    ensure_data_dir(shared)
    assert stat.S_IMODE(shared.stat().st_mode) == 0o775
    fresh = ensure_data_dir(tmp_path / "fresh")
    assert stat.S_IMODE(fresh.stat().st_mode) == 0o700


# --- SQLite: a write lock held by another process --------------------------------------------


HOLD_LOCK = """
import sqlite3, sys, time
db = sqlite3.connect(sys.argv[1], isolation_level=None)
db.execute("BEGIN EXCLUSIVE")
print("locked", flush=True)
sys.stdin.readline()
db.execute("ROLLBACK")
"""


def test_lock_held_by_another_process_queues_then_writes(tmp_path):
    store = open_guard_store(None, tmp_path)
    record(store, 0)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "guard.sqlite3")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        started = time.perf_counter()
        ids = [record(store, n) for n in range(1, 21)]
        claim = store.claim_review("113-0000000-0000001", "request_review", "anna")
        elapsed = time.perf_counter() - started
        assert elapsed < 2.0, f"21 writes took {elapsed:.1f} s with the lock held"
        assert ids[0] is None and claim is not None  # queued, and claimed locally
        assert store.claim_review("113-0000000-0000001", "contact_buyer", "ben") is None
        status = store.status()
        assert not status["ok"] and status["queued"] == 21 and status["not_durable"] == 0
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(10)
    assert wait_for(lambda: store.status()["ok"])
    assert store.count_verdicts() == 21 and store.count_review_requests() == 1
    assert store.status()["offline_duplicates"] == 0
    store.close()


def test_settings_change_only_when_saved(tmp_path):
    """A save that fails (lock held) leaves the applied settings as they were."""
    store = open_guard_store(None, tmp_path)
    state = GuardState(data_dir=tmp_path, settings=Settings(), store=store, token="t")
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "guard.sqlite3")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        with pytest.raises(StoreError):
            state.update_settings({"mode": "off"})
        assert state.settings.mode == "block"
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(10)
    assert state.update_settings({"mode": "warn"}).mode == "warn"
    assert store.read_settings() == (1, Settings(mode="warn").to_dict())
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".tmp")]
    store.close()


# --- SQLite: the disk is full ----------------------------------------------------------------


@pytest.fixture
def small_disk(tmp_path):
    """A 2 MB tmpfs: a real ENOSPC. Needs root (mount); required under CI=true."""
    where = tmp_path / "disk"
    where.mkdir()
    done = subprocess.run(["mount", "-t", "tmpfs", "-o", "size=2m", "tmpfs", str(where)],
                          capture_output=True, text=True)
    if done.returncode:
        message = f"cannot mount a tmpfs for the disk-full test: {done.stderr.strip()}"
        if os.environ.get("CI", "").lower() in ("1", "true", "yes"):
            pytest.fail(message)
        pytest.skip(message)
    yield where
    subprocess.run(["umount", "-l", str(where)], check=False)


def test_disk_full_keeps_deciding_and_loses_nothing(small_disk, caplog):
    caplog.set_level(logging.INFO, logger="proxy.store.resilient")
    store = open_guard_store(None, small_disk)
    record(store, 0)
    filler = small_disk / "filler"
    with open(filler, "wb") as out:  # fill every byte that is left
        try:
            while True:
                out.write(b"\0" * 65536)
                out.flush()
        except OSError:
            pass
    started = time.perf_counter()
    for n in range(1, 41):
        record(store, n)
    assert time.perf_counter() - started < 3.0
    status = store.status()
    assert not status["ok"] and status["queued"] == 40 and status["not_durable"] >= 1
    queue_lines = [r.getMessage() for r in caplog.records if "local queue" in r.getMessage()]
    assert len(queue_lines) == 1, queue_lines  # the first failure, not one line per record
    filler.unlink()
    assert wait_for(lambda: store.status()["ok"])
    queue_lines = [r.getMessage() for r in caplog.records if "local queue" in r.getMessage()]
    assert len(queue_lines) == 2 and "writable again" in queue_lines[1], queue_lines
    assert f"({status['not_durable'] - 1} more record(s)" in queue_lines[1]
    assert store.count_verdicts() == 41
    texts = {store.get_verdict(v["id"])["text"] for v in store.recent_verdicts(100)}
    assert texts == {f"blocked text {n}" for n in range(41)}
    store.close()


# --- PostgreSQL: the server stops in the middle of a run ---------------------------------------


def test_postgres_stopped_mid_run_loses_nothing(tmp_path):
    server = pg.start_server()
    try:
        url = server.new_database()
        store = open_guard_store(url, tmp_path)
        written, slowest, stop = [0], [0.0], threading.Event()

        def sender():
            n = 0
            while not stop.is_set():
                started = time.perf_counter()
                record(store, n)
                if n % 5 == 0:
                    store.claim_review(f"R-{n}", "request_review", "anna")
                slowest[0] = max(slowest[0], time.perf_counter() - started)
                n += 1
                written[0] = n
                time.sleep(0.01)

        thread = threading.Thread(target=sender)
        thread.start()
        time.sleep(1.0)
        server.stop("immediate")
        assert wait_for(lambda: not store.status()["ok"], 10)
        time.sleep(1.5)
        queued = store.status()["queued"]
        server.start()
        time.sleep(1.0)
        stop.set()
        thread.join()
        assert wait_for(lambda: store.status()["ok"], 30), store.status()
        assert queued > 0
        assert store.count_verdicts() == written[0]
        assert store.count_review_requests() == (written[0] + 4) // 5
        assert slowest[0] < 1.5, f"a send waited {slowest[0]:.2f} s for the store"
        store.close()
    finally:
        server.destroy()


def test_postgres_down_at_start_still_opens(tmp_path):
    server = pg.start_server()
    try:
        url = server.new_database()
        server.stop()
        store = open_guard_store(url, tmp_path)
        assert not store.status()["ok"]
        assert record(store, 1) is None
        server.start()
        assert wait_for(lambda: store.status()["ok"], 30)
        assert store.count_verdicts() == 1
        store.close()
    finally:
        server.destroy()


def test_queue_survives_a_restart_of_the_guard(tmp_path):
    """Records queued by a guard that then stopped are written by the next start."""
    server = pg.start_server()
    try:
        url = server.new_database()
        first = open_guard_store(url, tmp_path)
        server.stop()
        for n in range(5):
            record(first, n)
        first.close(drain_seconds=0)
        server.start()
        second = open_guard_store(url, tmp_path)
        assert wait_for(lambda: second.status()["ok"], 30)
        assert second.count_verdicts() == 5
        second.close()
    finally:
        server.destroy()


def test_guard_store_is_the_type_the_guard_gets(tmp_path):
    assert isinstance(open_guard_store(None, tmp_path), GuardStore)


def test_team_settings_are_polled_and_kept_for_a_start_without_the_database(tmp_path):
    """Another guard's settings change is applied within seconds; when the database is down
    at the next start, the guard starts with the last team settings it saw."""
    from proxy.service import open_state
    from proxy.store.postgres import PostgresStore

    server = pg.start_server()
    try:
        url = server.new_database()
        state = open_state(tmp_path / "a", store=url, seat="anna")
        other = PostgresStore(url)
        other.write_settings(Settings(mode="warn").to_dict(), seat="lee")
        assert wait_for(lambda: state.settings.mode == "warn", 5)
        assert state.settings_version == 1
        pinned = open_state(tmp_path / "b", store=url, mode="block")  # --mode wins this run
        assert pinned.settings.mode == "block" and pinned.team.mode == "warn"
        other.close()
        pinned.store.close()
        state.store.close()
        server.stop()
        again = open_state(tmp_path / "a", store=url)
        assert again.settings.mode == "warn" and not again.store.status()["ok"]
        again.store.close(drain_seconds=0)
    finally:
        server.destroy()


def test_queue_skips_a_torn_line_and_keeps_what_came_after_a_replay(tmp_path):
    from proxy.store.queue import DurableQueue

    queue = DurableQueue(tmp_path / "q.jsonl")
    queue.append({"n": 1})
    with open(tmp_path / "q.jsonl", "ab") as out:
        out.write(b'{"n": 2, "tor')  # a crash in the middle of a write
    queue.append({"n": 3})  # the next start appends: on a line of its own
    records, marker = queue.pending()
    assert records == [{"n": 1}, {"n": 3}]
    queue.append({"n": 4})  # arrives while the replay of `records` runs
    assert queue.done(marker) == 1
    assert queue.pending()[0] == [{"n": 4}]
    assert stat.S_IMODE((tmp_path / "q.jsonl").stat().st_mode) == 0o600


def test_a_lock_held_at_start_does_not_stop_the_guard(tmp_path):
    SQLiteStore(tmp_path / "guard.sqlite3").close()  # opening takes the write lock (migrate)
    holder = subprocess.Popen([sys.executable, "-c", HOLD_LOCK, str(tmp_path / "guard.sqlite3")],
                              stdin=subprocess.PIPE, stdout=subprocess.PIPE, text=True)
    try:
        assert holder.stdout.readline().strip() == "locked"
        store = open_guard_store(None, tmp_path)
        assert not store.status()["ok"] and record(store, 1) is None
    finally:
        holder.stdin.write("\n")
        holder.stdin.flush()
        holder.wait(10)
    assert wait_for(lambda: store.status()["ok"])
    assert store.count_verdicts() == 1
    store.close()
