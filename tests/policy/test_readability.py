"""policy.readability: Flesch reading ease without the CMU pronouncing dictionary."""

import pytest

from policy import readability
from policy.rules.accessibility import FLESCH_MIN
from tests.policy.test_accessibility import DENSE, PLAIN, found

# textstat 0.7.8's flesch_reading_ease (CMU dictionary syllables) on each text, computed once:
# the reference the cheaper count has to follow.
CASES = {
    "dense legal prose": (DENSE + " " + DENSE[:DENSE.index("whereupon")].rstrip(", ") + ".",
                          -141.7),
    "plain delivery note": ((PLAIN + " ") * 2, 93.5),
    "warranty terms": (
        "The limited warranty described herein applies exclusively to manufacturing defects "
        "identified during normal residential operation, and excludes deterioration attributable "
        "to improper installation, unauthorised modification, accidental damage, environmental "
        "exposure or commercial utilisation. Replacement components are dispatched following "
        "verification of the original purchase documentation and photographic confirmation of "
        "the reported malfunction. Additional information regarding eligibility requirements, "
        "including procedural obligations applicable to international customers, is available "
        "upon request from our customer service department.", -63.4),
    "assembly advice, just below the line": (
        "Before assembling the shelving unit, please unpack every component and compare the "
        "contents with the illustrated inventory on page two of the enclosed instructions. "
        "Tighten the connecting bolts gradually and alternately, because uneven pressure can "
        "distort the frame. If any component appears damaged or is missing, contact us through "
        "Amazon messaging, and we will arrange a replacement without delay.", 27.7),
    "care advice, just above the line": (
        "To keep the leather looking its best, wipe it regularly with a soft, slightly damp "
        "cloth and apply a neutral conditioner every few months. Avoid direct sunlight and "
        "radiators, because excessive heat gradually dries the material and can cause permanent "
        "discolouration or cracking of the surface.", 36.4),
    "returns": (
        "If you would like to return the lamp, please start the return in Your Orders on Amazon "
        "within thirty days of delivery. Pack the lamp in its original packaging, including the "
        "protective foam inserts, and attach the prepaid label that Amazon provides. Once the "
        "carrier confirms the return, your refund is usually processed within a few working "
        "days.", 48.6),
    "custom products": (
        "Customised products manufactured according to individual specifications are generally "
        "excluded from standard return arrangements, although manufacturing defects remain fully "
        "covered. Should you notice any imperfection, please describe the problem and include "
        "photographs, so that our production team can evaluate the situation and propose an "
        "appropriate resolution.", -9.6),
}


@pytest.mark.parametrize("name", list(CASES))
def test_score_follows_textstat_with_the_cmu_dictionary(name):
    text, reference = CASES[name]
    score = readability.flesch_reading_ease(text)
    assert score == pytest.approx(reference, abs=5)
    assert (score < FLESCH_MIN) == (reference < FLESCH_MIN)


@pytest.mark.parametrize("word, count", [
    ("the", 1), ("make", 1), ("makes", 1), ("boxes", 2), ("shipped", 1), ("sorted", 2),
    ("going", 2), ("quiet", 2), ("delivery", 4), ("table", 2), ("a", 1),
    ("piano", 3), ("instructions", 3), ("unfortunate", 4)])
def test_syllables(word, count):
    assert readability.syllables(word) == count


def test_reading_level_check_does_not_load_the_cmu_dictionary():
    from textstat.backend.utils._get_cmudict import get_cmudict

    before = get_cmudict.cache_info().misses
    dense = CASES["dense legal prose"][0]
    assert len(found(text=dense)) == 1
    assert get_cmudict.cache_info().misses == before
