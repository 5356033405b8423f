"""Properties over generated input: no text crashes the engine, every span lies inside the body
and its line/column agree with its offset, and fixes apply cleanly."""

import datetime as dt

from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

import policy

NOW = dt.datetime(2026, 11, 20, 12, tzinfo=dt.timezone.utc)

FRAGMENTS = st.sampled_from([
    "Order 113-1234567-1234567", "11312345671234567", "http://example.com/x?utm_source=a",
    "https://www.amazon.de/review", "shop.example.co.uk", "mail me at a@b.co", "+1 415 555 0100",
    "\n\n\n", "\r\n", "leave a 5-star review", "gift card", "unsubscribe", "\U0001F600",
    "\U0001F1E9\U0001F1EA", "1\ufe0f\u20e3", "\u00a9", "Vielen Dank", "ご注文", "&amp;", "&#x1F600;",
    "<p>", "</p>", "<br>", "<br/>", "<img src='http://x/a.gif' width=1>", "<a href='http://x'>",
    "</a>", "<font color=red size=7>", "<div style='text-align:center;margin:40%'>", "<b>", "&",
    "<!--", "-->", "<script>", "</script>", "<style>p{color:red}</style>", "\x00", "\ud7ff", " ",
])
TEXT = st.lists(st.one_of(FRAGMENTS, st.text(max_size=12)), max_size=25).map("".join)


def assert_spans_inside(message: policy.Message, report: policy.Report) -> None:
    body = message.body
    for d in report.diagnostics:
        if d.start is None:
            assert d.end is None
            continue
        limit = len(body) if d.field == "body" else len(message.subject)
        assert 0 <= d.start <= d.end <= limit, d
        if d.field == "body":
            assert body.count("\n", 0, d.start) + 1 == d.line
            assert d.start - (body.rfind("\n", 0, d.start) + 1) + 1 == d.column
        if d.fix:
            assert 0 <= d.fix.start <= d.fix.end <= len(body), d.fix


CONFIG = policy.Config()


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(text=TEXT, subject=st.one_of(st.just(""), TEXT), kind=st.sampled_from(["proactive", "reply"]),
       language=st.sampled_from([None, "en", "de-DE", "ja", "xx"]))
def test_plain_text_never_crashes(text, subject, kind, language):
    message = policy.Message(text=text, subject=subject, kind=kind, buyer_language=language,
                             order_id="113-1234567-1234567", order_date=dt.date(2026, 11, 1))
    assert_spans_inside(message, policy.check(message, CONFIG, now=NOW))


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.too_slow])
@given(html=TEXT, attachments=st.lists(st.text(min_size=1, max_size=20), max_size=3),
       message_type=st.sampled_from([None, "confirmOrderDetails", "warranty", "bogus",
                                     "negativeFeedbackRemoval"]))
def test_html_never_crashes(html, attachments, message_type):
    message = policy.Message(html=html, message_type=message_type,
                             attachments=tuple(policy.Attachment(a) for a in attachments))
    assert_spans_inside(message, policy.check(message, CONFIG, now=NOW))


def test_applying_every_safe_fix_removes_its_diagnostic():
    text = ("Order 113-1234567-1234567: your parcel is delayed \U0001F600, see "
            "http://www.amazon.com/gp/css/order-history for details.\n\n\n\nWhich day suits you?")
    message = policy.Message(text=text)
    report = policy.check(message, CONFIG, now=NOW)
    fixable = [d for d in report.diagnostics if d.fix]
    assert fixable, report.diagnostics
    for d in fixable:
        fixed = text[: d.fix.start] + d.fix.replacement + text[d.fix.end:]
        after = policy.check(policy.Message(text=fixed), CONFIG, now=NOW)
        assert sum(x.code == d.code for x in after.diagnostics) < sum(
            x.code == d.code for x in report.diagnostics), (d, fixed)
