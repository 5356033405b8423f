"""Phrase rules as data: a tiny engine that loads `policy/data/phrases/*.toml` and compiles them.

Content rules judge phrases in context, in six languages. Keeping the phrases in data files
(Vale-style) lets a reviewer add a German idiom without reading Python, and keeps the rule code
about logic only (which phrase sets must meet in one sentence, which exceptions cancel them).

A phrase file holds named *sets*. A set has an optional `message` and, per language (`en`,
`de`, `fr`, `es`, `it`, `ja`), `anchors` (literal words), `patterns` and `exceptions` (regular
expressions in Python `re` syntax, lower case, since they run on `fold(text)`):

    [define.en]                      # macros, referenced as {name} from patterns
    review = '(?:reviews?|feedback)'

    [request]
    anchors.en = ['review', 'feedback']
    patterns.en = ['leave (?:us )?(?:a |an )?{review}']
    exceptions.en = ['thank you for (?:your |the )?{review}']

Speed is why anchors exist: running every pattern over every message cost about 1 ms per set.
Instead one trie-shaped regex of the anchors of a *group* of sets (`group = "..."`, default
"core") scans the message once; a set's patterns then run only in the sentences where one of
its anchors occurs, for the languages whose anchors occurred there and that the text is written
in (function words in common.toml [languages]). So every pattern must contain an anchor.
Latin anchors match at a word start ('review' finds 'reviews'; three letters or fewer, or
'word$', must be the whole word); '*bewertung' also matches inside a word (German compounds);
Japanese anchors match anywhere. An anchor may hold a space ('send you') when its single
words are too common to narrow the scan. Latin patterns get word boundaries automatically, Japanese
ones do not. A match is dropped when an exception of the same language overlaps it.
`include = [...]` makes a set the union of other sets of its file (one regex instead of many).
`[define.all]` macros apply to every language; `common.toml` holds macros for every file.
Files are read once (importlib.resources) and cached per process. The per-message side
(sentences, anchor hits, cached matches) is `policy.phrase_view.TextView`.
"""

from __future__ import annotations

import re
import tomllib
from dataclasses import dataclass
from functools import lru_cache
from importlib import resources
from typing import TYPE_CHECKING

if TYPE_CHECKING:  # the per-message side imports this module
    from policy.phrase_view import TextView

LANGUAGES = ("en", "de", "fr", "es", "it", "ja")
NO_BOUNDARY = frozenset({"ja"})  # scripts without spaces between words
_MACRO = re.compile(r"\{([a-z_][a-z0-9_]*)\}")
# Same-length normalisation after lower(): typographic apostrophes and quotes, line breaks and
# unusual spaces, full-width digits and punctuation; every mapping is one code point to one.
_FOLD = str.maketrans({
    "\u2019": "'", "\u2018": "'", "\u02bc": "'", "\u00b4": "'", "`": "'",
    "\u201c": '"', "\u201d": '"', "\u00ab": '"', "\u00bb": '"', "\u201e": '"',
    "\u00a0": " ", "\u202f": " ", "\u2009": " ", "\u3000": " ", "\t": " ", "\n": " ", "\r": " ",
    "\u2010": "-", "\u2011": "-", "\u2013": "-", "\u2014": "-",
    "\uff05": "%", "\uff01": "!", "\uff1f": "?", "\uff0c": "、",
    **{chr(0xFF10 + i): str(i) for i in range(10)},
})


class PhraseError(ValueError):
    """A phrase file is malformed; the text names the file, set and pattern."""


def fold(text: str) -> str:
    """Lower-case `text` and normalise quotes/spaces WITHOUT changing its length, so match
    offsets in the folded text are offsets in the original."""
    lowered = text.lower()
    if len(lowered) != len(text):  # e.g. 'İ' lowers to two code points: keep those as they are
        lowered = "".join(ch if len(ch.lower()) != 1 else ch.lower() for ch in text)
    return lowered.translate(_FOLD)


