"""The per-message side of the phrase engine: folded text, sentences, anchor hits, matches.

One `TextView` is built per message (and kept on its `Analysis`), so the content rules share
one fold, one sentence split and one anchor scan per group, and a set's matches are computed
once however many rules ask for them. See `policy.phrases` for the data and the compiling.
"""

from __future__ import annotations

import bisect
import re

from policy.phrases import _CJK, LANGUAGES, PhraseSet, _index, _language_words, fold

# A sentence ends at . ! ? ; before a space, at Japanese full stops, at a blank line, and at a
# single line break unless the line looks hard-wrapped (long, and the next line goes on in
# lower case).
_SENTENCE_END = re.compile(r"[.!?;]+(?=[\s\"')\]]|$)|[。！？]+|\n")
# ... except after an abbreviation that does not end a sentence ("bzw.", "z. B.", "Mr.",
# "e.g.", "Sig.ra"): "Sie können sie selbst bearbeiten, bzw. im Profil löschen" is one sentence,
# and the words either side of the dot belong together for the rules and the model.
_ABBREVIATION = re.compile(
    r"(?<![\w.])(?:mr|mrs|ms|dr|e\.g|i\.e|vs|approx|incl|bzw|z\.\s?b|d\.\s?h|u\.\s?a|ggf|evtl|"
    r"inkl|zzgl|vgl|sog|nr|hr|fr|mme|mlle|cf|env|p\.\s?ex|sr|sra|srta|p\.\s?ej|aprox|sig|"
    r"sig\.ra|dott|gent\.mo|gent\.ma|p\.\s?es)\.$", re.IGNORECASE)
# the first dot of a two-part one ("z. B.", "d. h.", "p. ej.")
_ABBREVIATION_START = re.compile(r"(?<![\w.])[zdup]\.\s?(?:b|h|a|ex|ej|es)\.", re.IGNORECASE)
# ... and after an initial: a capital letter alone after another initial or before a closing
# quote or a lower-case word ("« J.-P. R. » et du logo", "J. R. Tolkien"); "It is plan B.
# Then we wait." still ends. The split left "» et du logo de votre club" as a sentence of its
# own, read as promotion, and that made a design proof's link look like an advert (set BW).
_INITIAL = re.compile(r"(?<![\w.'’])[A-ZÀ-ÖØ-Þ]\.$")
_AFTER_INITIAL = re.compile(r"[A-ZÀ-ÖØ-Þ]\.(?:-[A-ZÀ-ÖØ-Þ]\.)?[\s-]$")
_CLOSING_LOWER_OR_INITIAL = re.compile(r"\s*(?:[»”\"'’)]|[a-zß-öø-ÿ]|[A-ZÀ-ÖØ-Þ]\.)")


def _initial(text: str, end: int) -> bool:
    """Does the dot at text[end - 1] close an initial inside a name (see _INITIAL)?"""
    if not _INITIAL.search(text, max(0, end - 3), end):
        return False
    return bool(_AFTER_INITIAL.search(text, max(0, end - 8), end - 2)
                or _CLOSING_LOWER_OR_INITIAL.match(text, end))


