"""Train the intent heads from the labelled sentences: `python -m policy.intent.train`.

    python -m policy.intent.train                       # rebuild heads.npz and examples.npz
    python -m policy.intent.train --choose-thresholds   # development split -> thresholds.json

Reads every `policy/data/intents/train/*.jsonl` (docs/intents.md), encodes each sentence
(`policy.intent.encoder`) and fits one L2-regularised logistic regression per intent with
plain full-batch gradient descent (Adam) in float64 from zero weights: no random numbers, no
library whose defaults might change, so the same sentences give the same weights (a test
checks the shipped file against a fresh run).

Labels may be partial: a row with `"known": [...]` says which intents its labeller could judge
(the silver labels of the old message sets, see `label_corpus.py`); the other intents are left
out of that row's loss instead of being read as "no".

The development split is by author: the model trained without one author's sentences scores
that author's (so every author is predicted by a model that never saw their wording), and the
same for the old message sets as one more "author". The out-of-fold scores choose each intent's
thresholds, which must hold on the authors' sentences and on the old sets' sentences (where
their labels are known) separately, so that the ordinary sentences of real messages count: `error`, the lowest threshold with
precision >= 0.90, and `warn`, with precision >= 0.80 (both at least 0.5). The figures are
printed per intent and kept in `docs/intent-model.md`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from policy.intent import encoder
from policy.intent.heads import DATA, SCALE
from policy.intent.inventory import IDS

TRAIN = DATA / "train"
L2 = 0.05  # chosen on the split by author (mean average precision over intents)
STEPS = 300
RATE = 0.05
ERROR_PRECISION = 0.90
WARN_PRECISION = 0.80
# The old message sets' silver labels are noisier and more template-like than the authors'
# sentences: they count, but less (on the split by author, full weight cost 0.07 of mean AP).
CORPUS_WEIGHT = 0.3


def load_rows(folder: Path = TRAIN) -> list[dict]:
    """Every training row, in a fixed order (file name, then line)."""
    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    return rows


def group_of(row: dict) -> str:
    """The fold a row belongs to: its author, or 'corpus' for the old message sets."""
    author = row.get("author", "")
    return "corpus" if author.startswith("corpus") else author


def targets(rows: list[dict]) -> tuple[np.ndarray, np.ndarray]:
    """(labels, mask), each (rows, intents): mask 0 where the row's labeller could not judge."""
    y = np.zeros((len(rows), len(IDS)))
    mask = np.ones((len(rows), len(IDS)))
    index = {name: k for k, name in enumerate(IDS)}
    for i, row in enumerate(rows):
        for name in row["intents"]:
            y[i, index[name]] = 1.0
        if "known" in row:
            known = set(row["known"]) | set(row["intents"])
            mask[i] = [1.0 if name in known else 0.0 for name in IDS]
    return y, mask


def fit(x: np.ndarray, y: np.ndarray, mask: np.ndarray, *, l2: float = L2,
        steps: int = STEPS, rate: float = RATE,
        rows_weight: np.ndarray | None = None) -> tuple[np.ndarray, np.ndarray]:
    """Weights (intents, dim) and biases of every head at once, deterministically.

    Positives are weighted up to balance rare intents (square root of the imbalance, at most
    10x), so a head for a rare intent still learns its boundary."""
    x = np.asarray(x, np.float64) * SCALE
    n, dim = x.shape
    pos = (y * mask).sum(0)
    neg = ((1 - y) * mask).sum(0)
    boost = np.clip(np.sqrt(neg / np.maximum(pos, 1.0)), 1.0, 10.0)
    sample = mask * np.where(y > 0, boost, 1.0)
    if rows_weight is not None:
        sample = sample * rows_weight[:, None]
    sample /= np.maximum(sample.sum(0), 1.0)
    w = np.zeros((y.shape[1], dim))
    b = np.zeros(y.shape[1])
    m_w, v_w, m_b, v_b = (np.zeros_like(w), np.zeros_like(w), np.zeros_like(b), np.zeros_like(b))
    beta1, beta2, eps = 0.9, 0.999, 1e-8
    for step in range(1, steps + 1):
        p = 1.0 / (1.0 + np.exp(-np.clip(x @ w.T + b, -30, 30)))
        g = (p - y) * sample
        grad_w = g.T @ x + 2 * l2 * w
        grad_b = g.sum(0)
        m_w = beta1 * m_w + (1 - beta1) * grad_w
        v_w = beta2 * v_w + (1 - beta2) * grad_w ** 2
        m_b = beta1 * m_b + (1 - beta1) * grad_b
        v_b = beta2 * v_b + (1 - beta2) * grad_b ** 2
        c1, c2 = 1 - beta1 ** step, 1 - beta2 ** step
        w -= rate * (m_w / c1) / (np.sqrt(v_w / c2) + eps)
        b -= rate * (m_b / c1) / (np.sqrt(v_b / c2) + eps)
    return w.astype(np.float32), b.astype(np.float32)


def predict(w: np.ndarray, b: np.ndarray, x: np.ndarray) -> np.ndarray:
    logits = (np.asarray(x, np.float64) * SCALE) @ np.asarray(w, np.float64).T + b
    return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


def row_weights(rows: list[dict]) -> np.ndarray:
    return np.array([CORPUS_WEIGHT if group_of(r) == "corpus" else 1.0 for r in rows])


