"""Contact details in a message: e-mail addresses (also disguised) and phone numbers.

Split from `policy.tokens` (which re-exports `find_emails`, `find_phones` and
`marketplace_region`) to keep each module readable.

Why it works this way:
- Disguised addresses ("name [at] shop [dot] com", "name at shop dot com",
  "name（アット）shop.jp") are searched only where an at-form occurs, found by plain string
  scans; a spaced at-word needs a dot written as a word soon after it, or a word such as
  "E-mail:" before it, so "meet me at store.com" is not an address.
- Phone numbers are judged by libphonenumber at VALID leniency, which rejects most dates,
  prices and postcodes. It is the slowest part, so it runs only on digit runs of 7+ digits that
  are not order IDs, links or labelled as another kind of number ("tracking no. ...").
  Unformatted runs ("4711081512") are tried abroad only when a word such as "call" or "Tel."
  says they are phone numbers, because almost any 10 digits are valid somewhere; near such a
  word a merely possible number (a 555 number) counts too.
"""

from __future__ import annotations

import re
from functools import lru_cache

from policy.datafile import load as load_data
from policy.tokens import Token, find_order_ids, find_urls, split_host

# -- e-mail addresses --------------------------------------------------------------------------

_EMAIL = re.compile(
    r"(?i)(?<![\w.+-])[\w.+-]+[@\uff20][a-z0-9-]+(?:\.[a-z0-9-]+)*\.[a-z]{2,24}(?![\w-])")


@lru_cache(maxsize=1)
def _obfuscated_email():
    data = load_data("tokens.toml")["emails"]
    ats = "|".join(re.escape(w) for w in sorted(data["at_words"], key=len, reverse=True))
    dots = "|".join(re.escape(w) for w in sorted(data["dot_words"], key=len, reverse=True))
    cjk_ats = "|".join(re.escape(w) for w in sorted(data["at_words"], key=len, reverse=True)
                       if ord(w[0]) >= 0x3000)
    # "name [at] shop [dot] com", "name(at)shop.com", "name at shop dot com": the at-word is
    # bracketed or spaced, and at least one dot is written as a word (plain " at " alone is
    # ordinary English: "at home.com" is not an address).
    at = (rf"(?:\s*[\[({{<\uff08\uff3b]\s*(?:{ats}|@)\s*[\])}}>\uff09\uff3d]\s*|\s+(?:{ats})\s+"
          rf"|\s+@\s+|\s*(?:{cjk_ats})\s*)")
    dot = (rf"(?:\s*[\[({{<\uff08\uff3b]\s*(?:{dots}|\.)\s*[\])}}>\uff09\uff3d]\s*"
           rf"|\s+(?:{dots}|\.)\s+|\.)")
    return re.compile(
        rf"(?i)(?<![\w.+-])(?P<local>[a-z0-9][\w.+-]*){at}"
        rf"(?P<domain>[a-z0-9-]+(?: [a-z0-9-]+){{0,2}}(?:{dot}[a-z0-9-]+)*)"
        rf"(?P<lastdot>{dot})(?P<tld>[a-z]{{2,24}})(?![\w-])"
    ), re.compile(rf"(?i)\s*[\[({{<\uff08\uff3b]\s*(?:{dots}|\.)\s*[\])}}>\uff09\uff3d]\s*"
                  rf"|\s+(?:{dots}|\.)\s+")


def find_emails(text: str) -> list[Token]:
    """E-mail addresses, also written with words or brackets ("name [at] shop [dot] com")."""
    return list(_emails(text))


@lru_cache(maxsize=1)
def _at_words() -> tuple[tuple[str, ...], tuple[str, ...]]:
    """(at-words, dot forms that a spaced at-word needs soon after it)."""
    data = load_data("tokens.toml")["emails"]
    dots = data["dot_words"]
    dot_forms = tuple(f" {w} " for w in dots) + tuple(f"({w}" for w in dots) + tuple(
        f"[{w}" for w in dots) + ("(.)", "[.]", " . ") + tuple(w for w in dots if not w.isascii())
    return tuple(["@", "\uff20", *data["at_words"]]), dot_forms


# "contact us at amazon.com": a pronoun before "at" is the reader, not a mailbox.
_PRONOUNS = frozenset("us me you him her them it we uns mich sie nous vous nos me le ci vi".split())


@lru_cache(maxsize=1)
def _email_label() -> re.Pattern:
    words = sorted(load_data("tokens.toml")["emails"]["email_labels"], key=len, reverse=True)
    return re.compile("(?<![a-z])(?:" + "|".join(re.escape(w) for w in words) + ")")


def _find_all(haystack: str, needle: str):
    i = haystack.find(needle)
    while i != -1:
        yield i
        i = haystack.find(needle, i + 1)


