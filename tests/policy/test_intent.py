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
from policy.intent import compose, encoder, explain, fitting, heads, train
from policy.intent.import_authors import author_order, earlier_sentences, parse_line
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


def test_authors_are_imported_in_the_order_they_were_commissioned():
    # The earlier author keeps a shared sentence: "aa" (the 27th) must not take it from "b".
    folders = [Path(f"/a/train_{n}") for n in ("aa", "b", "z", "a", "ab")]
    assert [f.name for f in sorted(folders, key=author_order)] == [
        "train_a", "train_b", "train_z", "train_aa", "train_ab"]


def test_authors_already_imported_keep_their_sentences_without_their_folders(tmp_path):
    # A new machine holds only the new authors' folders; the earlier authors' files still
    # claim their sentences, and an author being re-imported is rebuilt from its folder.
    for author, text in (("b", "Leave a review, please."), ("ab", "Was it all right?")):
        row = {"text": text, "lang": "en", "intents": [], "author": author}
        (tmp_path / f"author-{author}.jsonl").write_text(json.dumps(row) + "\n")
    seen = earlier_sentences(tmp_path, importing={"ab"})
    assert seen == {"leave a review, please": "b"}


@pytest.mark.parametrize("line", ["review-request Leave a review", "5-stars\tLeave a review",
                                  "review-request\t  "])
def test_bad_author_lines_are_refused(line):
    with pytest.raises(ValueError):
        parse_line(line, "x")


@pytest.mark.slow
def test_shipped_weights_are_what_the_training_command_builds():
    rows = train.load_rows()
    x = encoder.encode_all([r["text"] for r in rows])
    built = train.build(rows, x)
    with np.load(heads.DATA / "heads.npz") as shipped, \
            np.load(heads.DATA / "memory.npz") as memory, \
            np.load(heads.DATA / "gram_heads.npz") as grams:
        assert tuple(shipped["intents"]) == IDS
        arrays = {k: z[k] for z in (shipped, memory, grams) for k in z.files}
    assert set(arrays) == set(built)
    for name in ("hidden_weights", "hidden_bias", "weights", "bias", "memory_projection",
                 "gram_ratios", "gram_slope", "gram_intercept"):
        np.testing.assert_allclose(np.asarray(arrays[name], np.float32),
                                   np.asarray(built[name], np.float32), atol=2e-3, err_msg=name)
    for name in ("memory_labels", "memory_known", "memory_k", "memory_share", "gram_share"):
        np.testing.assert_array_equal(arrays[name], built[name], err_msg=name)
    # What the heads say, not only what they hold: the same scores on the training sentences.
    probe, texts = x[::50], [r["text"] for r in rows[::50]]
    np.testing.assert_allclose(heads.from_arrays(arrays).scores(probe, texts),
                               heads.from_arrays(built).scores(probe, texts), atol=2e-3)


def _toy_data(n=80):
    rng = np.random.default_rng(0)  # the data only
    x = rng.normal(size=(n, 512)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = (rng.random((n, len(IDS))) > 0.8).astype(float)
    return x, y


def test_training_is_deterministic():
    x, y = _toy_data()
    mask = np.ones_like(y)
    first = fitting.model(x, y, mask, steps=20)
    second = fitting.model(x, y, mask, steps=20)
    assert set(first) == set(second)
    assert all(np.array_equal(first[k], second[k]) for k in first)
    assert all(np.array_equal(a, b) for a, b in zip(fitting.logistic(x, y, mask, steps=20),
                                                    fitting.logistic(x, y, mask, steps=20)))


def test_the_network_learns_and_unknown_labels_are_left_out():
    x, y = _toy_data()
    y[:, 0] = (x[:, 0] > 0).astype(float)  # intent 0 follows one direction of the vector
    mask = np.ones_like(y)
    mask[:40, 1] = 0  # nobody judged intent 1 on these rows: their label must not matter
    flipped = y.copy()
    flipped[:40, 1] = 1 - flipped[:40, 1]
    model = heads.from_arrays(fitting.model(x, y, mask, steps=200, with_memory=False), limits={})
    same = heads.from_arrays(fitting.model(x, flipped, mask, steps=200, with_memory=False),
                             limits={})
    p = model.scores(x)
    assert ((p[:, 0] > 0.5) == (y[:, 0] > 0)).mean() > 0.95
    np.testing.assert_allclose(p, same.scores(x), atol=1e-6)


def test_the_memory_votes_with_the_nearest_known_labels():
    x, y = _toy_data()
    mask = np.ones_like(y)
    mask[:, 2] = 0
    mask[5, 2] = 1  # only row 5 was judged on intent 2, and has it
    y[5, 2] = 1
    memory = heads.from_arrays({**fitting.network(x, y, mask, steps=1),
                                **fitting.memory(x, y, mask, k=3)}, limits={}).memory
    vote = memory.vote(x[[5]])[0]
    assert vote[2] == pytest.approx(1.0)  # the only known neighbour carries it
    # row 5 is its own nearest neighbour: on the fully known intents the vote leans its way
    assert all(abs(vote[k] - y[5, k]) < 0.5 for k in range(len(IDS)) if k != 2)


def test_adjudications_replace_labels_and_refuse_stale_ones(tmp_path):
    rows = [{"text": "Mind leaving five stars?", "intents": ["review-request"], "author": "a",
             "lang": "en"}]
    decision = {"author": "a", "text": "Mind leaving five stars?", "was": ["review-request"],
                "intents": ["review-request", "rating-steer"], "reason": "asks for five stars"}
    path = tmp_path / "adjudicated.jsonl"
    path.write_text(json.dumps(decision) + "\n", encoding="utf-8")
    out = train.adjudicate(rows, path)
    assert out[0]["intents"] == ["review-request", "rating-steer"]
    assert rows[0]["intents"] == ["review-request"]  # the authors' rows are not edited
    with pytest.raises(ValueError):
        train.adjudicate([{**rows[0], "intents": []}], path)  # the label moved under it
    with pytest.raises(ValueError):
        train.adjudicate([{**rows[0], "text": "Something else"}], path)  # matches no row


def test_every_adjudication_applies_and_gives_its_reason():
    decided = [r for r in train.load_rows(scored_only=False) if "adjudicated" in r]
    lines = (heads.DATA / "adjudicated.jsonl").read_text(encoding="utf-8").splitlines()
    assert len(decided) == len([line for line in lines if line.strip()])
    assert all(len(r["adjudicated"]) > 20 for r in decided)


def test_the_heads_learn_only_from_sentences_the_engine_reads():
    kept, everything = train.load_rows(), train.load_rows(scored_only=False)
    assert all(compose.judged(r["text"]) for r in kept)
    dropped = [r["text"] for r in everything if not compose.judged(r["text"])]
    assert len(kept) + len(dropped) == len(everything) and dropped
    assert any(t.startswith("https://") and " " not in t for t in dropped)


def test_a_pool_where_too_few_fire_cannot_veto_a_threshold_but_a_wrong_firing_can():
    truth = np.array([True, True] + [False] * 100)
    scores = np.array([0.95, 0.9] + [0.4] * 100)
    assert train.lowest_threshold(scores, truth, 0.9) == 0.5
    scores[2] = 0.705  # one wrong sentence above 0.5: only above it may the pool stay silent
    assert train.lowest_threshold(scores, truth, 0.9) == 0.71
    assert train.lowest_threshold(np.full(102, 0.4), truth, 0.9) == 0.5


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
