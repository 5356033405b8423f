"""C204-C208 and find_review_request: how a message asks for a review, in six languages.

Each table holds violations and the near-misses that must stay silent; a case names the one
code it is about, and the test checks only that code, so one message can serve one rule.
"""

from __future__ import annotations

import pytest

import policy
from policy.analysis import Analysis
from policy.rules.review import find_review_request
from tests.policy.content_helpers import codes

# -- find_review_request ---------------------------------------------------------------------

REQUESTS = [
    "If you have a moment, please leave us a review on Amazon.",
    "We would really appreciate it if you could share your experience with other customers.",
    "Would you mind taking a minute to rate the product?",
    "Your feedback helps us and other shoppers.",
    "We'd love to hear your honest feedback about the kettle.",
    "Could you write a short review of the blender?",
    "Wir würden uns sehr über eine ehrliche Bewertung auf Amazon freuen.",
    "Bitte nehmen Sie sich einen Moment Zeit, um das Produkt zu bewerten.",
    "Hinterlassen Sie uns gerne eine Rezension.",
    "N'hésitez pas à laisser un avis sur Amazon.",
    "Pourriez-vous prendre un instant pour évaluer le produit ?",
    "Votre avis compte beaucoup pour nous.",
    "Le agradeceríamos mucho que dejara una reseña del producto.",
    "¿Podría valorar su compra en Amazon?",
    "Su opinión es muy importante para nosotros.",
    "Ci farebbe piacere se potesse lasciare una recensione.",
    "Potrebbe valutare il prodotto su Amazon?",
    "La sua opinione è preziosa per noi.",
    "お手数ですが、商品レビューをご投稿いただけますと幸いです。",
    "よろしければ評価をお願いいたします。",
    "ご感想をお聞かせください。",
    "We'd love to know what you think of the lamp.",
    "How did we do? Click below to rate your experience.",
]

NOT_REQUESTS = [
    "Please review the attached invoice.",
    "Thank you for your feedback, we will pass it on to the warehouse.",
    "Our team will review your return request within two days.",
    "We have reviewed the photos you sent.",
    "Bitte prüfen Sie die beigefügte Rechnung.",
    "Vielen Dank für Ihre Rückmeldung zur Lieferung.",
    "Le facteur a laissé un avis de passage.",
    "Merci pour votre retour concernant la taille.",
    "Gracias por su comentario sobre el tamaño.",
    "Grazie per il suo feedback sulla consegna.",
    "レビューをいただき、誠にありがとうございます。",
]


@pytest.mark.parametrize("text", REQUESTS)
def test_finds_review_requests(text):
    analysis = Analysis(policy.Message(text=text), policy.Config())
    span = find_review_request(analysis)
    assert span is not None
    start, end = span
    assert 0 <= start < end <= len(text)


@pytest.mark.parametrize("text", NOT_REQUESTS)
def test_ignores_review_word_in_other_senses(text):
    analysis = Analysis(policy.Message(text=text), policy.Config())
    assert find_review_request(analysis) is None


def test_soft_invitations_count_only_in_proactive_messages():
    text = "Your opinion matters to us."
    proactive = Analysis(policy.Message(text=text), policy.Config())
    reply = Analysis(policy.Message(text=text, kind="reply"), policy.Config())
    assert find_review_request(proactive) is not None
    assert find_review_request(reply) is None


def test_report_says_whether_the_message_requests_a_review():
    assert policy.check({"text": REQUESTS[0]}).requests_review
    assert not policy.check({"text": NOT_REQUESTS[0]}).requests_review


# -- C204 review-incentive -------------------------------------------------------------------

