"""Clause readings of review requests (clauses.py): the reward, praise or condition said in a
clause of the sentence that asks for the review."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policy
from policy.analysis import Analysis
from policy.intent import clauses
from tests.policy.content_helpers import codes


@pytest.mark.parametrize("text, expected", [
    ("Once the kettle has had a week, tell other buyers about it on Amazon, and we post you "
     "a box of tea for your trouble.",
     ["Once the kettle has had a week", "tell other buyers about it on Amazon",
      "and we post you a box of tea for your trouble."]),
    ("Wenn Sie eine Rezension schreiben: bei Problemen melden Sie sich bitte zuerst bei uns.",
     ["Wenn Sie eine Rezension schreiben", "bei Problemen melden Sie sich bitte zuerst bei uns."]),
    ("ご意見をお聞かせいただけますと、次の商品づくりに大変参考になります。",
     ["ご意見をお聞かせいただけますと", "次の商品づくりに大変参考になります。"]),
])
def test_a_sentence_splits_at_commas_colons_and_dashes(text, expected):
    assert clauses.clauses(text) == expected


@pytest.mark.parametrize("text", [
    "Please leave a review of the lamp on Amazon.",  # one clause: nothing to add
    "Hi, thanks.",  # the short parts are not judged
])
def test_a_sentence_with_one_judged_clause_is_not_split(text):
    assert clauses.clauses(text) == []


def test_the_reward_in_a_clause_of_the_asking_sentence_is_an_incentive():
    assert "C204" in codes("If you tell other buyers on Amazon how the blender does, we will "
                           "send you a free spare jug in return as a thank-you for the review.")


def test_a_preference_for_hearing_first_in_a_clause_is_gating():
    assert "C206" in codes("Before you write your Amazon review, if anything is wrong we would "
                           "much rather you wrote to us first than put it in the review.")


@pytest.mark.parametrize("path, code", [
    ("eval_l/fr/fr_012_plutot_nous_ecrire.json", "C206"),  # "rather write to us first than..."
    ("eval_l/ja/ja_011_takai_hyouka_hagemi.json", "C205"),  # a high rating as the shop's lifeline
])
def test_the_clause_reading_is_what_blocks_these(path, code, monkeypatch):
    """Development messages (set L) whose sentence as a whole reads as the ask and only one
    clause as the gating or the steering: without the clause readings they are only warnings."""
    data = json.loads((Path(__file__).parents[1] / path).read_text(encoding="utf-8"))
    message = {k: v for k, v in data.items() if k not in ("expect", "note")}
    report = policy.check(message)
    assert code in report.codes and report.verdict == "block"
    monkeypatch.setattr(clauses, "clause_readings", lambda analysis, code: [])
    assert policy.check(message).verdict == "warn"


def test_a_neutral_request_in_several_clauses_stays_neutral():
    assert codes("When you have a moment, please share your honest opinion of the lamp in a "
                 "review on Amazon, good or bad, it helps other buyers decide.") == set()


def test_replies_are_not_split_since_they_explain_what_the_buyer_asked():
    text = ("Only the author can change a review, so go to Your Orders, open the review, and "
            "choose Edit to correct the stars.")
    analysis = Analysis(policy.Message(text=text, kind="reply"), policy.Config())
    assert clauses.clause_scores(analysis) == []
