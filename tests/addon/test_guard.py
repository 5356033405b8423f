"""The addon's hooks on synthetic flows (mitmproxy's tflow/taddons), no sockets."""

from __future__ import annotations

import json

import pytest
from mitmproxy import exceptions, http
from mitmproxy.addons import proxyserver
from mitmproxy.test import taddons, tflow, tutils

import policy
from addon.guard import META, VERDICT_HEADER, Guard
from addon.learn import OrderLearner
from addon.status import GuardStatus
from proxy.service import open_state

ORDER = "113-1234567-1234567"
CONTACT = f"/messaging/api/orders/{ORDER}/contactBuyer?marketplaceId=ATVPDKIKX0DER"
REVIEW = f"/messaging/api/solicitations/{ORDER}/productReviewAndSellerFeedback"


def make_flow(host="sellercentral.amazon.com", method="POST", path=CONTACT, body=None,
              ctype="application/json"):
    content = json.dumps(body).encode() if isinstance(body, dict) else (body or b"")
    req = tutils.treq(host=host, port=443, scheme=b"https", method=method.encode(),
                      path=path.encode(), authority=b"",
                      headers=http.Headers(((b"content-type", ctype.encode()),)),
                      content=content)
    return tflow.tflow(req=req)


def report(*diagnostics, requests_review=False):
    return policy.Report(diagnostics=list(diagnostics), requests_review=requests_review)


def diag(code="C204", severity=policy.Severity.ERROR):
    return policy.Diagnostic(code=code, name="some-rule", severity=severity, message="Fix it.")


@pytest.fixture
def state(tmp_path):
    s = open_state(tmp_path)
    yield s
    s.store.close()


@pytest.fixture
def guard(state):
    g = Guard(state)
    with taddons.context(proxyserver.Proxyserver(), g):
        yield g
    g.done()


async def test_flows_for_other_hosts_are_not_touched(guard):
    flow = make_flow(host="example.org", body={"rawMessageBody": "anything"})
    await guard.request(flow)
    await guard.response(flow)
    assert flow.response is None and META not in flow.metadata


async def test_flow_answered_by_another_addon_is_respected(guard):
    flow = make_flow(body={"rawMessageBody": "x"})
    flow.response = http.Response.make(204)
    await guard.request(flow)
    assert flow.response.status_code == 204 and META not in flow.metadata


@pytest.mark.parametrize("host, path, answered", [
    ("sellercentral.amazon.com", "/__bsm-guard/status", True),
    ("sellingpartnerapi-eu.amazon.com", "/__bsm-guard/status?x=1", True),
    ("example.org", "/__bsm-guard/status", False),
    ("sellercentral.amazon.com", "/__bsm-guard/statusx", False),
])
def test_status_answer(state, host, path, answered):
    state.update_settings({"mode": "off"})
    flow = make_flow(host=host, method="GET", path=path)
    GuardStatus(state).request(flow)
    assert (flow.response is not None) is answered
    if answered:
        assert json.loads(flow.response.content) == {
            "guarded": True, "mode": "off", "version": policy.__version__}


async def test_learner_keeps_facts_and_earlier_review_requests(state):
    learner = OrderLearner(state)
    flow = make_flow(host="sellingpartnerapi-na.amazon.com", method="GET",
                     path=f"/messaging/v1/orders/{ORDER}/attributes")
    learner.request(flow)
    flow.response = tutils.tresp(content=json.dumps({"buyer": {"locale": "fr-FR"}}).encode())
    await learner.response(flow)
    assert state.orders.get(ORDER) == {"buyer_language": "fr-FR"}

    flow = make_flow(method="GET", path=REVIEW)
    learner.request(flow)
    flow.response = tutils.tresp(content=json.dumps(
        {"isSuccess": False, "ineligibleReason": "REVIEW_REQUEST_ALREADY_SENT"}).encode())
    await learner.response(flow)
    assert state.store.review_requested(ORDER)


async def test_learner_ignores_errors_and_other_hosts(state):
    learner = OrderLearner(state)
    for host, status, content in [("example.org", 200, b'{"buyer": {"locale": "fr-FR"}}'),
                                  ("sellingpartnerapi-na.amazon.com", 404,
                                   b'{"buyer": {"locale": "fr-FR"}}'),
                                  ("sellingpartnerapi-na.amazon.com", 200, b"\xff not json")]:
        flow = make_flow(host=host, method="GET", path=f"/messaging/v1/orders/{ORDER}/attributes")
        learner.request(flow)
        flow.response = tutils.tresp(status_code=status, content=content)
        await learner.response(flow)
    assert state.orders.get(ORDER) == {}


@pytest.mark.parametrize("option, value", [
    ("stream_large_bodies", "1m"),
    ("bsm_guard_body_limit", "lots"),
    ("bsm_guard_text_limit", 0),
])
def test_options_that_would_weaken_the_guard_are_refused(state, option, value):
    g = Guard(state)
    with taddons.context(proxyserver.Proxyserver(), g) as tctx:
        with pytest.raises(exceptions.OptionsError, match=option):
            tctx.configure(g, **{option: value})
    g.done()


