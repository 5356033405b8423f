"""Per-rule figures on wording the model never saw: one author's sentences as messages.

    python bench/intent_paraphrase_dev.py [--hold c] [--limit 0]

The old message sets are saturated by the phrase patterns that were tuned on them, so they
cannot show what the model adds. The authors' sentences can: heads are trained without one
author (`--hold`), and each of that author's sentences becomes a short proactive message
(greeting, order number, the sentence, sign-off) whose expected codes follow from the
sentence's labels by the policy (POLICY_READING): value-for-review C204, rating-steer C205,
review-gate C206, review-change C207, promotion C203, hostile C213, an order or dispatch
notice with no other reason C201, courtesy alone C202 (and O105). Each message is checked by
the whole engine (no spelling or grammar) with patterns only and with patterns and model.

Caveat: one-sentence messages are easier than real ones in one way (no distracting context)
and harder in another (no context to lean on); the thresholds were chosen on scores that
include this author's (out of fold), so the figures lean slightly optimistic.
"""

from __future__ import annotations

import argparse
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policy  # noqa: E402
from policy.intent import encoder, heads, train  # noqa: E402
from policy.intent.inventory import PURPOSES  # noqa: E402

ORDER = "113-1234567-1234567"
GREETING = {"en": ("Hello,", "Best regards,\nThe team"), "de": ("Hallo,", "Viele Grüße\nIhr Team"),
            "fr": ("Bonjour,", "Cordialement,\nL'équipe"), "es": ("Hola:", "Saludos,\nEl equipo"),
            "it": ("Buongiorno,", "Cordiali saluti,\nIl team"), "ja": ("こんにちは。", "ショップ担当")}
DIRECT = {"value-for-review": "C204", "rating-steer": "C205", "review-gate": "C206",
          "review-change": "C207", "promotion": "C203", "hostile": "C213"}
CODES = ("C201", "C202", "C203", "C204", "C205", "C206", "C207", "C213")
ERRORS = set(CODES)


def expected(intents: list[str]) -> set[str]:
    codes = {DIRECT[i] for i in intents if i in DIRECT}
    reason = PURPOSES | {"review-request"}
    if "order-or-dispatch-confirmation" in intents and not reason & set(intents):
        codes.add("C201")
    if intents == ["courtesy-only"]:
        codes.add("C202")
    return codes


def message(row: dict) -> policy.Message:
    hello, bye = GREETING[row["lang"]]
    return policy.Message(text=f"{hello}\n\n{ORDER}: {row['text']}\n\n{bye}", order_id=ORDER,
                          buyer_language=row["lang"])


def score(rows, config) -> list[str]:
    outcomes = []
    for row in rows:
        want = expected(row["intents"])
        got = set(policy.check(message(row), config).codes) & set(CODES)
        outcomes.append((want, got))
    viol = [(w, g) for w, g in outcomes if w & ERRORS]
    rest = [(w, g) for w, g in outcomes if not w & ERRORS]
    recall = sum(bool(g & ERRORS) for _, g in viol) / max(len(viol), 1)
    false = sum(bool(g & ERRORS) for _, g in rest) / max(len(rest), 1)
    lines = [f"  block recall {recall:.3f} ({len(viol)} violating)   false blocks {false:.3f} "
             f"({len(rest)} others)"]
    for code in CODES:
        tp = sum(code in w and code in g for w, g in outcomes)
        fp = sum(code not in w and code in g for w, g in outcomes)
        fn = sum(code in w and code not in g for w, g in outcomes)
        p = tp / (tp + fp) if tp + fp else float("nan")
        r = tp / (tp + fn) if tp + fn else float("nan")
        f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
        lines.append(f"  {code}  TP {tp:>4} FP {fp:>3} FN {fn:>4}   P {p:.2f} R {r:.2f} F1 {f1:.2f}")
    return lines


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--hold", default="c")
    parser.add_argument("--limit", type=int, default=0, help="every n-th sentence only")
    args = parser.parse_args(argv)
    rows = train.load_rows()
    keep = [r for r in rows if train.group_of(r) != args.hold]
    held = [r for r in rows if train.group_of(r) == args.hold]
    if args.limit:
        held = held[::args.limit]
    x = encoder.encode_all([r["text"] for r in keep])
    heads.use(heads.from_arrays(train.build(keep, x)))
    try:
        light = dict(spelling=False, grammar=False)
        print(f"author {args.hold}: {len(held)} sentences as messages; heads trained on "
              f"{len(keep)} other sentences")
        print("patterns only:")
        print("\n".join(score(held, policy.Config(intents=False, **light))))
        print("patterns and intent model:")
        print("\n".join(score(held, policy.Config(**light))))
    finally:
        heads.use(None)
    return 0


if __name__ == "__main__":
    sys.exit(main())
