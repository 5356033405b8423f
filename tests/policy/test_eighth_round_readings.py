"""Readings fixed in session 12, after the first score of fresh sets BT, BU and BV: replies
that refuse a reward or explain how reviews work (the clause concepts' explains-or-declines,
`policy/intent/explaining.py`), a refusal phrase that hid an offer made in the same sentence,
a threat to put the buyer's name and photo online, calm sentences read as hostile, balanced
"what you liked and what you didn't". New wordings, not the sets' messages; each failed on the
session's start tree (0b58348) unless its comment says it is a guard."""

from __future__ import annotations

import pytest

from policy.intent import clause_concepts, explaining
from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text, wrong", [
    ("Bonjour Madame Petit, merci pour votre question. Un vendeur n'a aucun moyen de retoucher "
     "ou d'effacer un commentaire client : seul son auteur peut le faire depuis son compte. "
     "Bien cordialement", "C207"),
    ("Hi Tom, sorry, a voucher for your next order in return for a review isn't something "
     "Amazon lets sellers offer. Best, Ann", "C204"),
    ("Hi Tom, sorry, a voucher for your next order in return for a review isn't something "
     "Amazon lets sellers offer. Best, Ann", "C203"),
    ("Ciao Tom, purtroppo non possiamo darti uno sconto sul prossimo ordine in cambio di una "
     "recensione. Un saluto", "C203"),
])
def test_a_reply_that_only_explains_or_refuses_is_no_violation(text, wrong):
    assert wrong not in codes(text, kind="reply")


@pytest.mark.parametrize("text, code", [
    # a refusal phrase ([refused]) matched and hid the offer after "but" (the concept: 0.27)
    ("Hi Jo, we can't pay for reviews, but everyone who posts one gets 10% off their next "
     "order. Cheers, Ann", "C204"),
    # guards: the same refusal, then the offer in a sentence of its own; a plain change request
    ("Hi Jo, we can't pay for reviews. But everyone who posts one gets 10% off their next "
     "order. Cheers, Ann", "C204"),
    ("Hi Jo, the new lid is on its way. Could you please delete your review now that it has "
     "been sorted? Cheers, Ann", "C207"),
])
def test_a_reply_that_refuses_and_then_offers_or_asks_still_fires(text, code):
    assert code in codes(text, kind="reply")


def test_the_concept_reads_a_refusal_high_and_a_refusal_then_offer_low():
    concepts = clause_concepts.load()
    k = clause_concepts.CONCEPTS.index("explains-or-declines")
    from policy.intent import encoder

    texts = ["Only the person who wrote a review can edit or delete it.",
             "We can't pay for reviews, but everyone who posts one gets 10% off their next order."]
    with encoder.limit_threads():
        refusal, offer = concepts.scores(texts, encoder.encode(texts))[:, k]
    assert refusal >= explaining.threshold() > offer
    assert offer < explaining.PHRASE_FLOOR


@pytest.mark.parametrize("text", [
    "Mr. Hale, the second hive tool was never sent back. Pay for it by Friday, or your name and "
    "photo go up on every beekeeping forum in the state.",
    "Señor Ruiz, el segundo ahumador nunca volvió. Si no paga antes del viernes, su nombre y su "
    "foto aparecerán en todos los foros de apicultura.",
    "Monsieur Roy, le second enfumoir n'est jamais revenu. Payez avant vendredi, ou nous ferons "
    "circuler votre nom sur tous les forums d'apiculture.",
    "Signor Neri, il secondo affumicatore non è mai tornato. Paghi entro venerdì, o faremo "
    "girare il suo nome su tutti i forum di apicoltura.",
])
def test_a_threat_to_put_the_buyer_online_is_hostile(text):
    assert "C213" in codes(text, kind="reply")


@pytest.mark.parametrize("text", [
    # guards: a name on a custom item or in a booklet's credits is no threat
    "Hi Kim, we will publish your name in the credits of the printed booklet, as you asked.",
    f"Hi Anna, order {ORDER}: your name will appear on the certificate that comes with the "
    "telescope, as you asked. Please check the spelling: Anna Lindqvist.",
    # read 0.70 as hostile first, over the bar the n-gram evidence had lowered (HOSTILE_ALONE)
    f"Hello, order {ORDER}: once the banneton has seen a few loaves, we'd be glad of an honest "
    "review on Amazon. Many people read those before they buy.",
])
def test_calm_sentences_are_not_hostile(text):
    assert "C213" not in codes(text)


@pytest.mark.parametrize("text", [
    # guards: balanced wording in two more languages (the German one read 0.67 as a
    # satisfied-condition after the clause concepts were retrained, before [balanced] knew it)
    f"Hallo, Bestellung {ORDER}: Wenn Sie den Smoker ein paarmal benutzt haben, freuen wir uns "
    "über eine Bewertung auf Amazon. Schreiben Sie einfach, was Ihnen gefallen hat und was nicht.",
    f"Hola, pedido {ORDER}: cuando hayas usado el ahumador, nos encantaría leer tu reseña en "
    "Amazon. Cuenta lo que te gustó y lo que no.",
])
def test_what_you_liked_and_what_you_did_not_is_balanced(text):
    assert not codes(text) & {"C205", "C206"}


