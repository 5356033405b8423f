"""The trained heads: one logistic regression per intent on a sentence vector (numpy only).

Why linear heads on a frozen encoder: the encoder already places "leave us five stars" and
"lasciaci cinque stelle" close together, so a linear boundary per intent carries what one
language taught to the others, trains in seconds from a few thousand sentences, and its score
is a probability a threshold can be chosen on. Each intent has two thresholds, chosen on the
development split (`policy/data/intents/thresholds.json`, see `train.py --choose-thresholds`):
`error` (precise enough to block on) and `warn` (worth a warning).

The weights live in `policy/data/intents/heads.npz`; `python -m policy.intent.train` rebuilds
them from the training sentences, and a test checks that the shipped file is what it builds.
"""

from __future__ import annotations

import json
from dataclasses import dataclass
from importlib import resources
from pathlib import Path

import numpy as np

from policy.intent.inventory import IDS

DATA = Path(__file__).resolve().parents[1] / "data" / "intents"
# Vectors are unit length in 512 dimensions; scaled to unit variance per coordinate the
# weights stay O(1) and one L2 strength suits every head.
SCALE = float(np.sqrt(512))


@dataclass(frozen=True)
class Heads:
    weights: np.ndarray  # (intents, dim) float32
    bias: np.ndarray  # (intents,) float32
    error: np.ndarray  # (intents,) threshold to block on
    warn: np.ndarray  # (intents,) threshold to warn on
    intents: tuple[str, ...] = IDS

    def scores(self, vectors: np.ndarray) -> np.ndarray:
        """(sentences, intents) probabilities."""
        logits = (vectors * SCALE) @ self.weights.T + self.bias
        return 1.0 / (1.0 + np.exp(-np.clip(logits, -30, 30)))


def thresholds(path: Path | None = None) -> dict[str, dict[str, float]]:
    """The per-intent thresholds chosen on the development split."""
    if path is None:
        text = resources.files("policy").joinpath("data", "intents", "thresholds.json").read_text(
            encoding="utf-8")
    else:
        text = path.read_text(encoding="utf-8")
    return json.loads(text)["thresholds"]


def from_arrays(weights, bias, limits: dict[str, dict[str, float]] | None = None) -> Heads:
    limits = limits if limits is not None else thresholds()
    error = np.array([limits.get(i, {}).get("error", 0.9) for i in IDS], dtype=np.float32)
    warn = np.array([limits.get(i, {}).get("warn", 0.7) for i in IDS], dtype=np.float32)
    return Heads(np.asarray(weights, np.float32), np.asarray(bias, np.float32), error, warn)


_shipped: Heads | None = None
_override: Heads | None = None


def load() -> Heads:
    """The heads in use: the shipped ones, unless `use()` installed others (development)."""
    global _shipped
    if _override is not None:
        return _override
    if _shipped is None:
        with resources.files("policy").joinpath("data", "intents", "heads.npz").open("rb") as fh:
            with np.load(fh, allow_pickle=False) as z:
                names = tuple(str(n) for n in z["intents"])
                if names != IDS:
                    raise RuntimeError("heads.npz was trained on another intent inventory; "
                                       "run python -m policy.intent.train")
                _shipped = from_arrays(z["weights"], z["bias"])
    return _shipped


def use(heads: Heads | None) -> None:
    """Install other heads (a development model), or None to return to the shipped ones."""
    global _override
    _override = heads
