"""Issue 8, findings 3, 9 and the lean start, against a real `bsm-guard run` process.

Pairing must prove the person at this machine agreed (a code printed on their terminal), not
just that some local program can write an Origin header. The guard must listen at once and
say what it is doing while it warms up, and every file it writes must be owner-only without
chmodding a folder it did not create.
"""

from __future__ import annotations

import asyncio
import json
import re
import stat
import time

import aiohttp
import pytest

from proxy.extension_id import EXTENSION_ORIGIN
from tests.proxy.conftest import ORDER
from tests.proxy.guard_process import GuardProcess

SC = "https://sellercentral.amazon.com"
CONTACT = f"{SC}/messaging/api/orders/{ORDER}/contactBuyer"

# A review bribe in each language: blocked, so the guard answers without an upstream.
BLOCKED = {
    "en": f"Order {ORDER}: leave us a 5-star review and we refund you $10.",
    "de": f"Bestellung {ORDER}: Für eine 5-Sterne-Bewertung erstatten wir Ihnen 10 €.",
    "fr": f"Commande {ORDER} : laissez un avis 5 étoiles et nous vous remboursons 10 €.",
    "es": f"Pedido {ORDER}: deje una reseña de 5 estrellas y le reembolsamos 10 €.",
    "it": f"Ordine {ORDER}: lasci una recensione a 5 stelle e le rimborsiamo 10 €.",
    "ja": f"ご注文 {ORDER}：星5つのレビューを書いていただければ1000円返金します。",
}


async def _call(method, url, *, proxy=None, ssl=None, json_body=None, headers=None):
    async with aiohttp.ClientSession(timeout=aiohttp.ClientTimeout(total=60)) as s:
        async with s.request(method, url, json=json_body, headers=headers, proxy=proxy,
                             ssl=ssl) as resp:
            return resp.status, await resp.read()


def call(*args, **kwargs):
    return asyncio.run(_call(*args, **kwargs))


@pytest.fixture(scope="module")
def guard(tmp_path_factory):
    process = GuardProcess(tmp_path_factory.mktemp("run") / "data")
    process.listened_after = process.wait_listening()
    yield process
    process.stop()


def printed_code(guard) -> str:
    _, m = guard.wait_for_line(r"pairing code ([A-Z0-9]{3}-[A-Z0-9]{3})")
    return m.group(1)


def test_listens_within_two_seconds_and_says_what_it_is_doing(guard):
    guard.wait_for_line(r"^bsm-guard: opening", timeout=10)
    assert guard.lines[0][1].startswith("bsm-guard: opening")  # a word before heavy imports
    # Two seconds is the target on an idle machine. A busy test machine stretches wall time
    # at random, so the bound is on the work done before listening (old: all six languages'
    # models, 4-6 s of CPU) with a wide wall-clock margin.
    assert guard.cpu_at_listen < 2.0, (guard.cpu_at_listen, guard.output)
    assert guard.listened_after < 30.0, (guard.listened_after, guard.output)
    guard.wait_for_line(r"engine\s+loading the rules for en, de, fr, es, it, ja")
    guard.wait_for_line(r"engine\s+ready: six languages loaded", timeout=120)


def test_the_first_send_in_every_language_after_warm_up_is_fast(guard):
    guard.wait_for_line(r"engine\s+ready", timeout=120)
    timings = {}
    for language, text in BLOCKED.items():
        started = time.monotonic()
        status, body = call("POST", CONTACT, proxy=guard.proxy, ssl=guard.ca,
                            json_body={"rawMessageBody": text, "buyerLanguage": language})
        timings[language] = time.monotonic() - started
        assert status == 422, body[:300]
    # 50 ms is the target for the check itself (bench/soak_guard.py measures it); this bound
    # includes a new TLS connection and is far below the seconds a cold language costs.
    assert max(timings.values()) < 1.0, timings


def test_a_bare_extension_origin_gets_no_token(guard):
    ext = {"Origin": EXTENSION_ORIGIN}
    for body in (None, {}, {"code": "ZZZ-ZZZ"}):
        status, reply = call("POST", f"{guard.api}/api/pair", json_body=body, headers=ext)
        assert status in (400, 403), reply
        assert guard.data_dir.joinpath("token").read_text().strip().encode() not in reply
    status, _ = call("GET", f"{guard.api}/api/pair", headers=ext)
    assert status == 405


def test_the_printed_code_pairs_once(guard):
    code = printed_code(guard)
    ext = {"Origin": EXTENSION_ORIGIN}
    status, reply = call("POST", f"{guard.api}/api/pair", json_body={"code": code}, headers=ext)
    assert status == 200
    token = json.loads(reply)["token"]
    assert token == guard.data_dir.joinpath("token").read_text().strip()
    status, _ = call("POST", f"{guard.api}/api/pair", json_body={"code": code}, headers=ext)
    assert status == 403


def test_files_are_owner_only(guard):
    token = guard.data_dir.joinpath("token").read_text().strip()
    status, _ = call("PUT", f"{guard.api}/api/settings", json_body={"mode": "block"},
                     headers={"Authorization": f"Bearer {token}"})
    assert status == 200
    call("POST", CONTACT, proxy=guard.proxy, ssl=guard.ca,
         json_body={"rawMessageBody": BLOCKED["en"]})
    names = {"guard.sqlite3", "guard.sqlite3-wal", "guard.sqlite3-shm", "token",
             "mitmproxy-ca.pem"}
    modes = {p.name: stat.S_IMODE(p.stat().st_mode) for p in guard.data_dir.iterdir()
             if p.is_file() and "-cert." not in p.name}  # public certificates may be 0644
    assert names <= set(modes)
    assert modes == {n: 0o600 for n in modes}  # every file the guard wrote
    assert not list(guard.data_dir.glob("*.tmp"))
    assert stat.S_IMODE(guard.data_dir.stat().st_mode) == 0o700  # created by the guard


def test_an_existing_shared_data_dir_is_not_chmodded(tmp_path):
    shared = tmp_path / "shared"
    shared.mkdir()
    shared.chmod(0o755)
    process = GuardProcess(shared)
    try:
        process.wait_listening()
        process.wait_for_line("Press Ctrl-C")
    finally:
        process.stop()
    assert stat.S_IMODE(shared.stat().st_mode) == 0o755
    assert re.search(r"open to other users", process.output)
    assert stat.S_IMODE(shared.joinpath("token").stat().st_mode) == 0o600
