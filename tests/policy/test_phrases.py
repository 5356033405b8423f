"""The phrase engine: loading, compiling, anchors, folding, sentences."""

from __future__ import annotations

import re

import pytest

from policy import phrases


def test_every_phrase_file_loads_and_every_set_has_anchors():
    names = phrases.file_names()
    assert {"review_request", "marketing", "purpose", "confirmation"} <= set(names)
    for name in names:
        for pset in phrases.load(name).values():
            pset.compile_all()  # every pattern of every language is valid
            assert pset.patterns, pset.key
            for lang in pset.patterns:
                assert pset.anchors.get(lang), f"{pset.key} {lang} has no anchors"


@pytest.mark.parametrize("text", [
    "Straße İstanbul ﬁne", "Don’t «quote» “this”", "ＡＢＣ１２３％", "a\u00a0b\u3000c", "",
])
def test_fold_keeps_offsets(text):
    folded = phrases.fold(text)
    assert len(folded) == len(text)


def test_fold_normalises_quotes_case_and_digits():
    assert phrases.fold("We’LL ＳＥＮＤ ５％") == "we'll ｓｅｎｄ 5%"


@pytest.mark.parametrize("words, whole, text, found", [
    (["review"], set(), "reviews reviewing", ["review", "review"]),
    (["si"], {"si"}, "si sie sind", ["si"]),
    (["rev", "review"], {"rev"}, "rev revs review", ["rev", "review"]),
    (["ab", "abc", "abd"], set(), "abx abc abd", ["ab", "abc", "abd"]),
])
def test_trie_regex_matches_like_the_word_list(words, whole, text, found):
    regex = re.compile(r"(?<!\w)" + phrases._trie_regex(words, whole))
    assert [m.group() for m in regex.finditer(text)] == found


def test_short_anchors_are_whole_words():
    assert phrases._whole_words(["si", "review", "best$", "$"]) == {"si", "best$", "$"}


@pytest.mark.parametrize("text, expected", [
    ("One. Two! Three?", ["One.", "Two!", "Three?"]),
    ("Version 1.5 is here. Visit amazon.com now", ["Version 1.5 is here.", "Visit amazon.com now"]),
    ("Hello,\n\nLine one\nLine two", ["Hello,", "Line one", "Line two"]),
    ("こんにちは。ありがとう！", ["こんにちは。", "ありがとう！"]),
    ("This line is long enough to have been wrapped by a mail client at\nseventy columns.",
     ["This line is long enough to have been wrapped by a mail client at\nseventy columns."]),
    # abbreviations that do not end a sentence
    ("Sie können sie ändern bzw. löschen. Wir nicht.",
     ["Sie können sie ändern bzw. löschen.", "Wir nicht."]),
    ("Dear Mr. Lee, z. B. the lid. Thanks.", ["Dear Mr. Lee, z. B. the lid.", "Thanks."]),
    ("Gentile Sig.ra Neri, grazie. Ciao.", ["Gentile Sig.ra Neri, grazie.", "Ciao."]),
    ("It is plan B. Then we wait.", ["It is plan B.", "Then we wait."]),
    # initials inside a name: after another initial, or before a closing quote or a lower-case
    # word (set BW: "« J.-P. R. » et du logo" was split and read as promotion)
    ("Vos initiales « J.-P. R. » et du logo. Merci.",
     ["Vos initiales « J.-P. R. » et du logo.", "Merci."]),
    ("By J. R. Tolkien. Nice.", ["By J. R. Tolkien.", "Nice."]),
    ("We need size M. The rest is fine.", ["We need size M.", "The rest is fine."]),
])
def test_sentences(text, expected):
    assert [text[s:e] for s, e in phrases.split_sentences(text)] == expected


def test_matches_respect_exceptions_and_word_boundaries():
    request = phrases.load("review_request")["request"]
    view = phrases.TextView("Thank you for your feedback. Please leave a review.")
    spans = request.finditer(view)
    assert [view.text[s:e] for s, e in spans] == ["leave a review"]
    assert not request.found(phrases.TextView("We previewed the reviewing tool."))


def test_japanese_patterns_need_no_spaces():
    request = phrases.load("review_request")["request"]
    assert request.found(phrases.TextView("商品のレビューをお願いいたします。"))


