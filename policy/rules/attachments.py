"""C211 attachment-not-allowed: only instructions, warranty information and invoices.

The engine sees an attachment's file name, content type and size, not its content, so the
kind of file is judged from words in its name (in the marketplaces' languages, listed in
policy/data/attachments.toml). What cannot be judged from a name is decided by type: programs,
scripts, archives, macro documents and web pages are never allowed (they can carry anything);
advertising words ("coupon", "Gutschein", "クーポン") are never allowed; a file over 10 MB is
refused by Seller Central. A document whose name says nothing is a warning (the seller should
name it for what it is); an image whose name says nothing is an error, since photos and
graphics are not among the allowed kinds.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policy.datafile import load as load_data
from policy.registry import Finding, rule
from policy.report import Severity


@lru_cache(maxsize=1)
def _data():
    data = load_data("attachments.toml")

    def pattern(anywhere, whole=()):
        """`anywhere` words also inside compounds (Garantiekarte), `whole` words alone only."""
        parts = []
        for word in sorted(set(anywhere), key=len, reverse=True):
            parts.append(re.escape(word).replace(r"\ ", " ?"))  # "user guide", "userguide"
        for word in sorted(set(whole), key=len, reverse=True):
            escaped = re.escape(word).replace("\\ ", " ?")
            parts.append(rf"(?<![^\W\d_]){escaped}(?![^\W\d_])")
        return re.compile("|".join(parts))

    allowed = [w for words in data["allowed_words"].values() for w in words]
    types = data["types"]
    return {
        "max_bytes": data["max_bytes"],
        "allowed": pattern(allowed, data["allowed_whole_words"]["words"]),
        "legal": pattern(data["legal_words"]["words"]),
        "promo": pattern(data["promo_words"]["words"], data["promo_words"]["whole_words"]),
        "forbidden": frozenset(types["forbidden_extensions"]),
        "forbidden_ct": frozenset(types["forbidden_content_types"]),
        "documents": frozenset(types["documents"]),
        "images": frozenset(types["images"]) | frozenset(types["animations"]),
        "customization_types": frozenset(data["customization"]["message_types"]),
    }


def name_words(filename: str) -> str:
    """'UserManual_v2-DE.pdf' -> 'user manual v2 de pdf' (the words a person would read)."""
    name = filename.replace("\\", "/").rsplit("/", 1)[-1]
    name = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", name)
    return re.sub(r"[\s_.\-+()\[\]]+", " ", name).strip().lower()


# A document reference such as "AD-3287" or "CK7719" in a file name ("facture_AD-3287.pdf"):
# capital letters run into a number are a code, not the word "ad".
_REFERENCE = re.compile(r"(?<![A-Za-z])[A-Z]{1,3}-?\d+")


def extension(filename: str) -> str:
    name = filename.replace("\\", "/").rsplit("/", 1)[-1].strip().rstrip(".")
    return name.rsplit(".", 1)[1].lower() if "." in name else ""


def judge(attachment, message_type: str | None = None) -> tuple[Severity, str] | None:
    """Why an attachment is not allowed (severity, message), or None when it is fine.

    `message_type` is the SP-API type: a legalDisclosure message may carry legal documents, and
    a confirmCustomizationDetails message the images or PDFs of the design to confirm."""
    data = _data()
    name = attachment.filename
    ext = extension(name)
    ctype = (attachment.content_type or "").split(";")[0].strip().lower()
    if ext in data["forbidden"] or ctype in data["forbidden_ct"]:
        kind = f".{ext}" if ext in data["forbidden"] else ctype
        return Severity.ERROR, (f"{name}: {kind} files (programs, scripts, archives, macro "
                                "documents, web pages) may not be attached; send a PDF.")
    if attachment.size is not None and attachment.size > data["max_bytes"]:
        megabytes = attachment.size / 1_048_576
        return Severity.ERROR, (f"{name} is {megabytes:.1f} MB; attachments may be at most "
                                "10 MB.")
    words = name_words(name)
    stem = words[: -len(ext)].strip() if ext and words.endswith(ext) else words
    promo = data["promo"].search(name_words(_REFERENCE.sub(" ", name)))
    if promo:
        return Severity.ERROR, (f"{name} looks like advertising ({promo.group(0)!r}); only "
                                "product instructions, warranty information and invoices may "
                                "be attached.")
    if data["allowed"].search(stem):
        return None
    if message_type == "legalDisclosure" and data["legal"].search(stem):
        return None
    if message_type in data["customization_types"] and (
            ext in data["images"] or ext in data["documents"] or ctype.startswith("image/")):
        return None  # a proof of the custom design the buyer ordered
    if ext in data["images"] or ctype.startswith("image/"):
        return Severity.ERROR, (f"{name} is an image that is not instructions, a warranty or "
                                "an invoice; product photos and graphics may not be attached.")
    if ext in data["documents"] or ctype in ("application/pdf", "text/plain"):
        return Severity.WARNING, (f"Cannot tell what {name} is; attach only instructions, "
                                  "warranty information or an invoice, and name the file for "
                                  "it (for example invoice.pdf).")
    return Severity.ERROR, (f"{name}: attach only product instructions, warranty information "
                            "or an invoice, as a PDF or document file.")


@rule("C211", "attachment-not-allowed", Severity.ERROR,
      "Attachments may only be product instructions, warranty information or invoices.")
def attachment_not_allowed(analysis):
    """Flags attachments that are not instructions, warranty information or an invoice.

    ## What it does
    Finds attachments that are not allowed. It judges each attachment by its name, type and
    size. Programs, scripts, archives, macro documents and HTML files are errors; so is anything
    over 10 MB, a name with advertising words (coupon, flyer, Gutschein, cupón, クーポン), and an
    image that is not named as instructions, a warranty or an invoice. A document whose name
    does not say what it is gets a warning. An SP-API legalDisclosure message may also carry
    legal documents (terms, withdrawal notice, Widerrufsbelehrung).

    ## Why Amazon blocks it
    The guidelines allow only product instructions, warranty information and invoices as
    attachments; Seller Central refuses files over 10 MB.

    ## Example
    attachments: summer_coupon.jpg, catalogue.zip

    ## Use instead
    attachments: Rechnung_113-1234567-1234567.pdf, user_manual.pdf

    ## Fix safety
    No fix.
    """
    for attachment in analysis.message.attachments:
        verdict = judge(attachment, analysis.message.message_type)
        if verdict is None:
            continue
        severity, message = verdict
        yield Finding(message, where="attachments",
                      severity=Severity.WARNING if severity is Severity.WARNING else None)
