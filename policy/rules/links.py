"""C209 external-link and C212 logo-link: where a message sends the buyer.

Amazon keeps buyers on Amazon: a link may point to Amazon itself or to a page the buyer needs
to receive the purchase (a carrier's tracking page, the seller's own customisation upload page
when the seller lists it in `allowed_domains`). Any link over plain http is refused, Amazon's
own included, because Amazon strips or blocks "untrusted" links.

Links are read from the text the buyer sees (with or without a scheme, bare domains included;
see `policy.tokens.find_urls`) and, in HTML, from every <a href>. An <img src> is not a link the
buyer follows: a logo hosted on the seller's own server is allowed, an image over http is S309's
(insecure-image) finding and an image from a tracking host is C214's, so images are left to
those rules. The same link written twice is reported once.

The helpers at the top (host tests, source positions of HTML tags) are shared with
`policy.rules.images`.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policy.datafile import load as load_data
from policy.intent import link_context
from policy.registry import Finding, rule
from policy.report import Fix, Severity
from policy.tokens import find_urls, split_host, url_host

_SCHEME = re.compile(r"^\s*([A-Za-z][A-Za-z0-9+.-]*):")


@lru_cache(maxsize=1)
def _upload_words() -> re.Pattern:
    words = sorted(load_data("links.toml")["upload_words"], key=len, reverse=True)
    return re.compile("(?i)" + "|".join(re.escape(w) for w in words))


_SENTENCE_END = re.compile(r"[.!?。！？]\s|\n")


def _looks_like_upload_page(text: str, start: int, end: int, url: str) -> bool:
    """An https link in a sentence about uploading (or with "upload" in it): probably the
    page a custom order needs."""
    if scheme_of(url) not in (None, "https"):
        return False
    before = text[max(0, start - 160):start]
    breaks = list(_SENTENCE_END.finditer(before))
    if breaks:
        before = before[breaks[-1].end():]
    after = text[end:end + 80]
    stop = _SENTENCE_END.search(after)
    if stop:
        after = after[:stop.start()]
    pattern = _upload_words()
    return bool(pattern.search(url) or pattern.search(before) or pattern.search(after))


@lru_cache(maxsize=1)
def _domains() -> tuple[frozenset[str], ...]:
    data = load_data("links.toml")
    return (frozenset(data["amazon_domains"]), frozenset(data["carrier_domains"]),
            frozenset(data["tracker_hosts"]), frozenset(data["shortener_domains"]))


def host_in(host: str, domains) -> bool:
    """True when `host` is one of `domains` or a subdomain of one."""
    host = host.lower().rstrip(".")
    while True:
        if host in domains:
            return True
        if "." not in host:
            return False
        host = host.split(".", 1)[1]


def is_amazon_host(host: str) -> bool:
    """amazon.<any public suffix> and its subdomains, plus Amazon's short-link and media hosts."""
    if not host:
        return False
    parts = split_host(host)
    if parts.domain == "amazon" and parts.suffix:
        return True
    return host_in(host, _domains()[0])


def is_carrier_host(host: str) -> bool:
    return host_in(host, _domains()[1])


def is_tracker_host(host: str) -> bool:
    return host_in(host, _domains()[2])


def is_shortener_host(host: str) -> bool:
    """A public link shortener (bit.ly, tinyurl.com ...): the page behind it is unknown."""
    return host_in(host, _domains()[3])


def scheme_of(url: str) -> str | None:
    """The lower-cased scheme ("https"), or None when the link was written without one."""
    m = _SCHEME.match(url)
    if m and "://" in url[: m.end() + 2]:
        return m.group(1).lower()
    if m and m.group(1).lower() in ("mailto", "tel", "javascript", "data", "sms"):
        return m.group(1).lower()
    return None


def tag_start(analysis, tag) -> int | None:
    """Body offset of the "<" that opens `tag` (bs4 records its line and column)."""
    line, pos = getattr(tag, "sourceline", None), getattr(tag, "sourcepos", None)
    if line is None or pos is None:
        return None
    starts = analysis._line_starts
    if line - 1 >= len(starts):
        return None
    return starts[line - 1] + pos


def tag_span(analysis, tag) -> tuple[int | None, int | None]:
    """Body span of the opening tag."""
    start = tag_start(analysis, tag)
    if start is None:
        return None, None
    end = analysis.body.find(">", start)
    return start, (end + 1 if end != -1 else len(analysis.body))


