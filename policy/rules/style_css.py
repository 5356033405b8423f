"""Small, careful CSS helpers for the style rules (no rules are registered here).

Message HTML carries CSS in two simple shapes: `style="prop: value; ..."` attributes and short
`<style>` sheets of `selector { prop: value; }` blocks. A full CSS parser (tinycss2) is not a
dependency, and these shapes need only a scanner that respects quotes, parentheses and
comments, and that keeps offsets so a diagnostic can point at the declaration itself.

Lengths are judged against a reference width, because a message has no layout of its own:
Amazon renders messages in a column about 600 px wide (`policy/data/style.toml`), so "20% of
the width" is 120 px and "80%" is 480 px. Relative units (em, rem) assume a 16 px font.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from policy.datafile import load as data

STYLE = data("style.toml")
REFERENCE_WIDTH = float(STYLE["reference_width_px"])
BASE_FONT = float(STYLE["base_font_px"])
KEYWORD_SIZES: dict[str, float] = STYLE["font_size_keywords"]
HEADING_SIZES: dict[str, float] = STYLE["heading_sizes_px"]
FONT_TAG_SIZES: list[float] = STYLE["font_tag_sizes_px"]
NEUTRAL_VALUES = frozenset(("inherit", "initial", "unset", "revert", "revert-layer", "auto",
                            "normal", "none", "0"))


@dataclass(frozen=True)
class Decl:
    """One `prop: value` declaration; start/end cover it (and its ';') in the source given."""

    prop: str
    value: str
    start: int
    end: int


def _skip_quoted(css: str, i: int) -> int:
    quote = css[i]
    j = i + 1
    while j < len(css) and css[j] != quote:
        j += 2 if css[j] == "\\" else 1
    return j + 1


def _leading_junk(chunk: str) -> int:
    """Length of the whitespace and comments before a declaration."""
    i = 0
    while True:
        while i < len(chunk) and chunk[i].isspace():
            i += 1
        if chunk.startswith("/*", i):
            close = chunk.find("*/", i + 2)
            i = len(chunk) if close < 0 else close + 2
        else:
            return i


def parse_declarations(css: str, offset: int = 0) -> list[Decl]:
    """Split a declaration list ('a: b; c: d') into Decls with offsets (+`offset`)."""
    out: list[Decl] = []
    i, n = 0, len(css)
    start = 0
    depth = 0
    while i <= n:
        ch = css[i] if i < n else ";"
        if ch in "\"'":
            i = _skip_quoted(css, i)
            continue
        if css.startswith("/*", i):
            close = css.find("*/", i + 2)
            i = n if close < 0 else close + 2
            continue
        if ch == "(":
            depth += 1
        elif ch == ")":
            depth = max(0, depth - 1)
        elif ch == ";" and depth == 0:
            chunk = css[start:i]
            lead = _leading_junk(chunk)
            prop, colon, value = chunk[lead:].partition(":")
            if colon and prop.strip():
                end = min(i + 1, n)
                value = re.sub(r"/\*.*?\*/", " ", value, flags=re.S)
                value = re.sub(r"\s*!important\s*$", "", value.strip(), flags=re.I)
                out.append(Decl(prop.strip().lower(), value.strip(), offset + start + lead,
                                offset + end))
            start = i + 1
        i += 1
    return out


@dataclass(frozen=True)
class SheetRule:
    selector: str
    decls: list[Decl]


def parse_sheet(css: str, offset: int = 0) -> list[SheetRule]:
    """`selector { decls }` blocks of a <style> sheet; @media blocks are opened, others skipped."""
    out: list[SheetRule] = []
    i, n = 0, len(css)
    sel_start = 0
    while i < n:
        ch = css[i]
        if css.startswith("/*", i):
            close = css.find("*/", i + 2)
            i = n if close < 0 else close + 2
            continue
        if ch in "\"'":
            i = _skip_quoted(css, i)
            continue
        if ch == "{":
            selector = re.sub(r"/\*.*?\*/", " ", css[sel_start:i], flags=re.S).strip()
            if selector.startswith("@media") or selector.startswith("@supports"):
                i += 1
                sel_start = i
                continue
            close = css.find("}", i + 1)
            close = n if close < 0 else close
            if not selector.startswith("@"):
                out.append(SheetRule(selector.lower(),
                                     parse_declarations(css[i + 1:close], offset + i + 1)))
            i = close + 1
            sel_start = i
            continue
        if ch == "}":
            sel_start = i + 1
        i += 1
    return out


_LENGTH = re.compile(r"^([+-]?(?:\d+\.?\d*|\.\d+))(px|pt|pc|em|rem|%|vw|cm|mm|in|ex|ch|q)?$", re.I)
_TO_PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "em": BASE_FONT, "rem": BASE_FONT, "cm": 37.8,
          "mm": 3.78, "q": 0.945, "in": 96.0, "ex": BASE_FONT / 2, "ch": BASE_FONT / 2}


def length(value: str, *, unitless_px: bool = False) -> tuple[float, str] | None:
    """('30%') -> (30.0, '%'); ('2em') -> (32.0, 'px'); other units become px; else None."""
    match = _LENGTH.match(value.strip())
    if not match:
        return None
    number = float(match.group(1))
    unit = (match.group(2) or "").lower()
    if unit in ("%", "vw"):
        return number, "%"
    if not unit:
        return (number, "px") if (unitless_px or number == 0) else None
    return number * _TO_PX[unit], "px"


def width_share(value: str, *, unitless_px: bool = False) -> float | None:
    """A length as a share of the reference width (0.25 for 25% or 150px)."""
    parsed = length(value, unitless_px=unitless_px)
    if parsed is None:
        return None
    number, unit = parsed
    return number / 100 if unit == "%" else number / REFERENCE_WIDTH


def horizontal_values(prop: str, value: str) -> list[str]:
    """The left/right components of a margin or padding declaration."""
    parts = value.split()
    if prop in ("margin", "padding"):
        if len(parts) == 1:
            return parts
        if len(parts) in (2, 3):
            return [parts[1]]
        if len(parts) >= 4:
            return [parts[1], parts[3]]
        return []
    if prop.endswith(("-left", "-right", "-inline", "-inline-start", "-inline-end")):
        return parts[:2]
    return []


def font_size_px(value: str) -> float | None:
    """A font-size value in px (keywords by the usual table, em and % relative to 16 px)."""
    value = value.strip().lower()
    if value in KEYWORD_SIZES:
        return float(KEYWORD_SIZES[value])
    parsed = length(value)
    if parsed is None:
        return None
    number, unit = parsed
    return round(number * BASE_FONT / 100 if unit == "%" else number, 1)


def font_shorthand_size(value: str) -> float | None:
    """The size inside a `font:` shorthand ('bold 14px/1.4 Arial' -> 14)."""
    for token in value.replace("/", " /").split():
        if token.startswith("/"):
            continue
        size = font_size_px(token)
        if size is not None and (token.lower() in KEYWORD_SIZES or not token[0].isalpha()):
            if token.lower() not in ("normal",):
                return size
    return None


def font_tag_size(value: str) -> float | None:
    """<font size="N"> (1-7, or +N/-N from 3) in px."""
    value = value.strip()
    try:
        number = int(value)
    except ValueError:
        return None
    if value[0] in "+-":
        number = 3 + number
    number = min(max(number, 1), 7)
    return float(FONT_TAG_SIZES[number - 1])


_URL = re.compile(r"""url\(\s*(['"]?)(.*?)\1\s*\)""", re.I | re.S)


def urls(value: str) -> list[str]:
    """The url(...) targets in a CSS value."""
    return [m.group(2).strip() for m in _URL.finditer(value)]


# -- colours (for contrast) -------------------------------------------------------------------
_HEX = re.compile(r"^#([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})$", re.I)
_RGB = re.compile(r"^rgba?\(\s*([\d.]+%?)[\s,]+([\d.]+%?)[\s,]+([\d.]+%?)(?:\s*[,/]\s*([\d.]+%?))?\s*\)$", re.I)


def parse_color(value: str) -> tuple[float, float, float] | None:
    """An opaque sRGB colour as 0-255 floats, or None (unknown, transparent, or translucent)."""
    value = value.strip().lower()
    named = data("accessibility.toml")["colors"].get(value)
    if named:
        value = named
    match = _HEX.match(value)
    if match:
        digits = match.group(1)
        if len(digits) in (3, 4):
            digits = "".join(c * 2 for c in digits)
        if len(digits) == 8 and digits[6:] != "ff":
            return None
        return tuple(float(int(digits[i:i + 2], 16)) for i in (0, 2, 4))  # type: ignore[return-value]
    match = _RGB.match(value)
    if match:
        if match.group(4) and match.group(4) not in ("1", "1.0", "100%"):
            return None
        channels = []
        for part in match.groups()[:3]:
            channels.append(float(part[:-1]) * 2.55 if part.endswith("%") else float(part))
        return tuple(min(255.0, c) for c in channels)  # type: ignore[return-value]
    return None


def background_color(value: str) -> tuple[float, float, float] | None:
    """The colour in a `background` shorthand or `background-color` value."""
    whole = parse_color(value)
    if whole:
        return whole
    for token in re.findall(r"#[0-9a-fA-F]{3,8}|rgba?\([^)]*\)|[a-zA-Z]+", value):
        color = parse_color(token)
        if color:
            return color
    return None


def contrast_ratio(a: tuple[float, float, float], b: tuple[float, float, float]) -> float:
    """WCAG 2 contrast ratio of two sRGB colours (1 to 21)."""

    def luminance(rgb: tuple[float, float, float]) -> float:
        out = []
        for channel in rgb:
            c = channel / 255
            out.append(c / 12.92 if c <= 0.04045 else ((c + 0.055) / 1.055) ** 2.4)
        return 0.2126 * out[0] + 0.7152 * out[1] + 0.0722 * out[2]

    la, lb = luminance(a), luminance(b)
    light, dark = max(la, lb), min(la, lb)
    return (light + 0.05) / (dark + 0.05)