def out_of_fold(rows: list[dict], x: np.ndarray) -> np.ndarray:
    """Scores of every row by a model trained without the row's group (author)."""
    y, mask = targets(rows)
    groups = np.array([group_of(r) for r in rows])
    scores = np.zeros_like(y)
    for group in sorted(set(groups)):
        held = groups == group
        w, b = fit(x[~held], y[~held], mask[~held], rows_weight=row_weights(rows)[~held])
        scores[held] = predict(w, b, x[held])
    return scores


def lowest_threshold(scores: np.ndarray, truth: np.ndarray, precision: float) -> float:
    """The lowest threshold (>= 0.5) whose precision is at least `precision` (0.99 if none)."""
    for t in np.arange(0.5, 0.99, 0.01):
        fired = scores >= t
        if fired.sum() >= 3 and truth[fired].mean() >= precision:
            return round(float(t), 2)
    return 0.99


def prf(fired: np.ndarray, truth: np.ndarray) -> tuple[float, float, float, int]:
    tp = float((fired & truth).sum())
    p = tp / fired.sum() if fired.sum() else float("nan")
    r = tp / truth.sum() if truth.sum() else float("nan")
    f = 2 * tp / (fired.sum() + truth.sum()) if fired.sum() + truth.sum() else float("nan")
    return p, r, f, int(truth.sum())


def choose_thresholds(rows: list[dict], x: np.ndarray) -> tuple[dict, list[str]]:
    scores = out_of_fold(rows, x)
    y, mask = targets(rows)
    authors = np.array([group_of(r) != "corpus" for r in rows])
    limits: dict[str, dict[str, float]] = {}
    lines = [f"{'intent':<31} {'n':>4} {'err':>5} {'P':>5} {'R':>5} {'F1':>5} "
             f"{'warn':>5} {'P':>5} {'R':>5}   old sets: {'P':>5} {'R':>5} {'n':>4}"]
    for k, name in enumerate(IDS):
        known = mask[:, k] > 0
        # Precise enough on the authors' sentences AND on the real messages' sentences, each
        # on its own (where a pool has enough known positives and negatives to tell): an intent the authors' wording teaches well can still fire on ordinary
        # sentences of real messages ("you will not be charged" read as hostile).
        pools = [p for p in (authors & known, ~authors & known)
                 if (y[p, k] > 0).sum() >= 10 and (y[p, k] == 0).sum() >= 10]
        err = max(lowest_threshold(scores[p, k], y[p, k] > 0, ERROR_PRECISION) for p in pools)
        warn = min(err, max(lowest_threshold(scores[p, k], y[p, k] > 0, WARN_PRECISION)
                            for p in pools))
        a = authors & known
        truth, s = y[a, k] > 0, scores[a, k]
        limits[name] = {"error": err, "warn": warn}
        pe, re_, fe, n = prf(s >= err, truth)
        pw, rw, _, _ = prf(s >= warn, truth)
        c = ~authors & known
        pc, rc, _, nc = prf(scores[c, k] >= err, y[c, k] > 0)
        lines.append(f"{name:<31} {n:>4} {err:>5.2f} {pe:>5.2f} {re_:>5.2f} {fe:>5.2f} "
                     f"{warn:>5.2f} {pw:>5.2f} {rw:>5.2f}   old sets: {pc:>5.2f} {rc:>5.2f} {nc:>4}")
    return limits, lines


def build(rows: list[dict], x: np.ndarray) -> dict[str, np.ndarray]:
    y, mask = targets(rows)
    w, b = fit(x, y, mask, rows_weight=row_weights(rows))
    return {"weights": w, "bias": b, "intents": np.array(IDS)}


def examples(rows: list[dict], x: np.ndarray) -> dict[str, np.ndarray]:
    """The training sentences as int8 vectors, for `--explain`'s nearest examples."""
    return {"vectors": np.round(np.asarray(x) * 127 / np.abs(x).max()).astype(np.int8),
            "texts": np.array([r["text"] for r in rows]),
            "labels": np.array([",".join(r["intents"]) or "-" for r in rows]),
            "authors": np.array([r.get("author", "") for r in rows])}


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--choose-thresholds", action="store_true",
                        help="score the split by author and rewrite thresholds.json")
    parser.add_argument("--out", type=Path, default=DATA, help="where to write the weights")
    args = parser.parse_args(argv)
    rows = load_rows()
    x = encoder.encode_all([r["text"] for r in rows])
    print(f"{len(rows)} sentences, {len(IDS)} intents")
    if args.choose_thresholds:
        limits, lines = choose_thresholds(rows, x)
        print("\n".join(lines))
        (DATA / "thresholds.json").write_text(json.dumps(
            {"chosen_on": "out-of-fold scores, split by author (a, b, c, old message sets)",
             "error_precision": ERROR_PRECISION, "warn_precision": WARN_PRECISION,
             "thresholds": limits}, indent=1) + "\n", encoding="utf-8")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    np.savez(args.out / "heads.npz", **build(rows, x))
    np.savez_compressed(args.out / "examples.npz", **examples(rows, x))
    print(f"wrote {args.out / 'heads.npz'} and examples.npz")
    return 0


if __name__ == "__main__":
    sys.exit(main())
