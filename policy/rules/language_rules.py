"""O104: the body must be in the buyer's language.

Amazon requires every message in the buyer's language of preference (SP-API `buyer.locale`).
The rule only speaks when it is sure: it needs `buyer_language`, enough prose to judge, and a
confident guess from `policy.language`. Sellers often write the same text twice (the buyer's
language and English); a body in which the buyer's language holds a real share of the prose
passes, so the check runs per paragraph as well as on the whole body.
"""

from __future__ import annotations

from policy import language
from policy.registry import Finding, rule
from policy.report import Severity

MIN_PROSE = 40  # weighted letters; below this a body is too short to judge
BUYER_SHARE = 0.2  # this share of the prose in the buyer's language makes a bilingual body
BUYER_LETTERS = 60  # ... or this many letters of it
OTHER_SHARE = 0.6  # without a whole-body guess, this share in one other language is enough

NAMES = {"en": "English", "de": "German", "fr": "French", "es": "Spanish", "it": "Italian",
         "ja": "Japanese", "nl": "Dutch", "sv": "Swedish", "pl": "Polish", "tr": "Turkish",
         "ar": "Arabic", "pt": "Portuguese", "hi": "Hindi"}


def _name(code: str) -> str:
    return NAMES.get(code, code)


@rule("O104", "wrong-language", Severity.ERROR,
      "Messages must be written in the buyer's language of preference.")
def wrong_language(analysis):
    """Flags a body written in a language other than the buyer's.

    ## What it does
    Compares the body's language with the buyer's. The buyer's language comes from
    `buyer_language` (a locale such as `de-DE` or `ja_JP`). It only fires when the body has
    enough prose for a confident guess, and it skips messages whose buyer language is unknown. A
    bilingual body passes when the buyer's language holds a real part of it (a fifth of the
    prose, or a full paragraph).

    ## Why Amazon blocks it
    The guidelines require messages in the buyer's language of preference; a message the buyer
    cannot read is not a useful message.

    ## Example
    Buyer language `de`: "Hello, we need your delivery time window for the sofa you ordered."

    ## Use instead
    "Guten Tag, bitte nennen Sie uns ein Lieferzeitfenster für das bestellte Sofa." An English
    copy below the German text is fine.

    ## Fix safety
    No fix: the text has to be translated by the seller.
    """
    buyer = language.normalise(analysis.message.buyer_language)
    if not buyer:
        return
    whole = analysis.language
    if whole == buyer:
        return  # the common case: one confident guess, no per-paragraph work
    text = analysis.masked_text
    total = language.letter_weight(text)
    if total < MIN_PROSE:
        return
    blocks = language.paragraphs(text)
    by_language: dict[str, int] = {}
    for block in blocks:
        if block.guess:
            by_language[block.guess.language] = by_language.get(block.guess.language, 0) + block.letters
    buyer_letters = by_language.get(buyer, 0)
    if buyer_letters >= BUYER_LETTERS or buyer_letters >= BUYER_SHARE * total:
        return
    if whole is None:
        if not by_language:
            return
        whole, letters = max(by_language.items(), key=lambda item: item[1])
        if whole == buyer or letters < OTHER_SHARE * total:
            return
    first = next((b for b in blocks if b.guess and b.guess.language == whole), None)
    start, end = (first.start, first.end) if first else (0, len(analysis.text))
    yield Finding(
        f"The message is in {_name(whole)} but the buyer's language is {_name(buyer)}: "
        f"write it in {_name(buyer)} (a copy in a second language may follow).",
        start, end)