_OPEN_BRACKETS = frozenset("([{<\uff08\uff3b")
_CLOSE_BRACKETS = frozenset(")]}>\uff09\uff3d")


def _at_marks(low: str) -> list[int]:
    """Where the at-form of a disguised address begins (just after the local part): a bracketed
    at-word or "@" ("[at]", "(@)"), a spaced "@", a Japanese at-word, or a spaced at-word
    ("name at shop dot com") followed soon by a dot written as a word. Plain string scans
    with cheap gates: much faster than a regex over the whole text."""
    words, dot_forms = _at_words()
    marks = set()
    size = len(low)
    for word in words:
        if word.isascii() and word.isalpha():
            for i in _find_all(low, f" {word} "):
                if i and (low[i - 1].isalnum() or low[i - 1] in "._+-") and (
                        any(d in low[i: i + 90] for d in dot_forms)
                        or _email_label().search(low, max(0, i - 60), i)):
                    marks.add(i)
            candidates = ()
            if any(b in low for b in _OPEN_BRACKETS):
                candidates = _find_all(low, word)
        else:
            candidates = _find_all(low, word)
        for i in candidates:
            j = i - 1  # last character before the word, up to two spaces skipped
            while j >= 0 and low[j] == " " and i - j <= 2:
                j -= 1
            k = i + len(word)  # first character after it, up to two spaces skipped
            while k < size and low[k] == " " and k - (i + len(word)) < 2:
                k += 1
            before = low[j] if j >= 0 else ""
            after = low[k] if k < size else ""
            if before in _OPEN_BRACKETS and after in _CLOSE_BRACKETS:
                marks.add(j)
            elif word in ("@", "\uff20"):
                if j < i - 1 and k > i + 1:
                    marks.add(j + 1)  # "name @ shop . com"; plain name@shop is _EMAIL's
            elif ord(word[0]) >= 0x3000:
                marks.add(j + 1)  # Japanese: "name アットマーク shop.jp"
    return sorted(marks)


# "we are at the pick-up point in town": an article among the words is prose, not a host.
_ARTICLES = frozenset("the a an my our your this that le la les un une der die das ein eine "
                      "el los las una il lo gli".split())


@lru_cache(maxsize=1)
def _spelled_tlds() -> frozenset[str]:
    """The endings a shop name spelled in words may have ("coverslip lab dot com"): the
    generic ones and the marketplaces' countries; "the box dot by dot" is prose."""
    return frozenset(load_data("tokens.toml")["links"]["generic_tlds"]) | frozenset(
        "de fr es it jp uk us ca at ch nl be pl se mx br au in".split())


@lru_cache(maxsize=4)
def _emails(text: str) -> tuple[Token, ...]:
    out = []
    if "@" in text or "\uff20" in text:
        for m in _EMAIL.finditer(text):
            raw = m.group(0).rstrip(".")
            out.append(Token(m.start(), m.start() + len(raw), raw,
                             raw.replace("\uff20", "@").lower()))
    marks = _at_marks(text.lower())
    if not marks:
        return tuple(out)
    pattern, dot_word = _obfuscated_email()
    matches = []
    for mark in marks:
        # The local part ends just before the at-form: back up over it and try one match there.
        k = mark
        while k > 0 and text[k - 1] == " " and mark - k < 2:
            k -= 1
        end = k
        while k > 0 and (text[k - 1].isalnum() or text[k - 1] in "._+-"):
            k -= 1
        if k == end:
            continue
        m = pattern.match(text, k, min(len(text), mark + 140))
        if m is not None:
            matches.append(m)
    for m in matches:
        if m.end() < len(text) and (text[m.end()].isalnum() or text[m.end()] in "-_"):
            continue  # the window cut a longer word
        if any(t.start <= m.start() < t.end for t in out):
            continue
        plain_dot = m.group("lastdot") == "." and "." not in dot_word.sub("", m.group("domain"))
        if " " in dot_word.sub(".", m.group("domain")) and (
                not dot_word.fullmatch(m.group("lastdot"))
                or m.group("local").lower() in _PRONOUNS
                or m.group("tld").lower() not in _spelled_tlds()
                or _ARTICLES.intersection(m.group("domain").lower().split())):
            continue  # words before a plain dot are prose; "shop name dot com" is spelled out
        at_part = m.group(0)[len(m.group("local")):m.start("domain") - m.start()]
        spaced_at = not re.search(r"[\[({<@\uff20\uff08\uff3b\u3000-\u9fff]", at_part)
        if spaced_at and plain_dot and not dot_word.search(m.group("domain")) and not (
                _email_label().search(text.lower(), max(0, m.start() - 40), m.start() + 1)
                and m.group("local").lower() not in _PRONOUNS
                and "amazon" not in m.group("domain").lower()
                and not text.startswith("/", m.end())):
            continue  # "meet me at store.com" is prose; "E-mail: info at shop.de" is not
        # "orders at coverslip lab dot com": a name spelled in words is one host label
        domain = dot_word.sub(".", m.group("domain")).replace(" ", "") + "." + m.group("tld")
        parts = split_host(domain)
        if not parts.suffix or not parts.domain:
            continue
        out.append(Token(m.start(), m.end(), m.group(0), f"{m.group('local')}@{domain}".lower()))
    out.sort(key=lambda t: t.start)
    return tuple(out)


