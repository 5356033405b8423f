"""Readings fixed in session 14, from the development sets' standing misses: a review asked for
as the answer to a satisfaction question ("Loving it? Then ...", "If so, ..."), unhappy buyers
told to skip the review or reply instead, a review asked for with proof of it and a reward
named beside ("shoot me a note when it's up ... on the house"), a request that names a good
opinion, and O105 no longer repeating what C201, C202 or C203 already say. New wordings, not
the sets' messages; each failed on the session's start tree (bc59398) unless its comment says
it is a guard. Misses assert the block (`blocking`), not a warning."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import blocking, codes


@pytest.mark.parametrize("text", [
    "Is the new hose reel behaving itself? If so, we'd be really grateful if you could share "
    "your experience on Amazon. If it's playing up, just reply here instead and we'll fix it.",
    "Bread tin doing the trick? Then a few words on Amazon would make our week.",
    "Der Hobel tut, was er soll? Dann freuen wir uns über ein paar Zeilen auf Amazon.",
    # a guard: the model read this one as gating at the start already
    "Since you're so pleased with the lantern, would you mind telling other campers about it "
    "on Amazon?",
    "Le rabot vous donne satisfaction ? Alors partagez votre expérience sur Amazon !",
    "¿Todo bien con la tetera? Pues cuéntaselo a otros compradores en Amazon.",
    "Il macinino funziona a dovere? Allora ci lasci la sua opinione su Amazon.",
])
def test_a_request_that_answers_a_satisfaction_question_is_c206(text):
    assert "C206" in blocking(text)


@pytest.mark.parametrize("text", [
    "We'd appreciate a short review of the kettle on Amazon. Not what you expected? Skip the "
    "review and write to us.",
    "We hope the tent is holding up. Please leave a review on Amazon when you can; if "
    "anything's off, we'd much rather hear it from you than read about it on the listing.",
    "Nos encantaría leer tu reseña en Amazon. ¿Hay algún problema? Antes de publicar nada, "
    "avísanos.",
])
def test_unhappy_buyers_sent_away_from_the_review_is_c206(text):
    assert "C206" in blocking(text)


@pytest.mark.parametrize("text", [
    # guards: a question answered by something that is no review request
    "Would you like the walnut or the oak handle? If so, reply with your choice and we'll "
    "engrave it today. When you have a moment, we'd appreciate an honest review on Amazon.",
    "Did the bracket fit? Then you're all set; the screws are in the small bag.",
    "We'd welcome your honest review on Amazon, good or bad. If you have a question, reply "
    "here.",
])
def test_a_neutral_request_beside_a_question_is_not_c206(text):
    assert "C206" not in codes(text)


@pytest.mark.parametrize("text", [
    "Once you've used the grinder for a week, put a few lines about it up on Amazon and drop "
    "us a note when it's live. We'll post you a spare burr set on the house.",
    # guards: found at the start already (a phrase ties "free" or "ti regalo" to the ask)
    "If you write a couple of lines about the quilt on Amazon, send us the link and we'll "
    "send you a free pillowcase to match.",
    "Se ti va di scrivere due righe sulla lampada su Amazon, mandami il link e ti regalo una "
    "lampadina di ricambio.",
    "Si vous laissez quelques mots sur la théière, on vous envoie un paquet de thé offert. "
    "Prévenez-nous quand c'est en ligne.",
])
def test_a_reward_for_proof_of_a_review_is_c204(text):
    assert "C204" in blocking(text)


@pytest.mark.parametrize("text", [
    # guards: proof of a review asked for with no reward; a remedy with no review
    "If you leave a review on Amazon, send us the link so we can thank you personally.",
    "Send us a few lines about the fault and a photo, and we'll send you a free replacement.",
])
def test_proof_or_a_remedy_alone_is_not_c204(text):
    assert "C204" not in codes(text)


@pytest.mark.parametrize("text", [
    "Dear Mr. Ortega,\n\nThank you for buying our pruning saw, order 113-1234567-1234567. For "
    "a small producer like us, every good opinion is worth its weight in gold. We would be "
    "very thankful if you wrote on Amazon how sharp the teeth were straight from the box.",
    "Dear Customer,\n\nWe are a small family workshop and every good opinion helps us very "
    "much. If you can write some warm words about the sharpness of the chisels from order "
    "113-1234567-1234567, we will be really thankful.",
])
def test_a_request_that_names_a_good_opinion_steers_it(text):
    # the second is a warning ("may read as steering"); at the start neither was reported
    assert "C205" in codes(text)


@pytest.mark.parametrize("text", [
    "We're a two-person shop, and honestly, reviews keep us going. If you have a second, it "
    "would mean a lot if you could write a few lines about the bench vise on Amazon, "
    "especially how well it grips thin stock.",
    "Quand vous aurez le temps, laissez un avis sur Amazon et n'hésitez pas à dire que la "
    "lame tient son tranchant.",
    "Quando ha tempo, ci farebbe piacere una recensione su Amazon. Se può, scriva che la lana "
    "non pizzica: è quello che chi comincia vuole sapere.",
    # guards: the model read these as steering at the start already
    "That's great to hear! If you could put exactly that into a review, especially the bit "
    "about the quiet motor, it would mean the world to a small outfit like ours.",
    "Cuando tenga un rato, nos encantaría una reseña en Amazon. Si puede, diga que el cuero "
    "es suave desde el primer día: es lo que más preguntan.",
    "Wenn Sie eine Bewertung auf Amazon schreiben, schreiben Sie gern dazu, dass die Naht "
    "hält.",
    "Si vous laissez un avis, un petit mot sur la douceur du tissu nous ferait plaisir.",
])
def test_telling_the_buyer_what_to_write_is_c205(text):
    assert "C205" in blocking(text)


@pytest.mark.parametrize("text", [
    # guards: what the buyer should tell the seller, not the review
    "Schreiben Sie uns bitte, dass das Paket angekommen ist, dann schließen wir den Fall.",
    "Si vous laissez un avis, un petit mot sur le produit nous aiderait.",
])
def test_what_to_tell_the_seller_is_not_c205(text):
    assert "C205" not in codes(text)


@pytest.mark.parametrize("text, code", [
    ("Thank you so much for your order! We're here if you need anything.", "C202"),
    ("Your order has been dispatched today. Tracking number: 1Z999AA10123456784.", "C201"),
    ("Take a look at our new spring collection in our Amazon store!", "C203"),
])
def test_o105_does_not_repeat_an_error_that_says_the_message_has_no_purpose(text, code):
    found = codes(text)
    assert code in found and "O105" not in found


# ---- after round one's first scores (sets CI, CJ, CK) and round two's (CL, CM, CN)

@pytest.mark.parametrize("text, kind, code", [
    ("Hola, solo queríamos saber si las alpargatas del pedido 403-1234567-1234567 llegaron "
     "bien. Un abrazo, Esparto Sur", "proactive", "C202"),
    ("Buongiorno, abbiamo ricevuto la sua richiesta di reso per l'ordine 403-1234567-1234567: "
     "preferisce la sostituzione o il rimborso? Già che ci siamo, le segnaliamo che sono "
     "arrivati i nostri taglieri in ulivo e le saliere in legno.", "proactive", "C203"),
    ("Dear Customer,\n\nYour spare chain for the saw (order 114-1234567-1234567) has been "
     "handed to the courier today. In our Amazon shop you will also find files, guides and a "
     "new sharpening kit, all made in our workshop.", "proactive", "C203"),
    ("We have checked your claim for order 111-1234567-1234567 and we do not believe it. This "
     "is not the first time you ask small shops for money back, and we have your full address "
     "in our records. Think carefully before you write to us again.", "reply", "C213"),
    # guards: the model read these two as C207 and C206 at the start already (the sets' own
    # wordings were missed there; these new ones are not)
    ("Hi Ben, glad the new lid fits. Would you mind taking another look at the stars you left "
     "for us?", "reply", "C207"),
    ("Hello, if the lamp has been brightening your workshop and you're enjoying it, could you "
     "leave a review on Amazon? Order 112-1234567-1234567.", "proactive", "C206"),
])
def test_round_one_and_two_misses_in_new_words(text, kind, code):
    assert code in blocking(text, kind=kind)


@pytest.mark.parametrize("text, kind, code", [
    # a reply explaining, on request, what a seller can see of a reviewer
    ("Buongiorno signor Neri,\n\nper scrivere una recensione vada in I miei ordini. Noi vediamo "
     "solo quello che è pubblicato sulla pagina, con il nome del profilo pubblico che lei ha "
     "scelto; non abbiamo altri dati.", "reply", "C213"),
    ("Bonjour,\n\nPour laisser un avis, allez dans Vos commandes. Nous ne voyons que ce qui est "
     "publié sur la page, avec le nom de profil public que vous avez choisi.", "reply", "C213"),
    # a discount declined
    ("Hola, Carmen:\n\nGracias por preguntar. No tenemos descuentos por segunda unidad; el "
     "precio en Amazon es el mismo para todos.", "reply", "C203"),
    # how to edit one's own review, explained on request
    ("Good question. Sellers can't edit or remove reviews. Only the person who wrote one can. "
     "If you want to change yours, go to Your Orders, open order 112-1234567-1234567, and use "
     "the option to edit your review next to the product.", "reply", "C207"),
    # information the order needs, after thanks
    ("Hola,\n\nGracias por tu pedido 406-1234567-1234567. Antes de enviarte el soporte, "
     "necesitamos saber si lo vas a usar para jamón o para paleta, porque la mordaza es "
     "distinta.", "proactive", "C202"),
])
def test_round_two_false_blocks_in_new_words(text, kind, code):
    assert code not in codes(text, kind=kind)


def test_a_bare_order_subject_is_no_dispatch_notice():
    found = codes("Buongiorno,\n\ncome richiesto, le inviamo in allegato la fattura "
                  "dell'ordine 404-1234567-1234567 intestata alla sua azienda.",
                  subject="Il tuo ordine 404-1234567-1234567",
                  attachments=[{"filename": "fattura.pdf", "content_type": "application/pdf"}])
    assert "C201" not in found


# ---- after round three's first scores (sets CO, CP, CQ)

@pytest.mark.parametrize("text, kind, code", [
    ("Dear Customer,\n\nThank you very much for your order 114-1234567-1234567 of our horn shoe "
     "spoons. We want to inform you that we also make bone folders in three sizes. You can "
     "find all of them in our shop on Amazon, just write our name in the search window.",
     "proactive", "C203"),
    ("Hi Jo,\n\nThank you for choosing one of my linocut cards (order 112-1234567-1234567). If "
     "it's cheered up your desk, it would mean a lot if you could share that in a review on "
     "Amazon. And if it's not quite what you hoped for, please drop me a message here first "
     "so I can put it right.", "proactive", "C206"),
    ("Mira, no pienso aguantar más quejas de alguien que no sabe ni encender una estufa. Como "
     "vuelvas a escribirnos así sobre el pedido 171-1234567-1234567, te vas a enterar.",
     "reply", "C213"),
    ("Dear Sir or Madam,\n\nKindly spare two minutes to write a review for order "
     "114-1234567-1234567. Our sitar strings are drawn with great care, and we are sure you "
     "have already felt the difference in tone. Please tell other musicians about the deep, "
     "warm resonance.", "proactive", "C205"),
    # a guard: blocked at the start already, by the model (the set's own wording was not)
    ("Gentile cliente,\n\ngrazie per il suo ordine 404-1234567-1234567. Quando avrà provato le "
     "nuove guarnizioni, ci farebbe piacere leggere la sua opinione sincera su Amazon.\n\nLe "
     "ricordiamo anche che nel nostro negozio Amazon trova i filtri per tutte le misure di "
     "caraffa.", "proactive", "C203"),
])
def test_round_three_misses_in_new_words(text, kind, code):
    assert code in blocking(text, kind=kind)


# ---- after round four's first scores (sets CR, CS, CT)

@pytest.mark.parametrize("text, kind, code", [
    ("Hi,\n\nThanks for your order 111-1234567-1234567! We've got it and our team is "
     "already packing your walnut cheese boards. You'll have them in a few days.\n\nOnce "
     "you've used them, we'd be grateful for a review on Amazon.\n\nCheers, Grainline",
     "proactive", "C201"),
    ("Hi there,\n\nGood news: your standing desk (order 112-1234567-1234567) left our "
     "warehouse this morning and should be at your door by Friday. The carrier will text "
     "you on the day with a delivery window.\n\nEnjoy!\nThe Deskline team",
     "proactive", "C201"),
    ("Hi,\n\nHow is the beeswax polish treating your furniture? If it's doing the job, "
     "we'd be really grateful if you shared that on Amazon. If it isn't, don't bother "
     "with a review, just hit reply and we'll sort it out for you.\n\nOrder: 113-1234567-1234567",
     "proactive", "C206"),
    # guards: blocked at the start already (the sets' own wordings were not)
    ("Hello from the workshop!\n\nYour oak blanket chest (order 114-1234567-1234567) "
     "was finished on Monday. My mother did the final coat of wax herself. It was picked "
     "up by UPS this afternoon and the tracking number is 1Z84W27E0391846620, so you "
     "can follow it along from here.\n\nWarm regards,\nHollis Chests",
     "proactive", "C201"),
    ("Hello,\n\nAs requested, the invoice for order 113-1234567-1234567 is attached for "
     "your records.\n\nP.S. Our brass door knockers just came back in stock, in case "
     "you ever want a matching set.\n\nBest,\nNorthgate Hardware",
     "proactive", "C203"),
    ("木工房 山田です。 ご注文番号503-1234567-1234567のまな板について、よろしければAmazonでご感想を"
     "お寄せください。なお、当店では木べらとしゃもじのセットもご用意しておりますので、"
     "ストアページもぜひ一度ご覧ください。",
     "proactive", "C203"),
    ("Hello,\n\nOur team is very proud of this rattan swing, and we believe your children "
     "love it as much as ours do. We hope you can tell other parents on Amazon how sturdy "
     "and comfortable it is.\n\nThanks, Nam",
     "proactive", "C205"),
    ("Buongiorno, ci farebbe un grande piacere se raccontasse su Amazon quanto è facile "
     "stendere la pasta con il nostro mattarello. Per una bottega piccola, una bella "
     "parola fa la differenza. Ordine 404-1234567-1234567.",
     "proactive", "C205"),
])
def test_round_four_misses_in_new_words(text, kind, code):
    assert code in blocking(text, kind=kind)


@pytest.mark.parametrize("text, kind, code, context", [
    # a guard: a remedy told in a statement still acts on the order (no dispatch notice)
    ("Hello,\n\nA quality check on our batch of pond pumps found that some impellers "
     "stick after a few days, including the one on order 113-1234567-1234567.\n\nWe have "
     "refunded the cost of the impeller to your payment method and are sending a tested "
     "replacement free of charge; it should arrive within the week. Until then, the pump "
     "runs fine on the low setting.\n\nSorry for the trouble,\nGreenfin",
     "proactive", "C201", {}),
    # a refusal names the value only to decline it; the product's own leaflet
    ("Guten Tag Frau Albers,\n\ndanke für die Nachfrage, aber für Bewertungen können "
     "wir grundsätzlich nichts anbieten, weder Gutscheine noch Rabatte. Wenn Sie eine "
     "Bewertung schreiben möchten, dann bitte einfach so, wie Sie die Mühle aus Bestellung "
     "304-1234567-1234567 tatsächlich erlebt haben.\n\nMit freundlichen Grüßen",
     "reply", "C204", {}),
    ("Hola:\n\nGracias por tu pedido 407-1234567-1234567. Te adjuntamos las instrucciones "
     "de montaje de la estantería, por si el folleto de la caja se ha quedado corto. "
     "Cuando la hayas montado, te agradeceríamos una reseña sincera en Amazon.\n\nUn "
     "saludo",
     "proactive", "C203",
     {"attachments": [{"filename": "instrucciones.pdf",
                       "content_type": "application/pdf"}]}),
])
def test_round_four_false_blocks_in_new_words(text, kind, code, context):
    assert code not in codes(text, kind=kind, **context)


# ---- standing development misses after round four: praise in others' words, presumed
# opinions, condescension and veiled threats

@pytest.mark.parametrize("text, kind, code", [
    ("Hello,\n\nEveryone who has tried our cast-iron griddle tells us it's the most "
     "even heat they've cooked on, and we'd love for you to add your voice on Amazon "
     "when you've made a few pancakes (order 111-1234567-1234567).\n\nThanks,\nBrent",
     "proactive", "C205"),
    ("Hello,\n\nOur amps are built one at a time and guitarists tell us the tone is "
     "the warmest they've heard at this price. If you could spare a minute to review "
     "the one from order 114-1234567-1234567, it would mean a lot.\n\nTom",
     "proactive", "C205"),
    ("Hi,\n\nCould you take a quick sec to tell other home brewers how much you're "
     "loving your new mash paddle? Here's the spot: https://www.amazon.com/review/create-review?asin=B0CK4P7ZQ2\n\nOrder "
     "111-1234567-1234567",
     "proactive", "C205"),
    ("Hallo Herr Kühn,\n\ndas freut uns riesig! Wenn Sie das genau so bei Amazon schreiben "
     "würden, wäre uns sehr geholfen, vor allem das mit dem leisen Lauf.\n\nGute Fahrt",
     "reply", "C205"),
    ("Morning Dana,\n\nBy now you've probably found out how much quicker breakfast "
     "is with a proper milk frother. If you've got a minute, would you tell other coffee "
     "people about it in a review? It's for order 503-1234567-1234567.",
     "proactive", "C205"),
    # guards: blocked at the start already, by the model (the sets' own wordings were not)
    ("Frankly, anyone who can't read a label shouldn't be handling drain cleaner. The "
     "instructions are printed on the front of the bottle in large letters. Maybe ask "
     "someone else in your house to take care of it from now on.",
     "reply", "C213"),
    ("Señora Ruiz:\n\nEstá claro que no sabe usar una olla exprés, y no vamos a pagar "
     "nosotros su descuido. Si sigue insistiendo con el pedido 405-1234567-1234567, "
     "publicaremos las fotos para que todo el mundo vea cómo trata las cosas.",
     "reply", "C213"),
    ("Look, I've sold knives for twenty years and I don't need somebody calling me "
     "a cheat. Write whatever you want online. But if you keep sending me messages "
     "like these, remember your address is on the label sitting on my desk, and I'm "
     "not a patient man.",
     "reply", "C213"),
    ("Hello,\n\nWe film every parcel before it leaves (order 112-1234567-1234567). "
     "If you are trying to get a free case from us, you should know that we will share "
     "this video with Amazon and anywhere else needed, with your name on it.",
     "reply", "C213"),
])
def test_standing_misses_in_new_words(text, kind, code):
    assert code in blocking(text, kind=kind)


def test_a_calm_mention_of_the_address_is_no_veiled_threat():
    text = ("Hello, please remember your address is needed for the courier booking: reply "
            "with a day that suits you for the wardrobe delivery. Order 113-1234567-1234567.")
    assert "C213" not in codes(text)


# ---- after round five (sets CU, CV, CW, scored before these fixes)

@pytest.mark.parametrize("text, kind, code", [
    ("Ciao, il tuo morsetto dell'ordine 403-1234567-1234567 è già al lavoro? Ci lasceresti "
     "un commento su Amazon? Racconta quanto tiene fermo il legno senza segnarlo.",
     "proactive", "C205"),
    ("Hallo Frau Brandt, schön, dass die neue Mühle jetzt einwandfrei läuft, und nochmals "
     "Entschuldigung für den Ärger. Vielleicht mögen Sie ja Ihre Sterne bei Amazon "
     "noch einmal überdenken, jetzt wo alles passt.",
     "reply", "C207"),
    ("Hi Tom,\n\nAs requested, your invoice for order 113-1234567-1234567 is attached. "
     "While you're at it, you might like to know we've just brought out a walnut cutting "
     "board that matches your knife block.\n\nBest, Ana",
     "proactive", "C203"),
    ("Dear friend, we are very glad the new kettle works well. We sent it for free "
     "because we want you to be happy. Could you please kindly change your comment "
     "on Amazon? It is still saying the old one leaked.",
     "reply", "C207"),
    ("Buongiorno, la ringraziamo per l'ordine 406-1234567-1234567. Quando avrà assaggiato "
     "il miele, ci farebbe un grande piacere se scrivesse nella recensione su Amazon "
     "quanto è profumato.",
     "proactive", "C205"),
])
def test_round_five_misses_in_new_words(text, kind, code):
    assert code in blocking(text, kind=kind)
