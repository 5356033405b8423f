"""The service: start and stop on real ports, the data dir, the commands."""

from __future__ import annotations

import json
import os
import signal
import socket
import stat
import subprocess
import sys
import time
from pathlib import Path

import aiohttp
import pytest
from aiohttp import web

from proxy.cli import main
from proxy.service import GuardService, GuardStartError, load_token, open_state
from proxy.state import text_hash
from proxy.store import Store
from tests.proxy.conftest import COMPLIANT, ORDER, VIOLATING

ROOT = Path(__file__).resolve().parents[2]


def port_is_open(port: int) -> bool:
    with socket.socket() as sock:
        return sock.connect_ex(("127.0.0.1", port)) == 0


async def test_start_stop_creates_the_ca_and_frees_the_ports(tmp_path):
    state = open_state(tmp_path / "data")
    service = GuardService(state, proxy_port=0, api_port=0)
    await service.start()
    try:
        assert port_is_open(service.proxy_port) and port_is_open(service.api_port)
        async with aiohttp.ClientSession() as s:
            async with s.get(f"http://127.0.0.1:{service.api_port}/api/health") as resp:
                health = await resp.json()
                assert resp.status == 200 and health["ok"] is True
                assert (health["proxy_port"], health["api_port"]) == (service.proxy_port,
                                                                      service.api_port)
        key = tmp_path / "data" / "mitmproxy-ca.pem"
        assert service.ca_path.exists() and key.exists()
        assert stat.S_IMODE(key.stat().st_mode) & 0o077 == 0  # private key: owner only
        assert not (Path.home() / ".mitmproxy" / "never-here").exists()
    finally:
        await service.stop()
    assert not port_is_open(service.proxy_port) and not port_is_open(service.api_port)
    state.store.close()


