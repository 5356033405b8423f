"""The answers the guard gives instead of the upstream, in the shapes the senders' clients show.

Seller Central's page and the demo get a JSON error object it can display; SP-API tools get
SP-API's own error shape (`{"errors": [{"code", "message", "details"}]}`), so an existing
integration reports the guard's refusal like any other API error. Pure: (status, headers,
body bytes) out, no mitmproxy types, so the shapes are tested on their own.
"""

from __future__ import annotations

import json
from typing import Any, NamedTuple

from addon.recognise import SP_API_MESSAGE, SP_API_SOLICITATION

SP_API_CHANNELS = (SP_API_MESSAGE, SP_API_SOLICITATION)


class Answer(NamedTuple):
    status: int
    headers: dict[str, str]
    body: bytes


def _json(status: int, data: Any, marker: str) -> Answer:
    return Answer(status, {"Content-Type": "application/json", "X-BSM-Guard": marker,
                           "Cache-Control": "no-store"},
                  json.dumps(data, ensure_ascii=False).encode("utf-8"))


def _codes_phrase(diagnostics: list[dict]) -> str:
    seen: dict[str, str] = {}
    for d in diagnostics:
        if d.get("severity", "error") == "error":
            seen.setdefault(d["code"], d.get("name", ""))
    return ", ".join(f"{code} {name}".strip() for code, name in seen.items())


def how_to_send_anyway(verdict_id: int | None) -> str:
    if verdict_id is None:
        return ("The guard could not read this send, so it cannot be let through once; set the "
                "fail mode to open or the mode to off in the guard's settings to send it.")
    return (f"To send this exact text anyway, choose Send anyway in the bsm-guard extension "
            f"(support tools: bsm-guard allow {verdict_id}), then send it again within 10 "
            f"minutes.")


def blocked(channel: str, verdict_id: int | None, diagnostics: list[dict],
            text: str | None = None) -> Answer:
    """A send the policy blocks (status 422 for Seller Central, 400 for SP-API).

    The answer carries the message text back (`text`), so the seller never loses what they
    wrote, even when the guard could not record it (then `verdict_id` is None)."""
    errors = [d for d in diagnostics if d.get("severity", "error") == "error"]
    codes = list(dict.fromkeys(d["code"] for d in errors))
    phrase = _codes_phrase(diagnostics)
    if channel in SP_API_CHANNELS:
        return _json(400, {"errors": [{
            "code": "InvalidInput",
            "message": f"bsm-guard blocked this message: {phrase}",
            "details": f"bsm-guard verdict {verdict_id}. {how_to_send_anyway(verdict_id)}",
            "text": text,
        }]}, "blocked")
    return _json(422, {"error": {
        "code": "BSM_GUARD_BLOCKED",
        "message": f"bsm-guard blocked this message because it breaks Amazon's "
                   f"communication guidelines ({phrase}).",
        "verdictId": verdict_id,
        "codes": codes,
        "diagnostics": diagnostics,
        "howToSendAnyway": how_to_send_anyway(verdict_id),
        "text": text,
    }}, "blocked")


FAILURE_CODES = {400: "BSM_GUARD_UNREADABLE", 413: "BSM_GUARD_TOO_LARGE",
                 415: "BSM_GUARD_UNSUPPORTED_ENCODING", 503: "BSM_GUARD_CHECK_FAILED"}


def failed(channel: str, verdict_id: int | None, reason: str, *, too_large: bool = False,
           status: int | None = None, text: str | None = None) -> Answer:
    """The guard could not check the send and fails closed: 503, or the status that says why
    (400 unreadable or ambiguous body, 413 too large, 415 unknown content encoding).
    `reason` is a short description without the message text; `text`, when the guard read
    one, goes back to the sender so nothing is lost."""
    status = status or (413 if too_large else 503)
    code = FAILURE_CODES.get(status, "BSM_GUARD_CHECK_FAILED")
    message = f"bsm-guard could not check this message, so it was not sent: {reason}."
    if channel in SP_API_CHANNELS:
        return _json(status, {"errors": [{
            "code": code, "message": message,
            "details": f"bsm-guard verdict {verdict_id}. {how_to_send_anyway(verdict_id)}",
            "text": text,
        }]}, "failed")
    return _json(status, {"error": {
        "code": code,
        "message": message,
        "verdictId": verdict_id,
        "codes": [],
        "diagnostics": [],
        "howToSendAnyway": how_to_send_anyway(verdict_id),
        "text": text,
    }}, "failed")


def upstream_failed(status: int, reason: str) -> Answer:
    """An SP-API call the guard let through but Amazon did not answer (502 unreachable or
    broken, 504 too slow), in SP-API's error shape so that client libraries raise instead of
    reading an HTML page as success. `reason` says what happened, without request content."""
    code = "BSM_GUARD_UPSTREAM_TIMEOUT" if status == 504 else "BSM_GUARD_UPSTREAM_UNAVAILABLE"
    return _json(status, {"errors": [{
        "code": code,
        "message": f"bsm-guard could not reach Amazon's SP-API: {reason}. The call may not "
                   f"have been made; check before retrying a send.",
        "details": "The guard forwards SP-API calls it lets through; this is the answer it "
                   "gives when the forwarding fails.",
    }]}, "upstream")


def status(mode: str, version: str) -> Answer:
    """`GET /__bsm-guard/status`: tells the extension this traffic goes through the guard."""
    return _json(200, {"guarded": True, "mode": mode, "version": version}, "status")


def verdict_header(verdict: str, codes: list[str], verdict_id: int | None) -> str:
    """The `X-BSM-Guard-Verdict` response header on a forwarded send."""
    parts = [verdict]
    if codes:
        parts.append("codes=" + ",".join(codes))
    if verdict_id is not None:
        parts.append(f"id={verdict_id}")
    return "; ".join(parts)