def attr_span(analysis, tag, attr: str) -> tuple[int | None, int | None]:
    """Body span of an attribute's value inside the opening tag (falls back to the tag)."""
    start, end = tag_span(analysis, tag)
    if start is None:
        return None, None
    source = analysis.body[start:end]
    m = re.search(rf"(?i)\b{re.escape(attr)}\s*=\s*(\"[^\"]*\"|'[^']*'|[^\s>]+)", source)
    if not m:
        return start, end
    value_start = start + m.start(1)
    value_end = start + m.end(1)
    if m.group(1)[:1] in "\"'":
        value_start, value_end = value_start + 1, value_end - 1
    return value_start, value_end


def _allowed(host: str, analysis) -> bool:
    return bool(analysis.config.allowed_domains) and host_in(host, analysis.config.allowed_domains)


def link_verdict(url: str, analysis) -> str | None:
    """None when the link is fine, else "http" (insecure), "shortened" (a public shortener
    hides the page: neither the buyer nor Amazon can tell whether the order needs it) or
    "external"."""
    scheme = scheme_of(url)
    if scheme in ("mailto", "tel", "sms", "javascript", "data"):
        return None  # contact links are C215's; script and data links are not destinations
    host = url_host(url)
    if not host:
        return None  # relative link or an anchor inside the message
    if scheme == "http":
        return "http"
    if scheme not in (None, "https"):
        return "external"
    if is_amazon_host(host) or _allowed(host, analysis):
        return None
    if is_carrier_host(host):
        return None
    if is_shortener_host(host):
        return "shortened"
    return "external"


def _key(url: str) -> str:
    rest = url.split("://", 1)[1] if "://" in url else url
    return rest.lower().rstrip("/")


def _messages(verdict: str, url: str) -> str:
    host = url_host(url)
    if verdict == "http":
        return (f"The link to {host} is not secure (http); Amazon accepts only https links "
                "that the buyer needs.")
    if verdict == "shortened":
        return (f"The short link via {host} hides the page it leads to, so the buyer cannot "
                "see that the order needs it; remove it, or give the page's full https address "
                "if the order needs it.")
    return (f"The link to {host} leads outside Amazon; remove it, or list the domain in "
            "allowed_domains if the buyer needs it to complete the order.")


_UPLOAD_MESSAGE = ("The link to {host} looks like an upload page for this order. Keep it only if "
                   "the buyer needs it to complete the order, and then list {host} in "
                   "allowed_domains; otherwise remove it.")


def _https_fix(analysis, start: int, end: int, where: str, url: str) -> Fix | None:
    if not is_amazon_host(url_host(url)):
        return None
    if where == "text":
        start, end = analysis.body_span(start, start + 4)
    else:
        end = start + 4
    if analysis.body[start:end].lower() != "http" or end - start != 4:
        return None
    return Fix("Use https for the Amazon link", start, end, "https")


@rule("C209", "external-link", Severity.ERROR,
      "Links must be secure (https) and lead to Amazon or to a page needed to complete the order.")
def external_link(analysis):
    """Flags links over http and links that lead away from Amazon.

    ## What it does
    Finds links over http and links that lead away from Amazon. It reads every link in the
    subject and the text (with or without a scheme, bare domains such as mystore.com included;
    file names such as manual.pdf are not links) and, in HTML, every <a href>. A link over
    http:// is an error even to Amazon. A link over https is fine when it leads to Amazon
    (amazon.<any country>, amzn.to), to a carrier's tracking site, or to a domain the seller
    lists in `allowed_domains` because the buyer needs it for the order (a customisation upload
    page, for example). A public link shortener (bit.ly, tinyurl.com ...) always fires: it
    hides the page, so nothing in the message can show that the order needs it.

    An https link that is not listed but sits in a sentence about uploading ("upload your photo
    at ...") is a warning, not an error: it may be the customisation page the order needs.
    An https link passes when the message and the link's sentence say together that the order
    needs it (`policy.intent.link_context`): the message is for delivery scheduling, a Home
    Services appointment, a custom design, needed order information or other needed contact
    (its SP-API type, such as confirmDeliveryDetails or confirmCustomizationDetails, or a
    sentence the intent model reads so), and the sentence presenting the link (or, for a link
    on its own line, the sentences just before it) reads as that purpose or as a page the
    order needs, and not as promotion or a review request. A freight carrier's booking page or
    a design proof passes; a shop, social page or review site still fires.

    ## Why Amazon blocks it
    The guidelines allow only secure links that are needed to complete the order, or links to
    Amazon; Amazon strips untrusted links and may block the message.

    ## Example
    "Check out more of our products at www.mystore.com"; "http://www.amazon.de/gp/css/order-history"

    ## Use instead
    "https://www.amazon.de/gp/css/order-history", or a carrier's https tracking link.

    ## Fix safety
    Changing http:// to https:// on an Amazon link is safe (Amazon serves every page over
    https). Other links get no fix: only the seller knows whether the page is needed.
    """
    seen: set[tuple[str, str]] = set()
    if "." in analysis.subject:
        for token in find_urls(analysis.subject):
            verdict = link_verdict(token.text, analysis)
            if verdict and (verdict, _key(token.value)) not in seen:
                seen.add((verdict, _key(token.value)))
                yield Finding(_messages(verdict, token.value), token.start, token.end,
                              where="subject")
    for token in analysis.urls:
        verdict = link_verdict(token.text, analysis)
        if verdict and (verdict, _key(token.value)) not in seen:
            seen.add((verdict, _key(token.value)))
            if (verdict == "external" and scheme_of(token.text) == "https"
                    and link_context.link_needed(analysis, token.start, token.end)):
                continue  # the order needs it (a carrier's booking page, a design proof)
            if verdict == "external" and _looks_like_upload_page(
                    analysis.text, token.start, token.end, token.text):
                yield Finding(_UPLOAD_MESSAGE.format(host=url_host(token.value)), token.start,
                              token.end, severity=Severity.WARNING)
                continue
            fix = _https_fix(analysis, token.start, token.end, "text", token.text) \
                if verdict == "http" else None
            yield Finding(_messages(verdict, token.value), token.start, token.end, fix=fix)
    if not analysis.message.is_html or "href" not in analysis.body.lower():
        return
    for tag in analysis.soup.find_all(("a", "area")):
        attr = "href"
        url = (tag.get(attr) or "").strip()
        if not url:
            continue
        verdict = link_verdict(url, analysis)
        if not verdict or (verdict, _key(url)) in seen:
            continue
        seen.add((verdict, _key(url)))
        start, end = attr_span(analysis, tag, attr)
        fix = None
        if verdict == "http" and start is not None and end is not None:
            fix = _https_fix(analysis, start, end, "body", url)
        yield Finding(_messages(verdict, url), start, end, where="body", fix=fix)


