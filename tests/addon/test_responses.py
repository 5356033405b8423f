import json

import pytest

from addon import responses

DIAGS = [
    {"code": "C204", "name": "review-incentive", "severity": "error", "message": "m"},
    {"code": "S301", "name": "emoji", "severity": "warning", "message": "w"},
    {"code": "C209", "name": "external-link", "severity": "error", "message": "m"},
]


@pytest.mark.parametrize("channel", ["contact_buyer", "request_review"])
def test_blocked_seller_central(channel):
    status, headers, body = responses.blocked(channel, 7, DIAGS)
    data = json.loads(body)["error"]
    assert status == 422 and headers["X-BSM-Guard"] == "blocked"
    assert headers["Content-Type"] == "application/json"
    assert data["code"] == "BSM_GUARD_BLOCKED" and data["verdictId"] == 7
    assert data["codes"] == ["C204", "C209"]  # errors only, in order
    assert "C204 review-incentive" in data["message"] and "S301" not in data["message"]
    assert data["diagnostics"] == DIAGS
    assert "bsm-guard allow 7" in data["howToSendAnyway"]


@pytest.mark.parametrize("channel", ["sp_api_message", "sp_api_solicitation"])
def test_blocked_sp_api(channel):
    status, _, body = responses.blocked(channel, 9, DIAGS)
    (error,) = json.loads(body)["errors"]
    assert status == 400 and error["code"] == "InvalidInput"
    assert error["message"] == ("bsm-guard blocked this message: C204 review-incentive, "
                                "C209 external-link")
    assert "verdict 9" in error["details"] and "bsm-guard allow 9" in error["details"]


@pytest.mark.parametrize("channel, too_large, status, code, key", [
    ("contact_buyer", False, 503, "BSM_GUARD_CHECK_FAILED", "error"),
    ("contact_buyer", True, 413, "BSM_GUARD_TOO_LARGE", "error"),
    ("sp_api_message", False, 503, "BSM_GUARD_CHECK_FAILED", "errors"),
    ("sp_api_message", True, 413, "BSM_GUARD_TOO_LARGE", "errors"),
])
def test_failed(channel, too_large, status, code, key):
    answer = responses.failed(channel, 3, "the body is not valid JSON", too_large=too_large)
    data = json.loads(answer.body)[key]
    data = data[0] if isinstance(data, list) else data
    assert answer.status == status and data["code"] == code
    assert "could not check" in data["message"] and "not valid JSON" in data["message"]


def test_failed_without_verdict_says_how_to_get_through():
    data = json.loads(responses.failed("contact_buyer", None, "x").body)["error"]
    assert data["verdictId"] is None and "fail mode" in data["howToSendAnyway"]


def test_status_and_header():
    assert json.loads(responses.status("warn", "0.1.0").body) == {
        "guarded": True, "mode": "warn", "version": "0.1.0"}
    assert responses.verdict_header("warn", ["S301"], 4) == "warn; codes=S301; id=4"
    assert responses.verdict_header("pass", [], None) == "pass"
