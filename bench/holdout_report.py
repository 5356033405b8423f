"""Score the engine on the held-out corpus (tests/holdout/<lang>/<id>.json).

Usage: python bench/holdout_report.py [--verbose]

Each file is a message JSON (README, "Message JSON") plus "expect" (every rule code that must
fire, errors and warnings; [] = compliant), "note", and optionally "expect_severity" (a code whose
finding is meant at a level other than the rule's default, e.g. a warranty phone line for C215). Each message is checked with
now=sent_at. Printed:
- block rate of messages with an expected error-level code (target >= 95%),
- block rate of messages with no expected error-level code (target <= 3%),
- per-rule TP/FP/FN, precision, recall, F1 (a code counts once per file),
- every file whose codes differ from "expect": missing and extra codes and the text,
  false positives/negatives of the verdict first.
The held-out set was written independently of tests/corpus; do not tune rules on it.
"""

from __future__ import annotations

import datetime as dt
import json
import re
import sys
import time
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policy  # noqa: E402

HOLDOUT = ROOT / "tests" / "holdout"


def severity(code: str, data: dict | None = None) -> str:
    """The rule's default severity, unless the file says this finding is meant at another level
    ("expect_severity": {"C215": "warning"} for a carrier/manufacturer/warranty phone line)."""
    if data and code in data.get("expect_severity", {}):
        return data["expect_severity"][code]
    return policy.get_rule(code).severity.value


def load() -> list[tuple[Path, dict]]:
    return [(p, json.loads(p.read_text(encoding="utf-8"))) for p in sorted(HOLDOUT.glob("*/*.json"))]


def body_of(data: dict) -> str:
    if data.get("html") is not None:
        return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", data["html"])).strip()
    return re.sub(r"\s+", " ", data.get("text") or "").strip()


def main() -> int:
    verbose = "--verbose" in sys.argv
    files = load()
    started = time.perf_counter()
    rows = []
    for path, data in files:
        expect = set(data.get("expect", []))
        msg = policy.Message.from_dict(data)
        report = policy.check(msg, now=msg.sent_at or dt.datetime.now(dt.timezone.utc))
        got = set(report.codes)
        rows.append((path, data, expect, got, report))
    elapsed = time.perf_counter() - started

    pos = [r for r in rows if any(severity(c, r[1]) == "error" for c in r[2])]
    neg = [r for r in rows if not any(severity(c, r[1]) == "error" for c in r[2])]
    pos_blocked = sum(r[4].verdict == "block" for r in pos)
    neg_blocked = sum(r[4].verdict == "block" for r in neg)
    exact = sum(r[2] == r[3] for r in rows)
    print(f"held-out messages: {len(rows)}  (by language: "
          + ", ".join(f"{lang} {sum(1 for r in rows if r[0].parent.name == lang)}"
                      for lang in sorted({r[0].parent.name for r in rows})) + ")")
    print(f"messages with an expected error:    {pos_blocked}/{len(pos)} blocked = "
          f"{pos_blocked / max(len(pos), 1):.1%}   (target >= 95%)")
    print(f"messages with no expected error:    {neg_blocked}/{len(neg)} blocked = "
          f"{neg_blocked / max(len(neg), 1):.1%}   (target <= 3%)")
    print(f"files whose codes match exactly:    {exact}/{len(rows)}")
    print(f"checked in {elapsed:.2f} s (first message includes loading)\n")

    tp, fp, fn = defaultdict(int), defaultdict(int), defaultdict(int)
    for _, _, expect, got, _ in rows:
        for c in expect & got:
            tp[c] += 1
        for c in got - expect:
            fp[c] += 1
        for c in expect - got:
            fn[c] += 1
    codes = [r.code for r in policy.all_rules()]
    print(f"{'code':<6}{'name':<32}{'sev':<8}{'TP':>4}{'FP':>4}{'FN':>4}{'prec':>7}{'rec':>7}{'F1':>7}")
    low = []
    for code in codes:
        t, p, n = tp[code], fp[code], fn[code]
        if t + p + n == 0:
            print(f"{code:<6}{policy.get_rule(code).name:<32}{severity(code):<8}{0:>4}{0:>4}{0:>4}{'-':>7}{'-':>7}{'-':>7}")
            continue
        prec = t / (t + p) if t + p else 0.0
        rec = t / (t + n) if t + n else 0.0
        f1 = 2 * prec * rec / (prec + rec) if prec + rec else 0.0
        if f1 < 0.8:
            low.append(code)
        print(f"{code:<6}{policy.get_rule(code).name:<32}{severity(code):<8}{t:>4}{p:>4}{n:>4}"
              f"{prec:>7.2f}{rec:>7.2f}{f1:>7.2f}")
    print(f"\nrules with F1 < 0.8: {', '.join(low) or 'none'}\n")

    def show(title, items):
        print(f"== {title}: {len(items)}")
        for path, data, expect, got, report in items:
            rel = path.relative_to(HOLDOUT)
            print(f"- {rel}  verdict={report.verdict}  expect={sorted(expect)}  got={sorted(got)}"
                  f"  missing={sorted(expect - got)}  extra={sorted(got - expect)}")
            print(f"    note: {data.get('note', '')}")
            text = body_of(data)
            print(f"    text: {text if verbose else text[:300] + ('...' if len(text) > 300 else '')}")
            for d in report.diagnostics:
                if d.code in (got - expect):
                    print(f"    extra {d.code}: {d.message} [{d.excerpt[:80]!r}]")
        print()

    fneg = [r for r in pos if r[4].verdict != "block"]
    fpos = [r for r in neg if r[4].verdict == "block"]
    other = [r for r in rows if r[2] != r[3] and r not in fneg and r not in fpos]
    show("false negatives (expected error, not blocked)", fneg)
    show("false positives (no expected error, blocked)", fpos)
    show("other code mismatches (verdict right, codes differ)", other)
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
