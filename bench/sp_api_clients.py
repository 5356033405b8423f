"""Check `python-amazon-sp-api` against the guard, configured as README shows.

    python bench/sp_api_clients.py --client-python /path/to/venv/bin/python

`python-amazon-sp-api` needs httpx, whose h11 conflicts with mitmproxy's pin, so it lives in
a virtualenv of its own (`pip install python-amazon-sp-api`); this script runs it there as a
subprocess. (Amazon's `amzn-sp-api` installs beside the guard and is tested in
tests/proxy/test_sp_api_failures.py.) On loopback: a local upstream stands in for Amazon, the
guard sends the SP-API hosts there; the access token call is answered in the client process
(no network). Prints what the client library made of: a compliant send, a blocked send, and a
send while "Amazon" is down. Exit status 0 when the library raised on the last two.
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from bench.bench_proxy import free_ports, make_cert, wait_port  # noqa: E402

CLIENT = r'''
import json, os, sys
from sp_api.api import Messaging
from sp_api.auth import access_token_client
from sp_api.auth.access_token_response import AccessTokenResponse
from sp_api.base import Marketplaces

# No Login with Amazon here: hand the client a token (only the messaging call is under test).
access_token_client.AccessTokenClient.get_auth = lambda self: AccessTokenResponse(
    access_token="Atza|test", expires_in=3600, token_type="bearer")
credentials = dict(refresh_token="Atzr|x", lwa_app_id="id", lwa_client_secret="secret")
out = []
for text in json.loads(sys.argv[1]):
    try:
        r = Messaging(credentials=credentials, marketplace=Marketplaces.US
                      ).create_confirm_order_details("113-1234567-1234567", body={"text": text},
                                                     marketplaceIds=["ATVPDKIKX0DER"])
        out.append({"raised": None, "payload": repr(r.payload)[:120]})
    except Exception as exc:
        out.append({"raised": type(exc).__name__, "detail": str(exc)[:160]})
print(json.dumps(out))
'''

COMPLIANT = ("Hello, about your order 113-1234567-1234567: the blue lamp you chose is out of "
             "stock. Would you like the grey one instead, or should we cancel the order?")
VIOLATING = ("Thanks for order 113-1234567-1234567! Leave a 5-star review and get a $10 gift "
             "card: http://deals.example.net/claim")


def client(python: str, proxy_port: int, ca: Path, texts: list[str]) -> list[dict]:
    env = {"HTTPS_PROXY": f"http://127.0.0.1:{proxy_port}", "REQUESTS_CA_BUNDLE": str(ca),
           "SSL_CERT_FILE": str(ca), "PATH": "/usr/bin:/bin"}
    done = subprocess.run([python, "-c", CLIENT, json.dumps(texts)], env=env,
                          capture_output=True, text=True, timeout=120)
    if done.returncode:
        raise SystemExit(f"the client failed:\n{done.stderr}")
    return json.loads(done.stdout.strip().splitlines()[-1])


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--client-python", required=True)
    args = parser.parse_args()
    tmp = Path(tempfile.mkdtemp(prefix="bsm-spapi-"))
    make_cert(tmp)
    up, proxy_port = free_ports(2)
    data = tmp / "guard"
    data.mkdir(mode=0o700)
    bench = [sys.executable, str(ROOT / "bench" / "bench_proxy.py")]
    upstream = subprocess.Popen(bench + ["--serve", "upstream", "--port", str(up),
                                         "--dir", str(tmp)])
    guard = subprocess.Popen(bench + ["--serve", "guard", "--port", str(proxy_port),
                                      "--upstream", str(up), "--dir", str(data)])
    try:
        wait_port(up, upstream)
        wait_port(proxy_port, guard)
        while not (data / "warm").exists():
            time.sleep(0.1)
        ca = data / "mitmproxy-ca-cert.pem"
        first = client(args.client_python, proxy_port, ca, [COMPLIANT, VIOLATING])
        upstream.terminate()
        upstream.wait(10)
        down = client(args.client_python, proxy_port, ca, [COMPLIANT])
    finally:
        for proc in (guard, upstream):
            proc.terminate()
            proc.wait(10)
    results = {"compliant send": first[0], "blocked send": first[1],
               "send while Amazon is down": down[0]}
    print("python-amazon-sp-api through bsm-guard (HTTPS_PROXY + REQUESTS_CA_BUNDLE)")
    for case, result in results.items():
        print(f"  {case:28} " + (f"raised {result['raised']}: {result['detail']}"
                                 if result["raised"] else f"returned {result['payload']}"))
    ok = results["blocked send"]["raised"] and results["send while Amazon is down"]["raised"]
    return 0 if ok else 1


if __name__ == "__main__":
    sys.exit(main())