def test_german_compound_anchor_found_inside_a_word():
    view = phrases.TextView("Wir freuen uns über eine Produktbewertung.")
    assert phrases.load("review_request")["request"].found(view)


@pytest.mark.parametrize("toml, error", [
    ("[x]\npatterns.en = ['a']\n", "need anchors"),
    ("[x]\nanchors.xx = ['a']\n", "not a known language"),
    ("[x]\nanchors.en = ['a']\npatterns.en = ['(']\n", "bad pattern"),
    ("[x]\nanchors.en = ['a']\npatterns.en = ['{nope}']\n", "unknown macro"),
    ("[x]\nfoo = 1\n", "unknown key"),
])
def test_malformed_phrase_files_are_named(monkeypatch, toml, error):
    import tomllib

    monkeypatch.setattr(phrases, "_read", lambda name: tomllib.loads(toml))
    phrases.load.cache_clear()
    try:
        with pytest.raises(phrases.PhraseError, match=error):
            for pset in phrases.load("broken").values():
                pset.compile_all()
    finally:
        phrases.load.cache_clear()


@pytest.mark.parametrize("text, languages", [
    ("Hello, thank you for your order. We hope you enjoy it.", {"en"}),
    ("Hallo, vielen Dank für Ihre Bestellung. Wir hoffen, sie gefällt Ihnen.", {"de"}),
    ("ご注文ありがとうございます。", {"ja"}),
    ("Thank you for your order and for your patience. ご注文ありがとうございます。", {"en", "ja"}),
    ("Hi!", set(phrases.LANGUAGES)),
])
def test_languages_of_a_text(text, languages):
    assert phrases.TextView(text).languages == languages


def test_include_makes_a_union_of_sets():
    sets = phrases.load("purpose")
    union = sets["pleasantry"]
    for lang in ("en", "de", "ja"):
        assert set(sets["thanks"].anchors[lang]) <= set(union.anchors[lang])
    view = phrases.TextView("Thank you! Best regards, the team")
    assert union.found(view) and sets["courtesy"].found(view)


def test_a_german_anchor_in_english_text_does_not_run_german_patterns():
    # 'Problem' is also a German anchor; the English text must not match German patterns.
    view = phrases.TextView("We had a problem with the printer, but it is fixed now.")
    assert "de" not in view.languages


@pytest.mark.parametrize("text", [
    "Hello. Your parcel is delayed. We are sorry. Please confirm the address.",
    "Thank you for your order. Enjoy it!",
    "Hola. Necesitamos confirmar la dirección de entrega. Gracias.",
    "",
])
def test_found_stops_early_but_agrees_with_finditer(text):
    from policy.phrase_view import TextView

    pset = phrases.load("purpose")["purpose_any"]
    first, second = TextView(text), TextView(text)
    assert pset.found(first) == bool(pset.finditer(second))
    # after an early answer the full list is still complete
    assert pset.finditer(first) == pset.finditer(second)
    # multi-word anchors ("send you") are found like one-word ones
    value = phrases.load("review_incentive")["value"]
    assert value.found(TextView("Post a review and we'll send you our travel pouch.")) is True
    assert value.found(TextView("Please send your photos to us.")) is False


def test_a_multi_word_anchor_does_not_hide_the_next_word_from_other_sets(monkeypatch):
    # "kind words" is one set's anchor and "words" another's: the scan used to consume
    # "words" with the longer anchor, so the second set never ran in the sentence.
    import tomllib

    toml = ("[praise]\nanchors.en = ['kind words']\npatterns.en = ['kind words']\n"
            "[wording]\nanchors.en = ['words']\npatterns.en = ['words? you wrote']\n")
    monkeypatch.setattr(phrases, "_read", lambda name: tomllib.loads(toml))
    monkeypatch.setattr(phrases, "file_names", lambda: ["toy"])
    phrases.load.cache_clear()
    phrases._index.cache_clear()
    try:
        sets = phrases.load("toy")
        view = phrases.TextView("Thanks for the kind words you wrote about the lamp.")
        assert sets["praise"].found(view)
        assert sets["wording"].found(view)
    finally:
        phrases.load.cache_clear()
        phrases._index.cache_clear()
