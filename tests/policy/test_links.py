"""C209 external-link and C212 logo-link."""

import pytest

import policy
from tests.policy.rule_helpers import run_rule

OID = "113-1234567-1234567"




def diags(message, code, config=None):
    return run_rule(message, code, policy.Config(spelling=False, grammar=False, **(config or {})))


def text(body):
    return {"text": f"Order {OID}. {body}"}


# -- C209 external-link -----------------------------------------------------------------------

@pytest.mark.parametrize("body, excerpt", [
    ("See more products at www.mystore.com", "www.mystore.com"),
    ("Visit mystore.com for our catalogue.", "mystore.com"),
    ("Besuchen Sie https://www.mein-shop.de/angebote!", "https://www.mein-shop.de/angebote"),
    ("Rendez-vous sur boutique.fr/promo.", "boutique.fr/promo"),
    ("Visite tienda.es", "tienda.es"),
    ("Follow us on https://instagram.com/mystore", "https://instagram.com/mystore"),
    ("Order history: http://www.amazon.de/gp/css/order-history",
     "http://www.amazon.de/gp/css/order-history"),
    ("Track at http://www.ups.com/track?n=1Z999", "http://www.ups.com/track?n=1Z999"),  # http
    ("Fake: https://amazon.de.evil.com/login", "https://amazon.de.evil.com/login"),
    ("Fake: https://amazon-deals.com/x", "https://amazon-deals.com/x"),
    ("Files: ftp://files.mystore.com/manual", "ftp://files.mystore.com/manual"),
    ("詳しくはhttps://shop.example.jp/itemをご覧ください", "https://shop.example.jp/item"),
])
def test_c209_fires(body, excerpt):
    found = diags(text(body), "C209")
    assert [d.excerpt for d in found] == [excerpt]


@pytest.mark.parametrize("body, config", [
    ("Your order: https://www.amazon.de/gp/your-account/order-details", None),
    ("Rate the seller at https://www.amazon.co.uk/feedback", None),
    ("Amazon.com.mx y amazon.co.jp son tiendas de Amazon.", None),
    ("Short link https://amzn.to/3abcd", None),
    ("Track it: https://www.ups.com/track?tracknum=1Z999AA10123456784", None),
    ("Sendungsverfolgung: https://www.dhl.de/de/privatkunden.html?piececode=123", None),
    ("Suivi : https://www.laposte.fr/outils/suivre-vos-envois?code=6A123", None),
    ("追跡: https://toi.kuronekoyamato.co.jp/cgi-bin/tneko", None),
    ("Track on ups.com with your number.", None),  # bare carrier name
    ("Please upload your photo at https://upload.mystore.com/113",
     {"allowed_domains": ("mystore.com",)}),
    ("Please read manual.pdf and README.md, then open invoice.zip.", None),
    ("It arrived.It works. Thanks.Best regards", None),
    ("Write to us at support@mystore.com", None),  # C215's business, not a link
])
def test_c209_silent(body, config):
    assert diags(text(body), "C209", config) == []


def test_c209_http_amazon_link_gets_a_safe_fix():
    message = text("See http://www.amazon.de/gp/css/order-history.")
    (d,) = diags(message, "C209")
    assert d.fix is not None and d.fix.replacement == "https"
    body = message["text"]
    fixed = body[:d.fix.start] + d.fix.replacement + body[d.fix.end:]
    assert "https://www.amazon.de/gp/css/order-history" in fixed
    assert diags({"text": fixed}, "C209") == []


def test_c209_no_fix_for_other_sites():
    (d,) = diags(text("See http://www.mystore.com"), "C209")
    assert d.fix is None


@pytest.mark.parametrize("html, excerpts", [
    (f'<p>Order {OID}</p><p><a href="https://mystore.com/shop">our shop</a></p>',
     ["https://mystore.com/shop"]),
    (f'<p>Order {OID}</p><a href="http://www.amazon.com/orders">orders</a>',
     ["http://www.amazon.com/orders"]),
    (f'<p>Order {OID}: visit <a href="https://mystore.com">mystore.com</a></p>',
     ["mystore.com"]),  # same site written and linked: reported once
])
def test_c209_html_links(html, excerpts):
    assert [d.excerpt for d in diags({"html": html}, "C209")] == excerpts


