"""policy.language (detection) and O104 wrong-language."""

import pytest

import policy
from policy import language

DE = ("Guten Tag, vielen Dank für Ihre Bestellung. Leider ist die Lieferadresse unvollständig: "
      "Bitte nennen Sie uns die Hausnummer, damit der Paketdienst zustellen kann.")
EN = ("Hello, thank you for your order. Unfortunately the delivery address is incomplete: "
      "please send us the house number so that the courier can deliver the parcel.")
FR = ("Bonjour, merci pour votre commande. L'adresse de livraison est incomplète : pourriez-vous "
      "nous indiquer le numéro de rue afin que le transporteur puisse livrer le colis ?")
ES = ("Hola, gracias por su pedido. La dirección de entrega está incompleta: ¿podría indicarnos "
      "el número de la calle para que el transportista pueda entregar el paquete?")
IT = ("Buongiorno, grazie per il suo ordine. L'indirizzo di consegna è incompleto: potrebbe "
      "indicarci il numero civico affinché il corriere possa consegnare il pacco?")
JA = ("この度はご注文いただき誠にありがとうございます。お届け先の住所に番地が記載されていないため、"
      "お手数ですが番地をご返信ください。")
ORDER = "113-1234567-1234567"


@pytest.mark.parametrize("tag, code", [
    ("de", "de"), ("de-DE", "de"), ("de_DE", "de"), ("ja-JP", "ja"), ("EN", "en"), ("", None),
    (None, None)])
def test_normalise(tag, code):
    assert language.normalise(tag) == code


@pytest.mark.parametrize("text, code", [(DE, "de"), (EN, "en"), (FR, "fr"), (ES, "es"),
                                        (IT, "it"), (JA, "ja")])
def test_detect(text, code):
    guess = language.detect(text)
    assert guess is not None and guess.language == code and guess.confidence >= 0.8


@pytest.mark.parametrize("text", ["Danke!", "OK", "Order 113-1234567-1234567", "", "Acme Handbuch",
                                  "谢谢你的订单"])
def test_detect_is_silent_on_short_or_foreign_text(text):
    assert language.detect(text) is None


def o104(text, buyer, **extra):
    message = {"text": text, "buyer_language": buyer, "order_id": ORDER, **extra}
    config = policy.Config(select=frozenset({"O104"}))
    return [d for d in policy.check(message, config).diagnostics if d.code == "O104"]


@pytest.mark.parametrize("text, buyer", [
    (EN, "de"), (EN, "de-DE"), (DE, "en-GB"), (FR, "es"), (ES, "it_IT"), (IT, "fr"),
    (EN, "ja-JP"), (JA, "en-US"), (DE + "\n\n" + "Mit freundlichen Grüßen", "fr"),
    ("Hallo,\n\n" + EN + "\n\nViele Grüße", "de"),
])
def test_wrong_language(text, buyer):
    assert len(o104(text, buyer)) == 1


@pytest.mark.parametrize("text, buyer", [
    (DE, "de"), (EN, "en-GB"), (FR, "fr-FR"), (ES, "es_ES"), (IT, "it"), (JA, "ja-JP"),
    (DE + "\n\n" + EN, "de"),            # bilingual, buyer's language first
    (EN + "\n\n" + DE, "de"),            # bilingual, buyer's language second
    (JA + "\n\n" + EN, "ja"),
    (EN, None), (EN, ""),               # unknown buyer language
    ("Danke! " + ORDER, "en"),          # too short to judge
    (f"Order {ORDER}: https://www.amazon.de/gp/help", "fr"),
    ("Guten Tag, anbei die Rechnung für Ihre Acme PowerBank 20000mAh USB-C.", "de"),
])
def test_right_language_or_not_enough_to_tell(text, buyer):
    assert o104(text, buyer) == []


def test_span_is_the_first_paragraph_in_the_wrong_language():
    text = "Hi,\n\n" + EN
    (d,) = o104(text, "de")
    assert text[d.start:d.end] == EN
