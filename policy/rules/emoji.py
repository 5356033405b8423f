"""S301: emoji anywhere in the subject or the body.

Amazon's styling rules forbid emoji. An emoji is often several code points that render as one
picture (a family joined with U+200D, a flag made of two regional indicators, a keycap, a
skin-tone modifier), so the rule matches whole clusters with the `regex` module's Unicode 16
properties (Python 3.11's own `unicodedata` is Unicode 14 and misses new emoji) and reports one
finding per cluster. Text-style symbols that happen to have emoji forms, such as (c), (R), (TM),
arrows and check marks, count only when written in emoji presentation (followed by U+FE0F or a
skin-tone modifier), which is how the RGI emoji list qualifies them; stars and bullets are not
emoji at all. A few text-default characters that everyone reads as emoji (a red heart, a smiley)
are listed in `policy/data/emoji.toml`.
"""

from __future__ import annotations

import regex

from policy.datafile import load
from policy.registry import Finding, rule
from policy.report import Fix, Severity


def _load_pattern() -> regex.Pattern:
    data = load("emoji.toml")
    extra = "".join(regex.escape(ch) for ch in data.get("text_default_as_emoji", []))
    mods = r"(?:\uFE0F|\p{Emoji_Modifier})"
    element = (r"(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}(?=" + mods + r")"
               + (f"|[{extra}]" if extra else "") + r")" + mods + "*")
    return regex.compile(
        r"\p{Regional_Indicator}{2}"  # flags
        r"|\U0001F3F4[\U000E0020-\U000E007E]+\U000E007F"  # subdivision flags (England, ...)
        r"|[0-9#*]\uFE0F?\u20E3"  # keycaps
        r"|" + element + r"(?:\u200D" + element + r")*"  # ZWJ sequences and single emoji
    )


EMOJI = _load_pattern()


_CLOSING = ",.;:!?)]}…、。，！？"
_INVISIBLE = {0x200D, 0xFE0F, 0xFE0E, 0x20E3}


def describe(cluster: str) -> str:
    """'U+1F600 grinning face': code points and names, readable where no emoji font draws the
    picture. Joiners and variation selectors are left out; names missing from Python's Unicode
    data (newer emoji) leave the code point alone."""
    import unicodedata

    points = [ord(ch) for ch in cluster if ord(ch) not in _INVISIBLE]
    if points and all(0x1F1E6 <= p <= 0x1F1FF for p in points):  # a flag: its two letters
        letters = "".join(chr(p - 0x1F1E6 + ord("A")) for p in points)
        return " ".join(f"U+{p:04X}" for p in points) + f" flag {letters}"
    names = [unicodedata.name(chr(p), "").lower() for p in points]
    names = [n for n in names if n and not n.startswith(("emoji modifier", "tag "))]
    code = " ".join(f"U+{p:04X}" for p in points)
    return f"{code} {', '.join(names)}" if names else code


def find_emoji(text: str) -> list[tuple[int, int]]:
    """Spans of the emoji clusters in `text`."""
    return [m.span() for m in EMOJI.finditer(text)]


def _removal(analysis, start: int, end: int) -> Fix | None:
    """Remove the cluster (and one space that would be left doubled) in body coordinates."""
    text = analysis.text
    if not analysis.message.is_html:
        before = text[start - 1] if start else "\n"
        after = text[end] if end < len(text) else "\n"
        if before == " " and (after in " \n\r" or after in _CLOSING):
            start -= 1  # "Hello 👋," becomes "Hello,", not "Hello ,"
        elif before == "\n" and after == " ":
            end += 1
        return Fix("Remove the emoji", start, end, "")
    body_start, body_end = analysis.body_span(start, end)
    if "<" in analysis.body[body_start:body_end]:
        return None  # the cluster is split across tags; deleting the span would break markup
    return Fix("Remove the emoji", body_start, body_end, "")


@rule("S301", "emoji", Severity.ERROR, "Messages must not contain emoji.")
def emoji(analysis):
    """Flags every emoji in the subject and the body.

    ## What it does
    Finds emoji, one finding per emoji. It matches whole clusters: single emoji, skin-tone
    variants, ZWJ sequences (families, professions), flags and keycaps. Text symbols such as
    (c), (R), (TM), stars and bullets are not emoji.

    ## Why Amazon blocks it
    Amazon's message styling rules list emoji among the things a message may not contain.

    ## Example
    "Your parcel is on its way \U0001F69A\U0001F4A8"

    ## Use instead
    "Your parcel is on its way."

    ## Fix safety
    Safe: removing an emoji does not change what the message says. In the subject the rule
    only reports (fixes edit the body).
    """
    for start, end in find_emoji(analysis.subject):
        cluster = analysis.subject[start:end]
        yield Finding(f"Remove the emoji {describe(cluster)} ({cluster}) from the subject.",
                      start, end, where="subject")
    for start, end in find_emoji(analysis.text):
        cluster = analysis.text[start:end]
        yield Finding(f"Remove the emoji {describe(cluster)} ({cluster}): Amazon does not allow "
                      "emoji in messages.", start, end, fix=_removal(analysis, start, end))
