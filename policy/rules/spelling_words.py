"""Which words are correct: the dictionaries and the explanations behind S310 (spelling).

pyspellchecker's word lists come from subtitle corpora and are uneven (American spellings only,
few German compounds, Spanish without most plurals and verb forms), so a word a list lacks is
only suspect when none of these explanations applies: the seller's words or the allowlist in
`policy/data/words/<lang>.txt`, an inflection rule, a British spelling, a German compound, an
accent-less form of a Romance word, or an English loanword. The rules themselves are data
(`policy/data/spelling.toml`); this module interprets them. Dictionaries load lazily, one per
language met, and stay cached for the process (0.1-0.5 s and 20-60 MB each).
"""

from __future__ import annotations

import threading
import unicodedata
from functools import lru_cache
from importlib import resources

from policy.datafile import load as data

LANGUAGES = ("en", "de", "fr", "es", "it")
SPELLING = data("spelling.toml")
INFLECTIONS = {lang: sorted(rules.items(), key=lambda kv: -len(kv[0]))
               for lang, rules in SPELLING["inflections"].items()}
BRITISH = sorted(SPELLING["british"].items(), key=lambda kv: -len(kv[0]))
DE_PREFIXES = frozenset(SPELLING["compounds"]["de_prefixes"])
LINKERS = tuple(SPELLING["compounds"]["linkers"])
LOAN_TAILS = frozenset(SPELLING["compounds"]["loan_tails"])

_lock = threading.Lock()
_checkers: dict[str, object] = {}


def checker(lang: str):
    """The pyspellchecker dictionary for `lang`, loaded once."""
    found = _checkers.get(lang)
    if found is None:
        with _lock:
            found = _checkers.get(lang)
            if found is None:
                from spellchecker import SpellChecker

                found = _checkers[lang] = SpellChecker(language=lang, distance=1)
    return found


@lru_cache(maxsize=None)
def allowlist(lang: str) -> frozenset[str]:
    """policy/data/words/<lang>.txt as a set of lower-case words."""
    path = resources.files("policy.data").joinpath("words").joinpath(f"{lang}.txt")
    if not path.is_file():
        return frozenset()
    return frozenset(line.strip().lower() for line in path.read_text("utf-8").splitlines()
                     if line.strip() and not line.startswith("#"))


def _strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


ROMANCE = frozenset(("es", "fr", "it", "pt"))
STEM_CHANGES = {lang: [tuple(pair) for pair in pairs]
                for lang, pairs in SPELLING.get("stem_changes", {}).items()}
VOWELS = frozenset("aeiouàèéìòóùáíú")


def _stems(stem: str, lang: str):
    yield stem
    plain = _strip_accents(stem)
    if plain != stem:
        yield plain
    for changed, original, *where in STEM_CHANGES.get(lang, ()):
        index = plain.rfind(changed)
        if where and index + len(changed) != len(plain):
            continue
        if index >= 0:
            yield plain[:index] + original + plain[index + len(changed):]


def _inflected(word: str, lang: str, known) -> bool:
    min_stem = 1 if lang in ROMANCE else 3
    for ending, replacements in INFLECTIONS.get(lang, ()):
        if word.endswith(ending) and len(word) - len(ending) >= min_stem:
            for stem in _stems(word[: len(word) - len(ending)], lang):
                for replacement in replacements:
                    if len(stem + replacement) >= 3 and known(stem + replacement):
                        return True
    return False


def vowel_variant(word: str, candidates) -> bool:
    """Does a candidate differ only in a final vowel (an inflection the list lacks)?"""
    stem, last = word[:-1], word[-1:]
    for candidate in candidates:
        if candidate == stem and last in VOWELS:
            return True
        if candidate[:-1] == word and candidate[-1] in VOWELS:
            return True
        if candidate[:-1] == stem and last in VOWELS and candidate[-1:] in VOWELS:
            return True
    return False


def doubled_letters(word: str, known, depth: int = 2) -> set[str]:
    """Known words made by doubling or undoubling up to two letters (tommorow -> tomorrow)."""
    found: set[str] = set()
    frontier = {word}
    for _ in range(depth):
        following = set()
        for item in frontier:
            for i in range(len(item)):
                if i + 1 < len(item) and item[i] == item[i + 1]:
                    following.add(item[:i] + item[i + 1:])
                elif item[i].isalpha():
                    following.add(item[:i + 1] + item[i] + item[i + 1:])
        found |= {f for f in following if f != word and known(f)}
        frontier = following
    return found


def moved_letter(word: str, known) -> list[str]:
    """Known words made by moving one letter (convienent -> convenient): a common
    two-edit typo that pyspellchecker's one-edit search cannot see."""
    found = set()
    for i in range(len(word)):
        rest = word[:i] + word[i + 1:]
        for j in range(len(rest) + 1):
            if abs(j - i) > 1:
                candidate = rest[:j] + word[i] + rest[j:]
                if candidate != word and known(candidate):
                    found.add(candidate)
    return sorted(found)


def _british(word: str, known) -> bool:
    if "our" in word and (known(word.replace("our", "or")) or _inflected(word.replace("our", "or"), "en", known)):
        return True
    for ending, replacements in BRITISH:
        if word.endswith(ending):
            stem = word[: len(word) - len(ending)]
            if any(known(stem + r) for r in replacements):
                return True
    return False


@lru_cache(maxsize=4096)
def compound(word: str, depth: int = 0) -> bool:
    """Is `word` (lower-case German) made of known words, with the usual linking letters?"""
    if depth > 3:
        return False
    known = checker("de").word_frequency.dictionary.__contains__
    for cut in range(3, len(word) - 2):
        head, tail = word[:cut], word[cut:]
        if not (known(tail) or _inflected(tail, "de", known)
                or tail in LOAN_TAILS
                or (len(tail) >= 6 and compound(tail, depth + 1))):
            continue
        if known(head) or head in DE_PREFIXES or known(head + "en") or known(head + "n"):
            return True
        for linker in LINKERS:
            if head.endswith(linker) and len(head) - len(linker) >= 3 and known(head[: -len(linker)]):
                return True
    return False


def is_known(word: str, lang: str, extra: frozenset[str] = frozenset()) -> bool:
    """Whether `word` is a correct word of `lang` (any case; see the module docstring)."""
    lower = word.lower().replace("’", "'")
    if lower in extra or lower in allowlist(lang):
        return True
    spell = checker(lang)
    known = spell.word_frequency.dictionary.__contains__
    if known(lower):
        return True
    if "'" in lower:
        parts = [p for p in lower.split("'") if len(p) >= 3]
        return all(is_known(p, lang, extra) for p in parts)
    if "-" in lower:
        return all(is_known(p, lang, extra) for p in lower.split("-") if p)
    if lang in ROMANCE and known(_strip_accents(lower)):
        return True
    if _inflected(lower, lang, known):
        return True
    if lang == "en" and _british(lower, known):
        return True
    if lang == "de" and len(lower) >= 7 and compound(lower):
        return True
    if lang != "en":
        english = checker("en").word_frequency.dictionary
        if lower in english or lower in allowlist("en"):
            return True
    return False
