"""Every Amazon call the guard understands, in one table, as pure functions of the request.

Seller Central's web calls are undocumented (FACTS.md) and may change under us, so the
matchers are deliberately broad and all live here: adding an endpoint is one `Endpoint` row.
Recognition has two steps so that the common case costs nothing:

1. `match(surface, method, path)` looks only at the method and path (no body is read). It
   brings both to one spelling first (`addon.normalise`: case, `//`, percent-escapes,
   `;params`, PUT/PATCH), so every way a server would route a call to a send is recognised;
2. `Endpoint.parse(...)` decodes the body of a matched call into a `Send`, or returns None
   when the call turned out not to carry a message (the addon logs it so a real capture can
   refine the matchers), or raises `BodyError` when the body cannot be read at all, is too
   large or names a field twice (`addon.bodies` reads bodies within limits).

`learn(...)` is the response side: facts about orders (buyer locale, purchase date,
marketplace, "a review was already requested") that SP-API and Seller Central responses carry.
"""

from __future__ import annotations

import html
import json
import re
from dataclasses import dataclass, field
from typing import Any, Callable, Iterable, Mapping

from addon import bodies, normalise
from addon.bodies import BodyError, Limits
from addon.hosts import SELLER_CENTRAL, SP_API

# Channel names shared with the store, the API and the extension.
CONTACT_BUYER = "contact_buyer"
REQUEST_REVIEW = "request_review"
SP_API_MESSAGE = "sp_api_message"
SP_API_SOLICITATION = "sp_api_solicitation"
REVIEW_CHANNELS = (REQUEST_REVIEW, SP_API_SOLICITATION)

# Fields that may hold the message text in a Seller Central messaging call, most specific first.
TEXT_FIELDS = ("rawMessageBody", "messageBody", "text", "body")
ORDER_FIELDS = ("orderId", "orderID", "amazonOrderId", "AmazonOrderId")
MARKETPLACE_PARAMS = ("marketplaceId", "marketplaceID", "marketplaceIds")


__all__ = ["BodyError", "Send", "Endpoint", "match", "parse", "learn", "wants_response"]


@dataclass(frozen=True)
class Send:
    """One guarded send: a message (`message` is the flat policy dict) or a review request
    button/solicitation (`message` is None)."""

    channel: str
    order_id: str | None
    marketplace: str | None
    message: dict[str, Any] | None = None

    @property
    def text(self) -> str | None:
        return None if self.message is None else self.message.get("text")

    @property
    def is_review_request(self) -> bool:
        return self.channel in REVIEW_CHANNELS


@dataclass(frozen=True)
class Call:
    """What the parsers read from a request: query pairs, content type, decoded body."""

    query: tuple[tuple[str, str], ...]
    content_type: str
    body: bytes
    limits: Limits = Limits()
    deadline: bodies.Deadline = field(default_factory=lambda: bodies.Deadline(Limits().seconds))

    def param(self, *names: str) -> str | None:
        for key, value in self.query:
            if key in names and value:
                return value.split(",")[0].strip() or None
        return None


@dataclass(frozen=True)
class Endpoint:
    channel: str
    surface: str
    method: str  # "POST": any method that may send (POST, PUT, PATCH, ...), see normalise
    path: re.Pattern  # matched case-insensitively against the normalised path
    parse: Callable[[re.Match, Call], Send | None]


# --- parsers -------------------------------------------------------------------------------


def _parse_review_button(m: re.Match, call: Call) -> Send:
    # The body is `{}`; everything the guard needs is in the URL.
    return Send(REQUEST_REVIEW, m["order"], call.param(*MARKETPLACE_PARAMS))


def _parse_sp_solicitation(m: re.Match, call: Call) -> Send:
    return Send(SP_API_SOLICITATION, m["order"], call.param(*MARKETPLACE_PARAMS))


def _parse_sp_message(m: re.Match, call: Call) -> Send:
    data = bodies.json_object(call.body, "the SP-API message body", call.limits)
    text = data.get("text")
    if text is not None and not isinstance(text, str):
        raise BodyError("the SP-API message field 'text' is not a string")
    message = {
        "text": text or "",
        "kind": "proactive",
        "order_id": m["order"],
        "message_type": m["type"],
        "attachments": _attachments(data.get("attachments")),
    }
    marketplace = call.param(*MARKETPLACE_PARAMS)
    if marketplace:
        message["marketplace"] = marketplace
    return Send(SP_API_MESSAGE, m["order"], marketplace, message)


