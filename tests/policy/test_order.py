"""O101, O102, O103, O106, O107: the order context rules."""

import datetime as dt

import pytest

from tests.policy.rule_helpers import run_rule

OID = "113-1234567-1234567"




def diags(message, code, now=None):
    return run_rule(message, code, now=now)


# -- O101 missing-order-id --------------------------------------------------------------------

@pytest.mark.parametrize("message", [
    {"text": "Hello, your parcel needs a signature on delivery."},
    {"text": "Hallo, Ihre Bestellung 113-1234567 kommt morgen."},  # incomplete ID
    {"html": "<p>Bonjour, votre colis arrive demain.</p>"},
    {"text": "ご注文ありがとうございます。明日発送します。", "subject": "発送について"},
])
def test_o101_fires_without_an_order_id(message):
    assert len(diags(message, "O101")) == 1


def test_o101_leaves_replies_alone():
    """A reply travels in the buyer's thread of that order; only proactive messages need the ID."""
    assert diags({"kind": "reply", "text": "Yes, the charger is included."}, "O101") == []


@pytest.mark.parametrize("message", [
    {"text": f"Order {OID}: your parcel needs a signature."},
    {"text": "Your parcel needs a signature.", "subject": f"Order {OID}"},
    {"text": "Bestellung Nr.11312345671234567 kommt morgen."},
    {"text": f"Order#{OID}x"},
    {"text": f"See https://www.amazon.de/gp/your-account/order-details?orderID={OID}"},
    {"html": f'<p>See <a href="https://www.amazon.de/x?orderID={OID}">your order</a>.</p>'},
    {"text": "Pedido D01-1234567-1234567: su clave de acceso."},
    {"text": "", "message_type": "invoice", "attachments": ["invoice.pdf"]},  # no text field
])
def test_o101_silent_when_present(message):
    assert diags(message, "O101") == []


@pytest.mark.parametrize("message, replacement, at", [
    ({"text": "Your parcel needs a signature.", "order_id": OID}, f"Order ID: {OID}\n\n", 0),
    ({"text": "Ihr Paket kommt.", "order_id": "11312345671234567", "buyer_language": "de"},
     f"Bestellnummer: {OID}\n\n", 0),
    ({"text": "\nHi Jamie,\nyour parcel is late.", "order_id": OID}, f"Order ID: {OID}\n\n", 1),
    ({"html": "<p>Your parcel needs a signature.</p>", "order_id": OID},
     f"Order ID: {OID}<br>", 3),
])
def test_o101_fix_inserts_the_known_id(message, replacement, at):
    (d,) = diags(message, "O101")
    assert d.fix is not None and d.fix.replacement == replacement
    assert d.fix.start == d.fix.end == at
    body = message.get("html") or message["text"]
    fixed = body[:at] + replacement + body[at:]
    assert diags({**message, ("html" if "html" in message else "text"): fixed}, "O101") == []


def test_o101_fix_puts_the_id_on_its_own_line_above_the_greeting():
    (d,) = diags({"text": "Hi Jamie,\nyour parcel is late.", "order_id": OID}, "O101")
    fixed = d.fix.replacement + "Hi Jamie,\nyour parcel is late."
    assert fixed.splitlines()[:3] == [f"Order ID: {OID}", "", "Hi Jamie,"]
    assert d.fix.description == f"Add the line 'Order ID: {OID}' at the top"


def test_o101_no_fix_when_the_id_is_unknown():
    (d,) = diags({"text": "Your parcel needs a signature."}, "O101")
    assert d.fix is None


# -- O102 order-id-mismatch -------------------------------------------------------------------

@pytest.mark.parametrize("message, excerpt", [
    ({"text": "Your order 114-7654321-7654321 has a missing part.", "order_id": OID},
     "114-7654321-7654321"),
    ({"text": f"Order {OID}", "subject": "Re: 11476543217654321", "order_id": OID},
     "11476543217654321"),
])
def test_o102_fires_on_another_order(message, excerpt):
    (d,) = diags(message, "O102")
    assert d.excerpt == excerpt


@pytest.mark.parametrize("message", [
    {"text": "Order 11312345671234567 ships today.", "order_id": OID},  # same ID, other form
    {"text": "Order 113\u20131234567\u20131234567", "order_id": "11312345671234567"},
    {"text": "Your order 114-7654321-7654321 has a missing part."},  # order unknown
    {"text": "No ID at all.", "order_id": OID},
])
def test_o102_silent(message):
    assert diags(message, "O102") == []


# -- O103 outside-30-days ---------------------------------------------------------------------

BASE = {"text": f"Order {OID}: delivery update.", "order_date": "2026-10-01"}


@pytest.mark.parametrize("extra, now", [
    ({"sent_at": "2026-11-01T09:00:00Z"}, None),  # 31 days
    ({}, dt.datetime(2026, 12, 24, tzinfo=dt.timezone.utc)),  # from `now`
    ({"sent_at": "2026-11-20T00:00:00+02:00"}, None),
])
def test_o103_fires_after_30_days(extra, now):
    assert len(diags({**BASE, **extra}, "O103", now=now)) == 1