@rule("C212", "logo-link", Severity.ERROR,
      "A logo or other image must not link to the seller's website.")
def logo_link(analysis):
    """Flags an image wrapped in a link that leads outside Amazon.

    ## What it does
    Finds images wrapped in a link that leads outside Amazon. In an HTML message, that is every
    <img> inside an <a href> whose target is not Amazon. The seller's own domains count as
    outside, even when listed in `allowed_domains`. A logo that links to Amazon (named as a
    logo, or leading to the seller's storefront) is flagged too: POLICY_READING reads a linked
    logo as C212 wherever it leads.

    ## Why Amazon blocks it
    The guidelines forbid logos that link to the seller's website: it is a way to pull the buyer
    off Amazon.

    ## Example
    `<a href="https://mystore.com"><img src="https://mystore.com/logo.png" alt="MyStore"></a>`

    ## Use instead
    `<img src="https://mystore.com/logo.png" alt="MyStore">` with no link around it.

    ## Fix safety
    No fix: unwrapping the image changes the layout, so the seller should do it.
    """
    if not analysis.message.is_html or "<img" not in analysis.body.lower():
        return
    for anchor in analysis.soup.find_all("a", href=True):
        if anchor.find("img") is None:
            continue
        href = anchor["href"].strip()
        if scheme_of(href) in ("mailto", "tel", "sms", "javascript", "data"):
            continue
        host = url_host(href)
        if not host:
            continue
        if is_amazon_host(host):
            # POLICY_READING: a linked logo is C212 wherever it leads; an image that links to
            # an Amazon page is a logo when it is named as one or leads to the storefront
            if _logo_to_amazon(anchor, href):
                start, end = tag_span(analysis, anchor)
                yield Finding("This logo is a link (to Amazon); a logo may not link anywhere: "
                              "remove the link around it.", start, end, where="body")
            continue
        start, end = tag_span(analysis, anchor)
        yield Finding(f"This image links to {host}; remove the link around the image.",
                      start, end, where="body")


_STOREFRONT = re.compile(r"/stores?/|/shops?/|[?&](?:seller|me|merchant)=", re.IGNORECASE)


@lru_cache(maxsize=1)
def _brand_words() -> re.Pattern:
    words = load_data("images.toml")["brand_words"]
    return re.compile("|".join(re.escape(w) for w in words), re.IGNORECASE)


def _logo_to_amazon(anchor, href: str) -> bool:
    """An image in a link to Amazon that is the seller's logo: its file name, alt text, class
    or id says so ("logo.png"), or the link leads to the seller's storefront."""
    if _STOREFRONT.search(href):
        return True
    for image in anchor.find_all("img"):
        named = " ".join(str(image.get(a) or "") for a in ("src", "alt", "class", "id", "title"))
        if _brand_words().search(named):
            return True
    return False
