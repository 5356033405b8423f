"""Where a diagnostic's characters are in the file as written.

The engine reports spans as offsets into the message body (`Message.body`). For a `.txt` or
`.html` file that *is* the file. For a `.json` file the body is the decoded value of the
`text` (or `html`) string: its offset 120 may be line 5 of a string that sits on line 3 of a
three-line file, and one decoded character may be six in the file (`\\u00e9`) or two (`\\n`).
Editors and code-scanning tools (SARIF) need the position in the file, so `Source` maps each
field's decoded offsets back to offsets in the file text, then to lines and columns.

Columns count Unicode code points (SARIF `columnKind: unicodeCodePoints`), 1-based; the end
column is exclusive (the column after the last character), as SARIF defines it.

The JSON scan reads only the top-level object and lets `json` decode every value, so it
agrees with `json.loads` (the last of duplicate keys wins). If the text is not what it
expects, the mapping is left out and the diagnostic has no file position, never a wrong one.
"""

from __future__ import annotations

import bisect
import json
from dataclasses import dataclass
from json.decoder import scanstring

_WHITESPACE = " \t\n\r"
# A diagnostic about the order context of a .json message points at the field it judged.
CONTEXT_KEYS = {
    "O102": ("order_id",), "O103": ("sent_at", "order_date"), "O104": ("buyer_language",),
    "O106": ("subject",), "O107": ("message_type",), "C208": ("review_already_requested",),
    "C211": ("attachments",),
}


@dataclass(frozen=True)
class Region:
    """A span of the file: 1-based lines and columns, end column exclusive; `offset` and
    `length` in code points of the file text."""

    start_line: int
    start_column: int
    end_line: int
    end_column: int
    offset: int
    length: int

    def to_dict(self) -> dict[str, int]:
        return {"start_line": self.start_line, "start_column": self.start_column,
                "end_line": self.end_line, "end_column": self.end_column}


@dataclass
class _Value:
    start: int  # file offset of the value's first character (the quote, for a string)
    end: int  # file offset after its last character
    chars: list[int] | None = None  # for strings: file offset of each decoded char + end


class Source:
    """The text of one input and the file offsets of its message fields."""

    def __init__(self, text: str, values: dict[str, _Value], body_key: str | None):
        self.text = text
        self._values = values
        self._body_key = body_key
        starts = [0]
        for i, ch in enumerate(text):
            if ch == "\n":
                starts.append(i + 1)
        self._line_starts = starts

    @classmethod
    def plain(cls, text: str) -> "Source":
        """A .txt/.html file (or stdin): the body is the whole text."""
        return cls(text, {"": _Value(0, len(text), list(range(len(text) + 1)))}, "")

    @classmethod
    def from_json(cls, text: str) -> "Source":
        values = _top_level_values(text)
        body_key = "html" if _is_string(text, values.get("html")) else (
            "text" if _is_string(text, values.get("text")) else None)
        for key, value in values.items():
            if _is_string(text, value):
                value.chars = _string_offsets(text, value)
        return cls(text, values, body_key)

    # -- positions ---------------------------------------------------------------------------
    def position(self, offset: int) -> tuple[int, int]:
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    def _region(self, start: int, end: int) -> Region:
        line, column = self.position(start)
        end_line, end_column = self.position(end)
        return Region(line, column, end_line, end_column, start, end - start)

    def _field_span(self, key: str | None, start: int, end: int) -> Region | None:
        value = self._values.get(key) if key is not None else None
        if value is None or value.chars is None:
            return None
        if not 0 <= start <= end < len(value.chars):
            return None
        return self._region(value.chars[start], value.chars[end])

    def region(self, field: str, start: int | None, end: int | None,
               code: str = "") -> Region | None:
        """The file region of a diagnostic (its `field`, `start`, `end`), or None."""
        if field == "body" and start is not None and end is not None:
            return self._field_span(self._body_key, start, end)
        if field == "subject" and start is not None and end is not None:
            return self._field_span("subject", start, end)
        keys = {"subject": ("subject",), "attachments": ("attachments",)}.get(field, ())
        for key in keys or CONTEXT_KEYS.get(code, ()):
            value = self._values.get(key)
            if value is not None and key:
                return self._region(value.start, value.end)
        return None


    def anchor(self) -> tuple[int, int]:
        """Where a finding about the whole message points: the start of its body (the opening
        quote of the JSON string), else the start of the file. Code scanning shows a result
        only at a line."""
        value = self._values.get(self._body_key) if self._body_key is not None else None
        return self.position(value.start if value is not None else 0)


def _skip(text: str, i: int) -> int:
    while i < len(text) and text[i] in _WHITESPACE:
        i += 1
    return i


def _top_level_values(text: str) -> dict[str, _Value]:
    """File spans of the values of the top-level object's keys; {} when it is not one."""
    decoder = json.JSONDecoder()
    values: dict[str, _Value] = {}
    try:
        i = _skip(text, 0)
        if text[i] != "{":
            return {}
        i = _skip(text, i + 1)
        if text[i] == "}":
            return {}
        while True:
            if text[i] != '"':
                return {}
            key, i = scanstring(text, i + 1)
            i = _skip(text, i)
            if text[i] != ":":
                return {}
            start = _skip(text, i + 1)
            _, end = decoder.raw_decode(text, start)
            values[key] = _Value(start, end)
            i = _skip(text, end)
            if text[i] == "}":
                return values
            if text[i] != ",":
                return {}
            i = _skip(text, i + 1)
    except (IndexError, ValueError, RecursionError):
        return {}


def _is_string(text: str, value: _Value | None) -> bool:
    return value is not None and text[value.start] == '"'


def _string_offsets(text: str, value: _Value) -> list[int] | None:
    """The file offset of each character of the decoded string, plus its end.

    Mirrors `json`'s decoding: `\\uD83D\\uDE00` (a surrogate pair) is one character, a lone
    surrogate escape is one, any other escape is one."""
    out: list[int] = []
    i, stop = value.start + 1, value.end - 1
    while i < stop:
        out.append(i)
        if text[i] != "\\":
            i += 1
        elif text[i + 1] != "u":
            i += 2
        else:
            high = int(text[i + 2:i + 6], 16)
            low = text[i + 8:i + 12] if text[i + 6:i + 8] == "\\u" else ""
            pair = 0xD800 <= high < 0xDC00 and low and 0xDC00 <= int(low, 16) < 0xE000
            i += 12 if pair else 6
    out.append(stop)
    decoded, _ = scanstring(text, value.start + 1)
    return out if len(out) == len(decoded) + 1 else None
