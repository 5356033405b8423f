"""The rule registry: one code, one name, one check function, documentation beside it.

Like Ruff, each rule is a function whose docstring holds its documentation in fixed sections
("What it does", "Why Amazon blocks it", "Example", "Use instead"); `bsm-guard rule C204` prints
it, so the prose cannot drift from the check. A rule function takes an `Analysis` and yields
`Finding`s; the engine turns those into `Diagnostic`s with the configured severity.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Callable, Iterable, Iterator

from policy.report import Fix, Severity

POLICY_URL = "https://sellercentral.amazon.com/help/hub/reference/external/G1801"
SECTIONS = ("What it does", "Why Amazon blocks it", "Example", "Use instead", "Fix safety")


@dataclass(frozen=True)
class Finding:
    """What a rule found.

    `where` names the coordinates of start/end: "text" is the plain text the rules read
    (`Analysis.text`, mapped back to the body by the engine), "body" is `Message.body` itself
    (HTML source for HTML messages), "subject" the subject line; "attachments" and "context"
    have no span.
    """

    message: str
    start: int | None = None
    end: int | None = None
    where: str = "text"
    fix: Fix | None = None
    severity: Severity | None = None  # overrides the rule's default for this one finding
    # What the sentence reads as (intent ids), how sure the model is, whether a phrase pattern,
    # the model or both found it, and a compliant sentence to write instead (content rules).
    reads_as: tuple[str, ...] = ()
    confidence: float | None = None
    evidence: str | None = None
    use_instead: str | None = None


@dataclass(frozen=True)
class Rule:
    code: str
    name: str
    severity: Severity
    clause: str  # the guideline it enforces, in our words
    check: Callable[..., Iterable[Finding]]
    url: str = POLICY_URL
    needs: frozenset[str] = frozenset()  # heavy parts it uses: "spelling", "grammar", "language"

    @property
    def summary(self) -> str:
        doc = self.docs.get("What it does", "")
        return doc.split(". ")[0].strip().rstrip(".") if doc else self.name

    @property
    def docs(self) -> dict[str, str]:
        return parse_sections(self.check.__doc__ or "")


def parse_sections(doc: str) -> dict[str, str]:
    """Split a rule docstring into its '## Section' parts (Ruff's layout)."""
    sections: dict[str, str] = {}
    current = None
    lines: list[str] = []
    for raw in _dedent(doc).splitlines():
        match = re.match(r"^#+\s*(.+?)\s*$", raw)
        if match:
            if current:
                sections[current] = "\n".join(lines).strip()
            current, lines = match.group(1), []
        elif current:
            lines.append(raw)
    if current:
        sections[current] = "\n".join(lines).strip()
    return sections


def _dedent(doc: str) -> str:
    import textwrap

    first, _, rest = doc.partition("\n")
    return first.strip() + "\n" + textwrap.dedent(rest)


_REGISTRY: dict[str, Rule] = {}


def rule(code: str, name: str, severity: Severity, clause: str, *, needs: Iterable[str] = ()):
    """Register the decorated function as rule `code`/`name`."""

    def register(func: Callable[..., Iterable[Finding]]) -> Callable[..., Iterable[Finding]]:
        if code in _REGISTRY:
            raise RuntimeError(f"rule code {code} registered twice")
        _REGISTRY[code] = Rule(code, name, severity, clause, func, needs=frozenset(needs))
        return func

    return register


def all_rules() -> list[Rule]:
    import policy.rules  # noqa: F401  (registers every rule module)

    return sorted(_REGISTRY.values(), key=lambda r: r.code)


def get_rule(code_or_name: str) -> Rule:
    key = code_or_name.strip()
    for r in all_rules():
        if key.upper() == r.code or key.lower() == r.name:
            return r
    raise KeyError(code_or_name)


def iter_codes() -> Iterator[str]:
    return (r.code for r in all_rules())
