"""C214 tracking-pixel and C216 product-or-unrelated-image."""

import pytest

from tests.policy.rule_helpers import run_rule

OID = "113-1234567-1234567"
HEAD = f"<p>Order {OID}: your parcel ships today.</p>\n"




# -- C214 tracking-pixel ----------------------------------------------------------------------

@pytest.mark.parametrize("img", [
    '<img src="https://mystore.com/a.png" width="1" height="1">',
    '<img src="https://mystore.com/a.png" width="0" height="0" alt="">',
    '<img src="https://mystore.com/a.png" height="1px">',
    '<img src="https://mystore.com/a.png" style="width:1px;height:1px">',
    '<img src="https://mystore.com/a.png" style="display: none">',
    '<img src="https://mystore.com/a.png" style="visibility:hidden">',
    '<img src="https://mystore.com/a.png" style="opacity:0">',
    '<img src="https://mystore.com/a.png" hidden>',
    '<div style="display:none"><img src="https://mystore.com/a.png"></div>',
    '<img src="https://www.google-analytics.com/collect?v=1&tid=UA-1">',
    '<img src="https://mystore.us12.list-manage.com/track/open.php?u=1">',
    '<img src="https://cdn.mystore.com/logo.png?utm_source=amazon&utm_medium=email" alt="logo">',
    '<img src="https://mail.mystore.com/open.gif?uid=93" alt="">',
    '<img src="https://mystore.com/pixel.png" alt="">',
    '<img src="https://mystore.com/wf/open?upn=abc" alt="">',
    '<img src="//mystore.com/beacon/123.gif" alt="">',
])
def test_c214_fires(img):
    found = run_rule({"html": HEAD + img}, "C214")
    assert len(found) == 1 and found[0].excerpt.startswith("<img")


@pytest.mark.parametrize("img", [
    '<img src="https://cdn.mystore.com/logo.png" alt="MyStore" width="120" height="40">',
    '<img src="https://cdn.mystore.com/logo.png" style="width:100px;height:10px">',
    '<img src="https://cdn.mystore.com/opener-guide.png" alt="How to open the lid">',
    '<img src="https://cdn.mystore.com/track-lighting.jpg" alt="Assembly step 1" width="10">',
    '<img src="https://cdn.mystore.com/step1.png?v=3" alt="Step 1">',
    '<p style="opacity:0.9"><img src="https://cdn.mystore.com/logo.png" alt="logo"></p>',
])
def test_c214_silent(img):
    assert run_rule({"html": HEAD + img}, "C214") == []


def test_c214_plain_text_has_no_images():
    assert run_rule({"text": f"Order {OID}: <img width=1 height=1>"}, "C214") == []


def test_c214_span_points_at_the_tag():
    html = HEAD + 'Thanks\n  <img src="https://x.com/o.gif" width="1" height="1">'
    (d,) = run_rule({"html": html}, "C214")
    assert html[d.start:d.end] == '<img src="https://x.com/o.gif" width="1" height="1">'
    assert d.line == 3 and d.column == 3


# -- C216 product-or-unrelated-image ----------------------------------------------------------

@pytest.mark.parametrize("img", [
    '<img src="https://cdn.mystore.com/a.jpg" alt="Product photo">',
    '<img src="https://cdn.mystore.com/product-photo-blue.jpg" alt="">',
    '<img src="https://cdn.mystore.com/a.jpg" alt="Ihr Produktbild">',
    '<img src="https://cdn.mystore.com/a.jpg" alt="photo produit">',
    '<img src="https://cdn.mystore.com/a.jpg" alt="商品画像">',
    '<img src="https://m.media-amazon.com/images/I/71abcXYZ.jpg" alt="">',
    '<img src="https://images.unsplash.com/photo-123" alt="">',
    '<img src="https://cdn.mystore.com/shutterstock_12345.jpg" alt="">',
    '<img src="https://cdn.mystore.com/christmas-tree.jpg" alt="Merry">',
    '<img src="https://cdn.desk.com/products/standing-desk-oak.jpg" alt="The desk" width="300">',
    '<img src="https://cdn.desk.com/img/a.jpg" alt="The standing desk you ordered">',
    '<img src="https://cdn.casa.it/x/poltrona.jpg" alt="La poltrona che ha ordinato">',
    '<img src="https://cdn.kagu.jp/x/table.jpg" alt="ご注文のダイニングテーブル">',
    '<img src="https://cdn.laden.de/produkte/mixer.jpg" alt="Mixer">',
])
def test_c216_warns(img):
    found = run_rule({"html": HEAD + img}, "C216")
    assert [d.severity.value for d in found] == ["warning"]


@pytest.mark.parametrize("img", [
    '<img src="https://cdn.mystore.com/logo.png" alt="MyStore">',
    '<img src="https://cdn.mystore.com/product-logo.png" alt="MyStore logo">',  # brand wins
    '<img src="https://cdn.mystore.com/step2.png" alt="Assembly step 2">',
    '<img src="https://cdn.mystore.com/signature.png" alt="Anna, customer care">',
    '<img src="https://cdn.mystore.com/production-team.png" alt="Our team">',  # not "product"
    '<img src="https://mystore.com/product.png" width="1" height="1">',  # C214's, not C216's
    '<img src="https://cdn.mystore.com/products/logo.png" alt="MyStore">',  # logo in any folder
    '<img src="https://cdn.mystore.com/manual/step-3.png" alt="Tighten the four screws">',
])
def test_c216_silent(img):
    assert run_rule({"html": HEAD + img}, "C216") == []


