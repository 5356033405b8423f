"""Which head on the frozen sentence vector: measured on the split by author, out of fold.

    python bench/intent_heads_compare.py [--only logistic,mlp] [--cache /tmp/x.npz]

Every variant is trained, for each group of the split by author (each author, and the old
message sets as one more group), on the other groups, and scores the held group; the
out-of-fold scores then give, per intent:

- average precision on the authors' sentences (ranking quality, no threshold);
- the recall left at the error threshold `train.choose_thresholds` would pick (precision
  >= 0.90 on the authors' and on the old sets' sentences separately): what can block.

Variants (all deterministic, numpy only):

- `logistic`: one L2 logistic regression per intent (`fitting.logistic`, the previous head);
- `l2-per-intent`: the same, each intent with its own L2 strength, chosen from a grid by
  out-of-fold average precision (so its own figure is slightly optimistic);
- `mlp`: one hidden layer shared by all intents (`fitting.network`);
- `logistic+knn`, `mlp+knn`: the head's probability averaged with the vote of the nearest
  training sentences (`heads.Memory`: 128 principal directions, cosine, labels where known);
- `mlp+knn+grams`: `mlp+knn` averaged with the n-grams' naive Bayes evidence
  (`gram_heads.py`), what ships since session 11 (`fitting.model` with the texts).

The figures are copied into docs/intent-model.md. Vectors are cached on disk (`--cache`) so
that a second run does not encode again.
"""

from __future__ import annotations

import argparse
import os
import sys
import time
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from policy.intent import encoder, fitting, heads, train  # noqa: E402
from policy.intent.inventory import IDS  # noqa: E402

KEY = ("review-request", "rating-steer", "review-gate", "hostile", "purpose-order-info")


def cached_vectors(texts: list[str], cache: Path) -> np.ndarray:
    """The encoder's vectors for `texts`, reusing those of earlier runs (keyed by text)."""
    known: dict[str, np.ndarray] = {}
    if cache.exists():
        with np.load(cache, allow_pickle=False) as z:
            known = dict(zip((str(t) for t in z["texts"]), z["vectors"]))
    missing = sorted({t for t in texts if t not in known})
    if missing:
        for text, vector in zip(missing, encoder.encode_all(missing)):
            known[text] = vector
        names = list(known)
        np.savez(cache, texts=np.array(names), vectors=np.stack([known[t] for t in names]))
    return np.stack([known[t] for t in texts]).astype(np.float32)


def out_of_fold(rows, x, scorer) -> np.ndarray:
    y, mask = train.targets(rows)
    groups = np.array([train.group_of(r) for r in rows])
    weights = train.row_weights(rows)
    scores = np.zeros_like(y)
    for group in sorted(set(groups)):
        held = groups == group
        scores[held] = scorer(x[~held], y[~held], mask[~held], weights[~held], x[held])
    return scores


def logistic(l2=fitting.L2, memory: bool = False):
    def run(xt, yt, mt, wt, xh):
        p = fitting.predict_logistic(*fitting.logistic(xt, yt, mt, rows_weight=wt, l2=l2), xh)
        if not memory:
            return p
        vote = heads.memory_from_arrays(fitting.memory(xt, yt, mt)).vote(xh)
        return (1 - fitting.MEMORY_SHARE) * p + fitting.MEMORY_SHARE * vote
    return run


def shared(memory: bool, **options):
    def run(xt, yt, mt, wt, xh):
        arrays = fitting.model(xt, yt, mt, rows_weight=wt, with_memory=memory, **options)
        return heads.from_arrays(arrays, limits={}).scores(xh)
    return run


def average_precision(scores: np.ndarray, truth: np.ndarray) -> float:
    order = np.argsort(-scores, kind="stable")
    hits = truth[order]
    if not hits.any():
        return float("nan")
    precision = np.cumsum(hits) / np.arange(1, len(hits) + 1)
    return float((precision * hits).sum() / hits.sum())


def summary(rows, scores) -> dict[str, dict[str, float]]:
    """Per intent: average precision and recall at the chosen error threshold (authors)."""
    y, mask = train.targets(rows)
    limits = train.thresholds_from(rows, scores)[0]
    authors = np.array([train.group_of(r) != "corpus" for r in rows])
    out = {}
    for k, name in enumerate(IDS):
        pool = authors & (mask[:, k] > 0)
        truth = y[pool, k] > 0
        fired = scores[pool, k] >= limits[name]["error"]
        out[name] = {"ap": average_precision(scores[pool, k], truth),
                     "recall": float((fired & truth).sum() / max(truth.sum(), 1)),
                     "error": limits[name]["error"]}
    return out


def l2_per_intent(rows, x, grid=(0.01, 0.02, 0.05, 0.1, 0.2, 0.5)):
    """Out-of-fold scores with each intent's L2 chosen from `grid` by average precision."""
    y, mask = train.targets(rows)
    authors = np.array([train.group_of(r) != "corpus" for r in rows])
    best = np.zeros_like(y)
    best_ap = np.full(len(IDS), -1.0)
    chosen = {}
    for l2 in grid:
        scores = out_of_fold(rows, x, logistic(l2))
        for k, name in enumerate(IDS):
            pool = authors & (mask[:, k] > 0)
            ap = average_precision(scores[pool, k], y[pool, k] > 0)
            if ap > best_ap[k]:
                best_ap[k], best[:, k], chosen[name] = ap, scores[:, k], l2
    print("L2 per intent:", chosen)
    return best


VARIANTS = {
    "logistic": lambda rows, x: out_of_fold(rows, x, logistic()),
    "l2-per-intent": l2_per_intent,
    "logistic+knn": lambda rows, x: out_of_fold(rows, x, logistic(memory=True)),
    "mlp": lambda rows, x: out_of_fold(rows, x, shared(memory=False)),
    "mlp+knn": lambda rows, x: out_of_fold(rows, x, shared(memory=True)),
    # What ships since session 11: the same, averaged with the n-gram evidence of
    # `gram_heads.py` (train.out_of_fold passes the sentences' texts; folds in two processes).
    "mlp+knn+grams": lambda rows, x: train.out_of_fold(rows, x, jobs=2),
}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--only", default=",".join(VARIANTS))
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bsm-intent-vectors.npz"))
    args = parser.parse_args(argv)
    rows = train.load_rows()
    x = cached_vectors([r["text"] for r in rows], args.cache)
    print(f"{len(rows)} sentences; groups {sorted({train.group_of(r) for r in rows})}")
    table = {}
    for name in args.only.split(","):
        start = time.perf_counter()
        table[name] = summary(rows, VARIANTS[name](rows, x))
        aps = [v["ap"] for v in table[name].values()]
        recalls = [v["recall"] for v in table[name].values()]
        key = " ".join(f"{table[name][i]['recall']:.2f}" for i in KEY)
        print(f"{name:<14} mean AP {np.nanmean(aps):.3f}  mean recall at error "
              f"{np.mean(recalls):.3f}  [{key}]  ({time.perf_counter() - start:.0f} s)",
              flush=True)
    print(f"\n{'intent':<31}" + "".join(f" {n[:13]:>13}" for n in table))
    for intent in IDS:
        print(f"{intent:<31}" + "".join(
            f"   {t[intent]['ap']:.2f}/{t[intent]['recall']:.2f}" + " " * 3 for t in table.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
