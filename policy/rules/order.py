"""O101-O103, O106, O107: the order context of a message, not its wording.

These rules read the order ID, the dates and the SP-API message type, which is why they live
apart from the content rules. They judge only what they are told: a missing order_date or
message_type makes the rule stay silent, never guess.

Clock: the engine is pure, so O103 takes the send time from `message.sent_at`, then from the
`now` passed to `policy.check`; only when neither is given does it read the system clock
(UTC), because a message being checked right before sending is sent "now".
"""

from __future__ import annotations

import datetime as dt
import re
from functools import lru_cache

from policy import placeholders
from policy.datafile import load as load_data
from policy.registry import Finding, rule
from policy.report import Fix, Severity
from policy.tokens import normalise_order_id

PROACTIVE_DAYS = 30


def _data() -> dict:
    return load_data("order.toml")


def _no_text_type(analysis) -> bool:
    spec = _data()["message_types"].get(analysis.message.message_type or "")
    return spec is not None and "text" not in spec


def _ids_in_links(analysis) -> bool:
    """An order ID inside an <a href> counts as present even when the link text hides it."""
    if not analysis.message.is_html or "href" not in analysis.body:
        return False
    from policy.tokens import find_order_ids

    return any(find_order_ids(str(a.get("href") or "")) for a in analysis.soup.find_all("a"))


@rule("O101", "missing-order-id", Severity.ERROR,
      "Every proactive message must carry the buyer's 17-digit order ID.")
def missing_order_id(analysis):
    """Flags a proactive message with no order ID in its subject or body.

    A reply is sent in the buyer's own thread, which is already tied to the order, so the
    guidelines' "every proactive message needs the order ID" does not reach it.

    ## What it does
    Finds messages without an order ID. It looks for an Amazon order ID (3-7-7 digits such as
    113-1234567-1234567, 17 digits written together, or a D01- digital order) in the subject and
    the body, including IDs glued to a word ("Order#113-...") or inside a link. A template
    placeholder for the order ID (`{{order_id}}`, `[[order-id]]`, `%order_id%`) counts as the
    ID. When none is found, it reports the message.

    ## Why Amazon blocks it
    Amazon's messaging guidelines require the order ID in every message to a buyer, so the buyer
    can tell which purchase it is about.

    ## Example
    "Hello, your parcel needs a signature on delivery."

    ## Use instead
    "Order ID: 113-1234567-1234567", then the message: "Your parcel needs a signature on
    delivery."

    ## Fix safety
    Safe when the order ID is known from the context: the fix adds the line "Order ID: <ID>"
    (in the buyer's language) above the message and changes nothing else.
    """
    if analysis.message.kind != "proactive":
        return
    if analysis.order_ids or analysis.subject_order_ids or _no_text_type(analysis):
        return
    if _ids_in_links(analysis):
        return
    if placeholders.has_order_id(analysis.body) or placeholders.has_order_id(analysis.subject):
        return  # a template: {{order_id}} becomes the ID when the seller's tool sends it
    fix = None
    known = normalise_order_id(analysis.message.order_id)
    if known and re.fullmatch(r"(\d{3}|D01)-\d{7}-\d{7}", known):
        fix = _order_line_fix(analysis, known)
    yield Finding("Add the 17-digit order ID (for example 113-1234567-1234567) to the subject "
                  "or the body.", where="context", fix=fix)


def _order_line_fix(analysis, known: str) -> Fix:
    """"Order ID: 113-..." on a line of its own above the first line of the message, labelled
    in the buyer's language (a line break in HTML), so no sentence is glued to it."""
    lang = (analysis.message.buyer_language or "en").split("-")[0].lower()
    label = _data()["order_label"].get(lang, "Order ID")
    line = f"{label}{'：' if lang == 'ja' else ': '}{known}"
    if analysis.message.is_html:
        at = analysis.body_span(0, 1)[0] if analysis.text else 0
        return Fix(f"Add the line '{line}' at the top", at, at, line + "<br>")
    body = analysis.body
    at = len(body) - len(body.lstrip())  # keep leading blank space where it is
    return Fix(f"Add the line '{line}' at the top", at, at, line + "\n\n")


@rule("O102", "order-id-mismatch", Severity.ERROR,
      "A message must name only the order it is sent for.")
def order_id_mismatch(analysis):
    """Flags an order ID that is not the one the message is sent for.

    ## What it does
    Finds order IDs other than the message's own. It compares every order ID in the subject and
    the body with the order the message belongs to (its `order_id`), after normalising both to
    the 3-7-7 form. Stays silent when the order is not known.

    ## Why Amazon blocks it
    A message about another order is sent to the wrong buyer or discloses another buyer's
    purchase; the guidelines tie each message to its own order.

    ## Example
    Sent for 113-1234567-1234567: "Your order 114-7654321-7654321 has a missing part."

    ## Use instead
    "Your order 113-1234567-1234567 has a missing part."

    ## Fix safety
    No fix: which ID is right is the seller's call.
    """
    expected = normalise_order_id(analysis.message.order_id)
    if not expected:
        return
    for token in analysis.order_ids:
        if token.value != expected:
            yield Finding(f"This names order {token.value}, but the message is for order "
                          f"{expected}; use the right order ID.", token.start, token.end)
    for token in analysis.subject_order_ids:
        if token.value != expected:
            yield Finding(f"The subject names order {token.value}, but the message is for "
                          f"order {expected}.", token.start, token.end, where="subject")


def _send_time(analysis) -> dt.datetime:
    when = analysis.message.sent_at or analysis.now or dt.datetime.now(dt.timezone.utc)
    if when.tzinfo is None:
        when = when.replace(tzinfo=dt.timezone.utc)
    return when.astimezone(dt.timezone.utc)


