"""Does the message model help? Leave one set out over the labelled message sets.

Usage: python bench/eval_loso.py            (about 3 minutes on one core)

For each of the sets of `policy.intent.train_messages.SETS`: the message model is trained on the
other sets (its thresholds chosen inside them, by the same out-of-fold rule as the shipped
model), and the held set is judged twice by the whole engine (`policy.check`), with the
composition alone and with the composition plus that message model. Both arms read sentences
with heads fitted on the authors' sentences only (as the training command does), so neither has
seen the held messages' sentences; the figures are therefore below `bench/eval_report.py`'s,
whose shipped heads learned from these sets.

Printed per set and overall: messages with an expected error-level code blocked ("violating
blocked"), the others blocked ("compliant blocked"), and per content code TP/FP/FN and F1 over
all sets, for both arms. This script only reads.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

import numpy as np

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

import policy  # noqa: E402
from policy.intent import heads, message_model  # noqa: E402
from policy.intent import train_messages as tm  # noqa: E402

CONTENT = ("C201", "C202", "C203", "C204", "C205", "C206", "C207", "C213")


def expects_error(data: dict) -> bool:
    overrides = data.get("severity") or {}
    for code in data["expect"]:
        level = overrides.get(code)
        if level is None:
            try:
                level = policy.get_rule(code).severity.value
            except KeyError:
                continue
        if level == "error":
            return True
    return False


def judge(messages: list[tm.Labelled]) -> list[tuple[set[str], bool]]:
    """(fired codes, blocked) per message, with whatever heads and message model are installed."""
    out = []
    for m in messages:
        report = policy.check(policy.Message.from_dict(m.data), now=tm.sent_at(m.data))
        out.append((set(report.codes), report.verdict == "block"))
    return out


def rates(messages, results) -> tuple[int, int, int, int]:
    viol = [r[1] for m, r in zip(messages, results) if expects_error(m.data)]
    rest = [r[1] for m, r in zip(messages, results) if not expects_error(m.data)]
    return sum(viol), len(viol), sum(rest), len(rest)


def pct(n: int, d: int) -> str:
    return f"{100.0 * n / d:5.1f}% ({n}/{d})" if d else "  n/a"


def main() -> int:
    started = time.perf_counter()
    messages = tm.load_messages()
    sentence_heads = tm.author_heads()
    x, y = tm.read_features(messages, sentence_heads)
    groups = np.array([m.set for m in messages])
    heads.use(sentence_heads)
    try:
        message_model.use(None, enabled=False)
        alone = judge(messages)
        both: list = [None] * len(messages)
        for name in tm.SETS:
            held = groups == name
            message_model.use(tm.fit(x[~held], y[~held], groups[~held]))
            index = np.flatnonzero(held)
            for i, r in zip(index, judge([messages[i] for i in index])):
                both[i] = r
    finally:
        heads.use(None)
        message_model.use(None)
    print(f"{len(messages)} messages, {len(tm.SETS)} sets; sentence heads on the authors only\n")
    print(f"{'set':<10} {'n':>4}   {'violating blocked':^34}   {'compliant blocked':^30}")
    print(f"{'':<10} {'':>4}   {'composition':>16} {'+ message model':>17}   "
          f"{'composition':>14} {'+ message model':>15}")
    for name in (*tm.SETS, "overall"):
        pick = [i for i, m in enumerate(messages) if name in ("overall", m.set)]
        ms = [messages[i] for i in pick]
        a = rates(ms, [alone[i] for i in pick])
        b = rates(ms, [both[i] for i in pick])
        print(f"{name:<10} {len(pick):>4}   {pct(a[0], a[1]):>16} {pct(b[0], b[1]):>17}   "
              f"{pct(a[2], a[3]):>14} {pct(b[2], b[3]):>15}")
    print(f"\n{'code':<6} {'composition TP/FP/FN':>21} {'F1':>5}   "
          f"{'+ message model':>16} {'F1':>5}")
    for code in CONTENT:
        cells = []
        for results in (alone, both):
            pairs = [(code in m.data["expect"], code in r[0]) for m, r in zip(messages, results)]
            tp = sum(e and g for e, g in pairs)
            fp = sum(g and not e for e, g in pairs)
            fn = sum(e and not g for e, g in pairs)
            f1 = 2 * tp / (2 * tp + fp + fn) if tp + fp + fn else float("nan")
            cells.append((f"{tp}/{fp}/{fn}", f1))
        print(f"{code:<6} {cells[0][0]:>21} {cells[0][1]:>5.2f}   "
              f"{cells[1][0]:>16} {cells[1][1]:>5.2f}")
    print(f"\n{time.perf_counter() - started:.0f} s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
