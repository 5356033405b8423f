"""Readings fixed in session 13, after the first scores of fresh sets BZ, CA and CB: a repeat
review request said in words ("we wrote last week to ask for your thoughts"), a logo linked to
the seller's Amazon storefront, an e-mail address spelled out in words, an invoice whose file
name carries a reference code, "out for delivery", a satisfaction question answered by the
request, praise handed over as the review's content, a gift as thanks for an opinion, a product
promoted in an aside ("By the way, our new ... just went live"), a rating target, dispatch in
idiom, condescension and veiled threats in plain words, and words that only look like a
violation ("other flyers", "the printed leaflet"). New
wordings, not the sets' messages; each failed on the session's start tree (53df865) unless its
comment says it is a guard."""

from __future__ import annotations

import pytest

import policy
from policy.model import Attachment
from policy.rules.attachments import judge
from policy.tokens import find_emails
from tests.policy.content_helpers import codes


@pytest.mark.parametrize("text", [
    # the first (a guard) was found at the start too, by a phrase that also fired on a past
    # contact about something else (the next test's first guard, which failed at the start)
    "Hi, we wrote to you last week to ask for your thoughts on the saw. If you haven't had a "
    "chance yet, a review on Amazon would still help us.",
    "Hello, a couple of days ago I sent you a message about a review for the lamp. If you find "
    "a minute, we'd love to read it on Amazon.",
    "Hallo, vor ein paar Tagen hatten wir Ihnen wegen einer Rezension geschrieben. Falls Sie "
    "noch Zeit finden, freuen wir uns über eine Bewertung auf Amazon.",
    "Bonjour, nous vous avions écrit il y a quelques jours au sujet d'un avis. Si vous avez un "
    "instant, un avis sur Amazon nous aiderait beaucoup.",
    "Hola, hace unos días te escribimos para pedirte tu opinión. Si tienes un momento, nos "
    "encantaría leer tu reseña en Amazon.",
    "Ciao, qualche giorno fa ti abbiamo scritto per chiederti un parere. Se hai un minuto, una "
    "recensione su Amazon ci aiuterebbe.",
    "先日、レビューの件でご連絡いたしました。お時間があれば、Amazonでレビューをお願いいたします。",
])
def test_a_repeat_request_said_in_words_is_c208(text):
    assert "C208" in codes(text)


@pytest.mark.parametrize("text", [
    # a past contact about something else, then a first request (guards)
    "Hello, we wrote to you last week about the missing bolt. Now that it's sorted, a review on "
    "Amazon would help other buyers.",
    "Hallo, vor ein paar Tagen hatten wir Ihnen wegen der Lieferung geschrieben. Jetzt ist alles "
    "angekommen: über eine Bewertung würden wir uns freuen.",
    # Spanish "le pedimos" is present tense as often as past
    "Hola: ¿ha quedado contento con la sartén? Le pedimos que deje una reseña sincera en "
    "Amazon, sea buena o mala.",
])
def test_a_past_contact_about_something_else_is_no_repeat(text):
    assert "C208" not in codes(text)


def test_an_email_address_spelled_in_words_is_found():
    (found,) = find_emails("send your order to orders at coverslip lab dot com today")
    assert found.value == "orders@coversliplab.com"
    # guards: a pronoun before "at" is the reader; a plain dot after words is prose
    assert find_emails("see you at the big market dot com tomorrow") == []
    assert find_emails("we are at the shop. Then we go home") == []


# ryoshusho_CK-7719 is a guard: an allowed word, with a code that is no advertising
@pytest.mark.parametrize("name", ["facture_AD-3287.pdf", "ryoshusho_CK-7719.pdf",
                                  "suzuri_oteire.pdf"])
def test_an_invoice_or_care_sheet_with_a_reference_code_is_allowed(name):
    assert judge(Attachment(name, "application/pdf")) is None


@pytest.mark.parametrize("name", ["summer_ad.pdf", "SALE-2024.pdf"])
def test_advertising_names_still_fire(name):  # guards
    assert judge(Attachment(name, "application/pdf")) is not None


def test_out_for_delivery_is_a_dispatch_notice():
    assert "C201" in codes("Good news - your clock repair kit (order 113-1234567-1234567) is "
                           "out for delivery today. Once you've tried it, we'd welcome a review "
                           "on Amazon.")


