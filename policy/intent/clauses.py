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

The sentence heads were trained on sentences; the clause concepts (`clause_concepts.py`) on
clauses. Three readings use them: a condition on the buyer being happy in a clause of the
asking sentence is gating (`satisfied_readings`, C206), value offered in one clause of a
sentence whose other clause asks is an exchange (`exchange_in`, C204), and good qualities
named for the review are steering (`praise_readings`, C205).
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


# "and" and its kin between two clauses of three words or more: "leave a few words about the
# filament on Amazon and a spare spool will find its way into your next parcel".
_CONJUNCTION = re.compile(r"\s+(?:and|und|et|y|e|ed)\s+", re.IGNORECASE)
_MIN_CONJOINED = 3


def coordinated(parts: list[str]) -> list[str]:
    """The parts, each split further where a coordinating conjunction joins two clauses of at
    least _MIN_CONJOINED words. Used for the value offered beside an ask (`exchange_in`), where
    the offer is often joined to the request by "and" ("review it and we'll pop a spool in"),
    not for the other clause readings, whose data split at punctuation only."""
    out = []
    for part in parts:
        pieces = [p.strip() for p in _CONJUNCTION.split(part)]
        if len(pieces) > 1 and all(len(p.split()) >= _MIN_CONJOINED for p in pieces):
            out += pieces
        else:
            out.append(part)
    return out


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
            rows = heads.load().scores(encoder.encode(flat), flat)
        at = 0
        for s, parts in todo:
            out.append((s, rows[at:at + len(parts)]))
            at += len(parts)
    analysis.__dict__["_clause_scores"] = out
    return out


# A clause that itself reads as the ask needs a surer satisfied-condition: "If you'd like to
# share your experience, you can write a review" read 0.68-0.69 in four compliant development
# messages (en, fr, it "se le fa piacere"), "If you're loving the results, would you ..." 0.89
# (the heads read that condition alone as a review request, 0.93).
ASKING_CLAUSE_FLOOR = 0.8


def satisfied_readings(analysis) -> list[Reading]:
    """Review requests made to depend on the buyer being happy (C206): a clause of the asking
    sentence reads as a satisfied-condition (`clause_concepts.py`)
    at its threshold. "Se il kit le è piaciuto, ci farebbe piacere leggere la sua recensione"
    read review-gate 0.58 as a whole, under the 0.81 it needs; "se il kit le è piaciuto" reads
    0.84 as a satisfied-condition. The whole sentence is not read, and a clause that reads as
    the review request itself needs ASKING_CLAUSE_FLOOR: the concept's positives were written
    with and without a review in them, and a whole request with any condition ("if you'd like
    to share your experience, you can write a review") reads close to its threshold."""
    from policy.intent import clause_concepts, encoder, heads

    concepts = clause_concepts.load()
    k = clause_concepts.CONCEPTS.index("satisfied-condition")
    todo = [(s, parts) for s in _review_sentences(analysis)
            if len(parts := clauses(s.text)) > 1]
    if not todo:
        return []
    with encoder.limit_threads():
        flat = [p for _, parts in todo for p in parts]
        vectors = encoder.encode(flat)
        satisfied = concepts.scores(flat, vectors)[:, k]
        request = heads.load().scores(vectors, flat)[:, _REQUEST]
    out, at = [], 0
    for s, parts in todo:
        rows = slice(at, at + len(parts))
        at += len(parts)
        asking = request[rows] >= float(s.warn[_REQUEST])
        apart = satisfied[rows][~asking | (satisfied[rows] >= ASKING_CLAUSE_FLOOR)]
        if apart.size and apart.max() >= concepts.error[k]:
            out.append(Reading(s, "satisfied-condition", float(apart.max()), Severity.ERROR))
    return out


def exchange_in(analysis, sentence: Sentence, asks: bool) -> float:
    """The value-offered score (`clause_concepts.py`) of the clause that offers something in a
    sentence that also asks for a review, or 0.0.

    The words of value are open-ended ("a spare spool will find its way into your next parcel,
    on us", "la prochaine cartouche, c'est nous qui l'offrons") and, said in their own clause,
    the sentence's value-for-review reading stays weak (0.21-0.24). So: a proactive sentence
    that asks (`asks`: read as a request at the error threshold; or a clause read so; or a
    clause read as one at the warn threshold in a sentence that names a review) and has
    another clause read as value-offered at its threshold is an exchange, unless the sentence
    deals with a fulfilment problem or a return (a refund or replacement is then a remedy,
    POLICY_READING's "a fact is not an offer")."""
    from policy.intent import clause_concepts, encoder, heads
    from policy.intent.compose import _review_named_within

    if analysis.message.kind != "proactive":
        return 0.0
    if not asks and sentence.level("review-request") is None \
            and not _review_named_within(analysis, sentence, 0):
        return 0.0  # no review in sight: not worth encoding its clauses
    parts = [p for p in coordinated([p.strip() for p in _BREAK.split(sentence.text)])
             if p and judged(p)]
    if len(parts) < 2:
        return 0.0
    if any(sentence.level(p) is not None for p in ("purpose-fulfilment-problem",
                                                    "purpose-return")):
        return 0.0
    concepts = clause_concepts.load()
    k = clause_concepts.CONCEPTS.index("value-offered")
    with encoder.limit_threads():
        vectors = encoder.encode(parts)
        value = concepts.scores(parts, vectors)[:, k]
        if value.max() < concepts.error[k]:
            return 0.0
        request = heads.load().scores(vectors, parts)[:, _REQUEST]
    offering = value >= concepts.error[k]
    error, warn = float(sentence.error[_REQUEST]), float(sentence.warn[_REQUEST])
    asking = (request >= error) | ((request >= warn)
                                   & _review_named_within(analysis, sentence, 0))
    if not asks and not (asking & ~offering).any():
        return 0.0
    return float(value[offering & ~asking].max(initial=0.0))


