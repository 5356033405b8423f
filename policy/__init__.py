"""bsm-guard's policy engine: a buyer-seller message in, a report of diagnostics out.

Pure Python, no I/O. The public surface:

    policy.check(message, config=None, now=None) -> Report
    policy.Message, policy.Attachment        the message model (Message.from_dict for JSON)
    policy.Config                            per-seller configuration (Config.from_toml)
    policy.Report, policy.Diagnostic, policy.Severity, policy.Fix
    policy.all_rules(), policy.get_rule()    the rule registry

Errors: `MessageError` (the message dict has the wrong shape), `ConfigError` (bad
configuration), `CheckError` (a rule failed; the message was not judged).
"""

from policy.config import Config, ConfigError
from policy.engine import CheckError, check
from policy.model import Attachment, Message, MessageError
from policy.registry import Finding, Rule, all_rules, get_rule, rule
from policy.report import Diagnostic, Fix, Report, Severity

__version__ = "0.1.0"

__all__ = [
    "Attachment", "CheckError", "Config", "ConfigError", "Diagnostic", "Finding", "Fix",
    "Message", "MessageError", "Report", "Rule", "Severity", "all_rules", "check", "get_rule",
    "rule", "__version__",
]