@pytest.mark.parametrize("extra, now", [
    ({"sent_at": "2026-10-31T23:00:00Z"}, None),  # day 30
    ({"sent_at": "2026-10-05T00:00:00Z"}, dt.datetime(2027, 1, 1, tzinfo=dt.timezone.utc)),
    ({"kind": "reply", "sent_at": "2026-12-31T00:00:00Z"}, None),  # replies are not limited
    ({"order_date": None, "sent_at": "2026-12-31T00:00:00Z"}, None),  # date unknown
])
def test_o103_silent(extra, now):
    assert diags({**BASE, **extra}, "O103", now=now) == []


def test_o103_falls_back_to_the_clock():
    old = {**BASE, "order_date": "2001-01-01"}
    assert len(diags(old, "O103")) == 1
    today = {**BASE, "order_date": dt.datetime.now(dt.timezone.utc).date().isoformat()}
    assert diags(today, "O103") == []


# -- O106 important-subject -------------------------------------------------------------------

@pytest.mark.parametrize("subject, excerpt", [
    ("[Important] Delivery appointment", "[Important]"),
    ("[IMPORTANT] Delivery appointment", "[IMPORTANT]"),
    ("【重要】お届けについて", "【重要】"),
    ("[重要] お届けについて", "[重要]"),
    ("[Wichtig] Lieferung Ihrer Bestellung", "[Wichtig]"),
    ("[Importante] Consegna del suo ordine", "[Importante]"),
    ("Delivery [ important ] info", "[ important ]"),
])
def test_o106_fires(subject, excerpt):
    (d,) = diags({"text": f"Order {OID}", "subject": subject}, "O106")
    assert d.excerpt == excerpt and d.field == "subject" and d.severity.value == "warning"


@pytest.mark.parametrize("subject", [
    "Important information about your delivery",  # no marker brackets
    "Wichtige Frage zur Lieferung",
    "重要なお知らせ",
    "[Order 113-1234567-1234567] Delivery",
    "",
])
def test_o106_silent(subject):
    assert diags({"text": f"Order {OID}", "subject": subject}, "O106") == []


# -- O107 message-type-limit ------------------------------------------------------------------

@pytest.mark.parametrize("message, fragment", [
    ({"text": "x" * 801, "message_type": "confirmCustomizationDetails"}, "allows 800"),
    ({"text": "x" * 2001, "message_type": "unexpectedProblem"}, "allows 2000"),
    ({"text": "x" * 401, "message_type": "digitalAccessKey"}, "allows 400"),
    ({"text": "<p>Hello</p>", "message_type": "confirmDeliveryDetails"}, "plain text"),
    ({"html": "<p>Hello</p>", "message_type": "confirmOrderDetails"}, "plain text"),
    ({"text": "Fish &amp; chips", "message_type": "confirmOrderDetails"}, "plain text"),
    ({"text": "Here is the invoice.", "message_type": "invoice",
      "attachments": ["invoice.pdf"]}, "takes no text"),
    ({"text": "", "message_type": "invoice"}, "at least 1"),
    ({"text": "", "message_type": "warranty"}, "at least 1"),
    ({"text": "Hi", "message_type": "unexpectedProblem", "attachments": ["a.pdf"]},
     "no attachments"),
    ({"text": "Hi", "message_type": "confirmCustomizationDetails",
      "attachments": [f"proof{i}.pdf" for i in range(6)]}, "at most 5"),
    ({"text": "Hi", "message_type": "negativeFeedbackRemoval"}, "removed"),
    ({"text": "Hi", "message_type": "amazonMotors"}, "removed"),
    ({"text": "Hi", "message_type": "sendCoupon"}, "Unknown"),
    ({"text": "", "message_type": "confirmDeliveryDetails"}, "needs a text"),
])
def test_o107_fires(message, fragment):
    found = diags(message, "O107")
    assert any(fragment in d.message for d in found), [d.message for d in found]


@pytest.mark.parametrize("message", [
    {"text": "x" * 800, "message_type": "confirmCustomizationDetails"},
    {"text": "x" * 2000, "message_type": "unexpectedProblem"},
    {"text": "Price < 20 EUR and > 10 EUR", "message_type": "confirmOrderDetails"},
    {"text": "Fish & chips; AT&T", "message_type": "confirmOrderDetails"},
    {"text": "", "message_type": "invoice", "attachments": ["invoice.pdf"]},
    {"text": "", "message_type": "legalDisclosure"},
    {"text": "Your key: ABCD-1234", "message_type": "digitalAccessKey",
      "attachments": ["key.pdf"]},
    {"text": "<p>HTML without a type is not an SP-API message</p>"},
])
def test_o107_silent(message):
    assert diags(message, "O107") == []