@rule("O103", "outside-30-days", Severity.ERROR,
      "Proactive messages may be sent only within 30 days of the order.")
def outside_30_days(analysis):
    """Flags a proactive message sent more than 30 calendar days after the order date.

    ## What it does
    Finds proactive messages sent too late. It counts calendar days from `order_date` to the
    send time (`sent_at`, else the check's `now`, else the current UTC time). More than 30 is
    reported. Replies to a buyer are not limited.

    ## Why Amazon blocks it
    Amazon lets sellers start a conversation only within 30 days of the order; after that only
    replies to the buyer are allowed.

    ## Example
    Order date 2026-10-01, proactive message sent 2026-11-10.

    ## Use instead
    Send it within 30 days, or wait for the buyer to write and reply to them.

    ## Fix safety
    No fix.
    """
    message = analysis.message
    if message.kind != "proactive" or message.order_date is None:
        return
    days = (_send_time(analysis).date() - message.order_date).days
    if days > PROACTIVE_DAYS:
        yield Finding(f"This proactive message goes out {days} days after the order date "
                      f"({message.order_date.isoformat()}); the limit is {PROACTIVE_DAYS}. "
                      "Only reply to the buyer now.", where="context")


@lru_cache(maxsize=1)
def _important_pattern() -> re.Pattern:
    words = sorted(_data()["important"]["words"], key=len, reverse=True)
    alternation = "|".join(re.escape(w) for w in words)
    return re.compile(rf"(?i)[\[【(「<（［]\s*(?:{alternation})\s*[!！]?\s*[\]】)」>）］]")


@rule("O106", "important-subject", Severity.WARNING,
      "An [Important] subject marker no longer overrides a buyer's opt-out.")
def important_subject(analysis):
    """Flags an "[Important]" marker (or its translation) in the subject.

    ## What it does
    Finds urgency markers in the subject. Examples: [Important], [重要], 【重要】, [Wichtig],
    [Importante].

    ## Why Amazon blocks it
    Sellers used the marker to reach buyers who opted out of messages. Since 2025 it no longer
    does: the buyer's opt-out wins, and a message relying on the marker may not be delivered.

    ## Example
    Subject: "[Important] Delivery appointment for your order"

    ## Use instead
    Subject: "Delivery appointment for order 113-1234567-1234567"

    ## Fix safety
    No fix offered; removing the marker is easy and the seller should check the message is
    still worth sending to a buyer who opted out.
    """
    if not analysis.subject:
        return
    for m in _important_pattern().finditer(analysis.subject):
        yield Finding("Drop the urgency marker from the subject; it does not reach buyers who "
                      "opted out of messages.", m.start(), m.end(), where="subject")


_HTML_TAG = re.compile(r"<\s*/?\s*[A-Za-z][A-Za-z0-9]*(?:\s[^<>]*)?/?\s*>"
                       r"|&(?:nbsp|amp|lt|gt|quot|apos|#\d{1,6}|#x[0-9a-fA-F]{1,6});")


@rule("O107", "message-type-limit", Severity.ERROR,
      "An SP-API message must keep to its message type's limits.")
def message_type_limit(analysis):
    """Flags an SP-API message that breaks the limits of its message type.

    ## What it does
    Finds SP-API messages that break their type's limits. When `message_type` is given, it
    checks it against the SP-API messaging model: the type exists and has not been removed, the
    text length is within the type's bounds (800 characters for confirmCustomizationDetails,
    2000 for the confirm and unexpectedProblem types, 400 for digitalAccessKey, no text at all
    for invoice, warranty and legalDisclosure), the text has no HTML, and the number of
    attachments is allowed.

    ## Why Amazon blocks it
    The SP-API rejects such a call; the text fields accept plain text only.

    ## Example
    message_type "negativeFeedbackRemoval", or an unexpectedProblem text of 2,400 characters.

    ## Use instead
    A current type, plain text within the limit, and only the attachments the type accepts.

    ## Fix safety
    No fix.
    """
    message = analysis.message
    kind = message.message_type
    if not kind:
        return
    data = _data()
    if kind in data["removed_types"]:
        yield Finding(f"The SP-API message type {kind} was {data['removed_types'][kind]}; "
                      "choose a current type.", where="context")
        return
    spec = data["message_types"].get(kind)
    if spec is None:
        known = ", ".join(sorted(data["message_types"]))
        yield Finding(f"Unknown SP-API message type {kind!r}; use one of {known}.",
                      where="context")
        return
    raw = message.body
    length = len(raw)
    if "text" not in spec:
        if raw.strip():
            yield Finding(f"The {kind} message type takes no text; send the text with another "
                          "type or drop it.", 0, length, where="body")
    else:
        low, high = spec["text"]
        if length > high:
            yield Finding(f"The {kind} text is {length} characters; the SP-API allows "
                          f"{high}. Shorten it by {length - high}.", high, length, where="body")
        elif length < low or not raw.strip():
            yield Finding(f"The {kind} message type needs a text.", where="context")
        tag = _HTML_TAG.search(raw)
        if message.is_html and tag is None:
            tag = re.search(r"<[^>]*>", raw)
        if tag is not None:
            yield Finding("SP-API message text must be plain text; remove the HTML tags and "
                          "entities.",
                          tag.start(), tag.end(), where="body")
    low, high = spec["attachments"]
    count = len(message.attachments)
    if count < low:
        yield Finding(f"The {kind} message type needs at least {low} attachment"
                      f"{'s' if low > 1 else ''}.", where="attachments")
    elif count > high:
        allowed = "no attachments" if high == 0 else f"at most {high} attachments"
        yield Finding(f"The {kind} message type takes {allowed}; this one has {count}.",
                      where="attachments")
