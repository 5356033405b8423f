"""C201, C203, C210, C213: content the guidelines forbid, with near-misses in six languages."""

from __future__ import annotations

import pytest

import policy
from tests.policy.content_helpers import ORDER, codes

# -- C201 order-or-shipping-confirmation -----------------------------------------------------

CONFIRMATION = [
    ("Good news! Your order has been dispatched. Tracking number: 1Z999AA10123456784.", True),
    ("We have shipped your package today with DHL; you can track your parcel here.", True),
    ("Thank you for your order! This is to confirm that we have received it.", True),
    ("Your order is on its way and should arrive by Friday.", True),
    ("Ihre Bestellung wurde heute versandt. Ihre Sendungsnummer: 00340434161234567891.", True),
    ("Nous avons expédié votre commande aujourd'hui. Numéro de suivi : 6A123456789.", True),
    ("Su pedido ha sido enviado. Número de seguimiento: ES123456789.", True),
    ("Il suo ordine è stato spedito oggi. Codice di tracciamento: IT123456.", True),
    ("ご注文の商品を本日発送いたしました。追跡番号は1234-5678-9012です。", True),
    # near-misses: a delivery problem, a return, an invoice, or information needed
    ("Sadly your parcel was delayed by the carrier. The new tracking number is 1Z88.", False),
    ("The spare screws were missing, so we have sent them separately; tracking 1Z77.", False),
    ("Your return has not arrived yet. Could you share the tracking number?", False),
    ("Your order was sent in two parcels, so there are two invoices attached.", False),
    ("Leider ist Ihr Paket beschädigt angekommen. Wir haben Ersatz versandt.", False),
    ("申し訳ございません。配送が遅れております。", False),
]


@pytest.mark.parametrize("text, fires", CONFIRMATION)
def test_order_or_shipping_confirmation(text, fires):
    assert ("C201" in codes(text)) is fires


@pytest.mark.parametrize("text", [
    "Your order has been dispatched. Tracking number: 1Z999AA10123456784.",
    "Ihre Bestellung wurde versandt. Sendungsnummer: 00340434161234567891.",
])
def test_a_reply_may_give_tracking(text):
    assert "C201" not in codes(text, kind="reply")


# -- C203 marketing --------------------------------------------------------------------------

MARKETING = [
    ("Use code THANKS10 for 10% off your next order!", True),
    ("Check out our other products in our Amazon store.", True),
    ("Follow us on Instagram for tips and giveaways.", True),
    ("Sign up for our newsletter to hear about new arrivals.", True),
    ("Don't miss our Black Friday sale.", True),
    ("You might also like our matching lid.", True),
    ("We have also attached our 2027 catalogue.", True),
    ("Mit dem Gutscheincode DANKE15 sparen Sie 15 % bei Ihrer nächsten Bestellung.", True),
    ("Besuchen Sie unseren Markenshop auf Amazon.", True),
    ("Découvrez nos autres produits sur notre boutique.", True),
    ("Síganos en Facebook para conocer nuestras ofertas especiales.", True),
    ("Scopra i nostri nuovi prodotti con il codice sconto CIAO10.", True),
    ("次回のお買い物で使える10%オフクーポンをお送りします。", True),
    ("Feel free to contact us if you have any questions.", False),
    ("We've sent a free replacement for the damaged one.", False),
    ("Your refund has been processed and should appear in 3-5 days.", False),
    ("Please find attached the invoice; it shows the sales tax.", False),
    ("N'hésitez pas à nous contacter.", False),
    ("Le remplacement vous sera envoyé gratuitement.", False),
    ("Le ofrecemos un reemplazo o un reembolso.", False),
    ("We have shipped new items to replace the damaged ones.", False),
    ("Your replacement is coming soon.", False),
    ("Wir können Ihnen folgendes Angebot machen: Ersatz oder Erstattung.", False),
    ("Die Transaktion ist abgeschlossen.", False),
    ("フォローアップのご連絡です。交換品は明日届きます。", False),
]


