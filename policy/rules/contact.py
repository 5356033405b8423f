"""C215 contact-details: e-mail addresses and phone numbers in a message.

Amazon routes every conversation through its own messaging, so a seller may not hand out an
e-mail address or phone number. Addresses are found also when disguised ("name [at] shop [dot]
com"), phone numbers by libphonenumber at VALID leniency (see `policy.tokens`), which is what
keeps order IDs, tracking numbers, prices, dates and postcodes from being read as phones.

One exception is kept from the 2019 rules and sellers' tools: a number the message itself labels
as a carrier's, manufacturer's or warranty line is a warning, because the buyer may need it to
get the product delivered or repaired.
"""

from __future__ import annotations

import re
from functools import lru_cache
from urllib.parse import unquote

from policy.datafile import load as load_data
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules.links import attr_span
from policy.tokens import find_emails, find_phones

_BEFORE = 90
_AFTER = 50
_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")


@lru_cache(maxsize=1)
def _label_pattern() -> re.Pattern:
    words = sorted(load_data("contact.toml")["carrier_or_warranty_labels"], key=len, reverse=True)
    parts = []
    for word in words:
        escaped = re.escape(word)
        # Latin words must stand alone ("ups" but not "groups"); CJK words have no spaces.
        parts.append(rf"(?<![^\W\d_]){escaped}(?![^\W\d_])" if word.isascii() else escaped)
    return re.compile("(?i)" + "|".join(parts))


def _labelled(text: str, start: int, end: int) -> bool:
    """Is a carrier/manufacturer/warranty word in the same sentence, close to the number?"""
    window_start = max(0, start - _BEFORE)
    before = text[window_start:start]
    breaks = list(_SENTENCE_END.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    after = text[end:end + _AFTER]
    stop = _SENTENCE_END.search(after)
    if stop:
        after = after[:stop.start()]
    pattern = _label_pattern()
    return bool(pattern.search(before) or pattern.search(after))


def _href_contacts(analysis):
    """mailto: and tel: links, whose visible text may hide the address."""
    if not analysis.message.is_html:
        return
    body = analysis.body.lower()
    if "mailto:" not in body and "tel:" not in body:
        return
    for anchor in analysis.soup.find_all("a", href=True):
        href = anchor["href"].strip()
        low = href.lower()
        if low.startswith("mailto:"):
            yield "email", unquote(href[7:].split("?", 1)[0]).lower(), anchor
        elif low.startswith("tel:"):
            yield "phone", href[4:], anchor


def _subject_contacts(analysis, found: set):
    subject = analysis.subject
    if not subject:
        return
    for token in find_emails(subject):
        found.add(token.value)
        yield Finding(f"Remove the e-mail address {token.value} from the subject.",
                      token.start, token.end, where="subject")
    for token in find_phones(subject, analysis.message.marketplace or analysis.config.marketplace):
        found.add(token.value)
        severity = Severity.WARNING if _labelled(subject, token.start, token.end) else None
        yield Finding("Remove the phone number from the subject.", token.start, token.end,
                      where="subject", severity=severity)


@rule("C215", "contact-details", Severity.ERROR,
      "Messages must not give e-mail addresses or phone numbers.")
def contact_details(analysis):
    """Flags e-mail addresses and phone numbers.

    ## What it does
    Finds e-mail addresses and phone numbers. Addresses are found also when written in words or
    brackets ("name at shop dot com", "name [at] shop [dot] com"), mailto: and tel: links, and
    phone numbers in the formats of Amazon's marketplace countries. Order IDs, tracking numbers,
    prices, dates and postcodes are not phone numbers. A number labelled as a carrier's,
    manufacturer's or warranty line is reported as a warning only.

    ## Why Amazon blocks it
    The guidelines forbid e-mail addresses and phone numbers so that buyer and seller talk
    through Amazon; Amazon removes addresses from messages.

    ## Example
    "Questions? Write to help@mystore.com or call 030 1234 5678."

    ## Use instead
    "Questions? Just reply to this message."
    A manufacturer's warranty line may stay: "Warranty claims: Acme service line +49 30 1234 5678."

    ## Fix safety
    No fix: the sentence around the address usually has to be rewritten.
    """
    text = analysis.text
    found = set()
    yield from _subject_contacts(analysis, found)
    for token in analysis.emails:
        found.add(token.value)
        yield Finding(f"Remove the e-mail address {token.value}; buyers must contact you "
                      "through Amazon's messaging.", token.start, token.end)
    for token in analysis.phones:
        found.add(token.value)
        if _labelled(text, token.start, token.end):
            yield Finding("This phone number is labelled as a carrier, manufacturer or "
                          "warranty line; keep it only if the buyer needs it for the order.",
                          token.start, token.end, severity=Severity.WARNING)
        else:
            yield Finding("Remove the phone number; buyers must contact you through Amazon's "
                          "messaging.", token.start, token.end)
    for kind, value, anchor in _href_contacts(analysis):
        start, end = attr_span(analysis, anchor, "href")
        if kind == "email":
            if value in found or not find_emails(value):
                continue
            found.add(value)
            yield Finding(f"Remove the mailto: link to {value}; buyers must contact you "
                          "through Amazon's messaging.", start, end, where="body")
        else:
            phones = find_phones(value, analysis.message.marketplace
                                 or analysis.config.marketplace)
            number = phones[0].value if phones else value
            if number in found:
                continue
            found.add(number)
            yield Finding("Remove the tel: link; buyers must contact you through Amazon's "
                          "messaging.", start, end, where="body")
