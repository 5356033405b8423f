"""S302, S304, S309: images in message HTML (GIFs, oversized images, images over http).

Images are judged from the markup alone (nothing is fetched): the source URL says whether it
is a GIF or insecure, and a stated width says whether it is oversized, against the 600 px
reference column of `policy/data/style.toml` (80% = 480 px). An image without a stated width
is not judged.
"""

from __future__ import annotations

import re

from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules import style_css as css
from policy.rules.style import all_decls
from policy.rules.style_html import index

IMAGE_SHARE = float(css.STYLE["max_image_share"])
_GIF = re.compile(r"(?:\.gif(?:$|[?#])|^data:image/gif)", re.I)
_IMAGE_TAGS = ("img", "source", "input", "image")


def _image_sources(element) -> list[tuple[str, int, int]]:
    out = []
    for attr in ("src", "srcset", "background", "lowsrc"):
        found = element.attrs.get(attr)
        if found and found[0].strip():
            if attr == "srcset":
                for part in found[0].split(","):
                    url = part.strip().split(" ")[0]
                    if url:
                        out.append((url, found[1], found[2]))
            else:
                out.append((found[0].strip(), found[1], found[2]))
    return out



@rule("S302", "gif", Severity.ERROR, "Messages must not contain GIF images.")
def gif(analysis):
    """Flags GIF images in the body.

    ## What it does
    Finds GIF images. It reads `<img>` sources (also `srcset` and CSS `url(...)`) that end
    in `.gif` or are `data:image/gif` URLs.

    ## Why Amazon blocks it
    Amazon's styling rules ban GIFs: they animate, distract and are a common carrier of tracking.

    ## Example
    `<img src="https://cdn.example.com/thanks.gif" alt="Thanks">`

    ## Use instead
    A static PNG or JPEG, or no image at all.

    ## Fix safety
    No fix: the seller has to choose another image.
    """
    if not analysis.message.is_html:
        return
    for element in index(analysis).elements:
        if element.name in ("img", "source", "input", "image"):
            for url, start, end in _image_sources(element):
                if _GIF.search(url):
                    yield Finding("Replace the GIF image with a static PNG or JPEG, or remove it.",
                                  start, end, where="body")
    for decl, _ in all_decls(analysis):
        for url in css.urls(decl.value):
            if _GIF.search(url):
                yield Finding("Replace the GIF background with a static image, or remove it.",
                              decl.start, decl.end, where="body")


def _too_wide(value: str, *, unitless_px: bool) -> bool:
    share = css.width_share(value, unitless_px=unitless_px)
    return share is not None and share > IMAGE_SHARE


@rule("S304", "oversized-image", Severity.ERROR, "Images must not exceed 80% of the width.")
def oversized_image(analysis):
    """Flags images wider than 80% of the message width.

    ## What it does
    Finds images wider than 80% of the message width. It reads an image's `width` attribute and
    its CSS `width`/`min-width`: above 80%, or above 480 px (80% of a 600 px column), is too
    wide, unless a `max-width` keeps it within bounds. Images without a stated width are not
    judged (their size is unknown without fetching them).

    ## Why Amazon blocks it
    Amazon's styling rules forbid images or graphics larger than 80% of the maximum width.

    ## Example
    `<img src="https://example.com/banner.png" width="100%" alt="Banner">`

    ## Use instead
    `<img src="https://example.com/diagram.png" width="300" alt="Wiring diagram">`

    ## Fix safety
    No fix: the seller has to choose the size.
    """
    if not analysis.message.is_html:
        return
    for element in index(analysis).elements:
        if element.name not in ("img", "svg", "video", "picture", "input", "image"):
            continue
        limit = element.decl("max-width")
        if limit and not _too_wide(limit.value, unitless_px=False) and limit.value not in ("none",):
            continue
        width = element.attr("width")
        if width and _too_wide(width, unitless_px=True):
            start, end = element.attr_span("width")
            yield Finding(f"The image is {width.strip()} wide, more than 80% of the message width "
                          "(480 px): make it smaller.", start, end, where="body")
            continue
        for prop in ("width", "min-width"):
            decl = element.decl(prop)
            if decl and _too_wide(decl.value, unitless_px=False):
                yield Finding(f"The image is {decl.value} wide, more than 80% of the message width "
                              "(480 px): make it smaller.", decl.start, decl.end, where="body")
                break
    for sheet_rule in index(analysis).sheets:
        if re.search(r"(?:^|[\s,>+~])img\b", sheet_rule.selector):
            for decl in sheet_rule.decls:
                if decl.prop in ("width", "min-width") and _too_wide(decl.value, unitless_px=False):
                    yield Finding(f"Images are styled {decl.value} wide, more than 80% of the "
                                  "message width: make them smaller.", decl.start, decl.end,
                                  where="body")




def _insecure(url: str) -> bool:
    return url.strip().lower().startswith("http:")


@rule("S309", "insecure-image", Severity.ERROR, "Images must be loaded over https.")
def insecure_image(analysis):
    """Flags images loaded over plain http.

    ## What it does
    Finds images loaded over http. It reads image sources (`src`, `srcset`, `background`
    attributes and CSS `url(...)`) that start with `http://`.

    ## Why Amazon blocks it
    Amazon's styling rules forbid insecure images, i.e. URLs that begin with http rather than
    https; they can be altered in transit and expose the buyer's reading of the message.

    ## Example
    `<img src="http://example.com/manual-step1.png" alt="Step 1">`

    ## Use instead
    `<img src="https://example.com/manual-step1.png" alt="Step 1">`

    ## Fix safety
    No fix: the image host may not serve the same file over https, so switching the scheme
    could break the image; the seller has to check it.
    """
    if not analysis.message.is_html:
        return
    for element in index(analysis).elements:
        for url, start, end in _image_sources(element):
            if _insecure(url) and (element.name in _IMAGE_TAGS or element.attrs.get("background")):
                yield Finding("Load the image over https (the link starts with http://).",
                              start, end, where="body")
    for decl, _ in all_decls(analysis):
        for url in css.urls(decl.value):
            if _insecure(url):
                yield Finding("Load the background image over https (the link starts with "
                              "http://).", decl.start, decl.end, where="body")
