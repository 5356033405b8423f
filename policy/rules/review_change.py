"""C207: asking the buyer to remove, change or update a review or feedback.

Split from `review_rules.py` (C204-C206), whose helpers it shares: a change request is found by
its verb and the review it acts on, by a pronoun right after a sentence that names the review,
or by the intent model, and a reply that explains on request how reviews work passes
(`review_rules._explained`).
"""

from __future__ import annotations

from policy import phrase_view
from policy.intent import compose
from policy.intent.combine import combine
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules.review_rules import _explained, _set


@rule("C207", "review-change-request", Severity.ERROR,
      "Never ask to remove, update or change an existing review or feedback, even after "
      "resolving the problem.")
def review_change_request(analysis):
    """Flags requests to remove, change or update an existing review or feedback.

    ## What it does
    Finds a verb of changing ("remove", "update", "reconsider", "ändern", "modifier",
    "eliminar", "modificare", "削除", and the subjunctives of polite requests: "modificara",
    "rimuovesse", "retiriez") whose object is a review, feedback or rating, or a review "to
    reflect" (or that "reflected") a resolution. "We updated your order" is not about a review.
    "Another look" at the review is a reconsideration in other words ("take another look at
    what you wrote", "darle una vuelta a tu valoración", "dare un'altra occhiata alla sua
    recensione"). The intent model adds soft change requests ("would you reconsider your
    rating?"). In a
    reply, a sentence that explains on request that sellers cannot edit or delete reviews, or
    repeats the buyer's question, asks nothing and passes.

    ## Why Amazon blocks it
    The guidelines forbid asking for the removal or update of a review or feedback, also
    after the problem was solved: buyers change a review of their own accord or not at all.

    ## Example
    ```
    Now that we've sent a replacement, could you please update your review?
    ```

    ## Use instead
    ```
    We've sent a replacement; it should arrive on Friday.
    ```

    ## Fix safety
    No automatic fix.
    """
    view = phrase_view.view(analysis)
    seen: set[int] = set()
    pset = _set("review_change", "change")
    found = []
    for start, end in pset.finditer(view):
        index = view.sentence_index(start)
        if index in seen:
            continue
        seen.add(index)
        found.append(Finding(pset.message, start, end))
    found += _change_by_pronoun(analysis, view, seen)
    yield from _explained(analysis, combine(analysis, "C207", found, pset.message))


# The pronoun's sentence must read as a change request before anything else, at this share of
# the intent's warn threshold: "now that it's sorted, could you adjust it?" reads 0.41 against
# 0.57, while "your address seems incomplete, could you update it?" after thanks for a review
# reads first as information the order needs (0.54, the change 0.52).
PRONOUN_LEAN = 0.5


def _change_by_pronoun(analysis, view, seen: set[int]) -> list[Finding]:
    """A change asked by a pronoun (review_change.toml [pronoun_change]) right after a sentence
    that names the review or feedback: "Your review still shows one star. Now that it is
    sorted, could you update it?" The pronoun's noun is the sentence before; anywhere else
    "update it" is about an address or an order."""
    marks = _set("review_change", "pronoun_change").finditer(view)
    if not marks:
        return []
    nouns = {view.sentence_index(s) for s, _ in _set("review_incentive", "noun").finditer(view)}
    out = []
    for start, end in marks:
        index = view.sentence_index(start)
        sentence = compose.sentence_of(analysis, start)
        k = compose.IDS.index("review-change")
        leans = (sentence is not None and sentence.scores is not None
                 and int(sentence.scores.argmax()) == k
                 and sentence.score("review-change") >= PRONOUN_LEAN * float(sentence.warn[k]))
        if index not in seen and index - 1 in nouns and index not in nouns and leans:
            seen.add(index)
            out.append(Finding(_set("review_change", "pronoun_change").message, start, end))
    return out