INCENTIVE = [
    ("Leave us a review and we'll send you a free gift!", True),
    # hyphenated words between the verb and the review ("5-star", "well-written")
    ("If you leave us a 5-star review, we will send you a $10 Amazon gift card as a thank-you.", True),
    ("Once you have posted a well-written review we refund the full price.", True),
    ("We will refund your order in full once you post your review.", True),
    ("Write an honest review and get 20% off your next order.", True),
    ("Send us a screenshot of your review to receive a $10 Amazon gift card.", True),
    ("As a thank you for your review, you will be entered into our monthly prize draw.", True),
    ("Reviewers receive a free sample of our new coffee blend.", True),
    ("Schreiben Sie eine Bewertung und erhalten Sie einen Gutschein über 10 €.", True),
    ("Als Dankeschön für Ihre Bewertung schenken wir Ihnen ein Gratis-Zubehör.", True),
    ("Laissez un avis et recevez un bon d'achat de 10 €.", True),
    ("En échange de votre avis, nous vous offrons la livraison gratuite.", True),
    ("Si deja una reseña, le enviaremos un regalo.", True),
    ("A cambio de su opinión le reembolsamos el 50 %.", True),
    ("Lasci una recensione e riceverà un buono sconto del 15%.", True),
    ("In cambio della sua recensione le invieremo un omaggio.", True),
    ("レビューを投稿していただいた方全員にAmazonギフト券500円分をプレゼント。", True),
    ("Get your money back after leaving a review.", True),
    ("Leave a review to be entered into our monthly giveaway.", True),
    ("Hallo, nach Ihrer Bewertung erstatten wir Ihnen 5 € zurück.", True),
    ("Pour vous remercier de votre avis, nous vous enverrons un cadeau.", True),
    # near-misses: value and review in one message, not tied together
    ("We've sent a free replacement for the damaged one. If you have a moment, we'd "
     "appreciate a review.", False),
    ("Your refund has been processed. We'd be grateful for your honest feedback.", False),
    ("Thank you for your feedback; we have issued a partial refund for the scratch.", False),
    ("Our team will review the photos and send you a replacement or a refund.", False),
    ("Ihre Rückerstattung wurde veranlasst. Über eine ehrliche Bewertung freuen wir uns.", False),
    ("Le remplacement gratuit est en route. N'hésitez pas à laisser un avis.", False),
    ("無料で交換品をお送りしました。よろしければレビューをお願いします。", False),
]


@pytest.mark.parametrize("text, fires", INCENTIVE)
def test_review_incentive(text, fires):
    assert ("C204" in codes(text)) is fires


# -- C205 review-persuasion ------------------------------------------------------------------

PERSUASION = [
    ("Please leave us a positive review!", True),
    # "rate <the product> N stars": the object may be any product name
    ("Please rate the toaster 5 stars on Amazon!", True),
    ("Please rate this kettle five stars.", True),
    ("Set the crispness to 5 stars for frozen fries.", False),
    ("Please rate your experience on Amazon.", False),
    ("If you like it, please give us 5 stars.", True),
    ("A five-star rating would mean the world to our small business.", True),
    ("Please mention our fast shipping in your review.", True),
    # what to praise in the informal imperative, or as the degree of a quality (lo + adj + que)
    ("Nos encantaría que dejaras una reseña en Amazon. Si puedes, menciona lo rápido que "
     "calienta el agua.", True),
    ("Nos encantaría una reseña en Amazon: cuenta lo bonita que queda en la cocina.", True),
    ("Lascia pure una recensione su Amazon e menziona la cucitura doppia.", True),
    ("Nos encantaría una reseña en Amazon. Cuéntanos lo que quieras, bueno o malo.", False),
    ("Wir freuen uns über eine positive Bewertung.", True),
    ("Bitte bewerten Sie uns mit 5 Sternen.", True),
    ("Merci de laisser un avis positif.", True),
    ("Un avis 5 étoiles nous aiderait beaucoup.", True),
    ("Déjenos una reseña positiva, por favor.", True),
    ("Le agradeceríamos una valoración de cinco estrellas.", True),
    ("Ci lasci una recensione positiva!", True),
    ("Una valutazione a 5 stelle ci aiuterebbe molto.", True),
    ("星5つの評価をお願いいたします。", True),
    ("高評価をいただけると励みになります。", True),
    ("Pourriez-vous nous laisser 5 étoiles ?", True),
    ("¿Nos daría 5 estrellas en Amazon?", True),
    ("The five-star hotel towel set is 700 g heavier than the standard set.", False),
    ("We'd appreciate an honest review, positive or negative.", False),
    ("If you have a moment, please leave an honest review.", False),
    ("Thanks for the great feedback on our packaging!", False),
    ("The bottle keeps drinks cold for 24 hours and is in good condition.", False),
    ("Ob positiv oder negativ: Ihre ehrliche Bewertung hilft anderen Kunden.", False),
    ("Votre avis honnête nous intéresse.", False),
    ("正直なレビューをいただけますと幸いです。", False),
]


