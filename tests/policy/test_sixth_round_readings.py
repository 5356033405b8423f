"""Readings fixed after the first score of fresh sets BB, BC and BD (session 9, scored on
64411e8). Most are false blocks: a firm reply that opens with empathy and offers a refund yet
says "we're not scammers", "★1つでも★5つでも" (any rating welcome), a substitute offered as one
of two choices after a fulfilment problem, a reply explaining how ratings are averaged read as
value for a review, a Japanese reply telling the buyer which button edits her own review, a
replacement sent after "we packed the wrong charger". The misses: a warranty "stretched" to
three years for reviewers, "Als Dankeschön schicken wir Ihnen", an Italian parcel that "è
partito" many words after the parcel and "può seguirlo con il codice". From round four (BE):
"please check that both bags have arrived" is no arrival check-in. New wordings, not the sets'
messages. On 64411e8 7 of the 15 cases fail."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text, kind", [
    ("Hi Dana, I understand you're upset about the dent, and I won't argue about it. What I "
     "will say is that we are not con artists. You can return the kettle from Your Orders and "
     "we'll refund it in full, or I can send a new lid today.", "reply"),
    (f"ご注文(ご注文番号:{ORDER})ありがとうございます。お使いいただいた後、Amazonでレビューをお寄せ"
     "いただけますと幸いです。星1つでも星5つでも、率直なご評価をお願いいたします。", "proactive"),
    (f"ご注文番号:{ORDER}の自転車ライトについてご連絡いたします。検品でレンズに小さな傷が見つかりました。"
     "次のどちらかをお選びいただけますでしょうか。一、同じモデルの黒色を本日お送りする。"
     "二、十日ほどで届く新品をお待ちいただく。", "proactive"),
    ("Hola Lucía, en Amazon puedes valorar el producto de una a cinco estrellas; la nota que ves "
     "es la media de las valoraciones de todos los compradores.", "reply"),
    ("山田様 お問い合わせありがとうございます。レビューは販売者側では編集も削除もできず、ご本人のみが変更"
     "できます。アカウントサービスの「レビュー」から該当のレビューを選び、「編集」を押してください。",
     "reply"),
    (f"Hello, we packed the wrong lens cap with your camera (order {ORDER}). The right one went "
     "out to you today by USPS, and you can keep the other one.", "proactive"),
])
def test_false_blocks_of_the_round(text, kind):
    assert not codes(text, kind=kind) & {"C201", "C203", "C204", "C205", "C207", "C213"}


def test_asking_the_buyer_to_check_a_parcel_is_no_check_in():
    # from set BE: "check that" is an arrival check-in only when the seller is the one checking
    text = (f"Hello, the tent from order {ORDER} has its poles in a separate bag. Please check "
            "that both bags have arrived; if one is missing, reply here and we will send it.")
    assert "C202" not in codes(text)


@pytest.mark.parametrize("text, code", [
    (f"Your drill from order {ORDER} comes with a two-year warranty. Buyers who write a review on "
     "Amazon get it stretched to three years; just reply with the date.", "C204"),
    (f"Hallo, es geht um Bestellung {ORDER}. Schreiben Sie doch ein paar Zeilen zur Lampe auf "
     "Amazon. Als Dankeschön schicken wir Ihnen dann eine Ersatzbirne, kostenlos.", "C204"),
    (f"Buongiorno! Il suo pacco con le palline da tennis (ordine {ORDER}) è partito stamattina "
     "con GLS. Può seguirlo con il codice 08401234.", "C201"),
])
def test_violations_in_new_words(text, code):
    assert code in codes(text)


@pytest.mark.parametrize("text, code, kind", [
    # empathy and a refund do not excuse a threat
    ("Hi Dana, I understand you're upset. But if you post that review, every seller in town "
     "will know your name.", "C213", "reply"),
    # a shop plug after a fulfilment problem is still a plug
    (f"About order {ORDER}: we are sorry, the blue mug is out of stock until May. Meanwhile, "
     "check out the rest of our range in our Amazon store!", "C203", "proactive"),
    # a reply that offers a gift for the review is still an incentive
    ("Hola Lucía, si nos dejas una reseña en Amazon, te regalamos una funda.", "C204", "reply"),
])
def test_look_alikes_still_fire(text, code, kind):
    assert code in codes(text, kind=kind)


def test_a_refusal_then_the_thanks_is_no_notice_of_an_order():
    text = (f"Hello, about order {ORDER}: the blue strap was out of stock, so we packed the "
            "wrong colour by mistake. The blue one went out today; please keep the other.")
    assert "C201" not in codes(text)


def test_a_plug_after_the_question_is_done_is_still_a_plug():
    # the option right after a choice question is no plug; two sentences later it is
    text = (f"Before I glaze the mug for order {ORDER}: do you want the name in capitals or in "
            "script? A one-word answer is fine.\n\nOh, and by the way, our new glaze colours go "
            "live next week, in case you fancy a few more mugs for the set.")
    assert "C203" in codes(text)
