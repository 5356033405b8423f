"""Template placeholders: recognised in the common syntaxes, an order-ID slot counts as the
order ID (O101), and no placeholder is spell-checked (S310). Each engine case has a twin
without the placeholder, so the test fails if the rule stops firing for the wrong reason."""

from __future__ import annotations

import pytest

import policy
from policy import placeholders


@pytest.mark.parametrize("text, names", [
    ("Order {{order_id}}", ["order_id"]),
    ("Order {{ order_id }}", ["order_id"]),
    ("Order {{ order.id | upcase }}", ["order.id"]),
    ("Order [[order-id]]", ["order-id"]),
    ("Order {order_id}", ["order_id"]),
    ("Order ${amazonOrderId}", ["amazonOrderId"]),
    ("Order %order_id%", ["order_id"]),
    ("ご注文{{注文番号}}について", ["注文番号"]),
    ("Hi {{ buyer_name }}, your {{product}}", ["buyer_name", "product"]),
    ("50% off 20% of the time", []),
    ("{ see below } and [Important] and [[ ]]", []),
    ("100%Baumwolle", []),
])
def test_find(text, names):
    assert [p.name for p in placeholders.find(text)] == names


@pytest.mark.parametrize("name, is_order", [
    ("order_id", True), ("order-id", True), ("OrderID", True), ("amazon_order_id", True),
    ("order.orderId", True), ("order_number", True), ("Bestellnummer", True),
    ("numero_commande", True), ("numero_pedido", True), ("numero_ordine", True),
    ("注文番号", True), ("buyer_name", False), ("product_title", False), ("tracking", False),
    ("order_date", False),
])
def test_order_id_names(name, is_order):
    assert placeholders.is_order_id_name(name) is is_order


def test_blank_keeps_offsets():
    text = "Hi {{ buyer_name }},\nx"
    blanked = placeholders.blank(text)
    assert len(blanked) == len(text) and blanked.startswith("Hi ") and blanked.endswith(",\nx")
    assert "buyer" not in blanked


BODY = ("Hello,\n\nabout your order {slot}: the parcel needs a signature on delivery. "
        "Which day next week suits you?\n\nKind regards")


@pytest.mark.parametrize("slot", ["{{order_id}}", "[[order-id]]", "{order_id}", "%order_id%",
                                  "{{ amazon_order_id }}"])
def test_order_id_placeholder_counts_as_the_order_id(slot):
    assert "O101" not in policy.check({"text": BODY.format(slot=slot)}).codes


@pytest.mark.parametrize("slot", ["{{buyer_name}}", "soon", "[[tracking]]"])
def test_other_placeholders_are_not_an_order_id(slot):
    assert "O101" in policy.check({"text": BODY.format(slot=slot)}).codes


def test_subject_placeholder_counts():
    message = {"subject": "About order [[order-id]]", "text": BODY.format(slot="soon")}
    assert "O101" not in policy.check(message).codes


@pytest.mark.parametrize("lang, template, word", [
    ("en", "Hello,\n\nabout your order 113-1234567-1234567: the {slot} needs a "
           "signature on delivery. Which day next week suits you?\n\nKind regards", "parcell"),
    ("de", "Hallo,\n\nzu Ihrer Bestellung 302-7654321-7654321: Auf der {slot} "
           "fehlt die Hausnummer. Bitte senden Sie uns die vollständige Adresse.\n\n"
           "Viele Grüße", "Lieferadrese"),
])
def test_placeholders_are_not_spell_checked(lang, template, word):
    plain = policy.check({"text": template.format(slot=word), "buyer_language": lang})
    assert "S310" in plain.codes, "the control case must be a spelling error"
    for slot in ("{{%s}}" % word, "[[%s]]" % word, "%%%s%%" % word, "{{ %s }}" % word):
        report = policy.check({"text": template.format(slot=slot), "buyer_language": lang})
        assert "S310" not in report.codes, (slot, report.codes)
