"""The three output formats of `bsm-guard check`: text for people, JSON and SARIF for tools.

Positions: text and SARIF name the place in the file as written (`proxy.check_source`): for a
`.json` message that is the line and column inside the JSON file, where an editor or a
code-scanning tool can show it. JSON output keeps `start`/`end`/`line`/`column` relative to the
body (a stable interface; fixes use those offsets) and adds `region`, the span in the file.

SARIF follows 2.1.0 (validated against the OASIS schema in the tests). Every result has a
region, because code scanning shows a result only at a line: a finding about the whole
message points at the start of its body. The rule's short
description is its one-line guideline, the full description what the rule checks, the help
all its documentation; input errors and skipped files are `toolExecutionNotifications` of the
run's invocation, and `executionSuccessful` is false when an input could not be checked.
"""

from __future__ import annotations

import os
from pathlib import Path
from urllib.parse import quote

import policy
from policy.report import Diagnostic
from proxy.check_cli import Outcome, Problem, Result
from proxy.check_source import Region

INFORMATION_URI = "https://github.com/bsm-guard/bsm-guard"
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "bold": "\033[1m", "dim": "\033[2m",
            "reset": "\033[0m"}


def plural(count: int, noun: str) -> str:
    return f"{count} {noun}" if count == 1 else f"{count} {noun}s"


def region_of(result: Result, d: Diagnostic) -> Region | None:
    return result.source.region(d.field, d.start, d.end, d.code)


# -- text ----------------------------------------------------------------------------------------
def use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def write_text(result: Result, stream, colour: bool = False) -> None:
    c = _COLOURS if colour else dict.fromkeys(_COLOURS, "")
    for d in result.report.diagnostics:
        region = region_of(result, d)
        where = (f"{result.path}:{region.start_line}:{region.start_column}" if region
                 else f"{result.path}:{d.field}")
        sev = d.severity.value
        stream.write(f"{c['bold']}{where}:{c['reset']} {d.code} {c[sev]}[{sev}]{c['reset']} "
                     f"{d.name}: {d.message}\n")
        if d.excerpt:
            stream.write(f"    {c['dim']}| {d.excerpt.replace(chr(10), ' ')}{c['reset']}\n")
        if d.fix:
            stream.write(f"    {c['dim']}fix: {d.fix.description}{c['reset']}\n")


def write_summary(outcomes: list[Outcome], stream) -> None:
    results = [o for o in outcomes if isinstance(o, Result)]
    verdicts = [r.report.verdict for r in results]
    errors = sum(len(r.report.errors) for r in results)
    warnings = sum(len(r.report.warnings) for r in results)
    line = (f"{plural(len(results), 'message')} checked: {verdicts.count('block')} blocked, "
            f"{verdicts.count('warn')} with warnings, {verdicts.count('pass')} passed "
            f"({plural(errors, 'error')}, {plural(warnings, 'warning')})")
    failed = sum(1 for o in outcomes if isinstance(o, Problem) and not o.skipped)
    skipped = sum(1 for o in outcomes if isinstance(o, Problem) and o.skipped)
    if failed:
        line += f"; {plural(failed, 'input')} could not be checked"
    if skipped:
        line += f"; {plural(skipped, 'file')} skipped (not messages)"
    stream.write(line + "\n")


# -- JSON ----------------------------------------------------------------------------------------
def to_json(outcomes: list[Outcome]) -> dict:
    results = []
    for r in (o for o in outcomes if isinstance(o, Result)):
        item = {"path": r.path, **r.report.to_dict()}
        for d, out in zip(r.report.diagnostics, item["diagnostics"]):
            region = region_of(r, d)
            out["region"] = region.to_dict() if region else None
        results.append(item)
    problems = [o for o in outcomes if isinstance(o, Problem)]
    return {
        "version": policy.__version__,
        "results": results,
        "errors": [{"path": p.path, "message": p.message} for p in problems if not p.skipped],
        "skipped": [{"path": p.path, "reason": p.message} for p in problems if p.skipped],
    }


# -- SARIF ---------------------------------------------------------------------------------------
def artifact_uri(path: str) -> str:
    if path == "<stdin>":
        return "stdin"
    p = Path(path)
    if p.is_absolute():
        return p.as_uri()
    return quote(p.as_posix())


def _one_line(text: str) -> str:
    return " ".join(text.split())


def sarif_rule(r) -> dict:
    docs = r.docs
    return {
        "id": r.code,
        "name": r.name,
        "shortDescription": {"text": _one_line(r.clause)},
        "fullDescription": {"text": _one_line(docs.get("What it does", r.clause))},
        "helpUri": r.url,
        "help": {"text": "\n\n".join(f"{k}:\n{v}" for k, v in docs.items()),
                 "markdown": "\n\n".join(f"**{k}**\n\n{v}" for k, v in docs.items())},
        "defaultConfiguration": {"level": r.severity.value},
        "properties": {"tags": [{"O": "order-and-context", "C": "content",
                                 "S": "style-and-language"}.get(r.code[0], "other")]},
    }


def sarif_region(region: Region, snippet: str) -> dict:
    return {"startLine": region.start_line, "startColumn": region.start_column,
            "endLine": region.end_line, "endColumn": region.end_column,
            "charOffset": region.offset, "charLength": region.length,
            "snippet": {"text": snippet}}


def sarif_result(result: Result, d: Diagnostic, index: dict[str, int]) -> dict:
    location: dict = {"artifactLocation": {"uri": artifact_uri(result.path)}}
    region = region_of(result, d)
    if region is not None:
        snippet = result.source.text[region.offset:region.offset + region.length]
        location["region"] = sarif_region(region, snippet)
    else:  # about the whole message (no order ID, a context field the file lacks)
        line, column = result.source.anchor()
        location["region"] = {"startLine": line, "startColumn": column}
    item = {
        "ruleId": d.code,
        "ruleIndex": index[d.code],
        "level": d.severity.value,
        "message": {"text": d.message},
        "locations": [{"physicalLocation": location}],
    }
    if d.fix is not None:
        item["properties"] = {"fix": d.fix.description}
    return item


def sarif_notification(problem: Problem) -> dict:
    return {
        "level": "note" if problem.skipped else "error",
        "message": {"text": f"{'skipped' if problem.skipped else 'error'}: {problem.message}"},
        "locations": [{"physicalLocation": {
            "artifactLocation": {"uri": artifact_uri(problem.path)}}}],
    }


def to_sarif(outcomes: list[Outcome]) -> dict:
    rules = policy.all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    results = [sarif_result(o, d, index) for o in outcomes if isinstance(o, Result)
               for d in o.report.diagnostics]
    problems = [o for o in outcomes if isinstance(o, Problem)]
    invocation = {
        "executionSuccessful": not any(not p.skipped for p in problems),
        "toolExecutionNotifications": [sarif_notification(p) for p in problems],
    }
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{
            "tool": {"driver": {"name": "bsm-guard", "version": policy.__version__,
                                "informationUri": INFORMATION_URI,
                                "rules": [sarif_rule(r) for r in rules]}},
            "invocations": [invocation],
            "results": results,
            "columnKind": "unicodeCodePoints",
        }],
    }
