"""Readings fixed after the first score of fresh sets AV, AW and AX (session 9, scored on
e84b697): a refusal to give anything for a review, the Italian "commento" as a review, a
reward in the Italian present tense, taking a comment down, an Italian parcel that "has left",
"before anything goes public", a "second and final nudge", an arrival check-in worded as
"we wanted to check that", a seller who cannot edit reviews ("できず"), and French and Italian
swearing. New wordings, not the sets' messages; each violation has a look-alike that stays
silent. On e84b697 10 of the 23 cases fail."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text, code", [
    (f"Ciao! Ordine {ORDER}: se ti va di scrivere una recensione sulla lampada, ti mandiamo "
     "un set di lampadine di ricambio.", "C204"),
    ("Buongiorno, abbiamo rimborsato la lampada. Se può, tolga il commento che ha scritto, "
     "ora è tutto a posto.", "C207"),
    (f"Buongiorno, il suo pacco è partito stamattina con GLS (ordine {ORDER}). Buona giornata!",
     "C201"),
    (f"Hi! Is the tent keeping you dry (order {ORDER})? We'd love a review on Amazon. If it "
     "isn't, talk to us first, before it goes public.", "C206"),
    (f"Hello again, this is our third and last reminder about a review for the tent (order "
     f"{ORDER}). Two lines on Amazon would be lovely.", "C208"),
])
def test_violations_in_new_words(text, code):
    assert code in codes(text)


@pytest.mark.parametrize("text, kind", [
    ("Thanks for checking with us first. We can't give you a voucher in exchange for a review, "
     "Amazon does not allow it.", "reply"),
    ("Danke, dass Sie fragen. Für eine Bewertung können wir Ihnen leider keinen Gutschein "
     "geben.", "reply"),
    ("Grazie per la domanda. Non possiamo regalarle nulla in cambio di una recensione, ma ogni "
     "opinione sincera è benvenuta.", "reply"),
    ("Gracias por preguntar. No podemos darte ningún regalo a cambio de una reseña.", "reply"),
    ("ご質問ありがとうございます。レビューのお礼に特典をお付けすることはできかねます。", "reply"),
])
def test_refusing_an_incentive_is_no_offer(text, kind):
    assert "C204" not in codes(text, kind=kind)


def test_an_offer_beside_a_refusal_still_counts():
    # the refusal is in one sentence; the reward offered in the next still ties to the review
    text = (f"We can't change the price of order {ORDER}. But leave a review and we'll send "
            "you a free voucher in exchange for it.")
    assert "C204" in codes(text)


@pytest.mark.parametrize("text, code", [
    (f"Ciao, il pacco dell'ordine {ORDER} non è partito: manca un pezzo, le va bene aspettare "
     "fino a lunedì?", "C201"),
    ("Buongiorno, grazie del suo commento sul colore: ci fa piacere che la lampada le piaccia.",
     "C207"),
    (f"Hi! Is the tent keeping you dry (order {ORDER})? We'd love an honest review on Amazon, "
     "good or bad.", "C206"),
])
def test_look_alikes_stay_silent(text, code):
    assert code not in codes(text, kind="reply" if "commento" in text else "proactive")


def test_an_arrival_check_in_worded_as_checking_is_thanks_only():
    text = (f"Hello, we just wanted to check that the lamp from order {ORDER} reached you "
            "safely. If you have any questions, simply reply here.")
    assert "C202" in codes(text)


def test_the_buyers_own_edit_explained_before_the_sellers_cannot():
    # "bzw." no longer ends the sentence, and the explanation may come right after
    text = ("Hallo Frau Kern, ja, das geht. Sie können Ihre Rezension selbst bearbeiten bzw. "
            "im Profil löschen. Wir als Verkäufer können Rezensionen weder ändern noch löschen.")
    assert "C207" not in codes(text, kind="reply")


def test_a_seller_who_cannot_edit_reviews_explains():
    text = ("佐藤様 お問い合わせありがとうございます。出品者はレビューを編集することはできず、"
            "投稿したご本人だけが変更できます。")
    assert "C207" not in codes(text, kind="reply")


@pytest.mark.parametrize("text, fires", [
    ("Ne nous racontez pas de conneries, le moteur marchait.", True),
    ("Smettila con queste stronzate, il casco era della taglia giusta.", True),
    ("La connexion Bluetooth se fait en deux secondes.", False),
    ("Il fondo della bottiglia è spesso, per questo non si rompe.", False),
])
def test_swearing_in_french_and_italian(text, fires):
    assert ("C213" in codes(text, kind="reply")) is fires


def test_thanks_beside_a_plain_notice_do_not_make_it_a_thank_you_note():
    # the notice reads first as one (0.8-0.9), the thanks more strongly as courtesy
    text = ("Hey there, your chess set just went out the door! Expect it in 3-5 days. The "
            f"pieces smell of wood polish for a day or two.\n\nOrder {ORDER}\n\nThanks a "
            "million for shopping small,\nTom")
    found = codes(text)
    assert "C201" in found and "C202" not in found


def test_thanks_without_a_notice_stay_a_thank_you_note():
    text = (f"Hello, thank you for choosing our reading lamp (order {ORDER}). Thanks a lot for "
            "shopping with a tiny family shop,\nMia")
    assert "C202" in codes(text)
