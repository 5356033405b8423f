"""C204-C208: how a message asks for a review or seller feedback.

Asking for a review is a permitted reason for a proactive message; what Amazon blocks is
buying it (C204), steering it (C205), asking only happy buyers (C206), asking to change one
(C207, in `review_change.py`); asking twice for one order (C208) is in `review_repeat.py`. Each rule needs the review in context, never the
bare word: "your refund has been processed" beside a neutral request is not an incentive, and
"if you have questions, contact us" beside one is not gating. Phrases are data in
`policy/data/phrases/review_*.toml`; this module holds only the logic that combines them.
"""

from __future__ import annotations

import re

from policy import phrase_view, phrases
from policy.intent import compose, explaining, message_purpose
from policy.intent.combine import combine
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules.review import review_request_matches


def _set(file: str, name: str) -> phrases.PhraseSet:
    return phrases.load(file)[name]


def _near(view: phrase_view.TextView, spans, index: int, reach: int = 1) -> bool:
    return any(abs(view.sentence_index(s) - index) <= reach for s, _ in spans)


def _explained(analysis, findings: list) -> list:
    """The findings minus those in sentences of a reply that explain, because the buyer asked,
    how reviews work (review_change.toml [explained]): POLICY_READING reads those as neither
    steering (C205) nor a change request (C207). A request elsewhere in the reply stays."""
    if analysis.message.kind != "reply" or not findings:
        return findings
    view = phrase_view.view(analysis)
    pset = _set("review_change", "explained")
    own = _set("review_change", "self_service")

    def explains(index: int) -> bool:
        # "We cannot touch reviews. You can edit yours under Your Orders.": the second
        # sentence says what the buyer may do, as part of the same explanation; so does the
        # first of "You can edit your own review any time. We as sellers cannot." Two
        # sentences away too (set BS): "We cannot delete or change reviews ... You'll find
        # yours under Your Profile. There you can edit or delete any of them."
        return view.found_in(pset, index) or (view.found_in(own, index) and any(
            0 <= other < len(view.sentences) and view.found_in(pset, other)
            for other in (index - 2, index - 1, index + 1, index + 2)))

    return [f for f in findings if f.where != "text" or f.start is None
            or not (explains(view.sentence_index(f.start))
                    or explaining.explains_or_declines(analysis, f.start))]


@rule("C204", "review-incentive", Severity.ERROR,
      "Offer nothing of value (money, gifts, discounts, refunds, free products, future "
      "benefits) in exchange for a review or feedback.")
def review_incentive(analysis):
    """Flags value offered in exchange for, or on condition of, a review or feedback.

    ## What it does
    Finds a thing of value (gift card, discount, coupon, refund, free product, cash back,
    prize draw, VIP or early access, a longer warranty (also "extended from 1 to 3 years",
    "upgrade your warranty", "Garantieverlängerung"), a set or sample "we'd love to send
    you", "a little something") tied to a review by an exchange or a condition ("in exchange
    for", "once you post your review", "leave a review and get"), or by a draw among reviewers
    ("we pick five customers who reviewed", "reviewers are entered"), within one or two
    sentences. A giveaway in a sentence that only promotes ("follow us for giveaways") is C203.
    The intent model adds sentences it reads as value for a review (a refill, bonus content,
    "a little surprise") in a sentence about a review: an error when confident, else a
    warning; a fact ("your refund has been processed") is not an offer. A thing of value
    named in the very sentence that asks for the review ("si vous donnez votre avis, nous
    vous rembourserons les frais de port") needs only a weak reading of the exchange
    (`message_shape.value_in_request`).

    ## Why Amazon blocks it
    The Communication Guidelines forbid content that incentivizes reviews or feedback by
    compensation, money, gift cards, free or discounted products, refunds, rebates,
    reimbursements or future benefits. Incentivized reviews also break Amazon's review policy.

    ## Example
    ```
    Leave us a 5-star review and we'll send you a $10 gift card!
    ```

    ## Use instead
    ```
    If you have a moment, we'd appreciate an honest review of the product on Amazon.
    ```

    ## Fix safety
    No automatic fix: the offer has to be removed and the sentence rewritten.
    """
    refused = _refused(analysis)
    view = phrase_view.view(analysis)
    for finding in combine(analysis, "C204", list(_incentive_patterns(analysis)), _INCENTIVE):
        if finding.where != "text" or finding.start is None:
            yield finding
            continue
        index = view.sentence_index(finding.start)
        if index in refused or _explaining_reply(analysis, finding, index):
            continue
        if analysis.message.kind == "reply" \
                and explaining.explains_or_declines(analysis, finding.start):
            continue
        yield finding


