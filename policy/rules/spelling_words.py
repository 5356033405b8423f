"""Which words are correct: the dictionaries and the explanations behind S310 (spelling).

pyspellchecker's word lists come from subtitle corpora and are uneven (American spellings only,
few German compounds, Spanish without most plurals and verb forms), so a word a list lacks is
only suspect when none of these explanations applies: the seller's words or the allowlist in
`policy/data/words/<lang>.txt`, an inflection rule, a Spanish or Italian verb with attached
pronouns ("comunicarte", "spedirglielo"), a British spelling, a German compound, an accent
variant the language allows ("vídeo"/"video", "évènement"/"événement"), or an English loanword.
The rules themselves are data (`policy/data/spelling.toml`); this module interprets them.
Dictionaries load lazily, one per language met, and stay cached for the process as compact
`policy.lexicon.Lexicon`s (0.2-0.6 s and 1-4 MB each, where pyspellchecker's own dicts take
17-36 MB); answers are cached per word, since sellers reuse their vocabulary.
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
CLITICS = {lang: tuple(sorted(items, key=len, reverse=True))
           for lang, items in SPELLING["clitics"].items()}
ACCENT_VARIANTS = frozenset(SPELLING["accents"]["both_forms"])

_lock = threading.Lock()
_checkers: dict[str, object] = {}


def checker(lang: str):
    """The word list for `lang` (a `policy.lexicon.Lexicon`: pyspellchecker's list, compact),
    loaded once."""
    found = _checkers.get(lang)
    if found is None:
        with _lock:
            found = _checkers.get(lang)
            if found is None:
                from policy import lexicon

                found = _checkers[lang] = lexicon.load(lang, fold_accents=lang in ACCENT_VARIANTS)
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


def _verb_form(base: str, lang: str, known) -> bool:
    """Is `base` an infinitive, gerund or imperative, the forms that take attached pronouns?
    Nouns do not ("paquetete" stays a typo)."""
    plain = _strip_accents(base)
    if len(plain) <= 3:
        return known(base) or known(plain)  # dí-melo, haz-lo, pon-lo; da-cci, fal-lo
    if plain.endswith("ndo"):
        return known(plain) or _inflected(plain, lang, known)  # enviándo-te, inviando-ti
    if lang == "es":
        if plain.endswith(("ar", "er", "ir")):
            return known(plain)  # comunicar-te, enviár-telo
        if plain.endswith(("ad", "ed", "id")):
            return known(plain[:-1] + "r")  # mandad-nos
        # a polysyllabic imperative carries its stress mark once a pronoun is attached
        return base != plain and (known(base) or _inflected(plain, lang, known))
    if plain.endswith(("ar", "er", "ir", "ur", "or")):
        return known(plain + "e") or known(plain + "re")  # inviar-ti, tradur-lo, por-lo
    for ending, infinitives in (("ate", ("are",)), ("ete", ("ere",)), ("ite", ("ire",)),
                                ("a", ("are",)), ("i", ("ere", "ire"))):
        if plain.endswith(ending):  # imperatives: invia-mi, scrivi-ci, inviate-ci
            return any(known(plain[: -len(ending)] + i) for i in infinitives)
    return False


def _with_clitics(word: str, lang: str, known) -> bool:
    """Spanish and Italian write object pronouns onto infinitives, gerunds and imperatives
    (comunicarte, enviártelo, dímelo; inviarti, spedirglielo, dimmi): judge the verb."""
    for clitic in CLITICS.get(lang, ()):
        if word.endswith(clitic) and len(word) - len(clitic) >= 2:
            base = word[: -len(clitic)]
            if _verb_form(base, lang, known):
                return True
            if (lang == "it" and 3 <= len(base) <= 4 and base[-1] == clitic[0]
                    and _verb_form(base[:-1], lang, known)):
                return True  # dimmi, fallo, dacci: the clitic doubles its consonant
    return False


def _accent_variant(word: str, lang: str, known) -> bool:
    """An accented word whose letters the dictionary knows with other or no accents, in a
    language where both spellings are in use (es "vídeo"/"video", fr "évènement")."""
    plain = _strip_accents(word)
    if plain == word:
        return False
    if known(plain) or _inflected(plain, lang, known):
        return True
    if lang in ACCENT_VARIANTS and checker(lang).folded(plain):
        return True
    return lang in ACCENT_VARIANTS and plain in checker("en")


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
    known = checker("de").__contains__
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
    if lower in extra:
        return True
    if "'" in lower and not _known(lower, lang):
        parts = [p for p in lower.split("'") if len(p) >= 3]
        return all(is_known(p, lang, extra) for p in parts)
    if "-" in lower and not _known(lower, lang):
        return all(is_known(p, lang, extra) for p in lower.split("-") if p)
    return _known(lower, lang)


@lru_cache(maxsize=50_000)
def _known(lower: str, lang: str) -> bool:
    """is_known without the seller's words, cached: the inflection, clitic and compound
    searches cost 20-100 µs a word, and sellers reuse their vocabulary message after message."""
    if lower in allowlist(lang):
        return True
    dictionary, allowed = checker(lang), allowlist(lang)
    # the allowlist feeds the inflection search too: 'agendamos' from an allowed 'agendar'
    known = lambda w: w in dictionary or w in allowed  # noqa: E731
    if known(lower):
        return True
    if "œ" in lower or "æ" in lower:  # the lists spell 'coeur', sellers often 'cœur'
        return _known(lower.replace("œ", "oe").replace("æ", "ae"), lang)
    if "'" in lower or "-" in lower:
        return False  # judged part by part in is_known
    if lang in ROMANCE and _accent_variant(lower, lang, known):
        return True
    if _inflected(lower, lang, known):
        return True
    if lang in CLITICS and _with_clitics(lower, lang, known):
        return True
    if lang == "en" and _british(lower, known):
        return True
    if lang == "de" and len(lower) >= 7 and compound(lower):
        return True
    if lang != "en":
        if lower in checker("en") or lower in allowlist("en"):
            return True
    return False