class TextView:
    """The folded text, its sentences and anchor hits, computed once per message."""

    def __init__(self, text: str):
        self.text = text
        self.folded = fold(text)
        self.sentences = split_sentences(text)
        self._sentence_starts = [s for s, _ in self.sentences]
        self._hits: dict[str, dict[str, set[tuple[int, str]]]] = {}
        self._matches: dict[str, list[tuple[int, int]]] = {}
        self._runs: dict[tuple[str, int, str], list[tuple[int, int]]] = {}
        self._cache: dict[str, object] = {}
        self._languages: frozenset[str] | None = None

    @property
    def languages(self) -> frozenset[str]:
        """The languages the text is written in, judged by function words: every language
        with at least a quarter of the leader's count (a bilingual message keeps both), plus
        Japanese when there is Japanese script. Too few words to tell: every language."""
        if self._languages is None:
            regex, owners = _language_words()
            counts = dict.fromkeys(LANGUAGES, 0)
            if regex is not None:
                for match in regex.finditer(self.folded):
                    for lang in owners.get(match.group(), ()):
                        counts[lang] += 1
            cjk = len(_CJK.findall(self.folded))
            if cjk:
                counts["ja"] = max(3, cjk // 20)
            top = max(counts.values())
            if top < 3:
                self._languages = frozenset(LANGUAGES)
            else:
                self._languages = frozenset(l for l, n in counts.items() if n * 4 >= top)
        return self._languages

    def sentence_index(self, pos: int) -> int:
        i = bisect.bisect_right(self._sentence_starts, pos) - 1
        return max(i, 0)

    def sentence_at(self, pos: int) -> tuple[int, int]:
        if not self.sentences:
            return pos, pos
        s, e = self.sentences[self.sentence_index(pos)]
        return (s, e) if s <= pos < e else (pos, pos)

    def memo(self, key: str, compute):
        """Cache `compute()` under `key` so several rules share one result."""
        if key not in self._cache:
            self._cache[key] = compute()
        return self._cache[key]

    def hits_in(self, group: str) -> dict[str, set[tuple[int, str]]]:
        """Set key -> {(sentence index, language)} where one of its anchors occurs."""
        if group not in self._hits:
            index = _index(group)
            per_anchor: dict[str, set[int]] = {}
            starts = self._sentence_starts
            folded = self.folded
            if index.regex is not None:
                for match in index.regex.finditer(folded):
                    where = bisect.bisect_right(starts, match.start()) - 1
                    per_anchor.setdefault(match.group(1), set()).add(where if where > 0 else 0)
            inside = index.inside + index.cjk if _CJK.search(folded) else index.inside
            for anchor in inside:
                pos = folded.find(anchor)
                while pos >= 0:
                    where = bisect.bisect_right(starts, pos) - 1
                    per_anchor.setdefault(anchor, set()).add(where if where > 0 else 0)
                    pos = folded.find(anchor, pos + 1)
            hits: dict[str, set[tuple[int, str]]] = {}
            for anchor, sentences in per_anchor.items():
                for key, lang in index.owners.get(anchor, ()):
                    bucket = hits.setdefault(key, set())
                    for where in sentences:
                        bucket.add((where, lang))
            self._hits[group] = hits
        return self._hits[group]

    def matches(self, pset: PhraseSet) -> list[tuple[int, int]]:
        """Spans of the set's matches in the sentences where its anchors occur (cached)."""
        cached = self._matches.get(pset.key)
        if cached is None:
            out: list[tuple[int, int]] = []
            for where, lang in self.hits_in(pset.group).get(pset.key, ()):
                out.extend(self._run_cached(pset, where, lang))
            cached = self._matches[pset.key] = sorted(set(out))
        return cached

    def any_match(self, pset: PhraseSet) -> bool:
        """Does the set match anywhere? Stops at the first sentence that matches: the purpose
        union is the slowest set and "is there any purpose?" is usually answered early."""
        if pset.key in self._matches:
            return bool(self._matches[pset.key])
        hits = sorted(self.hits_in(pset.group).get(pset.key, ()))
        return any(self._run_cached(pset, where, lang) for where, lang in hits)

    def _run_cached(self, pset: PhraseSet, where: int, lang: str) -> list[tuple[int, int]]:
        key = (pset.key, where, lang)
        found = self._runs.get(key)
        if found is None:
            found = self._runs[key] = self._run(pset, where, lang)
        return found

    def found_in(self, pset: PhraseSet, index: int) -> bool:
        """Does the set match in sentence `index`? (for rules that judge sentence by sentence)"""
        if pset.key in self._matches:
            s, e = self.sentences[index]
            return any(s <= a < e for a, _ in self._matches[pset.key])
        return any(self._run(pset, where, lang)
                   for where, lang in self.hits_in(pset.group).get(pset.key, ()) if where == index)

    def _run(self, pset: PhraseSet, where: int, lang: str) -> list[tuple[int, int]]:
        regex = pset.patterns.get(lang)
        if regex is None or lang not in self.languages:
            return []
        s, e = self.sentences[where] if self.sentences else (0, len(self.text))
        folded = self.folded
        found = [m.span() for m in regex.finditer(folded, s, e) if m.end() > m.start()]
        if found and lang in pset.exceptions:
            excepted = [m.span() for m in pset.exceptions[lang].finditer(folded, s, e)]
            found = [(a, b) for a, b in found if not any(xa < b and a < xb for xa, xb in excepted)]
        return found


def split_sentences(text: str) -> list[tuple[int, int]]:
    """Spans of sentences (trimmed of surrounding spaces)."""
    out = []
    start = 0
    for match in _SENTENCE_END.finditer(text):
        end = match.end()
        if match.group() == "\n" and _wrapped(text, match.start()):
            continue
        if match.group() == "." and (_ABBREVIATION.search(text, max(0, end - 12), end)
                                     or _ABBREVIATION_START.match(text, end - 2)
                                     or _initial(text, end)):
            continue
        _append_trimmed(out, text, start, end)
        start = end
    _append_trimmed(out, text, start, len(text))
    return out


def _append_trimmed(out: list, text: str, s: int, e: int) -> None:
    segment = text[s:e]
    stripped = segment.strip()
    if stripped:
        s += len(segment) - len(segment.lstrip())
        out.append((s, s + len(stripped)))


def _wrapped(text: str, newline: int) -> bool:
    """Is the line break at `newline` a hard wrap inside a sentence?"""
    line_start = text.rfind("\n", 0, newline) + 1
    if newline - line_start < 50:
        return False
    before = text[newline - 1] if newline else ""
    after = text[newline + 1] if newline + 1 < len(text) else ""
    return before not in ".!?:;" and after.islower()


def view(analysis) -> TextView:
    """The `TextView` of an `Analysis`, built on first use and kept on the analysis."""
    cached = analysis.__dict__.get("_phrase_view")
    if cached is None:
        cached = TextView(analysis.text)
        analysis.__dict__["_phrase_view"] = cached
    return cached
