"""The message model: its features, its fitting, its findings in the engine, the shipped file."""

from __future__ import annotations

import numpy as np
import pytest

import policy
from policy.intent import heads, message_model
from policy.intent import train_messages as tm
from policy.intent.inventory import IDS
from policy.intent.message_model import NAMES, Context, MessageModel, features

PROACTIVE = Context(proactive=True, message_type=False, attachment=False,
                    review_already_requested=False)
WARN = np.full(len(IDS), 0.5)


def sentences(*readings: dict[str, float]) -> np.ndarray:
    out = np.zeros((len(readings), len(IDS)))
    for i, reading in enumerate(readings):
        for name, score in reading.items():
            out[i, IDS.index(name)] = score
    return out


def value(x: np.ndarray, name: str) -> float:
    return float(x[NAMES.index(name)])


def test_one_value_per_feature_name_even_without_sentences():
    x = features(np.zeros((0, len(IDS))), WARN, PROACTIVE)
    assert x.shape == (len(NAMES),)
    assert value(x, "proactive") == 1.0 and value(x, "sentences") == 0.0
    assert not x[:-4].any()


def test_the_highest_and_second_highest_score_per_intent():
    x = features(sentences({"hostile": 0.4}, {"hostile": 0.9}, {"hostile": 0.7}), WARN, PROACTIVE)
    assert value(x, "max:hostile") == pytest.approx(0.9)
    assert value(x, "second:hostile") == pytest.approx(0.7)
    assert value(x, "pair:hostile*hostile") == pytest.approx(0.9 * 0.7)


@pytest.mark.parametrize("readings, expected", [
    ([{"review-request": 0.8, "rating-steer": 0.6}], 0.8 * 0.6),  # one sentence
    ([{"review-request": 0.8}, {"rating-steer": 0.6}], 0.8 * 0.6),  # neighbours
    ([{"rating-steer": 0.6}, {"review-request": 0.8}], 0.8 * 0.6),  # either order
    ([{"review-request": 0.8}, {"courtesy-only": 0.9}, {"rating-steer": 0.6}], 0.0),
])
def test_a_request_and_a_rating_steer_count_together_only_side_by_side(readings, expected):
    x = features(sentences(*readings), WARN, PROACTIVE)
    assert value(x, "pair:review-request*rating-steer") == pytest.approx(expected)


def test_a_purpose_counts_at_its_warn_threshold_and_notice_or_courtesy_is_not_other():
    weak = features(sentences({"purpose-return": 0.45, "courtesy-only": 0.9}), WARN, PROACTIVE)
    assert value(weak, "purpose-at-warn") == 0.0
    assert value(weak, "max:not-notice-or-courtesy") == pytest.approx(0.45)
    assert value(features(sentences({"purpose-return": 0.55}), WARN, PROACTIVE),
                 "purpose-at-warn") == 1.0


def test_newton_logistic_reaches_the_optimum():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(200, 3))
    y = (x @ [2.0, -1.0, 0.0] + rng.normal(size=200) > 0).astype(float)
    w, b = tm.logistic(x, y, l2=1.0)
    p = 1 / (1 + np.exp(-(x @ w + b)))
    np.testing.assert_allclose(x.T @ (p - y) + w, 0, atol=1e-6)
    assert abs((p - y).sum()) < 1e-6
    assert w[0] > 1 and w[1] < -0.5


def test_threshold_is_the_lowest_with_the_precision_or_never():
    p = np.array([0.95, 0.9, 0.8, 0.7, 0.6, 0.55])
    truth = np.array([1, 1, 1, 0, 1, 0], bool)
    assert tm.lowest_threshold(p, truth, 0.9) == 0.71
    assert tm.lowest_threshold(p, ~truth, 0.9) == 1.0


