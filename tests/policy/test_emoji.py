"""S301 emoji: whole clusters, one finding each, text-style symbols left alone."""

import pytest

import policy
from policy.rules.emoji import find_emoji

ONLY = policy.Config(select=frozenset({"S301"}))


def run(**message):
    return [d for d in policy.check(message, ONLY).diagnostics if d.code == "S301"]


@pytest.mark.parametrize("text, clusters", [
    ("Thanks \U0001F600", ["\U0001F600"]),
    ("\U0001F468\u200D\U0001F469\u200D\U0001F467 family", ["\U0001F468\u200D\U0001F469\u200D\U0001F467"]),
    ("Made in \U0001F1E9\U0001F1EA", ["\U0001F1E9\U0001F1EA"]),
    ("Step 1\uFE0F\u20E3 first", ["1\uFE0F\u20E3"]),
    ("Great \U0001F44D\U0001F3FD", ["\U0001F44D\U0001F3FD"]),
    ("With love \u2764\uFE0F", ["\u2764\uFE0F"]),
    ("With love \u2764", ["\u2764"]),
    ("\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F England",
     ["\U0001F3F4\U000E0067\U000E0062\U000E0065\U000E006E\U000E0067\U000E007F"]),
    ("\U0001F600\U0001F600", ["\U0001F600", "\U0001F600"]),
    ("Acme\u00a9 Widget\u00ae Pro\u2122", []),
    ("Rated \u2605\u2605\u2605\u2606 \u2022 bullet", []),
    ("Next step \u27a1 press \u2714", []),
    ("Price 5 * 3 = 15 # 7", []),
    ("Bestellung \u00e4\u00f6\u00fc\u00df \u3053\u3093\u306b\u3061\u306f", []),
])
def test_clusters(text, clusters):
    assert [text[a:b] for a, b in find_emoji(text)] == clusters


def test_one_finding_per_cluster_with_safe_fix():
    text = "Your parcel is on its way \U0001F69A \U0001F468\u200D\U0001F469\u200D\U0001F467 enjoy"
    found = run(text=text)
    assert len(found) == 2
    body = text
    for d in sorted(found, key=lambda d: -d.start):
        body = body[:d.fix.start] + d.fix.replacement + body[d.fix.end:]
    assert body == "Your parcel is on its way enjoy"


@pytest.mark.parametrize("text, fixed", [
    ("Hello \U0001F44B,\nthanks", "Hello,\nthanks"),
    ("Thanks \U0001F600!", "Thanks!"),
    ("It ships tomorrow \U0001F4E6.", "It ships tomorrow."),
    ("\U0001F600 Hello", "Hello"),
    ("Hi \U0001F600 there", "Hi there"),
])
def test_fix_leaves_no_stray_space(text, fixed):
    (d,) = run(text=text)
    assert text[:d.fix.start] + d.fix.replacement + text[d.fix.end:] == fixed


@pytest.mark.parametrize("cluster, described", [
    ("\U0001F600", "U+1F600 grinning face"),
    ("\U0001F44D\U0001F3FD", "U+1F44D U+1F3FD thumbs up sign"),
    ("\u2764\uFE0F", "U+2764 heavy black heart"),
    ("\U0001F1E9\U0001F1EA", "U+1F1E9 U+1F1EA flag DE"),
    ("\U0001F468\u200D\U0001F469", "U+1F468 U+1F469 man, woman"),
])
def test_messages_name_the_emoji(cluster, described):
    (d,) = run(text=f"Thanks {cluster} again")
    assert d.message.startswith(f"Remove the emoji {described} ({cluster}):")


def test_subject_emoji_reported_without_body_fix():
    found = run(text="Order 113-1234567-1234567", subject="Your order \U0001F389")
    assert [(d.field, d.excerpt, d.fix) for d in found] == [("subject", "\U0001F389", None)]


def test_html_entity_emoji_maps_to_source():
    html = "<p>Thanks &#x1F600; for the order</p>"
    (d,) = run(html=html)
    assert html[d.start:d.end] == "&#x1F600;"
    assert d.fix and html[d.fix.start:d.fix.end] == "&#x1F600;"


@pytest.mark.parametrize("text", [
    "Thank you for your order. Acme\u00ae is a registered trade mark.",
    "Rating scale: \u2605 to \u2605\u2605\u2605\u2605\u2605",
    "\u2022 Step one\n\u2022 Step two",
])
def test_compliant_text_passes(text):
    assert run(text=text) == []
