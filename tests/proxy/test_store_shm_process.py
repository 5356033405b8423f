"""Issue 8, finding 5 (the SIGBUS): SQLite's `-shm` file made immutable or read-only must not kill
a real `bsm-guard run` process. SQLite writes the `-shm` through a shared mapping; once the file
is immutable the next write to it is a SIGBUS (before the fix the guard died on the first send
after `chattr +i`, exit -7). The guard now sees it before SQLite touches the file, answers the
send as usual (the block answer carries the text), keeps the record in its durable queue, says
why in /api/health, and writes the record once the file can be written again.
"""

from __future__ import annotations

import json
import os
import subprocess
import time
from pathlib import Path

import pytest

from tests.proxy.conftest import ORDER
from tests.proxy.guard_process import GuardProcess
from tests.proxy.test_store_faults_process import CONTACT, call

def chattr(flag: str, path: Path) -> bool:
    done = subprocess.run(["chattr", flag, str(path)], capture_output=True)
    return done.returncode == 0


def send_blocked(guard: GuardProcess, note: str) -> str:
    text = f"Order {ORDER}: leave us 5 stars and we refund you $10 ({note})."
    status, body, _ = call("POST", CONTACT, proxy=guard.proxy, ssl=guard.ca,
                           json_body={"rawMessageBody": text})
    assert status == 422 and json.loads(body)["error"]["text"] == text
    return text


def store_status(guard: GuardProcess) -> dict:
    status, body, _ = call("GET", f"{guard.api}/api/health")
    assert status == 200
    return json.loads(body)["store"]


def wait_until_written(guard: GuardProcess, texts: list[str], timeout: float = 30) -> None:
    """Every text is in the store (history), and nothing is left queued."""
    token = guard.data_dir.joinpath("token").read_text().strip()
    auth = {"Authorization": f"Bearer {token}"}
    deadline = time.monotonic() + timeout
    while True:
        store = store_status(guard)
        if store["ok"] and store["queued"] == 0:
            break
        assert time.monotonic() < deadline, store
        time.sleep(0.3)
    status, body, _ = call("GET", f"{guard.api}/api/history?limit=50", headers=auth)
    assert status == 200
    kept = []
    for verdict in json.loads(body):
        status, one, _ = call("GET", f"{guard.api}/api/history/{verdict['id']}", headers=auth)
        kept.append(json.loads(one).get("text"))
    assert set(texts) <= set(kept), kept


def test_shm_made_immutable_while_running_is_survived_and_nothing_is_lost(tmp_path):
    guard = GuardProcess(tmp_path / "data")
    shm = guard.data_dir / "guard.sqlite3-shm"
    try:
        guard.wait_listening()
        guard.wait_for_line("Press Ctrl-C")
        texts = [send_blocked(guard, "before")]
        assert shm.exists()
        if not chattr("+i", shm):
            pytest.skip("chattr +i is not permitted here (needs root and a file system with "
                        "inode flags)")
        texts += [send_blocked(guard, f"immutable {i}") for i in range(3)]
        assert guard.alive(), guard.output  # before: killed by SIGBUS on the first send
        store = store_status(guard)
        assert not store["ok"] and store["queued"] >= 3
        assert "guard.sqlite3-shm is immutable" in store["last_error"]
        assert len((guard.data_dir / "queue.jsonl").read_text().splitlines()) >= 3
        assert chattr("-i", shm)
        wait_until_written(guard, texts)
    finally:
        chattr("-i", shm)
        assert guard.stop() == 0, guard.output


def test_shm_immutable_at_start_queues_until_it_is_writable(tmp_path):
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shm = data / "guard.sqlite3-shm"
    shm.touch(mode=0o600)
    if not chattr("+i", shm):
        pytest.skip("chattr +i is not permitted here (needs root and a file system with "
                    "inode flags)")
    guard = GuardProcess(data)
    try:
        guard.wait_for_line("Press Ctrl-C")
        assert "guard.sqlite3-shm is immutable" in guard.output
        text = send_blocked(guard, "at start")
        assert guard.alive()
        assert store_status(guard)["queued"] >= 1
        assert chattr("-i", shm)
        wait_until_written(guard, [text])
    finally:
        chattr("-i", shm)
        assert guard.stop() == 0, guard.output


def unmount(path: Path) -> None:
    """Take the read-only bind mount off `path`. The guard may hold the -shm open through it
    (its connection is kept, never closed onto a file it cannot write), and then a plain umount
    is refused as busy: detach it lazily instead, so new opens see the writable file."""
    for _ in range(20):
        if subprocess.run(["umount", str(path)], capture_output=True).returncode == 0:
            return
        time.sleep(0.1)
    assert subprocess.run(["umount", "--lazy", str(path)]).returncode == 0


def test_shm_read_only_by_permissions_queues_until_it_is_writable(tmp_path):
    """A -shm the guard's user cannot write (mode 0400). Root writes through file modes, so as
    root the file is also bind-mounted read-only over itself, which stops root as well."""
    data = tmp_path / "data"
    data.mkdir(mode=0o700)
    shm = data / "guard.sqlite3-shm"
    shm.touch(mode=0o400)
    shm.chmod(0o400)
    mounted = False
    if os.geteuid() == 0:
        mounted = subprocess.run(["mount", "--bind", str(shm), str(shm)],
                                 capture_output=True).returncode == 0 and \
            subprocess.run(["mount", "-o", "remount,ro,bind", str(shm)],
                           capture_output=True).returncode == 0
        if not mounted:
            subprocess.run(["umount", str(shm)], capture_output=True)
            pytest.skip("running as root, where a 0400 file is writable, and a read-only "
                        "bind mount is not permitted here")
    guard = GuardProcess(data)
    try:
        guard.wait_for_line("Press Ctrl-C")
        assert "guard.sqlite3-shm cannot be written by this user" in guard.output
        text = send_blocked(guard, "read-only shm")
        assert guard.alive()
        assert store_status(guard)["queued"] >= 1
        if mounted:
            unmount(shm)
            mounted = False
        shm.chmod(0o600)
        wait_until_written(guard, [text])
    finally:
        if mounted:
            unmount(shm)
        assert guard.stop() == 0, guard.output
