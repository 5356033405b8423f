"""C214 tracking-pixel and C216 product-or-unrelated-image: what the images in a message are.

Only HTML messages have images. A tracking pixel is an image the buyer is not meant to see
(1x1 or 0x0, hidden by CSS, or inside a hidden element) or one that exists to report that the
message was opened (a tracker host, an "open"/"pixel"/"beacon" path, utm_ or similar query
parameters). Product photos are judged from the alt text, the file name and the host: Amazon
shows the product itself, and stock pictures are not about the seller's brand. Logos are the
seller's branding and never count as product photos.

The insecure (http) image is S309's concern, the GIF S302's, the size S304's: not repeated here.
"""

from __future__ import annotations

import re
import unicodedata
from functools import lru_cache
from urllib.parse import parse_qsl, urlsplit

from policy.datafile import load as load_data
from policy.registry import Finding, rule
from policy.report import Severity
from policy.rules.links import host_in, is_tracker_host, tag_span
from policy.tokens import url_host

_TINY = re.compile(r"^\s*[01](?:\.0*)?\s*(?:px)?\s*$", re.I)
_STYLE_TINY = re.compile(r"(?:^|;)\s*(?:max-)?(?:width|height)\s*:\s*[01](?:\.0*)?(?:px)?\s*"
                         r"(?:!important)?\s*(?:;|$)", re.I)
_STYLE_HIDDEN = re.compile(r"(?:^|;)\s*(?:display\s*:\s*none|visibility\s*:\s*hidden|"
                           r"opacity\s*:\s*0(?:\.0*)?(?![.\d]))", re.I)


@lru_cache(maxsize=1)
def _data():
    data = load_data("images.toml")

    def words(items):
        parts = []
        for word in sorted(set(items), key=len, reverse=True):
            escaped = re.escape(word)
            parts.append(rf"(?<![^\W\d_]){escaped}(?![^\W\d_])" if word.isascii() else escaped)
        return re.compile("(?i)" + "|".join(parts))

    params = [p.lower() for p in data["tracking_params"]]
    return {
        "param_prefixes": tuple(p for p in params if p.endswith("_")),
        "params": frozenset(p for p in params if not p.endswith("_")),
        "path_words": frozenset(w.lower() for w in data["tracking_path_words"]),
        "product": words(data["product_words"]),
        "unrelated": words(data["unrelated_words"]),
        "brand": words(data["brand_words"]),
        "unrelated_hosts": frozenset(data["unrelated_hosts"]),
        "product_urls": tuple(data["product_url_patterns"]),
        "generic": frozenset(_fold(w) for w in data["name_generic_words"]),
        "instruction": frozenset(_fold(w) for w in data["instruction_words"]),
        "owned": re.compile(r"(?i)(?<![^\W\d_])(?:"
                            + "|".join(map(re.escape, data["owned_markers"]))
                            + r")\s+((?:[^\W\d_]+\s+){0,3}[^\W\d_]+)"),
    }


# 4+ letters, or a katakana or kanji run of 2+ (hiragana are mostly particles in names)
_NAME_WORD = re.compile(r"[^\W\d_\u3040-\u30ff\u4e00-\u9fff]{4,}|[\u30a0-\u30ff]{2,}|"
                        r"[\u4e00-\u9fff]{2,}")
SIGNATURE_LINES = 3  # short closing lines hold the seller's name, which logos share


def _fold(word: str) -> str:
    plain = unicodedata.normalize("NFD", word.lower())
    return "".join(c for c in plain if unicodedata.category(c) != "Mn")


def _name_words(text: str) -> set[str]:
    generic = _data()["generic"]
    return {w for w in map(_fold, _NAME_WORD.findall(text)) if w not in generic}


def _cjk(word: str) -> bool:
    return word[0] >= "\u3040"


def _same(a: str, b: str) -> bool:
    """One word, allowing an inflected ending (lámpara/lámparas, Leuchte/Leuchten) or, in
    Japanese, a longer run that contains it (テーブル in ダイニングテーブル)."""
    if a == b:
        return True
    if _cjk(a) or _cjk(b):
        return _cjk(a) and _cjk(b) and (a in b or b in a)
    if not (a.startswith(b) or b.startswith(a)):
        return False
    return abs(len(a) - len(b)) <= (2 if min(len(a), len(b)) >= 5 else 1)


