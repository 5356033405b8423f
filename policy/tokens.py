"""Finding the structured tokens in a message: order IDs, links, e-mail addresses, phone numbers.

Several rules need the same tokens (O101 wants order IDs, C209 links, C215 addresses and phone
numbers, spelling wants them all masked), so they are found here once and cached on the
`Analysis`. Each finder returns `Token`s with code-point offsets into the string it was given.

Why it works this way:
- Order IDs are matched on digits alone, with no word boundary: "Order#113-1234567-1234567" and
  "...?orderID=113-1234567-1234567" both name the order, and the buyer sees it.
- A link written without a scheme is a link only when it ends in a public suffix (tldextract's
  bundled list, never fetched) and does not look like a file name ("manual.pdf", "README.md",
  "invoice.zip"): several file extensions are real top-level domains.
- E-mail addresses and phone numbers (contact details) are found in `policy.tokens_contact`;
  `find_emails` and `find_phones` here are their entry points.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

from policy.datafile import load as load_data


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # as written
    value: str  # normalised: order ID 3-7-7, URL with scheme, e-mail lower-cased, phone E.164


# -- order IDs -------------------------------------------------------------------------------

_DIGIT = "[0-9\uff10-\uff19]"  # ASCII and full-width digits (Japanese input methods)
_DASH = "[-\u2010\u2011\u2012\u2013\u2014\u2212\uff0d\u30fc]"
_ORDER_ID = re.compile(
    rf"(?<![0-9\uff10-\uff19])(?:(?P<digital>[Dd]01)|(?P<a>{_DIGIT}{{3}}))"
    rf"(?:(?P<s1>\x20?{_DASH}\x20?)(?P<b>{_DIGIT}{{7}})(?P=s1)|(?P<b2>{_DIGIT}{{7}})|"
    rf"\x20(?P<b3>{_DIGIT}{{7}})\x20)"
    rf"(?P<c>{_DIGIT}{{7}})(?![0-9\uff10-\uff19])"
)
_ALL_DIGITS = frozenset("0123456789\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19")
_FULLWIDTH = str.maketrans("\uff10\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff18\uff19",
                           "0123456789")


def find_order_ids(text: str) -> list[Token]:
    """3-7-7 order IDs (any dash, the same one twice), 17 bare digits, and D01- digital orders.

    `value` is the normalised 3-7-7 form ("D01-..." for digital orders), so IDs written in
    different ways compare equal.
    """
    return list(_order_ids(text))


_SEVEN_DIGITS = re.compile(r"\d\d\d\d\d\d\d")  # every order ID has a run of 7 digits


@lru_cache(maxsize=4)
def _order_ids(text: str) -> tuple[Token, ...]:
    # Speed: the full pattern is tried only around runs of 7 digits (a cheap scan), not at
    # every character of the message.
    out = []
    done = 0
    size = len(text)
    for hint in _SEVEN_DIGITS.finditer(text):
        if hint.start() < done:
            continue
        m = _ORDER_ID.search(text, max(done, hint.start() - 18), min(size, hint.end() + 18))
        if m is None:
            continue
        if m.end() < size and text[m.end()] in _ALL_DIGITS:
            continue  # the window cut a longer digit run
        if m.group("b2") and 0 < m.start() and m.end() < size and (
                text[m.start() - 1].isalpha() and text[m.end()].isalpha()):
            continue  # 17 digits inside a letter code ("PQ47B20741923450108011X"): a parcel number
        done = m.end()
        middle = m.group("b") or m.group("b2") or m.group("b3")
        if m.group("digital"):
            if m.group("b2"):  # "D01" glued to 14 digits is not the documented format
                continue
            first = "D01"
        else:
            first = m.group("a").translate(_FULLWIDTH)
        value = f"{first}-{middle.translate(_FULLWIDTH)}-{m.group('c').translate(_FULLWIDTH)}"
        out.append(Token(m.start(), m.end(), m.group(0), value))
    return tuple(out)


def normalise_order_id(order_id: str | None) -> str | None:
    """A configured or contextual order ID in the 3-7-7 form, or None when it is not one."""
    if not order_id:
        return None
    found = find_order_ids(order_id.strip())
    return found[0].value if found else order_id.strip()


# -- links -----------------------------------------------------------------------------------

# Characters that end a link: whitespace, quotes, angle brackets, and anything from U+2000 on
# (general punctuation, CJK text and full-width forms glued to a link in Japanese messages).
_URL_BODY = r"[^\s<>\"'`\u2000-\U0010ffff]"
# No re.IGNORECASE here: with it, "k" would match the Kelvin sign excluded above.
_SCHEME_URL = re.compile(
    rf"(?<![A-Za-z0-9+.-])(?:[Hh][Tt][Tt][Pp][Ss]?|[Ff][Tt][Pp])://{_URL_BODY}+")
# Host labels: ASCII plus accented Latin letters (münchen-shop.de); CJK text may touch a link.
_LATIN = "A-Za-z0-9\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f"
_LABEL = rf"[{_LATIN}](?:[{_LATIN}-]{{0,61}}[{_LATIN}])?"
_HOST_URL = re.compile(
    rf"(?<![{_LATIN}@._/:\\-])(?P<host>(?:{_LABEL}\.)+(?P<tld>[A-Za-z]{{2,24}}))"
    rf"(?![{_LATIN}@_-])(?P<rest>(?::\d{{2,5}})?[/?#]{_URL_BODY}*)?"
)
_TRAILING = ".,;:!?*'\"\u2026"
_PAIRS = {")": "(", "]": "[", "}": "{", ">": "<"}


def _strip_trailing(raw: str) -> str:
    while raw:
        last = raw[-1]
        if last in _TRAILING:
            raw = raw[:-1]
        elif last in _PAIRS and raw.count(last) > raw.count(_PAIRS[last]):
            raw = raw[:-1]
        else:
            break
    return raw


@lru_cache(maxsize=1)
def _extractor():
    import tldextract

    return tldextract.TLDExtract(suffix_list_urls=(), cache_dir=None)


def split_host(host: str):
    """tldextract's (subdomain, domain, suffix) for a host name, offline."""
    return _extractor()(host.lower().rstrip("."))


