"""Cross-author label conflicts: near-identical sentences that two authors labelled differently.

    python bench/intent_conflicts.py [--cosine 0.9] [--json out.jsonl]

Pairs of training sentences from different groups of the split by author (authors, and the old
message sets as one group) whose vectors' cosine is at least `--cosine`, and whose labels differ
on an intent of `CONTESTED` (where both labellers could judge it). These pairs are what makes
the split by author disagree with itself; each is decided by docs/intents.md and
POLICY_READING.md, and the decision is recorded in `policy/data/intents/adjudicated.jsonl`
(`train.load_rows` applies it), never by editing an author's file.

Pairs already covered by an adjudication (either side) are not listed again.
"""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path

os.environ.setdefault("OPENBLAS_NUM_THREADS", "1")
ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import numpy as np  # noqa: E402

from policy.intent import train  # noqa: E402
from policy.intent.inventory import IDS  # noqa: E402
from bench.intent_heads_compare import cached_vectors  # noqa: E402

CONTESTED = ("review-request", "rating-steer", "review-gate", "courtesy-only",
             "order-or-dispatch-confirmation", "hostile") + tuple(
                 i for i in IDS if i.startswith("purpose-"))


def conflicts(rows, x, cosine: float) -> list[tuple[float, int, int, list[str]]]:
    y, mask = train.targets(rows)
    groups = np.array([train.group_of(r) for r in rows])
    ks = [IDS.index(i) for i in CONTESTED]
    found = []
    for start in range(0, len(rows), 1024):
        sims = x[start:start + 1024] @ x.T
        for a, b in zip(*np.nonzero(sims >= cosine)):
            i = start + a
            if b <= i or groups[i] == groups[b]:
                continue
            both = (mask[i, ks] > 0) & (mask[b, ks] > 0)
            differ = [CONTESTED[j] for j in np.nonzero(both & (y[i, ks] != y[b, ks]))[0]]
            if differ:
                found.append((float(sims[a, b]), i, int(b), differ))
    return sorted(found, key=lambda f: -f[0])


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--cosine", type=float, default=0.9)
    parser.add_argument("--cache", type=Path, default=Path("/tmp/bsm-intent-vectors.npz"))
    parser.add_argument("--json", type=Path, help="also write the pairs as JSON lines")
    args = parser.parse_args(argv)
    rows = train.load_rows()
    x = cached_vectors([r["text"] for r in rows], args.cache)
    found = conflicts(rows, x, args.cosine)
    counts: dict[str, int] = {}
    for _, _, _, differ in found:
        for name in differ:
            counts[name] = counts.get(name, 0) + 1
    print(f"{len(found)} conflicting pairs at cosine >= {args.cosine}: {counts}")
    out = args.json.open("w", encoding="utf-8") if args.json else None
    for sim, i, j, differ in found:
        a, b = rows[i], rows[j]
        print(f"{sim:.3f} {','.join(differ)}\n  [{a['author']}] {a['intents']} {a['text']}\n"
              f"  [{b['author']}] {b['intents']} {b['text']}")
        if out:
            out.write(json.dumps({"cosine": round(sim, 3), "differ": differ,
                                  "a": {k: a[k] for k in ("author", "text", "intents")},
                                  "b": {k: b[k] for k in ("author", "text", "intents")}},
                                 ensure_ascii=False) + "\n")
    return 0


if __name__ == "__main__":
    sys.exit(main())
