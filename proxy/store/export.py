"""CSV for the team view's export: the rows of `blocked_messages`, safe to open in a sheet.

A blocked message is text an agent typed, and a spreadsheet runs a cell that starts with
`=`, `+`, `-`, `@` (or a tab or carriage return) as a formula; such cells get a leading
apostrophe, the usual defence, so an export can be opened without running anything.
"""

from __future__ import annotations

import csv
import io
from typing import Iterable

from proxy.store.base import EXPORT_FIELDS

_FORMULA = ("=", "+", "-", "@", "\t", "\r")


def to_csv(rows: Iterable[dict], fields: tuple[str, ...] = EXPORT_FIELDS) -> str:
    out = io.StringIO()
    writer = csv.DictWriter(out, fieldnames=fields, extrasaction="ignore", lineterminator="\n")
    writer.writeheader()
    for row in rows:
        writer.writerow({k: _cell(row.get(k)) for k in fields})
    return out.getvalue()


def _cell(value) -> str:
    text = "" if value is None else str(value)
    return "'" + text if text.startswith(_FORMULA) else text
