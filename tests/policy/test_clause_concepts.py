"""The clause concepts (`policy/intent/clause_concepts.py`): a condition on the buyer being
happy (C206) and value the seller offers (C204), read apart from the review request they sit in.

The messages below are new wordings, not the training clauses' or any set's, each beside a
look-alike that must stay quiet. On bcad725, before the concepts, five of the six violations
are missed (the four gating messages and the German exchange); on 2968bff the calligraphy one
(its condition reads as the ask) still is. Two wordings written with them are still missed and are left
out: "assuming the climbing rope has earned its place on your rack" reads 0.62 as a
satisfied-condition (0.65 needed), and in "et la prochaine cartouche, c'est nous qui
l'offrons" the n-grams, which never saw "offrons", pull the encoder's 0.97 down to 0.38."""

from __future__ import annotations

import numpy as np
import pytest

from policy.intent import clause_concepts, encoder, train_clauses
from policy.intent.inventory import LANGUAGES
from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text", [
    f"Hola, ¿qué tal la silla de montar del pedido {ORDER}? Si ha cumplido lo que esperabas, "
    "nos haría mucha ilusión leer tu reseña en Amazon.",
    f"Buongiorno, se il drone (ordine {ORDER}) l'ha conquistata, due righe su Amazon ci "
    "farebbero felici.",
    f"Bonjour, commande {ORDER} : si la machine à coudre tient ses promesses, un petit avis sur "
    "Amazon nous ferait très plaisir.",
    # the condition itself reads as the ask (ASKING_CLAUSE_FLOOR)
    "Hi, hope the calligraphy brushes are behaving. If you're loving the strokes they make, "
    f"would you give them a mention in a review on Amazon for order {ORDER}?",
])
def test_a_request_that_depends_on_the_buyer_being_happy_is_gating(text):
    assert "C206" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi, order {ORDER}: if you have a moment, an honest review on Amazon would help us, good "
    "or bad.",
    f"Hello, we hope the chess set (order {ORDER}) brings you many good games. When you have a "
    "minute, we'd welcome your honest review on Amazon.",
    f"Hola, ¿llegó bien la silla de montar del pedido {ORDER}? Cuando puedas, deja tu opinión "
    "sincera en Amazon, sea cual sea.",
    f"Buongiorno, ordine {ORDER}: se ha un momento, ci lasci una recensione sincera su Amazon, "
    "positiva o negativa che sia.",
    f"Hello, order {ORDER}: if you would like to share how the ham radio works for you, you can "
    "write a review on Amazon.",
])
def test_a_neutral_request_is_not_gating(text):
    assert "C206" not in codes(text)


@pytest.mark.parametrize("text", [
    # Since session 11 the offer is read in its own clause after "and" (clauses.coordinated):
    # the n-gram evidence had lowered the whole sentence's value-for-review from 0.52 to 0.42.
    f"Hi, about order {ORDER}: leave a few words about the filament on Amazon and a spare spool "
    "will find its way into your next parcel, on us.",
    f"Hallo, Bestellung {ORDER}: schreiben Sie eine kurze Bewertung zum Aquarienfilter auf Amazon, "
    "dann packen wir Ihnen beim nächsten Mal eine Ersatzpumpe mit ein, das geht auf uns.",
    # Missed before the "and" split, on the session start tree too.
    f"Bestellung {ORDER}: schreiben Sie zwei Zeilen zur Laterne auf Amazon und wir legen Ihrer "
    "nächsten Lieferung kostenlos einen Satz Dochte bei.",
])
def test_value_offered_in_the_asking_sentence_is_an_exchange(text):
    assert "C204" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi, about order {ORDER}: leave a few words about the filament on Amazon and let other "
    "makers know how it prints for you.",
    f"Hallo, Bestellung {ORDER}: schreiben Sie gern eine Bewertung auf Amazon und erzählen Sie, "
    "wie die Pumpe bei Ihnen läuft.",
])
def test_an_ask_joined_by_and_to_more_asking_is_no_exchange(text):
    assert "C204" not in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi, your bike light (order {ORDER}) arrived late, so we have refunded the shipping, and "
    "if you have a moment, an honest review on Amazon would help other riders.",
    f"Hallo, Bestellung {ORDER}: Die Ersatzdichtung für den Filter ist heute kostenlos "
    "unterwegs. Wenn Sie mögen, schreiben Sie gern eine ehrliche Bewertung auf Amazon.",
])
def test_a_remedy_beside_a_neutral_request_is_no_exchange(text):
    assert "C204" not in codes(text)


def test_the_clauses_cover_every_language_from_several_authors():
    rows = train_clauses.load_rows()
    assert len({r["author"] for r in rows}) >= 3
    for concept in clause_concepts.CONCEPTS:
        for lang in LANGUAGES:
            picked = [r for r in rows if r["lang"] == lang and concept in r["judged"]]
            positives = sum(concept in r["concepts"] for r in picked)
            assert positives >= 100 and len(picked) - positives >= 100, (concept, lang)


def test_a_bad_clause_line_is_refused(tmp_path):
    (tmp_path / "x.jsonl").write_text(
        '{"text": "if you loved it", "lang": "en", "concepts": ["satisfied-condition"], '
        '"judged": [], "author": "x"}\n')
    with pytest.raises(ValueError, match="x.jsonl:1"):
        train_clauses.load_rows(tmp_path)


@pytest.mark.slow
def test_shipped_clause_concepts_are_what_the_training_command_builds():
    rows = train_clauses.training_rows()
    x = encoder.encode_all([r["text"] for r in rows])
    built = train_clauses.build(rows, x)
    with np.load(clause_concepts.FILE) as shipped:
        arrays = {k: shipped[k] for k in shipped.files}
    assert set(arrays) == set(built)
    assert tuple(arrays["concepts"]) == clause_concepts.CONCEPTS
    np.testing.assert_array_equal(arrays["error"], built["error"])
    np.testing.assert_array_equal(arrays["gram_index"], built["gram_index"])
    for name in ("hidden_weights", "hidden_bias", "weights", "bias", "gram_values",
                 "gram_bias"):
        np.testing.assert_allclose(arrays[name], built[name], atol=2e-3, err_msg=name)
    # What the models say, not only what they hold: the same scores on the training clauses.
    texts, probe = [r["text"] for r in rows[::25]], x[::25]
    np.testing.assert_allclose(clause_concepts.from_arrays(arrays).scores(texts, probe),
                               clause_concepts.from_arrays(built).scores(texts, probe), atol=2e-3)
