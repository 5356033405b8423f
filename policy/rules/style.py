"""S303, S305-S307: Amazon's layout and typography rules for message HTML.

Amazon wants every seller message to look alike: its own font, colour, line height, alignment
and width, no animated images and no insecure ones. These rules read the element index built
once per message by `style_html.index` (only for HTML bodies; plain text has no styling to
judge; see `style_breaks` for S308). Image rules (S302, S304, S309) are in `style_images`.
Thresholds and word lists live in `policy/data/style.toml`.
Widths are judged against a 600 px reference column, the width Amazon and most mail clients
give a message (an assumption: Amazon does not publish its value).
"""

from __future__ import annotations

import re

from policy.registry import Finding, rule
from policy.report import Fix, Severity
from policy.rules import style_css as css
from policy.rules.style_html import index

MARGIN_SHARE = float(css.STYLE["max_margin_share"])
ALIGN = css.STYLE["alignment"]
TEXT_ALIGN = frozenset(ALIGN["text_align"])
ALIGN_ATTR = frozenset(ALIGN["align_attribute"])
ALIGN_EXEMPT = frozenset(ALIGN["align_exempt_tags"])
OVERRIDE_PROPS = frozenset(css.STYLE["overrides"]["properties"])
OVERRIDE_ATTRS = frozenset(css.STYLE["overrides"]["attributes"])
SPACING = re.compile(r"^(margin|padding)(-left|-right|-inline|-inline-start|-inline-end)?$")


def all_decls(analysis):
    """(decl, element or None) for every inline and <style> declaration, in source order."""
    html_index = index(analysis)
    for element in html_index.elements:
        for decl in element.decls:
            yield decl, element
    for sheet_rule in html_index.sheets:
        for decl in sheet_rule.decls:
            yield decl, None


@rule("S303", "wide-margin", Severity.ERROR, "Margins must not exceed 20% of the message width.")
def wide_margin(analysis):
    """Flags margins or padding wider than a fifth of the message width.

    ## What it does
    Finds margins and padding wider than 20% of the message width. It reads the left and
    right `margin` and `padding` of every element (inline styles and
    `<style>` sheets). A percentage above 20%, or a length above 120 px (20% of a 600 px
    column), is too wide. A block narrower than 60% centred with `margin: auto` leaves the
    same wide margins and is flagged too.

    ## Why Amazon blocks it
    Amazon's styling rules forbid margins over 20% of the message's maximum width.

    ## Example
    `<div style="padding: 0 25%">...</div>`

    ## Use instead
    No margin or padding at all: Amazon lays the message out.

    ## Fix safety
    No fix: the right spacing depends on the layout.
    """
    if not analysis.message.is_html:
        return
    for decl, element in all_decls(analysis):
        if SPACING.match(decl.prop):
            for part in css.horizontal_values(decl.prop, decl.value):
                share = css.width_share(part)
                if share is not None and share > MARGIN_SHARE:
                    yield Finding(f"'{decl.prop}: {decl.value}' is wider than 20% of the message "
                                  "width: remove it or keep it under 20%.",
                                  decl.start, decl.end, where="body")
                    break
        elif decl.prop in ("width", "max-width") and element is not None:
            share = css.width_share(decl.value)
            margin = element.decl("margin") or element.decl("margin-left")
            if share is not None and share < 1 - 2 * MARGIN_SHARE and margin and "auto" in margin.value:
                yield Finding("A centred block this narrow leaves margins over 20% of the width: "
                              "remove the width.", decl.start, decl.end, where="body")
    for element in index(analysis).elements:
        for attr in ("hspace", "marginwidth", "leftmargin"):
            value = element.attr(attr)
            share = css.width_share(value, unitless_px=True) if value else None
            if share is not None and share > MARGIN_SHARE:
                start, end = element.attr_span(attr)
                yield Finding(f"The {attr} attribute sets a margin over 20% of the width: remove it.",
                              start, end, where="body")


def _remove_decl(analysis, decl) -> Fix:
    """Delete the declaration and the spaces after it (safe: only the look changes)."""
    end = decl.end
    while end < len(analysis.body) and analysis.body[end] in " \t":
        end += 1
    return Fix(f"Remove '{decl.prop}: {decl.value}'", decl.start, end, "")


@rule("S305", "style-override", Severity.ERROR,
      "Messages must not override the default line height, font family or font colour.")
def style_override(analysis):
    """Flags HTML that changes Amazon's font, text colour or line height.

    ## What it does
    Finds CSS that changes the font, text colour or line height. That is `line-height`,
    `font-family`, `font` and `color` in inline styles and `<style>` sheets, and the
    `face`/`color` attributes of `<font>` (and `text` on `<body>`). Values that only restore the
    default (`inherit`, `initial`, `unset`) are fine. Background colours are not text colours
    and are not flagged here.

    ## Why Amazon blocks it
    Amazon's styling rules forbid overriding its default line height, font family or font colour.

    ## Example
    `<p style="font-family: Comic Sans MS; color: #ff6600">Your order has shipped.</p>`

    ## Use instead
    `<p>Your order has shipped.</p>`

    ## Fix safety
    Safe for CSS declarations: removing one only restores Amazon's default look. Attributes of
    `<font>` are reported without a fix.
    """
    if not analysis.message.is_html:
        return
    for decl, _ in all_decls(analysis):
        if decl.prop in OVERRIDE_PROPS and decl.value.lower() not in css.NEUTRAL_VALUES - {"0"}:
            if decl.prop == "font" and decl.value.lower() in ("inherit", "initial", "unset"):
                continue
            what = {"line-height": "line height", "color": "text colour"}.get(decl.prop, "font")
            yield Finding(f"Remove '{decl.prop}: {decl.value}': Amazon's default {what} must not "
                          "be overridden.", decl.start, decl.end, where="body",
                          fix=_remove_decl(analysis, decl))
    for element in index(analysis).elements:
        if element.name in ("font", "basefont", "body"):
            for attr in OVERRIDE_ATTRS:
                if attr == "text" and element.name != "body":
                    continue
                if attr != "text" and element.name == "body":
                    continue
                if element.attr(attr):
                    start, end = element.attr_span(attr)
                    yield Finding(f"Remove the {attr}=\"{element.attr(attr)}\" attribute: Amazon's "
                                  "default font and text colour must not be overridden.",
                                  start, end, where="body")


