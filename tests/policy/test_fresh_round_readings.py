"""Readings added after the first score of fresh sets AA, AB and AC (session 7): a check-in
said as a hope, "every order means a lot to a small shop", praise in other buyers' words right
before the ask, blaming the buyer for not reading the manual, and a question the order needs
beside a "ships once you answer" line, a good rating as a favour, a thing "waiting for you"
after the review, a change asked by a pronoun, new products "just arrived" in passing. The
wordings below are new, not the sets' messages; the second part comes from sets AD, AE and AF.
On the session's starting tree (c3d5a71) 18 of the 29 cases fail; the others its model already
read, or they are guards: the calm or purposeful look-alikes that must stay silent."""

from __future__ import annotations

import pytest

import policy

ORDER = "113-1234567-1234567"


def codes(text: str, kind: str = "proactive", **context) -> set[str]:
    message = {"text": text, "kind": kind, "order_id": ORDER, **context}
    return set(policy.check(message, policy.Config(spelling=False, grammar=False)).codes)


@pytest.mark.parametrize("text", [
    f"Hi Tom,\n\nwe hope your parcel with order {ORDER} arrived safely and the kettle is already "
    "whistling on your stove. If you ever need anything, we are always here.\n\nBest, Ana",
    f"Hi! Just checking that your lamp from order {ORDER} made it to you and lights up as it "
    "should. Have a lovely evening,\nLumen Co",
    f"Hallo Frau Berg,\n\nwir hoffen, Ihre Bestellung {ORDER} ist gut bei Ihnen angekommen. "
    "Einen schönen Tag noch!\n\nIhr Team von Holzwerk",
])
def test_an_arrival_check_in_said_as_a_hope_is_courtesy_only(text):
    # POLICY_READING, C202: arrival check-ins fire however worded; the heads split "arrived
    # safely" into a fulfilment problem (0.83 on set AC), which the check-in's wording outweighs.
    assert "C202" in codes(text)


def test_a_check_in_beside_a_real_problem_is_no_courtesy_only_message():
    text = (f"Hello,\n\nwe hope the parcel with order {ORDER} arrived safely. Unfortunately the "
            "charger was left out of the box, so we are sending it separately today at no cost."
            "\n\nKind regards, Ben")
    assert "C202" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Buongiorno! Volevamo solo ringraziarla per l'ordine {ORDER}. Per un piccolo laboratorio "
    "come il nostro ogni ordine è una gioia. Buona giornata!\nCeramiche Sole",
    f"山田様\n\nこのたびは当店で革の手袋をお買い求めいただき、誠にありがとうございました（注文番号 "
    f"{ORDER}）。家族経営の小さな工房ですので、ひとつひとつのご注文が大きな励みになります。\n\n"
    "寒さが続きますので、どうぞご自愛ください。\n\n革工房ひだまり",
])
def test_thanks_that_every_order_means_a_lot_is_courtesy_only(text):
    # "every order is a joy for a small shop" read weakly as promotion or a review request;
    # as thanks (purpose.toml [thanks]) a weak reading is no purpose.
    assert "C202" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hello,\n\nmany gardeners tell us it is the sharpest pruner they have ever owned. Could you "
    f"review the pruner from order {ORDER} on Amazon?\n\nThanks, Kim",
    f"Hola:\n\nquienes prueban nuestras velas dicen que ya no vuelven a las de supermercado. "
    f"¿Nos dejaría una reseña del pedido {ORDER} en Amazon?\n\nCera Viva",
    f"こんにちは。\n\n当店の包丁は多くのお客様から切れ味が良いと好評をいただいております。注文番号{ORDER}の"
    "包丁についても、ぜひレビューをお願いいたします。\n\n刃物工房",
])
def test_praise_in_other_buyers_words_right_before_the_ask_is_steering(text):
    # INTENTS.md rating-steer: praise of the product as part of the ask (POLICY_READING C205).
    assert "C205" in codes(text)


