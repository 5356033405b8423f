"""Why the model read a message as it did: each sentence's intents and scores, and the training
sentences nearest to it. Used by `bsm-guard check --explain`, for a seller who disagrees with a
finding and for whoever tunes the model.

The nearest examples come from `policy/data/intents/examples.npz` (the training sentences as
int8 vectors, written by `python -m policy.intent.train`), loaded only when asked for: the
check itself never needs them.
"""

from __future__ import annotations

from functools import lru_cache
from importlib import resources

import numpy as np

from policy.intent import compose
from policy.intent.inventory import IDS


@lru_cache(maxsize=1)
def _examples():
    with resources.files("policy").joinpath("data", "intents", "examples.npz").open("rb") as fh:
        with np.load(fh, allow_pickle=False) as z:
            vectors = z["vectors"].astype(np.float32)
            vectors /= np.maximum(np.linalg.norm(vectors, axis=1, keepdims=True), 1e-6)
            return vectors, list(z["texts"]), list(z["labels"]), list(z["authors"])


def nearest(text: str, k: int = 3) -> list[tuple[float, str, str, str]]:
    """(similarity, sentence, labels, author) of the `k` training sentences nearest `text`."""
    from policy.intent import encoder

    vectors, texts, labels, authors = _examples()
    query = encoder.encode([text])[0]
    sims = vectors @ query
    best = np.argsort(-sims)[:k]
    return [(float(sims[i]), texts[i], labels[i], authors[i]) for i in best]


def explain(analysis, k: int = 3, top: int = 3) -> list[dict]:
    """One entry per sentence: where it is, its strongest intents with scores and thresholds,
    and (for sentences the model judged) the nearest training sentences."""
    out = []
    for s in compose.read(analysis):
        entry = {"field": "subject" if s.where == "subject" else "body", "start": s.start,
                 "end": s.end, "text": s.text, "judged": s.scores is not None,
                 "intents": [], "scores": {}, "nearest": []}
        if s.scores is not None:
            entry["intents"] = [name for name, _ in s.intents()]
            order = np.argsort(-s.scores)[:top]
            entry["scores"] = {IDS[i]: {"score": round(float(s.scores[i]), 3),
                                        "warn": float(s.warn[i]), "error": float(s.error[i])}
                               for i in order}
            entry["nearest"] = [{"similarity": round(sim, 3), "text": t, "intents": lab,
                                 "author": a} for sim, t, lab, a in nearest(s.text, k)]
        out.append(entry)
    return out


def format_text(entries: list[dict]) -> str:
    """The explanation as indented plain text."""
    lines = []
    for e in entries:
        where = "subject" if e["field"] == "subject" else "body"
        lines.append(f"  [{where} {e['start']}-{e['end']}] {e['text']}")
        if not e["judged"]:
            lines.append("      (too short to judge)")
            continue
        reads = ", ".join(e["intents"]) or "no intent"
        lines.append(f"      reads as: {reads}")
        scores = "; ".join(f"{n} {v['score']:.2f} (warn {v['warn']:.2f}, error {v['error']:.2f})"
                           for n, v in e["scores"].items())
        lines.append(f"      top scores: {scores}")
        for n in e["nearest"]:
            lines.append(f"      near ({n['similarity']:.2f}): [{n['intents']}] {n['text']}")
    return "\n".join(lines)
