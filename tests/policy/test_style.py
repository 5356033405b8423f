"""S303 wide-margin, S305 style-override, S306 too-many-font-sizes, S307 text-alignment."""

import pytest

import policy
from policy.rules import style_css as css


def codes(code, html):
    config = policy.Config(select=frozenset({code}))
    return [d for d in policy.check({"html": html}, config).diagnostics if d.code == code]


@pytest.mark.parametrize("style, decls", [
    ("color: red; font-family: 'A;B', serif", [("color", "red"), ("font-family", "'A;B', serif")]),
    ("background: url(data:x;y) ; margin:0", [("background", "url(data:x;y)"), ("margin", "0")]),
    ("/* c */ line-height : 2 !important;", [("line-height", "2")]),
    ("no colon here; width:1px", [("width", "1px")]),
])
def test_parse_declarations(style, decls):
    assert [(d.prop, d.value) for d in css.parse_declarations(style)] == decls


def test_declaration_offsets_point_into_source():
    style = "a: 1;  color : red ;"
    (first, second) = css.parse_declarations(style, 10)
    assert style[second.start - 10:second.end - 10] == "color : red ;"


def test_parse_sheet_opens_media_blocks():
    rules = css.parse_sheet("p{color:red} @media (max-width:600px){ img { width: 100% } }")
    assert [(r.selector, [d.prop for d in r.decls]) for r in rules] == [
        ("p", ["color"]), ("img", ["width"])]


@pytest.mark.parametrize("a, b, ratio", [
    ((0, 0, 0), (255, 255, 255), 21.0), ((119, 119, 119), (255, 255, 255), 4.48)])
def test_contrast_ratio(a, b, ratio):
    assert css.contrast_ratio(a, b) == pytest.approx(ratio, abs=0.01)


@pytest.mark.parametrize("html, hits", [
    ('<div style="margin: 0 25%">Hi</div>', 1),
    ('<div style="padding-left: 150px">Hi</div>', 1),
    ('<div style="margin-left: 9em">Hi</div>', 1),
    ('<p style="margin: 10px 20px 10px 130px">Hi</p>', 1),
    ('<style>.box { padding: 0 30% }</style><div class="box">Hi</div>', 1),
    ('<div style="width: 50%; margin: 0 auto">Hi</div>', 1),
    ('<img src="https://a.com/x.png" hspace="150" alt="x">', 1),
    # near misses
    ('<div style="margin: 0 10%">Hi</div>', 0),
    ('<div style="margin: 200px 0">Hi</div>', 0),
    ('<div style="padding: 12px">Hi</div>', 0),
    ('<div style="margin-top: 40%">Hi</div>', 0),
    ('<div style="width: 90%; margin: 0 auto">Hi</div>', 0),
    ('<p>margin: 0 50% is just text</p>', 0),
])
def test_wide_margin(html, hits):
    assert len(codes("S303", html)) == hits


@pytest.mark.parametrize("html, hits", [
    ('<p style="font-family: Arial">Hi</p>', 1),
    ('<p style="color:#ff6600;line-height:2">Hi</p>', 2),
    ('<p style="font: 14px/1.5 Georgia">Hi</p>', 1),
    ('<font face="Verdana">Hi</font>', 1),
    ('<font color="red">Hi</font>', 1),
    ('<style>p { color: navy }</style><p>Hi</p>', 1),
    ('<body text="#333"><p>Hi</p></body>', 1),
    # near misses
    ('<p style="background-color: #eee">Hi</p>', 0),
    ('<p style="color: inherit; line-height: normal">Hi</p>', 0),
    ('<p style="border-color: red">Hi</p>', 0),
    ('<p>Please choose the colour: red or blue.</p>', 0),
    ('<font size="3">Hi</font>', 0),
])
def test_style_override(html, hits):
    assert len(codes("S305", html)) == hits


def test_style_override_fix_removes_declaration():
    html = '<p style="margin:0; font-family: Arial; font-size:14px">Hi</p>'
    (d,) = codes("S305", html)
    fixed = html[:d.fix.start] + d.fix.replacement + html[d.fix.end:]
    assert fixed == '<p style="margin:0; font-size:14px">Hi</p>'


@pytest.mark.parametrize("html, hits", [
    ("<h1>A</h1><h2>B</h2><h3>C</h3><p>text</p>", 1),
    ('<p style="font-size:12px">a</p><p style="font-size:14px">b</p><p style="font-size:20px">c</p>'
     "<p>d</p>", 1),
    ('<font size="1">a</font><font size="5">b</font><font size="7">c</font> plain', 1),
    ('<style>.a{font-size:10px}.b{font-size:12px}.c{font-size:30px}</style><p>x</p>', 1),
    # near misses: three sizes at most
    ("<h1>A</h1><h2>B</h2><p>text</p>", 0),
    ("<h2>A</h2><h3>B</h3><h4>C</h4><p>text</p>", 0),  # h4 is the default 16px
    ('<h1>A</h1><h2>B</h2><h3>C</h3>', 0),  # no text at the default size
    ('<p style="font-size:16px">a</p><p style="font-size:1em">b</p><p style="font-size:100%">c</p>'
     '<small>d</small>', 0),
])
def test_too_many_font_sizes(html, hits):
    assert len(codes("S306", html)) == hits


@pytest.mark.parametrize("html, hits", [
    ('<p style="text-align:center">Hi</p>', 1),
    ('<p style="text-align: right">Hi</p>', 1),
    ('<div style="text-align:justify">Hi</div>', 1),
    ("<center>Hi</center>", 1),
    ('<p align="center">Hi</p>', 1),
    ('<td align="right">9.99</td>', 1),
    ('<style>body { text-align: center }</style><p>Hi</p>', 1),
    # near misses
    ('<p style="text-align:left">Hi</p>', 0),
    ('<p style="text-align: start">Hi</p>', 0),
    ('<img src="https://a.com/x.png" align="right" alt="x">', 0),
    ('<p>Please centre the shelf on the wall and align it right.</p>', 0),
])
def test_text_alignment(html, hits):
    assert len(codes("S307", html)) == hits


def test_plain_text_has_no_style_findings():
    text = "text-align: center; font-family: Arial; margin: 0 40%"
    config = policy.Config(select=frozenset({"S303", "S305", "S306", "S307"}))
    assert policy.check({"text": text}, config).diagnostics == []
