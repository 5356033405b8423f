"""Readings fixed in session 13, after the first scores of fresh sets BZ, CA and CB: a repeat
review request said in words ("we wrote last week to ask for your thoughts"), a logo linked to
the seller's Amazon storefront, an e-mail address spelled out in words, an invoice whose file
name carries a reference code, "out for delivery", a satisfaction question answered by the
request, praise handed over as the review's content, a gift as thanks for an opinion. New
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
