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
from tests.policy.content_helpers import ORDER, codes


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


# -- 7. incentives phrased as gifts, perks or a thank-you (C204) ------------------------------

GIFT_INCENTIVES = [
    # (text, fires)
    ("As a little thank you for posting your review, we'll mail you a spare filter pack.", True),
    ("As a small token of thanks for writing a review, we will ship you our travel pouch.", True),
    ("Post a review of the kettle on Amazon and we'll add two years to your warranty.", True),
    ("Write a quick review and we'll send you a little something for your next picnic.", True),
    ("Leave a review this week and we will give you early access to our spring colours.", True),
    ("Once your review is up, reply with a screenshot and the bonus recipe book is yours.", True),
    ("Share your review on Amazon, then send us your reviewer name to unlock an extended "
     "warranty.", True),
    ("Als kleines Dankeschön für Ihre Bewertung schicken wir Ihnen unser Deckel-Set.", True),
    ("Wenn Sie eine Bewertung schreiben, verlängern wir Ihre Garantie auf drei Jahre.", True),
    ("Como pequeño agradecimiento por su reseña, le enviaremos nuestro juego de tapas.", True),
    ("Deje una reseña en Amazon y le ampliaremos la garantía a tres años.", True),
    ("En guise de remerciement pour votre avis, nous vous enverrons notre set de couvercles.",
     True),
    ("Laissez un avis et nous prolongerons votre garantie de deux ans.", True),
    ("Come piccolo ringraziamento per la sua recensione, le invieremo il nostro set di "
     "coperchi.", True),
    ("Lasci una recensione e le estenderemo la garanzia a tre anni.", True),
    ("レビューを投稿いただいた方には、保証期間を3年に延長いたします。", True),
    # near misses: thanks, warranty and accessories that are not tied to a review
    ("Thank you for sharing your honest review last month; the spare lid ships today.", False),
    ("Your speaker comes with a 2-year warranty. We'd appreciate an honest review on Amazon.",
     False),
    ("We'll send you the missing silicone lid set tomorrow. If you have a moment, an honest "
     "review would help other buyers.", False),
    ("We noticed the charger was missing, so we'll send you one today at no cost.", False),
    ("Ihre Garantie gilt zwei Jahre. Über eine ehrliche Bewertung würden wir uns freuen.",
     False),
    ("Le enviaremos la tapa que faltaba mañana mismo. Gracias por avisarnos.", False),
    ("Votre garantie est de deux ans ; nous vous enverrons la notice par e-mail.", False),
    ("Le invieremo il coperchio mancante domani, senza alcun costo.", False),
    ("保証期間は1年間です。率直なレビューをお寄せいただけますと幸いです。", False),
]


@pytest.mark.parametrize("text, fires", GIFT_INCENTIVES)
def test_gifts_and_perks_for_a_review_are_incentives(text, fires):
    assert ("C204" in codes(text)) is fires


def test_a_refund_already_made_is_not_an_incentive_for_removing_feedback():
    found = codes("We have now refunded your order in full. We would appreciate it if you "
                  "could remove the feedback.", kind="reply")
    assert "C207" in found and "C204" not in found


# -- 8. indirect requests to change a review (C207) --------------------------------------------