def _explicit_size(element) -> float | None:
    decl = element.decl("font-size")
    if decl:
        return css.font_size_px(decl.value)
    decl = element.decl("font")
    if decl:
        return css.font_shorthand_size(decl.value)
    if element.name == "font" and element.attr("size"):
        return css.font_tag_size(element.attr("size"))
    if element.name in css.HEADING_SIZES:
        return float(css.HEADING_SIZES[element.name])
    return None


def _has_base_text(element_sizes: dict[int, float], analysis) -> bool:
    """Is some text shown at the default size (outside every sized element)?"""
    for string in analysis.soup.find_all(string=True):
        if not string.strip() or type(string).__name__ != "NavigableString":
            continue
        parent = string.parent
        sized = False
        while parent is not None and getattr(parent, "name", None) not in (None, "[document]"):
            if parent.name in ("style", "script", "head", "title"):
                sized = True
                break
            if id(parent) in element_sizes:
                sized = True
                break
            parent = parent.parent
        if not sized:
            return True
    return False


@rule("S306", "too-many-font-sizes", Severity.ERROR, "Messages must use at most three font sizes.")
def too_many_font_sizes(analysis):
    """Flags HTML that shows text in more than three sizes.

    ## What it does
    Counts the distinct font sizes. It counts `font-size` and `font` in styles, `<font size>`, the
    default sizes of `<h1>`-`<h6>`, `<small>` and `<big>`, and the default size of ordinary
    text. Sizes in em or % are taken relative to a 16 px font.

    ## Why Amazon blocks it
    Amazon's styling rules forbid fonts in more than three sizes.

    ## Example
    A heading, a sub-heading, body text and small print in four different sizes.

    ## Use instead
    Plain paragraphs, with at most one heading level.

    ## Fix safety
    No fix: the seller decides which sizes to keep.
    """
    if not analysis.message.is_html:
        return
    html_index = index(analysis)
    sizes: dict[float, tuple[int, int]] = {}
    element_sizes: dict[int, float] = {}
    for element in html_index.elements:
        size = _explicit_size(element)
        if size is None:
            continue
        element_sizes[id(element.tag)] = size
        sizes.setdefault(round(size, 1), (element.start, element.end))
    for sheet_rule in html_index.sheets:
        for decl in sheet_rule.decls:
            size = (css.font_size_px(decl.value) if decl.prop == "font-size" else
                    css.font_shorthand_size(decl.value) if decl.prop == "font" else None)
            if size is not None:
                sizes.setdefault(round(size, 1), (decl.start, decl.end))
    if len(sizes) + 1 <= 3 or (len(sizes) <= 3 and css.BASE_FONT in sizes):
        return
    if css.BASE_FONT not in sizes and _has_base_text(element_sizes, analysis):
        sizes[css.BASE_FONT] = (-1, -1)
    if len(sizes) <= 3:
        return
    ordered = sorted(sizes.items(), key=lambda item: item[1][0])
    listed = ", ".join(f"{size:g}px" for size, _ in ordered)
    start, end = ordered[3][1]
    yield Finding(f"The message uses {len(sizes)} font sizes ({listed}); Amazon allows at most "
                  "three: use fewer headings and size changes.", start, end, where="body")


@rule("S307", "text-alignment", Severity.ERROR, "Message text must keep the default alignment.")
def text_alignment(analysis):
    """Flags centred, right-aligned or justified text.

    ## What it does
    Finds centred, right-aligned or justified text. That is `text-align` values other than
    left/start, `align` attributes that centre, right-align
    or justify (not on images, which `align` floats), and `<center>` elements.

    ## Why Amazon blocks it
    Amazon's styling rules forbid message bodies that are centred or that otherwise override
    the default text alignment.

    ## Example
    `<p style="text-align: center">Thank you for your order.</p>`

    ## Use instead
    `<p>Thank you for your order.</p>`

    ## Fix safety
    Safe for CSS declarations: removing `text-align` restores the default alignment.
    """
    if not analysis.message.is_html:
        return
    for decl, _ in all_decls(analysis):
        if decl.prop == "text-align" and decl.value.lower() in TEXT_ALIGN:
            yield Finding(f"Remove 'text-align: {decl.value}': message text must stay left-aligned.",
                          decl.start, decl.end, where="body", fix=_remove_decl(analysis, decl))
    for element in index(analysis).elements:
        if element.name == "center":
            yield Finding("Remove the <center> element: message text must stay left-aligned.",
                          element.start, element.end, where="body")
            continue
        value = element.attr("align")
        if value and value.strip().lower() in ALIGN_ATTR and element.name not in ALIGN_EXEMPT:
            start, end = element.attr_span("align")
            yield Finding(f"Remove align=\"{value}\": message text must stay left-aligned.",
                          start, end, where="body")

