"""A word list with counts in 12 bytes a word: what S310 needs from pyspellchecker, compactly.

pyspellchecker keeps each language's list as a Python dict of word -> count: 17-36 MB per
language (the German list has 339,000 words), about 120 MB for the five S310 checks, and
non-English bodies also consult the English list. S310 only asks three things of a list: is
this word in it, how common is it, and which listed words are one edit away. None of those
needs the words themselves, so a `Lexicon` keeps only each word's 64-bit hash (sorted, in an
`array('q')`) and its count (`array('I')`, same order): 4 MB for German, plus the 8,000
most common words as a set for the quick answer most lookups get.

Hashes are Python's own string hashes, computed when the list is loaded, so they are only
valid inside one process (they are never stored). Two different words share a 64-bit hash
with a probability of about one in 10^13 per lookup for these list sizes: negligible next to
the lists' own gaps.

`candidates` is pyspellchecker's `candidates` with distance 1 (the same edits over the list's
own letters, the same filters), with the membership test of the thousand-odd edits done in
one numpy `searchsorted`.
"""

from __future__ import annotations

import gzip
import json
import string
import unicodedata
from array import array
from bisect import bisect_left
from importlib import resources

from policy.memory import release_freed_memory

COMMON = 8000  # words per list also kept as strings, for the quick membership test


def strip_accents(word: str) -> str:
    return "".join(c for c in unicodedata.normalize("NFD", word) if unicodedata.category(c) != "Mn")


def _sorted_hashes(words) -> array:
    import numpy as np

    hashes = np.fromiter((hash(w) for w in words), dtype=np.int64)
    return array("q", np.unique(hashes).tobytes())


class Lexicon:
    """Membership, counts and one-edit candidates of a word -> count list."""

    def __init__(self, counts: dict[str, int], *, fold_accents: bool = False, defer: bool = False):
        import numpy as np

        hashes = np.fromiter((hash(w) for w in counts), dtype=np.int64, count=len(counts))
        values = np.fromiter(counts.values(), dtype=np.uint32, count=len(counts))
        order = np.argsort(hashes, kind="stable")
        self._hashes = array("q", hashes[order].tobytes())
        self._counts = array("I", values[order].tobytes())
        self._sorted = np.frombuffer(self._hashes, dtype=np.int64)  # a view, no copy
        self.total = int(values.sum(dtype=np.uint64))
        self.letters = frozenset().union(*counts) if counts else frozenset()
        self.longest = max(map(len, counts), default=0)
        # accented words with their accents removed, for languages that write both forms
        self._folded = (_sorted_hashes(strip_accents(w) for w in counts if not w.isascii())
                        if fold_accents else array("q"))
        # the most common words as a set: most words of a message are among them, and a set
        # answers in a tenth of the time of a binary search (about 0.5 MB a language)
        top = set(np.argsort(values, kind="stable")[::-1][:COMMON].tolist())
        # one new string now, split into a set by `_keep_common` once the parsed list is
        # freed: holding on to the list's own string objects would pin its memory
        self._common_text = "\n".join(w for i, w in enumerate(counts) if i in top)
        self._common: frozenset[str] = frozenset()
        if not defer:
            self._keep_common()

    def _keep_common(self) -> None:
        self._common = frozenset(self._common_text.split("\n")) if self._common_text else frozenset()
        self._common_text = ""

    def __len__(self) -> int:
        return len(self._hashes)

    def _index(self, word: str) -> int:
        code = hash(word)
        i = bisect_left(self._hashes, code)
        return i if i < len(self._hashes) and self._hashes[i] == code else -1

    def __contains__(self, word: str) -> bool:
        if word in self._common:
            return True
        code = hash(word)
        hashes = self._hashes
        i = bisect_left(hashes, code)
        return i < len(hashes) and hashes[i] == code

    def count(self, word: str) -> int:
        i = self._index(word)
        return self._counts[i] if i >= 0 else 0

    def frequency(self, word: str) -> float:
        """The word's share of the list's counts (pyspellchecker's word_usage_frequency)."""
        return self.count(word) / self.total if self.total else 0.0

    def folded(self, word: str) -> bool:
        """Is `word` (without accents) an accented word of the list with its accents removed?"""
        code = hash(word)
        i = bisect_left(self._folded, code)
        return i < len(self._folded) and self._folded[i] == code

    def _checkable(self, word: str) -> bool:
        if len(word) == 1 and word in string.punctuation:
            return False
        if len(word) > self.longest + 3:
            return False
        if word.lower() in ("nan", "inf", "infinity"):
            return True
        try:
            float(word)
        except ValueError:
            return True
        return False

    def known(self, words) -> set[str]:
        """The listed ones among `words`."""
        import numpy as np

        words = list(words)
        if not words:
            return set()
        codes = np.fromiter((hash(w) for w in words), dtype=np.int64, count=len(words))
        where = np.searchsorted(self._sorted, codes)
        where[where >= len(self._sorted)] = 0
        hits = np.flatnonzero(self._sorted[where] == codes)
        return {words[i] for i in hits.tolist() if self._checkable(words[i])}

    def candidates(self, word: str) -> set[str] | None:
        """Listed words one edit away, {word} itself if listed (or not a checkable word), else
        None: pyspellchecker's SpellChecker.candidates with distance=1."""
        if word in self and self._checkable(word):
            return {word}
        if not self._checkable(word):
            return {word}
        letters = self.letters
        splits = [(word[:i], word[i:]) for i in range(len(word) + 1)]
        edits = {left + right[1:] for left, right in splits if right}
        edits.update(left + right[1] + right[0] + right[2:] for left, right in splits if len(right) > 1)
        edits.update(left + c + right[1:] for left, right in splits if right for c in letters)
        edits.update(left + c + right for left, right in splits for c in letters)
        return self.known(edits) or None


def load(lang: str, *, fold_accents: bool = False) -> Lexicon:
    """pyspellchecker's bundled list for `lang` as a Lexicon. The lists are lower-case
    already, so pyspellchecker's lower-casing pass over every key is skipped."""
    data = resources.files("spellchecker").joinpath("resources", f"{lang}.json.gz").read_bytes()
    counts = json.loads(gzip.decompress(data))
    del data
    lexicon = Lexicon(counts, fold_accents=fold_accents, defer=True)
    del counts
    lexicon._keep_common()
    release_freed_memory()
    return lexicon