def _only(code: str, feature: str, weight: float, bias: float) -> MessageModel:
    """A model that fires `code` when `feature` is high (others never fire). The machinery
    serves any content code, shipped or not (C213 is not shipped since session 3)."""
    codes = tuple(sorted(set(message_model.CODES) | {code}))
    w = np.zeros((len(codes), len(NAMES)))
    w[codes.index(code), NAMES.index(feature)] = weight
    b = np.full(len(codes), -30.0)
    b[codes.index(code)] = bias
    return MessageModel(codes, np.zeros(len(NAMES)), np.ones(len(NAMES)), w, b,
                        np.full(len(codes), 0.9), np.full(len(codes), 0.6))


@pytest.fixture
def installed():
    yield message_model.use
    message_model.use(None)


def _check(text: str, kind: str = "proactive"):
    return policy.check({"kind": kind, "text": text, "order_id": "113-1234567-1234567"})


CALM = ("Your new kettle comes with a two-year warranty from us. "
        "The descaling instructions are on page four of the manual. "
        "We are happy to answer any question about it.")


def test_a_finding_of_its_own_on_the_sentence_that_weighs_most(installed):
    top = max(s.score("purpose-other-needed-contact") for s in message_model_sentences(CALM))
    installed(_only("C213", "max:purpose-other-needed-contact", 40.0, -40.0 * (top - 0.1)))
    report = _check(CALM)
    found = [d for d in report.diagnostics if d.code == "C213"]
    assert len(found) == 1 and found[0].evidence == "message-model"
    assert found[0].severity.value == "error" and "Read as a whole" in found[0].message
    judged = [s for s in message_model_sentences(CALM)]
    best = max(judged, key=lambda s: s.score("purpose-other-needed-contact"))
    assert CALM[found[0].start:found[0].end] == best.text


def message_model_sentences(text: str):
    from policy.analysis import Analysis
    from policy.intent import compose

    analysis = Analysis(policy.Message.from_dict({"kind": "proactive", "text": text}),
                        policy.Config())
    return [s for s in compose.read(analysis) if s.scores is not None]


def test_a_warning_between_the_thresholds_and_nothing_below(installed):
    scores = [s.score("purpose-other-needed-contact") for s in message_model_sentences(CALM)]
    top = max(scores)
    # p = sigmoid(20 * (top - centre)): 0.73 (a warning) when the centre sits 0.05 below the top
    installed(_only("C213", "max:purpose-other-needed-contact", 20.0, -20.0 * (top - 0.05)))
    found = [d for d in _check(CALM).diagnostics if d.code == "C213"]
    assert [d.severity.value for d in found] == ["warning"]
    installed(_only("C213", "max:purpose-other-needed-contact", 20.0, -20.0 * (top + 0.2)))
    assert not [d for d in _check(CALM).diagnostics if d.code == "C213"]


def test_it_never_doubles_an_error_the_rule_found(installed):
    installed(_only("C213", "proactive", 40.0, 0.0))
    text = "Stop sending us this crap about the kettle or you will regret it, believe me."
    found = [d for d in _check(text).diagnostics if d.code == "C213"]
    assert found and all(d.evidence != "message-model" for d in found)


def test_turned_off_it_adds_nothing(installed):
    installed(None, enabled=False)
    assert "C213" not in _check(CALM).codes
    installed(_only("C213", "proactive", 40.0, 0.0))
    assert "C213" in _check(CALM).codes
    assert "C213" not in _check(CALM, kind="reply").codes


def test_the_shipped_model_matches_the_features_and_codes():
    model = message_model.load()
    assert model.codes == message_model.CODES
    assert model.weights.shape == (len(model.codes), len(NAMES))
    assert ((model.error >= 0.5) & (model.error <= 1.0)).all()
    assert (model.warn <= model.error).all()


@pytest.mark.slow
def test_shipped_message_model_is_what_the_training_command_builds():
    """About 90 seconds: the authors-only heads, then 1,732 messages read."""
    heads.use(None)
    built = tm.build().arrays()
    with np.load(heads.DATA / "message_model.npz") as shipped:
        assert set(shipped.files) == set(built)
        for name in ("codes", "features"):
            np.testing.assert_array_equal(shipped[name], built[name])
        for name in ("mean", "scale", "weights", "bias", "error", "warn"):
            np.testing.assert_allclose(shipped[name], built[name], atol=1e-6, err_msg=name)
