"""The n-gram evidence beside the sentence heads (`policy/intent/gram_heads.py`)."""

import numpy as np
import pytest

from policy.intent import fitting, gram_heads, heads

# Two intents: 0 is carried by the word "voucher", 1 by nothing in particular.
TEXTS = ([f"we add a voucher for order {i}" for i in range(40)]
         + [f"your parcel number {i} left today" for i in range(40)])


def _labels():
    y = np.zeros((len(TEXTS), 2))
    y[:40, 0] = 1
    y[::3, 1] = 1
    return y


def test_the_ratios_learn_the_words_that_carry_an_intent():
    y = _labels()
    mask = np.ones_like(y)
    model = gram_heads.from_arrays(gram_heads.fit(TEXTS, y, mask, fitting.sample_weights(y, mask)))
    p = model.probabilities(["a voucher for you", "the parcel left"])
    assert p[0, 0] > 0.8 > 0.2 > p[1, 0]


def test_rows_nobody_judged_do_not_count():
    y = _labels()
    mask = np.ones_like(y)
    mask[:40, 0] = 0  # nobody judged intent 0 on the voucher rows: nothing carries it
    flipped = y.copy()
    flipped[:40, 0] = 0
    fit = lambda labels: gram_heads.fit(TEXTS, labels, mask,  # noqa: E731
                                        fitting.sample_weights(labels, mask))
    first, second = fit(y), fit(flipped)
    for name in first:
        np.testing.assert_array_equal(first[name], second[name], err_msg=name)


def test_fitting_is_deterministic_and_an_empty_text_reads_as_the_prior():
    y = _labels()
    mask = np.ones_like(y)
    first = gram_heads.fit(TEXTS, y, mask, fitting.sample_weights(y, mask))
    second = gram_heads.fit(TEXTS, y, mask, fitting.sample_weights(y, mask))
    assert all(np.array_equal(first[k], second[k]) for k in first)
    model = gram_heads.from_arrays(first)
    np.testing.assert_allclose(model.probabilities([""])[0],
                               1 / (1 + np.exp(-model.intercept)), atol=1e-9)


def test_heads_with_ngrams_need_the_sentences_texts():
    rng = np.random.default_rng(0)
    x = rng.normal(size=(len(TEXTS), 512)).astype(np.float32)
    x /= np.linalg.norm(x, axis=1, keepdims=True)
    y = np.zeros((len(TEXTS), len(heads.IDS)))
    y[:40, 0] = 1
    arrays = fitting.model(x, y, np.ones_like(y), steps=20, with_memory=False, texts=TEXTS)
    model = heads.from_arrays(arrays, limits={})
    with pytest.raises(ValueError):
        model.scores(x)
    both = model.scores(x, TEXTS)
    alone = heads.from_arrays({k: v for k, v in arrays.items() if not k.startswith("gram_")},
                              limits={}).scores(x)
    share = gram_heads.SHARE
    np.testing.assert_allclose(both, (1 - share) * alone + share * model.grams.probabilities(TEXTS),
                               atol=1e-6)
    assert (both[:40, 0].mean() - alone[:40, 0].mean()) > 0  # the word evidence adds
