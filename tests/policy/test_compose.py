"""Message-level judgement (policy/intent/compose.py): the purpose of the message and the
reading of its sentences decide together. Messages written for these tests."""

from __future__ import annotations

import policy

ORDER = "113-7654321-7654321"


def _codes(text: str, kind: str = "proactive", select=("C209",), **context) -> set[str]:
    message = {"text": text, "kind": kind, "order_id": ORDER, **context}
    config = policy.Config(select=frozenset(select), spelling=False, grammar=False)
    return set(policy.check(message, config).codes)


BOOKING = (f"Hello, your wardrobe from order {ORDER} weighs 80 kg and comes with a two-person "
           "freight crew. Please pick a delivery slot on the freight company's booking page: "
           "https://book.heavyhaul-example.com/slot/Q7 If no slot suits you, just reply here.")


PROOF = (f"Hello, the artwork for your personalised doormat (order {ORDER}) is finished. Have "
         "a look at the letters and colours here: https://mockups.doormat-example.com/v/88 and "
         "tell us if anything should change. Production starts once you are happy with it.")


def test_a_booking_page_for_a_bulky_delivery_passes_c209():
    assert "C209" not in _codes(BOOKING, message_type="confirmDeliveryDetails")


def test_a_design_proof_passes_c209_by_the_message_purpose_and_the_link_sentence():
    """The link's sentence reads as the custom design only weakly as a needed page: the
    message type states the purpose, so the two together let it pass."""
    assert "C209" not in _codes(PROOF, message_type="confirmCustomizationDetails")


def test_a_shop_link_in_the_same_message_still_fires_c209():
    text = BOOKING + (" While you wait, browse our new collection and save 15% in our online "
                      "shop: https://www.heavyhaul-example.com/sale")
    assert "C209" in _codes(text, message_type="confirmDeliveryDetails")


def test_a_http_booking_page_still_fires_c209():
    assert "C209" in _codes(BOOKING.replace("https://", "http://"),
                            message_type="confirmDeliveryDetails")


def test_a_setup_video_without_an_order_purpose_fires_c209():
    text = ("Hi, sorry the pairing was confusing. This short video shows every step: "
            "https://videos.example.org/watch/pairing-guide")
    assert "C209" in _codes(text, kind="reply")


def test_a_veiled_threat_without_swear_words_is_c213():
    """Two sentences that build a threat and a shaming: neither holds a listed word."""
    text = ("Frankly, a customer who lies about an empty box should be embarrassed. Open one "
            "more case against our shop and we will make sure every seller we know hears your "
            "name.")
    assert "C213" in _codes(text, kind="reply", select=("C213",))


def test_a_firm_policy_statement_is_not_c213():
    text = ("We are sorry, but returns are accepted only within 30 days of delivery. Your order "
            "arrived 45 days ago, so we cannot accept it back.")
    assert "C213" not in _codes(text, kind="reply", select=("C213",))


def test_a_dispatch_notice_is_c201_despite_an_attached_invoice():
    """C201 is judged by purpose: the invoice does not turn the announcement into context."""
    text = ("Hi, great news: your parcel is on its way to you! It left our workshop this morning "
            f"with UPS (order {ORDER}). The invoice is attached for your records. Best, Tom")
    assert "C201" in _codes(text, select=("C201",))


def test_a_dispatch_notice_in_idiom_is_c201_despite_a_review_request():
    text = (f"Ciao, il tuo pacco dell'ordine {ORDER} è già in viaggio verso di te! Quando "
            "l'avrai provato, puoi lasciare una recensione su Amazon.")
    assert "C201" in _codes(text, select=("C201",))


def test_a_delivery_that_is_over_leading_in_to_a_review_request_is_not_c201():
    text = (f"Hi, your lamp from order {ORDER} was delivered on Monday. When you have had time to "
            "try it, we would appreciate an honest review on Amazon. Best, Tom")
    assert "C201" not in _codes(text, select=("C201",))


def test_a_reply_explaining_that_sellers_cannot_edit_reviews_is_not_c207():
    text = ("Hello Ana, you asked whether we could delete the review you wrote by mistake. "
            "Sellers cannot edit or delete customer reviews; only the author can do that from "
            "their Amazon account.")
    assert "C207" not in _codes(text, kind="reply", select=("C207",))


def test_a_reply_that_also_asks_for_a_change_is_still_c207():
    text = ("Hello Ana, sellers cannot edit customer reviews. Now that the replacement has "
            "arrived, could you please update your review?")
    assert "C207" in _codes(text, kind="reply", select=("C207",))


def test_a_reply_explaining_the_star_scale_is_not_c205():
    text = ("Bonjour, vous nous demandiez comment fonctionne la note. Elle va d'une étoile à "
            "cinq étoiles, et le texte permet de dire ce qui vous a plu ou déplu.")
    assert "C205" not in _codes(text, kind="reply", select=("C205",))