# -- loading -----------------------------------------------------------------------------------

def _read(name: str) -> dict:
    path = resources.files("policy").joinpath("data", "phrases", f"{name}.toml")
    try:
        return tomllib.loads(path.read_text(encoding="utf-8"))
    except (OSError, tomllib.TOMLDecodeError) as exc:
        raise PhraseError(f"phrases/{name}.toml: {exc}") from None


def file_names() -> list[str]:
    folder = resources.files("policy").joinpath("data", "phrases")
    return sorted(p.name[:-5] for p in folder.iterdir()
                  if p.name.endswith(".toml") and p.name != "common.toml")


@lru_cache(maxsize=None)
def _common_defines() -> dict[str, dict[str, str]]:
    return _defines(_read("common"), "common")


@lru_cache(maxsize=None)
def _language_words() -> tuple[re.Pattern[str] | None, dict[str, tuple[str, ...]]]:
    """One regex of the function words in common.toml [languages], and word -> languages."""
    table = _lang_lists(_read("common").get("languages"), "phrases/common.toml [languages]")
    owners: dict[str, list[str]] = {}
    for lang, words in table.items():
        for word in words:
            owners.setdefault(word.lower(), []).append(lang)
    if not owners:
        return None, {}
    regex = re.compile(rf"(?<!\w){_trie_regex(sorted(owners), set(owners))}")
    return regex, {w: tuple(langs) for w, langs in owners.items()}


def _defines(data: dict, source: str) -> dict[str, dict[str, str]]:
    raw = data.get("define", {})
    if not isinstance(raw, dict):
        raise PhraseError(f"phrases/{source}.toml: [define] must be a table")
    out: dict[str, dict[str, str]] = {}
    for lang, table in raw.items():
        if lang != "all" and lang not in LANGUAGES:
            raise PhraseError(f"phrases/{source}.toml: [define.{lang}] is not a known language")
        out[lang] = {k: str(v) for k, v in table.items()}
    return out


def _expand(pattern: str, macros: dict[str, str], where: str, depth: int = 0) -> str:
    if depth > 5:
        raise PhraseError(f"{where}: macros nest too deeply in {pattern!r}")

    def sub(match: re.Match[str]) -> str:
        key = match.group(1)
        if key not in macros:
            raise PhraseError(f"{where}: unknown macro {{{key}}} in {pattern!r}")
        return "(?:" + _expand(macros[key], macros, where, depth + 1) + ")"

    return _MACRO.sub(sub, pattern)


def _lang_lists(table: object, where: str) -> dict[str, list[str]]:
    if table is None:
        return {}
    if not isinstance(table, dict):
        raise PhraseError(f"{where} must be a table of language = [strings]")
    out = {}
    for lang, items in table.items():
        if lang not in LANGUAGES:
            raise PhraseError(f"{where}.{lang}: not a known language ({', '.join(LANGUAGES)})")
        if isinstance(items, str):
            items = [items]
        if not isinstance(items, list) or not all(isinstance(p, str) for p in items):
            raise PhraseError(f"{where}.{lang} must be a list of strings")
        out[lang] = items
    return out


def _source(patterns: list[str], lang: str, macros: dict[str, str], where: str) -> str:
    """One regex source for a language's patterns (macros expanded, word boundaries added)."""
    bodies = [f"(?:{_expand(pattern, macros, where)})" for pattern in patterns]
    joined = "|".join(bodies)
    return joined if lang in NO_BOUNDARY else rf"(?<!\w)(?:{joined})(?!\w)"


class Compiled(dict):
    """language -> compiled regex, compiled on first use: compiling every language of every
    set costs a few hundred milliseconds, and a message needs one or two languages."""

    def __init__(self, sources: dict[str, str], where: str):
        super().__init__(sources)
        self._where = where
        self._done: dict[str, re.Pattern[str]] = {}

    def __getitem__(self, lang: str) -> re.Pattern[str]:
        regex = self._done.get(lang)
        if regex is None:
            source = dict.__getitem__(self, lang)
            try:
                regex = re.compile(source)
            except re.error as exc:
                raise PhraseError(f"{self._where}.{lang}: bad pattern: {exc}") from None
            self._done[lang] = regex
        return regex

    def get(self, lang: str, default=None):  # type: ignore[override]
        return self[lang] if lang in self else default

    def compile_all(self) -> None:
        for lang in self:
            self[lang]


