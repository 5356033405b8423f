"""Score the engine on an independent labelled evaluation set.

Usage: python bench/eval_report.py [FOLDER]      (default: tests/eval_en)

Every `.json` file under FOLDER (recursively, so language subfolders work) is one message in
the documented message shape plus `"expect"` (every code that must fire, errors and warnings;
`[]` means fully compliant), `"note"`, and optionally `"severity"` (`{"C215": "warning"}`: this
finding is meant at another level than the rule's default, e.g. a labelled carrier phone line,
so the message is not expected to block). Each message is judged with
`policy.check(policy.Message.from_dict(data), now=<sent_at>)` on the default configuration.

Printed:
- the share of messages with an expected error-level code that get verdict "block";
- the share of the rest (no expected error-level code) that get verdict "block";
- per-rule TP/FP/FN, precision, recall, F1 (every code that is expected or fired);
- every file whose fired codes differ from its expected codes: missing and extra codes, the
  verdict, the note and a shortened text.

This script only reads; it never changes labels.
"""

from __future__ import annotations

import argparse
import datetime as dt
import html
import json
import re
import sys
import time
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policy  # noqa: E402


@dataclass
class Outcome:
    path: Path
    expect: set[str]
    got: set[str]
    verdict: str
    expects_error: bool
    note: str
    text: str
    error: str = ""


def _severity(code: str, data: dict | None = None) -> str:
    if data and code in (data.get("severity") or {}):
        return data["severity"][code]
    try:
        return policy.get_rule(code).severity.value
    except KeyError:
        return "unknown"


def _sent_at(data: dict) -> dt.datetime | None:
    value = data.get("sent_at")
    if not isinstance(value, str) or not value:
        return None
    parsed = dt.datetime.fromisoformat(value.replace("Z", "+00:00"))
    if parsed.tzinfo is None:
        parsed = parsed.replace(tzinfo=dt.timezone.utc)
    return parsed


def _short(data: dict, limit: int = 220) -> str:
    body = data.get("html") or data.get("text") or ""
    if data.get("html"):
        body = re.sub(r"<br\s*/?>|</p>|</li>|</tr>", " ", body, flags=re.I)
        body = html.unescape(re.sub(r"<[^>]+>", "", body))
    body = re.sub(r"\s+", " ", body).strip()
    return body if len(body) <= limit else body[: limit - 3] + "..."


def evaluate(folder: Path, config: "policy.Config | None" = None) -> list[Outcome]:
    outcomes = []
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        expect = set(data.get("expect", []))
        expects_error = any(_severity(c, data) == "error" for c in expect)
        try:
            message = policy.Message.from_dict(data)
            report = policy.check(message, config, now=_sent_at(data))
            got, verdict, err = set(report.codes), report.verdict, ""
        except Exception as exc:  # an engine failure is a result too; report it
            got, verdict, err = set(), "crash", f"{type(exc).__name__}: {exc}"
        outcomes.append(Outcome(path, expect, got, verdict, expects_error,
                                data.get("note", ""), _short(data), err))
    return outcomes


def _pct(n: int, d: int) -> str:
    return f"{n}/{d} = {100.0 * n / d:.1f}%" if d else "n/a (0 messages)"


def report(outcomes: list[Outcome], folder: Path) -> str:
    lines = [f"evaluation set: {folder} ({len(outcomes)} messages)"]
    viol = [o for o in outcomes if o.expects_error]
    rest = [o for o in outcomes if not o.expects_error]
    lines.append("messages with an expected error-level code blocked: "
                 + _pct(sum(o.verdict == "block" for o in viol), len(viol)) + "   (target >= 95%)")
    lines.append("messages without one (compliant or warning-only) blocked: "
                 + _pct(sum(o.verdict == "block" for o in rest), len(rest)) + "   (target <= 3%)")
    exact = sum(o.expect == o.got for o in outcomes)
    lines.append("files whose fired codes equal the expected codes exactly: " + _pct(exact, len(outcomes)))

    codes = sorted(set().union(*(o.expect | o.got for o in outcomes))) if outcomes else []
    lines.append("")
    lines.append(f"{'code':<6} {'sev':<7} {'TP':>3} {'FP':>3} {'FN':>3} {'prec':>6} {'recall':>6} {'F1':>6}")
    f1s = []
    for code in codes:
        tp = sum(code in o.expect and code in o.got for o in outcomes)
        fp = sum(code not in o.expect and code in o.got for o in outcomes)
        fn = sum(code in o.expect and code not in o.got for o in outcomes)
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
        f1s.append((code, f1))
        lines.append(f"{code:<6} {_severity(code):<7} {tp:>3} {fp:>3} {fn:>3} "
                     f"{p:>6.2f} {r:>6.2f} {f1:>6.2f}")
    low = [c for c, f in f1s if not f >= 0.8]
    lines.append(f"rules with F1 < 0.8: {', '.join(low) if low else 'none'}")

    bad = [o for o in outcomes if o.expect != o.got or o.error]
    lines.append("")
    lines.append(f"mismatched files: {len(bad)}")
    for o in bad:
        rel = o.path.relative_to(folder)
        missing = sorted(o.expect - o.got)
        extra = sorted(o.got - o.expect)
        lines.append(f"- {rel}  verdict={o.verdict}  expect={sorted(o.expect)}  got={sorted(o.got)}")
        lines.append(f"    missing={missing}  extra={extra}")
        if o.error:
            lines.append(f"    ENGINE ERROR: {o.error}")
        lines.append(f"    note: {o.note}")
        lines.append(f"    text: {o.text}")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("folder", nargs="?", default=str(ROOT / "tests" / "eval_en"))
    parser.add_argument("--no-intents", action="store_true",
                        help="phrase patterns only, without the sentence-intent model")
    args = parser.parse_args(argv)
    folder = Path(args.folder)
    if not folder.is_absolute() and not folder.exists():
        folder = ROOT / folder
    if not folder.is_dir():
        print(f"eval_report: not a folder: {folder}", file=sys.stderr)
        return 2
    started = time.perf_counter()
    outcomes = evaluate(folder, policy.Config(intents=False) if args.no_intents else None)
    elapsed = time.perf_counter() - started
    try:
        print(report(outcomes, folder))
        print(f"\nchecked {len(outcomes)} messages in {elapsed:.2f} s (first call includes loading)")
    except BrokenPipeError:
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    sys.exit(main())
