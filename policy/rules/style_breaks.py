"""S308: more than two line breaks in a row.

Amazon's styling rules allow at most two line breaks in a row, i.e. one blank line between
paragraphs. In plain text that is a run of three or more newlines (two or more blank lines).
In HTML the blank lines come from `<br>` runs and empty paragraphs (`<p>&nbsp;</p>`,
`<p><br></p>`): after inline text the first `<br>` only ends the line, every further `<br>` and
every empty paragraph adds one blank line, and two blank lines are too many. Source newlines in
HTML render as spaces and are ignored. Runs before the first or after the last visible text
are not reported: they do not show.
"""

from __future__ import annotations

import re

from policy.registry import Finding, rule
from policy.report import Fix, Severity

_TEXT_RUN = re.compile(r"\r?\n(?:[ \t\u00a0\u3000]*\r?\n){2,}")
_BR = r"<br\b[^>]*>"
_EMPTY_BLOCK = r"<(?:p|div)\b[^>]*>(?:\s|&nbsp;|&#160;|&#xa0;|\u00a0|" + _BR + r")*</(?:p|div)\s*>"
_UNIT = re.compile(r"(" + _BR + r")|(" + _EMPTY_BLOCK + r")", re.I)
_HTML_RUN = re.compile(r"(?:(?:" + _BR + r"|" + _EMPTY_BLOCK + r")\s*){2,}", re.I)
_INLINE_END = re.compile(r"(?:[^>\s]|</(?:a|b|i|u|em|strong|span|font|small|big|sub|sup|mark|code)\s*>)$",
                         re.I)


_TAG = re.compile(r"<!--.*?-->|<[^>]*>", re.S)


def _visible(fragment: str) -> bool:
    """Does this piece of HTML show anything (text or an image)?"""
    if "<img" in fragment.lower():
        return True
    text = _TAG.sub("", fragment).replace("&nbsp;", " ").replace("\u00a0", " ")
    return bool(text.strip())


def _html_runs(body: str):
    """(start, end, blank_lines, kept_end) for each run of breaks in an HTML body."""
    for run in _HTML_RUN.finditer(body):
        after_text = bool(_INLINE_END.search(body[:run.start()].rstrip()[-40:]))
        blank = 0
        kept_end = run.start()
        first_br = after_text
        for unit in _UNIT.finditer(body, run.start(), run.end()):
            if unit.group(1):
                if first_br:
                    first_br = False
                else:
                    blank += 1
            else:
                first_br = False
                blank += 1
            if blank <= 1:
                kept_end = unit.end()
        yield run.start(), run.end(), blank, kept_end


@rule("S308", "excess-line-breaks", Severity.ERROR,
      "Messages must not have more than two line breaks in a row.")
def excess_line_breaks(analysis):
    """Flags runs of blank lines (more than two line breaks in a row).

    ## What it does
    Finds more than two line breaks in a row. In plain text, that is two or more blank lines. In
    HTML, finds runs of `<br>` and empty paragraphs that add up to two or more blank lines
    (three `<br>` after a line of text, two empty paragraphs, ...).

    ## Why Amazon blocks it
    Amazon's styling rules forbid more than two line breaks in a row.

    ## Example
    "Your order has shipped.\\n\\n\\n\\nKind regards"

    ## Use instead
    "Your order has shipped.\\n\\nKind regards" (one blank line).

    ## Fix safety
    Safe: the fix collapses the run to a single blank line and changes no words.
    """
    body = analysis.body
    if not analysis.message.is_html:
        for run in _TEXT_RUN.finditer(body):
            if not body[:run.start()].strip() or not body[run.end():].strip():
                continue  # blank lines before the first or after the last line do not show
            newline = "\r\n" if "\r\n" in run.group(0) else "\n"
            yield Finding("Use at most one blank line between paragraphs (more than two line "
                          "breaks in a row).", run.start(), run.end(), where="body",
                          fix=Fix("Collapse to one blank line", run.start(), run.end(), newline
                          * 2))
        return
    lowered = body.lower()
    if "<br" not in lowered and "</p" not in lowered and "</div" not in lowered:
        return
    for start, end, blank, kept_end in _html_runs(body):
        if blank >= 2 and _visible(body[end:]) and _visible(body[:start]):
            tail = body[start:end]
            trailing = tail[len(tail.rstrip()):]
            yield Finding("Use at most one blank line between paragraphs (too many <br> or empty "
                          "paragraphs in a row).", start, end, where="body",
                          fix=Fix("Collapse to one blank line", start, end,
                                  body[start:kept_end] + trailing))
