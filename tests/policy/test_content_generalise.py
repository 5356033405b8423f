"""Content rules on wording the labelled corpus did not contain: classes of phrasing found on
an independent held-out set, re-written here in new words and in several languages.

Each table pairs violations with the compliant near-misses that share their words, so a
fix that only widens a pattern (and would fire on the near-miss) fails here.
"""

from __future__ import annotations

import pytest

import policy
from policy.analysis import Analysis
from policy.rules.review import find_review_request
from tests.policy.content_helpers import codes


def _requests(text: str, kind: str = "proactive") -> bool:
    analysis = Analysis(policy.Message(text=text, kind=kind), policy.Config())
    return find_review_request(analysis) is not None


# -- 1. polite, indirect review requests ("it would help us if ...") ------------------------

INDIRECT_REQUESTS = [
    "Si tienes un rato, nos vendría muy bien tu opinión sincera sobre la cafetera en Amazon.",
    "Nos sería de gran ayuda que dejaras una valoración del producto.",
    "Te estaríamos muy agradecidos si compartieras tu experiencia con la batidora.",
    "Le agradeceríamos que compartiera su opinión sobre la lámpara en Amazon.",
    "Si le apetece, también nos ayudaría mucho una reseña suya en Amazon.",
    "Si vous avez une minute, un avis sincère sur Amazon nous aiderait beaucoup.",
    "Cela nous aiderait énormément si vous partagiez votre expérience dans un avis.",
    "Nous vous serions reconnaissants de partager votre expérience avec la bouilloire.",
    "Se ha un minuto, ci aiuterebbe molto una sua opinione sincera su Amazon.",
    "Ci sarebbe di grande aiuto se condividesse la sua esperienza con il frullatore.",
    "Wenn Sie einen Moment Zeit haben, würde uns Ihre ehrliche Meinung auf Amazon sehr helfen.",
    "Wenn du magst, hilft uns deine Bewertung auf Amazon sehr.",
    "Es wäre uns eine große Hilfe, wenn Sie Ihre Erfahrung mit dem Toaster teilen würden.",
    "お時間のある時に、Amazonで率直なご感想をお聞かせいただけますと幸いです。",
    "商品のレビューを書いていただけると大変助かります。",
    "It would help us a lot if you shared your experience with the kettle in a review.",
    "If you get a minute, your honest opinion of the blender would help our small shop a lot.",
    "We'd be grateful if you could spare a moment to tell other buyers what you think.",
]

NOT_INDIRECT_REQUESTS = [
    "Nos ayudaría mucho que nos indicaras un teléfono de contacto para la entrega.",
    "Gracias por tu reseña, nos ha ayudado mucho a mejorar el embalaje.",
    "Cela nous aiderait si vous pouviez nous envoyer une photo du colis abîmé.",
    "Ci aiuterebbe molto ricevere una foto del pacco danneggiato.",
    "Es würde uns sehr helfen, wenn Sie uns ein Foto des Schadens schicken.",
    "破損箇所の写真をお送りいただけますと幸いです。",
    "It would help us a lot if you shared a photo of the damaged corner.",
    "Thank you for sharing your experience in your review last week.",
    "If you already left a review, thank you: the replacement ships today.",
    "If you wrote a review before the part arrived, that is fine; nothing else is needed.",
]


@pytest.mark.parametrize("text", INDIRECT_REQUESTS)
def test_indirect_review_requests_are_requests(text):
    assert _requests(text)
    # A review request is a permitted purpose: no O105 on a proactive message.
    assert "O105" not in codes(f"Tu pedido ya ha llegado. {text}")


@pytest.mark.parametrize("text", NOT_INDIRECT_REQUESTS)
def test_help_us_with_something_else_is_not_a_review_request(text):
    assert not _requests(text)


# -- 2. scheduling a delivery or an appointment is a permitted purpose -----------------------

SCHEDULING = [
    "Tu sofá pesa 60 kg y lo llevará una empresa de transporte especial. ¿Qué días te vienen bien?",
    "Su armario lo entrega una agencia especializada. ¿Qué día y hora le vendrían mejor?",
    "Your wardrobe is too large for the usual courier, so a two-person crew will bring it. "
    "Which days next week work for you?",
    "A freight company will deliver the treadmill. When would be a good time for them to come?",
    "Ihr Schrank wird von einer Spedition gebracht. An welchen Tagen passt es Ihnen?",
    "Votre canapé sera livré par un transporteur spécialisé. Quels jours vous conviendraient ?",
    "Il suo divano sarà consegnato da un corriere specializzato. Quali giorni le andrebbero bene?",
    "大型商品のため専門業者がお届けします。ご都合のよい日を教えていただけますか。",
]

