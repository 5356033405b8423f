"""Readings fixed after the first score of fresh sets AP, AQ and AR (session 8): gating on
"if you love them" and "before posting anything", a thank-you gift two sentences after a
request the model is sure of, cross-selling, a presumed "you'll adore it", telling what to
praise ("tell other riders how bright"), a threat to "find you", a reminder of an earlier
request, and the Japanese self-service explanation. New wordings, not the sets' messages; each
violation has a look-alike that stays silent. On the tree the sets were scored on (96573c7)
7 of the 13 cases fail. The last part comes from the fourth round (AS, AT, AU, scored on
c31060e); 4 of its 8 cases fail there."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text, code", [
    (f"Hi, your wool socks (order {ORDER}) should be with you. If you love them, we'd be glad "
     "of a review on Amazon. If not, reply here before posting anything.", "C206"),
    (f"Did your kids like the kite (order {ORDER})? If they did, five stars on Amazon would "
     "make our week!", "C206"),
    (f"Thanks for order {ORDER}! Once you've tried the grinder, pop your thoughts up on the "
     "Amazon listing and ping us when it's done. A spare burr set is yours, on the house, as "
     "our way of saying thanks.", "C204"),
    (f"Thank you for order {ORDER}; an honest review on Amazon would help us. Customers who "
     "like this lip balm also love our new hand cream, just search for it on Amazon.", "C203"),
    (f"We made your bracelet (order {ORDER}) with care and we're sure you'll adore it. Would "
     "you let other shoppers know on Amazon how it looks?", "C205"),
    (f"Your tent from order {ORDER} should have arrived. We're a tiny shop, so it would help "
     "if you told other campers on Amazon how quiet it is in the wind.", "C205"),
    (f"Guten Tag, vor einer Woche hatten wir Sie um eine kurze Bewertung zu Bestellung {ORDER} "
     "gebeten. Falls Sie noch nicht dazu gekommen sind, freuen wir uns weiterhin darüber.",
     "C208"),
])
def test_violations_in_new_words(text, code):
    assert code in codes(text)


def test_a_threat_to_find_the_buyer_is_sensitive():
    text = ("We know what people like you do with our towels. If you write lies about us, we "
            "will find you, and you will be sorry.")
    assert "C213" in codes(text, kind="reply")


@pytest.mark.parametrize("text, kind, code", [
    (f"Hi, your wool socks (order {ORDER}) should be with you. We'd be glad of an honest "
     "review on Amazon, whatever you think of them.", "proactive", "C206"),
    ("We are so sorry the lamp arrived broken; we will find you a replacement this week.",
     "reply", "C213"),
    (f"Thank you for order {ORDER}. As a small thank-you for ordering, the shipping was on "
     "the house.", "proactive", "C204"),
    ("申し訳ございませんが、出品者側ではお客様のレビューを編集することができません。注文履歴から"
     "ご自身で本文を修正していただけます。", "reply", "C207"),
    ("Thanks for asking! Customers who buy the kettle also often ask about descaling: use "
     "citric acid once a month.", "reply", "C203"),
])
def test_look_alikes_stay_silent(text, kind, code):
    assert code not in codes(text, kind=kind)


# Round four (AS, AT, AU, scored on c31060e): change requests and dispatch notices in new words.

@pytest.mark.parametrize("text, code", [
    (f"Hallo, schön, dass der neue Filter passt. Möchten Sie Ihre Bewertung zu Bestellung "
     f"{ORDER} vielleicht noch um diesen Punkt ergänzen?", "C207"),
    (f"Ciao, il nuovo tostapane funziona, evviva! Ti andrebbe di dare una sistemata alla "
     f"recensione dell'ordine {ORDER}?", "C207"),
    (f"交換品が届いたとのこと安心いたしました。注文番号 {ORDER} のレビューを、現状に合わせて"
     "書き直していただけないでしょうか。", "C207"),
    (f"Good news! Your hiking poles (order {ORDER}) are on the way. Carrier: UPS.", "C201"),
    (f"Hallo, Ihre Lampe ist raus! Sie hat heute unser Lager verlassen. Bestellung {ORDER}.",
     "C201"),
    (f"ご注文の急須（注文番号 {ORDER}）を本日発送いたしました。送り状番号で配送状況を"
     "ご確認いただけます。", "C201"),
])
def test_round_four_wordings(text, code):
    kind = "reply" if code == "C207" else "proactive"
    assert code in codes(text, kind=kind)


@pytest.mark.parametrize("text, code", [
    (f"Guten Tag, Ihre Bestellung {ORDER} ist leider noch nicht raus: der Artikel kommt erst "
     "nächste Woche. Möchten Sie warten oder stornieren?", "C201"),
    (f"ご注文（注文番号 {ORDER}）のお届け先住所に部屋番号がございません。ご確認いただけますでしょうか。",
     "C201"),
])
def test_round_four_look_alikes(text, code):
    assert code not in codes(text)
