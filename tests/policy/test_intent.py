"""The sentence-intent layer: its inventory, its data, its weights and its composition."""

from __future__ import annotations

import json
import re
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

import policy
from policy.analysis import Analysis
from policy.intent import compose, encoder, explain, heads, train
from policy.intent.import_authors import parse_line
from policy.intent.inventory import IDS, LANGUAGES
from tests.policy.content_helpers import codes

ROOT = Path(__file__).resolve().parents[2]
ORDER = "113-1234567-1234567"


def test_inventory_is_the_documented_one():
    doc = (ROOT / "docs" / "intents.md").read_text(encoding="utf-8")
    documented = re.findall(r"^\| `([a-z-]+)` \|", doc, flags=re.M)
    assert tuple(documented) == IDS


def test_training_data_is_valid_and_covers_every_intent_in_every_language():
    rows = train.load_rows()
    assert len(rows) >= 6000
    seen = Counter()
    for row in rows:
        assert row["lang"] in LANGUAGES and row["text"].strip()
        assert set(row["intents"]) <= set(IDS)
        if not row["author"].startswith("corpus"):
            seen.update((i, row["lang"]) for i in row["intents"])
    missing = [(i, lang) for i in IDS for lang in LANGUAGES if seen[(i, lang)] < 10]
    assert not missing
    assert len({r["author"] for r in rows if not r["author"].startswith("corpus")}) >= 3


@pytest.mark.parametrize("line, intents, sentence", [
    ("review-request,rating-steer\tLeave us five stars!", ["review-request", "rating-steer"],
     "Leave us five stars!"),
    ("-\tBest, Lea", [], "Best, Lea"),
    ("promotion\tSubject: 10% off your next order", ["promotion"], "10% off your next order"),
])
def test_author_lines_parse(line, intents, sentence):
    assert parse_line(line, "x") == (intents, sentence)


@pytest.mark.parametrize("line", ["review-request Leave a review", "5-stars\tLeave a review",
                                  "review-request\t  "])
def test_bad_author_lines_are_refused(line):
    with pytest.raises(ValueError):
        parse_line(line, "x")


@pytest.mark.slow
def test_shipped_weights_are_what_the_training_command_builds():
    rows = train.load_rows()
    built = train.build(rows, encoder.encode_all([r["text"] for r in rows]))
    with np.load(heads.DATA / "heads.npz") as shipped:
        assert tuple(shipped["intents"]) == IDS
        np.testing.assert_allclose(shipped["weights"], built["weights"], atol=2e-3)
        np.testing.assert_allclose(shipped["bias"], built["bias"], atol=2e-3)


def test_training_is_deterministic():
    rng = np.random.default_rng(0)  # the data only; fit itself draws nothing
    x = rng.normal(size=(60, 512)).astype(np.float32)
    y = (rng.random((60, len(IDS))) > 0.8).astype(float)
    first = train.fit(x, y, np.ones_like(y), steps=20)
    second = train.fit(x, y, np.ones_like(y), steps=20)
    assert all(np.array_equal(a, b) for a, b in zip(first, second))


def test_links_and_order_numbers_read_alike():
    assert encoder.normalize("See https://amazon.de.evil.com/x for 113-7654321-7654321") == \
        encoder.normalize("See www.shop.com for 302-1111111-2222222")


def _analysis(text, **context):
    return Analysis(policy.Message.from_dict({"text": text, "order_id": ORDER, **context}),
                    policy.Config(spelling=False, grammar=False))


def test_short_lines_are_not_judged():
    reading = compose.read(_analysis("Hi Sam,\nThank you for your order, we hope you love it.\n"
                                     "Best, Lea"))
    assert [s.scores is None for s in reading] == [True, False, True]


def test_a_fact_is_no_incentive():
    text = (f"Order {ORDER}: your refund has been processed and should reach your card in a few "
            "days. If you have a moment, we would appreciate an honest review of the product.")
    assert "C204" not in codes(text)


@pytest.mark.parametrize("text", [
    "Welcome to the Oakwood family! We are a small team of three in Leeds and so glad you "
    "chose us. Enjoy every minute with your new table.",
    "Wir wünschen Ihnen frohe Festtage und viel Freude mit Ihrem neuen Mantel! Ihr Team aus "
    "Hamburg sagt herzlich danke.",
])
def test_courtesy_without_stock_phrases_is_c202(text):
    assert "C202" in codes(text)


def test_findings_say_what_the_sentence_reads_as_and_what_to_write_instead():
    report = policy.check({"text": f"Bestellung {ORDER}: Wenn Ihnen die Lampe gefällt, geben Sie "
                                   "uns bitte 5 Sterne!", "order_id": ORDER,
                           "buyer_language": "de"}, policy.Config(spelling=False, grammar=False))
    c205 = next(d for d in report.diagnostics if d.code == "C205")
    out = c205.to_dict()
    assert out["use_instead"].startswith("Wir freuen uns")
    assert out["evidence"] in ("pattern", "pattern+model")
    assert set(out) >= {"reads_as", "confidence", "evidence", "use_instead", "code", "start"}


def test_intents_can_be_switched_off():
    config = policy.Config(spelling=False, grammar=False, intents=False)
    analysis = Analysis(policy.Message.from_dict({"text": "Thank you!"}), config)
    assert compose.findings(analysis, "C205") == []
    assert policy.Config.from_mapping({"intents": False}).intents is False


def test_explain_names_scores_and_nearest_training_sentences():
    entries = explain.explain(_analysis(f"Order {ORDER}. Please leave us a five-star review!"))
    judged = [e for e in entries if e["judged"]]
    assert judged and "review-request" in judged[-1]["intents"]
    assert len(judged[-1]["nearest"]) == 3 and judged[-1]["scores"]
    json.dumps(entries)