CHANGE_REQUESTS = [
    ("Now that the squeak is gone, it would mean a lot if your rating reflected that.", True),
    ("Would you consider revisiting your star rating now that the part has arrived?", True),
    ("We hope your review can reflect your experience now that the fault is fixed.", True),
    ("Le agradeceríamos que actualizara la valoración que dejó la semana pasada.", True),
    ("Nos ayudaría mucho que borraras o cambiaras tu opinión de dos estrellas.", True),
    ("Le estaríamos agradecidos si retirase su comentario negativo.", True),
    ("Le saremmo grati se modificasse la recensione che ha pubblicato.", True),
    ("Ci farebbe piacere se rimuovesse il suo feedback negativo.", True),
    ("Nous vous serions reconnaissants si vous modifiiez votre avis.", True),
    ("Nous aimerions que vous retiriez votre commentaire négatif.", True),
    ("Wir wären Ihnen dankbar, wenn Sie Ihre Bewertung anpassen würden.", True),
    ("Es wäre schön, wenn Sie Ihre Rezension entfernen würden.", True),
    # near misses
    ("Your feedback helped us fix the squeak, thank you.", False),
    ("We changed the packaging after reading your feedback.", False),
    ("Le enviamos un cable nuevo; gracias por su opinión.", False),
    ("Wir haben die Anleitung angepasst, damit sie klarer ist.", False),
    ("Nous avons modifié l'emballage suite aux retours de nos clients.", False),
    ("Abbiamo aggiornato le istruzioni grazie ai commenti dei clienti.", False),
    ("The new firmware should reflect the fix in the app settings.", False),
]


@pytest.mark.parametrize("text, fires", CHANGE_REQUESTS)
def test_indirect_requests_to_change_a_review(text, fires):
    assert ("C207" in codes(text, kind="reply")) is fires


# -- 9. steering what the review says (C205) ---------------------------------------------------

STEERING = [
    ("Could you tell other shoppers what you loved about the lamp in a review?", True),
    ("In your review, please mention how great the fit was.", True),
    ("We'd be thrilled if your review on Amazon talked about the positives of the set.", True),
    ("Nos encantaría que en su reseña contara lo que más le gustó del producto.", True),
    ("Erzählen Sie in Ihrer Bewertung gern, was Ihnen am besten gefallen hat.", True),
    ("Dans votre avis, dites ce que vous avez le plus aimé du produit.", True),
    ("Nella recensione ci racconti cosa le è piaciuto di più.", True),
    ("レビューでは気に入った点をぜひ書いてください。", True),
    # near misses: neutral, balanced
    ("Please share your experience in a review, good or bad.", False),
    ("Tell other buyers what you liked and what could be better in an honest review.", False),
    ("We'd love to know what you loved about it, so just reply to this email.", False),
    ("Cuéntenos en su reseña lo que le gustó y lo que no.", False),
    ("Nos encantaría leer su reseña sincera en Amazon, tanto lo que le gustó como lo que no.",
     False),
    ("In your review, tell us both what you loved and what you didn't.", False),
    ("Schreiben Sie in Ihrer Bewertung, was Ihnen gefallen hat und was nicht.", False),
    ("Dites dans votre avis ce que vous avez aimé ou moins aimé.", False),
    ("Nella recensione ci dica cosa le è piaciuto e cosa no.", False),
    ("レビューでは良かった点も悪かった点も率直にお書きください。", False),
]


@pytest.mark.parametrize("text, fires", STEERING)
def test_steering_the_content_of_a_review(text, fires):
    assert ("C205" in codes(text)) is fires


# -- 10. cross-selling another product in a reply (C203) ---------------------------------------

CROSS_SELL = [
    ("Glad it works! Our matching wall mount is 15% off this month if you'd like one: "
     "https://www.amazon.com/dp/B000000001", "reply", True),
    ("By the way, our bamboo lids are on sale right now, worth a look.", "reply", True),
    ("Übrigens: unsere passende Halterung ist diese Woche 20 % günstiger.", "reply", True),
    ("Por cierto, nuestro soporte a juego tiene un 20 % de descuento esta semana.", "reply",
     True),
    ("Au fait, notre support assorti est à -20 % cette semaine.", "reply", True),
    ("A proposito, il nostro supporto abbinato è scontato del 20% questa settimana.", "reply",
     True),
    # near misses: the price of the item the buyer bought, explained
    ("The charger you bought was 20% off last week during a deal, which is why the price "
     "dropped.", "reply", False),
    ("The 15% discount you saw ended on Sunday, so the price you paid is the regular one.",
     "reply", False),
    ("Ihr Ladegerät war letzte Woche 20 % reduziert; das Angebot ist inzwischen beendet.",
     "reply", False),
    ("El cargador que compró tenía un 20 % de descuento la semana pasada, por eso bajó el "
     "precio.", "reply", False),
    ("You're right, our kettle is 20% off this week because of an Amazon Prime Day deal, so we "
     "cannot refund the difference.", "reply", False),
    ("Yes, our blender is currently on sale, as you noticed; the price goes back up on Monday.",
     "reply", False),
    ("Sí, nuestro cargador tiene un 20 % de descuento esta semana por una oferta de Amazon, por "
     "eso el precio bajó.", "reply", False),
    ("Oui, notre bouilloire est à -20 % cette semaine dans le cadre d'une offre Amazon.", "reply",
     False),
    ("Sì, il nostro bollitore è scontato del 20% questa settimana per un'offerta Amazon, "
     "perché è il Prime Day.", "reply", False),
    # a second product, pushed
    ("Oh, and our spare glass jug is on sale until Sunday if you'd like one.", "reply", True),
]