def test_a_request_only_for_those_who_loved_it_is_still_gating():
    assert "C206" in codes(f"Hi, order {ORDER}: if you loved the smoker, tell everyone on "
                           "Amazon what you liked about it!")


@pytest.mark.parametrize("text", [
    # a shop's pride read weakly as steering a review no sentence names, or as a review request
    # weaker than its courtesy (`message_purpose._courtesy_outweighs`)
    f"Good morning, we just want to say a big thank you for your order {ORDER}. It is a great "
    "joy for our small family workshop when our sourdough baskets go to bakers in other "
    "countries. We wish you many good loaves. If there is anything we can do for you, write to "
    "us.",
    f"Buongiorno, volevamo solo ringraziarla per aver scelto la nostra pietra per affilare "
    f"(ordine {ORDER}). Per una piccola bottega come la nostra è una bella soddisfazione. Per "
    "qualsiasi cosa, siamo qui.",
    # guards: the same shapes in other words
    f"Good morning, we just wanted to say a warm thank you for your order {ORDER}. It makes our "
    "little bakery workshop proud when our bannetons travel so far. If you need anything, just "
    "write to us.",
    f"Buongiorno, volevamo solo dirle grazie per aver scelto il nostro cesto per la lievitazione "
    f"(ordine {ORDER}). Per un piccolo laboratorio come il nostro è una gioia vera. Per qualsiasi "
    "cosa, siamo qui.",
])
def test_thanks_with_a_shops_pride_is_courtesy_only(text):
    assert "C202" in codes(text)


@pytest.mark.parametrize("text", [
    # a purpose word ("missing") in a sentence the model reads as no purpose
    # (purpose._purpose_stands)
    f"Hi, just checking in to see whether the climbing chalk bag from order {ORDER} turned up "
    "safe and sound. We know how easily the old one goes missing at the crag! If there's "
    "anything we can do, just reply.",
    f"Hello, we hope your telescope eyepiece (order {ORDER}) reached you safely. Small parts "
    "like these have a way of going missing in the box, so check the foam! If you need "
    "anything, we're here.",
])
def test_a_check_in_with_a_purpose_word_in_passing_is_courtesy_only(text):
    assert "C202" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hello, order {ORDER}: if you'd like to review the metronome on Amazon, we'd be grateful. "
    "The rating is entirely yours, from ★ to ★★★★★.",
    f"お客様、ご注文番号 {ORDER} の急須が届いてから数日が経ちました。よろしければAmazonにレビューを"
    "お寄せください。良かった点もそうでなかった点も、率直なご感想をお待ちしております。",
])
def test_the_whole_star_scale_or_both_ways_is_no_steering(text):
    # both blocked as C205 before; the first is no thanks-only note either (a review request
    # the model is sure of)
    assert not codes(text) & {"C202", "C205"}


def test_five_stars_hoped_for_still_steer():
    assert "C205" in codes(f"Hello, order {ORDER}: a review on Amazon would help us. We hope "
                           "you'll give us ★★★★★!")


@pytest.mark.parametrize("text", [
    # the clause concept names-praise (clauses.praise_readings)
    f"Hi, order {ORDER}: when you post your review on Amazon, do say how crisp the image is at "
    "high power and how smooth the focuser feels.",
])
def test_naming_the_qualities_to_praise_steers_the_review(text):
    assert "C205" in codes(text)


@pytest.mark.parametrize("text", [
    # guards: prompts that name no good quality
    f"Hi, order {ORDER}: when you post your review on Amazon, tell other stargazers how you use "
    "the eyepiece and what you think of it.",
    f"Hola, pedido {ORDER}: si nos deja unas líneas en Amazon, cuente cómo le ha ido con la hoz, "
    "lo bueno y lo malo.",
])
def test_an_open_prompt_about_the_review_is_neutral(text):
    assert "C205" not in codes(text)


@pytest.mark.parametrize("text", [
    # an order said to be with the buyer already is context for the request, not a dispatch
    # notice (confirmation.toml [arrived]); blocked as C201 before
    f"Hi, your smoker from order {ORDER} is now with you. If you have a moment, an honest "
    "review on Amazon would help other beekeepers.",
])
def test_an_order_already_with_the_buyer_is_no_dispatch_notice(text):
    assert "C201" not in codes(text)


def test_an_order_with_the_carrier_is_still_a_dispatch_notice():
    assert "C201" in codes(f"Hi, your smoker from order {ORDER} is now with the carrier and "
                           "should reach you Friday.")
