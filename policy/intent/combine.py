"""Pattern findings and model readings of one content code, merged into the rule's findings.

Why a module of its own: every content rule ends the same way (its phrase patterns' findings,
each told what its sentence reads as, plus the sentences only the model reads as violating the
code), and that merge is about presenting findings, not about judging sentences (`compose`).
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
        out.append(replace(
            f, reads_as=tuple(n for n, _ in s.intents()) if s else (),
            confidence=s.score(intent) if s is not None and intent else None,
            evidence="pattern+model" if model else "pattern",
            use_instead=f.use_instead or advice))
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
    return out
