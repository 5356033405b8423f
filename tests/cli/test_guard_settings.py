"""`bsm-guard check` applies the guard's saved settings: what the extension saves through
PUT /api/settings (GuardState.update_settings, the API's own path) into a real store is read
by `python -m proxy check` in a subprocess, with bsm-guard.toml on top."""

import json
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import pytest

from policy import Config, Severity
from proxy.guard_settings import merge

MESSAGE = {"text": "Hello,\n\nabout your order 113-1234567-1234567: the parcell needs a "
                   "signature on delivery. See http://my-shop.example.com/help. Which day "
                   "next week suits you?\n\nKind regards",
           "buyer_language": "en", "order_id": "113-1234567-1234567"}
SAVED = {"config": {"ignore": ["C209"], "words": ["parcell"]}}  # what the extension sends


def check(*args, cwd, env=None, timeout=60):
    result = subprocess.run([sys.executable, "-m", "proxy", "check", "--format", "json", *args],
                            capture_output=True, timeout=timeout, cwd=cwd,
                            env={**os.environ, **(env or {})})
    assert b"Traceback" not in result.stderr, result.stderr.decode()
    report = json.loads(result.stdout)
    codes = {d["code"] for r in report["results"] for d in r["diagnostics"]}
    return result, codes, report


def save_settings(data_dir: Path, changes: dict, store: str | None = None) -> None:
    """Save as the API's PUT /api/settings does: through the guard's state into its store."""
    from proxy.service import open_state

    state = open_state(data_dir, store=store)
    try:
        state.update_settings(changes)
    finally:
        state.store.close()


@pytest.fixture()
def work(tmp_path):
    folder = tmp_path / "work"
    folder.mkdir()
    (folder / "msg.json").write_text(json.dumps(MESSAGE), encoding="utf-8")
    return folder


@pytest.fixture()
def guard_dir(tmp_path):
    data_dir = tmp_path / "guard"
    save_settings(data_dir, SAVED)
    return data_dir


