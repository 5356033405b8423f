"""The engine's core: message parsing, HTML text mapping, config validation, report shape."""

import datetime as dt

import pytest

import policy
from policy.analysis import Analysis


@pytest.mark.parametrize("data, error", [
    ({}, "needs a 'text' or an 'html'"),
    ({"text": 3}, "'text' must be a string"),
    ({"text": "x", "kind": "shout"}, "'kind' must be one of"),
    ({"text": "x", "order_date": "yesterday"}, "'order_date' is not a date"),
    ({"text": "x", "sent_at": 5}, "'sent_at' must be an ISO 8601"),
    ({"text": "x", "attachments": "a.pdf"}, "'attachments' must be a list"),
    ({"text": "x", "attachments": [{"size": 1}]}, "needs a 'filename'"),
    ({"text": "x", "attachments": [{"filename": "a", "size": -1}]}, "whole number"),
    ({"text": "x", "review_already_requested": "yes"}, "true or false"),
    ([1, 2], "must be a JSON object"),
])
def test_bad_message_fields_are_named(data, error):
    with pytest.raises(policy.MessageError, match=error):
        policy.Message.from_dict(data)


def test_message_round_trip_keeps_context():
    data = {"kind": "reply", "text": "Hi", "order_id": "113-1234567-1234567",
            "order_date": "2026-11-01", "sent_at": "2026-11-10T12:00:00Z",
            "attachments": [{"filename": "invoice.pdf", "size": 10}]}
    msg = policy.Message.from_dict(data)
    assert msg.sent_at == dt.datetime(2026, 11, 10, 12, tzinfo=dt.timezone.utc)
    assert policy.Message.from_dict(msg.to_dict()) == msg


def test_html_text_maps_back_to_source():
    body = "<p>Hello &amp; welcome</p><p>Order <b>113</b></p>"
    analysis = Analysis(policy.Message(html=body), policy.Config())
    assert analysis.text.startswith("Hello & welcome\n")
    start = analysis.text.index("welcome")
    s, e = analysis.body_span(start, start + len("welcome"))
    assert body[s:e] == "welcome"
    amp = analysis.text.index("&")
    assert body[slice(*analysis.body_span(amp, amp + 1))] == "&amp;"
    bold = analysis.text.index("113")
    assert body[slice(*analysis.body_span(bold, bold + 3))] == "113"


def test_script_and_style_are_not_text():
    analysis = Analysis(policy.Message(html="<style>p{}</style><script>x()</script>Hi"),
                        policy.Config())
    assert analysis.text == "Hi"


@pytest.mark.parametrize("toml, error", [
    ("colour = 1", "unknown key"),
    ("ignore = ['Z999']", "unknown rule"),
    ("severity = {C204 = 'fatal'}", "severity of C204"),
    ("words = 'acme'", "'words' must be a list"),
    ("spelling = 'no'", "'spelling' must be true or false"),
    ("ignore = [", "not valid TOML"),
])
def test_config_errors_name_the_key(toml, error):
    with pytest.raises(policy.ConfigError, match=error):
        policy.Config.from_toml(toml)


def test_every_rule_has_documentation_sections():
    rules = policy.all_rules()
    for r in rules:
        docs = r.docs
        for section in ("What it does", "Why Amazon blocks it", "Example", "Use instead"):
            assert docs.get(section), f"{r.code} lacks '{section}'"
        assert r.code[0] in "OCS" and len(r.code) == 4 and r.name == r.name.lower()


def test_report_verdicts():
    report = policy.Report()
    assert report.verdict == "pass"
    warn = policy.Diagnostic("S310", "spelling", policy.Severity.WARNING, "m")
    report.diagnostics.append(warn)
    assert report.verdict == "warn"
    report.diagnostics.append(policy.Diagnostic("C204", "x", policy.Severity.ERROR, "m"))
    assert report.verdict == "block"


def test_a_body_that_looks_like_a_url_raises_no_warning():
    import warnings

    with warnings.catch_warnings():
        warnings.simplefilter("error")  # bs4's MarkupResemblesLocatorWarning would raise here
        report = policy.check({"html": "https://example.com/manual.html"})
    assert "C209" in report.codes


def test_contact_reason_is_part_of_the_message():
    msg = policy.Message.from_dict({"text": "x", "contact_reason": "Shipping or delivery"})
    assert msg.contact_reason == "Shipping or delivery"
    assert msg.to_dict()["contact_reason"] == "Shipping or delivery"
    assert policy.Message.from_dict({"text": "x"}).contact_reason is None
    with pytest.raises(policy.MessageError, match="contact_reason"):
        policy.Message.from_dict({"text": "x", "contact_reason": 2})
