"""The card on an underline, in real Chromium against the real guard: it opens on hover and on
click, says why Amazon blocks it and what to write instead (the rule's own documentation from
/api/rules), and acts: apply the fix, replace a sentence, ignore once, ignore the rule, add a
word to the dictionary (the last two saved in the guard's settings, so the proxy agrees).
Overlapping findings keep their own underline, each one clickable."""

from __future__ import annotations


import pytest

import policy

from tests.extension import harness
from tests.extension.harness import CARD, PANEL, SEND, open_contact

pytestmark = harness.BROWSER_MARKS

OVERLAP = (f"Order {harness.ORDER_ID}: if you leave us a 5-star review, we will send you a $10 "
           "Amazon gift card.")


def seg_box(page, words: str) -> dict:
    """The viewport rectangle of the highlight piece whose text is `words`."""
    box = page.evaluate("""(words) => {
        const root = document.querySelector('bsm-guard-overlay').shadowRoot;
        const seg = [...root.querySelectorAll('.seg')].find(s => s.textContent === words);
        if (!seg) return null;
        const r = seg.getClientRects()[0];
        return {x: r.left, y: r.top, width: r.width, height: r.height,
                levels: Number(seg.dataset.levels || 1), shadow: getComputedStyle(seg).boxShadow};
    }""", words)
    assert box, f"no highlight over {words!r}"
    return box


def card_codes(page) -> list[str]:
    return page.locator(f"{CARD} .finding").evaluate_all("els => els.map(e => e.dataset.code)")


def wait_card(page, codes: str, pinned: bool | None = None) -> None:
    page.wait_for_function("""([sel, codes, pinned]) => {
        const c = document.querySelector(sel);
        return c && !c.hidden && c.dataset.codes === codes &&
            (pinned === null || c.dataset.pinned === String(pinned)); }""",
        arg=[CARD, codes, pinned])


def rule_docs(demo, code: str) -> dict:
    return next(r for r in demo.get(f"{demo.api}/api/rules") if r["code"] == code)["docs"]


def test_hover_on_an_underline_opens_the_card_with_why_and_what_instead(page, demo):
    open_contact(page, demo)
    text = f"Order {harness.ORDER_ID}: the cable is 2 m long 😀 as planned."
    harness.type_message(page, text)
    harness.wait_checked(page, text)
    box = seg_box(page, "😀")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_card(page, "S301", pinned=False)
    docs = rule_docs(demo, "S301")
    flowed = " ".join(docs["Why Amazon blocks it"].split())
    assert page.locator(f"{CARD} .why p").inner_text() == flowed
    assert page.locator(f"{CARD} .instead").inner_text().endswith(docs["Use instead"])
    assert page.locator(f"{CARD} .msg").inner_text().startswith("Remove the emoji U+1F600 grinning face")
    harness.shot(page, "card-hover", "main .layout")
    # Moving away closes a card that was only hovered.
    page.mouse.move(5, 5)
    page.locator(CARD).wait_for(state="hidden")


