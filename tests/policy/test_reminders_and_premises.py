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


@pytest.mark.parametrize("text", [
    f"Hello, we are sure you already love the grater. Would you tell other buyers about it on "
    f"Amazon? Order {ORDER}. Thanks, Kim",
    f"Hallo, Sie sind sicherlich schon ganz begeistert von der Decke. Erzählen Sie es doch den "
    f"anderen Kunden auf Amazon! Bestellung {ORDER}. Grüße, Uwe",
    f"Bonjour, vous êtes sûrement déjà conquis par votre théière ! Un petit avis sur Amazon "
    f"pour le dire aux autres ? Commande {ORDER}. Merci, Léa",
    f"¡Hola! Seguro que ya te ha encantado la lámpara. ¿Nos dejas una reseña en Amazon? "
    f"Pedido {ORDER}. Gracias, Ana",
    f"Ciao, siamo sicuri che la borraccia ti sia già piaciuta! Ci lasci una recensione su "
    f"Amazon? Ordine {ORDER}. Grazie, Leo",
    f"ご注文{ORDER}の急須、きっと気に入っていただけたことと思います。ぜひAmazonでレビューを"
    "お書きいただけませんか。",
])
def test_a_good_opinion_presumed_before_the_ask_steers(text):
    assert "C205" in codes(text)


@pytest.mark.parametrize("text", [
    # the presumption names the product first, or a line of praise stands before the ask
    f"Hello, we're sure your terrier is loving the new chew rope by now. It's made from "
    f"recycled cotton. Would you tell other dog owners about it on Amazon? Order {ORDER}. Kim",
    f"Hallo, wir sind sicher, Ihr Hund hat das neue Körbchen längst erobert. Es ist aus "
    f"Biobaumwolle. Erzählen Sie anderen Hundehaltern auf Amazon davon? Bestellung {ORDER}. Uwe",
    f"Bonjour, nous savons que la bougie au figuier vous plaira. Elle brûle 40 heures. Un petit "
    f"avis sur Amazon pour les autres clients ? Commande {ORDER}. Léa",
    f"Hola, sabemos que el champú sólido del pedido {ORDER} le va a encantar. ¿Nos ayuda con "
    "una reseña en Amazon? Ana",
    f"Ciao, siamo sicuri che il cuscino dell'ordine {ORDER} le stia già piacendo. È imbottito "
    "di lana. Ci lascia due righe su Amazon? Leo",
])
def test_a_presumed_good_opinion_phrased_freely_steers(text):
    assert "C205" in codes(text)


@pytest.mark.parametrize("text, kind", [
    # hoping is courtesy, and the ask is neutral
    (f"Hello, we hope you enjoy the grater. If you have a moment, an honest review on Amazon, "
     f"positive or negative, helps other buyers. Order {ORDER}. Kim", "proactive"),
    # presumption with no ask anywhere near
    (f"Hello, the spare blade for order {ORDER} left today after the first one cracked. We are "
     "sure you will love the new one. Kim", "proactive"),
    # a reply may echo what the buyer said
    (f"Hi, I'm sure you'll love it even more with the new lid! If you want, a review on Amazon "
     f"is always welcome, good or bad. Order {ORDER}. Kim", "reply"),
])
def test_hope_a_presumption_far_from_the_ask_and_replies_do_not(text, kind):
    assert "C205" not in codes(text, kind=kind)


def test_top_marks_in_italian_is_a_rating_target():
    assert "C205" in codes(f"Ciao, per noi ogni recensione conta. Se ci dai il massimo dei voti per "
                           f"le tazze dell'ordine {ORDER}, ci aiuti davvero. Grazie, Federica")


def test_value_read_in_a_message_that_names_no_review_needs_a_sure_request():
    text = (f"Dear Sir/Madam,\n\nGreetings from Shree Crafts. Kindly share the name you want "
            f"printed on the nameplate for order {ORDER}, as the customisation field was left "
            "blank. Once we receive it, we will send you a preview for your approval.\n\n"
            "Thanks and regards,\nRakesh")
    assert "C204" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Hola, cuando hayas probado el café del pedido {ORDER}, ¿nos dejarías tu opinión en Amazon? "
    "Tanto si te ha encantado como si no era lo que buscabas, nos sirve para mejorar.",
    f"Hola, si tienes un momento, una reseña en Amazon del pedido {ORDER} con lo que te parezca "
    "ayudaría a otras familias.",
    f"ご注文{ORDER}のお茶について、Amazonにレビューを投稿していただけないでしょうか。"
    "良かった点も、いまひとつだった点も、そのまま書いていただければ幸いです。",
])
def test_inviting_either_opinion_is_neutral(text):
    found = codes(text)
    assert "C205" not in found and "C206" not in found


def test_an_address_spelled_out_in_french_is_an_email():
    text = ("Bonjour, écrivez-moi directement à atelier.rayonvert arobase gmail point com et je "
            "vous réponds dans la journée.")
    assert "C215" in codes(text, kind="reply")


@pytest.mark.parametrize("text", [
    f"Hola, me alegro de que el nuevo cable funcione. Ahora que está todo resuelto, ¿le "
    f"importaría echarle otro vistazo a lo que escribió en Amazon? Pedido {ORDER}. Ana",
    f"Buongiorno, sono contento che la lampada ora funzioni. Ora che è risolto, magari può "
    f"dare un'occhiata a quello che aveva scritto sulla pagina del prodotto. Ordine {ORDER}. Leo",
    f"Bonjour, ravie que la pièce de rechange convienne. Pourriez-vous jeter un nouveau coup "
    f"d'œil à ce que vous avez écrit ? Commande {ORDER}. Léa",
    f"Hallo, schön, dass der Ersatz passt. Würden Sie noch einmal einen Blick auf das werfen, "
    f"was Sie auf Amazon geschrieben haben? Bestellung {ORDER}. Uwe",
    f"交換品が無事に届いたとのこと安心いたしました。先日のレビューの星の数を、もう一度ご検討いただけ"
    f"ないでしょうか。注文番号{ORDER}",
])
def test_another_look_at_what_the_buyer_wrote_is_a_change_request(text):
    # POLICY_READING, C207: reconsidering an existing review, however softly asked
    assert "C207" in codes(text, kind="reply")
