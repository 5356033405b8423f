"""Runs the registered rules over one message and assembles the report.

A rule that raises is a bug, not a verdict: the engine re-raises it as `CheckError` naming the
rule, so callers (the proxy) can apply their fail mode instead of silently passing a message.
"""

from __future__ import annotations

import datetime as dt
from typing import Any, Mapping

from policy.analysis import Analysis
from policy.config import Config
from policy.model import Message
from policy.registry import Finding, Rule, all_rules
from policy.report import Diagnostic, Report

EXCERPT_LIMIT = 80


class CheckError(RuntimeError):
    """A rule failed on this message. The text names the rule; the message is not judged."""


def check(message: Message | Mapping[str, Any], config: Config | None = None, *,
          now: dt.datetime | None = None) -> Report:
    """Judge one message. `message` is a `Message` or its flat dict (README, "Message JSON")."""
    if not isinstance(message, Message):
        message = Message.from_dict(message)
    config = config or Config()
    analysis = Analysis(message, config, now=now)
    diagnostics: list[Diagnostic] = []
    for rule in all_rules():
        if not config.enabled(rule.code, rule.name):
            continue
        if ("spelling" in rule.needs and not config.spelling) or (
                "grammar" in rule.needs and not config.grammar):
            continue
        try:
            for finding in rule.check(analysis):
                diagnostics.append(_diagnostic(rule, finding, analysis, config))
        except Exception as exc:
            raise CheckError(f"rule {rule.code} ({rule.name}) failed: "
                             f"{type(exc).__name__}: {exc}") from exc
    diagnostics.sort(key=lambda d: (d.start if d.start is not None else -1, d.code))
    try:
        from policy.rules.review import find_review_request

        requests_review = find_review_request(analysis) is not None
    except Exception as exc:
        raise CheckError(f"review-request detection failed: {exc}") from exc
    language = analysis.__dict__.get("language")
    return Report(diagnostics=diagnostics, requests_review=requests_review, language=language)


def _diagnostic(rule: Rule, finding: Finding, analysis: Analysis, config: Config) -> Diagnostic:
    severity = config.severity.get(rule.code) or finding.severity or rule.severity
    start, end, field = finding.start, finding.end, finding.where
    if field == "text":
        field = "body"
        if start is not None and end is not None:
            start, end = analysis.body_span(start, end)
    line = column = None
    excerpt = ""
    if start is not None and end is not None:
        if field == "body":
            start = max(0, min(start, len(analysis.body)))
            end = max(start, min(end, len(analysis.body)))
            line, column = analysis.line_col(start)
            excerpt = analysis.body[start:end]
        elif field == "subject":
            start = max(0, min(start, len(analysis.subject)))
            end = max(start, min(end, len(analysis.subject)))
            excerpt = analysis.subject[start:end]
    else:
        start = end = None
    if len(excerpt) > EXCERPT_LIMIT:
        excerpt = excerpt[: EXCERPT_LIMIT - 1] + "\u2026"
    return Diagnostic(
        code=rule.code, name=rule.name, severity=severity, message=finding.message,
        start=start, end=end, line=line, column=column, excerpt=excerpt, fix=finding.fix,
        field=field, url=rule.url, reads_as=finding.reads_as, confidence=finding.confidence,
        evidence=finding.evidence, use_instead=finding.use_instead,
    )
