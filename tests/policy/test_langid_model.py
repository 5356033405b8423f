"""policy.langid_model: the cut-down py3langid model gives py3langid's answers."""

import json
from pathlib import Path

import pytest

from policy import language, langid_model

TESTS = Path(__file__).resolve().parents[1]


def _texts() -> list[str]:
    """Every body and subject of the project's message sets, whole and paragraph by paragraph."""
    texts = []
    for path in sorted(TESTS.rglob("*.json")):
        try:
            data = json.loads(path.read_text("utf-8"))
        except (ValueError, UnicodeDecodeError):
            continue
        if not isinstance(data, dict):
            continue
        for key in ("text", "subject"):
            value = data.get(key)
            if isinstance(value, str) and value.strip():
                texts.append(value)
                texts.extend(value[s:e] for s, e in language.split(value))
    return texts


def _reference():
    langid = pytest.importorskip("py3langid.langid")
    ident = langid.LanguageIdentifier.from_model_file(langid.MODEL_FILE, norm_probs=True)
    ident.set_languages(list(langid_model.LANGUAGES))
    return ident


def test_languages_are_the_latin_script_marketplace_languages():
    assert set(langid_model.LANGUAGES) == set(language.MARKETPLACE_LANGUAGES) - {"ja"}


def test_same_verdicts_as_py3langid_on_every_message_set():
    reference, model = _reference(), langid_model.model()
    texts = _texts() + ["", "x", "ABC DEF", "Hallo WELT, DANKE", "Ça coûte 5 €", "\ud800 x"]
    assert len(texts) > 3000
    for text in texts:
        want, got = reference.classify(text), model.classify(text)
        assert got[0] == want[0], text
        assert got[1] == pytest.approx(want[1], abs=1e-4), text


def test_rank_matches_py3langid():
    reference, model = _reference(), langid_model.model()
    text = "Gracias por su pedido, el paquete llegará mañana por la tarde."
    assert [lang for lang, _ in model.rank(text)] == [lang for lang, _ in reference.rank(text)]


def test_shipped_data_is_what_the_build_command_makes():
    pytest.importorskip("py3langid")
    built, shipped = langid_model.build(), langid_model.model()
    assert built["keys"].tolist() == shipped.keys.tolist()
    assert built["node_feature"].tolist() == shipped.node_feature.tolist()
    assert built["ptc"].tobytes() == shipped.ptc.tobytes()
    assert built["pc"].tobytes() == shipped.pc.tobytes()
    assert tuple(built["languages"].tolist()) == shipped.languages
