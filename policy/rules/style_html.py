"""One pass over an HTML body that the style and accessibility rules share (no rules here).

Several rules (S302-S309, S312) look at the same things: each element's start tag, its
attributes and its inline `style` declarations, and the `<style>` sheets. `index(analysis)`
walks the parsed tree once per message and caches the result on the analysis, so the rules
together pay for one walk. Everything keeps offsets into `Message.body`, so a diagnostic
points at the attribute or declaration the seller has to change. The raw start tag is read
from the source (not bs4's decoded attributes) so that those offsets are exact even when a
value holds entities.
"""

from __future__ import annotations

import html
import re
from dataclasses import dataclass, field

from policy.rules.style_css import Decl, SheetRule, parse_declarations, parse_sheet

_ATTR = re.compile(r"""([^\s"'<>/=]+)(?:\s*=\s*(?:"([^"]*)"|'([^']*)'|([^\s"'=<>`]+)))?""")


@dataclass
class Element:
    """An element's start tag in the body: name, span, attributes with value spans, styles."""

    tag: object  # bs4 Tag
    name: str
    start: int
    end: int
    attrs: dict[str, tuple[str, int, int]] = field(default_factory=dict)  # name -> (value, s, e)
    decls: list[Decl] = field(default_factory=list)

    def attr(self, name: str) -> str | None:
        found = self.attrs.get(name)
        return found[0] if found else None

    def attr_span(self, name: str) -> tuple[int, int]:
        found = self.attrs.get(name)
        return (found[1], found[2]) if found else (self.start, self.end)

    def decl(self, prop: str) -> Decl | None:
        """The last declaration of `prop` (the one that wins)."""
        for decl in reversed(self.decls):
            if decl.prop == prop:
                return decl
        return None


@dataclass
class HtmlIndex:
    elements: list[Element]
    sheets: list[SheetRule]
    has_html_tag: bool


def _start_tag_end(body: str, start: int) -> int:
    """The offset just past the '>' closing the start tag at `start` (quotes respected)."""
    i, n = start + 1, len(body)
    quote = ""
    while i < n:
        ch = body[i]
        if quote:
            if ch == quote:
                quote = ""
        elif ch in "\"'" and body[i - 1] in "= \t\n":
            quote = ch
        elif ch == ">":
            return i + 1
        i += 1
    return n


def _parse_attrs(body: str, start: int, end: int, name_len: int) -> dict[str, tuple[str, int, int]]:
    attrs: dict[str, tuple[str, int, int]] = {}
    inner_start = start + 1 + name_len
    inner = body[inner_start:end - 1]
    for match in _ATTR.finditer(inner):
        key = match.group(1).lower()
        if key in attrs:
            continue
        for group in (2, 3, 4):
            if match.group(group) is not None:
                value = match.group(group)
                s = inner_start + match.start(group)
                attrs[key] = (value, s, s + len(value))
                break
        else:
            attrs[key] = ("", inner_start + match.start(), inner_start + match.end())
    return attrs


def index(analysis) -> HtmlIndex:
    """The cached element index of an HTML message (empty for plain text)."""
    cached = analysis.__dict__.get("_style_index")
    if cached is not None:
        return cached
    result = HtmlIndex([], [], False)
    if analysis.message.is_html:
        result = _build(analysis)
    analysis.__dict__["_style_index"] = result
    return result


def _build(analysis) -> HtmlIndex:
    body = analysis.body
    line_starts = analysis._line_starts
    elements: list[Element] = []
    sheets: list[SheetRule] = []
    has_html = False
    for tag in analysis.soup.find_all(True):
        if tag.sourceline is None:
            continue
        start = line_starts[tag.sourceline - 1] + tag.sourcepos
        if not body.startswith("<", start):
            continue
        name = tag.name.lower()
        end = _start_tag_end(body, start)
        element = Element(tag, name, start, end, _parse_attrs(body, start, end, len(tag.name)))
        style = element.attrs.get("style")
        if style:
            raw, s, _ = style
            element.decls = [Decl(d.prop, html.unescape(d.value), d.start, d.end)
                             for d in parse_declarations(raw, s)]
        if name == "html":
            has_html = True
        elif name == "style":
            close = body.lower().find("</style", end)
            css = body[end:close if close >= 0 else len(body)]
            sheets.extend(parse_sheet(css, end))
        elements.append(element)
    return HtmlIndex(elements, sheets, has_html)

