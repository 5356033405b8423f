"""Everything the rules read about one message, computed once and lazily.

Rules never parse the body themselves. For an HTML body, `text` is what the buyer reads (tags
dropped, block elements as line breaks, entities decoded) and `text_to_body` maps each of its
characters back to the HTML source, so a rule can report a span in plain-text terms and the
diagnostic still points at the HTML the seller wrote. Heavy parts (the HTML tree, language
detection) are built only when a rule asks for them.
"""

from __future__ import annotations

import bisect
import datetime as dt
import html
import html.entities
from functools import cached_property
from html.parser import HTMLParser

from policy.config import Config
from policy.model import Message

BLOCK_TAGS = frozenset(
    "address article aside blockquote dd details div dl dt figcaption figure footer form h1 h2 "
    "h3 h4 h5 h6 header hr li main nav ol p pre section table tbody td th thead tr ul".split()
)
HIDDEN_TAGS = frozenset(("script", "style", "head", "title", "template", "noscript"))


class Analysis:
    """The message plus derived views; one per check, thrown away afterwards."""

    def __init__(self, message: Message, config: Config, now: dt.datetime | None = None):
        self.message = message
        self.config = config
        self.now = now
        self.body = message.body
        self.subject = message.subject
        if message.is_html:
            extractor = _TextExtractor(self.body)
            self.text = extractor.text
            self._starts: list[int] | None = extractor.starts
            self._ends: list[int] | None = extractor.ends
        else:
            self.text = self.body
            self._starts = self._ends = None

    # -- coordinates -------------------------------------------------------------------------
    def body_span(self, start: int, end: int) -> tuple[int, int]:
        """Map a span of `text` to a span of `body`."""
        if self._starts is None or self._ends is None:
            return start, end
        if not self._starts:
            return 0, 0
        start = min(max(start, 0), len(self._starts) - 1)
        end = min(max(end, start + 1), len(self._ends))
        return self._starts[start], self._ends[end - 1]

    @cached_property
    def _line_starts(self) -> list[int]:
        starts = [0]
        for i, ch in enumerate(self.body):
            if ch == "\n":
                starts.append(i + 1)
        return starts

    def line_col(self, offset: int) -> tuple[int, int]:
        """1-based line and column (in code points) of a body offset."""
        index = bisect.bisect_right(self._line_starts, offset) - 1
        return index + 1, offset - self._line_starts[index] + 1

    # -- derived views (lazy) ----------------------------------------------------------------
    @cached_property
    def soup(self):
        """The parsed HTML (BeautifulSoup, html.parser, which records source positions).

        A body that looks like a file name or URL makes bs4 warn that it "resembles a locator";
        a message body is always markup to us, and the warning would be noise on stderr."""
        import warnings

        from bs4 import BeautifulSoup, MarkupResemblesLocatorWarning

        with warnings.catch_warnings():
            warnings.simplefilter("ignore", MarkupResemblesLocatorWarning)
            return BeautifulSoup(self.body if self.message.is_html else "", "html.parser")

    @cached_property
    def all_text(self) -> str:
        """Subject and text together, for rules that judge the whole message."""
        return f"{self.subject}\n{self.text}" if self.subject else self.text

    @cached_property
    def order_ids(self):
        from policy import tokens

        return tokens.find_order_ids(self.text)

    @cached_property
    def subject_order_ids(self):
        from policy import tokens

        return tokens.find_order_ids(self.subject)

    @cached_property
    def urls(self):
        from policy import tokens

        return tokens.find_urls(self.text)

    @cached_property
    def emails(self):
        from policy import tokens

        return tokens.find_emails(self.text)

    @cached_property
    def phones(self):
        from policy import tokens

        return tokens.find_phones(self.text, self.message.marketplace or self.config.marketplace)

    @cached_property
    def masked_text(self) -> str:
        """`text` with order IDs, URLs, e-mails and phone numbers blanked (same length), so
        spelling, grammar and language detection do not read them as words."""
        chars = list(self.text)
        for match in (*self.order_ids, *self.urls, *self.emails, *self.phones):
            for i in range(match.start, match.end):
                if chars[i] not in "\n":
                    chars[i] = " "
        return "".join(chars)

    @cached_property
    def language(self) -> str | None:
        """The body's language (ISO 639-1) when the text says it confidently, else None."""
        from policy import language

        guess = language.detect(self.masked_text)
        return guess.language if guess else None


class _TextExtractor(HTMLParser):
    """HTML to the text a buyer reads, remembering where each character came from."""

    def __init__(self, source: str):
        super().__init__(convert_charrefs=False)
        self.source = source
        self._line_offsets = [0]
        for i, ch in enumerate(source):
            if ch == "\n":
                self._line_offsets.append(i + 1)
        self.chars: list[str] = []  # text chunks
        self.starts: list[int] = []
        self.ends: list[int] = []
        self._hidden = 0
        try:
            self.feed(source)
            self.close()
        except Exception:  # html.parser is lenient; keep what was read of a broken document
            pass
        self.text = "".join(self.chars)

    def _pos(self) -> int:
        line, col = self.getpos()
        return self._line_offsets[line - 1] + col

    def _emit(self, text: str, start: int, width: int | None = None) -> None:
        """Append `text`; each character maps to its own source offset (`width` None: the
        text is verbatim source) or all of them to one source span (an entity, a tag)."""
        if not text:
            return
        self.chars.append(text)  # chunks, joined once at the end
        if width is None:
            self.starts.extend(range(start, start + len(text)))
            self.ends.extend(range(start + 1, start + len(text) + 1))
        else:
            self.starts.extend([start] * len(text))
            self.ends.extend([start + width] * len(text))

    def _newline(self) -> None:
        if self.chars and not self.chars[-1].endswith("\n"):
            pos = self._pos()
            self._emit("\n", pos, 0)

    def handle_starttag(self, tag, attrs):
        if tag in HIDDEN_TAGS:
            self._hidden += 1
        elif tag == "br":
            self._emit("\n", self._pos(), len(self.get_starttag_text() or "<br>"))
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_startendtag(self, tag, attrs):
        if tag == "br":
            self._emit("\n", self._pos(), len(self.get_starttag_text() or "<br/>"))
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_endtag(self, tag):
        if tag in HIDDEN_TAGS:
            self._hidden = max(0, self._hidden - 1)
        elif tag in BLOCK_TAGS:
            self._newline()

    def handle_data(self, data):
        if self._hidden:
            return
        start = self._pos()
        # Source line breaks inside HTML text render as spaces.
        self._emit(data.replace("\r", " ").replace("\n", " "), start)

    def handle_entityref(self, name):
        if self._hidden:
            return
        char = html.entities.html5.get(name + ";") or html.entities.html5.get(name)
        raw = f"&{name};"
        start = self._pos()
        if not self.source.startswith(raw, start):
            raw = f"&{name}"
        self._emit(char if char else raw, start, len(raw) if char else None)

    def handle_charref(self, name):
        if self._hidden:
            return
        start = self._pos()
        raw = f"&#{name};"
        if not self.source.startswith(raw, start):
            raw = f"&#{name}"
        char = html.unescape(raw if raw.endswith(";") else raw + ";")
        self._emit(char, start, len(raw))