@pytest.mark.parametrize("text, kind, fires", CROSS_SELL)
def test_cross_selling_in_a_reply_is_marketing(text, kind, fires):
    assert ("C203" in codes(text, kind=kind)) is fires


# -- 11. permitted purposes the purpose detection missed (O105) --------------------------------

PURPOSES_FOUND = [
    "Your made-to-order rug needs one more choice before we weave it: fringed or plain edges?",
    "Before we can cut your bespoke blinds, which mount do you want: inside or outside the "
    "recess?",
    "Your sofa will be delivered on Tuesday between 7am and noon by a two-person team. Please "
    "reply if that slot does not suit. Follow us on Instagram for styling tips.",
    "Il corriere ha bisogno del numero civico, che manca nell'indirizzo. Può indicarcelo?",
    "Der Zusteller braucht Ihre Hausnummer, die in der Adresse fehlt. Können Sie sie uns "
    "nennen?",
    "El mensajero necesita el número exterior, que falta en la dirección. ¿Nos lo indica?",
    "Le livreur a besoin du numéro de rue, qui manque dans l'adresse. Pouvez-vous nous "
    "l'indiquer ?",
    "Pour confectionner vos rideaux sur mesure, il nous manque un détail : œillets ou "
    "fronceur ?",
]


@pytest.mark.parametrize("text", PURPOSES_FOUND)
def test_needed_information_and_delivery_slots_are_purposes(text):
    assert "O105" not in codes(text)


@pytest.mark.parametrize("lang", ["de-DE", "en-GB", "ja-JP", None])
def test_purpose_is_found_whatever_the_buyer_language(lang):
    text = ("Per completare la consegna, il corriere ha bisogno del numero civico. "
            "Può indicarcelo rispondendo a questo messaggio?")
    assert "O105" not in codes(text, buyer_language=lang)


# -- 12. Japanese keigo review requests ---------------------------------------------------------

JA_REQUESTS = [
    "商品をお使いになったご感想を、Amazonのレビューでお聞かせいただけますと幸いです。",
    "よろしければ、商品の評価をお願いできますでしょうか。",
    "ご感想をレビューにてお聞かせください。",
    "お手すきの際に、レビューをご投稿いただけますでしょうか。",
    "率直なご感想をお寄せいただけますと幸いです。",
]

JA_NOT_REQUESTS = [
    "ご感想をお寄せいただき、誠にありがとうございました。",
    "レビューを拝見し、梱包を改善いたしました。",
    "お届け日をお聞かせいただけますと幸いです。",
]


@pytest.mark.parametrize("text", JA_REQUESTS)
def test_japanese_keigo_review_requests(text):
    assert _requests(text)
    found = codes(f"このたびはご注文ありがとうございます。{text}")
    assert not found & {"C202", "O105"}


@pytest.mark.parametrize("text", JA_NOT_REQUESTS)
def test_japanese_thanks_for_a_review_is_not_a_request(text):
    assert not _requests(text)