def test_c209_html_fix_points_at_the_href():
    html = f'<p>Order {OID}</p>\n<a href="http://www.amazon.com/orders">your orders</a>'
    (d,) = diags({"html": html}, "C209")
    assert html[d.fix.start:d.fix.end] == "http"


@pytest.mark.parametrize("html", [
    f'<p>Order {OID}</p><a href="https://www.amazon.fr/gp/css/order-history">commandes</a>',
    f'<p>Order {OID}</p><img src="https://cdn.mystore.com/logo.png" alt="MyStore">',
    f'<p>Order {OID}</p><a href="#top">top</a><a href="mailto:x@y.com">x</a>',
])
def test_c209_html_silent(html):
    assert diags({"html": html}, "C209") == []


# -- C212 logo-link ---------------------------------------------------------------------------

LOGO = '<img src="https://mystore.com/logo.png" alt="MyStore">'


@pytest.mark.parametrize("html", [
    f'<p>Order {OID}</p><a href="https://mystore.com">{LOGO}</a>',
    f'<p>Order {OID}</p><a href="www.mystore.de"><span>{LOGO}</span></a>',
    f'<p>Order {OID}</p><a href="http://mystore.com">{LOGO}</a>',
])
def test_c212_fires(html):
    (d,) = diags({"html": html}, "C212")
    assert d.excerpt.startswith("<a ")


def test_c212_fires_even_for_allowed_domains():
    html = f'<p>Order {OID}</p><a href="https://mystore.com">{LOGO}</a>'
    assert len(diags({"html": html}, "C212", {"allowed_domains": ("mystore.com",)})) == 1


# POLICY_READING: "a linked logo is C212 and, if the link leaves Amazon, C209 too": a logo
# linked to the seller's Amazon storefront is still C212 (set BZ's first score missed it).
@pytest.mark.parametrize("html", [
    f'<p>Order {OID}</p><a href="https://www.amazon.de/sp?seller=A1">'
    '<img src="https://m.media-amazon.com/l.png" alt="logo"></a>',
    f'<p>Order {OID}</p><a href="https://www.amazon.co.jp/stores/chikuin/page/6F1A">'
    '<img src="https://cdn.chikuin.jp/head.png" alt="和楽器 竹韻"></a>',
    f'<p>Order {OID}</p><a href="https://www.amazon.com/dp/B0TEST">'
    '<img src="https://cdn.shop.example/brand-logo.png" alt="Coverslip Lab"></a>',
])
def test_c212_fires_for_a_logo_linked_to_amazon(html):
    (d,) = diags({"html": html}, "C212")
    assert "logo" in d.message


@pytest.mark.parametrize("html", [
    f'<p>Order {OID}</p><img src="https://mystore.com/logo.png" alt="MyStore">',  # no link
    # a product photo linked to its Amazon page is no logo
    f'<p>Order {OID}</p><a href="https://www.amazon.de/dp/B0TEST">'
    '<img src="https://m.media-amazon.com/images/I/71x.jpg" alt="Sensenblatt 70 cm"></a>',
    f'<p>Order {OID}</p><a href="https://mystore.com">text link only</a>',  # C209's, not C212's
])
def test_c212_silent(html):
    assert diags({"html": html}, "C212") == []


def test_c209_reads_the_subject():
    (d,) = diags({"subject": "News from mystore.com", "text": f"Order {OID}"}, "C209")
    assert d.field == "subject" and d.excerpt == "mystore.com"
    assert diags({"subject": f"Your amazon.de order {OID}", "text": "Hi"}, "C209") == []


@pytest.mark.parametrize("body", [
    "Please upload your photo for the engraving at https://upload.mystore.com/113",
    "Bitte laden Sie Ihr Motiv hier hoch: https://mein-druck.de/hochladen?o=113",
    "Merci de téléverser votre logo sur https://atelier.fr/commande.",
])
def test_c209_upload_page_is_a_warning(body):
    # The phrase rule alone cannot tell the page is needed: a warning.
    (d,) = diags(text(body), "C209", {"intents": False})
    assert d.severity.value == "warning" and "allowed_domains" in d.message


