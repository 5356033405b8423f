"""Concepts read in a clause, not a sentence: a condition on the buyer being happy, something
of value the seller offers, and a sentence that only explains how reviews work or declines to
reward one (numpy only).

Why apart from the intent heads (`heads.py`): those were trained on whole sentences, and in a
review request the ask outweighs everything else said with it. "Si te han ido de maravilla, nos
encantaría leer tu reseña" read review-gate 0.42 and its condition alone ("Si te han ido de
maravilla") read hostile 0.46: no sentence head has learnt what a condition on satisfaction is
apart from a request. These concepts were written as clauses, with hard negatives that share
their shape ("if you have a moment", "whether you loved it or not", "we hope you love it";
"we'll send the tracking number"), by authors who saw only the policy
(`policy/data/intents/clauses/`). The composition (`clauses.py`) reads them inside or right
before a review request: a satisfied-condition there is gating (C206, POLICY_READING: "a request
presented as following from a positive experience"), value offered inside the asking sentence is
an exchange (C204). The third concept (`explaining.py`) was written as whole sentences, by two
later authors: a reply that explains, on request, how reviews work, or a refusal to reward a
review, names reviews and rewards as a violation does, and no sentence head has learnt that it
asks and offers nothing.

Each concept's score is the geometric mean of two models that read the clause differently:
a network on the sentence vector (a hidden ReLU layer of 64 shared by the concepts, then one
sigmoid per concept) and a logistic regression on the clause's character n-grams
(`char_grams.py`); the encoder alone read "once you've had a chance to try it" as a
satisfied-condition, the n-grams alone miss wording they never saw (docs/intent-model.md has
the comparison). Both are trained by
`python -m policy.intent.train_clauses`, which also chooses each concept's threshold on
out-of-fold scores split by author (precision 0.98) and writes both to `clause_concepts.npz`;
a test checks that the shipped file is what the command builds.
"""

from __future__ import annotations

import functools
from dataclasses import dataclass
from pathlib import Path

import numpy as np

from policy.intent import char_grams
from policy.intent.heads import SCALE

CONCEPTS = ("satisfied-condition", "value-offered", "explains-or-declines", "names-praise")
FILE = Path(__file__).resolve().parents[1] / "data" / "intents" / "clause_concepts.npz"


@dataclass(frozen=True)
class ClauseConcepts:
    hidden_weights: np.ndarray  # (dim, hidden) float32
    hidden_bias: np.ndarray  # (hidden,)
    weights: np.ndarray  # (hidden, concepts)
    bias: np.ndarray  # (concepts,)
    gram_weights: np.ndarray  # (concepts, char_grams.BUCKETS) float32
    gram_bias: np.ndarray  # (concepts,)
    error: np.ndarray  # (concepts,) the threshold a reading needs

    def encoded(self, vectors: np.ndarray) -> np.ndarray:
        """(rows, concepts) the network's probabilities for unit-length sentence vectors."""
        x = np.asarray(vectors, np.float32) * np.float32(SCALE)
        hidden = np.maximum(x @ self.hidden_weights + self.hidden_bias, 0)
        z = hidden @ self.weights + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))

    def scores(self, texts: list[str], vectors: np.ndarray) -> np.ndarray:
        """(rows, concepts): the geometric mean of the network's and the n-grams' readings of
        each clause (`vectors` are the clauses' encoder vectors, in the same order)."""
        grams = char_grams.predict(self.gram_weights, self.gram_bias, texts)
        return np.sqrt(self.encoded(vectors) * grams)

    def threshold(self, concept: str) -> float:
        return float(self.error[CONCEPTS.index(concept)])


def from_arrays(arrays) -> ClauseConcepts:
    if tuple(arrays["concepts"]) != CONCEPTS:
        raise ValueError(f"clause concepts {tuple(arrays['concepts'])} are not {CONCEPTS}")
    f32 = lambda name: np.asarray(arrays[name], np.float32)  # noqa: E731
    # The n-gram weights are stored sparse: the buckets no training clause has stay zero.
    grams = np.zeros((len(CONCEPTS), char_grams.BUCKETS), np.float32)
    grams[:, np.asarray(arrays["gram_index"], np.int64)] = f32("gram_values")
    return ClauseConcepts(f32("hidden_weights"), f32("hidden_bias"), f32("weights"),
                          f32("bias"), grams, f32("gram_bias"), f32("error"))


@functools.lru_cache(maxsize=1)
def load() -> ClauseConcepts:
    with np.load(FILE) as arrays:
        return from_arrays({k: arrays[k] for k in arrays.files})
