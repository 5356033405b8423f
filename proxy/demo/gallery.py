"""The trainer's gallery: example messages as data, one or more per rule, and what the engine
says about each.

The examples live in `proxy/demo/examples/*.toml` (one file per family or language), written
for this project. Each is a violation of one rule (`expect` lists every code that, read by
POLICY_READING.md, should fire) or the compliant counterpart of a content rule (`expect = []`:
the message is fine and the rule it pairs with must stay silent). Judged by the policy, not by
the engine: where the current engine disagrees, the example says so in `engine_gap`
(`missed` codes it should fire and does not; `extra` error codes it fires and should not), so
a trainer is not misled and the test fails when the engine improves or regresses.

Fields of an example (all but the first six optional):

    id, rule, lang, title, explain, text   what it is, and the body (plain text)
    expect                                  codes that must fire; [] for a compliant example
    order                                   a demo order (proxy.demo.server.ORDERS): its date,
                                            marketplace and buyer language are the context
    reason                                  the contact reason chosen on the page (topicId)
    html, subject, message_kind, attachments, message_type, review_already_requested
                                            the rest of the message JSON, for rules that need it
    engine_gap = {missed = [...], extra = [...]}

`html`, `subject` and attachments cannot be typed into the Contact Buyer page; the page shows
them as a note ("needs"), and the quiz shows them with the message.
"""

from __future__ import annotations

import datetime as dt
import tomllib
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from typing import Any

import policy

LANGUAGES = ("en", "de", "fr", "es", "it", "ja")
CONTEXT_FIELDS = ("html", "subject", "message_kind", "attachments", "message_type",
                  "review_already_requested")


@dataclass(frozen=True)
class Example:
    id: str
    rule: str
    lang: str
    title: str
    explain: str
    text: str
    expect: tuple[str, ...]
    order: str
    reason: str
    context: dict[str, Any] = field(default_factory=dict)
    missed: tuple[str, ...] = ()
    extra: tuple[str, ...] = ()

    @property
    def compliant(self) -> bool:
        return not self.expect

    @property
    def family(self) -> str:
        return "OK" if self.compliant else self.rule[0]

    @property
    def blocks(self) -> bool:
        """Would Amazon block it, by the policy: any expected code at error level."""
        levels = {r.code: r.severity.value for r in policy.all_rules()}
        return any(levels.get(code) == "error" for code in self.expect)

    def needs(self) -> list[str]:
        """What the Contact Buyer page cannot carry, said for a person."""
        out = []
        c = self.context
        if "subject" in c:
            out.append(f"subject: {c['subject']}")
        if c.get("message_kind") == "reply":
            out.append("a reply to the buyer's message")
        if c.get("attachments"):
            out.append("attachments: " + ", ".join(a if isinstance(a, str) else a["filename"]
                                                   for a in c["attachments"]))
        if "message_type" in c:
            out.append(f"sent through the SP-API as {c['message_type']}")
        if c.get("review_already_requested"):
            out.append("a review was already requested for this order")
        if "html" in c:
            out.append("an HTML message (a template or SP-API tool), shown here as its source")
        if self.rule in ("O103", "O104") and not self.compliant:
            out.append("the order date and buyer language shown on the page, which the guard "
                       "learns from the browser extension")
        return out

    def message(self, orders: dict) -> dict[str, Any]:
        """The message JSON (README) the engine judges, with the demo order as context."""
        order = orders[self.order]
        sent = dt.datetime.combine(order.order_date + dt.timedelta(days=order.days_ago),
                                   dt.time(12), dt.timezone.utc)
        out: dict[str, Any] = {
            "order_id": order.order_id, "order_date": order.order_date.isoformat(),
            "sent_at": sent.isoformat(), "marketplace": order.marketplace,
            "buyer_language": order.buyer_language,
        }
        if "html" not in self.context:
            out["text"] = self.text
        for key, value in self.context.items():
            out["kind" if key == "message_kind" else key] = value
        return out

    def to_dict(self, orders: dict) -> dict[str, Any]:
        return {"id": self.id, "rule": self.rule, "lang": self.lang, "title": self.title,
                "explain": self.explain, "text": self.context.get("html", self.text),
                "expect": list(self.expect), "order": self.order, "reason": self.reason,
                "family": self.family, "blocks": self.blocks, "needs": self.needs(),
                "engine_gap": {"missed": list(self.missed), "extra": list(self.extra)}}


def _example(raw: dict[str, Any], source: str) -> Example:
    gap = raw.get("engine_gap", {})
    try:
        return Example(
            id=raw["id"], rule=raw["rule"], lang=raw["lang"], title=raw["title"],
            explain=" ".join(raw["explain"].split()), text=raw.get("text", ""),
            expect=tuple(raw["expect"]), order=raw["order"], reason=str(raw.get("reason", "6")),
            context={k: raw[k] for k in CONTEXT_FIELDS if k in raw},
            missed=tuple(gap.get("missed", ())), extra=tuple(gap.get("extra", ())))
    except KeyError as exc:
        raise ValueError(f"{source}: example {raw.get('id', '?')} lacks {exc}") from None


@lru_cache(maxsize=1)
def load() -> tuple[Example, ...]:
    folder = resources.files("proxy.demo") / "examples"
    out: list[Example] = []
    for entry in sorted(folder.iterdir(), key=lambda e: e.name):
        if entry.name.endswith(".toml"):
            data = tomllib.loads(entry.read_text("utf-8"))
            out.extend(_example(raw, entry.name) for raw in data.get("example", ()))
    # Shown by rule, then language (English first), each violation before its counterpart.
    return tuple(sorted(out, key=lambda e: (e.rule, LANGUAGES.index(e.lang), e.compliant, e.id)))


def by_id() -> dict[str, Example]:
    return {e.id: e for e in load()}


def disagreement(example: Example, orders: dict) -> tuple[set[str], set[str]]:
    """(missed, extra) between the policy's answer (`expect`) and the engine's today."""
    report = policy.check(example.message(orders))
    fired = set(report.codes)
    errors = {d.code for d in report.errors}
    missed = set(example.expect) - fired
    if example.compliant:
        extra = errors | ({example.rule} & fired)
    else:
        extra = errors - set(example.expect)
    return missed, extra
