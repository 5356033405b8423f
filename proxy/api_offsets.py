"""Diagnostic spans in UTF-16 code units, for the browser.

The engine reports offsets in Unicode code points (Python string indices). JavaScript strings,
and so a `<textarea>`'s selection and value, count UTF-16 code units: every character outside
the Basic Multilingual Plane (most emoji, some CJK) counts twice. The extension highlights with
`start16`/`end16`, which are the code-point offsets plus the number of astral characters before
them.
"""

from __future__ import annotations

import bisect
import re
from typing import Any

_ASTRAL = re.compile("[\U00010000-\U0010FFFF]")


class Utf16Offsets:
    """Maps code-point offsets of one string to UTF-16 offsets."""

    def __init__(self, text: str):
        self._astral = [] if text.isascii() else [m.start() for m in _ASTRAL.finditer(text)]

    def __call__(self, offset: int | None) -> int | None:
        if offset is None:
            return None
        return offset + bisect.bisect_left(self._astral, offset)


def add_utf16_offsets(diagnostics: list[dict[str, Any]], body: str, subject: str = "") -> None:
    """Add start16/end16 to each diagnostic dict (and its fix), in place. Body diagnostics and
    fixes count in `body`; subject diagnostics in `subject`; others have no span (None)."""
    maps: dict[str, Utf16Offsets] = {}

    def mapper(field: str) -> Utf16Offsets | None:
        if field not in ("body", "subject"):
            return None
        if field not in maps:
            maps[field] = Utf16Offsets(body if field == "body" else subject)
        return maps[field]

    for diag in diagnostics:
        to16 = mapper(diag.get("field") or "body")
        diag["start16"] = to16(diag.get("start")) if to16 else None
        diag["end16"] = to16(diag.get("end")) if to16 else None
        fix = diag.get("fix")
        if fix:
            body16 = mapper("body")
            fix["start16"] = body16(fix.get("start"))  # type: ignore[misc]
            fix["end16"] = body16(fix.get("end"))  # type: ignore[misc]
