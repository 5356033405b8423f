"""Replies that explain what the buyer may do with a review, pattern findings the model does not
read, and purposes the heads split: each case fails without its rule (checked by switching it
off)."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

import policy
from policy.intent import combine, compose, message_purpose

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
    # session 13 (floor 0.1 -> 0.3): replies that explain reviews, read 0.10-0.29
    ("eval_as/en/en_022_reply_review_question_no_steer.json", "C205"),
    ("eval_ca/en/en_013_rosin_how_reviews_work.json", "C207"),
    ("eval_bk/ja/ja_015_kendo-henshin-review-henshu-fuka.json", "C207"),
    ("eval_d/en/en_14_reply_5_star_wels_au.json", "C205"),
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
    monkeypatch.setattr(message_purpose, "reads_purpose", lambda analysis: False)
    assert "C202" in check(text).codes


def test_a_purpose_split_between_two_heads_is_still_a_purpose():
    scores = {"purpose-fulfilment-problem": 0.51, "purpose-delivery-scheduling": 0.5}
    row = [scores.get(name, 0.0) for name in compose.IDS]
    import numpy as np

    sentence = compose.Sentence("text", 0, 10, "x", np.array(row), np.ones(len(row)),
                                np.ones(len(row)))
    assert message_purpose.purpose_mass(sentence) >= message_purpose.PURPOSE_MASS
    lone = compose.Sentence("text", 0, 10, "x", np.array([0.5 if n == "purpose-return" else 0.0
                                                          for n in compose.IDS]),
                            np.ones(len(row)), np.ones(len(row)))
    assert message_purpose.purpose_mass(lone) < message_purpose.PURPOSE_MASS


def test_a_clear_dispatch_notice_in_idiom_fires_below_the_floor(monkeypatch):
    text = (f"Ciao, il tuo pacco dell'ordine {ORDER} è già in viaggio verso di te! Quando "
            "l'avrai provato, puoi lasciare una recensione su Amazon.")
    assert "C201" in check(text).codes
    monkeypatch.setattr(compose, "NOTICE_MARGIN", 2.0)
    assert "C201" not in check(text).codes


def test_a_reply_on_request_about_one_to_five_stars_is_no_steering():
    text = ("Hallo Herr Lenz, gerne erklären wir Ihnen das: In Ihren Bestellungen wählen Sie "
            "„Produktrezension schreiben“, vergeben ein bis fünf Sterne und schreiben einen Text "
            "dazu. Viele Grüße")
    assert "C205" not in check(text, kind="reply").codes


@pytest.mark.parametrize("text", [
    "Hi, in case you missed our note from last week: once you've tried the lamp from order "
    f"{ORDER}, a review on Amazon would help us. Thanks, Ana",
    f"Ciao, ti riscrivo perché forse ti è sfuggito il messaggio di qualche giorno fa: se hai "
    f"provato la lampada dell'ordine {ORDER}, una recensione su Amazon ci aiuterebbe.",
    f"先日もお願いいたしましたが、ご注文{ORDER}のランプについて、Amazonでのレビューをお寄せいただけますと幸いです。",
])
def test_a_reminder_in_other_words_is_a_repeat_request(text):
    assert "C208" in check(text).codes


def _dev_message(path: str) -> dict:
    data = json.loads((Path(__file__).parents[1] / path).read_text(encoding="utf-8"))
    return {k: v for k, v in data.items() if k not in ("expect", "note")}


@pytest.mark.parametrize("path", ["eval_o/en/en_009_colour_out_of_stock_spain.json",
                                  "eval_p/fr/fr_003_coloris_rupture_choix.json"])
def test_a_substitute_for_an_item_out_of_stock_is_no_promotion(path, monkeypatch):
    """Development messages (sets O and P): "we have the same apron in olive green" right after
    "the last one had a stain, so we cannot send it" offers a substitute, not another product."""
    from policy.intent import message_shape

    message = _dev_message(path)
    assert "C203" not in policy.check(message).codes
    monkeypatch.setattr(message_shape, "_substitute", lambda sentence, previous: False)
    assert "C203" in policy.check(message).codes


def test_two_lukewarm_readings_are_no_threat(monkeypatch):
    """A development message (set P): a neutral review request whose two most 'hostile'
    sentences read 0.56 and 0.55 ("say whatever you actually think of it")."""
    from policy.intent import message_shape

    message = _dev_message("eval_p/en/en_004_neutral_review_ask.json")
    assert "C213" not in policy.check(message).codes
    monkeypatch.setattr(message_shape, "PAIR_LEAD", 0.0)
    assert "C213" in policy.check(message).codes
