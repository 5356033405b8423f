"""The trained heads on the sentence vector (numpy only): a small shared network, and a vote of
the nearest training sentences.

Why this shape (measured on the split by author, docs/intent-model.md): one logistic regression
per intent on the frozen vector could not separate "an honest review, positive or negative"
from "a positive review", and authors who label the same wording differently make a linear
boundary's top scores impure, so several heads barely fired at 90% precision. Two additions,
each deterministic and cheap:

- a hidden layer (ReLU) shared by every intent, so what several intents have in common ("a
  review", "if you are happy", "positive") is learned once from all their labels;
- a memory of the training sentences projected to a few principal directions: the labels of
  the nearest ones (by cosine), weighted by similarity, are averaged with the network's
  probability. Wording close to what several authors agreed on gets their verdict, which a
  smooth boundary blurs.

The score stays in [0, 1], and each intent has two thresholds chosen on the development split
(`policy/data/intents/thresholds.json`, see `train.py --choose-thresholds`): `error` (precise
enough to block on) and `warn` (worth a warning).

- word evidence: naive Bayes ratios of the sentence's character n-grams (`gram_heads.py`),
  averaged in with a small share, for the words the vector blurs.

The network lives in `policy/data/intents/heads.npz`, the memory in `memory.npz`, the n-grams
in `gram_heads.npz`; `python -m policy.intent.train` rebuilds them from the training
sentences, and a test checks that the shipped files are what it builds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from policy.intent import gram_heads
from policy.intent.gram_heads import GramHeads
from policy.intent.inventory import IDS

DATA = Path(__file__).resolve().parents[1] / "data" / "intents"
# Vectors are unit length in 512 dimensions; scaled to unit variance per coordinate the
# weights stay O(1) and one L2 strength suits every head.
SCALE = float(np.sqrt(512))


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


@dataclass(frozen=True)
class Memory:
    """The training sentences, projected and unit length, with their labels: a neighbour vote."""

    projection: np.ndarray  # (dim, d) float32
    columns: np.ndarray  # (d, sentences) float32, one unit vector per column (contiguous:
    # the product with a few query rows is then ~40% faster than with a transposed view)
    labels: np.ndarray  # (sentences, intents) uint8, 1 where the sentence has the intent
    known: np.ndarray  # (sentences, intents) uint8, 1 where its labeller judged the intent
    k: int
    share: float  # weight of the vote in the final score

    def vote(self, vectors: np.ndarray) -> np.ndarray:
        """Per intent, the share of the k nearest training sentences that carry it, among
        those whose label is known, each weighted by its similarity to the fourth power."""
        query = np.asarray(vectors, np.float32) @ self.projection
        query /= np.maximum(np.linalg.norm(query, axis=1, keepdims=True), 1e-6)
        sims = query @ self.columns
        k = min(self.k, sims.shape[1] - 1)
        near = np.argpartition(sims, -k, axis=1)[:, -k:]
        weight = np.clip(np.take_along_axis(sims, near, 1), 0, None)[:, :, None] ** 4
        known = weight * self.known[near]
        return (known * self.labels[near]).sum(1) / np.maximum(known.sum(1), 1e-9)


@dataclass(frozen=True)
class Heads:
    hidden_weights: np.ndarray  # (dim, hidden) float32
    hidden_bias: np.ndarray  # (hidden,)
    weights: np.ndarray  # (hidden, intents)
    bias: np.ndarray  # (intents,)
    error: np.ndarray  # (intents,) threshold to block on
    warn: np.ndarray  # (intents,) threshold to warn on
    memory: Memory | None = None
    grams: GramHeads | None = None
    intents: tuple[str, ...] = IDS

    def network(self, vectors: np.ndarray) -> np.ndarray:
        """(sentences, intents) probabilities of the network alone."""
        x = np.asarray(vectors, np.float32) * np.float32(SCALE)
        hidden = np.maximum(x @ self.hidden_weights + self.hidden_bias, 0)
        return _sigmoid(hidden @ self.weights + self.bias)

    def scores(self, vectors: np.ndarray, texts: list[str] | None = None) -> np.ndarray:
        """(sentences, intents) scores in [0, 1]: the network, averaged with the vote, then
        with the n-grams' reading of `texts` (the sentences the vectors encode), which heads
        that have n-grams need."""
        p = self.network(vectors)
        if self.memory is not None:
            p = (1 - self.memory.share) * p + self.memory.share * self.memory.vote(vectors)
        if self.grams is None:
            return p
        if texts is None or len(texts) != len(p):
            raise ValueError("these heads read the sentences' n-grams: pass their texts")
        return (1 - self.grams.share) * p + self.grams.share * self.grams.probabilities(texts)


def thresholds(path: Path | None = None) -> dict[str, dict[str, float]]:
    """The per-intent thresholds chosen on the development split."""
    if path is None:
        text = resources.files("policy").joinpath("data", "intents", "thresholds.json").read_text(
            encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return json.loads(text)["thresholds"]


def from_arrays(arrays, limits: dict[str, dict[str, float]] | None = None) -> Heads:
    """Heads from the arrays `train.build` writes (a mapping, or an open npz file)."""
    limits = limits if limits is not None else thresholds()
    error = np.array([limits.get(i, {}).get("error", 0.9) for i in IDS], dtype=np.float32)
    warn = np.array([limits.get(i, {}).get("warn", 0.7) for i in IDS], dtype=np.float32)
    memory = memory_from_arrays(arrays) if "memory_vectors" in arrays else None
    grams = gram_heads.from_arrays(arrays) if "gram_ratios" in arrays else None
    f32 = lambda name: np.asarray(arrays[name], np.float32)  # noqa: E731
    return Heads(f32("hidden_weights"), f32("hidden_bias"), f32("weights"), f32("bias"),
                 error, warn, memory, grams)


def memory_from_arrays(arrays) -> Memory:
    def bits(name):
        return np.unpackbits(arrays[name], axis=1, count=len(IDS))

    return Memory(np.asarray(arrays["memory_projection"], np.float32),
                  np.ascontiguousarray(np.asarray(arrays["memory_vectors"]).T, np.float32),
                  bits("memory_labels"), bits("memory_known"),
                  int(arrays["memory_k"]), float(arrays["memory_share"]))


_shipped: Heads | None = None
_override: Heads | None = None


def _read(name: str) -> dict[str, np.ndarray]:
    with resources.files("policy").joinpath("data", "intents", name).open("rb") as fh:
        with np.load(fh, allow_pickle=False) as z:
            return {key: z[key] for key in z.files}


def load() -> Heads:
    """The heads in use: the shipped ones, unless `use()` installed others (development)."""
    global _shipped
    if _override is not None:
        return _override
    if _shipped is None:
        arrays = _read("heads.npz")
        if tuple(str(n) for n in arrays["intents"]) != IDS:
            raise RuntimeError("heads.npz was trained on another intent inventory; "
                               "run python -m policy.intent.train")
        _shipped = from_arrays({**arrays, **_read("memory.npz"), **_read("gram_heads.npz")})
    return _shipped


def use(heads: Heads | None) -> None:
    """Install other heads (a development model), or None to return to the shipped ones."""
    global _override
    _override = heads
