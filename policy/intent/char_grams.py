"""Character n-grams of a clause, hashed, and a logistic regression on them (numpy only).

Why beside the sentence encoder: on short clauses the encoder's vector is dominated by the
frame of the clause, not its content. "When you've had a chance to knit with it" read 0.90
as a satisfied-condition from a network trained with "once you've had a chance to try the
harness" as a negative, because "once you're happy with the harness" has the same frame. The
words carry the difference ("chance", "provato", "goûté" against "happy", "piaciuto",
"maravilla"), and character 3- to 5-grams carry them across inflections and the six
languages without a word list. `clause_concepts.py` averages the two models geometrically,
so a reading needs both the meaning and the wording.

Hashing: zlib's CRC-32 of each n-gram (and of each whole word) modulo BUCKETS, stable across
processes and platforms (Python's `hash` is salted). A row's features are weighted
1/sqrt(count) so long and short clauses weigh alike.
"""

from __future__ import annotations

import re
import zlib

import numpy as np

BUCKETS = 1 << 18
SIZES = (3, 4, 5)
_SPACE = re.compile(r"\s+")
_WORD = re.compile(r"\w+")


def features(text: str) -> np.ndarray:
    """The sorted distinct buckets of the clause's n-grams and words."""
    padded = " " + _SPACE.sub(" ", text.lower()).strip() + " "
    out = {zlib.crc32(padded[i:i + n].encode()) % BUCKETS
           for n in SIZES for i in range(len(padded) - n + 1)}
    out.update(zlib.crc32(("w:" + w).encode()) % BUCKETS for w in _WORD.findall(padded))
    return np.array(sorted(out), np.int64)


def predict(weights: np.ndarray, bias: np.ndarray, texts: list[str]) -> np.ndarray:
    """(rows, concepts) probabilities; `weights` is (concepts, BUCKETS)."""
    out = np.empty((len(texts), len(bias)), np.float64)
    for i, text in enumerate(texts):
        f = features(text)
        z = weights[:, f].sum(1) / np.sqrt(max(len(f), 1)) + bias
        out[i] = 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))
    return out


def fit(rows: list[np.ndarray], y: np.ndarray, sample: np.ndarray, *, l2: float = 1e-4,
        steps: int = 300, rate: float = 0.05) -> tuple[np.ndarray, float]:
    """One L2 logistic regression by full-batch Adam from zero weights (deterministic):
    `rows` are `features()` of each training clause, `sample` each row's loss weight
    (summing to one). Returns the weights over BUCKETS (float32) and the bias."""
    index = np.concatenate([np.full(len(f), i) for i, f in enumerate(rows)])
    columns = np.concatenate(rows)
    values = np.concatenate([np.full(len(f), 1.0 / np.sqrt(max(len(f), 1))) for f in rows])
    w = np.zeros(BUCKETS)
    moments = [np.zeros(BUCKETS), np.zeros(BUCKETS)]
    b, bias_moments = 0.0, [0.0, 0.0]
    for step in range(1, steps + 1):
        z = np.bincount(index, weights=values * w[columns], minlength=len(rows)) + b
        g = (1.0 / (1.0 + np.exp(-np.clip(z, -30, 30))) - y) * sample
        grad = np.bincount(columns, weights=values * g[index], minlength=BUCKETS) + 2 * l2 * w
        w -= _adam(moments, grad, step, rate)
        b -= float(_adam(bias_moments, np.array(g.sum()), step, rate))
    return w.astype(np.float32), float(b)


def _adam(moments, grad, step, rate, beta1=0.9, beta2=0.999, eps=1e-8):
    moments[0] = beta1 * moments[0] + (1 - beta1) * grad
    moments[1] = beta2 * moments[1] + (1 - beta2) * grad * grad
    return rate * (moments[0] / (1 - beta1 ** step)) / (
        np.sqrt(moments[1] / (1 - beta2 ** step)) + eps)
