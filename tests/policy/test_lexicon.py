"""policy.lexicon: the compact word list answers as pyspellchecker does."""

import gzip
import json
import random
from importlib import resources

import pytest
from spellchecker import SpellChecker

from policy import lexicon
from policy.rules.spelling_words import checker


def _reference(lang: str) -> SpellChecker:
    spell = SpellChecker(language=None, distance=1, case_sensitive=True)
    data = resources.files("spellchecker").joinpath("resources", f"{lang}.json.gz").read_bytes()
    spell.word_frequency.load_json(json.loads(gzip.decompress(data)))
    return spell


def _typos(words: list[str], rng: random.Random, n: int) -> list[str]:
    out = []
    for word in rng.sample(words, n):
        i = rng.randrange(len(word))
        kind = rng.randrange(3)
        if kind == 0:
            out.append(word[:i] + word[i + 1:])
        elif kind == 1:
            out.append(word[:i] + rng.choice("aeiourstnl") + word[i:])
        else:
            out.append(word[:i] + rng.choice("aeiourstnl") + word[i + 1:])
    return out


@pytest.mark.parametrize("lang", ["en", "es"])
def test_same_answers_as_pyspellchecker(lang):
    reference, compact = _reference(lang), checker(lang)
    words = sorted(reference.word_frequency.dictionary)
    rng = random.Random(7)
    sample = rng.sample(words, 300) + _typos([w for w in words if len(w) >= 4], rng, 300)
    sample += ["", "x", "3.5", "nan", "!", "zzzzqqqq", "a" * 80]
    for word in sample:
        assert (word in compact) == (word in reference.word_frequency.dictionary), word
        assert compact.frequency(word) == reference.word_usage_frequency(word), word
        assert compact.candidates(word) == reference.candidates(word), word
    assert len(compact) == len(words)
    assert compact.letters == reference.word_frequency.letters


def test_folded_accents():
    lex = lexicon.Lexicon({"vídeo": 5, "évènement": 2, "plain": 1}, fold_accents=True)
    assert lex.folded("video") and lex.folded("evenement")
    assert not lex.folded("plain") and not lex.folded("vídeo")
    assert lexicon.Lexicon({"vídeo": 5}).folded("video") is False


def test_twelve_bytes_a_word():
    lex = checker("en")
    size = lex._hashes.itemsize * len(lex._hashes) + lex._counts.itemsize * len(lex._counts)
    assert size <= 12 * len(lex)
