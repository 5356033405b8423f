"""A TLS-inspecting company proxy with "Amazon" behind it, as a mitmdump script.

Teams usually sit behind such a proxy: it decrypts with its own CA, which the guard trusts
through `--upstream-ca-bundle`, and the guard reaches it through `--upstream-proxy`. Here it
also stands in for Amazon (there is no DNS or Internet in the tests): it answers Seller
Central calls 200 and SP-API sends 201, and appends one line per request that reached it to
the file named by BSM_TEST_ARRIVALS, which is how a test counts what got through.

Run: mitmdump -q --listen-host 127.0.0.1 -p PORT --set confdir=DIR -s company_proxy.py
"""

import json
import os

from mitmproxy import http


class FakeAmazon:
    def __init__(self):
        self.log = open(os.environ["BSM_TEST_ARRIVALS"], "a", buffering=1, encoding="utf-8")

    def request(self, flow: http.HTTPFlow) -> None:
        req = flow.request
        self.log.write(json.dumps({"method": req.method, "host": req.pretty_host,
                                   "path": req.path.partition("?")[0]}) + "\n")
        status = 201 if req.pretty_host.startswith("sellingpartnerapi") and \
            req.method == "POST" else 200
        flow.response = http.Response.make(status, b"{}", {"Content-Type": "application/json"})


addons = [FakeAmazon()]
