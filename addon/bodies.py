"""Reading the body of a guarded send, bounded in size, shape and time.

A web page can make the seller's browser send anything to a Seller Central path, so the body
of a send is hostile input. Everything here is pure (bytes in, fields out), runs on a worker
thread, and stops at a limit instead of growing without bound:

* Content encodings are undone as a stream that stops as soon as the output passes the limit:
  a 1 MiB gzip body that inflates to 1 GiB costs at most the limit plus one chunk. Only gzip,
  deflate, br and zstd are read; any other encoding (bz2, compress, a chain of two) is refused
  with `Unsupported` rather than passed on unread.
* JSON, form-encoded and multipart bodies are parsed with caps on fields, parts and nesting.
* A body that names a field twice is refused (`BodyError`): the guard would check one copy and
  the server might read the other.
* A `Deadline` is checked inside every loop, so one body costs at most `Limits.seconds`.

The exceptions say which answer the sender gets: `BodyError` 400, `TooLarge` 413,
`Unsupported` 415.
"""

from __future__ import annotations

import email.message
import email.utils
import json
import time
import zlib
from typing import Any, NamedTuple
from urllib.parse import parse_qsl

CHUNK = 256 * 1024  # decoded bytes produced per step, between deadline checks


class BodyError(ValueError):
    """The body of a call that should carry a message could not be read; the text says why."""

    status = 400


class TooLarge(BodyError):
    """The body is bigger, or has more parts, than the guard will check."""

    status = 413


class Unsupported(BodyError):
    """The body is in a content encoding the guard does not read."""

    status = 415


class Limits(NamedTuple):
    body: int = 11 * 1024 * 1024  # decoded bytes of a multipart body (attachments up to 10 MB)
    structured: int = 1024 * 1024  # decoded bytes of a JSON or form-encoded body
    fields: int = 200  # form fields, multipart parts or JSON object members in total
    depth: int = 32  # JSON nesting
    seconds: float = 2.0  # decoding and parsing one body


class Deadline:
    def __init__(self, seconds: float, clock=time.monotonic):
        self._clock = clock
        self._end = clock() + seconds
        self.seconds = seconds

    def check(self) -> None:
        if self._clock() > self._end:
            raise TooLarge(f"the body took more than {self.seconds:g} s to read")


# --- content encodings ---------------------------------------------------------------------

ENCODINGS = ("gzip", "deflate", "br", "zstd")


def codings(header: str | None) -> list[str]:
    """The content codings of a `Content-Encoding` header, identity left out."""
    names = [c.strip().lower() for c in (header or "").split(",") if c.strip()]
    return ["gzip" if c == "x-gzip" else c for c in names if c != "identity"]


def check_coding(header: str | None) -> str | None:
    """The one coding the guard will undo, or None; raises Unsupported for anything else."""
    found = codings(header)
    if len(found) > 1:
        raise Unsupported(f"the body has {len(found)} content encodings ({', '.join(found)}); "
                          f"the guard reads one of {', '.join(ENCODINGS)}")
    if found and found[0] not in ENCODINGS:
        raise Unsupported(f"the content encoding {found[0]!r} is not one the guard reads "
                          f"({', '.join(ENCODINGS)})")
    return found[0] if found else None


def decode(raw: bytes, header: str | None, limit: int, deadline: Deadline) -> bytes:
    """`raw` with its content encoding undone, never producing more than `limit` bytes."""
    coding = check_coding(header)
    if coding is None:
        if len(raw) > limit:
            raise _too_large(limit)
        return raw
    try:
        if coding == "gzip":
            return _zlib(raw, 16 + zlib.MAX_WBITS, limit, deadline)
        if coding == "deflate":
            try:  # the zlib wrapper the RFC asks for, or the raw deflate some clients send
                return _zlib(raw, zlib.MAX_WBITS, limit, deadline)
            except zlib.error:
                return _zlib(raw, -zlib.MAX_WBITS, limit, deadline)
        if coding == "br":
            return _brotli(raw, limit, deadline)
        return _zstd(raw, limit, deadline)
    except BodyError:
        raise
    except Exception as exc:  # each library has its own error type
        raise BodyError(f"the {coding} body cannot be decoded ({type(exc).__name__})") from None