# -- C216: an image named after the product the message is about -----------------------------

def _c216(lang, paragraph, img, signoff):
    html = (f"<p>Hello,</p>\n<p>{paragraph.format(o=OID)}</p>\n{img}\n"
            f"<p>Regards,<br>{signoff}</p>")
    return run_rule({"html": html, "buyer_language": lang}, "C216")


@pytest.mark.parametrize("lang, paragraph, img, signoff", [
    ("es", "Tu lámpara Nube del pedido {o} ya ha llegado.",
     '<img src="https://cdn.casaluz.es/img/lampara-nube-giro.gif" alt="Lámpara Nube girando">',
     "Casa Luz"),
    ("en", "Your Alba kettle from order {o} ships today.",
     '<img src="https://cdn.x.com/alba-kettle.jpg" alt="">', "Kitchen Co"),
    ("en", "Your new Kettle (order {o}) left today.", '<img src="https://cdn.x.com/kettle.png">',
     "Anna"),
    ("de", "Ihre Leuchte Wolke aus Bestellung {o} ist unterwegs.",
     '<img src="https://cdn.x.de/a.png" alt="Leuchten Wolke">', "Lichthaus"),  # plural
    ("fr", "Votre théière Sakura (commande {o}) a été expédiée.",
     '<img src="https://cdn.x.fr/t.jpg" alt="Théière Sakura">', "Maison Thé"),
    ("it", "Il tuo frullatore Turbo (ordine {o}) è stato spedito.",
     '<img src="https://x.it/img/FrullatoreTurbo.jpg" alt="">', "Cucina Viva"),
    ("ja", "ご注文 {o} のダイニングテーブルを発送しました。",
     '<img src="https://cdn.x.jp/t.jpg" alt="テーブル">', "家具店"),
    ("es", "Gracias por comprar las zapatillas Trail Runner, pedido {o}.",
     '<img src="https://x.es/zapatilla-trail-runner.jpg" alt="">', "Deportes Sol"),
])
def test_c216_warns_on_an_image_named_after_the_product(lang, paragraph, img, signoff):
    found = _c216(lang, paragraph, img, signoff)
    assert [d.severity.value for d in found] == ["warning"]
    assert "product this message is about" in found[0].message


@pytest.mark.parametrize("lang, paragraph, img, signoff", [
    # the seller's name from the sign-off, as a logo with or without "logo" in its name
    ("es", "Tu lámpara Nube del pedido {o} ya ha llegado.",
     '<img src="https://cdn.casaluz.es/casaluz.png" alt="Casa Luz">', "Casa Luz"),
    ("en", "Your order {o} has shipped.", '<img src="https://cdn.x.com/brighthome.png" '
     'alt="BrightHome">', "The BrightHome Team"),
    ("fr", "Votre commande {o} est en route.", '<img src="https://x.fr/maison-lumiere.png" '
     'alt="Maison Lumière">', "L'équipe Maison Lumière"),
    # assembly steps and manual pages name the product but help the buyer
    ("en", "To fit the desk legs (order {o}), follow the picture.",
     '<img src="https://cdn.x.com/desk-legs-step-2.png" alt="Desk legs, step 2">', "DeskWorks"),
    ("es", "El manual de tu cafetera (pedido {o}) está en la página 4.",
     '<img src="https://x.es/cafetera-esquema.png" alt="Esquema de la cafetera">', "Café Sol"),
    ("ja", "ご注文 {o} のテーブルの組み立て方法です。",
     '<img src="https://cdn.x.jp/m.png" alt="テーブル組み立て手順">', "家具店"),
    # words the message uses that are not the product
    ("en", "Your order {o} has shipped. Thanks for your order!",
     '<img src="https://cdn.x.com/thank-you.png" alt="Thank you">', "Anna"),
    ("en", "The filter in your air purifier (order {o}) needs a rinse.",
     '<img src="https://cdn.x.com/qr-support.png" alt="Support QR code">', "PureAir"),
    # one word the message uses, but not as the buyer's purchase
    ("en", "The delivery route to your address (order {o}) changed.",
     '<img src="https://cdn.x.com/route.png" alt="Route">', "Anna"),
    # words the message uses, but not for what the buyer bought: a photo of the company
    ("en", "Your lamp (order {o}) was shipped from our warehouse in Leeds today.",
     '<img src="https://cdn.x.com/leeds.jpg" alt="Leeds warehouse">', "Lumo"),
    # one shared word among several is not enough ("lamp" in a photo of the team)
    ("en", "Your lamp (order {o}) ships today.",
     '<img src="https://cdn.x.com/team.jpg" alt="Our team at the lamp workshop in Leeds">',
     "Lumo"),
])
def test_c216_silent_on_brand_and_help_images_that_share_words(lang, paragraph, img, signoff):
    assert _c216(lang, paragraph, img, signoff) == []