@pytest.mark.parametrize("text, fires", PERSUASION)
def test_review_persuasion(text, fires):
    assert ("C205" in codes(text)) is fires


# -- C206 review-gating ----------------------------------------------------------------------

GATING = [
    ("If you're happy with your purchase, please leave a review.", True),
    ("If you loved the product, we'd appreciate a review on Amazon.", True),
    ("Please leave a review. If you are not completely satisfied, contact us first.", True),
    ("Before leaving negative feedback, please give us a chance to fix it.", True),
    ("Wenn Sie mit dem Produkt zufrieden sind, freuen wir uns über eine Bewertung.", True),
    ("Bevor Sie eine negative Bewertung abgeben, kontaktieren Sie uns bitte.", True),
    ("Si vous êtes satisfait, merci de laisser un avis.", True),
    ("Avant de laisser un avis négatif, contactez-nous.", True),
    ("Si está satisfecho con su compra, déjenos una reseña.", True),
    ("Se è soddisfatto del prodotto, ci lasci una recensione.", True),
    ("ご満足いただけましたら、レビューをお願いいたします。", True),
    ("Happy with your order? Leave us a review! Not happy? Contact us.", True),
    ("We hope you're satisfied! If so, we'd love a review.", True),
    ("Are you happy with the delivery time we suggested? Please reply to confirm.", False),
    ("If you have a moment, please leave a review. If you have any questions, contact us.", False),
    ("We hope you are happy with your purchase. We'd appreciate an honest review.", False),
    ("If you're not satisfied, reply to this message and we'll send a replacement.", False),
    ("Bei Fragen melden Sie sich gerne. Über eine ehrliche Bewertung freuen wir uns.", False),
    ("N'hésitez pas à laisser un avis. En cas de problème, contactez-nous.", False),
    ("ご満足いただけましたら幸いです。ご不明な点はお問い合わせください。", False),
    # diversion in the informal address, or with the review as a pronoun
    ("Lascia pure una recensione su Amazon. Se qualcosa non va, scrivici prima qui.", True),
    ("Déjanos una reseña en Amazon, pero escríbenos primero con cualquier queja.", True),
    ("Schreib gern eine Bewertung auf Amazon. Wenn etwas nicht passt, schreib uns zuerst.", True),
    ("We'd love a review on Amazon. Before you post it, could you drop us a line?", True),
    ("A review on Amazon would help. If the size is wrong, you can post it back to us.", False),
    ("Lascia pure una recensione su Amazon. Per qualsiasi domanda, scrivici qui.", False),
]


@pytest.mark.parametrize("text, fires", GATING)
def test_review_gating(text, fires):
    assert ("C206" in codes(text)) is fires


# -- C207 review-change-request --------------------------------------------------------------