NO_PURPOSE = [
    "Los días de lluvia son perfectos para estrenar tu nuevo paraguas.",
    "Sunny days are coming: the perfect time to try your new sunglasses.",
    "Die Tage werden kürzer, Zeit für gemütliche Abende mit Ihrer neuen Decke.",
    "Les beaux jours arrivent, profitez de votre nouveau hamac au jardin.",
]


@pytest.mark.parametrize("text", SCHEDULING)
def test_scheduling_a_delivery_is_a_permitted_purpose(text):
    assert "O105" not in codes(text)


@pytest.mark.parametrize("text", NO_PURPOSE)
def test_talk_about_days_is_not_scheduling(text):
    assert "O105" in codes(text)


# -- 3. a deal Amazon ran, a price explained in a reply, a setup video: not marketing ---------

MARKETING = [
    # (text, kind, fires)
    ("The price went down because Amazon ran a lightning deal on the blender last weekend, so "
     "we cannot refund the difference.", "reply", False),
    ("That price came from an Amazon Prime Day promotion, which ended on Sunday.", "reply", False),
    ("Der niedrigere Preis war ein Angebot von Amazon, das am Sonntag endete.", "reply", False),
    ("El precio más bajo era una oferta de Amazon por tiempo limitado.", "reply", False),
    ("The 20% discount you saw applied only until Sunday, so the price you paid is the regular "
     "one.", "reply", False),
    ("Puedes ver el vídeo de montaje en https://www.youtube.com/watch?v=abc123 antes de empezar.",
     "proactive", False),
    ("The setup video is here: https://youtu.be/Zx81kLm2 and shows the pairing steps.",
     "reply", False),
    ("Das Aufbauvideo finden Sie auf YouTube unter https://youtu.be/Qw12Er34.", "reply", False),
    ("Der niedrigere Preis war ein befristetes Angebot mit 20 % Rabatt, das am Sonntag endete.",
     "reply", False),
    ("El 20 % de descuento que viste era una oferta por tiempo limitado que ya terminó.",
     "reply", False),
    ("Le prix plus bas était une offre limitée à -20 %, terminée dimanche.", "reply", False),
    ("Il prezzo più basso era un'offerta a tempo con il 20% di sconto, ora terminata.",
     "reply", False),
    ("ご覧になった価格は期間限定のセールによるもので、既に終了しております。", "reply", False),
    # still promotion
    ("Das Angebot mit 20 % Rabatt endet bald, jetzt zugreifen!", "reply", True),
    ("Aprovecha ahora el 20 % de descuento en nuestra tienda.", "reply", True),
    ("We have a limited-time deal right now on our other blenders, grab one today!",
     "reply", True),
    ("Don't miss our Prime Day deals on Amazon: 30% off all lamps!", "proactive", True),
    ("Subscribe to our YouTube channel for new arrivals and recipes.", "proactive", True),
    ("Síguenos en YouTube para ver nuestras novedades.", "proactive", True),
]


@pytest.mark.parametrize("text, kind, fires", MARKETING)
def test_marketing_is_the_sellers_promotion(text, kind, fires):
    assert ("C203" in codes(text, kind=kind)) is fires


# -- 4. a star rating that is not a review --------------------------------------------------

STARS = [
    ("Yes, the heat pump carries a 6-star energy rating, compared with 4 stars for the older "
     "model.", "reply", False),
    ("The washing machine has a five-star energy rating, so it uses little power.", "reply", False),
    ("Our towels are used in 5-star hotels. We'd appreciate an honest review on Amazon.",
     "proactive", False),
    ("The car seat scored 5 stars in the safety rating tests.", "reply", False),
    ("Ces serviettes équipent des hôtels 5 étoiles. Un avis sincère nous aiderait.",
     "proactive", False),
    ("Estas toallas se usan en hoteles de cinco estrellas. Su opinión sincera nos ayudaría.",
     "proactive", False),
    # still persuasion
    ("Our towels are used in 5-star hotels; please give us 5 stars too!", "proactive", True),
    ("If you're happy, a 5-star rating would make our day.", "proactive", True),
]


