"""C202 thank-you-only and O105 no-permitted-reason: does a proactive message have a purpose?"""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import codes

THANKS_ONLY = [
    "Hello,\n\nThank you so much for your order! We really appreciate your business.\n\n"
    "Kind regards,\nThe team",
    "Hi Anna,\nThanks for shopping with us. If you have any problems with your purchase, we are "
    "always here to help.\nBest wishes,\nAcme",
    "Hallo,\n\nvielen Dank für Ihren Einkauf! Bei Fragen stehen wir Ihnen jederzeit gerne zur "
    "Verfügung.\n\nMit freundlichen Grüßen\nIhr Team",
    "Bonjour,\n\nMerci beaucoup pour votre commande ! Nous restons à votre disposition.\n\n"
    "Cordialement,\nL'équipe",
    "Hola:\n\n¡Gracias por su compra! Esperamos que la disfrute. Quedamos a su disposición.\n\n"
    "Un saludo",
    "Buongiorno,\n\ngrazie per il suo acquisto! Restiamo a sua disposizione per qualsiasi "
    "domanda.\n\nCordiali saluti",
    "この度はご購入いただき、誠にありがとうございます。ご不明な点がございましたら、お気軽にお問い合わせください。",
]


@pytest.mark.parametrize("text", THANKS_ONLY)
def test_thanks_only_is_c202_alone(text):
    # C202 already says the message serves no permitted reason; O105 beside it would say it
    # twice (changed in session 14: one finding per problem, as the labelled sets read it).
    found = codes(text)
    assert "C202" in found and "O105" not in found


WITH_PURPOSE = [
    # thanks in a message with a real purpose
    "Thank you for your order! Please find the invoice attached.",
    "Thanks for your order. Sadly the blue mug is out of stock; would you like the green one?",
    "Thank you for your purchase. If you have a moment, we'd appreciate an honest review.",
    "Danke für Ihre Bestellung! Bitte bestätigen Sie den Text für die Gravur.",
    "Merci pour votre commande. Quel créneau de livraison vous convient ?",
    "Gracias por su pedido. ¿Podría indicarnos un día para la entrega del sofá?",
    "Grazie per l'ordine. Ci indichi per favore l'interno e la scala.",
    "ご注文ありがとうございます。お届け日時のご希望をお知らせください。",
]


@pytest.mark.parametrize("text", WITH_PURPOSE)
def test_thanks_with_a_purpose_passes(text):
    found = codes(text)
    assert "C202" not in found and "O105" not in found


def test_thanks_only_in_a_reply_is_not_judged():
    found = codes("Thank you! Have a great day.", kind="reply")
    assert not found & {"C202", "O105"}


NO_REASON = [
    "Here are three tips for your new pan: season it with oil before first use, do not put "
    "it in the dishwasher, and use wooden utensils.",
    "Hier sind drei Tipps zur Pflege Ihrer Pfanne: vor dem ersten Gebrauch einbrennen und "
    "nicht in die Spülmaschine geben.",
    "Voici quelques idées pour porter votre nouvelle écharpe cet hiver.",
]


@pytest.mark.parametrize("text", NO_REASON)
def test_message_without_a_permitted_reason_warns(text):
    found = codes(text)
    assert "O105" in found and "C202" not in found


@pytest.mark.parametrize("text, extra", [
    ("Your order has been dispatched. Tracking number: 1Z999AA10123456784.", "C201"),
    ("Follow us on Instagram for styling ideas!", "C203"),
])
def test_confirmations_and_promotions_get_their_own_code_not_o105(text, extra):
    found = codes(text)
    assert extra in found and "O105" not in found


def test_sp_api_type_or_invoice_attachment_is_a_purpose():
    text = "Please see the attached document."
    assert "O105" in codes("Here is something nice to read about our brand.")
    assert "O105" not in codes(text, message_type="invoice")
    assert "O105" not in codes(text, attachments=[{"filename": "invoice-113.pdf"}])


def test_the_subject_can_name_the_purpose():
    # The body names no purpose of its own. ("The carrier will call you the day before", the
    # sentence used before the intent model, does arrange a bulky delivery: the model reads it
    # as purpose-delivery-scheduling, which POLICY_READING counts as a permitted reason.)
    text = "A short note from our team about your order."
    assert "O105" in codes(text)
    assert "O105" not in codes(text, subject="Delivery appointment for your wardrobe")


# -- the contact reason chosen on the page -------------------------------------------------------
NO_PURPOSE_TEXT = "Sunny days are coming: the perfect time to try your new sunglasses."


@pytest.mark.parametrize("reason", ["Shipping or delivery", "Return or refund", "Rechnung"])
def test_a_chosen_contact_reason_is_a_permitted_purpose(reason):
    assert "O105" in codes(NO_PURPOSE_TEXT)
    assert "O105" not in codes(NO_PURPOSE_TEXT, contact_reason=reason)


@pytest.mark.parametrize("reason", ["Other", "  other ", "Sonstiges", "", "その他"])
def test_other_or_no_reason_states_no_purpose(reason):
    assert "O105" in codes(NO_PURPOSE_TEXT, contact_reason=reason)


def test_a_chosen_reason_does_not_make_thanks_alone_a_purpose():
    assert "C202" in codes(THANKS_ONLY[0], contact_reason="Shipping or delivery")


@pytest.mark.parametrize("text", [
    "Hi,\n\nDid the garden kneeler from order 113-1234567-1234567 arrive in one piece? Parcels "
    "get thrown about.\n\nHave a lovely weekend,\nJo",
    "Hello,\n\nHas your bird bath (order 113-1234567-1234567) reached you safely? Hope it looks "
    "good in the garden.\n\nBest,\nSam",
])
def test_arrival_check_in_question_is_courtesy_not_a_question_the_order_needs(text):
    # POLICY_READING, C202: arrival check-ins fire however worded. "Did the ... ?" was read by
    # the phrase set of questions the order needs (purpose_info) as asking for information.
    assert "C202" in codes(text)


def test_question_the_order_needs_still_counts_as_purpose():
    text = ("Hello,\n\nWas the engraving text for order 113-1234567-1234567 meant to read "
            "'Anna & Ben' or 'Anna and Ben'? We start the engraving tomorrow.\n\nBest,\nSam")
    assert not codes(text) & {"C202", "O105"}


@pytest.mark.parametrize("text", [
    "Hallo,\n\nist die Gießkanne aus Bestellung 302-1234567-1234567 gut bei Ihnen angekommen? "
    "Einen schönen Sonntag!\n\nViele Grüße\nUlla",
    "Bonjour,\n\nvotre arrosoir (commande 402-1234567-1234567) est-il bien arrivé ? "
    "Belle journée !\n\nClaire",
    "Hola:\n\n¿Te ha llegado bien la regadera del pedido 402-1234567-1234567? ¡Que tengas "
    "un buen día!\n\nMarta",
    "Ciao,\n\nl'annaffiatoio dell'ordine 402-1234567-1234567 è arrivato bene? Buona giornata!"
    "\n\nLuca",
    "ご注文番号 503-1234567-1234567 のじょうろは無事に届きましたでしょうか。よい一日をお過ごしください。",
])
def test_arrival_check_in_is_courtesy_in_every_language(text):
    assert "C202" in codes(text)