def _explaining_reply(analysis, finding, index: int) -> bool:
    """Is this a model-only reading, below MODEL_FLOOR, in a reply with no thing of value
    within a sentence of it? A reply explaining how ratings work ("la media se calcula con las
    valoraciones de todos los compradores", value 0.51) names reviews and nothing to gain."""
    if analysis.message.kind != "reply" or finding.evidence != "model":
        return False
    if (finding.confidence or 0.0) >= compose.MODEL_FLOOR:
        return False
    view = phrase_view.view(analysis)
    values = (_set("review_incentive", "value").finditer(view)
              + phrases.load("marketing")["future_discount"].finditer(view))
    return not _near(view, values, index)


def _refused(analysis) -> set[int]:
    """Sentences that refuse to give anything for a review (review_incentive.toml [refused]):
    "we can't offer you a discount in exchange for a review" names the exchange, and the model
    reads it as value for a review (0.6-0.9), but it offers nothing."""
    view = phrase_view.view(analysis)
    return {view.sentence_index(s) for s, _ in _set("review_incentive", "refused").finditer(view)
            if explaining.may_refuse(analysis, s)}


_INCENTIVE = ("Do not offer anything of value for a review or feedback; remove the offer and "
              "ask neutrally.")


def _incentive_patterns(analysis):
    view = phrase_view.view(analysis)
    values = _set("review_incentive", "value").finditer(view)
    if not values:
        return
    nouns = _set("review_incentive", "noun").finditer(view)
    # A request in words no phrase knows ("pop your thoughts up on the Amazon listing") counts
    # when the model is sure of it (MODEL_FLOOR), as in compose._about_review.
    requests = review_request_matches(analysis) + [
        (s.start, s.end) for s in compose.read(analysis)
        if s.where == "text" and s.score("review-request") >= compose.MODEL_FLOOR]
    if not nouns and not requests:
        return
    links = _set("review_incentive", "link").finditer(view)
    # "We can't offer you anything in exchange for a review": a refusal names the exchange and
    # offers nothing ([refused]).
    refused = _refused(analysis)
    links = [(s, e) for s, e in links if view.sentence_index(s) not in refused]
    # ... and the value it names ("weder Gutscheine noch Rabatte") is not on offer either
    values = [(s, e) for s, e in values if view.sentence_index(s) not in refused]
    # A giveaway in a sentence that only promotes ("follow us for giveaways!") is marketing
    # (C203), not a reward for the review asked for in the sentence before.
    promo = phrases.load("marketing")["marketing"].finditer(view)
    if promo:
        about_review = {view.sentence_index(s) for s, _ in (*nouns, *requests, *links)}
        promo_only = {view.sentence_index(s) for s, _ in promo} - about_review
        values = [(s, e) for s, e in values if view.sentence_index(s) not in promo_only]
    reported: set[int] = set()
    for start, end in links:
        index = view.sentence_index(start)
        if index in reported:
            continue
        if not _near(view, values, index):
            continue
        if not (_near(view, nouns, index) or _near(view, requests, index)):
            continue
        reported.add(index)
        s, e = view.sentence_at(start)
        yield Finding(_INCENTIVE, s, e)


@rule("C205", "review-persuasion", Severity.ERROR,
      "Do not ask for a positive or 5-star review or steer what the buyer writes.")