@dataclass(frozen=True)
class PhraseSet:
    """One named set of patterns, compiled once per language (on first use)."""

    key: str  # "file:set"
    message: str
    group: str  # anchor index it belongs to: "core", or a group scanned only when asked for
    anchors: dict[str, tuple[str, ...]]
    patterns: Compiled
    exceptions: Compiled

    def finditer(self, view: "TextView") -> list[tuple[int, int]]:
        """Spans (in the text) of this set's matches that no exception overlaps, in order."""
        return view.matches(self)

    def found(self, view: "TextView") -> bool:
        return view.any_match(self)

    def compile_all(self) -> None:
        """Compile every language now (tests use it to validate the data files)."""
        self.patterns.compile_all()
        self.exceptions.compile_all()


@lru_cache(maxsize=None)
def load(name: str) -> dict[str, PhraseSet]:
    """The compiled sets of `policy/data/phrases/<name>.toml`, by set name (cached)."""
    data = _read(name)
    local = _defines(data, name)
    common = _common_defines()

    def macros_for(lang: str) -> dict[str, str]:
        merged: dict[str, str] = {}
        for source in (common, local):
            merged.update(source.get("all", {}))
            merged.update(source.get(lang, {}))
        return merged

    sets: dict[str, PhraseSet] = {}
    for key, value in data.items():
        if key == "define" or not isinstance(value, dict):
            continue
        where = f"phrases/{name}.toml [{key}]"
        unknown = set(value) - {"message", "group", "include", "anchors", "patterns", "exceptions"}
        if unknown:
            raise PhraseError(f"{where}: unknown key(s) {', '.join(sorted(unknown))}")
        anchors, patterns, exceptions = {}, {}, {}
        # `include = ["a", "b"]`: this set is the union of those sets of the same file, so a
        # rule that only asks "any of them?" runs one regex instead of several.
        for part in [*value.get("include", ()), key]:
            source = data.get(part)
            if not isinstance(source, dict) or (part != key and "include" in source):
                raise PhraseError(f"{where}: include names an unknown set {part!r}")
            for table, field_name in ((anchors, "anchors"), (patterns, "patterns"),
                                      (exceptions, "exceptions")):
                for lang, items in _lang_lists(source.get(field_name),
                                               f"{where}.{field_name}").items():
                    table.setdefault(lang, []).extend(items)
        for lang in patterns:
            if not anchors.get(lang):
                raise PhraseError(f"{where}: patterns.{lang} need anchors.{lang}")
        sets[key] = PhraseSet(
            key=f"{name}:{key}",
            message=str(value.get("message", "")),
            group=str(value.get("group", "core")),
            anchors={lang: tuple(a.lower() for a in items) for lang, items in anchors.items()},
            patterns=Compiled({lang: _source(items, lang, macros_for(lang), f"{where}.patterns")
                               for lang, items in patterns.items()}, f"{where}.patterns"),
            exceptions=Compiled({lang: _source(items, lang, macros_for(lang), f"{where}.exceptions")
                                 for lang, items in exceptions.items()}, f"{where}.exceptions"),
        )
    return sets


# -- the anchor index: one scan of the message finds every set's anchors ---------------------

def _whole_words(anchors) -> set[str]:
    """Anchors that must be a whole word: written 'word$', or three letters or fewer ('si'
    must not find 'sie', 'in' not 'inside')."""
    return {a for a in anchors if (a.endswith("$") and len(a) > 1) or len(a) <= 3}


