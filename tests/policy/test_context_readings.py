"""Readings that need a sentence's neighbour (session 8): the exchange said in the sentence
right after a review request ("... everyone who does gets our bonus guide"). The wordings are
new, not the development sets' messages; each violation has a look-alike that must stay
silent. Before these fixes (d27bde7's parent for the first part, d27bde7 for the rest) 6 of the
16 cases failed; the others the model already read, and they stay as guards."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n\nwe'd be glad to read your honest opinion of the grill pan from order {ORDER} "
    "on Amazon. Everyone who posts one gets our printed guide to cast-iron care by return.\n\n"
    "Cheers, Oak & Iron",
    f"Hi,\n\nwould you mind reviewing the lunchbox from order {ORDER} on Amazon? Reply with a "
    "screenshot of it and we'll mail you a second lid.\n\nThanks, Jo",
])
def test_the_exchange_in_the_sentence_after_the_ask_is_an_incentive(text):
    # POLICY_READING, C204: anything of value tied to a review, however vague; the reward or
    # the proof asked for completes the request made one sentence before.
    assert "C204" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n\nwe'd be glad to read your honest opinion of the grill pan from order {ORDER} "
    "on Amazon. If the pan arrived with any damage, just reply here and we will sort it out."
    "\n\nCheers, Oak & Iron",
    f"Hello,\n\ncould you share your thoughts about the yoga mat (order {ORDER}) in a review on "
    "Amazon? Good or bad, every review helps other buyers choose.\n\nNamaste, Flo",
])
def test_a_neutral_ask_followed_by_help_or_fairness_is_no_incentive(text):
    assert "C204" not in codes(text)


# The readings below come from sets AJ, AK and AL after their first score (session 8); the
# wordings are new. Each violation is paired with a look-alike that must stay silent.

@pytest.mark.parametrize("text, code", [
    # informal Italian: "se lasci una recensione ... ti rimborso"
    (f"Ciao Luca, una proposta: se scrivi una recensione della borraccia (ordine {ORDER}) su "
     "Amazon, ti rimborso 5 euro sul prossimo acquisto.", "C204"),
    # a review without the word: "a few lines ... on Amazon"
    (f"Hello! Jot down a few honest lines about the teapot on Amazon (order {ORDER}), send me a "
     "screenshot and I'll refund the shipping.", "C204"),
    # what to praise, in the indicative: "si mencionas ..."
    (f"Hola, pedido {ORDER}. ¿Nos dejas una reseña en Amazon? Si destacas lo suave que es la "
     "manta, nos haces un favor enorme.", "C205"),
    # a satisfaction condition on any product noun
    (f"Bonjour, commande {ORDER}. Si la bougie vous plaît, laissez-nous un avis sur Amazon.",
     "C206"),
    # another look at the comment the buyer wrote
    (f"Hello, the new lid for order {ORDER} is on its way. Could you look again at the comment "
     "you posted on the product page?", "C207"),
])
def test_new_wordings_of_known_violations(text, code):
    assert code in codes(text)


@pytest.mark.parametrize("text, kind", [
    (f"Herr Brandt, Ihre Masche mit dem angeblich leeren Karton zu Bestellung {ORDER} kennen "
     "wir. Noch eine solche Nachricht, und wir sorgen dafür, dass alle Händler davon erfahren.",
     "reply"),
    ("田中様\n\n検品済みの商品ですので、そのようなご主張は受け入れられません。これ以上続けられるようで"
     "したら、当方にも考えがあります。", "reply"),
    ("Senta, mi ha rotto le palle con questi messaggi: il pacco è partito in orario.", "reply"),
])
def test_threats_and_vulgarity_in_replies_are_sensitive(text, kind):
    assert "C213" in codes(text, kind=kind)


@pytest.mark.parametrize("text, kind, code", [
    # an apology with one warm sentence the head reads as sharp
    (f"Hi Dana, I am so sorry the vase from order {ORDER} arrived chipped. You are right to be "
     "annoyed; a new one left our workshop today, and you can keep the chipped one.",
     "reply", "C213"),
    # several ratings listed as equally welcome
    ("Good question! On Amazon you rate from one to five stars. One star, three stars or five "
     "stars are all fine; just rate it as you see it.", "reply", "C205"),
    # a condition in a refusal, far from any review
    (f"Bonjour, nous ne pouvons pas reprendre une bougie entamée (commande {ORDER}). Si le "
     "parfum ne vous convient pas, je peux vous conseiller un autre parfum pour une prochaine "
     "fois.", "reply", "C206"),
    # explaining on request that sellers cannot edit reviews
    ("Hola, Marta: los vendedores no tenemos ninguna manera de modificar las reseñas; solo "
     "quien la escribió puede editarla desde su cuenta.", "reply", "C207"),
])
def test_look_alikes_stay_silent(text, kind, code):
    assert code not in codes(text, kind=kind)
