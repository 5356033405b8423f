"""Readings added after the first score of fresh sets AA, AB and AC (session 7): a check-in
said as a hope, "every order means a lot to a small shop", praise in other buyers' words right
before the ask, blaming the buyer for not reading the manual, and a question the order needs
beside a "ships once you answer" line. The wordings below are new, not the sets' messages. On
the session's starting tree (c3d5a71) seven of the ten cases fail; the other three its model
already read. Each guard shows the calm or purposeful look-alike."""

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
