"""The trainer's gallery as data: every rule has a violating example, every content rule a
compliant counterpart, the word-based ones in all six languages; each example gets from the
engine what the policy says it should, except for the known engine gaps, and that list is
exact (it fails when the engine improves or regresses, so the data is updated)."""

from __future__ import annotations

import re
from collections import defaultdict

import pytest
from aiohttp.test_utils import TestClient, TestServer
from bs4 import BeautifulSoup

import policy
from proxy.demo import gallery
from proxy.demo.server import CONTACT_REASONS, ORDERS, make_origin_app

EXAMPLES = gallery.load()
RULES = {r.code: r for r in policy.all_rules()}
# Content rules that are about words (and contact details, which can be spelt out in words):
# violation and counterpart in every language.
WORD_RULES = ("C201", "C202", "C203", "C204", "C205", "C206", "C207", "C208", "C210", "C213",
              "C215")


def test_ids_are_unique_and_fields_valid():
    ids = [ex.id for ex in EXAMPLES]
    assert len(ids) == len(set(ids))
    reasons = {value for value, _ in CONTACT_REASONS}
    for ex in EXAMPLES:
        assert re.fullmatch(r"[a-z0-9-]+", ex.id), ex.id
        assert ex.rule in RULES and set(ex.expect) <= set(RULES), ex.id
        assert ex.compliant or ex.rule in ex.expect, ex.id
        assert ex.lang in gallery.LANGUAGES and ex.order in ORDERS and ex.reason in reasons
        assert ex.text or "html" in ex.context, ex.id
        assert set(ex.missed) <= set(ex.expect), f"{ex.id}: a missed code must be expected"


def test_every_rule_has_a_violating_example():
    violated = {code for ex in EXAMPLES for code in ex.expect if ex.rule == code}
    assert violated == set(RULES)


def test_every_content_rule_has_a_compliant_counterpart():
    counterparts = {ex.rule for ex in EXAMPLES if ex.compliant}
    assert {c for c in RULES if c.startswith("C")} <= counterparts


@pytest.mark.parametrize("rule", WORD_RULES)
def test_word_rules_come_in_all_six_languages(rule):
    seen = defaultdict(set)
    for ex in EXAMPLES:
        if ex.rule == rule:
            seen["ok" if ex.compliant else "violation"].add(ex.lang)
    assert seen["violation"] == set(gallery.LANGUAGES)
    assert seen["ok"] == set(gallery.LANGUAGES)


def test_the_demo_order_matches_the_example_language():
    for ex in EXAMPLES:
        buyer = ORDERS[ex.order].buyer_language.split("-")[0]
        assert buyer == ex.lang or ex.rule == "O104", ex.id


@pytest.mark.parametrize("ex", EXAMPLES, ids=[ex.id for ex in EXAMPLES])
def test_the_engine_agrees_except_for_the_known_gaps(ex):
    """Violations fire their codes (and no other error); compliant examples block nothing and
    keep their rule silent. A disagreement must be declared in `engine_gap`, exactly."""
    missed, extra = gallery.disagreement(ex, ORDERS)
    assert (sorted(missed), sorted(extra)) == (sorted(ex.missed), sorted(ex.extra))


def test_known_gaps_are_few_and_listed():
    gaps = sorted((ex.id, code, kind) for ex in EXAMPLES
                  for kind, codes in (("missed", ex.missed), ("extra", ex.extra)) for code in codes)
    assert gaps == [("c209-en", "C209", "missed")]


def test_blocks_follows_the_rule_levels():
    assert gallery.by_id()["s310-en"].blocks is False  # spelling is a warning
    assert gallery.by_id()["c204-en"].blocks is True
    assert gallery.by_id()["c204-en-ok"].blocks is False


# -- the pages -----------------------------------------------------------------------------------
@pytest.fixture
async def origin():
    async with TestClient(TestServer(make_origin_app())) as client:
        yield client


async def test_gallery_page_has_a_card_per_example(origin):
    resp = await origin.get("/demo/gallery")
    page = BeautifulSoup(await resp.text(), "html.parser")
    cards = page.select("article.card")
    assert [c["data-example"] for c in cards] == [ex.id for ex in EXAMPLES]
    for card in cards:
        link = card.select_one("a.button")["href"]
        assert re.match(r"/messaging/contact\?orderID=[\d-]+&marketplaceID=\w+&example=[\w-]+$",
                        link)
    assert len(page.select(".filters select option")) > len(RULES)
    gaps = [c["data-example"] for c in cards if c.select_one(".engine-gap")]
    assert sorted(gaps) == sorted(ex.id for ex in EXAMPLES if ex.missed or ex.extra)


async def test_an_example_with_context_says_what_the_page_cannot_carry(origin):
    page = BeautifulSoup(await (await origin.get("/messaging/contact?example=o106-en")).text(),
                         "html.parser")
    notes = page.select_one(".example-needs ul").text
    assert "subject: [Important] Delivery of order" in notes
    page = BeautifulSoup(await (await origin.get("/messaging/contact?example=c205-en")).text(),
                         "html.parser")
    assert page.select_one(".example-needs") is None


async def test_examples_and_rules_json_feed_the_quiz(origin):
    examples = await (await origin.get("/demo/examples.json")).json()
    assert len(examples) == len(EXAMPLES)
    assert {"id", "rule", "text", "expect", "blocks", "needs", "context", "url"} <= set(examples[0])
    rules = await (await origin.get("/demo/rules.json")).json()
    assert [r["code"] for r in rules] == sorted(RULES)
    assert all(r["what"] and r["why"] and r["instead"] for r in rules)
    quiz = await origin.get("/demo/quiz")
    assert quiz.status == 200 and "quiz.js" in await quiz.text()
