"""S312: accessibility problems a buyer with a screen reader or low vision would meet.

Amazon's styling rules point at the Web Content Accessibility Guidelines without listing
checks, so this rule covers the WCAG failures that can be decided from a message alone:
images without a text alternative (1.1.1), text colour too close to its background (1.4.3),
link text that does not say where it goes (2.4.4), a document language that is missing or
wrong (3.1.1), and English prose far above plain language (3.1.5, judged with textstat's Flesch
reading ease, counting syllables with `policy.readability` instead of the CMU dictionary). It is a warning: these are quality problems, and the contrast and reading-level
checks are estimates. Word lists and thresholds live in `policy/data/accessibility.toml`.
"""

from __future__ import annotations

import re

from policy import language, readability
from policy.datafile import load as data
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules import style_css as css
from policy.rules.style_html import index

DATA = data("accessibility.toml")
VAGUE_LINKS = frozenset(DATA["vague_link_texts"])
FLESCH_MIN = float(DATA["flesch_min"])
MIN_WORDS = int(DATA["min_words"])
CONTRAST_MIN = float(DATA["contrast_min"])
CONTRAST_MIN_LARGE = float(DATA["contrast_min_large"])
_TRIM = " \t\n\u00a0\u3000.,:;!?!…»«\"'()[]<>→➜›-–—"
_WORD = re.compile(r"[A-Za-z]+(?:['’][A-Za-z]+)?")


def _background(element):
    """The nearest background colour on the element or an ancestor, or None."""
    tag = element.tag
    while tag is not None and getattr(tag, "name", None) not in (None, "[document]"):
        style = tag.get("style")
        if style:
            for decl in reversed(css.parse_declarations(style)):
                if decl.prop in ("background-color", "background"):
                    color = css.background_color(decl.value)
                    if color:
                        return color
        bgcolor = tag.get("bgcolor")
        if bgcolor:
            color = css.parse_color(bgcolor)
            if color:
                return color
        tag = tag.parent
    return None


def _contrast(analysis):
    for element in index(analysis).elements:
        decl = element.decl("color")
        if decl:
            value, start, end = decl.value, decl.start, decl.end
        elif element.name == "font" and element.attr("color"):
            value = element.attr("color")
            start, end = element.attr_span("color")
        else:
            continue
        foreground = css.parse_color(value)
        if foreground is None:
            continue
        background = _background(element)
        if background is None:
            continue
        ratio = css.contrast_ratio(foreground, background)
        large = element.name in ("h1", "h2", "h3")
        if ratio < (CONTRAST_MIN_LARGE if large else CONTRAST_MIN):
            yield Finding(f"The text colour has a contrast of {ratio:.1f}:1 with its background "
                          f"(WCAG asks at least {CONTRAST_MIN if not large else CONTRAST_MIN_LARGE:g}"
                          ":1): use the default colours.", start, end, where="body")


def _html_checks(analysis):
    html_index = index(analysis)
    for element in html_index.elements:
        if element.name == "img":
            if "alt" not in element.attrs:
                width, height = element.attr("width"), element.attr("height")
                if width in ("0", "1") and height in ("0", "1"):
                    continue  # a tracking pixel: C214's business, not an image to describe
                yield Finding("Add an alt text that describes the image (alt=\"\" if it is only "
                              "decoration).", element.start, element.end, where="body")
        elif element.name == "a":
            text = element.tag.get_text(" ", strip=True).lower().strip(_TRIM)
            text = re.sub(r"\s+", " ", text)
            if text in VAGUE_LINKS:
                yield Finding(f"The link text \"{element.tag.get_text(strip=True)}\" does not say "
                              "where it leads: name the destination (e.g. \"the assembly "
                              "guide\").", element.start, element.end, where="body")
        elif element.attr("lang") and element.name != "html":
            declared = language.normalise(element.attr("lang"))
            guess = language.detect(element.tag.get_text(" "))
            if guess and declared and guess.language != declared:
                start, end = element.attr_span("lang")
                yield Finding(f"lang=\"{element.attr('lang')}\" does not match the language of "
                              f"the text it marks ({guess.language}): correct the attribute.",
                              start, end, where="body")
        if element.name == "html":
            lang = element.attr("lang") or element.attr("xml:lang")
            if not lang or not lang.strip():
                yield Finding("Add a lang attribute to <html> naming the message's language "
                              "(e.g. lang=\"en\").", element.start, element.end, where="body")
            else:
                detected = analysis.language
                declared = language.normalise(lang)
                if detected and declared != detected:
                    start, end = element.attr_span("lang")
                    yield Finding(f"<html lang=\"{lang}\"> does not match the message's language "
                                  f"({detected}): correct the lang attribute.", start, end,
                                  where="body")
    yield from _contrast(analysis)


QUICK_MARGIN = 25  # the quick estimate runs up to ~13 points above the full score on English prose
_SENTENCE = re.compile(r"[.!?]+(?:\s|$)|\n\s*\n")
_VOWELS = re.compile(r"[aeiouy]+")
_SILENT_E = re.compile(r"(?<=[a-z][^aeiouyl\W])e\b")


def _quick_flesch(text: str, words: int) -> float:
    """Flesch reading ease from vowel groups counted over the whole text: a cheap first look."""
    lower = text.lower()
    syllables = len(_VOWELS.findall(lower)) - len(_SILENT_E.findall(lower))
    sentences = max(1, len(_SENTENCE.findall(text)))
    return 206.835 - 1.015 * words / sentences - 84.6 * max(syllables, words) / words


def _reading_level(analysis):
    text = analysis.text
    if text.count(" ") + text.count("\n") + 1 < MIN_WORDS:
        return  # too short to judge; checked before anything costlier
    text = analysis.masked_text
    if analysis.language != "en":
        return
    words = len(_WORD.findall(text))
    if words < MIN_WORDS:
        return
    if _quick_flesch(text, words) >= FLESCH_MIN + QUICK_MARGIN:
        return  # clearly plain enough; the full score is only computed near the line
    score = readability.flesch_reading_ease(text[:20_000])
    if score < FLESCH_MIN:
        yield Finding(f"The text is hard to read (Flesch reading ease {score:.0f}, plain language "
                      f"is 60 or more): use shorter sentences and simpler words.",
                      0, len(analysis.text))


@rule("S312", "accessibility", Severity.WARNING,
      "Messages must not have accessibility problems (WCAG).")
def accessibility(analysis):
    """Flags WCAG problems: missing alt text, low contrast, vague links, language, hard prose.

    ## What it does
    Finds accessibility (WCAG) problems. It warns about `<img>` without `alt`, text colour
    against a background colour with a WCAG contrast ratio under 4.5:1 (3:1 for large headings),
    link texts such as "click here", "hier klicken", "cliquez ici", "haga clic aquí", "clicca
    qui" or "こちら", an `<html>` element without `lang` or with a `lang` other than the text's
    language, and English text of 100 words or more with a Flesch reading ease under 30.

    ## Why Amazon blocks it
    Amazon's styling rules forbid accessibility issues as specified in the Web Content
    Accessibility Guidelines: buyers who use screen readers or have low vision must be able to
    read the message.

    ## Example
    `<a href="https://www.amazon.com/...">Click here</a>` and `<img src="https://.../step1.png">`

    ## Use instead
    `<a href="https://www.amazon.com/...">the set-up guide on Amazon</a>` and
    `<img src="https://.../step1.png" alt="Step 1: attach the legs">`

    ## Fix safety
    No fix: alt texts, link texts and wording have to be written by the seller.
    """
    if analysis.message.is_html:
        yield from _html_checks(analysis)
    yield from _reading_level(analysis)