@pytest.mark.parametrize("text, kind, fires", STARS)
def test_star_ratings_of_products_are_not_review_persuasion(text, kind, fires):
    assert ("C205" in codes(text, kind=kind)) is fires


# -- 5. prize draws among reviewers; giveaways that are not tied to the review --------------

INCENTIVE = [
    ("Each month we select three buyers who reviewed the lamp and send them a free bulb set.",
     True),
    ("Every week, one customer who has posted a review wins a $50 gift card.", True),
    ("Everyone who reviews the kettle this month is entered into our raffle for a free toaster.",
     True),
    ("Jeden Monat verlosen wir unter allen Kunden, die eine Bewertung geschrieben haben, einen "
     "Gutschein über 20 €.", True),
    ("Chaque mois, nous tirons au sort trois clients ayant laissé un avis, qui gagnent une carte "
     "cadeau.", True),
    ("Cada mes sorteamos un vale de 20 € entre los clientes que hayan dejado una reseña.", True),
    ("Ogni mese estraiamo tre clienti che hanno lasciato una recensione: ricevono un buono da "
     "20 €.", True),
    ("毎月、レビューを書いてくださったお客様の中から抽選で5名様にギフト券をプレゼントします。", True),
    # neutral request + an unrelated promotion: marketing (C203), not a review incentive
    ("We'd appreciate it if you left a review on Amazon. Follow us on Instagram for recipes and "
     "giveaways!", False),
    ("Nos encantaría leer tu reseña en Amazon. ¡Síguenos en Instagram para sorteos y novedades!",
     False),
    ("Wir freuen uns über eine Bewertung auf Amazon. Folgen Sie uns auf Instagram für "
     "Gewinnspiele!", False),
    ("Every month we pick a recipe from our customers' emails and publish it on the blog.", False),
    ("We'd appreciate a review on Amazon. To take part in our free recycling scheme, reply to "
     "this message.", False),
    ("Leave a review this month to take part in our draw for a free espresso machine.", True),
    ("Wer an unserem Gewinnspiel teilnehmen möchte, schreibt einfach eine Bewertung auf Amazon; "
     "zu gewinnen gibt es einen Gutschein.", True),
]


@pytest.mark.parametrize("text, fires", INCENTIVE)
def test_prize_draws_for_reviewers_are_incentives(text, fires):
    assert ("C204" in codes(text)) is fires


def test_an_unrelated_giveaway_is_still_marketing():
    text = ("We'd appreciate it if you left a review on Amazon. Follow us on Instagram for "
            "recipes and giveaways!")
    assert "C203" in codes(text)


# -- 6. mild profanity ----------------------------------------------------------------------

PROFANITY = [
    ("The damn courier dropped your parcel in a puddle.", True),
    ("Sorry, the bloody carrier lost it again.", True),
    ("I'm pissed that the driver ignored your note.", True),
    ("What the hell happened with the tracking?", True),
    ("Dieser verdammte Paketdienst hat es schon wieder verloren.", True),
    ("So ein Scheiß, das Paket ist wieder beschädigt.", True),
    ("Putain, le livreur a encore oublié votre colis.", True),
    ("Ce transporteur nous fait chier.", True),
    ("¡Joder, el mensajero ha vuelto a perder tu paquete!", True),
    ("Qué mierda de servicio de mensajería.", True),
    ("Quel cazzo di corriere ha perso di nuovo il pacco.", True),
    ("Siamo incazzati con il corriere.", True),
    # harmless look-alikes
    ("The dam on the river delayed the ferry with your parcel.", False),
    ("The Bloody Mary mix arrived without its label; we will resend it.", False),
    ("Hell ist das Licht der neuen Lampe, genau wie beschrieben.", False),
    ("Con gusto le enviamos otra unidad del color nude.", False),
    ("Die Anleitung ist leider etwas blöd formuliert, wir schicken eine neue.", False),
    ("Il cavolo ornamentale nelle foto è solo decorazione.", False),
]


@pytest.mark.parametrize("text, fires", PROFANITY)
def test_mild_profanity(text, fires):
    assert ("C213" in codes(text)) is fires
