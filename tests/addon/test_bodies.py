import gzip
import json
import zlib

import brotli
import pytest
import zstandard

from addon import bodies
from addon.bodies import BodyError, Deadline, Limits, TooLarge, Unsupported

LIMIT = 1024 * 1024


def deadline():
    return Deadline(5)


@pytest.mark.parametrize("coding, encode", [
    (None, lambda b: b),
    ("identity", lambda b: b),
    ("gzip", gzip.compress),
    ("x-gzip", gzip.compress),
    ("deflate", zlib.compress),
    ("deflate", lambda b: zlib.compress(b, wbits=-15)),  # raw deflate, as some clients send
    ("br", brotli.compress),
    ("zstd", lambda b: zstandard.ZstdCompressor().compress(b)),
    ("GZIP", gzip.compress),
])
def test_decode_round_trips(coding, encode):
    data = b'{"text": "hello"}' * 100
    assert bodies.decode(encode(data), coding, LIMIT, deadline()) == data


def test_two_gzip_members_are_one_body():
    assert bodies.decode(gzip.compress(b"ab") + gzip.compress(b"cd"), "gzip", LIMIT,
                         deadline()) == b"abcd"


@pytest.mark.parametrize("coding, encode", [
    ("gzip", gzip.compress), ("br", brotli.compress),
    ("zstd", lambda b: zstandard.ZstdCompressor().compress(b)),
])
def test_decode_stops_at_the_limit(coding, encode):
    with pytest.raises(TooLarge):
        bodies.decode(encode(bytes(LIMIT * 4)), coding, LIMIT, deadline())


@pytest.mark.parametrize("header", ["bz2", "compress", "gzip, br", "x-custom"])
def test_unknown_codings_are_unsupported(header):
    with pytest.raises(Unsupported):
        bodies.decode(b"x", header, LIMIT, deadline())


@pytest.mark.parametrize("coding, raw", [
    ("gzip", b"\x1f\x8b nope"), ("gzip", gzip.compress(b"abc")[:-6]),
    ("br", b"\xff\xff\xff"), ("zstd", b"nope"),
])
def test_broken_compressed_bodies_are_body_errors(coding, raw):
    with pytest.raises(BodyError):
        bodies.decode(raw, coding, LIMIT, deadline())


def test_an_expired_deadline_stops_decoding():
    clock = iter([0.0] + [100.0] * 1000)
    late = Deadline(1, clock=lambda: next(clock))
    with pytest.raises(TooLarge, match="took more than"):
        bodies.decode(gzip.compress(bytes(LIMIT)), "gzip", LIMIT * 2, late)


@pytest.mark.parametrize("raw, error", [
    (b'{"a": 1, "a": 2}', "twice"),
    (b'{"x": {"b": 1, "b": 1}}', "twice"),
    (b'{"a": ' + b"[" * 40 + b"]" * 40 + b"}", "nested"),
    (b'{"a": ' + b"[" * 100000 + b"]" * 100000 + b"}", "nested"),
    (json.dumps({f"k{i}": i for i in range(500)}).encode(), "more than"),
    (b"[]", "not an object"),
])
def test_json_refusals(raw, error):
    with pytest.raises(BodyError, match=error):
        bodies.json_object(raw, "the body", Limits())


def test_form_refuses_a_field_twice_and_too_many_fields():
    with pytest.raises(BodyError, match="twice"):
        bodies.form(b"a=1&a=2", Limits())
    with pytest.raises(TooLarge):
        bodies.form("&".join(f"f{i}=1" for i in range(1000)).encode(), Limits())
    assert bodies.form(b"a=1&b=", Limits()) == {"a": "1", "b": ""}


def part(name, value, filename=None):
    disp = f'form-data; name="{name}"' + (f'; filename="{filename}"' if filename else "")
    return f"--B\r\nContent-Disposition: {disp}\r\n\r\n{value}\r\n"


def test_multipart_fields_and_files():
    body = (part("text", "héllo") + part("file", "PDFDATA", "a.pdf") + "--B--\r\n").encode()
    fields, files = bodies.multipart("multipart/form-data; boundary=B", body, Limits(),
                                     deadline())
    assert fields == {"text": "héllo"}
    assert files == [{"filename": "a.pdf", "size": 7, "content_type": "text/plain"}]


@pytest.mark.parametrize("body, error", [
    ((part("t", "a") + part("t", "b") + "--B--\r\n").encode(), "twice"),
    (("".join(part(f"f{i}", "v") for i in range(300)) + "--B--\r\n").encode(), "more than"),
    (part("t", "a").encode(), "truncated"),
    (b"no boundary here", "no boundary"),
    (b"--B\r\nContent-Transfer-Encoding: base64\r\nContent-Disposition: form-data; name=t"
     b"\r\n\r\naGk=\r\n--B--\r\n", "transfer encoding"),
])
def test_multipart_refusals(body, error):
    with pytest.raises(BodyError, match=error):
        bodies.multipart("multipart/form-data; boundary=B", body, Limits(), deadline())
