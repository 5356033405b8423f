"""Train the intent heads from the labelled sentences: `python -m policy.intent.train`.

    python -m policy.intent.train          # heads.npz, memory.npz, gram_heads.npz, examples.npz
    python -m policy.intent.train --choose-thresholds   # development split -> thresholds.json
    python -m policy.intent.train --choose-thresholds --jobs 2   # the same, folds in 2 processes

Reads every `policy/data/intents/train/*.jsonl` (docs/intents.md) with the adjudicated labels
(`adjudicated.jsonl`) applied, encodes each sentence (`policy.intent.encoder`) and fits the
heads of `heads.py` (`fitting.model`: a shared one-hidden-layer network and the neighbour
memory). Fixed seed, full batch, fixed steps: the same sentences give the same arrays (a test
checks the shipped files against a fresh run).

Labels may be partial: a row with `"known": [...]` says which intents its labeller could judge
(the silver labels of the old message sets, see `label_corpus.py`); the other intents are left
out of that row's loss instead of being read as "no".

The development split is by author: the model trained without one author's sentences scores
that author's (so every author is predicted by a model that never saw their wording), and the
same for the old message sets as one more "author". The out-of-fold scores choose each intent's
thresholds, which must hold on the authors' sentences and on the old sets' sentences (where
their labels are known) separately, so that the ordinary sentences of real messages count:
`error`, the lowest threshold with precision >= 0.90, and `warn`, with precision >= 0.80 (both
at least 0.5). The figures are printed per intent and kept in `docs/intent-model.md`.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

import numpy as np

from policy.intent import encoder, heads
from policy.intent import fitting
from policy.intent.heads import DATA
from policy.intent.inventory import IDS

# The previous head (one logistic regression per intent), for the benches' comparisons.
fit = fitting.logistic
predict = fitting.predict_logistic

TRAIN = DATA / "train"
ADJUDICATED = DATA / "adjudicated.jsonl"
ERROR_PRECISION = 0.90
WARN_PRECISION = 0.80
# The old message sets' silver labels are noisier and more template-like than the authors'
# sentences: they count, but less (on the split by author, full weight cost 0.07 of mean AP).
CORPUS_WEIGHT = 0.3


def load_rows(folder: Path = TRAIN, adjudicated: Path | None = ADJUDICATED,
              scored_only: bool = True) -> list[dict]:
    """Every training row, in a fixed order (file name, then line), with the adjudicated
    labels applied (see `adjudicate`).

    `scored_only` keeps the rows the engine would score (`compose.judged`): greetings,
    sign-offs and bare links are never read by the heads at run time, and a bare link's
    label comes from its message, not its words (all bare links encode alike, so authors'
    "promotion" and a booking page's "link-needed-for-order" contradicted each other)."""
    from policy.intent.compose import judged

    rows = []
    for path in sorted(folder.glob("*.jsonl")):
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                rows.append(json.loads(line))
    rows = adjudicate(rows, adjudicated) if adjudicated else rows
    return [r for r in rows if judged(r["text"])] if scored_only else rows


def adjudicate(rows: list[dict], path: Path) -> list[dict]:
    """The rows with the recorded decisions on cross-author conflicts applied.

    Why an overlay and not edits: the authors' files and the silver labels stay what their
    labellers wrote (and can be rebuilt), while each decision keeps its reason and the label
    it replaced (`bench/intent_conflicts.py` finds the conflicts). A decision that matches no
    row, or whose old label is no longer the row's, is an error: the data moved under it."""
    decisions = {}
    for line in path.read_text(encoding="utf-8").splitlines():
        if line.strip():
            d = json.loads(line)
            decisions[(d["author"], d["text"])] = d
    out, used = [], set()
    for row in rows:
        d = decisions.get((row.get("author", ""), row["text"]))
        if d is not None:
            if list(d["was"]) != list(row["intents"]):
                raise ValueError(f"adjudication of {d['text']!r} expects {d['was']}, "
                                 f"the row now says {row['intents']}")
            row = {**row, "intents": list(d["intents"]), "adjudicated": d["reason"]}
            used.add((d["author"], d["text"]))
        out.append(row)
    stale = set(decisions) - used
    if stale:
        raise ValueError(f"{len(stale)} adjudication(s) match no training row, e.g. {min(stale)}")
    return out


def group_of(row: dict) -> str:
    """The fold a row belongs to: its author, 'corpus' for the silver labels of the old
    message sets, 'gold' for the hand labels of the development sets (gold.py)."""
    author = row.get("author", "")
    return author.split(":")[0] if author.startswith(("corpus", "gold")) else author


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


def row_weights(rows: list[dict]) -> np.ndarray:
    return np.array([CORPUS_WEIGHT if group_of(r) == "corpus" else 1.0 for r in rows])


def out_of_fold(rows: list[dict], x: np.ndarray, jobs: int = 1, with_grams: bool = True,
                **options) -> np.ndarray:
    """Scores of every row by heads trained without the row's group (author); `options` go
    to `fitting.model`, and `with_grams` off leaves the n-gram evidence out (for the
    comparison in bench/gram_share_compare.py). `jobs` > 1 fits the folds in that many forked
    processes: each fold is the same computation wherever it runs, so the scores do not
    depend on it."""
    y, mask = targets(rows)
    groups = np.array([group_of(r) for r in rows])
    weights = row_weights(rows)
    scores = np.zeros_like(y)
    names = sorted(set(groups))

    texts = np.array([r["text"] for r in rows], dtype=object)

    def fold(group: str) -> np.ndarray:
        held = groups == group
        arrays = fitting.model(x[~held], y[~held], mask[~held], rows_weight=weights[~held],
                               texts=list(texts[~held]) if with_grams else None, **options)
        return heads.from_arrays(arrays, limits={}).scores(x[held], list(texts[held]))

    if jobs > 1:
        import multiprocessing

        global _FOLD
        _FOLD = fold  # the forked workers inherit it (and the arrays) without pickling
        with multiprocessing.get_context("fork").Pool(jobs) as pool:
            results = pool.map(_run_fold, names, chunksize=1)
    else:
        results = [fold(group) for group in names]
    for group, result in zip(names, results):
        scores[groups == group] = result
    return scores


_FOLD = None


def _run_fold(group: str) -> np.ndarray:
    from policy.intent.encoder import limit_threads

    with limit_threads():
        return _FOLD(group)


def lowest_threshold(scores: np.ndarray, truth: np.ndarray, precision: float) -> float:
    """The lowest threshold (>= 0.5) whose precision is at least `precision` (0.99 if none).

    Where fewer than three sentences of the pool fire, the pool cannot measure precision: it
    does not veto the threshold unless one of them is wrong (the message sets hold only 13
    silver hostile sentences, so two correct firings used to push hostile to 0.99)."""
    for t in np.arange(0.5, 0.99, 0.01):
        fired = scores >= t
        if fired.sum() >= 3 and truth[fired].mean() >= precision:
            return round(float(t), 2)
        if fired.sum() < 3 and truth[fired].all():
            return round(float(t), 2)
    return 0.99


def prf(fired: np.ndarray, truth: np.ndarray) -> tuple[float, float, float, int]:
    tp = float((fired & truth).sum())
    p = tp / fired.sum() if fired.sum() else float("nan")
    r = tp / truth.sum() if truth.sum() else float("nan")
    f = 2 * tp / (fired.sum() + truth.sum()) if fired.sum() + truth.sum() else float("nan")
    return p, r, f, int(truth.sum())


def choose_thresholds(rows: list[dict], x: np.ndarray,
                      jobs: int = 1) -> tuple[dict, list[str]]:
    return thresholds_from(rows, out_of_fold(rows, x, jobs=jobs))


def thresholds_from(rows: list[dict], scores: np.ndarray) -> tuple[dict, list[str]]:
    """Each intent's thresholds from out-of-fold `scores`, and the figures as table lines."""
    y, mask = targets(rows)
    authors = np.array([group_of(r) != "corpus" for r in rows])
    limits: dict[str, dict[str, float]] = {}
    lines = [f"{'intent':<31} {'n':>4} {'err':>5} {'P':>5} {'R':>5} {'F1':>5} "
             f"{'warn':>5} {'P':>5} {'R':>5}   old sets: {'P':>5} {'R':>5} {'n':>4}"]
    for k, name in enumerate(IDS):
        known = mask[:, k] > 0
        # Precise enough on the authors' sentences AND on the real messages' sentences, each
        # on its own (where a pool has enough known positives and negatives to tell): an
        # intent the authors' wording teaches well can still fire on ordinary sentences of
        # real messages ("you will not be charged" read as hostile).
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
    """Every array of the shipped heads, trained on all rows."""
    y, mask = targets(rows)
    return {**fitting.model(x, y, mask, rows_weight=row_weights(rows),
                            texts=[r["text"] for r in rows]), "intents": np.array(IDS)}


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
    parser.add_argument("--jobs", type=int, default=1,
                        help="processes for the split by author (the result is the same)")
    args = parser.parse_args(argv)
    rows = load_rows()
    x = encoder.encode_all([r["text"] for r in rows])
    print(f"{len(rows)} sentences, {len(IDS)} intents")
    if args.choose_thresholds:
        limits, lines = choose_thresholds(rows, x, jobs=args.jobs)
        print("\n".join(lines))
        (DATA / "thresholds.json").write_text(json.dumps(
            {"chosen_on": "out-of-fold scores, split by author ("
                          + ", ".join(sorted({group_of(r) for r in rows})) + ")",
             "error_precision": ERROR_PRECISION, "warn_precision": WARN_PRECISION,
             "thresholds": limits}, indent=1) + "\n", encoding="utf-8")
        return 0
    args.out.mkdir(parents=True, exist_ok=True)
    arrays = build(rows, x)
    np.savez(args.out / "heads.npz", **{k: v for k, v in arrays.items()
                                        if not k.startswith(("memory_", "gram_"))})
    np.savez_compressed(args.out / "memory.npz", **{k: v for k, v in arrays.items()
                                                    if k.startswith("memory_")})
    np.savez_compressed(args.out / "gram_heads.npz", **{k: v for k, v in arrays.items()
                                                        if k.startswith("gram_")})
    np.savez_compressed(args.out / "examples.npz", **examples(rows, x))
    print(f"wrote heads.npz, memory.npz, gram_heads.npz and examples.npz in {args.out}")
    return 0


if __name__ == "__main__":
    sys.exit(main())
