"""Pattern findings and model readings of one content code, merged into the rule's findings.

Why a module of its own: every content rule ends the same way (its phrase patterns' findings,
each told what its sentence reads as, plus the sentences only the model reads as violating the
code), and that merge is about presenting findings, not about judging sentences (`compose`).
The message model (`message_model`) is asked last, and only adds: a finding of its own when the
patterns and the composition found no error of the code.
"""

from __future__ import annotations

from policy.intent.compose import CODE_INTENT, READS_AS, findings, sentence_of
from policy.report import Severity


def combine(analysis, code: str, found: list, wording: str) -> list:
    """The pattern findings of `code`, each told what its sentence reads as, plus a finding
    for every sentence that only the model reads as violating `code`.

    `wording` is the rule's message for a model finding ("Do not ask for a positive review").
    An error from the model alone needs the intent's error threshold; between warn and error
    the finding is a warning that says the sentence "may read as" it."""
    from dataclasses import replace

    from policy.intent.advice import use_instead
    from policy.registry import Finding

    advice = use_instead(code, analysis)
    intent = CODE_INTENT.get(code)
    out, covered = [], set()
    for f in found:
        s = sentence_of(analysis, f.start, f.where) if f.where in ("text", "subject") else None
        if s is not None:
            covered.add((s.where, s.start))
        model = s is not None and intent is not None and s.level(intent) is not None
        unread = _unread_in_reply(analysis, code, s)
        out.append(replace(
            f, reads_as=tuple(n for n, _ in s.intents()) if s else (),
            confidence=s.score(intent) if s is not None and intent else None,
            evidence="pattern+model" if model else "pattern",
            use_instead=f.use_instead or advice,
            **({"severity": Severity.WARNING,
                "message": f"{f.message} (The words match, but the sentence does not read as "
                           f"{READS_AS.get(intent, intent)}: check it.)"} if unread else {})))
    for r in findings(analysis, code) if intent else []:
        s = r.sentence
        if (s.where, s.start) in covered:
            continue
        covered.add((s.where, s.start))
        what = READS_AS.get(r.intent, r.intent)
        if r.severity is Severity.ERROR:
            message = f"{wording} This sentence reads as {what} ({r.confidence:.2f})."
        else:
            message = f"This sentence may read as {what} ({r.confidence:.2f}). {wording}"
        out.append(Finding(message, s.start, s.end, where=s.where, severity=r.severity,
                           reads_as=tuple(n for n, _ in s.intents()),
                           confidence=r.confidence, evidence="model", use_instead=advice))
    return out + _whole_message(analysis, code, out, wording, advice)


# In a reply, a pattern finding of these codes whose sentence the model reads as the code's
# intent below PATTERN_FLOOR, and not as a review request, is a warning, not an error: replies
# explain what the buyer asked
# ("sellers cannot delete reviews, but you can edit yours under Your Orders"), and the words of
# the explanation are the words of the request. Across the fourteen development sets, 4 of the
# 5 reply findings of C203-C207 read below 0.1 were in messages without the code (a reply
# explaining deletion, an offer to pay return postage read as an incentive); the fifth ("I can
# send back $10 if you'd be willing to revisit your rating") reads as a review request (0.79),
# and an explanation does not. Proactive messages keep every pattern error (there 11 true
# findings read below 0.1). Session 13 raised the floor to 0.3 on the 72 development sets:
# four compliant replies that explain reviews (read 0.10-0.29) became warnings and no violating
# message lost its block; at 0.4 five violating replies did.
PATTERN_FLOOR = 0.3
_REPLY_READ_CODES = frozenset(("C203", "C204", "C205", "C206", "C207"))


def _unread_in_reply(analysis, code: str, sentence) -> bool:
    if (analysis.message.kind != "reply" or code not in _REPLY_READ_CODES or sentence is None
            or sentence.scores is None):
        return False
    return (sentence.score(CODE_INTENT[code]) < PATTERN_FLOOR
            and sentence.level("review-request") is None)


def _whole_message(analysis, code: str, found: list, wording: str, advice) -> list:
    """The message model's finding of `code`, when nothing found so far is an error: an error
    above its threshold, a warning between (only if nothing at all was found)."""
    from policy.intent import message_model
    from policy.registry import Finding

    if any(f.severity in (None, Severity.ERROR) for f in found):
        return []
    judgement = message_model.judge(analysis, code)
    if judgement is None or (found and not judgement.error) or _excused(analysis, code):
        return []
    s = judgement.sentence
    return [Finding(message_model.explanation(judgement, wording), s.start, s.end, where=s.where,
                    severity=Severity.ERROR if judgement.error else Severity.WARNING,
                    reads_as=tuple(n for n, _ in s.intents()), confidence=judgement.probability,
                    evidence="message-model", use_instead=advice)]


def _excused(analysis, code: str) -> bool:
    """Does the rule's own exception cover the message? A reply may explain the price or the
    offer the buyer asked about, or say where to find the spare part asked about, and that is no
    promotion (C203) unless a sentence urges the buyer to act on the offer. The rule applies the
    exception sentence by sentence to what it and the composition found; a reading of the whole
    message cannot be split so, so the exception silences it for the message."""
    if code != "C203" or analysis.message.kind != "reply":
        return False
    from policy import phrase_view, phrases

    view = phrase_view.view(analysis)
    sets = phrases.load("marketing")
    return (not sets["push"].found(view)
            and any(sets[name].found(view) for name in ("reply_ok", "price_explained",
                                                         "part_found")))
