"""The development split at message level: what the intent model adds on message sets it was
not trained on.

    python bench/intent_dev.py [--hold eval_d,eval_e]

Trains heads without the held-out sets' sentences (every other training sentence, the same
thresholds), then scores each held-out set twice with the whole engine: phrase patterns only,
and patterns with the model. The held-out sets were used to tune the phrase patterns, so the
"patterns only" line is flattering; the difference between the two lines is what the model
adds or costs on messages its heads never saw. Printed: block recall, false blocks, and
precision / recall / F1 of the content codes. Nothing is written.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
sys.path.insert(0, str(ROOT / "bench"))

import numpy as np  # noqa: E402

import policy  # noqa: E402
from eval_report import evaluate  # noqa: E402
from policy.intent import encoder, heads, train  # noqa: E402

CODES = ("C201", "C202", "C203", "C204", "C205", "C206", "C207", "C209", "C213", "O105")


def dev_heads(hold: list[str]) -> heads.Heads:
    rows = [r for r in train.load_rows()
            if r.get("author", "") not in {f"corpus:{h}" for h in hold}]
    x = encoder.encode_all([r["text"] for r in rows])
    print(f"dev heads: {len(rows)} training sentences (without {', '.join(hold)})")
    return heads.from_arrays(train.build(rows, x))


def summary(outcomes) -> list[str]:
    viol = [o for o in outcomes if o.expects_error]
    rest = [o for o in outcomes if not o.expects_error]
    recall = sum(o.verdict == "block" for o in viol) / max(len(viol), 1)
    false = sum(o.verdict == "block" for o in rest) / max(len(rest), 1)
    lines = [f"  block recall {recall:.3f} ({len(viol)} violating)   false blocks {false:.3f} "
             f"({len(rest)} others)"]
    cells = []
    for code in CODES:
        tp = sum(code in o.expect and code in o.got for o in outcomes)
        fp = sum(code not in o.expect and code in o.got for o in outcomes)
        fn = sum(code in o.expect and code not in o.got for o in outcomes)
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
        cells.append(f"{code} {tp}/{fp}/{fn} F1 {f1:.2f}")
    for i in range(0, len(cells), 4):
        lines.append("  " + "   ".join(cells[i:i + 4]))
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", default="eval_d,eval_e")
    parser.add_argument("--show", action="store_true", help="list the files the model changed")
    args = parser.parse_args(argv)
    hold = [h.strip() for h in args.hold.split(",") if h.strip()]
    heads.use(dev_heads(hold))
    try:
        for name in hold:
            folder = ROOT / "tests" / name
            before = evaluate(folder, policy.Config(intents=False))
            after = evaluate(folder)
            print(f"{name}: patterns only (TP/FP/FN per code)")
            print("\n".join(summary(before)))
            print(f"{name}: patterns and intent model")
            print("\n".join(summary(after)))
            if args.show:
                for a, b in zip(before, after):
                    if a.got != b.got:
                        print(f"    {b.path.relative_to(folder)} expect={sorted(b.expect)} "
                              f"patterns={sorted(a.got)} with model={sorted(b.got)}")
    finally:
        heads.use(None)
    _ = np
    return 0


if __name__ == "__main__":
    sys.exit(main())