def test_click_pins_the_card_and_its_fix_applies(page, demo):
    open_contact(page, demo)
    text = f"Order {harness.ORDER_ID}: the cable is 2 m long 😀 as planned."
    harness.type_message(page, text)
    harness.wait_checked(page, text)
    box = seg_box(page, "😀")
    page.mouse.click(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_card(page, "S301", pinned=True)
    page.mouse.move(5, 5)  # a pinned card stays
    assert page.locator(CARD).is_visible()
    page.locator(f"{CARD} [data-action=fix]").click()
    fixed = harness.textarea(page).input_value()
    assert fixed == f"Order {harness.ORDER_ID}: the cable is 2 m long as planned."
    data = harness.wait_checked(page, fixed)
    assert "S301" not in data["codes"].split()


def test_overlapping_findings_keep_their_own_underline_each_clickable(page, demo):
    open_contact(page, demo)
    harness.type_message(page, OVERLAP)
    data = harness.wait_checked(page, OVERLAP)
    assert {"C204", "C205"} <= set(data["codes"].split()), data
    box = seg_box(page, "5-star review")
    assert box["levels"] == 2
    assert box["shadow"].count("rgba(198, 40, 40") == 2, box["shadow"]  # two bands, not one bar
    harness.shot(page, "overlap", ".contact-buyer-text-area")
    x = box["x"] + box["width"] / 2
    bottom = box["y"] + box["height"]
    # On the words: every finding there.
    page.mouse.click(x, box["y"] + box["height"] / 2)
    wait_card(page, "C204 C205", pinned=True)
    harness.shot(page, "overlap-card", "main .layout")
    page.keyboard.press("Escape")
    page.locator(CARD).wait_for(state="hidden")
    # On the second band: only the finding that band belongs to.
    page.mouse.click(x, bottom + 4)
    wait_card(page, "C205", pinned=True)
    page.keyboard.press("Escape")
    page.mouse.click(x, bottom + 1)
    wait_card(page, "C204", pinned=True)


def test_ignore_once_hides_the_finding_here_but_the_send_still_asks(page, demo):
    open_contact(page, demo)
    text = f"Order {harness.ORDER_ID}: your cable ships today 😀 as planned."
    harness.type_message(page, text)
    data = harness.wait_checked(page, text)
    errors = int(data["errors"])
    page.locator(f"{PANEL} li[data-code=S301]").click()
    wait_card(page, "S301", pinned=True)
    page.locator(f"{CARD} [data-action=ignore-once]").click()
    page.wait_for_function(f"document.querySelector('{PANEL}').dataset.errors === '{errors - 1}'")
    assert page.locator(f"{PANEL} li[data-code=S301]").count() == 0
    assert page.evaluate("""() => [...document.querySelector('bsm-guard-overlay').shadowRoot
        .querySelectorAll('.seg')].map(s => s.textContent)""").count("😀") == 0
    # The guard still judges the whole message: sending it asks first.
    page.click(SEND)
    page.wait_for_selector(f"{PANEL} [data-action=send-anyway]")
    assert "an emoji" in page.locator(f"{PANEL} .banner").inner_text()
    page.locator(f"{PANEL} [data-action=keep-editing]").click()


@pytest.fixture
def restore_settings(demo):
    before = demo.get(f"{demo.api}/api/settings")["config"]
    yield
    harness.put_settings(demo, {"config": {"ignore": before["ignore"], "words": before["words"]}})


def test_ignore_the_rule_is_saved_in_the_guards_settings(page, demo, restore_settings):
    open_contact(page, demo)
    text = f"Order {harness.ORDER_ID}: it ships today.\n\n\n\nBest regards"
    harness.type_message(page, text)
    harness.wait_checked(page, text)
    page.locator(f"{PANEL} li[data-code=S308]").focus()  # from the keyboard, too
    page.keyboard.press("Enter")
    wait_card(page, "S308", pinned=True)
    assert page.evaluate("document.activeElement.tagName") == "BSM-GUARD-CARD"  # focus moved in
    page.locator(f"{CARD} [data-action=ignore-rule]").click()
    page.wait_for_function(f"""() => {{ const d = document.querySelector('{PANEL}').dataset;
        return d.state === 'sent' && !d.codes.split(' ').includes('S308'); }}""")
    assert "S308" in demo.get(f"{demo.api}/api/settings")["config"]["ignore"]
    assert page.locator(CARD).is_hidden()
    # The guard itself (and so the proxy) no longer reports it.
    report = demo.post(f"{demo.api}/api/check", {"text": text, "order_id": harness.ORDER_ID})
    assert "S308" not in report["codes"]
    harness.shot(page, "ignored-rule", "#ayb-contact-buyer")


def test_add_a_word_to_the_dictionary(page, demo, restore_settings):
    open_contact(page, demo)
    # A question the order needs: "your cable ships tomorrow" alone is now read as a shipping
    # confirmation (C201, POLICY_READING) and would be blocked, not sent, after the word is added.
    text = (f"Order {harness.ORDER_ID}: which colour would you like for the cable, black or "
            "white? We can send it tomorow.")
    harness.type_message(page, text)
    data = harness.wait_checked(page, text)
    assert "S310" in data["codes"].split(), data
    box = seg_box(page, "tomorow")
    page.mouse.move(box["x"] + box["width"] / 2, box["y"] + box["height"] / 2)
    wait_card(page, "S310")
    button = page.locator(f"{CARD} [data-action=add-word]")
    assert button.inner_text() == "Add “tomorow” to the dictionary"
    harness.shot(page, "card-spelling", "main .layout")
    button.click()
    page.wait_for_function(f"""() => {{ const d = document.querySelector('{PANEL}').dataset;
        return d.state === 'sent' && !d.codes.split(' ').includes('S310'); }}""")
    assert "tomorow" in demo.get(f"{demo.api}/api/settings")["config"]["words"]


def test_a_sentence_fix_is_offered_as_replace_the_sentence(page, demo):
    """The learned intent layer names compliant wording for a content finding ("use_instead");
    the card offers it in place of the sentence that holds the finding, as "Replace the
    sentence", and Fix all leaves it alone. The wording comes from the real engine."""
    sentence = "Please leave us a 5-star review if you love it."
    text = f"Order {harness.ORDER_ID}: your cable ships today. {sentence}"
    report = policy.check({"text": text, "order_id": harness.ORDER_ID})
    wording = next(d.use_instead for d in report.diagnostics if d.code == "C205")
    assert wording and wording != sentence
    open_contact(page, demo)
    harness.type_message(page, text)
    data = harness.wait_checked(page, text)
    assert "C205" in data["codes"].split(), data
    assert page.locator(f"{PANEL} [data-action=fix-all]").count() == 0  # not a bulk fix
    page.locator(f"{PANEL} li[data-code=C205]").click()
    wait_card(page, "C205", pinned=True)
    button = page.locator(f"{CARD} [data-action=replace-sentence]")
    assert button.inner_text() == "Replace the sentence"
    assert wording in page.locator(f"{CARD} .finding").inner_text()
    harness.shot(page, "card-sentence", "main .layout")
    assert page.locator(CARD).is_visible()  # still open: a pinned card stays
    button.click()
    assert harness.textarea(page).input_value() == text.replace(sentence, wording)