@pytest.mark.parametrize("text", [
    "Are the slides working well for your samples? Great - then a short review on Amazon would "
    "be welcome.",
    # a guard: the question alone ("schneidet ... sauber?") was read as gating at the start
    "Schneidet die Sense sauber? Prima, dann freuen wir uns über eine Bewertung auf Amazon.",
])
def test_a_satisfaction_question_answered_by_the_request_is_gating(text):
    assert "C206" in codes(text)


def test_an_answer_that_serves_the_order_is_no_gate():  # guard
    assert "C206" not in codes("Could you confirm the address is still 12 Oak St? Great, then "
                               "we will ship the replacement on Monday.")


def test_praise_handed_over_as_the_reviews_content_steers():
    assert "C205" in codes("Plenty of buyers hesitate over the price, so a review saying it's "
                           "worth every penny would really help the next person decide.")


def test_a_gift_as_thanks_for_an_opinion_is_an_incentive():
    assert "C204" in codes("As a small thank you for your opinion on Amazon, we will send you a "
                           "jar of our own heather honey.")


def test_money_back_as_thanks_after_the_review_is_an_incentive():  # guard (the model)
    assert "C204" in codes("Wir würden uns über eine Bewertung auf Amazon freuen. Sobald sie "
                           "online ist, schreiben Sie uns kurz, dann erstatten wir Ihnen als "
                           "kleines Dankeschön 5 Euro.")


def test_another_look_at_the_comments_on_the_listing_is_a_change_request():
    assert "C207" in codes("The replacement is on its way at no charge. Once you've tried it, "
                           "we'd be grateful if you'd take another look at your comments on the "
                           "listing.")


def test_a_logo_linked_to_the_amazon_storefront_is_c212():
    html = ('<p><a href="https://www.amazon.co.jp/stores/chikuin/page/6F1A22C0">'
            '<img src="https://cdn.chikuin.jp/logo.png" alt="和楽器 竹韻"></a></p>'
            '<p>尺八ケース（注文番号：503-0588933-7103462）の領収書を添付いたします。</p>')
    report = policy.check({"html": html, "kind": "proactive",
                           "order_id": "503-0588933-7103462", "marketplace": "amazon.co.jp"})
    assert "C212" in report.codes and "C209" not in report.codes


# the second to fourth were found at the start too (guards for the aside patterns)
@pytest.mark.parametrize("text", [
    "Thanks for order 113-1234567-1234567. By the way, our new insulated gloves just went live, "
    "in case your hands get cold at the crag.",
    "Here is the invoice for order 113-1234567-1234567. P.S. The matching canvas apron is back "
    "in stock.",
    "Hola, aquí tiene la factura del pedido 113-1234567-1234567. Por cierto, hemos sacado una "
    "línea nueva de fundas a juego.",
    "Ciao, ecco la fattura dell'ordine 113-1234567-1234567. Tra l'altro, abbiamo appena "
    "lanciato una nuova linea di custodie.",
    "Merci pour votre commande 113-1234567-1234567. Pensez aussi à notre huile de lin : elle "
    "nourrit le bois en profondeur.",
    "ご注文番号113-1234567-1234567の請求書を添付いたします。なお、今月から当店で革製のケースも取り扱いを始めました。",
    "Zu Bestellung 113-1234567-1234567: In unserem Rundbrief gibt es jeden Monat neue Rezepte.",
])
def test_a_product_promoted_in_an_aside_is_marketing(text):
    assert "C203" in codes(text)


@pytest.mark.parametrize("text", [  # guards: an aside about the order itself (silent at start)
    "Thanks for order 113-1234567-1234567. By the way, we have just added a note to the parcel "
    "so the courier rings twice.",
    "Hola, pedido 113-1234567-1234567: por cierto, ya tenemos tu dirección corregida.",
    "Ciao, ordine 113-1234567-1234567: a proposito, è appena uscito il corriere con il pacco.",
    "Bonjour, pensez aussi à nos conseils de taille dans la notice jointe (commande "
    "113-1234567-1234567).",
])
def test_an_aside_about_the_order_is_no_marketing(text):
    assert "C203" not in codes(text)


