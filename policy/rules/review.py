"""Does the message ask for a product review or seller feedback?

Several parts need the same answer: C205-C208 judge how a review is requested, C202 and O105
count a review request as a permitted purpose, and the proxy counts review requests per order
across channels (a second one is C208), so it needs this answer even when no rule fires. The
phrases live in `policy/data/phrases/review_request.toml`: a verb of asking joined to a review
noun ("leave a review", "eine Bewertung abgeben", "レビューをお願い"), never the bare word, because
"please review the attached invoice" or "thank you for your feedback" ask for nothing.
"""

from __future__ import annotations

from policy import phrase_view, phrases


def _requests(view: phrase_view.TextView, proactive: bool) -> list[tuple[int, int]]:
    """Explicit requests always count; softer invitations ("your opinion matters to us") only
    in proactive messages. A reply saying so answers the buyer, and counting it would make a
    later Request a Review look like a repeat (C208)."""
    def compute():
        sets = phrases.load("review_request")
        found = sets["request"].finditer(view)
        if proactive:
            found = sorted(set(found) | set(sets["soft"].finditer(view)))
        return found

    return view.memo(f"review_requests:{proactive}", compute)


def review_request_matches(analysis) -> list[tuple[int, int]]:
    """Every phrase span in `analysis.text` that asks for a review (shared with other rules)."""
    return _requests(phrase_view.view(analysis), analysis.message.kind == "proactive")


def find_review_request(analysis) -> tuple[int, int] | None:
    """The span in `analysis.text` of the sentence that asks for a review, or None."""
    view = phrase_view.view(analysis)
    matches = review_request_matches(analysis)
    if not matches:
        return None
    start, end = matches[0]
    s, e = view.sentence_at(start)
    if s == e:
        return start, end
    return s, max(e, end)
