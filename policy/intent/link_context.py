"""C209's question, asked of the model and the message together: does the order need this link?

POLICY_READING allows an https link the order needs (a freight carrier's booking page for a
bulky item, a custom-design proof to approve, an upload page for a custom order) and blocks
the seller's shop, social media and review sites. Neither the link's sentence nor the message
decides alone: "choose a slot on this page" is needed in a delivery-scheduling message and
promotion in a newsletter. So the message's purpose (its SP-API type, or a sentence read as
one of the purposes whose work happens on a page) and the reading of the sentence presenting
the link are combined, relative to each intent's own thresholds (thresholds.json).
"""

from __future__ import annotations

from policy import phrase_view, phrases
from policy.intent.compose import Reading, Sentence, enabled, read
from policy.report import Severity

# The purposes whose work often happens on a page the seller links to: a freight carrier's
# booking page (delivery scheduling, Home Services), a proof to approve (custom design), an
# upload page for a custom order (information needed), an access key's page (other contact).
LINK_PURPOSES = ("purpose-delivery-scheduling", "purpose-home-services", "purpose-custom-design",
                 "purpose-order-info", "purpose-other-needed-contact")
# SP-API message types that state such a purpose for the whole message.
LINK_MESSAGE_TYPES = frozenset(("confirmDeliveryDetails", "confirmCustomizationDetails",
                                "confirmOrderDetails", "confirmServiceDetails",
                                "createDigitalAccessKey"))
# What a sentence must not also read as for its link to pass: a page the order needs is
# neither an offer nor a place to review.
_NOT_FOR_THE_ORDER = ("promotion", "review-request", "rating-steer", "value-for-review")
# A link on a line of its own is introduced by a sentence just before it ("choose a slot on
# the carrier's page:"); this many judged sentences back are its context.
LINK_CONTEXT_BACK = 3


def page_purpose(analysis) -> Severity | None:
    """How surely is the message, as a whole, for a purpose whose work may happen on a linked
    page? ERROR: the SP-API message type says so, or a sentence of the subject or body reads
    as one of `LINK_PURPOSES` at that intent's error threshold; WARNING: only at warn."""
    if analysis.message.message_type in LINK_MESSAGE_TYPES:
        return Severity.ERROR
    levels = {s.level(name) for s in read(analysis) for name in LINK_PURPOSES}
    if Severity.ERROR in levels:
        return Severity.ERROR
    return Severity.WARNING if Severity.WARNING in levels else None


def _link_context(analysis, start: int, end: int) -> list[Sentence]:
    """The judged sentences that present the link at text[start:end]: its own sentence when
    it has words of its own, else the few judged sentences before it."""
    body = [s for s in read(analysis) if s.where == "text"]
    for i, s in enumerate(body):
        if s.start <= start < s.end or s.start < end <= s.end:
            if s.scores is not None:
                return [s]
            before = [b for b in body[:i] if b.scores is not None]
            return before[-LINK_CONTEXT_BACK:]
    return []


def _opts_out(analysis, context: list[Sentence]) -> bool:
    """Does an opt-out (optout.toml) sit in the sentences presenting the link or in the one
    just before them? Set BN: "Vous ne souhaitez plus recevoir nos messages ? Désinscrivez-vous
    ici : https://www.<shop>.fr/desinscription", in a message the model read as about the
    installation, passed as a page the order needs."""
    body = [s for s in read(analysis) if s.where == "text"]
    first = body.index(context[0])
    spans = [(s.start, s.end) for s in body[max(first - 1, 0):first] + context]
    view = phrase_view.view(analysis)
    return any(a <= start < b for a, b in spans
               for start, _ in phrases.load("optout")["optout"].finditer(view))


def link_needed(analysis, start: int, end: int) -> Reading | None:
    """Does the message present the link at text[start:end] as needed for the order?

    POLICY_READING's C209 decides by the message's purpose and the link's sentence together:
    the message is for a purpose whose work happens on a page (`page_purpose`), and the
    sentence that presents the link reads as that purpose or as a page the order needs (at
    warn when the purpose is confident, at error when it is not), and not, even weakly, as
    promotion or a review request. Then
    an https link passes (a freight carrier's booking page, a design proof, an upload page);
    a shop, a social page or a review site reads as promotion or review and still fires."""
    if not enabled(analysis):
        return None
    purpose = page_purpose(analysis)
    if purpose is None:
        return None
    context = _link_context(analysis, start, end)
    if not context or any(s.level(n) for s in context for n in _NOT_FOR_THE_ORDER):
        return None
    if _opts_out(analysis, context):
        return None  # a way to stop the seller's messages is no page the order needs (C210)
    # A confident purpose lets a link pass that its sentence presents as that purpose or as a
    # needed page, even weakly; a weak purpose needs the page itself read confidently.
    names = ("link-needed-for-order", *LINK_PURPOSES) if purpose is Severity.ERROR \
        else ("link-needed-for-order",)
    wanted = Severity.WARNING if purpose is Severity.ERROR else Severity.ERROR
    best = None
    for s in context:
        for name in names:
            level = s.level(name)
            if level is None or (wanted is Severity.ERROR and level is not Severity.ERROR):
                continue
            if best is None or s.score(name) > best.confidence:
                best = Reading(s, name, s.score(name), level)
    return best
