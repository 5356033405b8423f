"""Readings that need a sentence's neighbour (session 8): the exchange said in the sentence
right after a review request ("... everyone who does gets our bonus guide"). The wordings are
new, not the development sets' messages; each violation has a look-alike that must stay
silent."""

from __future__ import annotations

import pytest

from tests.policy.content_helpers import ORDER, codes


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n\nwe'd be glad to read your honest opinion of the grill pan from order {ORDER} "
    "on Amazon. Everyone who posts one gets our printed guide to cast-iron care by return.\n\n"
    "Cheers, Oak & Iron",
    f"Hi,\n\nwould you mind reviewing the lunchbox from order {ORDER} on Amazon? Reply with a "
    "screenshot of it and we'll mail you a second lid.\n\nThanks, Jo",
])
def test_the_exchange_in_the_sentence_after_the_ask_is_an_incentive(text):
    # POLICY_READING, C204: anything of value tied to a review, however vague; the reward or
    # the proof asked for completes the request made one sentence before.
    assert "C204" in codes(text)


@pytest.mark.parametrize("text", [
    f"Hi Sam,\n\nwe'd be glad to read your honest opinion of the grill pan from order {ORDER} "
    "on Amazon. If the pan arrived with any damage, just reply here and we will sort it out."
    "\n\nCheers, Oak & Iron",
    f"Hello,\n\ncould you share your thoughts about the yoga mat (order {ORDER}) in a review on "
    "Amazon? Good or bad, every review helps other buyers choose.\n\nNamaste, Flo",
])
def test_a_neutral_ask_followed_by_help_or_fairness_is_no_incentive(text):
    assert "C204" not in codes(text)