def snapshot(folder: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


def test_the_control_case_has_both_findings(work):
    result, codes, _ = check("msg.json", cwd=work)
    assert {"C209", "S310"} <= codes and result.returncode == 1
    assert result.stderr == b""


def test_saved_settings_apply_and_no_guard_settings_restores(work, guard_dir):
    result, codes, _ = check("--data-dir", str(guard_dir), "msg.json", cwd=work)
    assert "C209" not in codes, "an ignored rule is not reported"
    assert "S310" not in codes, "an added word is not a spelling finding"
    assert result.returncode == 0 and result.stderr == b""

    result, codes, _ = check("--data-dir", str(guard_dir), "--no-guard-settings", "msg.json",
                             cwd=work)
    assert {"C209", "S310"} <= codes and result.returncode == 1


@pytest.mark.skipif(sys.platform != "linux", reason="XDG_DATA_HOME places the data dir on Linux")
def test_default_data_dir_is_the_guards(work, no_local_guard):
    save_settings(no_local_guard / "bsm-guard", SAVED)  # where `bsm-guard run` keeps it
    _, codes, _ = check("msg.json", cwd=work)
    assert not codes & {"C209", "S310"}


def test_reading_changes_nothing_in_the_store(work, guard_dir):
    before = snapshot(guard_dir)
    check("--data-dir", str(guard_dir), "msg.json", cwd=work)
    assert snapshot(guard_dir) == before


def test_missing_data_dir_changes_nothing_and_creates_nothing(work, tmp_path, no_local_guard):
    _, plain, _ = check("--no-guard-settings", "msg.json", cwd=work)
    before = sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*"))
    result, codes, _ = check("msg.json", cwd=work)
    assert codes == plain and result.returncode == 1 and result.stderr == b""
    assert not no_local_guard.exists() and not no_local_guard.parent.joinpath("data").exists()
    assert sorted(p.relative_to(tmp_path) for p in tmp_path.rglob("*")) == before


def test_a_data_dir_without_a_store_is_silent(work, tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    result, codes, _ = check("--data-dir", str(empty), "msg.json", cwd=work)
    assert {"C209", "S310"} <= codes and result.stderr == b""
    assert list(empty.iterdir()) == []


def notice_lines(result) -> list[str]:
    return [line for line in result.stderr.decode().splitlines() if line.strip()]


def test_an_unreadable_store_is_one_notice(work, tmp_path):
    broken = tmp_path / "broken"
    broken.mkdir()
    (broken / "guard.sqlite3").write_bytes(b"not a database, " * 100)
    result, codes, _ = check("--data-dir", str(broken), "msg.json", cwd=work)
    lines = notice_lines(result)
    assert len(lines) == 1 and lines[0].startswith("bsm-guard: notice:"), lines
    assert "guard.sqlite3" in lines[0]
    assert {"C209", "S310"} <= codes and result.returncode == 1


def test_a_missing_explicit_data_dir_is_one_notice(work, tmp_path):
    result, codes, _ = check("--data-dir", str(tmp_path / "nowhere"), "msg.json", cwd=work)
    assert len(notice_lines(result)) == 1 and "no such folder" in result.stderr.decode()
    assert not (tmp_path / "nowhere").exists()
    assert {"C209", "S310"} <= codes


def test_a_store_that_does_not_answer_is_one_notice_not_a_hang(work):
    with socket.socket() as silent:  # accepts the connection, never says a word
        silent.bind(("127.0.0.1", 0))
        silent.listen(8)
        port = silent.getsockname()[1]
        started = time.monotonic()
        result, codes, _ = check("--store", f"postgresql://nobody:secret@127.0.0.1:{port}/x",
                                 "msg.json", cwd=work, timeout=30)
        took = time.monotonic() - started
    lines = notice_lines(result)
    assert len(lines) == 1 and "secret" not in lines[0], lines
    assert {"C209", "S310"} <= codes
    assert took < 15, took


def test_the_file_goes_on_top(work, guard_dir):
    (work / "bsm-guard.toml").write_text('severity = {C209 = "warning"}\nwords = ["other"]\n',
                                         encoding="utf-8")
    result, codes, report = check("--data-dir", str(guard_dir), "msg.json", cwd=work)
    # the file names C209, so the guard's "ignore" does not hide it; the words add up
    levels = {d["code"]: d["severity"] for d in report["results"][0]["diagnostics"]}
    assert levels.get("C209") == "warning" and "S310" not in codes
    assert result.returncode == 0


def test_merge_precedence():
    guard = Config(ignore=frozenset({"C209", "S310"}), words=frozenset({"acme"}),
                   severity={"C203": Severity.WARNING}, allowed_domains=("acme.example",),
                   spelling=False, marketplace="amazon.de")
    file = Config(ignore=frozenset({"S301"}), words=frozenset({"snugfit"}),
                  severity={"S310": Severity.ERROR}, allowed_domains=("shop.example",))
    merged = merge(guard, file, {"ignore", "words", "severity", "allowed_domains"})
    assert merged.ignore == {"C209", "S301"}  # S310 is named by the file's severity
    assert merged.words == {"acme", "snugfit"}
    assert merged.severity == {"C203": Severity.WARNING, "S310": Severity.ERROR}
    assert merged.allowed_domains == ("acme.example", "shop.example")
    assert merged.spelling is False and merged.marketplace == "amazon.de"  # the file is silent
    merged = merge(guard, Config(spelling=True, marketplace=None), {"spelling", "marketplace"})
    assert merged.spelling is True and merged.marketplace is None


def test_postgres_store(work, tmp_path, pg_url):
    save_settings(tmp_path / "guard", SAVED, store=pg_url)
    empty = tmp_path / "elsewhere"
    empty.mkdir()
    result, codes, _ = check("--store", pg_url, "--data-dir", str(empty), "msg.json", cwd=work)
    assert not codes & {"C209", "S310"} and result.stderr == b""
    result, codes, _ = check("msg.json", cwd=work, env={"BSM_GUARD_STORE": pg_url})
    assert not codes & {"C209", "S310"}


def test_a_running_guards_store_is_read(work, tmp_path):
    """The guard holds the store open (WAL files present) while the seller changes a
    setting: the next check sees it."""
    from proxy.service import open_state

    data_dir = tmp_path / "running"
    state = open_state(data_dir)
    try:
        state.update_settings({"config": {"ignore": ["C209"]}})
        _, codes, _ = check("--data-dir", str(data_dir), "msg.json", cwd=work)
        assert "C209" not in codes and "S310" in codes
        state.update_settings({"config": {"words": ["parcell"]}})
        _, codes, _ = check("--data-dir", str(data_dir), "msg.json", cwd=work)
        assert not codes & {"C209", "S310"}
    finally:
        state.store.close()


def test_settings_of_a_guard_before_the_store(work, tmp_path):
    """A data dir of an older version: its settings.json is what the guard imports."""
    legacy = tmp_path / "legacy"
    legacy.mkdir()
    (legacy / "settings.json").write_text(json.dumps({"mode": "block", **SAVED}))
    _, codes, _ = check("--data-dir", str(legacy), "msg.json", cwd=work)
    assert not codes & {"C209", "S310"}
    assert [p.name for p in legacy.iterdir()] == ["settings.json"]
