"""Per-seller configuration: which rules run, at what severity, and what the seller's own words are.

Parsed from the `[tool]`-less TOML document `bsm-guard.toml` (see README). `Config.from_mapping`
does the validation so the CLI, the proxy settings and the API report the same clear errors for
unknown keys or bad values.
"""

from __future__ import annotations

import tomllib
from dataclasses import dataclass, field
from typing import Any, Mapping

from policy.report import Severity

KEYS = ("select", "ignore", "severity", "allowed_domains", "words", "marketplace",
        "spelling", "grammar", "intents")


class ConfigError(ValueError):
    """The configuration is not valid; the text names the key."""


@dataclass(frozen=True)
class Config:
    select: frozenset[str] | None = None  # codes or names; None runs every rule
    ignore: frozenset[str] = frozenset()
    severity: Mapping[str, Severity] = field(default_factory=dict)  # code -> severity
    allowed_domains: tuple[str, ...] = ()  # the seller's own domains needed to complete orders
    words: frozenset[str] = frozenset()  # brand and product words, lower-cased
    marketplace: str | None = None
    spelling: bool = True
    grammar: bool = True
    intents: bool = True  # the learned sentence intents beside the phrase rules

    def enabled(self, code: str, name: str) -> bool:
        if self.select is not None and code not in self.select and name not in self.select:
            return False
        return code not in self.ignore and name not in self.ignore

    @classmethod
    def from_toml(cls, text: str, source: str = "bsm-guard.toml") -> "Config":
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ConfigError(f"{source}: not valid TOML: {exc}") from None
        return cls.from_mapping(data, source)

    @classmethod
    def from_mapping(cls, data: Mapping[str, Any], source: str = "config") -> "Config":
        from policy.registry import all_rules

        rules = all_rules()
        by_key = {r.code: r.code for r in rules} | {r.name: r.code for r in rules}
        unknown = sorted(set(data) - set(KEYS))
        if unknown:
            raise ConfigError(f"{source}: unknown key(s) {', '.join(unknown)}; "
                              f"known keys are {', '.join(KEYS)}")

        def rule_list(key: str) -> frozenset[str] | None:
            if key not in data:
                return None
            value = data[key]
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: '{key}' must be a list of rule codes or names")
            codes = set()
            for item in value:
                item = item.strip()
                code = by_key.get(item.upper()) or by_key.get(item.lower())
                if code is None:
                    raise ConfigError(f"{source}: '{key}' names an unknown rule {item!r}")
                codes.add(code)
            return frozenset(codes)

        severity: dict[str, Severity] = {}
        raw_sev = data.get("severity", {})
        if not isinstance(raw_sev, Mapping):
            raise ConfigError(f"{source}: 'severity' must be a table such as {{C203 = \"warning\"}}")
        for key, value in raw_sev.items():
            code = by_key.get(key.upper()) or by_key.get(key.lower())
            if code is None:
                raise ConfigError(f"{source}: 'severity' names an unknown rule {key!r}")
            if not isinstance(value, str):
                raise ConfigError(f"{source}: severity of {key} must be 'error' or 'warning'")
            try:
                severity[code] = Severity.parse(value)
            except ValueError as exc:
                raise ConfigError(f"{source}: severity of {key}: {exc}") from None

        def str_list(key: str) -> list[str]:
            value = data.get(key, [])
            if not isinstance(value, list) or not all(isinstance(v, str) for v in value):
                raise ConfigError(f"{source}: '{key}' must be a list of strings")
            return [v.strip() for v in value if v.strip()]

        def flag(key: str) -> bool:
            value = data.get(key, True)
            if not isinstance(value, bool):
                raise ConfigError(f"{source}: '{key}' must be true or false")
            return value

        marketplace = data.get("marketplace")
        if marketplace is not None and not isinstance(marketplace, str):
            raise ConfigError(f"{source}: 'marketplace' must be a string such as \"amazon.de\"")
        return cls(
            select=rule_list("select"),
            ignore=rule_list("ignore") or frozenset(),
            severity=severity,
            allowed_domains=tuple(d.lower().lstrip(".") for d in str_list("allowed_domains")),
            words=frozenset(w.lower() for w in str_list("words")),
            marketplace=marketplace,
            spelling=flag("spelling"),
            grammar=flag("grammar"),
            intents=flag("intents"),
        )

    def to_mapping(self) -> dict[str, Any]:
        out: dict[str, Any] = {
            "ignore": sorted(self.ignore),
            "severity": {k: v.value for k, v in self.severity.items()},
            "allowed_domains": list(self.allowed_domains),
            "words": sorted(self.words),
            "spelling": self.spelling,
            "grammar": self.grammar,
        }
        if not self.intents:
            out["intents"] = False
        if self.select is not None:
            out["select"] = sorted(self.select)
        if self.marketplace:
            out["marketplace"] = self.marketplace
        return out