def test_a_message_that_says_it_repeats_a_review_request_is_c208():
    text = (f"Hi, just following up on our message from last week about order {ORDER}: we would "
            "still appreciate an honest review of the kettle on Amazon when you have a moment.")
    assert "C208" in _codes(text, select=("C208",))


def test_a_first_review_request_is_not_c208():
    text = (f"Hi, thank you for order {ORDER}. When you have a moment, we would appreciate an "
            "honest review of the kettle on Amazon.")
    assert "C208" not in _codes(text, select=("C208",))


def test_telling_the_buyer_what_to_mention_in_the_review_is_c205():
    text = (f"Hello, we would be glad of a review of the blender from order {ORDER}. Feel free to "
            "mention how smooth the soups come out, other cooks always ask about that.")
    assert "C205" in _codes(text, select=("C205",))


def test_asking_the_buyer_to_mention_a_problem_to_us_is_not_c205():
    text = (f"Hello, we would be glad of an honest review of the blender from order {ORDER}. "
            "If anything is wrong, please mention it to us and we will help.")
    assert "C205" not in _codes(text, select=("C205",))


def test_gating_as_a_question_is_c206():
    text = (f"Hola: ¿Está satisfecha con la alfombra del pedido {ORDER}? Si la respuesta es sí, "
            "nos encantaría leer su reseña en Amazon.")
    assert "C206" in _codes(text, select=("C206",))


def test_a_stated_preference_that_diverts_unhappy_buyers_is_c206():
    text = (f"Hello, we would appreciate your review of the desk lamp from order {ORDER} on "
            "Amazon. If it falls short, we would much rather hear about it from you than read "
            "about it in a review.")
    assert "C206" in _codes(text, select=("C206",))


def test_a_request_inviting_either_opinion_is_not_c205_or_c206():
    text = (f"Buongiorno, quando avrà usato la lampada dell'ordine {ORDER}, le saremmo grati se "
            "lasciasse una recensione sincera su Amazon, positiva o negativa che sia.")
    assert not _codes(text, select=("C205", "C206"))


def test_an_arrival_check_in_is_c202_even_when_it_reads_as_an_order_notice():
    text = (f"Buongiorno, volevamo solo sapere se il vaso dell'ordine {ORDER} è arrivato sano e "
            "salvo. Per qualsiasi cosa, siamo sempre a sua disposizione.")
    assert "C202" in _codes(text, select=("C202",))


def test_a_soft_request_to_add_to_or_soften_a_review_is_c207():
    assert "C207" in _codes("The missing screws are on their way. Once the shelf is complete, "
                            "could you add a short update to your review?", kind="reply",
                            select=("C207",))
    assert "C207" in _codes("Ora che il pacco è arrivato, le chiediamo di riconsiderare il "
                            "feedback negativo che ci ha lasciato.", kind="reply",
                            select=("C207",))


def test_the_seller_replying_under_a_review_is_not_c207():
    assert "C207" not in _codes("We have posted a public answer under your review with the "
                                "steps we took.", kind="reply", select=("C207",))


def test_a_reply_that_answers_then_promotes_other_products_is_c203():
    """No listed marketing phrase: the model's confident reading of promotion decides."""
    assert "C203" in _codes("Sì, la lampada funziona con lampadine LED. Abbiamo appena aggiunto "
                            "al nostro negozio anche i paralumi abbinati, e fino a venerdì "
                            "costano il 15% in meno.", kind="reply", select=("C203",))
    assert "C203" in _codes("Yes, the mug is dishwasher safe. We have just added the matching "
                            "saucers to our shop as well, and they are 15% less until Friday.",
                            kind="reply", select=("C203",))


def test_a_reply_explaining_a_price_or_where_to_find_a_part_is_not_c203():
    assert "C203" not in _codes("The 15% discount you saw ended on Sunday, so the price you paid "
                                "is the regular one.", kind="reply", select=("C203",))
    assert "C203" not in _codes('The replacement filter is sold separately: search for "KT-40 '
                                'filter" on Amazon and it will come up.', kind="reply",
                                select=("C203",))


def test_an_amazon_gift_card_for_a_review_is_c204_only_a_store_voucher_also_c203():
    """POLICY_READING: Amazon gift cards for a review are C204 only; a discount on a future
    purchase offered for one is C204 and C203."""
    gift = _codes("Als Dankeschön für Ihre Bewertung schenken wir Ihnen einen "
                  "10-€-Amazon-Gutschein.", select=("C203", "C204"))
    assert gift == {"C204"}
    store = _codes("Für eine Bewertung erhalten Sie einen Gutschein über 10 % auf Ihren nächsten "
                   "Einkauf in unserem Shop.", select=("C203", "C204"))
    assert store == {"C203", "C204"}


