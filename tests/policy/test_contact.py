"""C215 contact-details: e-mail addresses and phone numbers, with a carrier/warranty exception."""

import pytest

from tests.policy.rule_helpers import run_rule

OID = "113-1234567-1234567"




def c215(body, marketplace="amazon.com", **extra):
    return run_rule({"text": f"Order {OID}. {body}", "marketplace": marketplace, **extra}, "C215")


@pytest.mark.parametrize("body, marketplace, excerpt", [
    ("Questions? Write to help@mystore.com.", "amazon.com", "help@mystore.com"),
    ("Schreiben Sie an info [at] meinladen [dot] de", "amazon.de", "info [at] meinladen [dot] de"),
    ("Email me: john at mystore dot com", "amazon.com", "john at mystore dot com"),
    ("Écrivez à contact(at)boutique.fr", "amazon.fr", "contact(at)boutique.fr"),
    ("Call us on 020 7946 0958 any time.", "amazon.co.uk", "020 7946 0958"),
    ("Rufen Sie uns an: 030 12345678", "amazon.de", "030 12345678"),
    ("Rufen Sie uns an: +49 30 12345678", "amazon.de", "+49 30 12345678"),
    ("Appelez-nous au 01 23 45 67 89.", "amazon.fr", "01 23 45 67 89"),
    ("Llámenos al 912 345 678.", "amazon.es", "912 345 678"),
    ("Chiamaci al 06 1234 5678.", "amazon.it", "06 1234 5678"),
    ("お問い合わせは03-1234-5678まで。", "amazon.co.jp", "03-1234-5678"),
    ("Text us at (212) 555-0123.", "amazon.com", "(212) 555-0123"),
])
def test_c215_errors(body, marketplace, excerpt):
    found = c215(body, marketplace)
    assert [(d.excerpt, d.severity.value) for d in found] == [(excerpt, "error")]


@pytest.mark.parametrize("body, marketplace", [
    ("For delivery questions call the carrier, UPS, at 1-800-742-5877.", "amazon.com"),
    ("Warranty claims: Acme service line +49 30 1234567.", "amazon.de"),
    ("Die Hotline des Herstellers erreichen Sie unter 030 12345678.", "amazon.de"),
    ("Le service garantie du fabricant : 01 23 45 67 89.", "amazon.fr"),
    ("Garantía: llame al fabricante al 912 345 678.", "amazon.es"),
    ("メーカー保証窓口：03-1234-5678", "amazon.co.jp"),
    ("DHL Kundenservice: 0228 4333112", "amazon.de"),
    # freight carriers of bulky items
    ("If you miss their call, reach the XPO Last Mile customer line at 1-844-742-5976.",
     "amazon.com"),
    ("The freight company will call; their line is 1-866-378-3748.", "amazon.com"),
])
def test_c215_labelled_lines_are_warnings(body, marketplace):
    found = c215(body, marketplace)
    assert [d.severity.value for d in found] == ["warning"]


def test_c215_label_in_another_sentence_does_not_count():
    found = c215("UPS has your parcel. Call us on 020 7946 0958.", "amazon.co.uk")
    assert [d.severity.value for d in found] == ["error"]


@pytest.mark.parametrize("body, marketplace", [
    ("Your tracking number is 1Z999AA10123456784.", "amazon.com"),
    ("Tracking number: 1234567890", "amazon.com"),
    ("Ihre Sendungsnummer lautet 00340434161234567890.", "amazon.de"),
    ("Total: 1.299,00 EUR, geliefert am 12.11.2026 an 10115 Berlin.", "amazon.de"),
    ("The price is $1,299.99 and it ships on 11/12/2026.", "amazon.com"),
    ("Rechnungsnummer 2026001234 liegt bei.", "amazon.de"),
    ("Model 4711081512 fits your device.", "amazon.com"),
    ("Order 114-7654321-7654321 and 11476543217654321 too.", "amazon.com"),
    ("Please reply to this message with your address.", "amazon.com"),
    ("Please send us a photo @ the Amazon messages page.", "amazon.com"),
    ("We are at your service. Meet at store.com? No.", "amazon.com"),
    ("配達予定日は2026年11月12日です。郵便番号123-4567。", "amazon.co.jp"),
])
def test_c215_silent(body, marketplace):
    assert c215(body, marketplace) == []


def test_c215_html_mailto_and_tel_links():
    html = (f'<p>Order {OID}</p><p><a href="mailto:help@mystore.com">write to us</a> or '
            f'<a href="tel:+4930123456">call</a></p>')
    found = run_rule({"html": html, "marketplace": "amazon.de"}, "C215")
    assert [d.excerpt for d in found] == ["mailto:help@mystore.com", "tel:+4930123456"]


def test_c215_visible_address_and_mailto_reported_once():
    html = f'<p>Order {OID}: <a href="mailto:help@mystore.com">help@mystore.com</a></p>'
    found = run_rule({"html": html}, "C215")
    assert [d.excerpt for d in found] == ["help@mystore.com"]


def test_c215_reads_the_subject():
    found = run_rule({"subject": "Call 030 12345678", "text": f"Order {OID}",
                      "marketplace": "amazon.de"}, "C215")
    assert [(d.field, d.excerpt) for d in found] == [("subject", "030 12345678")]
    assert run_rule({"subject": f"Bestellung {OID} vom 12.11.2026", "text": "Hallo",
                     "marketplace": "amazon.de"}, "C215") == []