@lru_cache(maxsize=64)
def _message_words(text: str, subject: str) -> tuple[frozenset[str], ...]:
    """The words the message uses (body and subject), those it says the buyer owns ("your
    new kettle"), and those of its short closing lines (the seller's or brand's name: a logo
    may carry it)."""
    lines = [line.strip() for line in text.splitlines() if line.strip()]
    closing = set()
    for line in lines[-SIGNATURE_LINES:]:
        if len(line.split()) <= 4 and len(line) <= 40 and not line.endswith(tuple(".!?。！？")):
            closing |= _name_words(line)
    owned = set()
    for match in _data()["owned"].finditer(f"{subject}\n{text}"):
        owned |= _name_words(match.group(1))
    return (frozenset(_name_words(text) | _name_words(subject)), frozenset(owned),
            frozenset(closing))


def named_product(analysis, alt: str, name: str) -> str | None:
    """The words an image shares with the product the message is about, or None. An image
    whose one word is what the message says the buyer owns or bought (alt "Kettle" about
    "your kettle"), or that shares two words with the message, one of them such a word (alt
    "Lámpara Nube girando" about "tu lámpara Nube"), shows the product. The seller's name from
    the closing lines, and assembly or manual pictures, do not count."""
    own = _name_words(alt) | _name_words(name)
    help_words = _data()["instruction"]
    if not own or any(w in help_words or (_cjk(w) and any(h in w for h in help_words))
                      for w in own):
        return None
    used, owned, closing = _message_words(analysis.text, analysis.subject)
    shared = {w for w in own if any(_same(w, u) for u in used)
              and not any(_same(w, c) for c in closing)}
    # the product is what the buyer owns or bought ("your kettle"); Japanese has no spaces to
    # find that by, so there a kana or kanji run the text uses will do
    anchored = any(_cjk(w) or any(_same(w, o) for o in owned) for w in shared)
    if anchored and (len(shared) >= 2 or len(own) == 1):
        return " ".join(sorted(shared))
    return None


def _images(analysis):
    if not analysis.message.is_html or "<img" not in analysis.body.lower():
        return []
    return analysis.soup.find_all("img")


def _hidden_ancestor(tag) -> bool:
    for parent in tag.parents:
        style = parent.get("style") if hasattr(parent, "get") else None
        if style and _STYLE_HIDDEN.search(style):
            return True
        if parent.name not in (None, "[document]") and parent.has_attr("hidden"):
            return True
    return False


def pixel_reason(tag) -> str | None:
    """Why an <img> is a tracking pixel, or None."""
    data = _data()
    for dim in ("width", "height"):
        value = tag.get(dim)
        if isinstance(value, str) and _TINY.match(value):
            return f"its {dim} is {value.strip()}"
    style = tag.get("style") or ""
    if _STYLE_TINY.search(style):
        return "its style makes it 1 pixel or smaller"
    if _STYLE_HIDDEN.search(style) or tag.has_attr("hidden") or _hidden_ancestor(tag):
        return "it is hidden from the buyer"
    src = (tag.get("src") or "").strip()
    if not src:
        return None
    host = url_host(src) if "://" in src or src.startswith("//") else ""
    if src.startswith("//"):
        host = url_host("x:" + src)
    if host and is_tracker_host(host):
        return f"it loads from {host}, a tracking service"
    try:
        parts = urlsplit(src if "://" in src or src.startswith("//") else "//x/" + src)
    except ValueError:
        return None
    for key, _ in parse_qsl(parts.query, keep_blank_values=True):
        low = key.lower()
        if low in data["params"] or low.startswith(data["param_prefixes"]):
            return f"its address carries the tracking parameter {key!r}"
    path = parts.path.lower()
    segments = [s for s in path.split("/") if s]
    for i, segment in enumerate(segments):
        stem = segment.rsplit(".", 1)[0]
        pair = "/".join(segments[max(0, i - 1): i + 1])
        words = data["path_words"]
        if segment in words or stem in words or pair in words:
            return f"its address ({segment}) is an open-tracking path"
    return None


@rule("C214", "tracking-pixel", Severity.ERROR,
      "Messages must not contain tracking pixels or tracking images.")
