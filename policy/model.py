"""The message the engine judges, built from the flat JSON shape that every front end shares.

`bsm-guard check` files, the local API and the proxy addon all describe a message as one flat
dict (see README, "Message JSON"). `Message.from_dict` is the only place that shape is parsed, so a
wrong field type gets the same clear `MessageError` everywhere instead of a traceback.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass, field, replace
from typing import Any, Mapping

KINDS = ("proactive", "reply")


class MessageError(ValueError):
    """The message dict does not have the documented shape; the text says which field and why."""


@dataclass(frozen=True)
class Attachment:
    filename: str
    content_type: str | None = None
    size: int | None = None


@dataclass(frozen=True)
class Message:
    """One buyer-seller message and what is known of its order.

    `html` wins over `text` when both are given: it is what the buyer sees. Every field of
    context is optional; a rule that needs a missing one stays silent rather than guessing.
    """

    text: str | None = None
    html: str | None = None
    subject: str = ""
    kind: str = "proactive"
    order_id: str | None = None
    order_date: dt.date | None = None
    sent_at: dt.datetime | None = None
    marketplace: str | None = None
    buyer_language: str | None = None
    message_type: str | None = None
    attachments: tuple[Attachment, ...] = field(default_factory=tuple)
    review_already_requested: bool = False
    contact_reason: str | None = None  # the reason chosen on the page ("Shipping or delivery")

    @property
    def is_html(self) -> bool:
        return self.html is not None

    @property
    def body(self) -> str:
        """The body as the sender wrote it; every diagnostic span is an offset into this."""
        if self.html is not None:
            return self.html
        return self.text or ""

    def with_context(self, **changes: Any) -> "Message":
        return replace(self, **changes)

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> "Message":
        if not isinstance(data, Mapping):
            raise MessageError(f"a message must be a JSON object, not {type(data).__name__}")
        text = _optional_str(data, "text")
        html = _optional_str(data, "html")
        if text is None and html is None:
            raise MessageError("a message needs a 'text' or an 'html' field")
        kind = _optional_str(data, "kind") or "proactive"
        if kind not in KINDS:
            raise MessageError(f"'kind' must be one of {', '.join(KINDS)}, not {kind!r}")
        review = data.get("review_already_requested", False)
        if review is None:
            review = False
        if not isinstance(review, bool):
            raise MessageError("'review_already_requested' must be true or false")
        return cls(
            text=text,
            html=html,
            subject=_optional_str(data, "subject") or "",
            kind=kind,
            order_id=_optional_str(data, "order_id"),
            order_date=_parse_date(data.get("order_date")),
            sent_at=_parse_datetime(data.get("sent_at")),
            marketplace=_optional_str(data, "marketplace"),
            buyer_language=_optional_str(data, "buyer_language"),
            message_type=_optional_str(data, "message_type"),
            attachments=_parse_attachments(data.get("attachments")),
            review_already_requested=review,
            contact_reason=_optional_str(data, "contact_reason"),
        )

    def to_dict(self) -> dict[str, Any]:
        out: dict[str, Any] = {"kind": self.kind, "subject": self.subject}
        if self.text is not None:
            out["text"] = self.text
        if self.html is not None:
            out["html"] = self.html
        for key in ("order_id", "marketplace", "buyer_language", "message_type", "contact_reason"):
            if getattr(self, key) is not None:
                out[key] = getattr(self, key)
        if self.order_date is not None:
            out["order_date"] = self.order_date.isoformat()
        if self.sent_at is not None:
            out["sent_at"] = self.sent_at.isoformat()
        out["attachments"] = [
            {k: v for k, v in vars(a).items() if v is not None} for a in self.attachments
        ]
        out["review_already_requested"] = self.review_already_requested
        return out


def _optional_str(data: Mapping[str, Any], key: str) -> str | None:
    value = data.get(key)
    if value is None:
        return None
    if not isinstance(value, str):
        raise MessageError(f"'{key}' must be a string, not {type(value).__name__}")
    return value


def _parse_date(value: Any) -> dt.date | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MessageError("'order_date' must be a date string such as 2026-11-01")
    try:
        if len(value) > 10:
            return _parse_datetime(value, "order_date").date()  # type: ignore[union-attr]
        return dt.date.fromisoformat(value)
    except ValueError:
        raise MessageError(f"'order_date' is not a date: {value!r} (use YYYY-MM-DD)") from None


def _parse_datetime(value: Any, key: str = "sent_at") -> dt.datetime | None:
    if value is None or value == "":
        return None
    if not isinstance(value, str):
        raise MessageError(f"'{key}' must be an ISO 8601 string such as 2026-11-10T12:00:00Z")
    try:
        parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    except ValueError:
        raise MessageError(f"'{key}' is not an ISO 8601 time: {value!r}") from None
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def _parse_attachments(value: Any) -> tuple[Attachment, ...]:
    if value is None:
        return ()
    if not isinstance(value, list):
        raise MessageError("'attachments' must be a list of objects")
    out = []
    for i, item in enumerate(value):
        if isinstance(item, str):
            out.append(Attachment(filename=item))
            continue
        if not isinstance(item, Mapping):
            raise MessageError(f"attachments[{i}] must be an object with a 'filename'")
        name = item.get("filename", item.get("fileName"))
        if not isinstance(name, str) or not name:
            raise MessageError(f"attachments[{i}] needs a 'filename' string")
        ctype = item.get("content_type")
        if ctype is not None and not isinstance(ctype, str):
            raise MessageError(f"attachments[{i}].content_type must be a string")
        size = item.get("size")
        if size is not None and (isinstance(size, bool) or not isinstance(size, int) or size < 0):
            raise MessageError(f"attachments[{i}].size must be a whole number of bytes")
        out.append(Attachment(filename=name, content_type=ctype, size=size))
    return tuple(out)
