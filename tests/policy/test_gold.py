"""Hand labels of development message sets (gold.py): the sheet format and the shipped rows."""

from __future__ import annotations

import json

import pytest

from policy.intent import gold


def _sheet(tmp_path, labels: str) -> str:
    return (f"## en/x.json | kind=proactive | expect=C204\n## note: n\n"
            f"en/x.json#0\t{labels}\tLeave a review and we send a refill.\n")


def test_a_gold_sheet_parses_labels_and_dashes(tmp_path):
    rows = gold.parse_sheet(_sheet(tmp_path, "value-for-review,review-request")
                            + "en/x.json#1\t-\tBest, Lea\n")
    assert rows == [("en/x.json#0", ["review-request", "value-for-review"],
                     "Leave a review and we send a refill."), ("en/x.json#1", [], "Best, Lea")]


@pytest.mark.parametrize("labels, problem", [("?", "not labelled"),
                                             ("review-incentive", "unknown intent")])
def test_a_gold_sheet_with_a_gap_or_an_unknown_intent_is_refused(tmp_path, labels, problem):
    with pytest.raises(ValueError, match=problem):
        gold.parse_sheet(_sheet(tmp_path, labels))


def test_the_shipped_gold_rows_are_sentences_of_their_sets():
    """Every gold row names a labelled sentence that its set's messages still contain."""
    for name in ("eval_k", "eval_l", "eval_m"):
        path = gold.TRAIN / f"gold-{name}.jsonl"
        rows = [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]
        assert rows and all(r["author"] == f"gold:{name}" for r in rows)
        texts = set()
        for message in sorted((gold.ROOT / "tests" / name).rglob("*.json")):
            texts |= set(gold.sentences(json.loads(message.read_text(encoding="utf-8"))))
        assert {r["text"] for r in rows} <= texts
