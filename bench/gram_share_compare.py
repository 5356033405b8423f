"""How much n-gram evidence beside the heads: measured on the split by author, out of fold.

    python bench/gram_share_compare.py [--shares 0,0.1,0.2,0.3] [--cache /tmp/x.npz]

For each group of the split by author (`train.group_of`), the shipped kind of heads (network
and neighbour vote, `fitting.model` without texts) and the n-gram evidence alone
(`gram_heads.fit`) are fitted on the other groups and score the held group. The scores are
then mixed, `(1 - share) * heads + share * n-grams`, for each share, and summarised as
`intent_heads_compare.summary` does: per intent the average precision on the authors'
sentences and the recall at the error threshold `train.thresholds_from` would choose. Share 0
is the heads alone; `gram_heads.SHARE` is what ships. About 15 minutes on two cores.
"""

from __future__ import annotations

import argparse
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

from intent_heads_compare import cached_vectors, summary  # noqa: E402
from policy.intent import fitting, gram_heads, train  # noqa: E402
from policy.intent.inventory import IDS  # noqa: E402


def gram_out_of_fold(rows: list[dict]) -> np.ndarray:
    """The n-gram evidence alone, each group scored by ratios counted without it."""
    y, mask = train.targets(rows)
    groups = np.array([train.group_of(r) for r in rows])
    weights = train.row_weights(rows)
    texts = [r["text"] for r in rows]
    scores = np.zeros_like(y)
    for group in sorted(set(groups)):
        held = np.flatnonzero(groups == group)
        kept = np.flatnonzero(groups != group)
        arrays = gram_heads.fit([texts[i] for i in kept], y[kept], mask[kept],
                                fitting.sample_weights(y[kept], mask[kept], weights[kept]))
        scores[held] = gram_heads.from_arrays(arrays).probabilities([texts[i] for i in held])
    return scores


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--shares", default="0,0.1,0.2,0.3")
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bsm-intent-vectors.npz"))
    args = parser.parse_args(argv)
    rows = train.load_rows()
    x = cached_vectors([r["text"] for r in rows], args.cache)
    heads_alone = train.out_of_fold(rows, x, jobs=2, with_grams=False)
    grams = gram_out_of_fold(rows)
    table = {"n-grams alone": summary(rows, grams)}
    for share in (float(s) for s in args.shares.split(",")):
        table[f"share {share:g}"] = summary(rows, (1 - share) * heads_alone + share * grams)
    for name, result in table.items():
        aps = [v["ap"] for v in result.values()]
        recalls = [v["recall"] for v in result.values()]
        print(f"{name:<14} mean AP {np.nanmean(aps):.3f}  mean recall at error "
              f"{np.mean(recalls):.3f}", flush=True)
    print(f"\n{'intent':<31}" + "".join(f" {n[:13]:>13}" for n in table))
    for intent in IDS:
        print(f"{intent:<31}" + "".join(
            f"   {t[intent]['ap']:.2f}/{t[intent]['recall']:.2f}   " for t in table.values()))
    return 0


if __name__ == "__main__":
    sys.exit(main())
