"""S310: non-word misspellings, in English, German, French, Spanish and Italian.

Amazon lists spelling errors among the styling faults. The hard part is precision, not recall:
any dictionary flags names, brands, British spellings, compounds and inflections it happens to
lack, and a warning on a correct message teaches sellers to ignore the tool. So a word is only
reported when all of this holds:

- it is a plain word: not masked (order IDs, links, e-mails, phone numbers are blanked in
  `analysis.masked_text`), no digits next to it, not ALL-CAPS, no capitals inside ("iPhone"),
  not a short abbreviation ("incl.", "Réf.");
- it is not capitalised in mid-sentence, except in German (where every noun is capitalised;
  there a capitalised word after a title or greeting, or on a short signature line, is taken
  for a name);
- `spelling_words.is_known` rejects it in its paragraph's language;
- the dictionary knows a word one edit away, or two for the common slips (a doubled letter,
  a letter in the wrong place): a typo, not a foreign or invented word.

A replacement is offered only when one suggestion clearly dominates; it is still a guess (a
name can look like a typo), so the fix description says to check it.
"""

from __future__ import annotations

from functools import lru_cache

import regex

from policy import language, placeholders
from policy.registry import Finding, rule
from policy.report import Fix, Severity
from policy.rules.spelling_words import (
    DE_PREFIXES,
    LANGUAGES,
    ROMANCE,
    checker,
    compound,
    doubled_letters,
    is_known,
    moved_letter,
    vowel_variant,
)

MAX_LOOKUPS = 25  # candidate searches per message (each ~0.5-1 ms); the rest are skipped
SUGGESTION_CACHE = 4096  # unknown words whose candidates are kept between messages
DOMINANT = 10.0  # a suggestion this many times more frequent than the next is "the" fix
TITLES = frozenset("""mr mrs ms miss dr dear hi hello hey herr frau fräulein hallo liebe lieber
    sehr geehrte geehrter m mme mlle monsieur madame cher chère bonjour sr sra srta señor señora
    estimado estimada hola sig sig.ra signor signora gentile caro cara ciao buongiorno
    don doña dña dn dra sres sras mme mlle mm prof ing dott dott.ssa avv
    familie team""".split())
SHORT_LINE = 4  # words; capitalised words on lines this short are names, signatures, greetings
_WORD = regex.compile(r"\p{L}[\p{L}\p{M}]*(?:['’]\p{L}[\p{L}\p{M}]*)*")
_SENTENCE_END = frozenset(".!?:;\n\r•·–—*>¿¡")


# -- template placeholders (policy.placeholders): {{buyer_name}} is a slot, not a word --------
def _masked(analysis) -> str:
    return placeholders.blank(analysis.masked_text)


def _after_title(text: str, start: int) -> bool:
    previous = _WORD.findall(text[max(0, start - 30):start])
    return bool(previous) and previous[-1].lower().rstrip(".") in TITLES


def _short_line(text: str, start: int) -> bool:
    line_start = text.rfind("\n", 0, start) + 1
    line_end = text.find("\n", start)
    line = text[line_start:line_end if line_end >= 0 else len(text)]
    return len(line.split()) <= SHORT_LINE and not line.rstrip().endswith((".", "?", "!"))


def _sentence_start(text: str, start: int) -> bool:
    i = start - 1
    while i >= 0 and text[i] in " \t\u00a0":
        i -= 1
    if i < 0:
        return True
    if text[i] == ".":
        previous = _WORD.findall(text[max(0, i - 12):i])
        if previous and (len(previous[-1]) <= 3 or previous[-1].lower() in TITLES):
            return False  # "Dña. Pérez", "ca. Montag": an abbreviation, not a full stop
    return text[i] in _SENTENCE_END


def _skippable(text: str, start: int, end: int, word: str, lang: str) -> bool:
    if len(word) < 3 or len(word) > 40:
        return True
    before = text[start - 1] if start else " "
    after = text[end] if end < len(text) else " "
    if before.isdigit() or after.isdigit() or before in "_@/#.\\" or after in "_@/\\":
        return True
    if after == "." and end + 1 < len(text) and text[end + 1].isalnum():
        return True  # file.pdf, example.com
    if after == "." and len(word) <= 4:
        return True  # incl., env., Réf., Dña.: abbreviations
    if (before == "-" or after == "-") and len(word) <= 4:
        return True  # rez-de-chaussée, E-Mail: fragments of a hyphenated compound
    letters = word.replace("'", "").replace("’", "")
    if letters.isupper() or letters[1:] != letters[1:].lower():
        return True  # acronyms, iPhone, McDonald
    if word[0].isupper():
        if _after_title(text, start) or _short_line(text, start):
            return True
        if lang != "de" and not _sentence_start(text, start):
            return True  # mid-sentence capitals are names and brands in these languages
    return False


def _language(analysis) -> str | None:
    """The body's language, or the buyer's when the text is too short to be sure but leans
    that way."""
    whole = analysis.language
    if whole is None:
        buyer = language.normalise(analysis.message.buyer_language)
        text = _masked(analysis)
        if buyer in LANGUAGES and language.letter_weight(text) >= 8:
            ranked = language.rank(text)
            whole = buyer if ranked and ranked[0][0] == buyer else None
    return whole


class _Span:
    """A match-like view of part of a regex match."""

    def __init__(self, text: str, start: int, end: int):
        self._text, self._start, self._end = text, start, end

    def start(self) -> int:
        return self._start

    def end(self) -> int:
        return self._end

    def group(self, _index: int = 0) -> str:
        return self._text[self._start:self._end]


def _after_elision(match):
    word = match.group(0)
    cut = max(word.rfind("'"), word.rfind("’")) + 1
    return _Span(match.string, match.start() + cut, match.end())


