"""A dispatch notice that names the order carries a weak purpose reading of its own (set BI,
session 10: "your 60 m dynamic rope (order ...) went out with UPS this afternoon" read as a
notice at 0.88 and as a fulfilment problem and order information at 0.57 each, over their warn
thresholds). That shadow must not make the message one with a purpose (C201 is judged by
purpose, POLICY_READING); a purpose read at its error threshold, or a sentence read first as
something else, still counts. On 2968bff the first case fails."""

from __future__ import annotations

import numpy as np

from policy.intent.compose import Sentence
from policy.intent.heads import load
from policy.intent.inventory import IDS
from policy.intent.message_purpose import _other_readings


def _sentence(**scores: float) -> Sentence:
    heads = load()
    row = np.zeros(len(IDS), np.float32)
    for name, value in scores.items():
        row[IDS.index(name.replace("_", "-"))] = value
    return Sentence("text", 0, 10, "x", row, heads.error, heads.warn)


def test_a_weak_purpose_on_the_notice_itself_is_its_shadow():
    notice = _sentence(order_or_dispatch_confirmation=0.88, purpose_fulfilment_problem=0.57,
                       purpose_order_info=0.62)
    assert _other_readings(notice) == ["order-or-dispatch-confirmation"]


def test_a_confident_purpose_beside_the_notice_still_counts():
    notice = _sentence(order_or_dispatch_confirmation=0.88, purpose_fulfilment_problem=0.80)
    assert "purpose-fulfilment-problem" in _other_readings(notice)


def test_a_sentence_read_first_as_a_purpose_keeps_its_weak_readings():
    problem = _sentence(purpose_fulfilment_problem=0.69, order_or_dispatch_confirmation=0.68,
                        purpose_order_info=0.62)
    assert set(_other_readings(problem)) == {"purpose-fulfilment-problem",
                                             "order-or-dispatch-confirmation",
                                             "purpose-order-info"}
