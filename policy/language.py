"""Which language a body is written in, when there is enough prose to say.

Amazon requires proactive messages in the buyer's language (O104), and the spelling and
grammar checks need to know which dictionary to open. Very short texts are unreliable for every
detector, so `detect` answers None rather than guess: a rule that needs the language must then
stay silent.

How it decides:
- Japanese is told by its script. Kana (hiragana, katakana) appear in almost every Japanese
  sentence and in no other marketplace language, so a text whose letters are mostly kana and
  kanji is Japanese without consulting a model. Chinese (kanji without kana) is not a
  marketplace language and gets None.
- Everything else goes to py3langid's naive Bayes model over byte n-grams, restricted to the
  marketplace languages, which makes it both faster and more accurate than the full model on
  short messages. `policy.langid_model` ships that model cut down to these languages (same
  scores, about 4 MB and 30 ms to load instead of py3langid's 90 MB and 0.5 s); it loads
  lazily, once per process.
- Before the model, a count of function words (`policy/data/stopwords.toml`) settles the
  clear cases, which are most messages: no model at all, a tenth of the time. Only a text
  whose function words point overwhelmingly one way is decided there.
- The confidence bar rises as the text gets shorter: 20 letters must be near-certain, a long
  paragraph may be merely likely.

`paragraphs` splits a body into blocks and guesses each one, so O104 can tell a bilingual body
(German paragraph, then the same in English) from one written in the wrong language.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from functools import lru_cache

MARKETPLACE_LANGUAGES = ("en", "de", "fr", "es", "it", "ja", "nl", "sv", "pl", "tr", "ar", "pt", "hi")

MIN_LETTERS = 20  # below this, no detector is trustworthy
_KANA = re.compile(r"[\u3040-\u309f\u30a0-\u30ff\uff66-\uff9f]")
_KANJI = re.compile(r"[\u4e00-\u9fff\u3400-\u4dbf]")
_LETTER = re.compile(r"[^\W\d_]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\u00a0]*\n|(?<=[.!?。！？:])[ \t]*\n")
# A CJK character carries about as much text as three Latin letters.
CJK_WEIGHT = 3


@dataclass(frozen=True)
class Guess:
    language: str  # ISO 639-1
    confidence: float


@dataclass(frozen=True)
class Block:
    """A paragraph of the text, its size in (weighted) letters and its language if known."""

    start: int
    end: int
    letters: int
    guess: Guess | None


def normalise(tag: str | None) -> str | None:
    """'de-DE', 'de_DE', 'DE' -> 'de'; None or '' -> None."""
    if not tag:
        return None
    primary = re.split(r"[-_]", tag.strip(), maxsplit=1)[0].lower()
    return primary or None


_CJK = re.compile(r"[\u3040-\u30ff\uff66-\uff9f\u4e00-\u9fff\u3400-\u4dbf]")


def letter_weight(text: str) -> int:
    """How much prose a text holds: letters, with CJK characters counted triple."""
    letters = len(_LETTER.findall(text))
    if not _CJK.search(text):
        return letters
    return letters + (CJK_WEIGHT - 1) * len(_CJK.findall(text))


def _model():
    """The language model, restricted to the marketplace languages; loaded once."""
    from policy import langid_model

    return langid_model.model()


def _stopwords() -> dict[str, str]:
    """word -> language for the function words that belong to one language only."""
    global _STOPWORDS
    if _STOPWORDS is None:
        from policy.datafile import load

        data = load("stopwords.toml")
        owners: dict[str, set[str]] = {}
        for lang, words in data.items():
            for word in words:
                owners.setdefault(word, set()).add(lang)
        _STOPWORDS = {w: next(iter(langs)) for w, langs in owners.items() if len(langs) == 1}
    return _STOPWORDS


_STOPWORDS: dict[str, str] | None = None
_TOKEN = re.compile(r"[^\W\d_]+")
FAST_MIN_HITS = 4  # function words of one language ...
FAST_LEAD = 4  # ... at least this many times those of any other ...
FAST_SHARE = 0.15  # ... and this share of all the words


def _by_function_words(tokens: list[str]) -> Guess | None:
    """A clear verdict from function words, or None to ask the model."""
    table = _stopwords()
    counts: dict[str, int] = {}
    for token in tokens:
        lang = table.get(token.lower())
        if lang:
            counts[lang] = counts.get(lang, 0) + 1
    if not counts:
        return None
    best, hits, runner = "", 0, 0
    for lang, count in counts.items():
        if count > hits:
            best, hits, runner = lang, count, hits
        elif count > runner:
            runner = count
    if hits >= FAST_MIN_HITS and hits >= FAST_LEAD * max(runner, 1) and hits >= FAST_SHARE * len(tokens):
        return Guess(best, 0.99 if hits >= 2 * FAST_MIN_HITS else 0.95)
    return None


def _bar(letters: int) -> float:
    """The confidence a guess needs for a text of this many letters."""
    if letters < 40:
        return 0.98
    if letters < 80:
        return 0.95
    if letters < 200:
        return 0.9
    return 0.8


@lru_cache(maxsize=1024)
def detect(text: str, *, min_letters: int = MIN_LETTERS) -> Guess | None:
    """The language of `text`, or None when it is too short or the guess is not confident.

    Cached (the answer depends on the text alone): O104, S310 and S311 each ask about the
    same body and paragraphs of a message."""
    if not text:
        return None
    tokens = _TOKEN.findall(text)
    if _CJK.search(text):
        kana = len(_KANA.findall(text))
        kanji = len(_KANJI.findall(text))
    else:
        kana = kanji = 0
    latin = sum(map(len, tokens)) - kana - kanji
    letters = latin + CJK_WEIGHT * (kana + kanji)
    if letters < min_letters:
        return None
    if kana + kanji:
        cjk_share = CJK_WEIGHT * (kana + kanji) / letters
        if kana >= 2 and cjk_share >= 0.5:
            return Guess("ja", min(0.99, 0.6 + cjk_share / 2.5))
        if cjk_share >= 0.5:
            return None  # Chinese or kanji-only fragments: not a marketplace language
        # Mostly Latin text with a few Japanese characters: judge the Latin part.
        text = _KANA.sub(" ", _KANJI.sub(" ", text))
        letters = latin
        if letters < min_letters:
            return None
    quick = _by_function_words(tokens)
    if quick is not None:
        return quick
    language, confidence = _model().classify(text)
    if confidence < _bar(letters):
        return None
    return Guess(language, float(confidence))


def rank(text: str) -> list[tuple[str, float]]:
    """Every Latin-script marketplace language with its probability, best first."""
    return [(lang, float(p)) for lang, p in _model().rank(text)]


def split(text: str) -> list[tuple[int, int]]:
    """The (start, end) spans of the non-empty blocks of `text`, without guessing."""
    spans: list[tuple[int, int]] = []
    pos = 0
    for match in (*_PARAGRAPH_BREAK.finditer(text), None):
        end = match.start() if match else len(text)
        if text[pos:end].strip():
            spans.append((pos, end))
        if match:
            pos = match.end()
    return spans


def paragraphs(text: str, *, min_letters: int = MIN_LETTERS) -> list[Block]:
    """`text` split into blocks (blank lines, or line ends after a full stop), each guessed.

    Blocks too short to judge on their own keep `guess=None` but still count their letters,
    so a caller can weigh how much of the body each language holds.
    """
    return [Block(start, end, letter_weight(text[start:end]),
                  detect(text[start:end], min_letters=min_letters))
            for start, end in split(text)]
