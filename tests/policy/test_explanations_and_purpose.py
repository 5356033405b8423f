"""Replies that explain what the buyer may do with a review, pattern findings the model does not
read, and purposes the heads split: each case fails without its rule (checked by switching it
off)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policy
from policy.intent import combine, compose

ORDER = "113-1234567-1234567"


def check(text: str, kind: str = "proactive") -> policy.Report:
    return policy.check({"text": text, "kind": kind, "order_id": ORDER})


@pytest.mark.parametrize("text", [
    "Hi Dana, we can't touch reviews from our side. You can delete or update your review "
    "yourself any time under Your Orders. Best, Sam",
    "Hallo Herr Weber, das geht leider nicht von unserer Seite: Händler können Rezensionen weder "
    "sehen noch bearbeiten. Sie selbst können Ihre Rezension aber jederzeit über Ihr Konto ändern "
    "oder löschen. Viele Grüße, Tom",
    "Bonjour, nous n'avons pas accès aux avis. Vous pouvez modifier votre avis vous-même depuis "
    "votre compte. Cordialement",
])
def test_a_reply_saying_the_buyer_can_edit_their_own_review_explains(text):
    assert "C207" not in check(text, kind="reply").codes


@pytest.mark.parametrize("text, kind", [
    ("Hi Dana, you can delete or update your review yourself any time under Your Orders. "
     "Best, Sam", "reply"),  # no explanation before it: a suggestion to edit
    ("Hi Dana, we can't touch reviews from our side. Could you update your review now that the "
     "new part works? Best, Sam", "reply"),
    (f"Hi Dana, the new part for order {ORDER} is on its way. Once it works, you can update your "
     "review to reflect that. Best, Sam", "proactive"),
])
def test_asking_for_the_edit_stays_a_change_request(text, kind):
    assert any(d.code == "C207" and d.severity.value == "error"
               for d in check(text, kind).diagnostics)


@pytest.mark.parametrize("path, code", [
    ("eval_k/de/de_015_bewertung_loeschen.json", "C204"),  # return postage offered, read as reward
    ("eval_f/ja/ja_019_reply_threat_to_post_online.json", "C203"),
])
def test_a_reply_pattern_the_model_does_not_read_is_a_warning(path, code, monkeypatch):
    """Development messages where a pattern of `code` matches words of a reply that the model
    reads as nothing of the kind (below PATTERN_FLOOR): a warning, an error without the floor."""
    data = json.loads((Path(__file__).parents[1] / path).read_text(encoding="utf-8"))
    message = {k: v for k, v in data.items() if k not in ("expect", "note")}

    def severities():
        return {d.severity.value for d in policy.check(message).diagnostics if d.code == code}

    assert severities() == {"warning"}
    monkeypatch.setattr(combine, "PATTERN_FLOOR", -1.0)
    assert severities() == {"error"}


def test_a_delay_with_thanks_for_patience_is_no_thank_you_note(monkeypatch):
    text = (f"Hi Maria, about order {ORDER}: the varnish on your shelf needs two more days to "
            "cure, so it will ship Friday instead of Wednesday. Sorry for the wait, and thanks "
            "for your patience. Jo")
    assert "C202" not in check(text).codes
    monkeypatch.setattr(compose, "reads_purpose", lambda analysis: False)
    assert "C202" in check(text).codes


def test_a_purpose_split_between_two_heads_is_still_a_purpose():
    scores = {"purpose-fulfilment-problem": 0.51, "purpose-delivery-scheduling": 0.5}
    row = [scores.get(name, 0.0) for name in compose.IDS]
    import numpy as np

    sentence = compose.Sentence("text", 0, 10, "x", np.array(row), np.ones(len(row)),
                                np.ones(len(row)))
    assert compose._purpose_mass(sentence) >= compose.PURPOSE_MASS
    lone = compose.Sentence("text", 0, 10, "x", np.array([0.5 if n == "purpose-return" else 0.0
                                                          for n in compose.IDS]),
                            np.ones(len(row)), np.ones(len(row)))
    assert compose._purpose_mass(lone) < compose.PURPOSE_MASS


def test_a_clear_dispatch_notice_in_idiom_fires_below_the_floor(monkeypatch):
    text = (f"Ciao, il tuo pacco dell'ordine {ORDER} è già in viaggio verso di te! Quando "
            "l'avrai provato, puoi lasciare una recensione su Amazon.")
    assert "C201" in check(text).codes
    monkeypatch.setattr(compose, "NOTICE_MARGIN", 2.0)
    assert "C201" not in check(text).codes