# A thank-you with a custom product's name or a help offer phrased as a question is still only
# a thank-you: the new purposes need a detail actually asked for.
@pytest.mark.parametrize("text", [
    "Thank you for ordering our bespoke rug! What else do you need? We're here to help.",
    "Thanks for choosing our made-to-measure curtains. Enjoy them, and contact us with any "
    "questions.",
    "Vielen Dank für Ihre Bestellung der Maßanfertigung! Bei Fragen sind wir für Sie da.",
])
def test_thanks_for_a_custom_order_is_still_thanks_only(text):
    assert "C202" in codes(text)


# -- review requests worded as a wish or a polite ask (review_wish.toml) --------------------
# A review noun and a request marker in one sentence, in either order; the near-misses share
# the noun and the marker but thank for a review, read reviews, or use the noun in another sense.

WISH_REQUESTS = [
    "Your feedback on the hiking socks would be most welcome once you've worn them.",
    "A rating for the bread knife would mean a lot to our little workshop.",
    "We would also be glad of a rating once the candles have burned a few evenings.",
    "Bitte denken Sie an eine kurze Rezension, sobald Sie die Laufweste getestet haben.",
    "Wenn Sie mögen, freuen wir uns über ein paar Zeilen als Rezension auf Amazon.",
    "Eine Produktbewertung auf Amazon, falls Sie Zeit finden, hilft uns als kleinem Laden "
    "sehr.",
    "Nous serions curieux de connaître votre évaluation de la bouilloire sur Amazon.",
    "Un avis sur Amazon, même très court, nous rendrait service.",
    "Si dispone de un momento, una calificación del producto en Amazon nos vendría genial.",
    "Cuando pueda, una valoración del termo en Amazon nos haría mucha ilusión.",
    "Te rogamos una reseña sincera cuando hayas probado las zapatillas.",
    "Se trovi un minuto, ci piacerebbe moltissimo leggere il tuo feedback sulla borraccia.",
    "Una recensione su Amazon, se le va, sarebbe molto utile per noi, grazie in anticipo.",
    "Ti preghiamo di una valutazione sincera quando avrai provato il cuscino.",
    "ぜひ、使い心地をAmazonの口コミで教えてください。",
    "ご感想をお待ちしております。",
]

NOT_WISH_REQUESTS = [
    "Thanks so much for the kind review you posted last week about the mug; please tell us if "
    "the lid fits.",
    "Our team will review the photos you sent, please allow two working days.",
    "Please review your shipping address below before we dispatch the parcel.",
    "Please have a look at the customer reviews for advice on sizing.",
    "If you have questions or feedback about the assembly, please write to us.",
    "Vielen Dank für Ihre freundliche Bewertung, bitte melden Sie sich, falls etwas fehlt.",
    "Bitte haben Sie etwas Geduld: die Bewertung des Schadens durch die Spedition dauert zwei "
    "Tage.",
    "À notre avis, pourriez-vous plutôt choisir le créneau du matin ?",
    "Veuillez conserver l'avis de passage laissé par le transporteur.",
    "En nuestra opinión, podría elegir la talla grande para ese modelo.",
    "Por favor, lea las opiniones de otros clientes sobre la talla.",
    "Grazie per la recensione che ci ha lasciato, per favore ci dica se il ricambio è arrivato.",
    "Per favore abbia pazienza: la valutazione del danno richiede qualche giorno.",
    "サイズについては、レビューをご覧いただきご確認ください。",
    "先日は丁寧なレビューをいただき、誠にありがとうございました。",
    "Please note that ratings are checked by Amazon before they appear.",
    "Your feedback about the late courier has been passed on; please accept our apologies.",
    "Could you check that the energy rating sticker is on the box?",
    "Bitte beachten Sie, dass Rezensionen von Amazon freigeschaltet werden.",
    "Veuillez nous dire votre avis sur la taille de remplacement proposée.",
    "¿Podría darnos su opinión sobre la fecha de entrega propuesta?",
    "Potrebbe darci la sua opinione sulla data di consegna proposta?",
    # feedback welcome in a help offer: "contact us", not "review us"
    "ご意見やご感想がありましたら、いつでもお問い合わせください。",
    "Si tienes cualquier duda u opinión, por favor escríbenos.",
    "Wenn Sie Feedback zum Produkt haben, melden Sie sich bitte bei uns.",
]