def _check_block(analysis, start: int, end: int, lang: str, state: dict) -> list:
    """(match, best, ranked) for the unknown words of one block in one language."""
    text = _masked(analysis)
    known = checker(lang).__contains__
    out = []
    for match in _WORD.finditer(text, start, end):
        if lang != "en" and ("'" in match.group(0) or "’" in match.group(0)):
            match = _after_elision(match)  # l'adresse, dell'ordine: judge the word itself
        word = match.group(0)
        lower = word.lower()
        if len(lower) < 3 or known(lower):
            continue  # the common case, decided with one lookup
        if _skippable(text, match.start(), match.end(), word, lang):
            continue
        key = (lang, lower)
        if key not in state:
            if is_known(word, lang, state["extra"]) or state["lookups"] >= MAX_LOOKUPS:
                state[key] = None
            else:
                state["lookups"] += 1  # counted even when cached, so the bound never varies
                best, ranked = _suggestion(lang, lower)
                state[key] = (best, ranked) if ranked else None
        if state[key] is not None:
            out.append((match, *state[key]))
    return out


def _unknown_words(analysis):
    """Unknown words per block, re-judged with the block's own language when a block has
    several (a bilingual body: the German part must not be checked with English)."""
    whole = _language(analysis)
    text = _masked(analysis)
    state: dict = {"extra": frozenset(w.lower() for w in analysis.config.words), "lookups": 0}
    spans = language.split(text) if "\n" in text.strip() else [(0, len(text))]
    for start, end in spans:
        found = _check_block(analysis, start, end, whole, state) if whole in LANGUAGES else []
        if len(found) >= 2 or whole not in LANGUAGES:
            guess = language.detect(text[start:end])
            if guess and guess.language != whole:
                found = (_check_block(analysis, start, end, guess.language, state)
                         if guess.language in LANGUAGES else [])
        yield from found


@lru_cache(maxsize=SUGGESTION_CACHE)
def _suggestion(lang: str, lower: str) -> tuple[str | None, tuple[str, ...]]:
    """The dominant fix (or None) and the ranked candidates for an unknown lower-case word;
    cached, since the same typos and names come back message after message."""
    spell = checker(lang)
    candidates = [c for c in (spell.candidates(lower) or ()) if c != lower]
    if not candidates and len(lower) >= 6:
        known = spell.__contains__
        candidates = sorted(doubled_letters(lower, known)) or (
            moved_letter(lower, known) if len(lower) >= 7 else [])
    if not candidates and lang == "de" and len(lower) >= 9:
        ranked = _compound_candidates(spell, lower)
        return (ranked[0] if len(ranked) == 1 else None), tuple(ranked)
    if not candidates:
        return None, ()
    if lang in ROMANCE and vowel_variant(lower, candidates):
        return None, ()
    frequency = spell.frequency
    ranked = sorted(candidates, key=lambda c: -frequency(c))
    best = ranked[0]
    if len(ranked) > 1 and frequency(best) < DOMINANT * frequency(ranked[1]):
        best = None
    return best, tuple(ranked)


def _compound_candidates(spell, word: str) -> list[str]:
    """German compounds with a typo in the last part (Lieferadrese -> Lieferadresse): the
    dictionary rarely lists the compound, but it knows the head and the corrected tail.
    Ranked by how common the corrected tail is."""
    known = spell.__contains__
    scored: dict[str, float] = {}
    for cut in range(4, len(word) - 3):
        head, tail = word[:cut], word[cut:]
        stem = head[:-1] if head[-1] == "s" else head
        plain = known(head) or head in DE_PREFIXES or known(stem)
        if not (plain or (len(tail) >= 5 and len(head) >= 7 and compound(stem))):
            continue
        for fixed in spell.candidates(tail) or ():
            if fixed != tail and len(fixed) >= 4:
                scored[head + fixed] = max(scored.get(head + fixed, 0.0),
                                           spell.frequency(fixed))
    return sorted(scored, key=lambda c: -scored[c])[:3] if scored else []


def _match_case(source: str, word: str) -> str:
    if source[0].isupper():
        return word[0].upper() + word[1:]
    return word


@rule("S310", "spelling", Severity.WARNING, "Messages must not contain spelling errors.",
      needs=("spelling",))
def spelling(analysis):
    """Flags misspelt words (non-words) in English, German, French, Spanish and Italian.

    ## What it does
    Finds misspelt words (non-words). Each word is checked against the dictionary of its
    paragraph's language. Order IDs, links,
    e-mail addresses, phone numbers, numbers, acronyms, names after a title or greeting,
    capitalised words in mid-sentence (outside German), and the seller's configured `words`
    are never flagged. British and American spellings are both accepted. A word is reported
    only when a known word lies one edit away, so invented brand names pass.

    ## Why Amazon blocks it
    Amazon's styling rules list spelling errors among the faults a message may not contain.

    ## Example
    "We will recieve the pakage tomorrow."

    ## Use instead
    "We will receive the package tomorrow."

    ## Fix safety
    Unsafe, offered only when one suggestion clearly dominates: a product or person name can
    look like a typo, so the seller should check the replacement. Add such names to `words`.
    """
    for match, best, ranked in _unknown_words(analysis):
        word = match.group(0)
        shown = ", ".join(f"'{_match_case(word, c)}'" for c in ranked[:3])
        fix = None
        if best:
            body_start, body_end = analysis.body_span(match.start(), match.end())
            if analysis.body[body_start:body_end] == word:
                fix = Fix(f"Replace with '{_match_case(word, best)}' (suggestion: check it "
                          "is not a name)", body_start, body_end, _match_case(word, best))
        yield Finding(f"'{word}' looks misspelt: did you mean {shown}?",
                      match.start(), match.end(), fix=fix)
