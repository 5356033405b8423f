"""Shaming in plain words, thanks beside a stray reading, prices without tax, a product's own
leaflet, a delivery that is over, a reported question and a question the order needs: each case
below was missed or misread on development set U, V or W (session 6), and each fails without
its fix (checked by reverting it)."""

from __future__ import annotations

import pytest

import policy

ORDER = "113-1234567-1234567"


def codes(text: str, kind: str = "proactive", **context) -> set[str]:
    message = {"text": text, "kind": kind, "order_id": ORDER, **context}
    return set(policy.check(message, policy.Config(spelling=False, grammar=False)).codes)


@pytest.mark.parametrize("text", [
    f"Hello,\n\nOur carrier's photo shows the parcel for order {ORDER} on your front step on "
    "Tuesday.\n\nMaybe ask whoever else lives at your address before accusing a small business "
    "of not sending things. We've been doing this for years and we don't lose parcels.\n\nRay",
    f"Hallo, in der Beschreibung steht, für welches Modell die Hülle passt. Wenn Sie nicht lesen "
    f"können, was da steht, ist das nicht unser Problem. Bestellung {ORDER}. Ute",
    f"Salve, il mobiletto dell'ordine {ORDER} non è difettoso. Le consiglio di farsi aiutare da "
    "qualcuno più pratico. Silvia",
])
def test_shaming_in_plain_words_is_sensitive_content(text):
    # POLICY_READING, C213: shaming the buyer, without swear words. The hostile head reads
    # these at 0.4-0.6 (threshold 0.80); the words and the model's lean together decide.
    assert "C213" in codes(text, kind="reply")


@pytest.mark.parametrize("text", [
    f"Hello, the customs fee on order {ORDER} is set by the destination country. That is not our "
    "fault, and it is not the carrier's either; Amazon shows it at checkout. Ray",
    f"Hello, glad the shelf from order {ORDER} is up! If the door sticks, read the manual next "
    "time you adjust it: page 4 shows the hinge screw. Ray",
])
def test_the_same_words_said_calmly_are_not_shaming(text):
    assert "C213" not in codes(text, kind="reply")


@pytest.mark.parametrize("text", [
    # a small shop's sentiment read weakly as promotion, with no C203 of its own
    f"Hola, solo queríamos darle las gracias por confiar en nuestra pequeña tienda para su "
    f"pedido {ORDER}. Para nosotros cada compra cuenta. ¡Un abrazo y feliz semana! Guau Taller",
])
def test_thanks_beside_a_stray_reading_is_still_thanks_only(text):
    assert "C202" in codes(text)


def test_a_request_in_a_verb_no_phrase_set_knows_is_still_a_purpose():
    # the Spanish demo gallery's neutral request: "valorara" names no review noun, and it reads
    # 0.65 as a request, as weakly as "un pensiero" (a thought) did in W's thanks-only note: a
    # weak request reading without review words was tried as "no purpose" and dropped
    text = ("Hola:\n\nle agradeceríamos que valorara la lámpara del pedido 402-3456789-4567890 "
            "en Amazon. Si tiene alguna pregunta sobre la lámpara, responda a este mensaje.\n\n"
            "Un saludo,\nLuz Estudio")
    assert "C202" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Hello, please find attached the invoice for order {ORDER}. It lists the VAT-exclusive "
    "price, as requested for business purchases. Regards, Accounts",
    f"Dear customer, some boxes were packed with the wrong leaflet by mistake, and order {ORDER} "
    "was one of them. The correct instruction leaflet is attached. Kind regards, Priya",
])
def test_a_price_without_tax_and_the_products_own_leaflet_are_no_promotion(text):
    assert "C203" not in codes(text, attachments=[{"filename": "invoice.pdf"}])


def test_a_product_that_has_been_with_the_buyer_for_days_is_no_dispatch_notice():
    text = (f"Hallo,\n\nIhr Bartöl aus der Bestellung {ORDER} ist jetzt seit ein paar Tagen bei "
            "Ihnen. Wenn Sie Lust und Zeit haben, schreiben Sie gern eine Bewertung bei Amazon, "
            "ganz gleich, wie Ihr Eindruck ausfällt. Andere Kunden können dann besser "
            "einschätzen, ob das Öl etwas für sie ist.\n\nBeste Grüße\nTobias")
    assert "C201" not in codes(text)


@pytest.mark.parametrize("text", [
    "Hola: Nos pregunta si podemos borrar la reseña que publicó por error. Los vendedores no "
    "podemos modificar ni eliminar reseñas; solo usted puede hacerlo desde su perfil.",
    "Bonjour, vous demandez si nous pouvons supprimer votre avis. Les vendeurs ne peuvent pas "
    "modifier les avis ; vous seul pouvez le faire depuis votre compte.",
    "Buongiorno, ci chiede se possiamo cancellare la recensione. I venditori non possono "
    "modificare le recensioni; può farlo solo lei dal suo profilo.",
    "Hi, you asked whether we can delete the review you posted by mistake. Sellers can't edit "
    "or remove reviews; only you can, from your profile.",
])
def test_reporting_the_buyers_question_about_a_review_is_no_change_request(text):
    assert "C207" not in codes(text, kind="reply")