def review_persuasion(analysis):
    """Flags requests for a positive or 5-star review and attempts to steer its content.

    ## What it does
    Finds "positive review", "5 stars", "good feedback", "rate us highly", "mention our fast
    shipping", "share what you loved" and the like in the six languages, when the message is about a review. "An
    honest review, positive or negative" passes, and so do stars that grade the product or a
    place ("a 5-star energy rating", "used in 5-star hotels") and stars that are a setting or
    level of the product ("the 5-star browning setting", "turn the dial to 5 stars",
    "5-Sterne-Stufe"), unless the thing set is the rating itself. The intent model adds
    sentences it reads as steering the rating without those words (praise placed before the
    ask, a good review as a favour a small shop needs, a rating target): an error when
    confident, a warning ("may read as steering the rating") when less so. Telling the buyer
    what to write about ("mention how quiet it is", "destacara la rapidez", "について触れて")
    fires in a sentence about a review or right after one that asks; wordings no phrase
    knows ("cuente lo bien afinadas que vienen", "put exactly that into a review") are read by
    the clause concept names-praise (`clauses.praise_readings`); so does a good opinion
    presumed in or right before a proactive ask ("I'm sure you love it already", "Sie sind
    bestimmt schon begeistert", "seguro que ya te ha encantado"). In a reply, a
    sentence that explains what the buyer asked (the whole star scale, "what you liked or
    disliked") is not steering.

    ## Why Amazon blocks it
    The guidelines forbid language that persuades the buyer to submit positive reviews or
    seller feedback; only a neutral request is allowed.

    ## Example
    ```
    If you like it, please leave us 5 stars!
    ```

    ## Use instead
    ```
    We'd appreciate your honest review of the product.
    ```

    ## Fix safety
    No automatic fix: removing the adjective can leave a broken sentence.
    """
    view = phrase_view.view(analysis)
    pset = _set("review_persuasion", "persuasion")
    matches = pset.finditer(view)
    # "five-star hotel towels" is a product name, not a request: the message must be about a
    # review (a request, a review noun, or a request the model is sure of: "if you write good
    # comment about our board on Amazon", 0.98).
    if matches and not (review_request_matches(analysis)
                        or _set("review_incentive", "noun").found(view)
                        or any(s.where == "text" and s.score("review-request")
                               >= compose.MODEL_FLOOR for s in compose.read(analysis))):
        # ... unless the steering names Amazon itself: "a good comment for us on Amazon"
        matches = [(s, e) for s, e in matches if "amazon" in view.folded[s:e]]
    # A star or a quality named inside wording that spans the whole scale or both ways ("from
    # ★ to ★★★★★", 良かった点もそうでなかった点も, [balanced]) steers nothing.
    both_ways = _set("review_persuasion", "balanced").finditer(view) if matches else []
    matches = [(s, e) for s, e in matches
               if not any(bs <= s and e <= be for bs, be in both_ways)]
    found, seen = [], set()
    for start, end in matches:
        index = view.sentence_index(start)
        if index in seen:
            continue
        seen.add(index)
        found.append(Finding(pset.message, start, end))
    for name, spans in (("mention", _what_to_mention(analysis)),
                        ("presumed", _before_ask(analysis, "presumed", PRESUMED_REACH)),
                        ("praised", _before_ask(analysis, "praised", PRAISED_REACH)),
                        ("favour", _before_ask(analysis, "favour", FAVOUR_REACH, after=True))):
        for start, end in spans:
            index = view.sentence_index(start)
            if index not in seen:
                seen.add(index)
                found.append(Finding(_set("review_persuasion", name).message, start, end))
    yield from _explained(analysis, combine(analysis, "C205", found, pset.message))


def _asking_sentences(analysis, view) -> set[int]:
    """Sentences that ask for a review: a request phrase, or the model's reading at warn."""
    asks = {view.sentence_index(s) for s, _ in review_request_matches(analysis)}
    return asks | message_purpose.request_sentences(analysis)


def _what_to_mention(analysis) -> list[tuple[int, int]]:
    """Spans that tell the buyer what to write about (review_persuasion.toml [mention]) in a
    sentence about a review (a review noun or request there) or right after one that asks."""
    view = phrase_view.view(analysis)
    marks = _set("review_persuasion", "mention").finditer(view)
    if not marks:
        return []
    asks = _asking_sentences(analysis, view)
    nouns = {view.sentence_index(s) for s, _ in _set("review_incentive", "noun").finditer(view)}
    # "include the good points and the bad" (良い点も悪い点も含めて) names what to write, but
    # both ways: neutral by POLICY_READING's C205 ([balanced])
    balanced = {view.sentence_index(s)
                for s, _ in _set("review_persuasion", "balanced").finditer(view)}
    # up to MENTION_REACH sentences after the ask: "Kindly write a review. We are sure you
    # have felt the difference. Please tell other musicians about the rich sustain."
    return [(s, e) for s, e in marks
            if view.sentence_index(s) not in balanced
            and (view.sentence_index(s) in asks | nouns
                 or any(view.sentence_index(s) - k in asks
                        for k in range(1, MENTION_REACH + 1)))]


MENTION_REACH = 2


# How many sentences a presumed good opinion may stand before the ask: a line of praise often
# sits between them ("Surely you love it. Its blade stays sharp for years. Would you review
# it?"), and the presumption still frames the ask.
PRESUMED_REACH = 2


# Praise in others' words ([praised]) steers only right before the ask or inside it: two
# sentences up it is the product's description.
PRAISED_REACH = 1
# "Would you leave a review? It's just me running this shop and every star counts": the
# favour ([favour]) frames the ask from either side, a sentence or two away.
FAVOUR_REACH = 2