@pytest.mark.parametrize("body", [
    "Please upload your photo for the engraving at https://upload.mystore.com/113",
    "Please book your delivery slot for the sofa on the carrier's page: https://book.freightco.com/113",
    "Bitte geben Sie den Entwurf Ihrer Gravur hier frei: https://proof.mein-druck.de/113",
])
def test_c209_link_presented_as_needed_for_the_order_passes(body):
    # POLICY_READING, C209: a page needed to complete the order (an upload page for a custom
    # order, a freight carrier's booking page, a design proof to approve) is allowed over
    # https; the intent model reads the sentence as presenting such a page.
    assert diags(text(body), "C209") == []


@pytest.mark.parametrize("body, host", [
    ("Please book your delivery slot for the sofa on the carrier's page: https://bit.ly/3xYz12",
     "bit.ly"),
    ("Die Pflegeanleitung für Ihre Lederjacke finden Sie hier: https://tinyurl.com/pflege-113",
     "tinyurl.com"),
    ("Validez l'épreuve de votre gravure ici : https://cutt.ly/epreuve113", "cutt.ly"),
])
def test_c209_short_link_fires_even_where_a_page_would_be_needed(body, host):
    # POLICY_READING, C209: only a page the order needs may leave Amazon. A public shortener
    # hides the page, so no sentence around it can show that the order needs it.
    (d,) = diags(text(body), "C209")
    assert d.severity.value == "error" and f"short link via {host}" in d.message


def test_c209_short_link_listed_by_the_seller_passes():
    body = "Book your slot: https://bit.ly/3xYz12"
    assert diags(text(body), "C209", {"allowed_domains": ("bit.ly",)}) == []


@pytest.mark.parametrize("body", [
    "Please upload your photo at http://upload.mystore.com/113",  # http stays an error
    "We uploaded new products. See https://mystore.com/new. Enjoy!"[:-7] + " today",
    "Shop our personalised gifts at https://mystore.com",
])
def test_c209_not_an_upload_page(body):
    found = diags(text(body), "C209")
    assert found and all(d.severity.value == "error" for d in found)


# Carrier tracking pages of every marketplace pass over https; the same host over http, and a
# look-alike host that only contains the carrier's name, do not.
CARRIER_TRACKING = [
    "https://www.ninjavan.co/en-sg/tracking?id=SGNJV0000001",
    "https://www.qxpress.net/Tracking?no=QX0001",
    "https://www.delhivery.com/track/package/1234567890",
    "https://www.ecomexpress.in/tracking/?awb_field=123",
    "https://www.dtdc.in/tracking.asp",
    "https://shiprocket.co/tracking/ABC123",
    "https://www.canadapost-postescanada.ca/track-reperage/en#/details/123",
    "https://www.purolator.com/en/shipping/tracker?pin=123",
    "https://auspost.com.au/mypost/track/details/33ABC",
    "https://www.couriersplease.com.au/tools-track/no/CP123",
    "https://track.sendle.com/tracking?ref=S123",
    "https://www.nzpost.co.nz/tools/tracking/item/NZ123",
    "https://jouw.postnl.nl/track-and-trace/3SABC-NL-1234AB",
    "https://www.inpost.pl/sledzenie-przesylek?number=123",
    "https://www.correosexpress.com/web/correosexpress/envios",
    "https://www.mrw.es/seguimiento_envios/MRW_resultados_consultas.asp",
    "https://www.estafeta.com/Herramientas/Rastreo",
    "https://www.jadlog.com.br/siteInstitucional/tracking.jad",
    "https://www.araskargo.com.tr/tr/cargo_tracking_detail.aspx?q=1",
    "https://www.emiratespost.ae/all-services/track-a-package",
    "https://splonline.com.sa/en/shipmentdetailsstatic/?tid=SA123",
    "https://www.smsaexpress.com/trackingdetails?tracknumbers=123",
    "https://www.aramex.com/ae/en/track/results?ShipmentNumber=123",
]


@pytest.mark.parametrize("url", CARRIER_TRACKING)
def test_c209_carrier_tracking_links_pass(url):
    assert diags(text(f"Tracking: {url}"), "C209") == []


@pytest.mark.parametrize("url", [
    "http://www.ninjavan.co/en-sg/tracking?id=SGNJV0000001",  # plain http
    "https://ninjavan-tracking.co/en-sg?id=1",  # look-alike host
    "https://auspost.com.au.track-parcel.net/x",  # carrier name as a subdomain of another site
])
def test_c209_carrier_lookalikes_fire(url):
    assert diags(text(f"Tracking: {url}"), "C209")