def _parse_contact_buyer(m: re.Match, call: Call) -> Send | None:
    """Any Seller Central messaging call that carries a text field is a send.

    `strict` paths (the known Contact Buyer send) must have a readable body; other
    `/messaging/api/` calls with a body we cannot read are not sends as far as we know.
    """
    strict = bool(m["send"])
    fields, attachments = _form_fields(call, strict)
    if fields is None:
        return None
    text = None
    for name in TEXT_FIELDS:
        value = fields.get(name)
        if isinstance(value, str):
            # Seller Central HTML-escapes the typed text before sending it.
            text = html.unescape(value) if name == "rawMessageBody" else value
            break
    if text is None:
        if strict:
            raise BodyError("the Contact Buyer send has no message text field "
                            f"({', '.join(TEXT_FIELDS)})")
        return None
    order_id = m["order"] or next(
        (fields[k] for k in ORDER_FIELDS if isinstance(fields.get(k), str)), None)
    marketplace = call.param(*MARKETPLACE_PARAMS)
    if not marketplace and isinstance(fields.get("marketplaceId"), str):
        marketplace = fields["marketplaceId"]
    message: dict[str, Any] = {
        "text": text,
        "kind": "proactive",
        "attachments": attachments + _attachments(fields.get("attachments")),
    }
    if isinstance(fields.get("subject"), str):
        message["subject"] = fields["subject"]
    if order_id:
        message["order_id"] = order_id
    if marketplace:
        message["marketplace"] = marketplace
    return Send(CONTACT_BUYER, order_id, marketplace, message)


# --- the table (first match wins: specific paths before the catch-all) ----------------------

_ORDER = r"(?P<order>[A-Za-z0-9-]{1,40})"
_I = re.IGNORECASE
ENDPOINTS: tuple[Endpoint, ...] = (
    Endpoint(REQUEST_REVIEW, SELLER_CENTRAL, "POST", re.compile(
        rf"^/messaging/api/solicitations/{_ORDER}/productReviewAndSellerFeedback/?$", _I),
        _parse_review_button),
    Endpoint(CONTACT_BUYER, SELLER_CENTRAL, "POST", re.compile(
        rf"^/messaging/api(?:/|$)(?:orders/{_ORDER}/(?P<send>contactBuyer)?)?", _I),
        _parse_contact_buyer),
    Endpoint(SP_API_MESSAGE, SP_API, "POST", re.compile(
        rf"^/messaging/v1/orders/{_ORDER}/messages/(?P<type>[A-Za-z]+)/?$", _I),
        _parse_sp_message),
    Endpoint(SP_API_SOLICITATION, SP_API, "POST", re.compile(
        rf"^/solicitations/v1/orders/{_ORDER}/solicitations/productReviewAndSellerFeedback/?$",
        _I), _parse_sp_solicitation),
)

# Seller Central messaging calls that are not sends but worth a log line when unrecognised.
MESSAGING_PREFIX = "/messaging/"


def match(surface: str, method: str, path: str) -> tuple[Endpoint, re.Match] | None:
    """The endpoint a request is, from its method and path alone, in any spelling a server
    would route the same way (see `addon.normalise`)."""
    target = normalise.target(method, path)
    if not target.write:
        return None
    for endpoint in ENDPOINTS:
        if endpoint.surface == surface:
            m = endpoint.path.match(target.path)
            if m:
                return endpoint, m
    return None


def is_messaging(path: str) -> bool:
    """A Seller Central messaging call, worth a log line when it is not recognised."""
    return normalise.path(path).lower().startswith(MESSAGING_PREFIX)


def parse(endpoint: Endpoint, m: re.Match, query: Iterable[tuple[str, str]],
          content_type: str, body: bytes, limits: Limits = Limits(),
          deadline: bodies.Deadline | None = None) -> Send | None:
    """The send in a decoded body (see `addon.bodies` for decoding it)."""
    deadline = deadline or bodies.Deadline(limits.seconds)
    return endpoint.parse(m, Call(tuple(query), content_type or "", body, limits, deadline))


# --- body decoding --------------------------------------------------------------------------