def test_a_past_delivery_in_japanese_honorific_leading_in_to_a_review_request_is_not_c201():
    text = (f"お客様 ご注文の商品（注文番号：{ORDER}）は月曜日にお届けいたしました。"
            "お時間がございましたら、Amazonでレビューをお書きいただけますと幸いです。")
    assert "C201" not in _codes(text, select=("C201",))


def test_past_delivery_forms_read_as_arrived_and_future_ones_do_not():
    """confirmation.toml [arrived], which makes an order mention context for C201."""
    from policy import phrase_view, phrases

    arrived = phrases.load("confirmation")["arrived"]
    for text, over in (("Your stove from order 113-7654321-7654321 should be with you now.", True),
                       ("Your stove from order 113-7654321-7654321 should be with you by Friday.",
                        False),
                       ("Tu pedido se entregó hace dos días y esperamos que te guste.", True),
                       ("Tu pedido se entregará el viernes y esperamos que te guste.", False),
                       ("ご注文の商品は月曜日にお届けいたしました。", True),
                       ("ご注文の商品は月曜日にお届けいたします。", False),
                       ("Just checking that your rug made it to you in one piece.", True),
                       ("Your rug should make it to you by Friday.", False)):
        assert arrived.found(phrase_view.TextView(text)) is over, text


IDIOM_NOTICE = (f"¡Hola! Tu pedido {ORDER} ya anda por ahí fuera. Lo recogió la agencia hace un "
                "rato y, con suerte, el viernes lo tienes. Un abrazo, Telas Nuri")


def test_a_message_that_reads_only_as_a_weak_dispatch_notice_is_c201():
    """No sentence reads as a dispatch notice at MODEL_FLOOR, but the whole message reads as
    nothing else and names no purpose (message_purpose.notice_or_courtesy)."""
    assert "C201" in _codes(IDIOM_NOTICE, select=("C201",))


def test_the_same_notice_with_a_question_the_delivery_needs_is_not_c201():
    text = IDIOM_NOTICE.replace(" Un abrazo", " ¿Nos puedes decir el código del portal para "
                                "que el repartidor pueda entrar? Un abrazo")
    assert "C201" not in _codes(text, select=("C201",))


# Readings confident by their place in the message (policy/intent/message_shape.py).

def test_a_new_product_mentioned_after_a_review_request_is_c203():
    """No coupon and no call to buy: the aside is the sentence's strongest reading and comes
    after the request the message is for."""
    text = (f"Hello, about order {ORDER}: when you have used the lantern for a while, an honest "
            "review on Amazon would help other buyers. By the way, our new solar garden lights "
            "arrive next month in four colours.")
    assert "C203" in _codes(text, select=("C203",))


def test_the_same_request_without_the_aside_is_not_c203():
    text = (f"Hello, about order {ORDER}: when you have used the lantern for a while, an honest "
            "review on Amazon would help other buyers. Thank you for your order.")
    assert "C203" not in _codes(text, select=("C203",))


def test_a_gift_for_the_review_named_in_the_asking_sentence_is_c204():
    """No exchange phrase ("in exchange for"): the value and the request share a sentence."""
    text = (f"Bonjour, si vous donnez votre avis sur Amazon sur la théière de la commande {ORDER}, "
            "nous vous offrirons un petit cadeau pour vous remercier. Bonne journée.")
    assert "C204" in _codes(text, select=("C204",))


def test_a_free_return_label_beside_a_review_request_is_not_c204():
    text = (f"Hello, sorry the kettle from order {ORDER} arrived dented. Reply here and we will "
            "send you a free return label through Amazon. An honest review is always welcome.")
    assert "C204" not in _codes(text, select=("C204",))


def test_a_discount_on_the_next_order_for_a_review_is_c204_and_c203():
    """POLICY_READING: a discount on a future purchase for a review is both codes."""
    text = (f"Hi, if you leave a review of the lamp from order {ORDER} on Amazon, we will give "
            "you 15% off your next order with us.")
    assert {"C203", "C204"} <= _codes(text, select=("C203", "C204"))


def test_shaming_the_buyer_in_one_sentence_is_c213():
    """No listed word and no second hostile sentence: the shaming reads as hostile first."""
    text = (f"Hello, the jacket you sent back from order {ORDER} had clearly been worn for weeks. "
            "Honestly, you ought to be embarrassed to treat a small workshop like this.")
    assert "C213" in _codes(text, kind="reply", select=("C213",))


def test_a_partial_refund_for_a_worn_return_stated_plainly_is_not_c213():
    text = (f"Hello, the jacket you sent back from order {ORDER} had clearly been worn for weeks, "
            "so we can only refund part of the price, as our return policy says.")
    assert "C213" not in _codes(text, kind="reply", select=("C213",))


def test_an_arrival_check_in_that_asks_if_the_parcel_made_it_is_c202_not_c201():
    text = (f"Hi Beth, just checking that your package for order {ORDER} made it to you okay. If "
            "you need anything at all, we're only a message away.")
    assert _codes(text, select=("C201", "C202")) == {"C202"}
