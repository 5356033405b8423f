"""C208: a second review or feedback request for one order.

Split from `review_rules.py` (C204-C207, what a request says): this one is about the order's
history, the store's record of Request a Review presses and solicitations calls
(`review_already_requested`), or the message saying it repeats an earlier request.
"""

from __future__ import annotations

from policy import phrase_view
from policy.intent import compose, message_purpose
from policy.intent.advice import use_instead
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules.review import find_review_request, review_request_matches
from policy.rules.review_rules import _set


@rule("C208", "repeat-review-request", Severity.ERROR,
      "Ask for a review or feedback at most once per order, across Request a Review, the "
      "solicitations API and messages.")
def repeat_review_request(analysis):
    """Flags a review request for an order that already had one.

    ## What it does
    Fires when the message asks for a review or feedback and the order already had a review
    request: `review_already_requested` in the message context, which the guard sets from its
    store of Request a Review presses, solicitations calls and earlier messages (the request
    is a phrase, or a sentence the intent model confidently reads as one); or the message
    itself says it repeats an earlier request ("just a gentle follow-up to our message last
    week", "noch einmal erinnern", "先日お送りしたレビューのお願い") in or right before the
    sentence that asks (a request phrase, or a sentence the intent model reads as one).

    ## Why Amazon blocks it
    The guidelines allow one review request per order; pressing Request a Review and also
    asking in a message counts as two.

    ## Example
    ```
    (Request a Review already pressed for this order) Please leave us a review!
    ```

    ## Use instead
    Remove the review request from the message; the earlier request stands.

    ## Fix safety
    No automatic fix: the rest of the message may still need sending.
    """
    if analysis.message.review_already_requested:
        message = ("This order already had a review request; remove the request from this "
                   "message.")
        span = find_review_request(analysis)
        if span is not None:
            yield Finding(message, span[0], span[1])
            return
        sentence = _confident_request(analysis)
        if sentence is not None:
            yield Finding(message, sentence.start, sentence.end,
                          reads_as=tuple(n for n, _ in sentence.intents()),
                          confidence=sentence.score("review-request"), evidence="model",
                          use_instead=use_instead("C208", analysis))
            return
        # no request phrase and no confident reading: a nudge that only points back at the
        # earlier request ("just nudging you again about the review I asked for") is still
        # the second request the flag says this is; the reminder check below finds it
    reminder = reminder_of_request(analysis)
    if reminder is not None:
        sentence = compose.sentence_of(analysis, reminder[0])
        model = sentence is not None and sentence.level("review-request") is not None
        yield Finding("This message says it repeats an earlier review request; ask for a "
                      "review at most once per order.", reminder[0], reminder[1],
                      reads_as=tuple(n for n, _ in sentence.intents()) if sentence else (),
                      confidence=sentence.score("review-request") if sentence else None,
                      evidence="pattern+model" if model else "pattern",
                      use_instead=use_instead("C208", analysis))


def _confident_request(analysis):
    """The first body sentence the intent model reads as a review request at its error
    threshold, for a request no phrase names ("wir würden uns nach wie vor über Ihre ehrliche
    Meinung freuen"). A second request is C208 however it is worded (POLICY_READING)."""
    for sentence in compose.read(analysis) if compose.enabled(analysis) else ():
        if sentence.where == "text" and sentence.level("review-request") is Severity.ERROR:
            return sentence
    return None


def reminder_of_request(analysis) -> tuple[int, int] | None:
    """The sentence that says the message repeats an earlier review request: a reminder
    phrase (review_request.toml [reminder]) in the sentence that asks for a review or the one
    before it. The request is a request phrase or a sentence the intent model reads as one
    (`message_purpose.request_sentences`)."""
    view = phrase_view.view(analysis)
    marks = _set("review_request", "reminder").finditer(view) + _past_requests(view)
    if not marks:
        return None
    asks = {view.sentence_index(s) for s, _ in review_request_matches(analysis)}
    asks |= message_purpose.request_sentences(analysis)
    # "noch einmal überdenken", "take another look once again at your review": the sentence
    # asks for a change (C207), not for the review a second time
    changes = {view.sentence_index(s) for s, _ in _set("review_change", "change").finditer(view)}
    named = _review_named_alone(analysis, view)
    for start, _end in marks:
        index = view.sentence_index(start)
        if index in changes:
            continue
        if index in asks or index + 1 in asks or index in named:
            return view.sentence_at(start)
    return None


def _past_requests(view) -> list[tuple[int, int]]:
    """The seller's earlier message about the review, said in words ("we wrote last week to
    ask for your thoughts", "la settimana scorsa ti avevamo chiesto un parere"): a past
    contact ([past_request]) in a sentence that also names a review or an opinion. Without
    one it is context: "we wrote to you last week about the missing bolt"."""
    past = _set("review_request", "past_request").finditer(view)
    if not past:
        return []
    named = {view.sentence_index(s) for s, _ in _set("review_request", "opinion_word").finditer(view)}
    named |= {view.sentence_index(s) for s, _ in _set("review_incentive", "noun").finditer(view)}
    return [(s, e) for s, e in past if view.sentence_index(s) in named]


def _review_named_alone(analysis, view) -> set[int]:
    """Sentences of a proactive message with no purpose that name a review: "just circling
    back on my note about the review for order ...". The reminder is the request there; with
    a purpose ("following up on your review: the new lid ships today") it is context."""
    if analysis.message.kind != "proactive" or message_purpose.has_purpose(analysis, review=False):
        return set()
    return {view.sentence_index(s) for s, _ in _set("review_incentive", "noun").finditer(view)}
