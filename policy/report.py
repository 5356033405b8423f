"""What a check returns: diagnostics with spans, and the verdict they add up to.

The JSON form (`Report.to_dict`) is a stable interface used by `bsm-guard check --format json`,
the local API and the extension; README documents it. Offsets are Unicode code points into
`Message.body`; `field` says when a diagnostic is about the subject, the attachments or the
order context instead of the body (then `start`/`end` may be null).
"""

from __future__ import annotations

import enum
from dataclasses import dataclass, field
from typing import Any


class Severity(str, enum.Enum):
    ERROR = "error"  # blocks a send
    WARNING = "warning"  # annotates

    @classmethod
    def parse(cls, value: str) -> "Severity":
        lowered = value.strip().lower()
        for member in cls:
            if lowered in (member.value, member.value[0]):
                return member
        raise ValueError(f"severity must be 'error' or 'warning', not {value!r}")


FIELDS = ("body", "subject", "attachments", "context")


@dataclass(frozen=True)
class Fix:
    """One edit that resolves the diagnostic: replace body[start:end] with `replacement`."""

    description: str
    start: int
    end: int
    replacement: str

    def to_dict(self) -> dict[str, Any]:
        return {"description": self.description, "start": self.start, "end": self.end,
                "replacement": self.replacement}


@dataclass(frozen=True)
class Diagnostic:
    code: str
    name: str
    severity: Severity
    message: str
    start: int | None = None
    end: int | None = None
    line: int | None = None
    column: int | None = None
    excerpt: str = ""
    fix: Fix | None = None
    field: str = "body"
    url: str = ""
    reads_as: tuple[str, ...] = ()  # intents of the sentence (content rules)
    confidence: float | None = None  # the model's score for the intent behind the finding
    evidence: str | None = None  # "pattern", "model" or "pattern+model"
    use_instead: str | None = None  # a compliant sentence in the message's language

    def to_dict(self) -> dict[str, Any]:
        return {
            "code": self.code,
            "name": self.name,
            "severity": self.severity.value,
            "message": self.message,
            "field": self.field,
            "start": self.start,
            "end": self.end,
            "line": self.line,
            "column": self.column,
            "excerpt": self.excerpt,
            "fix": self.fix.to_dict() if self.fix else None,
            "url": self.url,
            "reads_as": list(self.reads_as),
            "confidence": None if self.confidence is None else round(self.confidence, 3),
            "evidence": self.evidence,
            "use_instead": self.use_instead,
        }


@dataclass
class Report:
    diagnostics: list[Diagnostic] = field(default_factory=list)
    requests_review: bool = False
    language: str | None = None

    @property
    def errors(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.ERROR]

    @property
    def warnings(self) -> list[Diagnostic]:
        return [d for d in self.diagnostics if d.severity is Severity.WARNING]

    @property
    def verdict(self) -> str:
        if self.errors:
            return "block"
        if self.diagnostics:
            return "warn"
        return "pass"

    @property
    def codes(self) -> list[str]:
        return sorted({d.code for d in self.diagnostics})

    def to_dict(self) -> dict[str, Any]:
        return {
            "verdict": self.verdict,
            "requests_review": self.requests_review,
            "language": self.language,
            "diagnostics": [d.to_dict() for d in self.diagnostics],
        }
