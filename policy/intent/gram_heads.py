"""Word evidence beside the sentence heads: per intent, the naive Bayes log-count ratios of a
sentence's hashed character n-grams, Platt-scaled (numpy only).

Why: the heads read the encoder's vector, and the vector of a sentence carries its frame more
than its words; the neighbour memory (`heads.Memory`) helps only where an author wrote close to
the same sentence. Ratios of n-gram counts carry the words themselves across inflections and
the six languages, and know what each author's words did elsewhere: "correct your opinion",
"add a line to what you wrote", "people like you". Alone they rank worse than the heads (mean
average precision 0.82 against 0.89 out of fold, split by author); averaged into the heads'
score with a share of SHARE they raise it (0.894 -> 0.912, and the mean recall at the error
threshold 0.678 -> 0.704; bench/gram_share_compare.py, docs/intent-model.md, session 11). A
logistic regression on the same n-grams would be the textbook choice; on 40,676 sentences
(7.7 million n-gram occurrences) a numpy fit took nine seconds a step, and the ratios are two
counting passes.

Fitting (`fit`, deterministic, no iteration but the Platt fit): for each intent, the n-gram
counts of the sentences that carry it and of those that do not (each sentence weighted as the
heads weight it, `fitting.sample_weights`; rows whose labeller could not judge the intent left
out), each smoothed by ALPHA times the average row weight in every bucket; the ratio of the two
log frequencies per bucket. A sentence's raw score is the sum of its n-grams' ratios over
the square root of their number. The slope and intercept that turn it into a probability are
fitted on held-out rows: ratios counted on the even rows score the odd ones.
"""

from __future__ import annotations

from dataclasses import dataclass

import numpy as np

from policy.intent import char_grams

ALPHA = 0.3
# The n-grams' share of the score beside the heads' (chosen out of fold in a first experiment,
# where 0.1, 0.2 and 0.3 gave mean recall at the error threshold 0.696, 0.703 and 0.704;
# bench/gram_share_compare.py now gives 0.702, 0.704 and 0.712).
SHARE = 0.2
PLATT_STEPS = 200


@dataclass(frozen=True)
class GramHeads:
    ratios: np.ndarray  # (char_grams.BUCKETS, intents) float16: 9 MB, half of float32
    slope: np.ndarray  # (intents,)
    intercept: np.ndarray  # (intents,)
    share: float

    def raw(self, texts: list[str]) -> np.ndarray:
        out = np.zeros((len(texts), self.ratios.shape[1]), np.float64)
        for i, text in enumerate(texts):
            f = char_grams.features(text)
            if len(f):
                out[i] = self.ratios[f].sum(0, dtype=np.float64) / np.sqrt(len(f))
        return out

    def probabilities(self, texts: list[str]) -> np.ndarray:
        """(sentences, intents) probabilities of the n-grams alone."""
        return _sigmoid(self.slope * self.raw(texts) + self.intercept)


def _sigmoid(z: np.ndarray) -> np.ndarray:
    return 1.0 / (1.0 + np.exp(-np.clip(z, -30, 30)))


def _ratios(features: list[np.ndarray], sample: np.ndarray, y: np.ndarray) -> np.ndarray:
    """(BUCKETS, intents) log-count ratios from these rows (`sample`: each row's weight per
    intent, zero where unjudged)."""
    lengths = np.array([len(f) for f in features])
    rows = np.repeat(np.arange(len(features)), lengths)
    columns = np.concatenate(features) if features else np.zeros(0, np.int64)
    out = np.zeros((char_grams.BUCKETS, y.shape[1]), np.float32)
    for k in range(y.shape[1]):
        positive, negative = sample[:, k] * (y[:, k] > 0), sample[:, k] * (y[:, k] <= 0)
        counts = []
        for weight in (positive, negative):
            smoothing = ALPHA * weight.sum() / max(int((sample[:, k] > 0).sum()), 1)
            c = np.bincount(columns, weights=weight[rows], minlength=char_grams.BUCKETS)
            c = c + max(smoothing, 1e-9)
            counts.append(np.log(c / c.sum()))
        out[:, k] = counts[0] - counts[1]
    return out


def _platt(raw: np.ndarray, y: np.ndarray, mask: np.ndarray) -> tuple[np.ndarray, np.ndarray]:
    """Per intent, the slope and intercept of a logistic fit of y on raw over judged rows."""
    slope, intercept = np.ones(raw.shape[1]), np.zeros(raw.shape[1])
    total = np.maximum(mask.sum(0), 1e-9)
    for _ in range(PLATT_STEPS):
        g = (_sigmoid(slope * raw + intercept) - y) * mask
        slope -= 0.5 * (g * raw).sum(0) / total
        intercept -= 0.5 * g.sum(0) / total
    return slope, intercept


def fit(texts: list[str], y: np.ndarray, mask: np.ndarray,
        sample: np.ndarray) -> dict[str, np.ndarray]:
    """The arrays of `GramHeads` (named as `from_arrays` reads them). `sample` is each row's
    weight per intent (`fitting.sample_weights`) for the counts; the Platt fit weighs every
    judged row alike (`mask`), so the probabilities are of the sentences as they come."""
    features = [char_grams.features(t) for t in texts]
    y = np.asarray(y, np.float64)
    even, odd = np.arange(0, len(texts), 2), np.arange(1, len(texts), 2)
    held_out = GramHeads(_ratios([features[i] for i in even], sample[even], y[even]),
                         np.ones(y.shape[1]), np.zeros(y.shape[1]), SHARE)
    slope, intercept = _platt(held_out.raw([texts[i] for i in odd]), y[odd], mask[odd])
    ratios = _ratios(features, sample, y)
    return {"gram_ratios": ratios.astype(np.float16), "gram_slope": slope.astype(np.float32),
            "gram_intercept": intercept.astype(np.float32), "gram_share": np.array(SHARE)}


def from_arrays(arrays) -> GramHeads:
    return GramHeads(np.asarray(arrays["gram_ratios"], np.float16),
                     np.asarray(arrays["gram_slope"], np.float64),
                     np.asarray(arrays["gram_intercept"], np.float64),
                     float(arrays["gram_share"]))