@pytest.mark.parametrize("text", WISH_REQUESTS)
def test_wishes_for_a_review_are_review_requests(text):
    assert _requests(text)
    # A review request is a permitted purpose: no "no permitted reason" warning.
    assert "O105" not in codes(text)


@pytest.mark.parametrize("text", [
    "Thank you for your order! When you have a minute, a short review of the lamp would be "
    "much appreciated.",
    "Vielen Dank für Ihren Einkauf! Über eine Bewertung der Gießkanne auf Amazon wären wir sehr "
    "dankbar.",
    "Grazie per il tuo acquisto! Se hai un attimo, raccontaci in una recensione come ti trovi.",
])
def test_thanks_with_a_wish_for_a_review_is_not_thanks_only(text):
    assert not codes(text) & {"C202", "O105"}


@pytest.mark.parametrize("text", NOT_WISH_REQUESTS)
def test_review_words_beside_a_request_that_asks_no_review(text):
    assert not _requests(text)


@pytest.mark.parametrize("text", [
    "Yes, several reviews mention the noise level; could you tell us which model you have?",
    "Ja, die Bewertungen erwähnen das; könnten Sie uns die Modellnummer nennen?",
    "Sí, varias reseñas lo comentan; ¿podría decirnos qué modelo tiene?",
])
def test_review_mentions_in_a_reply_are_not_requests(text):
    assert not _requests(text, kind="reply")


# -- C201: "we received your order and are preparing it" ----------------------------------

ORDER_RECEIVED = [
    ("Grazie dell'acquisto: l'abbiamo ricevuto e lo stiamo imballando con cura.", "proactive",
     True),
    ("Il tuo ordine è già in preparazione nel nostro magazzino.", "proactive", True),
    ("Danke für deinen Einkauf, wir packen deine Bestellung gerade sorgfältig ein.", "proactive",
     True),
    ("Merci pour votre achat ! Nous le préparons dès aujourd'hui.", "proactive", True),
    ("¡Gracias por tu compra! Ya la estamos preparando en el almacén.", "proactive", True),
    ("ご注文の品は、ただいま準備を進めております。", "proactive", True),
    ("Your order is in! We're packing it up this afternoon.", "proactive", True),
    ("Great news: we've got your order and are getting it ready.", "proactive", True),
    # near-misses: a reply, or a real problem the preparing is about
    ("Sì, abbiamo ricevuto il suo ordine e lo stiamo preparando.", "reply", False),
    ("We're packing it up this afternoon, as you asked.", "reply", False),
    ("Leider ist ein Teil Ihrer Bestellung beschädigt angekommen; wir bereiten einen Ersatz vor.",
     "proactive", False),
    ("Nous préparons votre commande, mais la couleur choisie est en rupture de stock : "
     "préférez-vous le bleu ou un remboursement ?", "proactive", False),
    ("The lamp you ordered is out of stock, so we are getting a replacement ready; would you "
     "like the white one instead?", "proactive", False),
    ("The replacement bulb is back in stock and we are packing it for you today.", "proactive",
     False),
    ("Il ricambio è arrivato in magazzino: lo stiamo preparando per la spedizione.", "proactive",
     False),
]


@pytest.mark.parametrize("text,kind,fires", ORDER_RECEIVED)
def test_order_received_and_being_prepared_is_a_confirmation(text, kind, fires):
    assert ("C201" in codes(text, kind=kind)) is fires


# -- C203: a code is a coupon only with promotional words around it ------------------------

