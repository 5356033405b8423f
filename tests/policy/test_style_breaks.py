"""S308 excess-line-breaks: plain text and HTML runs, with a safe collapsing fix."""

import pytest

import policy


def found(**message):
    config = policy.Config(select=frozenset({"S308"}))
    return [d for d in policy.check(message, config).diagnostics if d.code == "S308"]


def apply(body, diagnostics):
    for d in sorted(diagnostics, key=lambda d: -d.fix.start):
        body = body[:d.fix.start] + d.fix.replacement + body[d.fix.end:]
    return body


@pytest.mark.parametrize("text, fixed", [
    ("Hello,\n\n\nYour order.", "Hello,\n\nYour order."),
    ("Hello,\n\n  \n\n\nYour order.", "Hello,\n\nYour order."),
    ("Hello,\r\n\r\n\r\nYour order.", "Hello,\r\n\r\nYour order."),
    ("A\n\n\nB\n\n\n\nC", "A\n\nB\n\nC"),
])
def test_text_runs_collapse(text, fixed):
    diagnostics = found(text=text)
    assert diagnostics
    assert apply(text, diagnostics) == fixed


@pytest.mark.parametrize("text", [
    "Hello,\n\nYour order.\n\nKind regards",
    "Line one\nLine two\nLine three",
    "Hello,\n \nYour order.",
])
def test_text_near_misses(text):
    assert found(text=text) == []


@pytest.mark.parametrize("html, fixed", [
    ("<p>Hi<br><br><br>Order</p>", "<p>Hi<br><br>Order</p>"),
    ("<p>Hi<br/>\n<br />\n<br>\nOrder</p>", "<p>Hi<br/>\n<br />\nOrder</p>"),
    ("<p>A</p><p>&nbsp;</p><p>&nbsp;</p><p>B</p>", "<p>A</p><p>&nbsp;</p><p>B</p>"),
    ("<p>A</p><p><br></p><p><br></p><p>B</p>", "<p>A</p><p><br></p><p>B</p>"),
    ("<p>A</p><br><br><p>B</p>", "<p>A</p><br><p>B</p>"),
])
def test_html_runs_collapse(html, fixed):
    diagnostics = found(html=html)
    assert diagnostics
    assert apply(html, diagnostics) == fixed


@pytest.mark.parametrize("html", [
    "<p>Hi<br><br>Order</p>",
    "<p>A</p><p>&nbsp;</p><p>B</p>",
    "<p>A</p>\n\n\n\n<p>B</p>",
    "<p>Line<br>Line<br>Line</p>",
])
def test_html_near_misses(html):
    assert found(html=html) == []


@pytest.mark.parametrize("message", [
    {"text": "Hello, your order has shipped.\n\n\n\n"},
    {"text": "\n\n\nHello, your order has shipped."},
    {"html": "<p>Hello, your order has shipped.</p><br><br><br>"},
    {"html": "<br><br><br><p>Hello, your order has shipped.</p>"},
])
def test_breaks_before_or_after_all_text_do_not_show(message):
    assert found(**message) == []