def test_praise_with_no_review_in_sight_is_a_description():
    text = (f"Hello,\n\nmany gardeners tell us it is the sharpest pruner they have ever owned. "
            f"Your pruner from order {ORDER} has a blade guard: please keep it on when the pruner "
            "is stored.\n\nThanks, Kim")
    assert "C205" not in codes(text)


@pytest.mark.parametrize("text", [
    "Hello,\n\nif you had bothered to read the manual, you would know the monitor has to be paired "
    "before first use. Maybe read first and complain later. No refund.\n\nNursery Tech",
    "Bonjour,\n\nsi vous aviez pris la peine de lire la notice, vous sauriez que la lampe se "
    "recharge par le socle. Ce n'est pas à nous de payer pour votre manque d'attention.\n\nLumi",
])
def test_blaming_the_buyer_for_not_reading_is_shaming(text):
    # POLICY_READING, C213: shaming the buyer without swear words. The head reads this contempt
    # weakly (it is phrased as a fact about the manual); the wording and the message's lean agree.
    assert "C213" in codes(text, kind="reply")


def test_pointing_calmly_to_the_manual_is_not_shaming():
    text = ("Hello,\n\nthe pairing steps are on page 4 of the manual: hold the button on the "
            "camera for five seconds until the light blinks blue. If that does not work, please "
            "tell us and we will send a replacement.\n\nNursery Tech")
    assert "C213" not in codes(text, kind="reply")


def test_a_question_the_order_needs_makes_a_ships_once_you_answer_line_context():
    text = (f"お世話になっております。\n\nご注文番号{ORDER}の革手袋についてご確認です。Mサイズでご注文"
            "いただいていますが、備考欄に「娘用」とございました。レディースサイズへの変更をご希望でしょうか。"
            "ご返信をいただいてから発送いたします。\n\n革工房ひだまり")
    assert "C201" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Hello,\n\nyour puzzle from order {ORDER} should be with you by now. If you have a minute, "
    "would you leave a review? It's just me running this shop, and every star counts.\n\nOwen",
    f"Hallo,\n\nwürden Sie die Tasse aus Bestellung {ORDER} auf Amazon bewerten? Wir sind eine "
    "kleine Töpferei, und jeder Stern hilft uns sehr.\n\nIhre Töpferei Lehm",
])
def test_a_good_rating_as_a_favour_the_shop_needs_is_steering(text):
    # POLICY_READING, C205: "appeals that make a good review a favour the seller needs".
    assert "C205" in codes(text)


def test_a_thing_waiting_for_the_buyer_after_the_review_is_an_incentive():
    text = (f"Bonjour,\n\nsi vous prenez deux minutes pour donner votre avis sur la théière "
            f"(commande {ORDER}) sur Amazon, écrivez-nous ensuite : un paquet de thé vous attend."
            "\n\nMaison du Thé")
    assert "C204" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n\nglad the new battery for order {ORDER} fixed it. Your review still mentions the "
    "first one. Now that it is sorted, could you update it?\n\nTim",
    f"Hallo Herr Kaya,\n\nschön, dass der Ersatzakku aus Bestellung {ORDER} passt. Ihre Rezension "
    "erwähnt noch den alten Akku. Jetzt, wo alles geklärt ist, wäre es toll, wenn Sie sie "
    "anpassen könnten.\n\nTim",
])
def test_a_change_asked_by_a_pronoun_after_the_review_is_named_is_a_change_request(text):
    # POLICY_READING, C207: asking to update an existing review, in a reply too.
    assert "C207" in codes(text, kind="reply")


def test_update_it_about_an_address_after_thanks_for_a_review_is_no_change_request():
    text = (f"Hi Sam,\n\nthanks for your review of order {ORDER}. Your address seems incomplete, "
            "could you update it?\n\nTim")
    assert "C207" not in codes(text, kind="reply")