async def test_any_exception_in_the_hook_fails_closed(guard, monkeypatch):
    def boom(*args):
        raise KeyError("surprise")

    monkeypatch.setattr(guard, "_read_send", boom)
    flow = make_flow(body={"rawMessageBody": "x"})
    await guard.request(flow)
    assert flow.response.status_code == 503
    assert flow.metadata[META].action == "failed_closed"


async def test_context_is_merged_and_bad_context_never_blocks(guard, state):
    seen = []

    def check(message, config):
        seen.append(message)
        return report()

    guard.check_message = check
    state.orders.learn(ORDER, buyer_language="de-DE", order_date="2026-11-01",
                       marketplace="A1PA6795UKMFR9")
    await guard.request(make_flow(body={"rawMessageBody": "Hallo"}))
    msg = seen[-1]
    assert (msg.buyer_language, str(msg.order_date)) == ("de-DE", "2026-11-01")
    assert msg.marketplace == "ATVPDKIKX0DER"  # the call's own marketplace wins
    state.orders.learn(ORDER, order_date="not a date")
    flow = make_flow(body={"rawMessageBody": "Hallo"})
    await guard.request(flow)
    assert flow.response is None and seen[-1].order_date is None


async def test_review_already_requested_is_passed_to_the_checker(guard, state):
    seen = []
    guard.check_message = lambda message, config: seen.append(message) or report()
    await guard.request(make_flow(body={"rawMessageBody": "Hi"}))
    state.store.record_review_request(ORDER, "request_review")
    await guard.request(make_flow(body={"rawMessageBody": "Hi"}))
    assert [m.review_already_requested for m in seen] == [False, True]


@pytest.mark.parametrize("status, counted", [(200, True), (201, True), (403, False),
                                             (500, False)])
async def test_review_press_is_counted_only_when_accepted(guard, state, status, counted):
    flow = make_flow(path=REVIEW, body={})
    await guard.request(flow)
    assert flow.response is None
    flow.response = tutils.tresp(status_code=status)
    await guard.response(flow)
    assert state.store.review_requested(ORDER) is counted
    assert flow.response.headers[VERDICT_HEADER].startswith("pass")


async def test_message_asking_for_a_review_counts_too(guard, state):
    guard.check_message = lambda message, config: report(requests_review=True)
    flow = make_flow(body={"rawMessageBody": "Would you share a review?"})
    await guard.request(flow)
    flow.response = tutils.tresp(status_code=200)
    await guard.response(flow)
    (only,) = state.store.review_requests(ORDER)
    assert only["channel"] == "contact_buyer" and only["seat"] is None


async def test_blocked_send_is_not_counted_even_if_it_asked(guard, state):
    guard.check_message = lambda message, config: report(diag(), requests_review=True)
    flow = make_flow(body={"rawMessageBody": "x"})
    await guard.request(flow)
    assert flow.response.status_code == 422
    await guard.response(flow)
    assert not state.store.review_requested(ORDER)


@pytest.mark.parametrize("mode, severity, status, header, action", [
    ("block", policy.Severity.ERROR, 422, None, "blocked"),
    ("warn", policy.Severity.ERROR, None, "block; codes=C204", "forwarded"),
    ("block", policy.Severity.WARNING, None, "warn; codes=C204", "forwarded"),
    ("off", policy.Severity.ERROR, None, None, "off"),
])
async def test_modes_and_severities(guard, state, mode, severity, status, header, action):
    state.update_settings({"mode": mode})
    guard.check_message = lambda message, config: report(diag(severity=severity))
    flow = make_flow(body={"rawMessageBody": "x"})
    await guard.request(flow)
    assert (flow.response.status_code if flow.response else None) == status
    assert flow.metadata[META].action == action
    if status is None:
        flow.response = tutils.tresp(status_code=200)
        await guard.response(flow)
        got = flow.response.headers.get(VERDICT_HEADER)
        assert (got.startswith(header) if header else got.startswith("pass"))


async def test_unrecognised_messaging_call_is_logged_without_body(guard, caplog):
    caplog.set_level("INFO")
    flow = make_flow(path="/messaging/api/threads/1/markRead", body={"secret": "s3cr3t"})
    await guard.request(flow)
    assert flow.response is None
    assert "unrecognised messaging call POST /messaging/api/threads/1/markRead" in caplog.text
    assert "s3cr3t" not in caplog.text


async def test_streaming_is_turned_off_for_guarded_hosts_only(guard):
    amazon, other = make_flow(), make_flow(host="example.org")
    amazon.request.stream = other.request.stream = True
    guard.requestheaders(amazon)
    guard.requestheaders(other)
    assert amazon.request.stream is False and other.request.stream is True


async def test_a_bug_before_the_per_send_handling_still_fails_closed(guard, monkeypatch):
    monkeypatch.setattr("addon.recognise.match", lambda *a: 1 / 0)
    flow = make_flow(body={"rawMessageBody": "x"})
    await guard.request(flow)
    assert flow.response.status_code == 503
    other = make_flow(host="example.org", body={"rawMessageBody": "x"})
    await guard.request(other)
    assert other.response is None
