import re

import pytest

from addon import hosts


@pytest.mark.parametrize("host, expected", [
    ("sellercentral.amazon.com", hosts.SELLER_CENTRAL),
    ("sellercentral.amazon.co.uk", hosts.SELLER_CENTRAL),
    ("sellercentral.amazon.com.mx", hosts.SELLER_CENTRAL),
    ("sellercentral.amazon.co.jp", hosts.SELLER_CENTRAL),
    ("SellerCentral.Amazon.DE", hosts.SELLER_CENTRAL),
    ("sellercentral-europe.amazon.com", hosts.SELLER_CENTRAL),
    ("sellercentral.amazon.com.", hosts.SELLER_CENTRAL),
    ("sellingpartnerapi-na.amazon.com", hosts.SP_API),
    ("sellingpartnerapi-eu.amazon.com", hosts.SP_API),
    ("sellingpartnerapi-fe.amazon.com", hosts.SP_API),
    ("sandbox.sellingpartnerapi-na.amazon.com", hosts.SP_API),
    # near misses: other Amazon hosts, look-alikes, attacker-controlled suffixes
    ("www.amazon.com", None),
    ("sellercentral.amazon.com.attacker.example", None),
    ("sellercentral.amazon.evil-domain.example", None),
    ("xsellercentral.amazon.com", None),
    ("sellingpartnerapi-xx.amazon.com", None),
    ("sellingpartnerapi-na.amazon.com.evil.example", None),
    ("example.org", None),
    ("127.0.0.1", None),
    # a TLD nobody sells on: anyone can register it
    ("sellercentral.amazon.evil", None),
    ("sellercentral.amazon.co.evil", None),
    ("sellercentral.amazon.com.evil", None),
    ("sellercentral.amazon.com..", hosts.SELLER_CENTRAL),
    ("sellercentral.amazon.com:443", hosts.SELLER_CENTRAL),
    ("SELLERCENTRAL.AMAZON.CO.JP.", hosts.SELLER_CENTRAL),
    ("sellercentral.amazon.com.tr", hosts.SELLER_CENTRAL),
])
def test_surface(host, expected):
    assert hosts.surface(host) == expected


@pytest.mark.parametrize("hostport, allowed", [
    ("sellercentral.amazon.com:443", True),
    ("sellercentral.amazon.co.uk:443", True),
    ("sellingpartnerapi-eu.amazon.com:443", True),
    ("sandbox.sellingpartnerapi-fe.amazon.com:443", True),
    ("127.0.0.1:8781", True),  # the reverse target passed in
    ("127.0.0.1:8782", False),
    ("sellercentral.amazon.com.attacker.example:443", False),
    ("evil.example:443", False),
    ("sellercentral.amazon.com:443.evil.example:443", False),
    ("www.google.com:443", False),
    ("sellercentral.amazon.evil:443", False),
    ("sellercentral.amazon.co.evil:443", False),
    ("sellercentral.amazon.com..:443", True),
])
def test_allow_hosts_patterns_are_anchored(hostport, allowed):
    patterns = hosts.allow_hosts_patterns([("127.0.0.1", 8781)])
    # mitmproxy applies them with re.search (unanchored), so test them the same way
    assert any(re.search(p, hostport, re.IGNORECASE) for p in patterns) is allowed