# -- phone numbers ---------------------------------------------------------------------------

# Marketplace regions, most used first; a formatted number is tried in each until one fits.
REGIONS = ("US", "GB", "DE", "FR", "IT", "ES", "JP", "CA", "MX", "IN", "AU", "BR", "NL", "SE",
           "PL", "BE", "IE", "ZA", "EG", "TR", "SA", "AE", "SG")
_MARKETPLACE_REGION = {
    "com": "US", "ca": "CA", "com.mx": "MX", "com.br": "BR", "co.uk": "GB", "uk": "GB",
    "de": "DE", "fr": "FR", "it": "IT", "es": "ES", "nl": "NL", "se": "SE", "pl": "PL",
    "com.be": "BE", "ie": "IE", "co.za": "ZA", "eg": "EG", "com.tr": "TR", "sa": "SA",
    "ae": "AE", "in": "IN", "co.jp": "JP", "jp": "JP", "com.au": "AU", "au": "AU", "sg": "SG",
    "us": "US", "gb": "GB", "mx": "MX", "br": "BR", "be": "BE", "za": "ZA", "tr": "TR",
}
# ASCII boundaries: Japanese text is glued to numbers ("お問い合わせは03-1234-5678まで").
_CANDIDATE = re.compile(
    r"(?<![A-Za-z0-9_+])(?:\+|00)?\(?\d"
    r"[\d \t\u00a0().\-/\u2010-\u2013\uff08\uff09\uff0d]{5,}\d(?![A-Za-z0-9_])")
_DIGITS = re.compile(r"[\uff10-\uff19]")  # full-width digits (ASCII ones are counted fast)
_DATE = re.compile(r"\d{4}[-./]\d{1,2}[-./]\d{1,2}|\d{1,2}[./]\d{1,2}[./]\d{2,4}(?!\d)")
_TIME_AFTER = re.compile(r"\s*[:h]\d\d")
# A reference code, not a phone: digits right after a mixed token ("1Z 999 AA1 01 2345 6784")
# or glued to a letter prefix ("RE-2026-004711", "RMA-20261123", "#2026004711").
_CODE_BEFORE = re.compile(
    r"(?:[A-Za-z0-9]*(?:[A-Za-z]\d|\d[A-Za-z])[A-Za-z0-9]*[ -]?|[A-Za-z]{1,8}[-_/#]|#)$")
_SEPARATED = re.compile(r"[\s().\-/\u2010-\u2013\uff08\uff09\uff0d]")


def _count_digits(text: str) -> int:
    return sum(map(text.count, "0123456789")) + (
        len(_DIGITS.findall(text)) if not text.isascii() else 0)


_E164 = 0  # phonenumbers.PhoneNumberFormat.E164


@lru_cache(maxsize=1)
def _phone_label():
    words = load_data("tokens.toml")["phones"]["phone_labels"]
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(rf"(?i)(?<![^\W\d_])(?:{alternation})")


def _valid_in(probe: str, region: str) -> bool:
    import phonenumbers

    try:
        return phonenumbers.is_valid_number(phonenumbers.parse(probe, region))
    except phonenumbers.NumberParseException:
        return False


def _possible_number(text: str, start: int, raw: str, probe: str, home: str) -> Token | None:
    """A number the text calls a phone number ("call", "Tel.", "電話") that libphonenumber finds
    possible but not valid, such as the 555 numbers of films and templates: still contact
    details the seller is handing out."""
    import phonenumbers

    try:
        number = phonenumbers.parse(probe.strip(), home)
    except phonenumbers.NumberParseException:
        return None
    if not phonenumbers.is_possible_number(number):
        return None
    return Token(start, start + len(raw), raw, phonenumbers.format_number(number, _E164))


def marketplace_region(marketplace: str | None) -> str:
    """"amazon.co.uk", "co.uk", "GB" -> "GB"; unknown -> "US"."""
    if not marketplace:
        return "US"
    key = marketplace.strip().lower()
    for prefix in ("https://", "http://", "www.", "sellercentral.", "amazon."):
        if key.startswith(prefix):
            key = key[len(prefix):]
    key = key.rstrip("/")
    return _MARKETPLACE_REGION.get(key, key.upper() if len(key) == 2 and key.isalpha() else "US")


