"""The trainer's gallery and quiz in Debian's Chromium, on the real `bsm-guard demo`: the
filters, an example opening pre-filled in the Contact Buyer page (with the notes on what the
page cannot carry), a violation stopped by the guard from the page, and a quiz played right
and wrong, with the rule docs revealed. Screenshots go to tests/artifacts/."""

from __future__ import annotations

import shutil

import pytest

from proxy.demo import gallery
from proxy.demo.gallery_pages import example_url
from tests.proxy.test_demo_browser import ARGS, ARTIFACTS, CHROMIUM, TEXTAREA
from tests.proxy.test_demo_e2e import Demo

pytestmark = [pytest.mark.browser, pytest.mark.slow,
              pytest.mark.skipif(not shutil.which(CHROMIUM), reason="needs Debian's chromium")]
EXAMPLES = gallery.by_id()


@pytest.fixture(scope="module")
def demo(tmp_path_factory):
    running = Demo(tmp_path_factory.mktemp("trainer-browser"))
    yield running
    running.stop()


@pytest.fixture
async def page():
    from playwright.async_api import async_playwright

    ARTIFACTS.mkdir(exist_ok=True)
    async with async_playwright() as p:
        browser = await p.chromium.launch(executable_path=CHROMIUM, headless=True, args=ARGS)
        tab = await browser.new_page(viewport={"width": 1280, "height": 900})
        errors: list[str] = []
        tab.on("pageerror", lambda exc: errors.append(str(exc)))
        yield tab
        await browser.close()
        assert not errors, errors


async def test_gallery_filters(page, demo):
    await page.goto(f"{demo.base}/demo/gallery")
    cards = page.locator("article.card")
    assert await cards.count() == len(EXAMPLES)
    await page.select_option("select[name=rule]", "C204")
    await page.select_option("select[name=lang]", "de")
    visible = page.locator("article.card:visible")
    assert sorted(await visible.evaluate_all("cs => cs.map(c => c.dataset.example)")) == \
        ["c204-de", "c204-de-ok"]
    assert await page.locator("output.shown").inner_text() == f"2 of {len(EXAMPLES)} shown"
    assert "rule=C204" in page.url and "lang=de" in page.url
    await page.screenshot(path=ARTIFACTS / "gallery-filtered.png", full_page=True)
    await page.select_option("select[name=rule]", "C209")
    await page.select_option("select[name=lang]", "")
    gaps = page.locator("article.card:visible .engine-gap")
    assert await gaps.count() == 1  # the known C209 miss (c209-en), marked on its card
    await page.screenshot(path=ARTIFACTS / "gallery-c209-gaps.png", full_page=True)
    await page.select_option("select[name=rule]", "C207")
    assert await gaps.count() == 0  # the C207 explanations on request no longer fire


@pytest.mark.parametrize("example", ["c206-ja", "s305-en"])
async def test_an_example_opens_prefilled(page, demo, example):
    ex = EXAMPLES[example]
    await page.goto(f"{demo.base}/demo/gallery?rule={ex.rule}&lang={ex.lang}")
    await page.click(f"article[data-example='{example}'] a.button")
    await page.wait_for_selector("kat-textarea")
    assert await page.evaluate(f"{TEXTAREA}.value") == ex.context.get("html", ex.text)
    assert await page.locator(".order-id").inner_text() == ex.order
    assert await page.locator("kat-radiobutton[checked]").get_attribute("value") == ex.reason
    notes = page.locator(".example-needs li")
    assert await notes.count() == len(ex.needs())
    await page.screenshot(path=ARTIFACTS / f"gallery-open-{example}.png", full_page=True)


async def test_a_gallery_violation_is_stopped_from_the_page(page, demo):
    ex = EXAMPLES["c204-fr"]
    await page.goto(f"{demo.base}/demo/gallery?rule=C204&lang=fr")
    await page.click("article[data-example='c204-fr'] a.button")
    await page.wait_for_selector("kat-textarea")
    await page.click("kat-button.ayb-contact-form-send-button")
    alert = page.locator("div.kat-alert-danger-content")
    await alert.wait_for(state="visible", timeout=10_000)
    assert "C204" in await alert.inner_text()
    assert await page.evaluate(f"{TEXTAREA}.value") == ex.text
    await page.screenshot(path=ARTIFACTS / "gallery-c204-fr-blocked.png", full_page=True)


