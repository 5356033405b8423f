"""A failure that repeats logs once, then counts (proxy/store/repeated_failure.py)."""

import logging

from proxy.store.repeated_failure import RepeatedFailure


class Clock:
    def __init__(self):
        self.now = 1000.0

    def __call__(self):
        return self.now


def lines(caplog):
    return [r.getMessage() for r in caplog.records if r.name == "test.repeated"]


def make(clock):
    return RepeatedFailure(logging.getLogger("test.repeated"), "first failure",
                           "%d more in %.0f s", "ok again, %d more in %.0f s",
                           every=60, clock=clock)


def test_first_failure_logged_then_counted_at_most_once_a_minute(caplog):
    caplog.set_level(logging.INFO)
    clock = Clock()
    failures = make(clock)
    for _ in range(500):  # 500 records within 50 s: one line
        failures.failed()
        clock.now += 0.1
    assert lines(caplog) == ["first failure"]
    clock.now += 20  # 70 s after the first
    failures.failed()
    assert lines(caplog) == ["first failure", "500 more in 70 s"]
    failures.failed()
    failures.failed()
    clock.now += 5
    failures.succeeded()
    failures.succeeded()  # nothing more to say
    assert lines(caplog)[2:] == ["ok again, 2 more in 5 s"]


def test_a_new_outage_logs_its_first_failure_again(caplog):
    caplog.set_level(logging.INFO)
    clock = Clock()
    failures = make(clock)
    failures.succeeded()
    assert lines(caplog) == []
    failures.failed()
    failures.succeeded()
    failures.failed()
    assert lines(caplog) == ["first failure", "ok again, 0 more in 0 s", "first failure"]