def _too_large(limit: int) -> TooLarge:
    return TooLarge(f"the decoded body is over the guard's limit of {limit:,} bytes")


def _zlib(raw: bytes, wbits: int, limit: int, deadline: Deadline) -> bytes:
    out = bytearray()
    data = raw
    while True:
        inflater = zlib.decompressobj(wbits)
        while data:
            out += inflater.decompress(data, min(CHUNK, limit + 1 - len(out)))
            if len(out) > limit:
                raise _too_large(limit)
            deadline.check()
            data = inflater.unconsumed_tail
        if not inflater.eof:
            raise BodyError("the compressed body is truncated")
        data = inflater.unused_data  # gzip allows several members one after the other
        if not data or wbits != 16 + zlib.MAX_WBITS:
            return bytes(out)


def _brotli(raw: bytes, limit: int, deadline: Deadline) -> bytes:
    # Brotli 1.1's decompressor has no output limit, so it is fed one byte at a time: one
    # byte of input completes at most a meta-block or two (16 MiB each, the format's cap).
    import brotli

    out = bytearray()
    inflater = brotli.Decompressor()
    view = memoryview(raw)
    for i in range(len(view)):
        out += inflater.process(view[i:i + 1].tobytes())
        if len(out) > limit:
            raise _too_large(limit)
        if i % 4096 == 0:
            deadline.check()
    if not inflater.is_finished():
        raise BodyError("the br body is truncated")
    return bytes(out)


def _zstd(raw: bytes, limit: int, deadline: Deadline) -> bytes:
    import zstandard

    out = bytearray()
    reader = zstandard.ZstdDecompressor(max_window_size=1 << 23).stream_reader(
        raw, read_across_frames=True)
    while chunk := reader.read(CHUNK):
        out += chunk
        if len(out) > limit:
            raise _too_large(limit)
        deadline.check()
    return bytes(out)


# --- structured bodies ---------------------------------------------------------------------


