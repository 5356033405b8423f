"""Reminders that name the review instead of asking again, arrival premises, opt-outs by reply
keyword and ligatures: each case below was missed or misread on development set Q or R, and
each fails without its fix (checked by reverting it)."""

from __future__ import annotations

import pytest

import policy
from policy.rules.spelling_words import is_known

ORDER = "113-1234567-1234567"


def codes(text: str, kind: str = "proactive", **context) -> set[str]:
    return set(policy.check({"text": text, "kind": kind, "order_id": ORDER, **context}).codes)


@pytest.mark.parametrize("text", [
    f"Hi, just circling back on my note from last week about the review for order {ORDER}. "
    "If you get a sec, it would be appreciated. Gwen",
    f"Hallo, ich wollte Sie noch einmal an meine Nachricht von letzter Woche erinnern, wegen einer "
    f"Bewertung zu Bestellung {ORDER}. Es wäre nett, wenn Sie Zeit finden. Gruß Martina",
    f"Hola, te escribo otra vez por lo de la reseña del pedido {ORDER} que te comenté la semana "
    "pasada. Si tienes un minuto, te lo agradecería. Saludos, Bea",
])
def test_a_reminder_that_names_the_review_is_a_second_request(text):
    found = codes(text)
    assert "C208" in found
    assert "O105" not in found and "C202" not in found  # a review request has a purpose


def test_a_reminder_beside_a_real_purpose_is_context():
    text = (f"Hi, following up on your review of order {ORDER}: the replacement lid we promised "
            "is delayed by the strike and will ship on Monday instead. Sorry, Gwen")
    assert "C208" not in codes(text)


def test_asking_to_think_again_about_a_review_is_a_change_not_a_reminder():
    text = ("Hallo Frau Lange, danke für Ihre Rückmeldung, der Ersatzdeckel ist heute "
            f"rausgegangen. Vielleicht mögen Sie Ihre Bewertung zu Bestellung {ORDER} daraufhin "
            "noch einmal überdenken? Viele Grüße")
    found = codes(text, kind="reply")
    assert "C207" in found and "C208" not in found


@pytest.mark.parametrize("text", [
    f"Bonjour,\n\nVotre commande {ORDER} devrait être arrivée. Si vous avez un moment, vous "
    "pouvez laisser un avis sur Amazon, positif ou négatif : ça aide les autres acheteurs."
    "\n\nBonne journée,\nClaire",
    f"Hola,\n\nTu pedido {ORDER} ya debería haber llegado. Si tienes un rato, puedes dejar una "
    "reseña en Amazon, buena o mala. A otros compradores les sirve mucho.\n\nUn saludo,\nMarta",
    f"Ciao,\n\nIl tuo ordine {ORDER} dovrebbe essere arrivato. Se hai un momento, puoi lasciare "
    "una recensione su Amazon, positiva o negativa: aiuta gli altri acquirenti.\n\nGrazie,\nGiulia",
])
def test_an_order_that_should_have_arrived_is_a_premise_not_a_notice(text):
    assert "C201" not in codes(text)


@pytest.mark.parametrize("text", [
    "Prefer not to get messages like this from us? Write to us and we will stop.",
    "A review would help us. Just reply STOP and we'll leave you alone.",
])
def test_opting_out_in_plain_words_is_an_opt_out(text):
    assert "C210" in codes(f"Order {ORDER}. {text}")


def test_a_reply_keyword_that_confirms_delivery_is_no_opt_out():
    assert "C210" not in codes(f"Order {ORDER}: your sofa can come on Friday. Reply YES and the "
                               "driver will call an hour before.")


@pytest.mark.parametrize("word", ["cœur", "œil", "sœur", "œuvre"])
def test_french_ligatures_are_words(word):
    assert is_known(word, "fr")


def test_a_misspelt_ligature_word_is_still_misspelt():
    assert not is_known("cœurr", "fr")