CHANGE = [
    ("Now that the issue is solved, could you please update your review?", True),
    ("Would you consider removing the negative feedback?", True),
    ("We hope you can reconsider your 1-star rating.", True),
    ("Could your review be changed to reflect the replacement?", True),
    ("Könnten Sie Ihre Bewertung bitte ändern?", True),
    ("Wir bitten Sie, die negative Bewertung zu entfernen.", True),
    ("Pourriez-vous modifier votre avis ?", True),
    ("¿Podría eliminar su valoración negativa?", True),
    ("Potrebbe modificare la sua recensione?", True),
    ("評価の変更をご検討いただけますでしょうか。", True),
    ("Could you take down your 1-star review?", True),
    ("Please consider revisiting your review.", True),
    # "another look" at the review: a reconsideration in other words
    ("Once it is fitted, would you mind taking another look at what you wrote on the product "
     "page?", True),
    ("Cuando tengas la pieza, ¿podrías darle una vuelta a tu valoración?", True),
    ("Quando arriva il pezzo, potresti dare un'altra occhiata alla tua recensione?", True),
    ("Could you take another look at the wiring diagram before the electrician comes?", False),
    ("We have updated your order with the new address.", False),
    ("Please update your shipping address in your account.", False),
    ("We changed our packaging based on customer feedback.", False),
    ("Wir haben Ihre Bestellung geändert.", False),
    ("Nous avons modifié l'adresse de livraison.", False),
    ("レビューを参考に梱包を改善しました。", False),
]


@pytest.mark.parametrize("text, fires", CHANGE)
def test_review_change_request(text, fires):
    assert ("C207" in codes(text)) is fires


# -- C208 repeat-review-request --------------------------------------------------------------

@pytest.mark.parametrize("text, already, fires", [
    ("If you have a moment, please leave a review.", True, True),
    ("Wir würden uns über Ihre Bewertung freuen.", True, True),
    ("レビューをお願いいたします。", True, True),
    ("If you have a moment, please leave a review.", False, False),
    ("Your replacement ships tomorrow.", True, False),
    ("Please review the attached invoice.", True, False),
    # a request in words no phrase lists, read by the intent model: still a second request
    ("Vor einer Woche haben wir Ihnen die Stehlampe geschickt. Wir würden uns nach wie vor "
     "über Ihre ehrliche Meinung zur Lampe auf Amazon freuen.", True, True),
    # thanking again is not a reminder of an earlier request
    ("Hola, Pablo: gracias otra vez por tu pedido. Cuando tengas un rato, te agradeceríamos "
     "una reseña sincera de la tetera en Amazon.", False, False),
    ("Nochmals vielen Dank für Ihre Bestellung! Wenn Sie einen Moment Zeit haben, freuen wir "
     "uns über eine ehrliche Bewertung auf Amazon.", False, False),
])
def test_repeat_review_request(text, already, fires):
    assert ("C208" in codes(text, review_already_requested=already)) is fires


# A reply telling the buyer, because they asked, that only the reviewer can edit a review is an
# explanation (POLICY_READING), not a change request: review_change.toml [explained].
ONLY_THE_REVIEWER = [
    "You asked whether we could change your review. Only you can edit or delete it, under "
    "Your Account > Your reviews.",
    "Sie hatten gefragt, ob wir Ihre Rezension löschen können. Rezensionen kann nur die Person "
    "bearbeiten, die sie geschrieben hat, und zwar unter „Mein Konto“.",
    "Vous nous demandiez si nous pouvions retirer votre avis. Seul l'auteur peut le modifier, "
    "depuis la rubrique « Vos commentaires ».",
    "Nos preguntaba si podemos borrar su reseña. Solo usted puede editarla o eliminarla desde "
    "su cuenta de Amazon.",
    "Ci chiedeva se possiamo cancellare la recensione. Solo lei può modificarla o eliminarla "
    "dal suo account Amazon.",
    "ご質問の件ですが、レビューの編集や削除は投稿されたご本人様のみが行えます。",
]


@pytest.mark.parametrize("text", ONLY_THE_REVIEWER)
def test_a_reply_saying_only_the_reviewer_can_edit_is_no_change_request(text):
    assert "C207" not in codes(text, kind="reply")


def test_the_same_words_asking_for_the_edit_are_a_change_request():
    assert "C207" in codes("We fixed the hinge, so please edit your review and remove the "
                           "one-star rating.", kind="reply")


def test_a_japanese_reply_refusing_a_coupon_is_no_marketing():
    text = ("お問い合わせありがとうございます。申し訳ございませんが、Amazonのメッセージでクーポンや"
            "割引コードをお送りすることはできない決まりになっております。")
    assert "C203" not in codes(text, kind="reply")
