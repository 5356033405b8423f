"""What to write instead: one compliant sentence per content code, in the message's language.

The sentences are data (`policy/data/intents/use_instead.toml`), so a translator can fix one
without reading Python. The language is the buyer's (the message context), else the one the
body is written in, else English.
"""

from __future__ import annotations

import tomllib
from functools import lru_cache
from importlib import resources

LANGUAGES = ("en", "de", "fr", "es", "it", "ja")


@lru_cache(maxsize=1)
def _table() -> dict[str, dict[str, str]]:
    path = resources.files("policy").joinpath("data", "intents", "use_instead.toml")
    return tomllib.loads(path.read_text(encoding="utf-8"))


def language(analysis) -> str:
    """The language to advise in: the buyer's, else the text's (function words), else en."""
    buyer = (analysis.message.buyer_language or "").split("-")[0].lower()
    if buyer in LANGUAGES:
        return buyer
    from policy import phrase_view

    found = phrase_view.view(analysis).languages
    if len(found) == 1:
        return next(iter(found))
    return "en"


def use_instead(code: str, analysis) -> str | None:
    """The compliant replacement for `code`, or None when the code has none."""
    entry = _table().get(code)
    if not entry:
        return None
    return entry.get(language(analysis)) or entry.get("en")