async def test_busy_port_is_a_clear_error(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        port = busy.getsockname()[1]
        state = open_state(tmp_path)
        service = GuardService(state, proxy_port=port, api_port=0)
        with pytest.raises(GuardStartError, match="already in use"):
            await service.start()
        api_busy = GuardService(state, proxy_port=0, api_port=port)
        with pytest.raises(GuardStartError, match="API"):
            await api_busy.start()
        state.store.close()


async def test_reverse_mode_guards_the_origin_as_seller_central(tmp_path):
    received = []

    async def origin(request):
        received.append(await request.read())
        return web.json_response({"ok": True})

    app = web.Application()
    app.router.add_post("/{tail:.*}", origin)
    runner = web.AppRunner(app, access_log=None)
    await runner.setup()
    await web.TCPSite(runner, "127.0.0.1", 0).start()
    origin_url = f"http://127.0.0.1:{runner.addresses[0][1]}"
    state = open_state(tmp_path)
    service = GuardService(state, proxy_port=0, api=False, reverse=[(origin_url, 0)])
    await service.start()
    try:
        base = f"http://127.0.0.1:{service.reverse_ports[0]}"
        url = f"{base}/messaging/api/orders/{ORDER}/contactBuyer?marketplaceId=ATVPDKIKX0DER"
        async with aiohttp.ClientSession() as s:
            async with s.post(url, json={"rawMessageBody": VIOLATING}) as resp:
                assert resp.status == 422
            async with s.post(url, json={"rawMessageBody": COMPLIANT}) as resp:
                assert resp.status == 200
            async with s.get(f"{base}/__bsm-guard/status") as resp:
                assert (await resp.json())["guarded"] is True
        assert received == [json.dumps({"rawMessageBody": COMPLIANT}).encode()]
    finally:
        await service.stop()
        await runner.cleanup()
        state.store.close()


def test_open_state_token_and_modes(tmp_path):
    state = open_state(tmp_path, mode="warn", fail_mode="open")
    assert (state.settings.mode, state.settings.fail_mode) == ("warn", "open")
    token_file = tmp_path / "token"
    assert stat.S_IMODE(token_file.stat().st_mode) == 0o600
    assert load_token(tmp_path) == state.token and len(state.token) >= 32
    state.store.close()
    again = open_state(tmp_path)
    assert again.token == state.token and again.settings.mode == "block"
    again.store.close()


def test_ca_path_and_token_commands(tmp_path, capsys):
    assert main(["ca-path", "--data-dir", str(tmp_path)]) == 0
    path = Path(capsys.readouterr().out.strip())
    assert path == tmp_path / "mitmproxy-ca-cert.pem" and path.exists()
    assert b"PRIVATE KEY" not in path.read_bytes()
    assert main(["token", "--data-dir", str(tmp_path)]) == 0
    assert capsys.readouterr().out.strip() == load_token(tmp_path)


def test_history_and_allow_commands(tmp_path, capsys):
    store = Store(tmp_path / "guard.sqlite3")
    vid = store.record_verdict(channel="contact_buyer", order_id=ORDER, marketplace=None,
                               verdict="block", action="blocked",
                               diagnostics=[{"code": "C204", "name": "review-incentive",
                                             "severity": "error", "message": "Remove it."}],
                               text=VIOLATING, keep_text=True)
    store.close()
    d = ["--data-dir", str(tmp_path)]
    assert main(["history", *d]) == 0
    out = capsys.readouterr().out
    assert f"{vid}" in out and "C204" in out and "blocked" in out
    assert main(["history", "show", str(vid), *d]) == 0
    out = capsys.readouterr().out
    assert VIOLATING in out and f"bsm-guard allow {vid}" in out
    assert main(["history", "--format", "json", *d]) == 0
    assert json.loads(capsys.readouterr().out)[0]["codes"] == ["C204"]
    assert main(["history", "show", "999", *d]) == 2
    assert main(["allow", "999", *d]) == 2
    assert main(["allow", str(vid), *d]) == 0
    capsys.readouterr()
    store = Store(tmp_path / "guard.sqlite3")
    assert store.consume_override(text_hash(VIOLATING))
    assert not store.consume_override(text_hash(VIOLATING))
    store.close()


def test_history_when_empty(tmp_path, capsys):
    assert main(["history", "--data-dir", str(tmp_path)]) == 0
    assert "No verdicts yet" in capsys.readouterr().out


@pytest.mark.slow
def test_run_command_prints_where_it_listens_and_stops_on_sigint(tmp_path):
    ports = []
    for _ in range(2):
        with socket.socket() as s:
            s.bind(("127.0.0.1", 0))
            ports.append(s.getsockname()[1])
    proc = subprocess.Popen(
        [sys.executable, "-m", "proxy", "run", "--proxy-port", str(ports[0]), "--api-port",
         str(ports[1]), "--data-dir", str(tmp_path)],
        cwd=ROOT, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True,
        env={**os.environ, "PYTHONPATH": str(ROOT)})
    try:
        deadline = time.monotonic() + 20
        while not port_is_open(ports[1]):
            assert proc.poll() is None, proc.stderr.read()
            assert time.monotonic() < deadline, "the guard did not start in 20 s"
            time.sleep(0.1)
        proc.send_signal(signal.SIGINT)
        out, err = proc.communicate(timeout=20)
    finally:
        if proc.poll() is None:
            proc.kill()
    assert proc.returncode == 0, err
    assert f"127.0.0.1:{ports[0]}" in out and "mitmproxy-ca-cert.pem" in out
    assert "Ctrl-C" in out and "Traceback" not in err
    assert "engine  loading the rules" in out  # says it warms up in the background
    assert not port_is_open(ports[0])


def test_run_command_on_a_busy_port_exits_2_with_one_line(tmp_path):
    with socket.socket() as busy:
        busy.bind(("127.0.0.1", 0))
        busy.listen()
        proc = subprocess.run(
            [sys.executable, "-m", "proxy", "run", "--proxy-port", str(busy.getsockname()[1]),
             "--api-port", "0", "--data-dir", str(tmp_path)],
            cwd=ROOT, capture_output=True, text=True, timeout=30,
            env={**os.environ, "PYTHONPATH": str(ROOT)})
    assert proc.returncode == 2
    lines = [line for line in proc.stderr.splitlines() if line.strip()]
    assert len(lines) == 1 and "already in use" in lines[0], proc.stderr
