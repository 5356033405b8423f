"""S311: grammar errors in English text, found by Harper (harper-py).

Harper is an offline English grammar checker written in Rust: it loads in about a second and
lints a short message in a few milliseconds, so the linter is built lazily on the first English
paragraph (never for a body without one) and reused (one per process, behind a lock: a Linter is not thread-safe). Other
languages have no offline grammar checker that installs from the package index, so only
English paragraphs are checked.

Harper reports much more than grammar, and several of its grammar heuristics misfire on the
way sellers write (headings with colons, "the little one", "Qty: 2"). `policy/data/grammar.toml`
therefore lists the rules S311 trusts, measured on realistic seller English; every other rule
is switched off in the linter, which also makes a lint about ten times cheaper. Order IDs,
links, e-mails and phone numbers are blanked before linting (`analysis.masked_text`) and lints
touching them are dropped. A few narrow patterns from the same data file add errors Harper
misses that are common in seller English ("could not founded", "the driver have",
"here are a short video"). `dedup=False` is passed because Harper's
default de-duplication hides short lints inside long ones. Harper may write debug lines to the
process's standard output; the call runs with file descriptor 1 pointed at standard error so
`--format json` output stays clean.
"""

from __future__ import annotations

import os
import re
import sys
import threading
from contextlib import contextmanager

from policy import language
from policy.datafile import load as data
from policy.memory import release_freed_memory
from policy.registry import Finding, rule
from policy.report import Severity

GRAMMAR = data("grammar.toml")
RULES = frozenset(GRAMMAR["rules"])
_LISTS = {"{past}": "past_forms", "{noun}": "singular_nouns", "{plural}": "plural_nouns"}


def _expand(pattern: str) -> str:
    for slot, key in _LISTS.items():
        pattern = pattern.replace(slot, "|".join(GRAMMAR[key]))
    return pattern


PATTERNS = [(re.compile(_expand(p["pattern"]), re.IGNORECASE), p["message"])
            for p in GRAMMAR.get("patterns", ())]

MAX_CHARS = 10_000  # longer bodies are linted in their first part only (Harper is linear but slow)
_lock = threading.Lock()
_linter = None


def linter():
    """The Harper linter (American dialect; British spellings are S310's concern), built once,
    with only the allowlisted rules switched on."""
    global _linter
    if _linter is None:
        with _lock:
            if _linter is None:
                import harper

                with _stdout_to_stderr():
                    made = harper.Linter(harper.Dialect.AMERICAN)
                    config = made.get_lint_config()
                    made.set_lint_config({name: name in RULES for name in config})
                _linter = made
                release_freed_memory()  # building the dictionary leaves ~35 MB freed
    return _linter


@contextmanager
def _stdout_to_stderr():
    """Point fd 1 at fd 2 for the duration (Rust code writes to the fd, not to sys.stdout)."""
    try:
        sys.stdout.flush()
        saved = os.dup(1)
        os.dup2(2, 1)
    except (OSError, ValueError, AttributeError):
        yield
        return
    try:
        yield
    finally:
        os.dup2(saved, 1)
        os.close(saved)


def lint(text: str):
    """Harper's lints for `text` (plain text), from the allowlisted rules only."""
    harper_linter = linter()
    with _lock, _stdout_to_stderr():
        return harper_linter.lint(text, language="plaintext", dedup=False)


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
        for found in lint(part):
            s, e = start + found.span.start, start + found.span.end
            if e <= s or any(s < me and ms < e for ms, me in (*masked, *spans)):
                continue
            suggestions = [x.replacement_text for x in found.suggestions if x.replacement_text]
            hint = f" (maybe '{suggestions[0]}')" if suggestions else ""
            yield Finding(f"{found.message.rstrip('.')}{hint}.", s, e)
