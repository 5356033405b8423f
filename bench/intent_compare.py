"""The encoder against a cheaper alternative, by measured quality and speed.

    python bench/intent_compare.py [--hold c] [--dim 4096]

Both feed the same per-intent logistic heads (`policy.intent.train.fit`, same regularisation
and steps); only the sentence features differ:

- USE: Universal Sentence Encoder multilingual v3 (`policy.intent.encoder`), 512 dimensions;
- char n-grams: the normalised, lower-cased sentence's character 2-, 3- and 4-grams hashed
  into `--dim` buckets, L2-normalised: no model at all, microseconds per sentence.

Quality is measured on one author's sentences (`--hold`, default c: all six languages),
with heads trained on everything else: mean average precision over the intents, and mean
recall at 95% precision (what an error threshold can keep). Speed is featurisation time per
sentence on one core. The figures are copied into docs/intent-model.md.
"""

from __future__ import annotations

import argparse
import sys
import time
import zlib
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from policy.intent import encoder, train  # noqa: E402
from policy.intent.inventory import IDS  # noqa: E402


def char_ngrams(texts: list[str], dim: int) -> np.ndarray:
    out = np.zeros((len(texts), dim), np.float32)
    for i, text in enumerate(texts):
        padded = f" {encoder.normalize(text).lower()} "
        for n in (2, 3, 4):
            for j in range(len(padded) - n + 1):
                out[i, zlib.crc32(padded[j:j + n].encode()) % dim] += 1.0
        out[i] /= max(float(np.linalg.norm(out[i])), 1e-6)
    return out


def quality(x, y, mask, held, weights) -> tuple[float, float, list[float]]:
    w, b = train.fit(x[~held], y[~held], mask[~held], rows_weight=weights[~held])
    scores = train.predict(w, b, x[held])
    aps, recalls = [], []
    for k in range(len(IDS)):
        truth = y[held, k] > 0
        order = np.argsort(-scores[:, k])
        hits = truth[order]
        tp = np.cumsum(hits)
        precision = tp / np.arange(1, len(hits) + 1)
        aps.append(float((precision * hits).sum() / max(hits.sum(), 1)))
        ok = np.where(precision >= 0.95)[0]
        recalls.append(float(tp[ok.max()] / hits.sum()) if len(ok) and hits.sum() else 0.0)
    return float(np.mean(aps)), float(np.mean(recalls)), aps


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", default="c")
    parser.add_argument("--dim", type=int, default=4096)
    args = parser.parse_args(argv)
    rows = train.load_rows()
    texts = [r["text"] for r in rows]
    y, mask = train.targets(rows)
    held = np.array([train.group_of(r) == args.hold for r in rows])
    weights = train.row_weights(rows)
    sample = texts[:500]
    encoder.encode_all(sample[:10])  # load the model first
    results = {}
    for name, featurise in (("USE multilingual v3", lambda t: encoder.encode_all(t)),
                            (f"char 2-4-grams, {args.dim} buckets",
                             lambda t: char_ngrams(t, args.dim))):
        start = time.perf_counter()
        for text in sample:  # one sentence at a time, as at run time
            featurise([text])
        per_sentence = (time.perf_counter() - start) * 1000 / len(sample)
        x = featurise(texts)
        mean_ap, recall, aps = quality(x, y, mask, held, weights)
        results[name] = aps
        print(f"{name:<32} mean AP {mean_ap:.3f}   mean recall at P>=0.95 {recall:.3f}   "
              f"{per_sentence:.2f} ms per sentence")
    print(f"\nper intent, average precision on author {args.hold} "
          f"({int(held.sum())} sentences, heads trained without them):")
    names = list(results)
    for k, intent in enumerate(IDS):
        print(f"  {intent:<31} " + "   ".join(f"{results[n][k]:.2f}" for n in names))
    return 0


if __name__ == "__main__":
    sys.exit(main())
