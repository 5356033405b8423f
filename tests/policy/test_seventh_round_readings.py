"""Readings fixed after the first score of fresh set BN (session 11, scored on the tree with
n-gram evidence beside the heads). New wordings, not the set's messages."""

from __future__ import annotations

import pytest

import policy
from tests.policy.content_helpers import ORDER


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
