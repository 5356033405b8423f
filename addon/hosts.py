"""Which hosts the guard looks at, and the `allow_hosts` patterns that keep it from being a
general man-in-the-middle.

Two separate questions with two separate answers:

* `surface(host)` names the Amazon surface a decrypted request belongs to ("seller_central",
  "sp_api") or None. The addon asks it first on every flow, so it is one anchored regex per
  surface and nothing else: a flow for any other host costs one failed match.
* `allow_hosts_patterns()` are mitmproxy `allow_hosts` regexes. mitmproxy searches them
  (unanchored) in "host:port" strings, so `^sellercentral\\.amazon\\.` would also let
  `sellercentral.amazon.com.attacker.example` be intercepted; every pattern here is anchored at
  both ends and includes the port. Connections to every other host are tunnelled with their TLS
  untouched.

Seller Central exists under many TLDs and public lists disagree (FACTS.md), hence a pattern
rather than a list. SP-API has three regional hosts, each with a sandbox twin.
"""

from __future__ import annotations

import re
from typing import Iterable

SELLER_CENTRAL = "seller_central"
SP_API = "sp_api"

_SELLER_CENTRAL_HOST = r"sellercentral(?:-europe)?\.amazon\.[a-z.]{2,6}"
_SP_API_HOST = r"(?:sandbox\.)?sellingpartnerapi-(?:na|eu|fe)\.amazon\.com"

_SURFACES = (
    (SELLER_CENTRAL, re.compile(rf"^{_SELLER_CENTRAL_HOST}$", re.IGNORECASE)),
    (SP_API, re.compile(rf"^{_SP_API_HOST}$", re.IGNORECASE)),
)


def surface(host: str) -> str | None:
    """The Amazon surface `host` (no port) belongs to, or None for every other host."""
    host = host.rstrip(".")  # "sellercentral.amazon.com." is the same name
    for name, pattern in _SURFACES:
        if pattern.match(host):
            return name
    return None


def flow_surface(flow) -> str | None:
    """The surface of a decrypted mitmproxy flow. Reverse modes front the demo (or a test
    origin), so everything arriving through one is Seller Central; otherwise the host the
    client asked for decides."""
    from mitmproxy.proxy.mode_specs import ReverseMode

    if isinstance(flow.client_conn.proxy_mode, ReverseMode):
        return SELLER_CENTRAL
    return surface(flow.request.host)


def allow_hosts_patterns(extra: Iterable[tuple[str, int]] = ()) -> list[str]:
    """`allow_hosts` regexes: the Amazon hosts on any port, plus `extra` (host, port) pairs
    (the reverse-proxy targets, such as the demo origin, which mitmproxy also checks)."""
    patterns = [rf"^{_SELLER_CENTRAL_HOST}\.?:\d+$", rf"^{_SP_API_HOST}\.?:\d+$"]
    for host, port in extra:
        patterns.append(rf"^{re.escape(host)}:{int(port)}$")
    return patterns