async def answer(page, right: bool) -> None:
    """Answer the question on screen, rightly or wrongly, from the gallery's own data."""
    ex = EXAMPLES[await page.locator("section.question").get_attribute("data-example")]
    block = "yes" if ex.blocks == right else "no"
    await page.check(f".q-block input[value={block}]")
    if right:
        for code in ex.expect or ["none"]:
            await page.check(f".q-rules input[value={code}]")
    else:
        choices = await page.locator(".q-rules .choices input").evaluate_all(
            "inputs => inputs.map(i => i.value)")
        wrong = next(c for c in choices if c not in ex.expect)
        await page.check(f".q-rules input[value={wrong}]")
    await page.click("button.check")
    await page.locator(".reveal").wait_for(state="visible")


async def test_quiz_scores_and_reveals_the_rule_docs(page, demo):
    rules = await (await page.request.get(f"{demo.base}/demo/rules.json")).json()
    docs = {r["code"]: r for r in rules}
    await page.goto(f"{demo.base}/demo/quiz")
    await page.select_option("select[name=count]", "5")
    await page.click("button.start:enabled")
    await page.locator("section.question").wait_for(state="visible")
    assert await page.locator("button.check").is_disabled()
    await page.screenshot(path=ARTIFACTS / "quiz-question.png", full_page=True)
    # first question wrong on both counts, the other four right
    await answer(page, right=False)
    assert "points-0" in await page.locator(".reveal .verdict").get_attribute("class")
    ex = EXAMPLES[await page.locator("section.question").get_attribute("data-example")]
    shown = await page.locator(".rule-doc").evaluate_all("ds => ds.map(d => d.dataset.rule)")
    assert shown == (list(ex.expect) or [ex.rule])
    first_doc = page.locator(".rule-doc").first
    text = await first_doc.inner_text()
    why = " ".join(docs[shown[0]]["why"].split())
    assert why[:60] in " ".join(text.split()), "the registry's 'Why Amazon blocks it' is shown"
    for heading in ("WHAT IT DOES", "WHY AMAZON BLOCKS IT", "USE INSTEAD"):
        assert heading in text.upper()
    assert await page.locator(".reveal a.open").get_attribute("href") == example_url(ex)
    marked = await page.locator(".q-rules label.correct input").evaluate_all(
        "inputs => inputs.map(i => i.value)")
    assert sorted(marked) == sorted(ex.expect or ["none"])
    assert await page.locator(".q-rules label.wrong-pick").count() == 1
    await page.screenshot(path=ARTIFACTS / "quiz-reveal-wrong.png", full_page=True)
    for _ in range(4):
        await page.click("button.next")
        await answer(page, right=True)
        assert "points-2" in await page.locator(".reveal .verdict").get_attribute("class")
    await page.screenshot(path=ARTIFACTS / "quiz-reveal-right.png", full_page=True)
    await page.click("button.next")
    await page.locator(".result").wait_for(state="visible")
    assert await page.locator(".final").inner_text() == "Your score: 8 of 10"
    assert await page.locator(".answers li.right").count() == 4
    await page.screenshot(path=ARTIFACTS / "quiz-result.png", full_page=True)


async def test_quiz_in_one_language(page, demo):
    await page.goto(f"{demo.base}/demo/quiz")
    await page.select_option("select[name=lang]", "ja")
    await page.select_option("select[name=count]", "5")
    await page.click("button.start:enabled")
    for i in range(5):
        ex = EXAMPLES[await page.locator("section.question").get_attribute("data-example")]
        assert ex.lang == "ja"
        await answer(page, right=True)
        await page.click("button.next")
    assert await page.locator(".final").inner_text() == "Your score: 10 of 10"