@lru_cache(maxsize=1)
def _unit_after():
    units = load_data("tokens.toml")["phones"]["quantity_units"]
    alternation = "|".join(re.escape(u) for u in sorted(units, key=len, reverse=True))
    return re.compile(rf"(?i)\s?(?:{alternation})(?![^\W\d_])")


@lru_cache(maxsize=1)
def _not_phone_label():
    words = load_data("tokens.toml")["phones"]["not_phone_labels"]
    alternation = "|".join(re.escape(w) for w in sorted(words, key=len, reverse=True))
    return re.compile(
        rf"(?i)(?:{alternation})[\w-]*\.?\s*(?:(?:number|no|nr|num|nummer|numéro|número|numero|"
        rf"n°|nº|id|code|番号)\.?\s*)?[:#：]?\s*(?:(?:is|was|ist|lautet|est|es|è|é)\s+)?$")


def _mask(text: str, spans) -> str:
    if not spans:
        return text
    chars = list(text)
    for start, end in spans:
        for i in range(start, end):
            chars[i] = " "
    return "".join(chars)


def find_phones(text: str, marketplace: str | None = None, *, exclude=()) -> list[Token]:
    """Phone numbers libphonenumber judges VALID; `value` is E.164 ("+4930123456").

    `exclude` is a list of (start, end) spans to ignore (order IDs, links, e-mail addresses);
    when it is empty they are found here.
    """
    if _count_digits(text) < 7:
        return []
    if not exclude:
        exclude = [(t.start, t.end) for t in (*find_order_ids(text), *find_urls(text),
                                              *find_emails(text))]
    if _count_digits(text) - sum(_count_digits(text[s:e]) for s, e in exclude) < 7:
        return []  # the usual case: the only digits are the order ID's
    masked = _mask(text, exclude)
    candidates = []
    for m in _CANDIDATE.finditer(masked):
        raw = m.group(0).rstrip(" ).-/\t\u00a0")
        if raw.startswith("(") and ")" not in raw:
            raw = raw[1:]
        digits = _count_digits(raw)
        if not 7 <= digits <= 15:
            continue
        start = m.start() + m.group(0).index(raw)
        if _not_phone_label().search(masked[max(0, start - 40):start]):
            continue
        if _DATE.search(raw) or _TIME_AFTER.match(masked, start + len(raw)):
            continue  # "2026-11-14 09:00": a date and a time
        if _unit_after().match(masked, start + len(raw)):
            continue  # "250 500 1000 sheets", "120 150 200 cm": quantities
        if _CODE_BEFORE.search(masked, max(0, start - 12), start) and not _phone_label().search(
                masked, max(0, start - 12), start):
            continue  # a reference code's digits ("1Z 999 AA1 01 2345 6784", "RE-2026-0047")
        candidates.append((start, raw))
    if not candidates:
        return []
    import phonenumbers
    from phonenumbers import Leniency, PhoneNumberMatcher

    home = marketplace_region(marketplace)
    others = tuple(r for r in REGIONS if r != home)
    out = []
    for start, raw in candidates:
        labelled = bool(_phone_label().search(text[max(0, start - 32):start]))
        # "0049 30 ..." is international wherever the buyer lives; read it as "+49 30 ...".
        # " +" has the length of "00", so offsets stay right.
        probe = " +" + raw[2:] if raw.startswith("00") else raw
        international = probe.lstrip().startswith("+")
        # Other countries' formats are tried only for a number the text calls a phone number,
        # or one written the national way (trunk "0", area code in brackets): almost any
        # 9-10 digits are valid somewhere ("Sizes 120 150 200" is a Polish mobile number).
        national = raw.startswith(("0", "(", "\uff10", "\uff08")) and bool(
            _SEPARATED.search(raw.strip()))
        regions = (home,) if international or not (national or labelled) else (home, *others)
        token = None
        for region in regions:
            if len(regions) > 1 and not _valid_in(probe, region):
                continue  # a cheap parse first; the matcher only where it may succeed
            match = next(iter(PhoneNumberMatcher(probe, region, leniency=Leniency.VALID)), None)
            if match is not None:
                s, e = start + match.start, start + match.start + len(match.raw_string)
                if probe is not raw and match.start == 1:
                    s -= 1  # the "00" the seller wrote, not the "+" we put in its place
                token = Token(s, e, text[s:e], phonenumbers.format_number(match.number, _E164))
                break
        if token is None and labelled:
            token = _possible_number(text, start, raw, probe, home)
        if token is not None:
            out.append(token)
    return out