def _before_ask(analysis, name: str, reach: int, after: bool = False) -> list[tuple[int, int]]:
    """Spans of review_persuasion.toml [name] (a presumed good opinion, praise of the product,
    a rating as a favour) in a proactive sentence that asks for a review or up to `reach`
    sentences before one (or after it, when `after`). A reply may echo what the buyer said
    ("so glad you love it"), so replies are left out."""
    view = phrase_view.view(analysis)
    marks = (_set("review_persuasion", name).finditer(view)
             if analysis.message.kind == "proactive" else [])
    asks = _asking_sentences(analysis, view) if marks else set()
    steps = range(-reach if after else 0, reach + 1)
    return [(s, e) for s, e in marks if any(view.sentence_index(s) + k in asks for k in steps)]


@rule("C206", "review-gating", Severity.ERROR,
      "Ask every buyer the same neutral way: not only satisfied buyers, and never send unhappy "
      "buyers to the seller instead of the review.")
def review_gating(analysis):
    """Flags review requests that depend on the buyer's satisfaction.

    ## What it does
    Finds a satisfaction condition ("if you are happy with it", "wenn Sie zufrieden sind",
    "ご満足いただけましたら") in a message that asks for a review, and diversions such as
    "contact us before leaving a review", "before you post it, drop us a line", "scrivici
    prima qui" or "instead of negative feedback, write to us", in the formal and the informal
    address.
    "Contact us if you have any questions" beside a neutral request is fine. A satisfaction
    question answered by the request ("¿Está satisfecha? Si la respuesta es sí, ...") and a
    stated preference ("we would rather hear from you than read it in a review", "write to us
    and not in the reviews") are gating too; the request may be a phrase or a sentence the
    intent model reads as one. The model adds other gating phrased as a question or a
    preference, unless the sentence invites either opinion ("positive or negative").

    ## Why Amazon blocks it
    The guidelines forbid asking for a review only when the buyer had a positive experience.
    Filtering unhappy buyers away from reviews skews the ratings other buyers rely on.

    ## Example
    ```
    If you're happy with your purchase, please leave a review. If not, contact us first!
    ```

    ## Use instead
    ```
    We'd appreciate your honest review. If you have any questions, we're here to help.
    ```

    ## Fix safety
    No automatic fix.
    """
    yield from combine(analysis, "C206", list(_gating_patterns(analysis)), _GATING)


_GATING = ("Ask every buyer for an honest review the same way; do not make the request depend "
           "on satisfaction or send unhappy buyers to you instead.")


def _model_requests(analysis, view, named: bool) -> set[int]:
    """Sentences the model reads as a review request (message_purpose.request_sentences). In
    a message that never names a review, such a reading counts only when it names Amazon
    ("we'd love to hear it on Amazon", 0.87) or is sure (compose.MODEL_FLOOR): in a refusal,
    "si le parfum ne vous convient pas, je peux vous indiquer ceux de notre gamme" read 0.83."""
    found = message_purpose.request_sentences(analysis)
    if named or not found:
        return found
    return {view.sentence_index(s.start) for s in compose.read(analysis)
            if s.where == "text" and view.sentence_index(s.start) in found
            and (_AMAZON.search(s.text) or s.score("review-request") >= compose.MODEL_FLOOR)}


_AMAZON = re.compile(r"amazon|アマゾン", re.IGNORECASE)

# How many sentences from the ask a satisfaction condition may stand and still gate it.
CONDITION_REACH = 1


def _gating_patterns(analysis):
    view = phrase_view.view(analysis)
    # A request is a request phrase or a sentence the model reads as one ("Partagez votre
    # expérience sur Amazon !" after "Vous êtes satisfait ... ?").
    phrased = {view.sentence_index(s) for s, _ in review_request_matches(analysis)}
    nouns = _set("review_incentive", "noun").finditer(view)
    asked = phrased | _model_requests(analysis, view, named=bool(phrased or nouns))
    requests = bool(asked)
    if not requests and not nouns:
        return
    conditions = _set("review_gating", "condition").finditer(view) if requests else []
    answers = _set("review_gating", "answered").finditer(view) if requests else []
    diverts = _set("review_gating", "divert").finditer(view)
    if not conditions and not diverts and not answers:
        return
    seen: set[int] = set()
    for start, end in sorted(conditions + diverts + answers):
        index = view.sentence_index(start)
        if index in seen:
            continue
        if (start, end) in answers:
            ok = index in asked  # "Loving it? Then a review ...": the ask itself answers
        elif (start, end) in diverts:
            ok = bool(requests) or _near(view, nouns, index, 0)
        else:
            # the condition sits in or right beside the ask: "si le parfum ne vous convient
            # pas, je peux vous indiquer d'autres parfums" in a refusal is no gate
            ok = any(abs(index - other) <= CONDITION_REACH for other in asked)
        if not ok:
            continue
        seen.add(index)
        yield Finding(_GATING, start, end)
