"""Shared helper for the content-rule tests: which of the content codes fire on a message."""

from __future__ import annotations

import policy

CONTENT_CODES = frozenset({"C201", "C202", "C203", "C204", "C205", "C206", "C207", "C208",
                           "C210", "C213", "O105"})
ORDER = "113-1234567-1234567"
_CONFIG = policy.Config(select=CONTENT_CODES, spelling=False, grammar=False)


def codes(text: str, kind: str = "proactive", **context) -> set[str]:
    """The content codes that fire on `text` (an order ID is prepended unless one is there)."""
    if "113-" not in text and "html" not in context:
        text = f"Order {ORDER}: {text}" if kind == "proactive" else text
    message = {"text": text, "kind": kind, "order_id": ORDER, **context}
    return set(policy.check(message, _CONFIG).codes)


def blocking(text: str, kind: str = "proactive", **context) -> set[str]:
    """The content codes that fire on `text` as errors, the ones that block the send."""
    if "113-" not in text and "html" not in context:
        text = f"Order {ORDER}: {text}" if kind == "proactive" else text
    message = {"text": text, "kind": kind, "order_id": ORDER, **context}
    return {d.code for d in policy.check(message, _CONFIG).errors}