# the first and fourth were found at the start too (the model; guards for the patterns)
@pytest.mark.parametrize("text", [
    "¿Nos dejaría una reseña en Amazon? Cuente lo ligera y resistente que es la mochila.",
    "Si vous pouviez écrire sur Amazon à quel point la pâte est souple, cela nous aiderait.",
    "Ci farebbe piacere se nella recensione su Amazon raccontasse della robustezza del telaio.",
    "If you can leave a good comment for us on Amazon, it will encourage our small team.",
    "Estamos intentando llegar a una media de 4,8 en Amazon y tu reseña puede ayudarnos.",
    "Si vous avez deux minutes, un petit avis enthousiaste sur Amazon nous ferait plaisir.",
])
def test_steering_in_new_words_is_c205(text):
    assert "C205" in codes(text)


# the first and the English one were found at the start too (guards for the patterns)
@pytest.mark.parametrize("text", [
    "Bonjour, pour vous remercier du temps passé à donner votre avis sur la lampe, on vous fait "
    "parvenir un petit cadeau.",
    "Si vous prenez le temps de donner votre avis sincère sur Amazon, on vous glisse une "
    "deuxième bougie dans la boîte aux lettres.",
    "Si vous prenez le temps de laisser un avis sur Amazon, envoyez-nous un petit message. Nous "
    "avons prévu une jolie surprise pour remercier les clients qui le font.",
    "Ti facciamo una proposta: se racconti in una recensione su Amazon come ti trovi, ti "
    "allunghiamo la garanzia da due a quattro anni.",
    "The standard warranty is 12 months. Tell you what, though: if you post a review of it and "
    "send me a screenshot here, I'll stretch yours to two full years.",
    "Amazonで感想を書いていただけましたら、このメッセージにご一報ください。お礼に試供品の石鹸を一つお送りいたします。",
])
def test_value_for_a_review_in_new_words_is_c204(text):
    assert "C204" in codes(text)


@pytest.mark.parametrize("text", [  # guards (silent at start): a remedy beside a request
    "Si vous dites oui, on vous envoie une nouvelle selle offerte. Un avis sur Amazon nous "
    "aiderait aussi.",
    "新しい商品を無料でお届けします。お時間があればAmazonで感想を書いていただけましたら幸いです。",
    "Se scrivi qui il numero di serie, ti mandiamo subito la cinghia nuova. Una recensione su "
    "Amazon ci aiuterebbe.",
])
def test_a_remedy_beside_a_request_is_no_incentive(text):
    assert "C204" not in codes(text)


@pytest.mark.parametrize("text", [
    # found at the start too (a guard for the pattern; the development message was not)
    "Ciao, se ti sei trovato bene con la borraccia, lasciaci una recensione su Amazon. Se "
    "invece c'è qualcosa che non va, scrivici qui e lo sistemiamo.",
    "If it lived up to your hopes, we'd be glad of a review on Amazon.",
])
def test_a_condition_on_a_good_experience_in_new_words_is_gating(text):
    assert "C206" in codes(text)


# the first three and the last were found at the start too, alone (guards for the patterns);
# in the development messages they missed, a longer message diluted the model's reading
@pytest.mark.parametrize("text", [
    "Good news: your cider press (order 113-1234567-1234567) left our workshop this morning "
    "and should be with you by Friday.",
    "Hi, your loom left us this afternoon and should land on your doorstep by the weekend.",
    "Your lanterns are on their way! They should arrive on Thursday.",
    "Hi, order 113-1234567-1234567 is in the carrier's hands now and should land by Friday.",
    "Bonne nouvelle : votre moulin à café manuel (commande 113-1234567-1234567) a quitté notre "
    "atelier ce matin. Colissimo devrait vous le livrer d'ici jeudi.",
    "¡Hola! Tu soporte del pedido 113-1234567-1234567 ya va de camino con SEUR.",
])
def test_a_dispatch_said_in_idiom_is_c201(text):
    assert "C201" in codes(text)


@pytest.mark.parametrize("text", [  # guards: a remedy on its way has a purpose
    "Hi, good news: your refund is on its way and should reach your card in 3 days (order "
    "113-1234567-1234567).",
    "We're sorry the first lid cracked. The replacement lid is on its way (order "
    "113-1234567-1234567).",
])
def test_a_remedy_on_its_way_is_no_dispatch_notice(text):
    assert "C201" not in codes(text)