def _anchor_text(anchor: str) -> str:
    anchor = anchor.lstrip("*")
    return anchor[:-1] if anchor.endswith("$") and len(anchor) > 1 else anchor


def _trie_regex(words: list[str], whole: set[str] = frozenset()) -> str:
    """A regex matching any of `words`, shaped as a trie so each position costs one branch;
    words in `whole` must end at a word boundary."""
    trie: dict = {}
    for word in words:
        node = trie
        for ch in _anchor_text(word):
            node = node.setdefault(ch, {})
        node[""] = node.get("", False) or word not in whole  # True: a prefix is enough

    def emit(node: dict) -> str:
        branches = [re.escape(ch) + emit(child) for ch, child in sorted(node.items()) if ch]
        if "" in node:
            end = "" if node[""] else r"(?!\w)"
            if not branches:
                return end
            body = branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"
            return f"(?:{body}|{end})" if end else f"(?:{body})?"
        return branches[0] if len(branches) == 1 else "(?:" + "|".join(branches) + ")"

    return emit(trie)


@dataclass(frozen=True)
class _Index:
    regex: re.Pattern[str] | None  # word-start anchors, one trie
    inside: tuple[str, ...]  # infix anchors (German compounds), found with str.find
    cjk: tuple[str, ...]  # Japanese anchors, found with str.find when the text has any
    owners: dict[str, tuple[tuple[str, str], ...]]  # anchor -> ((set key, lang), ...)


_CJK = re.compile(r"[\u3040-\u30ff\u3400-\u9fff\uff66-\uff9f]")


@lru_cache(maxsize=None)
def _index(group: str = "core") -> _Index:
    """The anchors of every set in `group`. Sets needed only now and then (the pleasantries
    C202 reads) sit in their own group, so their common words ('we', 'if') do not slow the
    scan every message pays for."""
    owners: dict[str, list[tuple[str, str]]] = {}
    for name in file_names():
        for pset in load(name).values():
            if pset.group != group:
                continue
            for lang, anchors in pset.anchors.items():
                for anchor in anchors:
                    owners.setdefault(anchor, []).append((pset.key, lang))
    start_list, inside = [], []
    for anchor, users in owners.items():
        text = _anchor_text(anchor)
        if (anchor.startswith("*") or not text[0].isalnum()
                or all(lang in NO_BOUNDARY for _, lang in users)):
            inside.append(_anchor_text(anchor))
        else:
            start_list.append(anchor)
    start = set(start_list)
    trie = _trie_regex(sorted(start), _whole_words(start)) if start else None
    # A lookahead, so the scan tries every word start: a multi-word anchor ("kind words") must
    # not consume a word ("words") that starts another set's anchor.
    regex = re.compile(rf"(?<!\w)(?=({trie}))") if trie else None
    # The scan finds the longest anchor at each word start, so a hit also credits the shorter
    # word-start anchors that are its prefixes.
    plain: dict[str, list[tuple[str, str]]] = {}
    for anchor, users in owners.items():
        plain.setdefault(_anchor_text(anchor), []).extend(users)
    start = {_anchor_text(a) for a in start}
    merged: dict[str, tuple[tuple[str, str], ...]] = {}
    for anchor in plain:
        credit: list[tuple[str, str]] = []
        for j in range(1, len(anchor) + 1):
            part = anchor[:j]
            if part in start or part == anchor:
                credit.extend(plain.get(part, ()))
        merged[anchor] = tuple(dict.fromkeys(credit))
    latin = tuple(sorted({a for a in inside if not _CJK.match(a)}))
    cjk = tuple(sorted({a for a in inside if _CJK.match(a)}))
    return _Index(regex, latin, cjk, merged)



def __getattr__(name: str):
    """`phrases.TextView`, `phrases.view`, `phrases.split_sentences` live in phrase_view (which
    imports this module); resolved lazily to avoid a circular import."""
    if name in ("TextView", "view", "split_sentences"):
        from policy import phrase_view

        return getattr(phrase_view, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
