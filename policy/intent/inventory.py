"""The intent inventory: the fixed list of things a sentence can do, as ids with definitions.

`docs/intents.md` is the contract with the people who write training sentences; this module is
the same list for the code (a test keeps the two equal). The order of `INTENTS` is the order of
the heads in the shipped weights, so adding an intent means retraining, and renaming one means
relabelling: neither happens silently.
"""

from __future__ import annotations

INTENTS: dict[str, str] = {
    "review-request": "asks or invites the buyer to write a review, leave feedback or rate",
    "value-for-review": "connects anything of value with reviewing or feedback",
    "rating-steer": "pushes the rating or the review's content favourably",
    "review-gate": "makes the review depend on satisfaction, or steers unhappy buyers away",
    "review-change": "asks to remove, change, update or add to an existing review",
    "courtesy-only": "does nothing but be courteous: thanks, welcome, offers of help, greetings",
    "purpose-fulfilment-problem": "tells of or deals with a problem fulfilling the order",
    "purpose-order-info": "asks for or confirms information needed to complete the order",
    "purpose-return": "deals with a return, refund or exchange the buyer started or asked about",
    "purpose-invoice": "sends or concerns an invoice or receipt the buyer needs",
    "purpose-delivery-scheduling": "arranges delivery of a large or bulky item",
    "purpose-home-services": "arranges a Home Services appointment",
    "purpose-custom-design": "concerns a custom or personalised item's design",
    "purpose-other-needed-contact": "other contact the buyer needs to receive or use the purchase",
    "promotion": "markets: coupons, other products, store visits, social media, newsletters",
    "order-or-dispatch-confirmation": "announces or confirms the order, dispatch or tracking",
    "hostile": "is profane, sexual, violent, threatening or harassing",
    "link-needed-for-order": "presents a link as needed to complete this order",
}

IDS: tuple[str, ...] = tuple(INTENTS)
PURPOSES: frozenset[str] = frozenset(i for i in IDS if i.startswith("purpose-"))
REVIEW: frozenset[str] = frozenset(
    ("review-request", "value-for-review", "rating-steer", "review-gate", "review-change"))
LANGUAGES = ("en", "de", "fr", "es", "it", "ja")


def validate(intents, where: str = "") -> list[str]:
    """The intents as a sorted list, or ValueError naming an unknown one (and `where`)."""
    unknown = [i for i in intents if i not in INTENTS]
    if unknown:
        raise ValueError(f"{where}: unknown intent(s) {', '.join(unknown)}")
    return sorted(set(intents), key=IDS.index)
