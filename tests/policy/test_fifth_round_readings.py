"""Readings fixed after the first score of fresh sets AY, AZ and BA (session 9, scored on
d686ee5): a purpose read in the very sentence that reads first as the dispatch notice, a Home
Services reading of a usage remark, "think again about your opinion", "took another look at
the rating", a German review "dagelassen" for a gift, a product to "find in our storefront",
"entre une et cinq étoiles" explained, a "good comment" on Amazon, an Italian reminder, the
buyer's address on the delivery note as a threat, German and Italian swearing. New wordings,
not the sets' messages; each violation has a look-alike that stays silent. On d686ee5 8 of
the 18 cases fail."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text, code", [
    # the notice reads 0.9+ and, in the same sentence, a fulfilment problem at its threshold
    (f"Gentile cliente, la cassetta con i pennelli e i colori (ordine {ORDER}) è partita oggi "
     "con SDA. Il codice di tracciamento è 771203344 e arriva giovedì.", "C201"),
    (f"Hello, your standing desk (order {ORDER}) left our warehouse today with FedEx; the "
     "tracking number is 7712 0334 5561. Assembly takes about twenty minutes with the tools "
     "in the box.", "C201"),
    ("Dear Mr. Hale, we are sorry the girth was too short and sent a longer one today. When "
     "it fits well, we kindly ask you to think again about your opinion on Amazon.", "C207"),
    (f"Hello, about order {ORDER}: we fixed the packing problem. If you agree, we'd be glad if "
     "you took another look at the rating you left us.", "C207"),
    ("Hallo Frau Berg, ja, die Klingen gibt es einzeln. Falls Sie uns eine Rezension zum Hobel "
     "dalassen, melden Sie sich kurz. Dann lege ich Ihnen eine Klinge gratis bei.", "C204"),
    (f"Thanks for order {ORDER}; an honest review on Amazon helps other players. The matching "
     "dice tower is great with it, you can get it in our Amazon storefront.", "C203"),
    # round two (BA): a "good comment", an Italian reminder, an address on the delivery note
    (f"Dear customer, thank you for order {ORDER}. Please leave a nice comment for us on "
     "Amazon, it helps our small team a lot.", "C205"),
    (f"Buongiorno, la settimana scorsa le avevamo già scritto per un parere sull'ordine {ORDER}. "
     "Se ha un minuto, una recensione su Amazon ci farebbe piacere.", "C208"),
])
def test_violations_in_new_words(text, code):
    assert code in codes(text, kind="reply" if text.startswith(("Dear Mr.", "Hallo")) else
                         "proactive")


@pytest.mark.parametrize("text, code", [
    # a real delay said beside the tracking: the notice is context for the problem
    (f"Hello, about order {ORDER}: one of the two desk legs was damaged, so we are sending it "
     "separately next week. The top left today; the tracking number is 7712 0334 5561.",
     "C201"),
    # a technician visit to book is a Home Services purpose
    (f"Hello, your dishwasher (order {ORDER}) has left our warehouse. Which day suits you for "
     "our technician to install it?", "C201"),
    ("Dear Mr. Hale, thank you for your message. Only you can edit your opinion on Amazon; "
     "we cannot change or remove reviews.", "C207"),
    ("Bonjour, merci pour votre question. Sur Amazon, vous pouvez donner entre une et cinq "
     "étoiles, et le commentaire est facultatif.", "C205"),
])
def test_look_alikes_stay_silent(text, code):
    kind = "reply" if text.startswith(("Dear Mr.", "Bonjour")) else "proactive"
    assert code not in codes(text, kind=kind)


@pytest.mark.parametrize("text, fires", [
    ("Das Board haben Sie selbst kaputt gemacht, verarschen können wir uns alleine.", True),
    ("Non ci rompa le palle con questo reso.", True),
    ("Se il sigillo si rompe durante il trasporto, ci scriva pure.", False),
    ("Das Brett ist aus Ahorn und verträgt auch harte Landungen.", False),
])
def test_swearing_in_german_and_italian(text, fires):
    assert ("C213" in codes(text, kind="reply")) is fires


def test_the_buyers_address_as_a_veiled_threat():
    text = ("Herr Lang, die Rolle war beim Versand in Ordnung. Ihre Adresse steht ja auf dem "
            "Lieferschein, und man kennt sich hier unter Anglern.")
    assert "C213" in codes(text, kind="reply")
    calm = "Herr Lang, Ihre Adresse steht auf dem Lieferschein; bitte prüfen Sie die Hausnummer."
    assert "C213" not in codes(calm, kind="reply")


def test_a_nice_comment_about_the_delivery_is_not_a_rating_steer():
    text = ("Thank you for the nice comment about our packaging in your message. Your refill "
            "ships on Monday.")
    assert "C205" not in codes(text, kind="reply")