def praise_readings(analysis) -> list[Reading]:
    """Review requests that tell the buyer what to praise (C205): the asking sentence, one of
    its clauses, or in a proactive message the sentence right after the ask, reads as
    names-praise (`clause_concepts.py`) at its threshold.

    Why: steering the content by naming the good qualities to write about ("We would be very
    thankful if you wrote on Amazon how sharp the blade was straight from the box", "cuente lo
    bien afinadas que vienen de fábrica") reads as a plain review request to the sentence
    heads (rating-steer 0.37-0.64), and each fresh round brought such wordings the [mention]
    phrases lacked. A reply is read only where it asks itself (review-request at the error
    threshold) and does not only explain (`explaining.py`): "put exactly that into a review,
    especially the bit about it holding a size 22 hook"."""
    from policy.intent import clause_concepts, encoder, explaining

    body = [s for s in read(analysis) if s.scores is not None and s.where == "text"]
    if analysis.message.kind == "reply":
        asking = [s for s in body if s.level("review-request") is Severity.ERROR
                  and not explaining.explains_or_declines(analysis, s.start)]
        todo = [(s, [s.text, *clauses(s.text)]) for s in asking]
    else:
        asking = _review_sentences(analysis)
        starts = {s.start for s in asking}
        todo = [(s, [s.text, *clauses(s.text)]) for s in asking]
        for i, s in enumerate(body[:-1]):
            after = body[i + 1]
            if s.level("review-request") is not None and after.start not in starts:
                todo.append((after, [after.text]))
                starts.add(after.start)
    if not todo:
        return []
    concepts = clause_concepts.load()
    k = clause_concepts.CONCEPTS.index("names-praise")
    with encoder.limit_threads():
        flat = [p for _, parts in todo for p in parts]
        praise = concepts.scores(flat, encoder.encode(flat))[:, k]
    out, at = [], 0
    for s, parts in todo:
        best = float(praise[at:at + len(parts)].max())
        at += len(parts)
        if best >= concepts.error[k]:
            out.append(Reading(s, "rating-steer", best, Severity.ERROR))
    return out


def clause_readings(analysis, code: str) -> list[Reading]:
    """The review sentences one of whose clauses reads, first and at its error threshold, as
    the code's intent; for C206 also the satisfied-conditions (`satisfied_readings`), for C205
    the praise named (`praise_readings`)."""
    extra = {"C205": praise_readings, "C206": satisfied_readings}.get(code)
    if extra is None:
        return _clause_readings(analysis, code)
    best: dict[tuple[str, int], Reading] = {}
    for r in _clause_readings(analysis, code) + extra(analysis):
        key = (r.sentence.where, r.sentence.start)
        if key not in best or r.confidence > best[key].confidence:
            best[key] = r
    return list(best.values())


def _clause_readings(analysis, code: str) -> list[Reading]:
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


# A clause must read as hostile this surely, and before anything else, to make its sentence a
# threat; and its sentence must already lean hostile (HOSTILE_CLAUSE_LEAN of the warn
# threshold) to be split at all, which keeps the encoder off most sentences.
HOSTILE_CLAUSE = 0.9
HOSTILE_CLAUSE_LEAN = 0.4


def hostile_clauses(analysis) -> list[Reading]:
    """Sentences with a clause that reads as hostile first, at HOSTILE_CLAUSE (C213).

    Why: a threat is often said under a condition, and the condition dilutes the sentence's
    vector. "Si vuelve a dejar otra valoración así ..., publicaremos su nombre y su dirección
    en nuestras redes para que todo el mundo sepa qué clase de cliente es usted" read hostile
    0.55 as a whole (warn 0.78) and 0.99 for its second clause alone (set BN). Only sentences
    that lean hostile as a whole are split, and a clause needs SHORT_WORDS words, as a
    sentence does in `message_shape.hostile_alone`."""
    from policy.intent import encoder, heads
    from policy.intent.message_shape import _short

    k = IDS.index("hostile")
    todo = [(s, parts) for s in read(analysis)
            if s.scores is not None and s.score("hostile") >= HOSTILE_CLAUSE_LEAN * float(s.warn[k])
            and len(parts := clauses(s.text)) > 1]
    if not todo:
        return []
    with encoder.limit_threads():
        flat = [p for _, parts in todo for p in parts]
        rows = heads.load().scores(encoder.encode(flat), flat)
    out, at = [], 0
    for s, parts in todo:
        best = 0.0
        for part, row in zip(parts, rows[at:at + len(parts)]):
            clause = Sentence(s.where, s.start, s.end, part, row, s.error, s.warn)
            if int(row.argmax()) == k and row[k] >= HOSTILE_CLAUSE and not _short(clause):
                best = max(best, float(row[k]))
        at += len(parts)
        if best:
            out.append(Reading(s, "hostile", best, Severity.ERROR))
    return out
