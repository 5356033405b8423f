"""Readings fixed after the first score of fresh sets BN, BO and BP (session 11, scored on the
tree with n-gram evidence beside the heads): an opt-out page passed as a page the order needs,
replies that refuse a reward or explain that sellers cannot edit reviews read as C204 and
C207, a threat under a condition read too weakly. New wordings, not the sets' messages."""

from __future__ import annotations

import pytest

import policy
from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text", [
    (f"Guten Tag, ist Ihr Kaminofen aus Bestellung {ORDER} gut angeschlossen? Wenn Sie mögen, "
     "schreiben Sie uns gern eine Bewertung auf Amazon.\n\nSie möchten keine Nachrichten mehr "
     "von uns erhalten? Dann klicken Sie hier: https://www.ofenhaus-beispiel.de/abmelden"),
    (f"Hi, is the hammock from order {ORDER} hung up and holding well? If you'd like, a review "
     "on Amazon is always welcome.\n\nRather not hear from us again? Unsubscribe here: "
     "https://www.hammock-example.com/stop"),
    (f"Bonjour, votre four (commande {ORDER}) est-il bien installé ? Si vous le souhaitez, "
     "laissez un avis sur Amazon.\n\nVous préférez ne plus recevoir nos messages ? C'est par "
     "ici : https://www.four-exemple.fr/stop"),
])
def test_an_opt_out_page_is_no_page_the_order_needs(text):
    # C210 for the opt-out, and C209 for the link: it leaves Amazon and the order does not
    # need it, whatever the rest of the message is about.
    message = {"text": text, "kind": "proactive", "order_id": ORDER}
    report = policy.check(message, policy.Config(spelling=False, grammar=False))
    assert {"C209", "C210"} <= set(report.codes)


@pytest.mark.parametrize("text", [
    "Hallo Herr Brandt, vielen Dank für Ihre Frage. Einen Rabatt für eine Rezension können wir "
    "Ihnen leider nicht anbieten, das erlaubt Amazon nicht. Die Klinge ist aus 1.4116-Stahl.",
    "Bonjour, merci pour votre message. Nous ne connaissons pas les auteurs et ne pouvons pas "
    "changer leurs avis. Le tissu est lavable à 30 degrés.",
    "Hallo Frau Vogt, ändern kann eine Bewertung nur die Person, die sie verfasst hat, und ob "
    "Sie an Ihrer Rezension etwas ändern, liegt ganz bei Ihnen. Die Ersatzdichtung liegt bei.",
])
def test_replies_that_refuse_or_explain_are_not_offers_or_change_requests(text):
    # POLICY_READING: C204 is value offered, and explaining on request that sellers cannot
    # edit reviews is no C207. All three blocked before these fixes.
    assert not codes(text, kind="reply") & {"C204", "C207"}


@pytest.mark.parametrize("text", [
    "Buongiorno. Se lascia un'altra recensione così, faremo girare il suo nome e le sue foto "
    "tra tutti i negozi della zona, così imparerà.",
    "Hello. Should you keep telling people the pump was broken, your name and these messages "
    "will end up in every sellers' forum we are part of, so they know who they are dealing with.",
])
def test_a_threat_under_a_condition_is_hostile(text):
    # The condition dilutes the sentence's reading; the threat clause alone reads hostile
    # (clauses.hostile_clauses). The Italian one was missed before, the English one not.
    assert "C213" in codes(text, kind="reply")


@pytest.mark.parametrize("text", [
    "Hello. If you send the lamp back within 30 days, we will refund the full price and the "
    "postage, so you are not out of pocket.",
    "Hola. Si la lámpara vuelve a fallar, le enviaremos una nueva y pagaremos nosotros el envío.",
])
def test_a_promise_under_a_condition_is_no_threat(text):
    assert "C213" not in codes(text, kind="reply")


@pytest.mark.parametrize("text", [
    # The explanation two sentences before the buyer's own edit (review_rules._explained).
    "Hallo Herr Kurz, wir als Händler können Bewertungen weder entfernen noch anpassen, das kann "
    "nur, wer sie verfasst hat. Ihre eigenen Bewertungen stehen in Ihrem Konto unter \"Ihr "
    "Profil\". Dort können Sie jede Bewertung bearbeiten oder löschen, wenn Sie möchten.",
    # A refusal that says the rules do not allow it (「認められておりません」).
    "田中様 お問い合わせありがとうございます。恐れ入りますが、レビューのお礼としてクーポンをお送りすることは"
    "規約上認められておりません。ご感想はご自由にお書きください。",
    # "screw you" in "the hinge screw you mentioned" is a part, not an insult.
    "Hi Sam, the hinge screw you mentioned is a standard M4 x 10; any hardware shop has it, and "
    "we have put a spare in the post today.",
])
def test_round_two_false_blocks_in_new_words(text):
    # From the first score of set BS and BR (session 11). All three blocked before.
    assert not codes(text, kind="reply") & {"C204", "C207", "C213"}


def test_the_insult_itself_still_fires():
    assert "C213" in codes("Honestly, screw you and your one-star review, we are done talking.",
                           kind="reply")
