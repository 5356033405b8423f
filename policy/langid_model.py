"""py3langid's language model, cut down to the marketplace languages and shipped as data.

py3langid (BSD-3-Clause) is a naive Bayes classifier over byte n-grams. It finds its features
with an Aho-Corasick automaton stored as a full transition table: 9.8 million entries for
100,053 n-grams of 142 languages, about 90 MB once loaded and half a second to decompress.
The guard only ever asks about a dozen Latin-script languages, so `policy/data/langid.npz`
keeps what those need and nothing else:

- the automaton's 104,583 states as the byte strings they stand for (at most 6 bytes, packed
  with their length into one int64 each, sorted), each with the feature it emits or -1;
- the feature weights for the marketplace languages only (float16, as py3langid stores them)
  and their priors.

An Aho-Corasick automaton is, after reading some text, in the state of the longest suffix of
that text which is a state's string. So instead of walking the table byte by byte, `classify`
builds the 1- to 6-byte suffixes at every position of the text with numpy, looks them all up
in the sorted keys at once, and keeps the longest at each position: the same states, hence
the same feature counts and the same scores as py3langid (to float rounding), in about 3 MB.

Rebuild the data file from py3langid 0.4.0 (a test dependency; run time never imports it)
with `python -m policy.langid_model`;
tests/policy/test_langid_model.py checks that the shipped file is what that command makes and
that both models agree on the project's messages.
"""

from __future__ import annotations

import math
import threading
import unicodedata
from importlib import resources

LANGUAGES = ("en", "de", "fr", "es", "it", "nl", "sv", "pl", "tr", "ar", "pt", "hi")
DATA_FILE = "langid.npz"
MAX_DEPTH = 6  # the longest state string of py3langid's automaton, in bytes
_LENGTH_SHIFT = 8 * MAX_DEPTH


class Model:
    """The cut-down model: `classify` and `rank` as py3langid's, with norm_probs=True."""

    def __init__(self, keys, node_feature, ptc, pc, languages):
        self.keys, self.node_feature = keys, node_feature
        self.ptc, self.pc, self.languages = ptc, pc, tuple(languages)

    @classmethod
    def load(cls) -> "Model":
        import numpy as np

        with resources.files("policy.data").joinpath(DATA_FILE).open("rb") as handle:
            with np.load(handle, allow_pickle=False) as data:
                return cls(data["keys"], data["node_feature"], data["ptc"], data["pc"],
                           [str(x) for x in data["languages"]])

    def _features(self, raw: bytes):
        """The feature index emitted at each byte of `raw`, as the automaton would."""
        import numpy as np

        data = np.frombuffer(raw, dtype=np.uint8).astype(np.int64)
        n, depth = len(data), min(MAX_DEPTH, len(raw))
        if not n:
            return data
        # keys[l - 1, i]: the l bytes ending at byte i, packed with their length (-1: none)
        keys = np.full((depth, n), -1, dtype=np.int64)
        value = data.copy()
        keys[0] = value | (1 << _LENGTH_SHIFT)
        for length in range(2, depth + 1):
            value[1:] = (value[:-1] << 8) | data[1:]
            keys[length - 1, length - 1:] = value[length - 1:] | (length << _LENGTH_SHIFT)
        where = np.searchsorted(self.keys, keys)
        where[where >= len(self.keys)] = 0
        found = self.keys[where] == keys
        # the automaton's state is the longest suffix that is a state's string
        longest = depth - 1 - np.argmax(found[::-1], axis=0)
        column = np.arange(n)
        hit = found[longest, column]
        features = self.node_feature[where[longest[hit], column[hit]]]
        return features[features >= 0]

    def scores(self, text: str):
        """Probabilities per language (py3langid's `_decide` with norm_probs=True)."""
        import numpy as np

        if text.isupper():
            text = text.lower()
        raw = unicodedata.normalize("NFC", text).encode("utf8", errors="surrogatepass")
        features = self._features(raw)
        if len(features):
            ids, counts = np.unique(features, return_counts=True)
            scores = np.log1p(counts.astype(np.float32)) @ self.ptc[ids] + self.pc
        else:
            scores = np.zeros(len(self.languages), dtype=np.float32)
        scores = scores.astype(np.float32) * (1.0 / math.sqrt(len(raw) or 1))
        np.exp(scores - scores.max(), out=scores)
        scores /= scores.sum()
        return scores

    def classify(self, text: str) -> tuple[str, float]:
        scores = self.scores(text)
        best = int(scores.argmax())
        return self.languages[best], float(scores[best])

    def rank(self, text: str) -> list[tuple[str, float]]:
        pairs = zip(self.languages, self.scores(text).tolist())
        return sorted(pairs, key=lambda pair: pair[1], reverse=True)


_model: Model | None = None
_lock = threading.Lock()


def model() -> Model:
    """The shipped model, loaded once per process (about 30 ms and 4 MB)."""
    global _model
    if _model is None:
        with _lock:
            if _model is None:
                _model = Model.load()
    return _model


def build(languages=LANGUAGES) -> dict:
    """The data file's arrays, made from the installed py3langid's model."""
    from collections import deque

    import numpy as np
    from py3langid.langid import MODEL_DIR, MODEL_FILE
    from py3langid.modelio import load_model

    ptc, pc, classes, nextmove, row, output = load_model(MODEL_DIR / MODEL_FILE)
    # Breadth-first from the start state: the first path that reaches a state spells its string.
    strings: list[bytes | None] = [None] * len(row)
    strings[0] = b""
    queue = deque([0])
    while queue:
        state = queue.popleft()
        base = row[state] << 8
        for byte in range(256):
            target = nextmove[base + byte]
            if strings[target] is None:
                strings[target] = strings[state] + bytes((byte,))
                queue.append(target)
    # py3langid's own column order, so that a featureless text (all scores equal) gets the
    # same first language; the first column of an aliased label (sr, uz) is the one it uses
    columns = sorted(classes.index(lang) for lang in languages)
    used = sorted({f for f in output if f >= 0})
    renumber = {f: i for i, f in enumerate(used)}
    pairs = sorted(((len(s) << _LENGTH_SHIFT) | int.from_bytes(s, "big"),
                    renumber.get(output[state], -1))
                   for state, s in enumerate(strings) if s)
    return {
        "keys": np.array([k for k, _ in pairs], dtype=np.int64),
        "node_feature": np.array([f for _, f in pairs], dtype=np.int32),
        "ptc": np.ascontiguousarray(np.asarray(ptc)[used][:, columns]).astype(np.float16),
        "pc": np.asarray(pc, dtype=np.float32)[columns],
        "languages": np.array([classes[c] for c in columns]),
    }


def main() -> None:
    import numpy as np

    path = resources.files("policy.data").joinpath(DATA_FILE)
    np.savez_compressed(str(path), **build())
    print(f"wrote {path}")


if __name__ == "__main__":
    main()
