"""S311: grammar errors in English text, found by Harper (harper-py).

Harper is an offline English grammar checker written in Rust: it loads in about a second and
lints a short message in a few milliseconds, so it is asked only for English paragraphs (never
for a body without one). Where it runs is `grammar_backend`'s concern: in this process by
default, in a child process the guard starts and stops (`proxy/grammar_worker.py`); the
findings are the same. When the backend cannot lint, one S311 finding without a span says that
grammar was not checked, so a text is never passed as clean unread. Other languages have no
offline grammar checker that installs from the package index, so only English paragraphs are
checked.

Harper reports much more than grammar, and several of its grammar heuristics misfire on the
way sellers write (headings with colons, "the little one", "Qty: 2"). `policy/data/grammar.toml`
therefore lists the rules S311 trusts, measured on realistic seller English; every other rule
is switched off in the linter, which also makes a lint about ten times cheaper. Order IDs,
links, e-mails and phone numbers are blanked before linting (`analysis.masked_text`) and lints
touching them are dropped. A few narrow patterns from the same data file add errors Harper
misses that are common in seller English ("could not founded", "the driver have",
"here are a short video"). The backend passes `dedup=False`
because Harper's default de-duplication hides short lints inside long ones.
"""

from __future__ import annotations

import re

from policy import language
from policy.datafile import load as data
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules.grammar_backend import RULES, GrammarUnavailable, Lint, current, linter

__all__ = ["GRAMMAR", "RULES", "PATTERNS", "grammar", "lint", "linter"]

GRAMMAR = data("grammar.toml")
_LISTS = {"{past}": "past_forms", "{noun}": "singular_nouns", "{plural}": "plural_nouns"}


def _expand(pattern: str) -> str:
    for slot, key in _LISTS.items():
        pattern = pattern.replace(slot, "|".join(GRAMMAR[key]))
    return pattern


PATTERNS = [(re.compile(_expand(p["pattern"]), re.IGNORECASE), p["message"])
            for p in GRAMMAR.get("patterns", ())]

MAX_CHARS = 10_000  # longer bodies are linted in their first part only (Harper is linear but slow)


def lint(text: str) -> list[Lint]:
    """Harper's lints for `text` (plain text), from the allowlisted rules only, from whichever
    backend is installed (`grammar_backend`: in this process unless the service chose a
    worker)."""
    return current().lint(text)


def _english_parts(analysis) -> list[tuple[int, int]]:
    text = analysis.masked_text
    whole = analysis.language
    if whole is None:
        buyer = language.normalise(analysis.message.buyer_language)
        if buyer == "en" and language.letter_weight(text) >= 8:
            ranked = language.rank(text)
            whole = "en" if ranked and ranked[0][0] == "en" else None
    blocks = language.paragraphs(text) if whole != "en" and "\n" in text.strip() else []
    if not blocks:
        return [(0, len(text))] if whole == "en" else []
    return [(b.start, b.end) for b in blocks if b.guess and b.guess.language == "en"]


@rule("S311", "grammar", Severity.WARNING, "Messages must not contain grammar errors.",
      needs=("grammar",))
def grammar(analysis):
    """Flags grammar errors in English text (Harper).

    ## What it does
    Finds grammar errors in English text. It runs the Harper grammar checker on the English
    parts of the body: subject-verb agreement,
    wrong articles, confused words (their/there, its/it's, would of), repeated words and
    similar errors. Spelling is left to S310; typography and style advice are not reported.

    ## Why Amazon blocks it
    Amazon's styling rules list grammar errors among the faults a message may not contain.

    ## Example
    "We has sent the parcel yesterday. Their is a problem with the address."

    ## Use instead
    "We sent the parcel yesterday. There is a problem with the address."

    ## Fix safety
    No fix: Harper's suggestions are often one of several and need a human to choose.
    """
    text = analysis.masked_text
    masked = [(t.start, t.end) for t in (*analysis.order_ids, *analysis.urls,
                                         *analysis.emails, *analysis.phones)]
    for start, end in _english_parts(analysis):
        end = min(end, start + MAX_CHARS)
        part = text[start:end]
        if not part.strip():
            continue
        spans = []
        for pattern, message in PATTERNS:
            for match in pattern.finditer(part):
                s, e = start + match.start(1), start + match.end(1)
                spans.append((s, e))
                yield Finding(f"{message}: '{match.group(1)}' looks wrong here.", s, e)
        try:
            lints = lint(part)
        except GrammarUnavailable as exc:
            yield Finding(f"Grammar was not checked ({exc}); check the English text yourself.")
            return
        for found in lints:
            s, e = start + found.start, start + found.end
            if e <= s or any(s < me and ms < e for ms, me in (*masked, *spans)):
                continue
            hint = f" (maybe '{found.suggestion}')" if found.suggestion else ""
            yield Finding(f"{found.message.rstrip('.')}{hint}.", s, e)
