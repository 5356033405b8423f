"""Sentences that only explain how reviews work, or only decline to reward one.

Why a learned reading: a reply that explains, on request, how reviews work ("nur die Person,
die die Bewertung geschrieben hat, kann sie ändern") and a refusal to reward a review ("we
can't give you a voucher for your feedback") name reviews, edits and rewards as a violation
does, and the sentence heads read them as one (a change request, an exchange). Until now they
were phrase exceptions (`review_change.toml [explained]`, `review_incentive.toml [refused]`),
and every fresh round of evaluation brought word orders the phrases lacked. The clause
concepts' third concept, `explains-or-declines` (`clause_concepts.py`), was written as whole
sentences by authors who saw only the policy, with hard negatives that explain or refuse and
then ask or offer anyway ("we can't pay for reviews, but everyone who posts one gets 10% off").

The concept also vets the refusal phrases (`may_refuse`). The reading is asked for only where
a review finding already stands, so the encoder sees a
sentence here at most once per check and most messages not at all (its vectors are cached).
"""

from __future__ import annotations

from policy.intent import compose


def explains_or_declines(analysis, start: int | None, where: str = "text") -> bool:
    """Does the read sentence holding offset `start` only explain or decline, at the
    concept's threshold (chosen out of fold for precision 0.95, `train_clauses.py`)?"""
    sentence = compose.sentence_of(analysis, start, where)
    if sentence is None or sentence.scores is None:
        return False
    return score(analysis, sentence.text) >= threshold()


# The refusal phrases (`review_incentive.toml [refused]`) see the refusal, not what follows it
# in the same sentence: "we can't pay for reviews, but everyone who posts one gets 10% off
# their next order" matched and passed as a reply (the concept reads it 0.27). A refusal
# phrase holds only where the concept reads its sentence at PHRASE_FLOOR or more. The
# explanation phrases (`review_change.toml [explained]`) are not gated so: the concept's
# authors wrote few how-to answers ("go to Your Orders and click Write a product review"), and
# gated at 0.35 they gave back 35 false blocks across the development sets.
PHRASE_FLOOR = 0.35


def may_refuse(analysis, start: int | None, where: str = "text") -> bool:
    """May the sentence holding `start` be the refusal a [refused] phrase found (the concept
    at PHRASE_FLOOR)? True when the model is off or the sentence is too short to judge: then
    the phrase decides alone, as before."""
    sentence = compose.sentence_of(analysis, start, where)
    if sentence is None or sentence.scores is None:
        return True
    return score(analysis, sentence.text) >= PHRASE_FLOOR


def score(analysis, text: str) -> float:
    """The concept's score for one sentence, computed once per check."""
    memo = analysis.__dict__.setdefault("_explaining", {})
    if text not in memo:
        from policy.intent import clause_concepts, encoder

        concepts = clause_concepts.load()
        k = clause_concepts.CONCEPTS.index("explains-or-declines")
        with encoder.limit_threads():
            memo[text] = float(concepts.scores([text], encoder.encode([text]))[0, k])
    return memo[text]


def threshold() -> float:
    from policy.intent import clause_concepts

    return clause_concepts.load().threshold("explains-or-declines")
