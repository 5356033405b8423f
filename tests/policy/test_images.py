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
