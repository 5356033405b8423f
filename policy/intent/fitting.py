"""Fitting the heads of `heads.py` from sentence vectors and (partial) labels, deterministically.

Nothing here draws a random number except from a generator with a fixed seed, training is full
batch with a fixed number of Adam steps, and the principal directions of the memory have their
signs fixed: the same sentences give the same arrays, so a test can compare the shipped files
with a fresh build (`train.build`).

Every fit shares one loss: binary cross-entropy per intent, rows whose labeller could not judge
an intent left out of it (`mask`), positives weighted up by the square root of the imbalance
(at most 10x) so a rare intent still learns its boundary, rows weighted (`rows_weight`: the old
sets' silver labels count less), each intent's weights summing to one.
"""

from __future__ import annotations

import numpy as np

from policy.intent.heads import SCALE

# The shipped choice (docs/intent-model.md, bench/intent_heads_compare.py).
HIDDEN = 128
MLP_L2 = 0.01
MLP_STEPS = 300
MLP_RATE = 0.003
MEMORY_DIMS = 128
MEMORY_K = 10
MEMORY_SHARE = 0.5
# The previous head, kept as the baseline of the comparison.
L2 = 0.05
STEPS = 300
RATE = 0.05


def sample_weights(y, mask, rows_weight=None) -> np.ndarray:
    """Each row's weight in each intent's loss (see the module docstring)."""
    pos = (y * mask).sum(0)
    neg = ((1 - y) * mask).sum(0)
    boost = np.clip(np.sqrt(neg / np.maximum(pos, 1.0)), 1.0, 10.0)
    sample = mask * np.where(y > 0, boost, 1.0)
    if rows_weight is not None:
        sample = sample * rows_weight[:, None]
    return sample / np.maximum(sample.sum(0), 1.0)


class _Adam:
    """Adam on a dict of arrays, in place."""

    def __init__(self, params: dict[str, np.ndarray], rate: float):
        self.params, self.rate, self.step = params, rate, 0
        self.moments = {k: (np.zeros_like(v), np.zeros_like(v)) for k, v in params.items()}

    def update(self, grads: dict[str, np.ndarray], beta1=0.9, beta2=0.999, eps=1e-8) -> None:
        self.step += 1
        c1, c2 = 1 - beta1 ** self.step, 1 - beta2 ** self.step
        for k, grad in grads.items():
            m, v = self.moments[k]
            m *= beta1
            m += (1 - beta1) * grad
            v *= beta2
            v += (1 - beta2) * grad * grad
            self.params[k] -= (self.rate * (m / c1) / (np.sqrt(v / c2) + eps)).astype(
                self.params[k].dtype)


