"""One spelling of a request's method and path, before the recognisers see it.

Servers are lenient about how a path is written: Amazon's front ends (like most) route
`/MESSAGING/API/...`, `//messaging/api/...`, `/%6Dessaging/...`, `/messaging/v1/...Details;x`
and `/messaging%2Fv1/...` to the same handler, and a send by PUT or PATCH may well be accepted
where POST is documented. If the guard matched the text as written, each of those spellings
would be a way past it. So the path is brought to one form, and the recognisers match it
case-insensitively:

* percent-escapes are undone (repeatedly, so `%256D` is `m` too), `%2F` and `\\` become `/`;
* `;params` are dropped from every segment;
* empty, `.` and `..` segments are resolved.

A spelling a server would not accept is harmless here: at worst the guard checks a call that
was never a send. What counts as a send method is every method that can carry a body to
create or change something: all but GET, HEAD, OPTIONS, TRACE, CONNECT and DELETE.
"""

from __future__ import annotations

from typing import NamedTuple
from urllib.parse import unquote

READ_METHODS = frozenset({"GET", "HEAD", "OPTIONS", "TRACE", "CONNECT", "DELETE"})
_ROUNDS = 4  # percent-decoding rounds: more nesting than this is refused as not a path


class Target(NamedTuple):
    method: str  # upper case
    path: str  # normalised, no query
    write: bool  # a method that may send something


def method(raw: str) -> str:
    return (raw or "").strip().upper()


def is_write(raw_method: str) -> bool:
    return method(raw_method) not in READ_METHODS


def path(raw: str) -> str:
    """The normal form of a request path (the query, if any, is dropped)."""
    text = (raw or "").partition("?")[0].partition("#")[0]
    for _ in range(_ROUNDS):
        decoded = unquote(text, errors="replace")
        if decoded == text:
            break
        text = decoded
    text = text.replace("\\", "/")
    segments: list[str] = []
    for segment in text.split("/"):
        segment = segment.partition(";")[0]
        if segment in ("", "."):
            continue
        if segment == "..":
            if segments:
                segments.pop()
            continue
        segments.append(segment)
    trailing = "/" if text.endswith("/") and segments else ""
    return "/" + "/".join(segments) + trailing


def target(raw_method: str, raw_path: str) -> Target:
    m = method(raw_method)
    return Target(m, path(raw_path), m not in READ_METHODS)