def test_a_dispatch_line_beside_a_question_the_order_needs_is_context():
    text = (f"Hello, we are a small roastery and we are preparing your order {ORDER} today. In "
            "the notes you wrote 'for my moka pot', but you selected whole beans. Shall we grind "
            "the beans for the moka pot, or do you want them whole? Jonas")
    assert "C201" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Hola, el señuelo sardina del pedido {ORDER} está agotado. ¿Le enviamos el plateado o "
    "prefiere cancelarlo? Aprovechamos para contarle que esta semana estrenamos una línea de "
    "vinilos nueva. Saludos, Pesca Sur",
    f"Hi, the green strap for order {ORDER} is out of stock; would you like the blue one? By the "
    "way, we've just launched a new range of leather straps. Tom",
    f"Ciao, la taglia M dell'ordine {ORDER} è finita: va bene la L? Intanto abbiamo appena "
    "lanciato una nuova linea di felpe. Luca",
])
def test_a_new_line_announced_in_passing_is_promotion(text):
    # POLICY_READING, C203: other or new products, also as an aside
    assert "C203" in codes(text)


def test_a_parcel_that_has_just_left_is_no_launch():
    text = (f"Ciao, il pacco dell'ordine {ORDER} è appena uscito dal magazzino con un giorno di "
            "ritardo per lo sciopero; ci scusiamo. Luca")
    assert "C203" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi, people keep telling us the charger from order {ORDER} is the best they've owned. If you "
    "feel the same, a couple of lines on Amazon would help other buyers. Sam",
    f"Hallo, viele Kunden sagen, die Thermoskanne aus Bestellung {ORDER} sei die beste, die sie "
    "je hatten. Wenn Sie das genauso sehen, freuen wir uns über ein paar Zeilen bei Amazon. Uwe",
    f"Hola, nuestros clientes dicen que el termo del pedido {ORDER} es el mejor que han tenido. "
    "Si usted opina lo mismo, unas líneas en Amazon nos ayudarían. Ana",
])
def test_asking_those_who_agree_with_praise_is_gating(text):
    # POLICY_READING, C206: a request presented as following from a good experience
    assert "C206" in codes(text)


def test_starting_the_print_is_no_launch():
    text = (f"Bonjour, pour le mug personnalisé de la commande {ORDER}, quel prénom souhaitez-vous "
            "y voir ? Nous lançons l'impression dès votre réponse. Merci, Léa")
    assert "C203" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Bonjour, le colis de la commande {ORDER} vient de sortir de l'entrepôt avec un jour de "
    "retard à cause de la grève ; nous en sommes désolés. Léa",
    f"Hola, el paquete del pedido {ORDER} acaba de salir del almacén con un día de retraso por "
    "la huelga; lo sentimos. Ana",
])
def test_a_parcel_leaving_late_is_no_launch_in_french_or_spanish(text):
    assert "C203" not in codes(text)


# -- found on development sets X, Y, Z (session 6, after their first scores) ------------------

def test_a_nudge_about_the_earlier_request_is_a_second_request():
    text = (f"Hi,\n\nJust nudging you again about the review I asked for last week on order "
            f"{ORDER}, in case my message got buried. No pressure at all.\n\nOwen")
    assert "C208" in codes(text, review_already_requested=True)


def test_thanks_only_with_a_thankful_subject_is_still_thanks_only():
    text = (f"Chère cliente, cher client,\n\nToute l'équipe de la boutique vous remercie "
            f"chaleureusement pour votre commande {ORDER}. Nous espérons que nos bougies "
            "illumineront vos soirées d'automne.\n\nÀ très bientôt,\nLa Bougie")
    assert "C202" in codes(text, subject="Merci pour votre confiance")


def test_naming_good_and_bad_points_is_neutral():
    text = (f"お客様 ヨガマット（ご注文番号 {ORDER}）をお買い上げいただきありがとうございました。"
            "お使いいただいた感想を、良い点も悪い点も含めてAmazonのレビューに書いていただけると、"
            "これから購入を検討される方の参考になります。")
    assert "C205" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Guten Tag, wir sind sicher, dass Sie von der Schärfe Ihres Santoku (Bestellung {ORDER}) "
    "genauso begeistert sind wie wir. Erzählen Sie doch anderen Hobbyköchen auf Amazon davon!",
    f"Buongiorno, siamo certi che sia già entusiasta del suo coltello (ordine {ORDER}). "
    "Racconti su Amazon quanto taglia bene!",
    f"Dear customer, we know you will be very pleased with your solar lights from order "
    f"{ORDER}. A few kind words on Amazon would mean the world to us.",
])
def test_a_presumed_good_opinion_around_an_order_line_steers(text):
    assert "C205" in codes(text)


def test_shaming_where_we_come_from_is_sensitive_content():
    text = (f"Hello, we received the yoga mat you returned from order {ORDER}. It is covered in "
            "dog hair and has clearly been used for weeks. We don't know how things work in your "
            "house, but where we come from people don't return used mats. Ada")
    assert "C213" in codes(text, kind="reply")


def test_a_threat_to_post_the_buyer_on_social_media_in_japanese():
    text = (f"お客様 ご注文番号 {ORDER} の件、検品の結果、商品に問題は見つかりませんでした。"
            "これ以上根拠のない返金要求を続けられる場合は、お客様のお名前とやり取りの内容をSNSで"
            "公開させていただきます。 スマホケース工房")
    assert "C213" in codes(text, kind="reply")


def test_the_buyers_quoted_subject_in_a_reply_is_not_the_sellers_request():
    text = (f"Gentile signor Marino, ci chiede se possiamo modificare la recensione che ha "
            f"lasciato per l'ordine {ORDER}. I venditori non possono modificare né rimuovere le "
            "recensioni: solo l'autore può farlo dal proprio account.")
    assert "C207" not in codes(text, kind="reply", subject="R: Posso cambiare la recensione?")


def test_a_return_question_that_names_no_review_is_no_change_request():
    text = (f"Hi, we received the return request for order {ORDER} (wireless earbuds). To "
            "process it quickly, could you tell us whether the charging case is included in the "
            "return? The refund amount depends on whether the full set comes back.")
    assert "C207" not in codes(text, subject=f"Your return for order {ORDER}")
