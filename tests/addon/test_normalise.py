import pytest

from addon import normalise


@pytest.mark.parametrize("raw, expected", [
    ("/messaging/api/orders/1/contactBuyer", "/messaging/api/orders/1/contactBuyer"),
    ("//messaging///api/orders/1/contactBuyer", "/messaging/api/orders/1/contactBuyer"),
    ("/%6Dessaging/api", "/messaging/api"),
    ("/%256Dessaging/api", "/messaging/api"),
    ("/messaging%2Fv1/orders", "/messaging/v1/orders"),
    ("/messaging%5Cv1\\orders", "/messaging/v1/orders"),
    ("/messaging/v1/orders/1/messages/x;jsessionid=2", "/messaging/v1/orders/1/messages/x"),
    ("/messaging;a=b/v1", "/messaging/v1"),
    ("/a/./b/../messaging/api/", "/a/messaging/api/"),
    ("/../../messaging", "/messaging"),
    ("/messaging/api?x=/..", "/messaging/api"),
    ("", "/"),
])
def test_path(raw, expected):
    assert normalise.path(raw) == expected


@pytest.mark.parametrize("method, write", [
    ("POST", True), ("post", True), ("PUT", True), ("PATCH", True), ("FOO", True),
    ("GET", False), ("head", False), ("OPTIONS", False), ("DELETE", False),
])
def test_write_methods(method, write):
    assert normalise.is_write(method) is write
