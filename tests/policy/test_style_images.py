"""S302 gif, S304 oversized-image, S309 insecure-image."""

import pytest

import policy


def found(code, html):
    config = policy.Config(select=frozenset({code}))
    return [d for d in policy.check({"html": html}, config).diagnostics if d.code == code]


@pytest.mark.parametrize("html, hits", [
    ('<img src="https://cdn.example.com/thanks.gif" alt="Thanks">', 1),
    ('<img src="https://cdn.example.com/THANKS.GIF?v=2" alt="Thanks">', 1),
    ('<img src="data:image/gif;base64,R0lGODlhAQABAAAAACw=" alt="x">', 1),
    ('<img srcset="https://a.com/a.png 1x, https://a.com/b.gif 2x" alt="x">', 1),
    ('<div style="background: url(\'https://a.com/bg.gif\')">Hi</div>', 1),
    # near misses
    ('<img src="https://cdn.example.com/manual.png" alt="Manual">', 0),
    ('<img src="https://cdn.example.com/gif-guide.jpg" alt="Guide">', 0),
    ('<p>Our store sells gift.gif files? No, gifts.</p>', 0),
    ('<a href="https://a.com/file.gif">download</a>', 0),
])
def test_gif(html, hits):
    assert len(found("S302", html)) == hits


def test_gif_span_is_the_source():
    html = '<p>Hi</p><img src="https://a.com/x.gif" alt="x">'
    (d,) = found("S302", html)
    assert html[d.start:d.end] == "https://a.com/x.gif"


@pytest.mark.parametrize("html, hits", [
    ('<img src="https://a.com/x.png" width="600" alt="x">', 1),
    ('<img src="https://a.com/x.png" width="100%" alt="x">', 1),
    ('<img src="https://a.com/x.png" style="width: 500px" alt="x">', 1),
    ('<img src="https://a.com/x.png" style="min-width: 90%" alt="x">', 1),
    ('<style>img { width: 100% }</style><img src="https://a.com/x.png" alt="x">', 1),
    # near misses
    ('<img src="https://a.com/x.png" width="300" alt="x">', 0),
    ('<img src="https://a.com/x.png" width="80%" alt="x">', 0),
    ('<img src="https://a.com/x.png" style="width:100%; max-width: 300px" alt="x">', 0),
    ('<img src="https://a.com/x.png" alt="x">', 0),
    ('<table width="100%"><tr><td>Hi</td></tr></table>', 0),
])
def test_oversized_image(html, hits):
    assert len(found("S304", html)) == hits


@pytest.mark.parametrize("html, hits", [
    ('<img src="http://a.com/x.png" alt="x">', 1),
    ('<img src="HTTP://a.com/x.png" alt="x">', 1),
    ('<div style="background-image: url(http://a.com/bg.png)">Hi</div>', 1),
    ('<td background="http://a.com/bg.png">Hi</td>', 1),
    # near misses
    ('<img src="https://a.com/x.png" alt="x">', 0),
    ('<p>See http://example.com for details</p>', 0),
    ('<a href="http://example.com">link</a>', 0),
])
def test_insecure_image(html, hits):
    assert len(found("S309", html)) == hits


def test_plain_text_has_no_image_findings():
    config = policy.Config(select=frozenset({"S302", "S304", "S309"}))
    text = '<img src="http://a.com/x.gif" width="900">'
    assert policy.check({"text": text}, config).diagnostics == []
