"""Does the message ask for a product review or seller feedback?

Several parts need the same answer: C205-C208 judge how a review is requested, C202 and O105
count a review request as a permitted purpose, and the proxy counts review requests per order
across channels (a second one is C208), so it needs this answer even when no rule fires. The
phrases live in `policy/data/phrases/review_request.toml`: a verb of asking joined to a review
noun ("leave a review", "eine Bewertung abgeben", "レビューをお願い"), never the bare word, because
"please review the attached invoice" or "thank you for your feedback" ask for nothing.
Listed phrasings never cover every way sellers ask, so `review_wish.toml` adds the class: a
review noun and a request marker addressed to the buyer ("please", "we'd appreciate", "if you
have a moment", "könnten Sie", "ci piacerebbe", "幸いです") in one sentence, minus the
sentences that share those words and ask nothing (thanks for a review left, "we reviewed your
return", reviews the buyer reads, "questions or feedback" in a help offer).
"""

from __future__ import annotations

from policy import phrase_view, phrases


def _requests(view: phrase_view.TextView, proactive: bool) -> list[tuple[int, int]]:
    """Explicit requests always count; softer invitations ("your opinion matters to us") only
    in proactive messages. A reply saying so answers the buyer, and counting it would make a
    later Request a Review look like a repeat (C208). The wish-shaped requests (review_wish)
    count in proactive messages only too: in a reply a review noun beside "could you" is
    mostly about reviews the buyer read or asked about."""
    def compute():
        sets = phrases.load("review_request")
        found = sets["request"].finditer(view)
        if proactive:
            wish = phrases.load("review_wish")["wish"].finditer(view)
            found = sorted(set(found) | set(sets["soft"].finditer(view)) | set(wish))
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
