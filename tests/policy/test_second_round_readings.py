"""Readings fixed after the first score of fresh sets AM, AN and AO (session 8): saying the buyer
need not review, a tracking number "is" a number, empathy that the hostile head reads
sharply, a neutral ask beside a small shop's context, a property word ("grain-free"), a pet's
"scratch", a carrier handover, a favour right after a sure ask, "kind words", and more. The
wordings are new, not the sets' messages; each violation has a look-alike that stays silent.
On the tree the sets were scored on (eb97fb6) 13 of the 24 cases fail."""

from __future__ import annotations

import pytest

import policy
from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text", [
    "Hi Ana, no, you really don't have to leave a review; the request comes from Amazon.",
    "Hallo, Sie müssen selbstverständlich keine Rezension schreiben, das ist ganz freiwillig.",
    "Bonjour, vous n'êtes pas obligée de laisser un avis, c'est automatique.",
    "こんにちは。レビューを投稿していただく必要はございません。",
])
def test_saying_the_buyer_need_not_review_is_no_request(text):
    assert "C208" not in codes(text, kind="reply", review_already_requested=True)


def test_a_review_request_reply_still_counts_as_a_second_request():
    assert "C208" in codes("Hi Ana, please leave a review of the kettle on Amazon.",
                           kind="reply", review_already_requested=True)


@pytest.mark.parametrize("text, present", [
    ("Il numero di spedizione è 0571 9930 2284, consegna prevista venerdì.", False),
    ("Your tracking number is 0571 9930 2284.", False),
    ("Our phone number is +39 0571 993022, call us any time.", True),
])
def test_a_number_labelled_as_tracking_is_no_phone(text, present):
    report = policy.check({"text": text, "kind": "reply", "order_id": ORDER},
                          policy.Config(spelling=False, grammar=False))
    assert ("C215" in report.codes) is present


@pytest.mark.parametrize("text", [
    "Hallo Herr Berg,\n\nich verstehe, dass Sie sich über die Kratzer am Gehäuse ärgern. Leider "
    "können wir benutzte Geräte nicht zurücknehmen; die Gewährleistung deckt das nicht ab.\n\n"
    "Viele Grüße",
    "Hi Tom,\n\nI understand that you are annoyed about the faded print. We cannot take back a "
    "shirt that has been washed many times, but the care label explains how to keep colours."
    "\n\nBest, Sue",
])
def test_empathy_opening_a_firm_refusal_is_not_hostile(text):
    assert "C213" not in codes(text, kind="reply")


def test_empathy_does_not_excuse_a_threat():
    text = ("I understand that you are upset. But if you post that review, we will make sure "
            "every seller knows your name and address.")
    assert "C213" in codes(text, kind="reply")


def test_context_beside_a_balanced_ask_is_not_steering():
    text = (f"Hola:\n\nGracias por tu pedido {ORDER}. Somos un taller pequeño y cosemos cada "
            "mochila a mano, así que nos importa mucho saber cómo aguanta en la montaña. Cuando "
            "la hayas usado, te agradeceríamos una reseña sincera en Amazon, sea cual sea tu "
            "opinión.\n\nUn saludo, Pablo")
    assert "C205" not in codes(text)


@pytest.mark.parametrize("text, code, fires", [
    (f"Your order {ORDER} of gluten-free crackers should have arrived. We would be grateful "
     "for a review on Amazon, good or bad.", "C204", False),
    (f"Leave a review of order {ORDER} and get a free bag of our gluten-free crackers!",
     "C204", True),
    (f"Great news: your cat treats (order {ORDER}) left our warehouse today with UPS, "
     "tracking 1Z999AA10123456784. Give your cat a scratch behind the ears from us!",
     "C201", True),
    (f"Good news: the bike rack from order {ORDER} was handed to DPD this morning. It should "
     "arrive on Thursday.", "C201", True),
    (f"Buongiorno, il suo ordine {ORDER} è stato affidato oggi al corriere GLS e arriverà "
     "entro due giorni.", "C201", True),
])
def test_notices_and_property_words(text, code, fires):
    assert (code in codes(text)) is fires


@pytest.mark.parametrize("text, code", [
    # a favour right after a sure ask that names no review
    (f"Thank you for ordering \"The Paper Boat\" (order {ORDER}). Would you tell other parents "
     "on the book's page what you enjoyed about it? A few warm words go a long way for a tiny "
     "press like ours.", "C205"),
    # "kind words" asked on Amazon
    (f"Bestellung {ORDER}: als kleiner Verlag freuen wir uns, wenn Sie uns mit ein paar "
     "freundlichen Worten auf Amazon unterstützen.", "C205"),
    # a change asked nine words after the review is named
    (f"Hallo, da das Problem mit Bestellung {ORDER} gelöst ist, wären wir froh, wenn Sie Ihre "
     "Bewertung vom letzten Montag noch einmal lesen und entsprechend anpassen "
     "würden.", "C207"),
    # veiled threat and "customers like you"
    ("Mit Kunden wie Ihnen haben wir oft zu tun. Überlegen Sie sich gut, ob Sie weiter "
     "schreiben wollen. Ihre Adresse haben wir ja.", "C213"),
])
def test_violations_in_new_words(text, code):
    kind = "reply" if code == "C213" else "proactive"
    assert code in codes(text, kind=kind)


@pytest.mark.parametrize("text", [
    "Thank you so much for your kind words about the lamp! We are glad it arrived safely.",
    "Vielen Dank für Ihre freundlichen Worte! Es freut uns, dass die Lampe gut angekommen ist.",
])
def test_thanks_for_kind_words_is_no_steering(text):
    assert "C205" not in codes(text, kind="reply")


def test_where_to_edit_ones_own_review_is_no_change_request():
    text = ("Hola, Marta: los vendedores no podemos editar las reseñas. Si quieres cambiar la "
            "reseña que escribiste, puedes hacerlo desde tu perfil de Amazon.")
    assert "C207" not in codes(text, kind="reply")