CODES = [
    ("Please enter the code 2291 on the keypad so the courier can leave the parcel inside.", False),
    ("With the code you gave us, the courier could not open the door; is it still valid?", False),
    ("Our driver will use the code from your delivery note to open the parcel locker.", False),
    ("Bitte nennen Sie uns den Türcode, damit der Fahrer ins Haus kommt.", False),
    ("Le livreur a besoin du code d'accès de l'immeuble pour vous livrer.", False),
    ("Necesitamos el código de acceso del portal para la entrega.", False),
    ("Ci serve il codice del cancello per completare la consegna.", False),
    ("配達のため、オートロックの暗証番号を教えていただけますか。", False),
    ("Use the code HELLO5 for 5% off your next order.", True),
    ("Enter code SPRING at checkout to save on the matching cushion.", True),
    ("With the code GIFT you get free shipping on everything in our shop.", True),
    ("Redeem the code WELCOME for a discount on any purchase.", True),
    ("Mit dem Gutscheincode DANKE sparen Sie 10 % beim nächsten Einkauf.", True),
]


@pytest.mark.parametrize("text,fires", CODES)
def test_a_delivery_code_is_not_a_coupon(text, fires):
    assert ("C203" in codes(text)) is fires


@pytest.mark.parametrize("text", [
    "Please enter the code at the gate for the courier.",
    "配達員がオートロックの暗証番号を必要としています。",
])
def test_a_delivery_code_is_a_permitted_purpose(text):
    assert "O105" not in codes(text)


# -- C205: stars that are a setting or level of the product are not a review rating ---------

STAR_SETTINGS = [
    # (text, kind, fires): every near miss also asks for a review, so C205 judges it at all
    ("Set the crispness dial to 5 stars for thin fries. We'd appreciate an honest review on "
     "Amazon.", "proactive", False),
    ("The 5-star setting gives the darkest toast. If you have a moment, please leave an honest "
     "review.", "proactive", False),
    ("For espresso, use the five-star grind level. An honest review on Amazon would help us.",
     "proactive", False),
    ("Stellen Sie den Regler auf die 5-Sterne-Stufe für kräftigen Toast. Über eine ehrliche "
     "Bewertung auf Amazon freuen wir uns.", "proactive", False),
    ("Réglez le grille-pain sur le niveau 5 étoiles pour un pain bien doré. Un avis sincère sur "
     "Amazon nous aiderait.", "proactive", False),
    ("Pon la tostadora en el nivel de 5 estrellas para un tostado intenso. Nos ayudaría tu "
     "opinión sincera en Amazon.", "proactive", False),
    ("Imposti la tostatura sul livello 5 stelle. Ci aiuterebbe molto una sua recensione sincera "
     "su Amazon.", "proactive", False),
    ("焼き加減は星5の設定がおすすめです。よろしければAmazonでレビューをお願いいたします。",
     "proactive", False),
    # stars tied to the review are still persuasion
    ("Please give the toaster 5 stars in your Amazon review!", "proactive", True),
    ("Love the 5-star setting? Then please leave us 5 stars!", "proactive", True),
    ("Set your rating to 5 stars when you review the toaster.", "proactive", True),
    ("Wir freuen uns über Ihre 5-Sterne-Bewertung auf Amazon!", "proactive", True),
    ("Laissez-nous un avis 5 étoiles sur Amazon, s'il vous plaît.", "proactive", True),
    ("Una reseña de 5 estrellas en Amazon nos haría muy felices.", "proactive", True),
    ("Una recensione a 5 stelle su Amazon ci renderebbe felici.", "proactive", True),
]


@pytest.mark.parametrize("text, kind, fires", STAR_SETTINGS)
def test_stars_as_a_product_setting_are_not_a_rating(text, kind, fires):
    assert ("C205" in codes(text, kind=kind)) is fires


# -- C203: a reply saying where to find the spare part asked about is not marketing ----------

