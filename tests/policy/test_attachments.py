"""C211 attachment-not-allowed."""

import pytest

from policy.rules.attachments import name_words
from tests.policy.rule_helpers import run_rule

OID = "113-1234567-1234567"




def c211(*attachments):
    return run_rule({"text": f"Order {OID}: see the attachment.",
                     "attachments": list(attachments)}, "C211")


@pytest.mark.parametrize("attachment", [
    "setup.exe", "manual.zip", "Rechnung.rar", "invoice.pdf.exe", "instructions.html",
    "invoice.docm", "install.bat", "guide.js", "manual.scr", "warranty.7z",
    {"filename": "invoice", "content_type": "application/x-msdownload"},
    {"filename": "invoice.pdf", "size": 12_000_000},  # over 10 MB
    "summer_coupon.jpg", "Gutschein_10_Prozent.pdf", "flyer.pdf", "catalogue_2026.pdf",
    "newsletter.pdf", "cupón-descuento.png", "buono_sconto.pdf", "クーポン.png",
    "review_card.pdf", "ThankYouCard.jpg", "invoice_and_coupon.pdf", "Geschenkgutschein.pdf",
    "summer-sale.pdf", "Sonderangebot.pdf",
    "photo.jpg", "IMG_2024.png", "product.gif", "brand_story.mp4",
    # documents about the seller rather than the purchase
    "our_brand_story.pdf", "Brand-Story 2026.pdf", "lookbook.pdf", "Markengeschichte.pdf",
])
def test_c211_errors(attachment):
    found = c211(attachment)
    assert [d.severity.value for d in found] == ["error"]
    assert found[0].field == "attachments"


@pytest.mark.parametrize("attachment", ["scan_0001.pdf", "document.docx", "letter.txt",
                                        "address_label.pdf", "billing.pdf"])
def test_c211_unnamed_documents_are_warnings(attachment):
    assert [d.severity.value for d in c211(attachment)] == ["warning"]


@pytest.mark.parametrize("attachment", [
    "invoice.pdf", f"Invoice_{OID}.pdf", "Rechnung-2026-0012.pdf", "facture.pdf",
    "factura_pedido.pdf", "fattura.pdf", "請求書.pdf", "領収書_113.pdf",
    "UserManual_v2.pdf", "user-guide.pdf", "Bedienungsanleitung.pdf", "mode_d'emploi.pdf",
    "notice_montage.pdf", "instrucciones.pdf", "istruzioni_montaggio.pdf", "manuale.pdf",
    "取扱説明書.pdf", "assembly_instructions.jpg", "setup_guide.png", "warranty_card.pdf",
    "Garantieschein.pdf", "garantía.pdf", "garanzia.pdf", "保証書.pdf", "Garantiekarte.pdf",
    "Montageanleitung_Regal.pdf", "noise_reduction_manual.pdf", "Transaktionsbeleg.pdf",
    "billing_invoice.pdf", "Plug_adapter_fitting.pdf", "wiring_diagram.pdf", "pairing-steps.pdf",
    # Japanese file names in rōmaji: receipt, invoice, instruction manual, warranty card
    "ryoshusho_2026-1120.pdf", "seikyusho.pdf", "torisetsu_KT-200.pdf", "hoshosho.pdf",
    {"filename": "invoice.pdf", "content_type": "application/pdf", "size": 48213},
    {"filename": "manual.pdf", "size": 10_485_760},  # exactly 10 MB
])
def test_c211_allowed(attachment):
    assert c211(attachment) == []


def test_c211_one_finding_per_bad_file():
    found = c211("invoice.pdf", "coupon.png", "tool.exe")
    assert len(found) == 2
    assert "coupon.png" in found[0].message and "tool.exe" in found[1].message


def test_no_attachments_no_finding():
    assert c211() == []


@pytest.mark.parametrize("name, words", [
    ("UserManual_v2-DE.pdf", "user manual v2 de pdf"),
    ("C:\\docs\\Invoice.PDF", "invoice pdf"),
])
def test_name_words(name, words):
    assert name_words(name) == words


def test_design_proofs_only_with_confirm_customization_details():
    message = {"text": "", "attachments": ["engraving_proof.png", "design-v2.pdf"]}
    assert run_rule({**message, "message_type": "confirmCustomizationDetails"}, "C211") == []
    assert [d.severity.value for d in run_rule(message, "C211")] == ["error", "warning"]
    # the type is for proofs, not for anything: programs and coupons stay errors
    for name in ("setup.exe", "summer_coupon.png"):
        found = run_rule({"text": "", "attachments": [name],
                          "message_type": "confirmCustomizationDetails"}, "C211")
        assert [d.severity.value for d in found] == ["error"]


def test_legal_documents_only_with_legal_disclosure():
    message = {"text": "", "attachments": ["Widerrufsbelehrung.pdf"]}
    assert run_rule({**message, "message_type": "legalDisclosure"}, "C211") == []
    assert [d.severity.value for d in run_rule(message, "C211")] == ["warning"]
