"""Readings of the clauses of a review request: the reward, the praise or the condition said in
the same sentence as the ask.

Why: the encoder gives one vector per sentence, and in "If you leave two lines on Amazon about
the diffuser, we will send you a free refill in return" the ask outweighs the reward: the
sentence reads as a review request (and the exchange at 0.1-0.3). Read apart, the clause
that carries the reward, the praise or the condition ("we would rather you wrote to us first
than put it in a review") reads as what it is. So for the sentences that are about a review
only, each clause (split at commas, semicolons, colons and dashes) is scored too, and a clause
whose strongest reading, leaving the review request aside, is value-for-review, rating-steer
or review-gate at that intent's error threshold makes the sentence a finding. Out of their
sentence, clauses are short and ambiguous, which is why only the review sentences are split
and only an error-level reading that is the clause's strongest counts. Replies are not split:
there a review sentence is most often an explanation the buyer asked for ("only the author can
edit a review: go to Your reviews, then Edit"), and its clauses read like the ask they explain.
"""

from __future__ import annotations

import re

import numpy as np

from policy import phrase_view
from policy.intent.compose import Reading, Sentence, judged, read
from policy.intent.inventory import IDS
from policy.report import Severity

CLAUSE_INTENTS = {"C204": "value-for-review", "C205": "rating-steer", "C206": "review-gate"}
_BREAK = re.compile(r"\s*(?:[,;:、，：；]|\s[-–—]\s)\s*")
_REQUEST = IDS.index("review-request")


def clauses(text: str) -> list[str]:
    """The clauses of a sentence worth scoring apart; [] when it has only one."""
    parts = [p.strip() for p in _BREAK.split(text)]
    parts = [p for p in parts if p and judged(p)]
    return parts if len(parts) > 1 else []


def _review_sentences(analysis) -> list[Sentence]:
    from policy.intent.compose import _review_named_within

    if analysis.message.kind == "reply":
        return []  # a reply may explain, on request, how stars and edits work
    return [s for s in read(analysis) if s.scores is not None and s.where == "text"
            and (s.level("review-request") is not None
                 or _review_named_within(analysis, s, 0))]


def clause_scores(analysis) -> list[tuple[Sentence, np.ndarray]]:
    """(sentence, one score row per clause) for the review sentences with several clauses,
    computed once per check."""
    cached = analysis.__dict__.get("_clause_scores")
    if cached is not None:
        return cached
    from policy.intent import encoder, heads

    todo = [(s, clauses(s.text)) for s in _review_sentences(analysis)]
    todo = [(s, parts) for s, parts in todo if parts]
    out: list[tuple[Sentence, np.ndarray]] = []
    if todo:
        with encoder.limit_threads():
            flat = [p for _, parts in todo for p in parts]
            rows = heads.load().scores(encoder.encode(flat))
        at = 0
        for s, parts in todo:
            out.append((s, rows[at:at + len(parts)]))
            at += len(parts)
    analysis.__dict__["_clause_scores"] = out
    return out


def clause_readings(analysis, code: str) -> list[Reading]:
    """The review sentences one of whose clauses reads, first and at its error threshold, as
    the code's intent."""
    intent = CLAUSE_INTENTS[code]
    k = IDS.index(intent)
    out = []
    for sentence, rows in clause_scores(analysis):
        best = 0.0
        for row in rows:
            others = row.copy()
            others[_REQUEST] = 0.0
            if int(others.argmax()) == k and row[k] >= float(sentence.error[k]):
                best = max(best, float(row[k]))
        if best:
            out.append(Reading(sentence, intent, best, Severity.ERROR))
    return out