PART_SEARCH = [
    ('The replacement filter is sold separately: search for "KT-40 filter" on Amazon and it '
     'will come up.', "reply", False),
    ('Search for "KT-40 filter" on Amazon to find the spare filter you asked about.', "reply",
     False),
    ("You can find spare blades for the mixer by searching KT-40 blade on Amazon.", "reply",
     False),
    ('Ersatzfilter finden Sie auf Amazon unter der Suche "KT-40 Filter".', "reply", False),
    ('Suchen Sie auf Amazon nach "KT-40 Ersatzfilter", dann finden Sie ihn sofort.', "reply",
     False),
    ("Vous trouverez le filtre de rechange sur Amazon en cherchant « KT-40 filtre ».", "reply",
     False),
    ('Puede encontrar las cuchillas de repuesto en Amazon buscando "KT-40 cuchilla".', "reply",
     False),
    ('Il filtro di ricambio si trova su Amazon cercando "KT-40 filtro".', "reply", False),
    # other products, a push, or a proactive message: still marketing
    ('Search for "BrightHome" on Amazon to see all our other lamps!', "reply", True),
    ('Search for "KT-40 filter" on Amazon and grab a few today while they are 20% off!',
     "reply", True),
    ('Search for "KT-40 filter" on Amazon to find spare filters for your kettle.', "proactive",
     True),
]


@pytest.mark.parametrize("text, kind, fires", PART_SEARCH)
def test_finding_the_part_asked_about_is_not_marketing(text, kind, fires):
    assert ("C203" in codes(text, kind=kind)) is fires


# -- C203: a cross-sell needs no discount -----------------------------------------------------

CROSS_SELL_PLAIN = [
    ("Scopri anche i cuscini coordinati nella nostra vetrina Amazon.", "proactive", True),
    ("Scopri anche le tende e i cuscini abbinati alla trapunta nella nostra vetrina Amazon.",
     "proactive", True),
    ("Discover our matching napkins in our Amazon store.", "proactive", True),
    ("Take a moment to discover the coordinating throws we also sell on Amazon.", "proactive",
     True),
    ("Entdecken Sie auch die passenden Kissenbezüge in unserem Amazon-Shop.", "proactive", True),
    ("Découvrez aussi les taies assorties dans notre boutique Amazon.", "proactive", True),
    ("Descubre también las fundas a juego en nuestra tienda de Amazon.", "proactive", True),
    ("当ショップの関連アイテムもぜひチェックしてみてください。", "proactive", True),
    # "discover" that points at the instructions of the item bought
    ("Discover how to fold the duvet cover in step 3 of the enclosed guide.", "reply", False),
    ("Scopri come montare il copripiumino seguendo le istruzioni allegate.", "reply", False),
    ("Entdecken Sie die Funktionen der Lampe in der beiliegenden Anleitung.", "reply", False),
    ("Découvrez comment régler la lampe dans le manuel fourni.", "reply", False),
    ("Descubre cómo ajustar la lámpara en el manual incluido.", "reply", False),
]


@pytest.mark.parametrize("text, kind, fires", CROSS_SELL_PLAIN)
def test_cross_selling_without_a_discount_is_marketing(text, kind, fires):
    assert ("C203" in codes(text, kind=kind)) is fires


# -- C210: opting out by replying a keyword ---------------------------------------------------

REPLY_KEYWORD_OPT_OUT = [
    ("Si no deseas recibir más mensajes nuestros, contesta con la palabra BAJA.", True),
    ("To stop hearing from us, just reply with the word STOP.", True),
    ("Antworte mit STOP, wenn du keine Nachrichten mehr willst.", True),
    ("Per non ricevere più messaggi, rispondi CANCELLA.", True),
    ("Se non vuole più nostri messaggi, risponda con la parola STOP.", True),
    ("今後のご案内が不要な方は「停止」とご返信ください。", True),
    ("Pour ne plus avoir de nos nouvelles, répondez simplement DÉSINSCRIPTION.", True),
    # a reply keyword that confirms the delivery, not an opt-out
    ("Please reply with the word YES to confirm the Tuesday delivery slot.", False),
    ("Si no deseas recibir el sofá por la mañana, responde con la franja que prefieras.", False),
    ("Antworten Sie mit JA, wenn der Liefertermin am Dienstag passt.", False),
    ("Répondez OUI pour confirmer le créneau de livraison.", False),
    ("Rispondi SÌ per confermare la consegna di martedì.", False),
    ("If the courier should stop at the back door, reply with the word BACK.", False),
]