@pytest.mark.parametrize("text", [
    "Look, the drain plug is the big red thing underneath. A child could find it. Stop writing "
    "to us about it.",
    "Frankly, your email about the zip gave the whole workshop a good laugh. Read the label.",
    "Votre réclamation mensongère ne restera pas sans conséquence, croyez-moi.",
    "Mira, si abres una reclamación vamos a ir a por todas y no te va a salir gratis.",
    "Vergogna, restituire un telo così sporco e pretendere tutti i soldi.",
    "この件は同業の出品者の間でも共有させていただきますので、ご承知おきください。",
])
def test_condescension_and_veiled_threats_in_plain_words_are_hostile(text):
    assert "C213" in codes(text, kind="reply")


@pytest.mark.parametrize("text", [  # guards: the same topics said calmly
    "The drain plug is the red cap underneath; here is a photo that shows where it sits.",
    "Your message made us look again at the zip, and you were right: a new one is on its way.",
    "Si vous souhaitez ouvrir une réclamation, vous pouvez le faire depuis votre compte.",
    "Siamo spiacenti: il rimborso ridotto è dovuto alle macchie sul telo, ecco le foto.",
])
def test_calm_replies_on_the_same_topics_are_not_hostile(text):
    assert "C213" not in codes(text, kind="reply")


@pytest.mark.parametrize("text, code", [
    ("We've attached the care sheet in case the printed leaflet goes missing. After a few "
     "weeks, we'd welcome your honest review on Amazon.", "C203"),
    ("Once it has been out in the wind, an honest review on Amazon helps other flyers choose "
     "the right line.", "C203"),
    ("¿Nos dejarías tu opinión en Amazon? Nos sirve tanto si te ha encantado como si algo no "
     "te ha convencido.", "C206"),
])
def test_words_that_only_look_like_a_violation(text, code):
    assert code not in codes(text)


def test_a_leaflet_that_advertises_is_still_marketing():  # guard
    assert "C203" in codes("Our new leaflet with autumn recipes is in the box, and the full "
                           "catalogue is in our store.")


@pytest.mark.parametrize("text", [
    "Now the new strap fits well, could you please correct the opinion you wrote on Amazon?",
    "We are happy the new kettle works. Could you kindly modify your comment on the product page?",
    "The new blade arrived safely, so maybe you could look once more at the opinion you wrote?",
])
def test_a_change_request_in_a_non_native_sellers_verbs_is_c207(text):
    assert "C207" in codes(text)


def test_correcting_an_address_is_no_change_request():  # guard
    assert "C207" not in codes("Could you correct the address on the label for us?", kind="reply")


@pytest.mark.parametrize("text", [
    "Gentile cliente,\n\nvolevamo solo sapere se le guarnizioni per moka dell'ordine "
    "113-1234567-1234567 sono arrivate e dirle che per qualsiasi cosa siamo a sua completa "
    "disposizione.\n\nBuon caffè!\nRicambi Caffettiera Ferri",
    "Buongiorno,\n\nvolevamo solo sapere se il mattarello dell'ordine 113-1234567-1234567 è "
    "arrivato integro. Per qualsiasi cosa siamo a sua disposizione.\n\nUn caro saluto,\nLa "
    "Sfoglia di Nonna Ines",
    # a guard: found at the start too
    "Moin! Wir wollten nur mal fragen, ob deine Stirnlampe aus Bestellung 113-1234567-1234567 "
    "gut angekommen ist. Viel Spaß damit!",
])
def test_an_arrival_check_in_asked_indirectly_is_courtesy_only(text):
    assert "C202" in codes(text)


@pytest.mark.parametrize("text", [  # guards: the same words with a delivery problem
    "Buongiorno, volevamo sapere se il pacco dell'ordine 113-1234567-1234567 è arrivato, perché "
    "il corriere ci segnala una consegna non riuscita. Può indicarci un orario?",
    "Hallo, wir wollten fragen, ob Ihr Paket zu Bestellung 113-1234567-1234567 angekommen ist: "
    "DHL meldet es als beschädigt. Bitte schicken Sie uns ein Foto der Verpackung.",
])
def test_a_check_in_about_a_delivery_problem_has_a_purpose(text):
    assert "C202" not in codes(text)
