"""`GET /__bsm-guard/status` on every guarded host, answered by the guard itself.

The browser extension fetches it on Seller Central (or the demo) to tell whether the page's
traffic really goes through the guard: only a proxy that intercepts the host can answer it,
so a 200 with `"guarded": true` is proof, and anything else means the browser bypasses the
guard. Answered in every mode, including off.
"""

from __future__ import annotations

from mitmproxy import http

import policy
from addon import hosts, responses

STATUS_PATH = "/__bsm-guard/status"


class GuardStatus:
    def __init__(self, state):
        self.state = state

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or not flow.live:
            return
        if flow.request.path.partition("?")[0] != STATUS_PATH or not hosts.flow_surface(flow):
            return
        answer = responses.status(self.state.settings.mode, policy.__version__)
        flow.response = http.Response.make(answer.status, answer.body, answer.headers)
