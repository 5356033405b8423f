"""The pure parts of judging a send: reading it from a body within limits, the message with
what the guard knows of the order, the configuration of the check that decides it, and the
stand-in for a review request press. No I/O, no
mitmproxy: the guard addon calls these on its worker threads.
"""

from __future__ import annotations

import dataclasses
import logging
from typing import NamedTuple

import policy

from addon import bodies, recognise
from addon.bodies import TooLarge
from addon.recognise import Send

logger = logging.getLogger(__name__)

WARNING_RULES = ("S310", "S311")  # spelling, grammar: off the blocking path unless errors


class Limits(NamedTuple):
    body: bodies.Limits = bodies.Limits()
    text: int = 20_000
    check_seconds: float = 10.0
    store_seconds: float = 2.0


def blocking_config(config: policy.Config) -> policy.Config:
    """The configuration for the check that decides a send: spelling and grammar only when
    the seller made them errors."""
    errors = {code for code in WARNING_RULES
              if config.severity.get(code) == policy.Severity.ERROR}
    return dataclasses.replace(config, spelling=config.spelling and "S310" in errors,
                               grammar=config.grammar and "S311" in errors)


def read_send(endpoint, m, query, content_type: str, content_encoding: str | None,
              raw: bytes, limits: Limits) -> Send | None:
    """The send in a raw request body, within `limits` (runs on a worker thread)."""
    deadline = bodies.Deadline(limits.body.seconds)
    if len(raw) > limits.body.body:
        raise TooLarge(f"the request body is {len(raw):,} bytes, over the guard's limit of "
                       f"{limits.body.body:,}")
    # Only multipart bodies carry files; a JSON or form body never needs more than the
    # structured limit, so a compression bomb labelled JSON stops inflating at 1 MiB.
    limit = limits.body.body if "multipart" in content_type.lower() else limits.body.structured
    body = bodies.decode(raw, content_encoding, limit, deadline)
    send = recognise.parse(endpoint, m, query, content_type, body, limits.body, deadline)
    if send is not None and send.text is not None and len(send.text) > limits.text:
        raise TooLarge(f"the message text is {len(send.text):,} characters, over the "
                       f"guard's limit of {limits.text:,}")
    return send


def review_key(send: Send) -> str:
    """The stand-in text of a review request button press, so that an override (which is
    keyed by a text's hash) can let one blocked press through."""
    return f"[{send.channel}] review request for order {send.order_id}"


def repeat_review_diagnostic(order_id: str | None, config: policy.Config) -> dict | None:
    """C208 for a review request press on an order that already had one (None when the
    seller's configuration turned C208 off)."""
    try:
        rule = policy.get_rule("C208")
        code, name, severity, url = rule.code, rule.name, rule.severity, rule.url
    except KeyError:  # the rule module is not there: keep the guard's own minimum
        code, name, severity = "C208", "repeat-review-request", policy.Severity.ERROR
        url = "https://sellercentral.amazon.com/help/hub/reference/external/G1801"
    if not config.enabled(code, name):
        return None
    severity = config.severity.get(code, severity)
    return policy.Diagnostic(
        code=code, name=name, severity=severity, field="context", url=url,
        message=f"A review was already requested for order {order_id}; Amazon allows one "
                f"review request per order, counting Request a Review and messages.",
    ).to_dict()


def message_with_context(send: Send, review_already_requested: bool,
                         known: dict[str, str]) -> policy.Message:
    """The send's message with what the guard knows of the order filled in where the call
    itself said nothing. Context that does not parse is dropped: it never blocks."""
    data = dict(send.message or {})
    data["review_already_requested"] = review_already_requested
    plain = policy.Message.from_dict(data)
    for key, value in known.items():
        if not data.get(key):
            data[key] = value
    if not known:
        return plain
    try:
        return policy.Message.from_dict(data)
    except policy.MessageError as exc:
        logger.info("bsm-guard: ignoring unusable context for order %s: %s", send.order_id, exc)
        return plain


# What of a diagnostic the verdict events may carry: never its excerpt, message, fix or advice,
# which quote the seller's text (a sentence-long excerpt for a model finding); the extension asks
# for the text by verdict ID, with the token.
EVENT_FIELDS = ("code", "name", "severity", "field", "start", "end", "line", "column",
                "reads_as", "confidence", "evidence")


def without_text(diagnostic: dict) -> dict:
    return {k: diagnostic[k] for k in EVENT_FIELDS if k in diagnostic}
