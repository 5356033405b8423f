"""policy.tokens: order IDs, links, e-mail addresses and phone numbers, with hard negatives."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from policy import tokens


@pytest.mark.parametrize("text, values", [
    ("Order 113-1234567-1234567 is ready", ["113-1234567-1234567"]),
    ("Order#113-1234567-1234567x", ["113-1234567-1234567"]),  # glued to words
    ("ID: 11312345671234567.", ["113-1234567-1234567"]),  # 17 bare digits
    ("113\u20131234567\u20131234567", ["113-1234567-1234567"]),  # en dash
    ("113 1234567 1234567", ["113-1234567-1234567"]),
    ("Order ID: 113 - 1234567 - 1234567", ["113-1234567-1234567"]),
    ("\uff11\uff11\uff13\uff0d\uff11\uff12\uff13\uff14\uff15\uff16\uff17\uff0d"
     "\uff11\uff12\uff13\uff14\uff15\uff16\uff17", ["113-1234567-1234567"]),  # full-width
    ("D01-1234567-1234567", ["D01-1234567-1234567"]),
    ("https://www.amazon.de/x?orderID=302-1234567-1234567&ref=a", ["302-1234567-1234567"]),
    ("two: 113-1234567-1234567 and 114-7654321-7654321",
     ["113-1234567-1234567", "114-7654321-7654321"]),
])
def test_order_ids_found(text, values):
    assert [t.value for t in tokens.find_order_ids(text)] == values


@pytest.mark.parametrize("text", [
    "1131234567123456789",  # 19 digits: longer than an order ID
    "113-1234567 1234567",  # mixed separators
    "113 -1234567- 1234567",  # the two separators differ
    "113-123456-1234567",  # 3-6-7
    "Tracking 1Z999AA10123456784",
    "9400111899223100000000",
    "D0112345671234567",  # D01 glued to digits is not the digital format
    "Sendung PQ47B20741923450108011X",  # 17 digits inside a parcel code, letters both sides
])
def test_order_id_near_misses(text):
    assert tokens.find_order_ids(text) == []


def test_order_id_span_is_exact():
    text = "Bestellung: 113-1234567-1234567."
    (token,) = tokens.find_order_ids(text)
    assert text[token.start:token.end] == "113-1234567-1234567"


@pytest.mark.parametrize("text, expected", [
    ("Visit mystore.com today", [("mystore.com", "http://mystore.com")]),
    ("see www.shop.de/help.", [("www.shop.de/help", "http://www.shop.de/help")]),
    ("(https://amazon.co.uk/dp/B01(x)).", [("https://amazon.co.uk/dp/B01(x)",) * 2]),
    ("HTTP://AMAZON.COM/Kit", [("HTTP://AMAZON.COM/Kit",) * 2]),
    ("こちらhttps://amzn.to/xyzをご覧ください", [("https://amzn.to/xyz",) * 2]),
    ("Amazon.co.jpでご確認ください", [("Amazon.co.jp", "http://Amazon.co.jp")]),
    ("Upload at mystore.com.mx/upload?id=3!", [("mystore.com.mx/upload?id=3",
                                                "http://mystore.com.mx/upload?id=3")]),
    ("http://192.168.0.1/admin", [("http://192.168.0.1/admin",) * 2]),
    ("www.files.zip", [("www.files.zip", "http://www.files.zip")]),  # www. makes it a link
    ("MYSTORE.DE", [("MYSTORE.DE", "http://MYSTORE.DE")]),
    ("Besuchen Sie münchen-shop.de!", [("münchen-shop.de", "http://münchen-shop.de")]),
])
def test_urls_found(text, expected):
    assert [(t.text, t.value) for t in tokens.find_urls(text)] == expected


@pytest.mark.parametrize("text", [
    "Please read manual.pdf and README.md",
    "I attached invoice.zip and setup.exe, photo.jpg, notes.docx",
    "It arrived.It works great.",  # missing space, not a domain
    "Thanks for your order.Best regards",
    "e.g. i.e. z.B. U.S.A. 19.99 v1.2.3 12.11.2026",
    "Write to john.doe@mystore.com",  # an e-mail address, not a link
    "Version 2.0 ships today",
    "Müller GmbH & Co.KG, St.Gallen, Dr.Schmidt, inkl.MwSt, S.p.A., p.ej.",
    "Anleitung.PDF, datei.doc, bild.png, video.mov, script.py",
])
def test_url_near_misses(text):
    assert tokens.find_urls(text) == []


@pytest.mark.parametrize("text, value", [
    ("mail john.doe@mystore.com.", "john.doe@mystore.com"),
    ("JOHN@MyStore.de", "john@mystore.de"),
    ("john [at] mystore [dot] com", "john@mystore.com"),
    ("john(at)mystore.com", "john@mystore.com"),
    ("john at mystore dot com", "john@mystore.com"),
    ("john @ mystore . com", "john@mystore.com"),
    ("jane arroba tienda punto es", "jane@tienda.es"),
    ("info\uff20shop.jp", "info@shop.jp"),
    ("kontakt (at) laden (punkt) de", "kontakt@laden.de"),
    ("jane アットマーク shop.jp", "jane@shop.jp"),
    ("info（アット）shop.jp", "info@shop.jp"),
    ("john at mail dot shop dot co dot uk", "john@mail.shop.co.uk"),
    ("E-mail: info at shop.de", "info@shop.de"),  # labelled: a plain dot is enough
])
def test_emails_found(text, value):
    assert [t.value for t in tokens.find_emails(text)] == [value]


@pytest.mark.parametrize("text", [
    "meet me at store.com",  # no address: nothing written as "dot"
    "I looked at the box dot by dot",
    "Price @ 19.99 each",
    "Look at amazon.de",
    "Die Geräte kommen später (at the latest Friday).",
    "We are at the pick-up point in town.",  # "point" is not a dot here
    "Please contact us at amazon.com/contact-us.",
    "Contact Amazon at amazon.de if the parcel is lost.",
])
def test_email_near_misses(text):
    assert tokens.find_emails(text) == []


@pytest.mark.parametrize("text, marketplace, value", [
    ("Call 030 12345678 today", "amazon.de", "+493012345678"),
    ("Ruf an: 0301234567", "amazon.de", "+49301234567"),
    ("Call +44 20 7946 0958", None, "+442079460958"),
    ("Call 020 7946 0958", "amazon.co.uk", "+442079460958"),
    ("Call 212-555-0123", "amazon.com", "+12125550123"),
    ("Appelez le 01 23 45 67 89", "amazon.fr", "+33123456789"),
    ("お電話 03-1234-5678 まで", "amazon.co.jp", "+81312345678"),
    ("Llame al 912 345 678", "amazon.es", "+34912345678"),
    ("Chiamate 06 1234 5678", "amazon.it", "+390612345678"),
    ("Call 1-800-742-5877", None, "+18007425877"),
    ("Call 020 7946 0958", "amazon.de", "+442079460958"),  # formatted: other regions tried
    ("tel 0049 89 1234567", "amazon.com", "+49891234567"),  # 00 as international prefix
    ("Call +1 555 123 4567", "amazon.com", "+15551234567"),  # labelled 555: possible is enough
    ("Call 1-555-123-4567", "amazon.com", "+15551234567"),
    ("WhatsApp 0612345678", "amazon.fr", "+33612345678"),
    ("Tel-030 12345678", "amazon.de", "+493012345678"),  # "Tel-" is a label, not a code
    ("Call 0301234567 in the morning", "amazon.de", "+49301234567"),  # "in" is not a unit
])
def test_phones_found(text, marketplace, value):
    assert [t.value for t in tokens.find_phones(text, marketplace)] == [value]


@pytest.mark.parametrize("text, marketplace", [
    ("Order 113-1234567-1234567 shipped", "amazon.com"),
    ("Order 11312345671234567 shipped", "amazon.de"),
    ("Tracking number 1234567890", "amazon.com"),
    ("Sendungsnummer: 00340434161234567890", "amazon.de"),
    ("UPS 1Z999AA10123456784", "amazon.com"),
    ("USPS 9400 1118 9922 3100 0000 00", "amazon.com"),
    ("Preis 1.299,00 EUR am 12.11.2026", "amazon.de"),
    ("Delivered 2026-11-10 to 10115 Berlin", "amazon.de"),
    ("Price: $1,299.99 (was $1,499.99)", "amazon.com"),
    ("ISBN 978-3-16-148410-0", "amazon.de"),
    ("ASIN B08N5WRWNW", "amazon.com"),
    ("4711081512", "amazon.com"),  # bare digits: checked only in the home region
    ("Rechnungsnummer 2026001234", "amazon.de"),
    ("https://www.amazon.de/dp/4912345678", "amazon.de"),
    ("Delivery between 10/11/2026 and 14/11/2026", "amazon.co.uk"),
    ("Dimensions 120 x 60 x 75 cm, 2500 g", "amazon.de"),
    ("Time slot 08:00-12:00 on 12.11.", "amazon.de"),
    ("Only 6 digits 123456 here", "amazon.de"),
    ("ships via UPS 1Z 999 AA1 01 2345 6784", "amazon.com"),  # spaced tracking code
    ("Delivery window: 2026-11-14 09:00-13:00", "amazon.co.uk"),
    ("Please reference case 12345678901 when you reply.", "amazon.com"),
    ("IBAN DE89 3704 0044 0532 0130 00", "amazon.de"),
    ("Votre colis n° 6A12345678901 arrivera le 14/11/2026", "amazon.fr"),
    ("Il codice di tracciamento è 084123456789012. CAP 20121 Milano.", "amazon.it"),
    ("追跡番号は 1234-5678-9012 です。〒150-0001", "amazon.co.jp"),
    ("お問い合わせ番号：4455-6677-8899 です。", "amazon.co.jp"),
    ("Rechnung Nr. RE-2026-004711 liegt bei", "amazon.de"),
    ("Ticket #2026004711", "amazon.com"),
    ("Sizes 120 150 200 cm available", "amazon.de"),  # valid in Poland, not a phone here
    ("Pack of 250 500 1000 sheets", "amazon.com"),
])
def test_phone_hard_negatives(text, marketplace):
    assert tokens.find_phones(text, marketplace) == []


def test_international_00_prefix_span_keeps_the_zeros():
    text = "Tel. 0049 89 1234567"
    (token,) = tokens.find_phones(text, "amazon.com")
    assert token.text == "0049 89 1234567"


def test_phone_span_points_at_the_number():
    text = "Hotline: +49 30 1234567."
    (token,) = tokens.find_phones(text, "amazon.de")
    assert text[token.start:token.end] == "+49 30 1234567"


@pytest.mark.parametrize("marketplace, region", [
    ("amazon.co.uk", "GB"), ("amazon.com.mx", "MX"), ("www.amazon.co.jp", "JP"),
    ("de", "DE"), ("GB", "GB"), (None, "US"), ("amazon.com", "US"),
])
def test_marketplace_region(marketplace, region):
    assert tokens.marketplace_region(marketplace) == region


@pytest.mark.parametrize("url, host", [
    ("https://user:pw@Shop.DE:8443/x", "shop.de"),
    ("mystore.com/path?x=1", "mystore.com"),
    ("http://[::1]/", "::1"),
])
def test_url_host(url, host):
    assert tokens.url_host(url) == host


_ALPHABET = st.sampled_from(
    list("0123456789-–. /:@()[]+xwmo.comhtps\n\uff10\uff0dD")
    + ["at", " dot ", "www.", "https://", ".de", "113-1234567-1234567", "Tel ", "00"])


@settings(max_examples=300, deadline=None)
@given(st.lists(_ALPHABET, max_size=40).map("".join) | st.text(max_size=80))
def test_every_token_span_lies_inside_the_text(text):
    for finder in (tokens.find_order_ids, tokens.find_urls, tokens.find_emails,
                   lambda t: tokens.find_phones(t, "amazon.de")):
        for token in finder(text):
            assert 0 <= token.start < token.end <= len(text)
            assert text[token.start:token.end] == token.text