@lru_cache(maxsize=1)
def _link_words() -> tuple[frozenset[str], frozenset[str]]:
    data = load_data("tokens.toml")["links"]
    return frozenset(data["file_extensions"]), frozenset(data["generic_tlds"])


def _bare_host_is_link(host: str, tld: str, has_path: bool) -> bool:
    """Is a scheme-less, www-less name ("mystore.com", "manual.pdf") a link?"""
    if tld[0].isupper() and not tld.isupper():
        return False  # "order.Best" or "arrived.It": a missing space after a full stop
    if tld.isupper() and not host.isupper():
        return False  # "GmbH & Co.KG": an abbreviation, not a domain ("MYSTORE.DE" is one)
    file_exts, generic = _link_words()
    low = tld.lower()
    if low in file_exts and not has_path:
        return False
    if len(low) != 2 and low not in generic:
        return False
    parts = split_host(host)
    return bool(parts.suffix and parts.domain)


def find_urls(text: str) -> list[Token]:
    """Links with a scheme, "www." names, and bare domains ("mystore.com/help").

    `value` is the link with a scheme ("http://" is added when none was written); `text` is as
    written, so a rule can tell "http://" typed by the seller from a missing scheme.
    """
    return list(_urls(text))


_DOT_LETTER = re.compile(r"\.[A-Za-z]")  # every host name has one; a literal scan is fast
_SCHEME_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ")
_HOST_CHARS = frozenset("abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ0123456789.-"
                        + "".join(chr(c) for c in range(0xC0, 0x250) if c not in (0xD7, 0xF7)))


@lru_cache(maxsize=4)
def _urls(text: str) -> tuple[Token, ...]:
    # Speed: the patterns are tried only where "://" or ".<letter>" occurs, found by fast
    # literal scans, instead of at every character.
    out: list[Token] = []
    done = 0
    idx = text.find("://")
    while idx != -1:
        start = idx
        while start > 0 and text[start - 1] in _SCHEME_CHARS and idx - start < 5:
            start -= 1
        m = _SCHEME_URL.match(text, start) if start >= done else None
        if m:
            raw = _strip_trailing(m.group(0))
            if not raw.endswith("://"):
                out.append(Token(start, start + len(raw), raw, raw))
                done = start + len(raw)
        idx = text.find("://", max(idx + 3, done))
    taken = [(t.start, t.end) for t in out]
    done = 0
    for hit in _DOT_LETTER.finditer(text):
        if hit.start() < done or any(s <= hit.start() < e for s, e in taken):
            continue
        start = hit.start()
        while start > 0 and text[start - 1] in _HOST_CHARS:
            start -= 1
        m = _HOST_URL.match(text, start)
        if m is None:
            continue
        done = m.end()
        host, tld, rest = m.group("host"), m.group("tld"), m.group("rest") or ""
        if not host.lower().startswith("www") and not _bare_host_is_link(host, tld, bool(rest)):
            continue
        if host.lower().startswith("www") and not split_host(host).suffix:
            continue
        raw = _strip_trailing(m.group(0))
        out.append(Token(start, start + len(raw), raw, "http://" + raw))
    out.sort(key=lambda t: t.start)
    return tuple(out)


def url_host(url: str) -> str:
    """The lower-cased host of a link value (scheme optional), without port or credentials."""
    rest = url.split("://", 1)[1] if "://" in url else url
    rest = re.split(r"[/?#\\]", rest, maxsplit=1)[0]
    rest = rest.rsplit("@", 1)[-1]
    if rest.startswith("["):
        return rest.split("]", 1)[0].lstrip("[").lower()
    return rest.split(":", 1)[0].lower().rstrip(".")


# -- contact details (policy/tokens_contact.py) ------------------------------------------------

def find_emails(text: str) -> list[Token]:
    """E-mail addresses, also written with words or brackets ("name [at] shop [dot] com")."""
    from policy.tokens_contact import find_emails as find

    return find(text)


def find_phones(text: str, marketplace: str | None = None, *, exclude=()) -> list[Token]:
    """Phone numbers (libphonenumber, VALID leniency); `value` is E.164. See tokens_contact."""
    from policy.tokens_contact import find_phones as find

    return find(text, marketplace, exclude=exclude)


def marketplace_region(marketplace: str | None) -> str:
    """"amazon.co.uk", "co.uk", "GB" -> "GB"; unknown -> "US"."""
    from policy.tokens_contact import marketplace_region as region

    return region(marketplace)
