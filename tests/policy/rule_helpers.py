"""Run one rule on its own, through the public engine (Config.select), so a rule's test file
tests that rule whatever state the other rules are in."""

from __future__ import annotations

import dataclasses

import policy


def run_rule(message, code, config=None, now=None) -> list[policy.Diagnostic]:
    if not isinstance(message, policy.Message):
        message = policy.Message.from_dict(message)
    config = config or policy.Config(spelling=False, grammar=False)
    config = dataclasses.replace(config, select=frozenset({code}), ignore=frozenset())
    return policy.check(message, config, now=now).diagnostics
