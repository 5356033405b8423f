"""Harper in a child process (proxy/grammar_worker.py): same findings as in-process, bounded,
recovered after a kill, gone when idle; in this process and in the real `bsm-guard run`."""

import json
import os
import signal
import time
import urllib.request
from pathlib import Path

import pytest

import policy
from policy.rules import grammar_backend
from proxy.grammar_worker import WorkerGrammar
from tests.proxy.guard_process import GuardProcess

ROOT = Path(__file__).resolve().parents[2]
WRONG = ("Thank you for your order. We has sent the parcel to your address yesterday. Their is "
         "a problem with the the invoice, so I would of called you.")
S311_ONLY = policy.Config(select=frozenset({"S311"}))


def s311(text: str) -> list[tuple]:
    report = policy.check({"text": text, "buyer_language": "en"}, S311_ONLY)
    return [(d.start, d.end, d.severity.value, d.message) for d in report.diagnostics]


def english_corpus(limit: int = 60) -> list[str]:
    texts = []
    for folder in ("corpus/en", "eval_en", "eval_f/en"):
        for path in sorted((ROOT / "tests" / folder).rglob("*.json"))[:limit // 3]:
            data = json.loads(path.read_text("utf-8"))
            if isinstance(data, dict) and data.get("text"):
                texts.append(data["text"])
    return [*texts, WRONG]


@pytest.fixture
def worker():
    made = WorkerGrammar(idle_seconds=30, call_seconds=5)
    previous = grammar_backend.use(made)
    yield made
    grammar_backend.use(previous)
    made.stop()


def test_worker_findings_are_the_in_process_findings(worker):
    texts = english_corpus()
    grammar_backend.use(grammar_backend.InProcessHarper())
    expected = [s311(text) for text in texts]
    grammar_backend.use(worker)
    assert [s311(text) for text in texts] == expected
    assert any(expected) and worker.starts == 1


def test_a_killed_worker_is_replaced_within_the_call(worker):
    before = s311(WRONG)
    assert before and worker.pid
    killed = worker.pid
    os.kill(killed, signal.SIGKILL)
    assert s311(WRONG) == before
    assert worker.pid not in (None, killed) and worker.starts == 2


def test_a_hung_worker_is_stopped_and_the_check_says_grammar_was_not_checked(worker):
    before = s311(WRONG)
    worker.call_seconds = 1
    hung = worker.pid
    os.kill(hung, signal.SIGSTOP)
    started = time.monotonic()
    note = s311(WRONG)
    assert time.monotonic() - started < 4
    assert [(start, message.split(" (")[0]) for start, _, _, message in note] == [
        (None, "Grammar was not checked")]
    assert "did not answer within 1 s" in note[0][3]
    assert not Path(f"/proc/{hung}").exists() or "Z" in _state(hung)
    assert s311(WRONG) == before  # the next check starts a new worker


def test_the_worker_exits_when_idle_and_comes_back_on_the_next_check():
    made = WorkerGrammar(idle_seconds=1)
    try:
        first = made.lint(WRONG)
        pid = made.pid
        _wait_gone(pid, 10)
        assert made.pid is None
        assert made.lint(WRONG) == first and made.starts == 2
    finally:
        made.stop()


def test_an_s311_error_still_blocks_when_the_worker_cannot_lint(worker):
    worker.start_seconds = 0.001  # the worker cannot start in time
    config = policy.Config(select=frozenset({"S311"}),
                           severity={"S311": policy.Severity.ERROR})
    report = policy.check({"text": WRONG, "buyer_language": "en"}, config)
    assert report.verdict == "block"
    assert report.diagnostics[0].message.startswith("Grammar was not checked")


# -- the real guard ---------------------------------------------------------------------------
def _state(pid: int) -> str:
    try:
        return Path(f"/proc/{pid}/stat").read_text().rpartition(")")[2].split()[0]
    except OSError:
        return ""


def _wait_gone(pid: int, seconds: float) -> None:
    deadline = time.monotonic() + seconds
    while _state(pid) not in ("", "Z"):
        assert time.monotonic() < deadline, f"worker {pid} still alive after {seconds} s"
        time.sleep(0.1)


def grammar_workers(parent: int) -> list[int]:
    found = []
    for entry in Path("/proc").iterdir():
        if not entry.name.isdigit():
            continue
        try:
            fields = (entry / "stat").read_text().rpartition(")")[2].split()
            command = (entry / "cmdline").read_bytes()
        except OSError:
            continue
        if int(fields[1]) == parent and b"proxy.grammar_worker" in command and fields[0] != "Z":
            found.append(int(entry.name))
    return found


def api_s311(guard: GuardProcess, token: str) -> list[tuple]:
    request = urllib.request.Request(
        f"{guard.api}/api/check", method="POST",
        data=json.dumps({"text": WRONG, "buyer_language": "en"}).encode(),
        headers={"Content-Type": "application/json", "Authorization": f"Bearer {token}"})
    with urllib.request.urlopen(request, timeout=60) as reply:
        body = json.loads(reply.read())
    return [(d["start"], d["end"], d["message"]) for d in body["diagnostics"]
            if d["code"] == "S311"]


def test_the_real_guard_lints_in_a_worker_that_exits_idle_and_survives_a_kill(tmp_path):
    guard = GuardProcess(tmp_path / "data", env={"BSM_GUARD_GRAMMAR_IDLE_SECONDS": "3"})
    try:
        guard.wait_listening()
        guard.wait_for_line(r"engine\s+ready", timeout=180)
        token = (guard.data_dir / "token").read_text().strip()
        expected = [(start, end, message) for start, end, _, message in s311(WRONG)]
        assert expected

        assert api_s311(guard, token) == expected
        workers = grammar_workers(guard.proc.pid)
        assert len(workers) == 1
        _wait_gone(workers[0], 15)  # idle exit: no Harper left in or under the guard
        assert grammar_workers(guard.proc.pid) == []

        assert api_s311(guard, token) == expected  # started again on demand
        restarted = grammar_workers(guard.proc.pid)
        assert len(restarted) == 1 and restarted != workers
        os.kill(restarted[0], signal.SIGKILL)
        assert api_s311(guard, token) == expected  # a killed worker is replaced
        assert guard.alive()
    finally:
        guard.stop()