def _form_fields(call: Call, strict: bool) -> tuple[dict[str, Any] | None, list[dict]]:
    """The fields of a JSON, form-encoded or multipart body, and multipart file parts."""
    ctype = call.content_type.split(";")[0].strip().lower()
    body = call.body
    if not body.strip():
        if strict:
            raise BodyError("the Contact Buyer send has an empty body")
        return None, []
    if ctype == "multipart/form-data":
        return bodies.multipart(call.content_type, body, call.limits, call.deadline)
    if ctype == "application/x-www-form-urlencoded":
        return bodies.form(body, call.limits), []
    if ctype.endswith("json") or body.lstrip()[:1] == b"{":
        # Sniff JSON under a wrong content type too: checking it is safer than passing it.
        try:
            return bodies.json_object(body, "the message body", call.limits), []
        except BodyError as exc:
            if strict or ctype.endswith("json") or exc.status != 400 or "twice" in str(exc):
                raise
            return None, []
    if strict:
        raise BodyError(f"the Contact Buyer send has an unreadable content type {ctype!r}")
    return None, []


def _attachments(value: Any) -> list[dict]:
    """Attachment file names from the shapes seen in the wild (`fileName`, `filename`,
    `name`, or bare strings); anything else is ignored rather than refused."""
    out = []
    if isinstance(value, list):
        for item in value:
            if isinstance(item, str) and item:
                out.append({"filename": item})
            elif isinstance(item, Mapping):
                name = item.get("fileName") or item.get("filename") or item.get("name")
                if isinstance(name, str) and name:
                    out.append({"filename": name})
    return out


# --- learning from responses ----------------------------------------------------------------

_ATTRIBUTES = re.compile(rf"^/messaging/v1/orders/{_ORDER}/attributes/?$", _I)
_ORDER_ONE = re.compile(rf"^/orders/v0/orders/{_ORDER}/?$", _I)
_ORDER_LIST = re.compile(r"^/orders/v0/orders/?$", _I)
_REVIEW_ELIGIBILITY = re.compile(
    rf"^/messaging/api/solicitations/{_ORDER}/productReviewAndSellerFeedback/?$", _I)
_LEARN_PATHS = {SP_API: (_ATTRIBUTES, _ORDER_ONE, _ORDER_LIST),
                SELLER_CENTRAL: (_REVIEW_ELIGIBILITY,)}


@dataclass(frozen=True)
class Learned:
    order_id: str
    facts: dict[str, str]
    review_already_sent: bool = False


def wants_response(surface: str, method: str, path: str) -> bool:
    """Cheap pre-check: is this a GET whose response may teach us something?"""
    path = normalise.path(path)
    return normalise.method(method) == "GET" and \
        any(p.match(path) for p in _LEARN_PATHS.get(surface, ()))


def learn(surface: str, path: str, body: bytes) -> list[Learned]:
    """Facts about orders in a successful GET response; [] when there are none or the body
    is not what we expect (learning is best effort and never fails a flow)."""
    path = normalise.path(path)
    try:
        data = json.loads(body)
    except ValueError:
        return []
    if not isinstance(data, dict):
        return []
    if surface == SELLER_CENTRAL:
        m = _REVIEW_ELIGIBILITY.match(path)
        if m and data.get("ineligibleReason") == "REVIEW_REQUEST_ALREADY_SENT":
            return [Learned(m["order"], {}, review_already_sent=True)]
        return []
    if m := _ATTRIBUTES.match(path):
        buyer = data.get("buyer")
        locale = buyer.get("locale") if isinstance(buyer, dict) else None
        return [Learned(m["order"], {"buyer_language": locale})] if isinstance(locale, str) else []
    payload = data.get("payload")
    if not isinstance(payload, dict):
        return []
    orders = payload.get("Orders") if _ORDER_LIST.match(path) else [payload]
    out = []
    for order in orders if isinstance(orders, list) else []:
        if isinstance(order, dict) and isinstance(order.get("AmazonOrderId"), str):
            facts = {}
            if isinstance(order.get("PurchaseDate"), str):
                facts["order_date"] = order["PurchaseDate"][:10]
            if isinstance(order.get("MarketplaceId"), str):
                facts["marketplace"] = order["MarketplaceId"]
            if facts:
                out.append(Learned(order["AmazonOrderId"], facts))
    return out