def json_object(body: bytes, what: str, limits: Limits) -> dict[str, Any]:
    """A JSON object with no key twice in any object, within the field and depth caps."""
    if len(body) > limits.structured:
        raise TooLarge(f"{what} is {len(body):,} bytes; the guard reads JSON up to "
                       f"{limits.structured:,}")
    members = 0

    def pairs_hook(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
        nonlocal members
        members += len(pairs)
        if members > limits.fields:
            raise TooLarge(f"{what} has more than {limits.fields} fields")
        data = dict(pairs)
        if len(data) != len(pairs):
            twice = next(k for i, (k, _) in enumerate(pairs) if k in dict(pairs[:i]))
            raise BodyError(f"{what} names the field {twice!r} twice; the guard will not guess "
                            f"which one the server reads")
        return data

    try:
        data = json.loads(body.decode("utf-8"), object_pairs_hook=pairs_hook)
    except UnicodeDecodeError:
        raise BodyError(f"{what} is not UTF-8 text") from None
    except RecursionError:
        raise TooLarge(f"{what} is nested too deeply") from None
    except BodyError:
        raise
    except ValueError as exc:
        raise BodyError(f"{what} is not valid JSON ({exc})") from None
    if not isinstance(data, dict):
        raise BodyError(f"{what} is JSON but not an object")
    _check_depth(data, what, limits)
    return data


def _check_depth(data: Any, what: str, limits: Limits) -> None:
    stack = [(data, 1)]
    while stack:
        value, depth = stack.pop()
        if depth > limits.depth:
            raise TooLarge(f"{what} is nested more than {limits.depth} levels deep")
        children = value.values() if isinstance(value, dict) else \
            value if isinstance(value, list) else ()
        stack.extend((child, depth + 1) for child in children
                     if isinstance(child, (dict, list)))


def form(body: bytes, limits: Limits) -> dict[str, str]:
    """An application/x-www-form-urlencoded body; a field named twice is refused."""
    if len(body) > limits.structured:
        raise TooLarge(f"the form body is {len(body):,} bytes; the guard reads forms up to "
                       f"{limits.structured:,}")
    try:
        pairs = parse_qsl(body.decode("utf-8"), keep_blank_values=True, strict_parsing=True,
                          max_num_fields=limits.fields)
    except UnicodeDecodeError:
        raise BodyError("the form-encoded body is not UTF-8") from None
    except ValueError as exc:
        if "Max number of fields" in str(exc):
            raise TooLarge(f"the form has more than {limits.fields} fields") from None
        raise BodyError("the form-encoded body cannot be decoded") from None
    return _unique(pairs, "form")


def _unique(pairs: list[tuple[str, str]], what: str) -> dict[str, str]:
    fields: dict[str, str] = {}
    for name, value in pairs:
        if name in fields:
            raise BodyError(f"the {what} names the field {name!r} twice; the guard will not "
                            f"guess which one the server reads")
        fields[name] = value
    return fields


def multipart(content_type: str, body: bytes, limits: Limits, deadline: Deadline
              ) -> tuple[dict[str, str], list[dict]]:
    """The text fields and the file parts (name, type, size) of a multipart/form-data body."""
    if len(body) > limits.body:
        raise _too_large(limits.body)
    boundary = _param(content_type, "content-type", "boundary")
    if not boundary or len(boundary) > 70:
        raise BodyError("the multipart body has no usable boundary")
    delimiter = b"--" + boundary.encode("latin-1")
    if body.startswith(delimiter):
        pos = len(delimiter)
    else:  # a preamble before the first delimiter is allowed
        found = body.find(b"\r\n" + delimiter)
        if found < 0:
            raise BodyError("the multipart body is malformed (no boundary)")
        pos = found + 2 + len(delimiter)
    pairs: list[tuple[str, str]] = []
    files: list[dict] = []
    while True:
        if body[pos:pos + 2] == b"--":
            return _unique(pairs, "multipart form"), files
        if body[pos:pos + 2] != b"\r\n":
            raise BodyError("the multipart body is malformed (bad delimiter line)")
        end = body.find(b"\r\n" + delimiter, pos + 2)
        if end < 0:
            raise BodyError("the multipart body is malformed or truncated")
        if len(pairs) + len(files) >= limits.fields:
            raise TooLarge(f"the multipart body has more than {limits.fields} parts")
        deadline.check()
        _part(body[pos + 2:end], pairs, files)
        pos = end + 2 + len(delimiter)


def _part(part: bytes, pairs: list[tuple[str, str]], files: list[dict]) -> None:
    head, sep, payload = part.partition(b"\r\n\r\n")
    if not sep or len(head) > 8192:
        raise BodyError("a multipart part is malformed")
    headers: dict[str, str] = {}
    for line in head.decode("utf-8", "replace").split("\r\n"):
        name, colon, value = line.partition(":")
        if not colon:
            raise BodyError("a multipart part has a malformed header")
        headers[name.strip().lower()] = value.strip()
    encoding = headers.get("content-transfer-encoding", "binary").lower()
    if encoding not in ("binary", "8bit", "7bit"):
        raise BodyError(f"a multipart part uses the transfer encoding {encoding!r}")
    disposition = headers.get("content-disposition", "")
    name = _param(disposition, "content-disposition", "name")
    filename = _param(disposition, "content-disposition", "filename")
    ctype = headers.get("content-type", "text/plain")
    if filename:
        files.append({"filename": filename, "size": len(payload),
                      "content_type": ctype.split(";")[0].strip().lower()})
    elif name:
        charset = _param(ctype, "content-type", "charset") or "utf-8"
        try:
            pairs.append((name, payload.decode(charset, "replace")))
        except LookupError:
            raise BodyError(f"a multipart part has an unknown charset {charset!r}") from None


def _param(value: str, header: str, param: str) -> str | None:
    msg = email.message.Message()
    msg[header] = value
    found = msg.get_param(param, header=header)
    if isinstance(found, tuple):  # RFC 2231 form
        found = email.utils.collapse_rfc2231_value(found)
    return found if isinstance(found, str) and found else None

