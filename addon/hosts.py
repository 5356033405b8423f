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

Seller Central exists under the marketplaces' TLDs (FACTS.md). Public lists disagree on a few,
but a pattern such as `amazon\\.[a-z.]{2,6}` also matches `sellercentral.amazon.evil`, a name
anyone can register: the TLDs are listed, and a new marketplace is one entry in `SC_TLDS`.
SP-API has three regional hosts, each with a sandbox twin.

`flow_surface` decides on what was actually decrypted: the CONNECT target, the TLS SNI and the
Host header. A client that CONNECTs to some address but speaks TLS for
`sellercentral.amazon.com` inside is checked like Seller Central, whatever the target.
"""

from __future__ import annotations

import re
from typing import Iterable

SELLER_CENTRAL = "seller_central"
SP_API = "sp_api"

SC_TLDS = ("com", "ca", "com.mx", "com.br", "co.uk", "de", "fr", "it", "es", "nl", "se", "pl",
           "com.be", "ie", "co.za", "eg", "com.tr", "sa", "ae", "in", "co.jp", "com.au", "sg")
_SELLER_CENTRAL_HOST = (r"(?:sellercentral\.amazon\.(?:"
                        + "|".join(re.escape(t) for t in SC_TLDS)
                        + r")|sellercentral-europe\.amazon\.com)")
_SP_API_HOST = r"(?:sandbox\.)?sellingpartnerapi-(?:na|eu|fe)\.amazon\.com"

_SURFACES = (
    (SELLER_CENTRAL, re.compile(rf"^{_SELLER_CENTRAL_HOST}$", re.IGNORECASE)),
    (SP_API, re.compile(rf"^{_SP_API_HOST}$", re.IGNORECASE)),
)


def normal_host(host: str | None) -> str:
    """A host name as DNS sees it: no port, no trailing dots, lower case ("SellerCentral.
    Amazon.com.:443" is "sellercentral.amazon.com")."""
    host = (host or "").strip()
    if host.startswith("["):  # an IPv6 literal, perhaps with a port
        return host.partition("]")[0].lstrip("[").lower()
    if host.count(":") == 1:
        host = host.partition(":")[0]
    return host.rstrip(".").lower()


def surface(host: str) -> str | None:
    """The Amazon surface `host` (a port and trailing dots are ignored) belongs to, or None."""
    host = normal_host(host)
    for name, pattern in _SURFACES:
        if pattern.match(host):
            return name
    return None


def flow_names(flow) -> list[str]:
    """Every name a decrypted flow goes by: the request's host (the CONNECT target or the
    absolute URL), its Host/:authority header and the client's TLS SNI."""
    req = flow.request
    return [n for n in (req.host, req.host_header, getattr(flow.client_conn, "sni", None)) if n]


def flow_surface(flow) -> str | None:
    """The surface of a decrypted mitmproxy flow. Reverse modes front the demo (or a test
    origin), so everything arriving through one is Seller Central; otherwise any Amazon name
    the flow goes by decides: a CONNECT to one address with SNI or Host naming Seller
    Central is still a Seller Central request, since that is what the server will see."""
    from mitmproxy.proxy.mode_specs import ReverseMode

    if isinstance(flow.client_conn.proxy_mode, ReverseMode):
        return SELLER_CENTRAL
    for name in flow_names(flow):
        found = surface(name)
        if found:
            return found
    return None


def allow_hosts_patterns(extra: Iterable[tuple[str, int]] = ()) -> list[str]:
    """`allow_hosts` regexes: the Amazon hosts on any port, plus `extra` (host, port) pairs
    (the reverse-proxy targets, such as the demo origin, which mitmproxy also checks)."""
    patterns = [rf"^{_SELLER_CENTRAL_HOST}\.*:\d+$", rf"^{_SP_API_HOST}\.*:\d+$"]
    for host, port in extra:
        patterns.append(rf"^{re.escape(host)}:{int(port)}$")
    return patterns