@pytest.mark.parametrize("text, fires", MARKETING)
def test_marketing(text, fires):
    assert ("C203" in codes(text)) is fires


def test_a_reply_may_name_the_coupon_the_buyer_asked_about():
    text = "The coupon on the product page is applied by Amazon at checkout."
    assert "C203" not in codes(text, kind="reply")
    assert "C203" not in codes("Sorry, we can't offer a discount code.", kind="reply")
    assert "C203" in codes("Use our coupon code SAVE10 on your next purchase.", kind="reply")


def test_a_coupon_for_a_review_is_one_incentive_not_also_marketing():
    found = codes("Leave a review and we'll send you a voucher.")
    assert "C204" in found and "C203" not in found


# -- C210 opt-out-link -----------------------------------------------------------------------

OPT_OUT = [
    ("To unsubscribe from these emails, click here.", True),
    ("If you no longer wish to receive messages from us, reply STOP.", True),
    ("You can opt out of future messages at any time.", True),
    ("Wenn Sie keine weiteren Nachrichten erhalten möchten, melden Sie sich hier ab.", True),
    ("Pour vous désabonner, répondez STOP.", True),
    ("Para darse de baja, responda a este mensaje.", True),
    ("Per non ricevere più messaggi, risponda STOP.", True),
    ("配信停止をご希望の方はこちら。", True),
    ("We have cancelled the order as you asked.", False),
    ("If you do not receive the parcel by Friday, please let us know.", False),
    ("If you don't want to receive the replacement, simply refuse the delivery.", False),
    ("If you do not want to receive the replacement, let us know.", False),
    ("Ihre Bestellung wurde storniert.", False),
]


@pytest.mark.parametrize("text, fires", OPT_OUT)
def test_opt_out_link(text, fires):
    assert ("C210" in codes(text)) is fires


# -- C213 sensitive-content ------------------------------------------------------------------

SENSITIVE = [
    ("Stop sending us this crap.", True),
    ("You are an idiot if you think we will refund that.", True),
    ("We will hunt you down.", True),
    ("Das ist doch Scheiße.", True),
    ("C'est de la merde.", True),
    ("Eres un idiota.", True),
    ("Che cazzo dice?", True),
    ("バカなことを言わないでください。", True),
    ("Arrêtez de nous raconter des conneries sur ce colis.", True),
    ("On a fait ce qu'on pouvait, alors foutez-nous la paix.", True),
    ("Non ci prenda per il culo con questa storia della taglia.", True),
    ("Basta con queste stronzate sul difetto di fabbrica.", True),
    ("Le connecteur de rechange est fourni avec la notice.", False),
    ("Il culmine della stagione di pesca è a ottobre.", False),
    ("The assessment of the cocktail glasses from Scunthorpe is complete.", False),
    ("Your package is delayed; nous avons du retard.", False),
    ("Please find the unisex sizing chart attached.", False),
    ("カスタマーサービスまでご連絡ください。", False),
    ("The scratch is barely visible to the naked eye.", False),
    ("The lipstick in nude colour is back in stock.", False),
    ("Die Transaktion wurde abgeschlossen; das Spray kann Bakterien töten.", False),
    ("写真がピンボケのため、もう一度お送りいただけますか。", False),
    ("Hi Dick, the replacement will arrive tomorrow.", False),
    ("バカンスのお供にどうぞ。", False),
]


@pytest.mark.parametrize("text, fires", SENSITIVE)
def test_sensitive_content(text, fires):
    assert ("C213" in codes(text)) is fires


def test_spans_point_at_the_phrase_in_html():
    html = f"<p>Order {ORDER}</p><p>Use code <b>SAVE10</b> for 10% off your next order.</p>"
    report = policy.check({"html": html, "kind": "proactive"},
                          policy.Config(select=frozenset({"C203"}), spelling=False, grammar=False))
    (diag,) = report.diagnostics
    assert diag.code == "C203"
    assert html[diag.start:diag.end].lower().startswith("use code")
