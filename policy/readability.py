"""Flesch reading ease for S312, without the 70 MB pronouncing dictionary.

textstat (0.7.5-0.7.8) counts a word's syllables by looking it up in the CMU pronouncing
dictionary, which costs 68-76 MB of memory and about 3 s to load, for a warning that only long
English messages near the line can get. Here textstat still counts the words and sentences
(its own functions, so the formula is textstat's), and syllables come from `syllables`, a
spelling heuristic: vowel groups, less a silent final e, -es or -ed, plus the vowel pairs
English usually pronounces as two syllables (idea's ia, going's oing, piano's io).

Measured against the CMU dictionary on the 30,000 most frequent English words of
pyspellchecker's list, weighted by frequency: the heuristic gives the dictionary's count for
97.9% of running words (textstat's own fallback, pyphen's hyphenation points, gets 95.3%), is
off by 0.021 syllables per word on average and has no bias to speak of (+0.002). It misses a
silent e inside a word (replacement, lovely: one too many) and some vowel pairs (idea: one too
few). On the 211 English bodies of 40 words or more in the project's message sets, scores
differ from textstat's by -0.2 points on average (standard deviation 2.7; the worst, 13.5,
on a body full of links and order numbers, which S312 masks before scoring). The tests check
scores and the decision on both sides of the `flesch_min` line of 30.
"""

from __future__ import annotations

import re

_VOWEL_GROUP = re.compile(r"[aeiouy]+")
# Vowel pairs inside one vowel group that are usually two syllables (idea, piano, going, quiet).
_HIATUS = re.compile(r"(?<![cgst])ia|iet|ier|ua(?!r)|uo|ui(?=[^cdlnrst])|eo|(?<!t)io|[aeouy]ing")
_SILENT_ES = ("ses", "zes", "ches", "shes", "ges", "ces", "xes", "ies", "ees", "oes")
_SOUNDED_ED = ("ted", "ded", "eed", "ied")


def syllables(word: str) -> int:
    """The number of syllables of a lower-case English word (at least 1)."""
    count = len(_VOWEL_GROUP.findall(word))
    if count > 1:
        if word.endswith("e") and not word.endswith(("le", "ee", "ye", "oe")):
            count -= 1  # make, there
        elif word.endswith("es") and not word.endswith(_SILENT_ES):
            count -= 1  # makes (but boxes, pages)
        elif word.endswith("ed") and not word.endswith(_SOUNDED_ED):
            count -= 1  # shipped (but sorted, added)
    count += len(_HIATUS.findall(word))
    return max(1, count)


def flesch_reading_ease(text: str) -> float:
    """textstat's English Flesch reading ease of `text`, with `syllables` for the syllables."""
    from textstat.backend.metrics._words_per_sentence import words_per_sentence
    from textstat.backend.selections._list_words import list_words

    words = list_words(text, lowercase=True)
    per_sentence = words_per_sentence(text)
    if not words or per_sentence == 0:
        return 0.0
    per_word = sum(syllables(word) for word in words) / len(words)
    return 206.835 - 1.015 * per_sentence - 84.6 * per_word