def tracking_pixel(analysis):
    """Flags images that track whether the buyer opened the message.

    ## What it does
    Finds images that report whether the buyer opened the message. In an HTML message, these are
    <img> elements that are 1x1 or 0x0 (attributes or CSS), hidden (display:none,
    visibility:hidden, opacity:0, the hidden attribute, or a hidden parent), loaded from a
    tracking service, or whose address has tracking parameters (utm_..., mc_eid, pixel, beacon)
    or an open-tracking path.

    ## Why Amazon blocks it
    The guidelines forbid tracking pixels and images: they report on the buyer without consent.

    ## Example
    `<img src="https://mail.mystore.com/open.gif?uid=93" width="1" height="1">`

    ## Use instead
    Leave the image out; Amazon does not let sellers measure opens.

    ## Fix safety
    No fix offered; deleting the tag is simple, but the seller should know what their mailing
    tool inserts.
    """
    for img in _images(analysis):
        reason = pixel_reason(img)
        if reason:
            start, end = tag_span(analysis, img)
            yield Finding(f"Remove this tracking image: {reason}.", start, end, where="body")


def _image_words(tag) -> tuple[str, str]:
    """The alt/title text, and the image address's path as words (folders and file name:
    ".../products/standing-desk-oak.jpg" -> "products standing desk oak")."""
    alt = " ".join(str(tag.get(a) or "") for a in ("alt", "title"))
    src = (tag.get("src") or "").strip().split("?", 1)[0].split("#", 1)[0]
    if "://" in src:
        src = src.split("://", 1)[1].partition("/")[2]
    elif src.startswith("//"):
        src = src[2:].partition("/")[2]
    path = src.rsplit(".", 1)[0] if "." in src.rsplit("/", 1)[-1] else src
    path = re.sub(r"(?<=[a-z])(?=[A-Z])", " ", path)
    return alt, re.sub(r"[/_\-.+%]+", " ", path)


@rule("C216", "product-or-unrelated-image", Severity.WARNING,
      "Images must not show the purchased product or be unrelated to the seller's brand.")
def product_or_unrelated_image(analysis):
    """Flags images that look like product photos or pictures unrelated to the brand.

    ## What it does
    Finds images that look like product photos or stock pictures. In an HTML message, it reads
    each image's alt text, title, file name and host. Words such as "product photo",
    "Produktbild", "商品画像", Amazon catalogue image addresses, stock photo sites or unrelated
    motifs ("stock", "meme", "christmas") make it a warning, and so does an image whose alt
    text or file name names the product the message is about (an alt "Lámpara Nube girando" in
    a message about "tu lámpara Nube"). Images named as a logo or brand, or after the seller's
    name in the sign-off, and assembly or manual pictures, are not reported.

    ## Why Amazon blocks it
    Amazon adds the product's picture itself, and the guidelines forbid images of the
    purchased product and images that do not relate to the seller's brand or company.

    ## Example
    `<img src="https://cdn.mystore.com/product-photo-blue.jpg" alt="Product photo">`

    ## Use instead
    No image, or the seller's logo without a link: `<img src="https://cdn.mystore.com/logo.png"
    alt="MyStore">`

    ## Fix safety
    No fix.
    """
    data = _data()
    for img in _images(analysis):
        if pixel_reason(img):
            continue  # C214 already reports it
        alt, name = _image_words(img)
        if data["brand"].search(alt) or data["brand"].search(name):
            continue
        src = (img.get("src") or "").strip()
        low_src = src.lower()
        host = url_host(src) if "://" in src else ""
        reason = None
        if any(p in low_src for p in data["product_urls"]):
            reason = "it is an Amazon catalogue picture of a product"
        elif host and host_in(host, data["unrelated_hosts"]):
            reason = f"it comes from {host}, a stock or meme site"
        else:
            shared = named_product(analysis, alt, name)
            if shared:
                reason = f"its name shows the product this message is about ({shared!r})"
            for text in () if reason else (alt, name):
                m = data["product"].search(text)
                if m:
                    reason = f"it looks like a product photo ({m.group(0)!r})"
                    break
                m = data["unrelated"].search(text)
                if m:
                    reason = f"it looks unrelated to your brand ({m.group(0)!r})"
                    break
        if reason:
            start, end = tag_span(analysis, img)
            yield Finding(f"Remove this image: {reason}. Amazon shows the product itself; "
                          "keep only your logo.", start, end, where="body")