@pytest.mark.parametrize("text, fires", REPLY_KEYWORD_OPT_OUT)
def test_opting_out_by_reply_keyword(text, fires):
    assert ("C210" in codes(text)) is fires


# -- C204: a longer warranty for a review, however it is phrased -------------------------------

WARRANTY_FOR_REVIEW = [
    ("Everyone who writes a review has their guarantee extended from 2 to 5 years.", True),
    ("Leave a review and we'll upgrade your warranty to three years.", True),
    ("Post your review and your warranty goes from one year to three.", True),
    ("Garantieverlängerung für alle, die eine Bewertung schreiben!", True),
    ("Wer eine Rezension schreibt, bekommt die Garantie von 2 auf 4 Jahre verlängert.", True),
    ("Laissez un avis et votre garantie passe de 1 à 3 ans.", True),
    ("Quien deje una reseña obtiene una ampliación de la garantía de 1 a 3 años.", True),
    ("Chi lascia una recensione ottiene l'estensione della garanzia da 1 a 3 anni.", True),
    # a warranty fact beside a neutral request
    ("Your warranty was extended from 1 year to 3 years by the manufacturer. We'd appreciate an "
     "honest review.", False),
    ("Die Garantie wurde vom Hersteller von 2 auf 3 Jahre verlängert. Über eine ehrliche "
     "Bewertung freuen wir uns.", False),
    ("La garantía del fabricante se amplió de 1 a 3 años. Agradeceríamos su opinión sincera.",
     False),
]


@pytest.mark.parametrize("text, fires", WARRANTY_FOR_REVIEW)
def test_a_longer_warranty_for_a_review_is_an_incentive(text, fires):
    assert ("C204" in codes(text)) is fires


# -- O105: agreeing a delivery day for a large item is a permitted purpose ---------------------

DELIVERY_DAY = [
    ("To deliver your wardrobe we need to agree on a day: would Monday or Wednesday afternoon "
     "suit you?", False),
    ("For the delivery of your bed frame, would Friday morning suit you?", False),
    ("Pour la livraison de l'armoire, nous devons convenir d'un jour : mardi ou jeudi matin, "
     "cela vous irait ?", False),
    ("Per la consegna dell'armadio dobbiamo concordare un giorno: le va bene martedì o giovedì "
     "mattina?", False),
    ("Para el montaje del armario, ¿le viene bien el jueves por la tarde?", False),
    ("Para la entrega del sofá necesitamos acordar un día contigo: ¿te viene bien el martes o "
     "el jueves por la mañana?", False),
    # days named for something other than a delivery
    ("¿Te viene bien el martes para estrenar tu nueva sartén? ¡Que la disfrutes!", True),
    ("Would Tuesday or Thursday be a good day to try your new grill? Enjoy!", True),
    ("Let's find a good day to celebrate: your new fondue set is perfect for Friday night!", True),
    ("Mardi ou jeudi, c'est le moment idéal pour essayer votre nouvelle plancha !", True),
    ("Il martedì è perfetto per provare la sua nuova friggitrice. Buon appetito!", True),
]


@pytest.mark.parametrize("text, fires", DELIVERY_DAY)
def test_agreeing_a_delivery_day_is_a_purpose(text, fires):
    # The phrases' reading, with the model off: since session 12 O105 also gives way to the
    # model's purpose at its error threshold (purpose.py), and the model reads "would Tuesday
    # or Thursday be a good day to try your new grill?" as scheduling (0.61), so end to end
    # that message is no longer warned. The phrases must still tell a delivery day from a day
    # to try the grill.
    message = {"text": f"Order {ORDER}: {text}", "kind": "proactive", "order_id": ORDER}
    config = policy.Config(select=frozenset({"O105"}), spelling=False, grammar=False,
                           intents=False)
    assert ("O105" in policy.check(message, config).codes) is fires