def test_new_products_arrived_said_in_passing_after_a_real_purpose_is_promotion():
    text = (f"Bonjour,\n\nle bidon de votre commande {ORDER} a été abîmé par le transporteur : "
            "nous pouvons vous en renvoyer un lundi ou vous rembourser, comme vous préférez.\n\n"
            "Au passage, nos nouvelles huiles au piment et au romarin viennent d'arriver, si "
            "l'envie vous prend.\n\nSylvie")
    assert "C203" in codes(text)


# Round 4 (sets AD, AE, AF), after their first score.

def test_a_short_care_instruction_in_a_reply_is_not_hostile():
    # "Do not twist it." read 0.79 as hostile first; a sentence under five words needs the
    # head's own threshold or a second hostile sentence (message_shape.SHORT_WORDS).
    text = ("Hello Mia,\n\nyes, you can wash the wool scarf, but only by hand in cool water with "
            "a little mild shampoo. Do not wring it. Dry it flat in the shade, not in the sun."
            "\n\nWith kind regards, Noor")
    assert "C213" not in codes(text, kind="reply")


def test_a_welcome_note_whose_courtesy_outweighs_a_stray_purpose_reading_is_courtesy_only():
    # "We're thrilled you chose one of ours for order ..." reads courtesy 0.74 and a fulfilment
    # problem 0.61 (warn 0.53): the courtesy outweighs it, so it is no purpose. (With "banjo" and
    # "picking" the same sentence reads the other way round, 0.57 / 0.69, and stays a purpose:
    # the rule follows the heads, it does not override them.)
    text = (f"Hi Jamie,\n\nWelcome to the mandolin family! We're thrilled you chose one of ours "
            f"for order {ORDER} and can't wait for you to start playing.\n\nWarm wishes, "
            "The Fret Shop")
    assert "C202" in codes(text)


def test_good_points_and_bad_points_are_no_loyalty_points():
    text = (f"Dear customer,\n\nthank you for your order {ORDER}. If possible, we would be grateful "
            "for your review on Amazon. We read every review, both the good points and the bad "
            "points, to improve our tea.\n\nYuko")
    assert "C204" not in codes(text)


def test_writing_in_the_amazon_review_names_where_not_what():
    text = (f"こんにちは。\n\n先日はランタン（ご注文番号 {ORDER}）をお買い上げいただきました。実際に"
            "使ってみての感想を、Amazonのレビューに書いていただけないでしょうか。良い点も気になった点も、"
            "そのままで構いません。\n\nアウトドア小林")
    assert "C205" not in codes(text)


@pytest.mark.parametrize("text", [
    f"山田様\n\nご注文（{ORDER}）の万年筆インク、問題なくお使いいただけていますでしょうか。\n\nもし"
    "よろしければ、Amazonでご感想をレビューに書いていただけませんか。投稿後にこのメッセージへご返信"
    "いただいた方には、感謝の気持ちとして替えのカートリッジを1箱お送りしております。\n\n文具のミカタ",
    f"Hi,\n\nhope your starter is bubbling away. When you get a chance, could you leave a review "
    f"on Amazon for order {ORDER}? Send me a screenshot once it's up and I'll mail you a jar of "
    "our rye starter, no charge.\n\nDana",
])
def test_a_refill_sent_to_those_who_reply_after_posting_is_an_incentive(text):
    assert "C204" in codes(text)


def test_explaining_that_sellers_have_no_way_to_edit_a_review_is_no_change_request():
    text = ("Bonjour Madame Petit,\n\nvous nous demandez si nous pouvons corriger l'avis publié "
            "sur le mauvais produit. Les vendeurs n'ont aucun moyen de modifier ou supprimer un "
            "avis : vous pouvez le faire vous-même depuis votre compte.\n\nLiterie Douce")
    assert "C207" not in codes(text, kind="reply")


def test_since_you_liked_it_before_the_ask_presumes_a_good_opinion():
    text = (f"Dear Mr. Harris,\n\nwe hope the honey from order {ORDER} brought some sun to your "
            "breakfast. Since you liked it, maybe you can share this with others in a review?"
            "\n\nNikos")
    assert "C205" in codes(text)