def logistic(x: np.ndarray, y: np.ndarray, mask: np.ndarray, *, l2: float = L2,
             steps: int = STEPS, rate: float = RATE,
             rows_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """One L2 logistic regression per intent, from zero weights: weights (intents, dim) and
    biases. `l2` may be one value or one per intent."""
    x = np.asarray(x, np.float64) * SCALE
    sample = sample_weights(y, mask, rows_weight)
    l2 = np.broadcast_to(np.asarray(l2, np.float64), (y.shape[1],))[:, None]
    params = {"w": np.zeros((y.shape[1], x.shape[1])), "b": np.zeros(y.shape[1])}
    adam = _Adam(params, rate)
    for _ in range(steps):
        g = (predict_logistic(params["w"], params["b"], x, scaled=True) - y) * sample
        adam.update({"w": g.T @ x + 2 * l2 * params["w"], "b": g.sum(0)})
    return params["w"].astype(np.float32), params["b"].astype(np.float32)


def predict_logistic(w, b, x, *, scaled: bool = False) -> np.ndarray:
    x = np.asarray(x, np.float64) * (1.0 if scaled else SCALE)
    return 1.0 / (1.0 + np.exp(-np.clip(x @ np.asarray(w, np.float64).T + b, -30, 30)))


def network(x: np.ndarray, y: np.ndarray, mask: np.ndarray, *, hidden: int = HIDDEN,
            l2: float = MLP_L2, steps: int = MLP_STEPS, rate: float = MLP_RATE,
            rows_weight: np.ndarray | None = None, seed: int = 0) -> dict[str, np.ndarray]:
    """One hidden ReLU layer shared by every intent, then one sigmoid output per intent, in
    float32 (the run time's precision). The arrays are named as `heads.from_arrays` reads
    them."""
    x = np.asarray(x, np.float32) * np.float32(SCALE)
    dim = x.shape[1]
    sample = sample_weights(y, mask, rows_weight).astype(np.float32)
    y = np.asarray(y, np.float32)
    rng = np.random.default_rng(seed)
    params = {
        "hidden_weights": (rng.standard_normal((dim, hidden)) / np.sqrt(dim)).astype(np.float32),
        "hidden_bias": np.zeros(hidden, np.float32),
        "weights": (rng.standard_normal((hidden, y.shape[1])) * 0.1 / np.sqrt(hidden)
                    ).astype(np.float32),
        "bias": np.zeros(y.shape[1], np.float32)}
    adam = _Adam(params, rate)
    for _ in range(steps):
        h = np.maximum(x @ params["hidden_weights"] + params["hidden_bias"], 0)
        p = 1.0 / (1.0 + np.exp(-np.clip(h @ params["weights"] + params["bias"], -30, 30)))
        g = (p - y) * sample
        gh = (g @ params["weights"].T) * (h > 0)
        adam.update({"weights": h.T @ g + 2 * l2 * params["weights"], "bias": g.sum(0),
                     "hidden_weights": x.T @ gh + 2 * l2 * params["hidden_weights"],
                     "hidden_bias": gh.sum(0)})
    return params


def memory(x: np.ndarray, y: np.ndarray, mask: np.ndarray, *, dims: int = MEMORY_DIMS,
           k: int = MEMORY_K, share: float = MEMORY_SHARE) -> dict[str, np.ndarray]:
    """The neighbour memory: the training vectors' `dims` principal directions (each signed so
    that its largest coordinate is positive), the vectors projected onto them and unit length
    (float16), and the labels and known-masks packed as bits."""
    x = np.asarray(x, np.float64)
    _, _, vt = np.linalg.svd(x - x.mean(0), full_matrices=False)
    dims = min(dims, len(vt))
    directions = vt[:dims]
    signs = np.sign(directions[np.arange(dims), np.abs(directions).argmax(1)])
    projection = (directions * signs[:, None]).T.astype(np.float32)
    projected = np.asarray(x, np.float32) @ projection
    projected /= np.maximum(np.linalg.norm(projected, axis=1, keepdims=True), 1e-6)
    return {"memory_projection": projection, "memory_vectors": projected.astype(np.float16),
            "memory_labels": np.packbits((y > 0).astype(np.uint8), axis=1),
            "memory_known": np.packbits((mask > 0).astype(np.uint8), axis=1),
            "memory_k": np.array(k), "memory_share": np.array(share)}


def model(x: np.ndarray, y: np.ndarray, mask: np.ndarray, *,
          rows_weight: np.ndarray | None = None, with_memory: bool = True,
          texts: list[str] | None = None, **options) -> dict[str, np.ndarray]:
    """Every array of the shipped heads (network, and memory unless `with_memory` is off, and
    the n-gram ratios of `gram_heads.py` when the sentences' `texts` are given).

    Fitted with BLAS on one thread: a product split across threads sums in another order, and
    300 steps of full-batch training carry that last-bit difference into visibly different
    weights (hidden weights up to 0.016 apart with two threads), so the shipped file could only
    be rebuilt on a machine with the same number of cores."""
    from policy.intent.encoder import limit_threads

    with limit_threads():
        arrays = network(x, y, mask, rows_weight=rows_weight, **options)
        if with_memory:
            arrays.update(memory(x, y, mask))
    if texts is not None:
        from policy.intent import gram_heads

        arrays.update(gram_heads.fit(texts, y, mask, sample_weights(y, mask, rows_weight)))
    return arrays
