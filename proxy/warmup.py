"""Warming the policy engine: every lazy part (phrase lists, dictionaries, the heavier rule
paths) loaded before a seller's first send, in each of the six languages.

Harper is not loaded into the guard: `warm_up` first installs the grammar worker
(`proxy/grammar_worker.py`), so English grammar runs in a child process that the English
warm-up starts and that exits after its idle period, taking Harper's 120-140 MB with it.

`bsm-guard run` listens first and warms afterwards, one language at a time on the guard's
check thread, so a send that arrives meanwhile waits for one language at most and the two
never load the same data at once.
"""

from __future__ import annotations

import time

# One short message per language the content rules cover, so that every language's phrase
# lists and dictionaries are loaded (and, for English, the grammar worker started) before a
# seller's first send.
WARM_UP_MESSAGES = {
    "en": "Order 113-1234567-1234567: which day next week suits you for the delivery of the "
          "sofa? The colour you chose is out of stock.",
    "de": "Bestellung 113-1234567-1234567: Welcher Tag passt Ihnen für die Lieferung des "
          "Sofas? Die gewählte Farbe ist leider nicht vorrätig.",
    "fr": "Commande 113-1234567-1234567 : quel jour vous convient pour la livraison du "
          "canapé ? La couleur choisie est en rupture de stock.",
    "es": "Pedido 113-1234567-1234567: ¿qué día le viene bien para la entrega del sofá? El "
          "color elegido está agotado.",
    "it": "Ordine 113-1234567-1234567: quale giorno le va bene per la consegna del divano? Il "
          "colore scelto è esaurito.",
    "ja": "ご注文 113-1234567-1234567 について：ソファのお届け日はいつがよろしいでしょうか。"
          "お選びの色は在庫切れです。",
}


# ... and one that trips the content rules' heavier paths (links, prices, contact details,
# review phrases, HTML, emoji), the same in every language, so nothing loads on a first send.
WARM_UP_TRAPS = ("Leave a 5-star review for a $10 gift card at http://deals.example.net/x "
                 "or call +1 206 555 0100, mail me@example.com 😀",
                 "<p style='font-size:20px'>Review us <img src='http://x.example/p.gif'></p>")


WARM_UP_BRIBES = {
    "en": "Leave us a 5-star review and we refund you $10, or change your rating.",
    "de": "Für eine 5-Sterne-Bewertung erstatten wir Ihnen 10 €; bitte ändern Sie Ihre Bewertung.",
    "fr": "Laissez un avis 5 étoiles et nous vous remboursons 10 € ; modifiez votre avis.",
    "es": "Deje una reseña de 5 estrellas y le reembolsamos 10 €; cambie su valoración.",
    "it": "Lasci una recensione a 5 stelle e le rimborsiamo 10 €; modifichi la recensione.",
    "ja": "星5つのレビューを書いていただければ1000円返金します。評価を変更してください。",
}


def warm_one(language: str, config) -> None:
    import policy

    from addon.sends import blocking_config

    for cfg in (config, blocking_config(config)):
        policy.check({"text": WARM_UP_MESSAGES[language], "buyer_language": language}, cfg)
        policy.check({"text": WARM_UP_MESSAGES[language] + " " + WARM_UP_TRAPS[0],
                      "buyer_language": language}, cfg)
        policy.check({"html": WARM_UP_TRAPS[1], "buyer_language": language,
                      "order_id": "113-1234567-1234567"}, cfg)
        policy.check({"text": "113-1234567-1234567: " + WARM_UP_BRIBES[language],
                      "buyer_language": language}, cfg)


async def warm_up(service) -> float:
    """Load the engine's lazy parts for the six languages, one language at a time on the
    guard's check thread, so a send that arrives meanwhile waits for one language at most.
    Returns the seconds it took."""
    from proxy import grammar_worker

    grammar_worker.install()
    start = time.perf_counter()
    for language in WARM_UP_MESSAGES:
        await service.guard.run_check(warm_one, language, service.state.settings.config)
    return time.perf_counter() - start
