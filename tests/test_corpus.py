"""The quality corpus: labelled seller messages in six languages, judged by the whole engine.

Each `tests/corpus/<lang>/<id>.json` is a message in the documented JSON shape plus:
  "expect":   every rule code that must fire on it, errors and warnings; [] means no
              diagnostic at all (the message is compliant);
  "note":     one line saying why;
  "severity": optional {"C215": "warning"} where the policy itself lowers one finding's
              severity (a carrier's phone line), so the block metric expects no block.

The corpus was written from the policy (issue 2 and the two source posts), not from the rules'
code, so these figures measure the engine honestly. Do not edit a label to make a rule pass;
fix the rule, or argue the label from the policy in the file's "note".

What is measured (the targets the held-out corpus will be judged on):
- block recall: of the messages with an expected error-level code, the share blocked (>= 0.95);
- false blocks: of the messages with no expected error-level code, the share blocked (<= 0.03);
- per rule: precision, recall and F1 over the code sets (F1 >= 0.8 where a rule has >= 3
  expected occurrences).

Run `python -m pytest -q -s tests/test_corpus.py` to see the table, or `python bench/corpus_report.py`.
"""

from __future__ import annotations

import datetime as dt
import functools
import json
import re
from dataclasses import dataclass, field
from pathlib import Path

import pytest
import regex

import policy

CORPUS = Path(__file__).parent / "corpus"
LANGUAGES = ("en", "de", "fr", "es", "it", "ja")
DEFAULT_NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)
EXTRA_KEYS = ("expect", "note", "severity")

MIN_BLOCK_RECALL = 0.95
MAX_FALSE_BLOCK = 0.03
MIN_F1 = 0.8
MIN_SUPPORT_FOR_F1 = 3

# The rule table of issue 2 with default severities. Used only as a fallback while a rule is
# not registered yet, so the block figures mean something during development; a registered
# rule's own severity (policy.get_rule) always wins.
ISSUE_RULES = {
    "O101": "error", "O102": "error", "O103": "error", "O104": "error", "O105": "warning",
    "O106": "warning", "O107": "error",
    "C201": "error", "C202": "error", "C203": "error", "C204": "error", "C205": "error",
    "C206": "error", "C207": "error", "C208": "error", "C209": "error", "C210": "error",
    "C211": "error", "C212": "error", "C213": "error", "C214": "error", "C215": "error",
    "C216": "warning",
    "S301": "error", "S302": "error", "S303": "error", "S304": "error", "S305": "error",
    "S306": "error", "S307": "error", "S308": "error", "S309": "error", "S310": "warning",
    "S311": "warning", "S312": "warning",
}


# ------------------------------------------------------------------------------- loading


@dataclass(frozen=True)
class Case:
    path: Path
    data: dict

    @property
    def name(self) -> str:
        return f"{self.path.parent.name}/{self.path.stem}"

    @property
    def expect(self) -> frozenset[str]:
        return frozenset(self.data.get("expect", ()))

    @property
    def now(self) -> dt.datetime:
        sent = self.data.get("sent_at")
        if not sent:
            return DEFAULT_NOW
        parsed = dt.datetime.fromisoformat(sent.replace("Z", "+00:00"))
        return parsed if parsed.tzinfo else parsed.replace(tzinfo=dt.timezone.utc)

    def message_dict(self) -> dict:
        return {k: v for k, v in self.data.items() if k not in EXTRA_KEYS}

    def severity_of(self, code: str) -> str:
        override = (self.data.get("severity") or {}).get(code)
        return override or default_severity(code)

    @property
    def expects_block(self) -> bool:
        return any(self.severity_of(code) == "error" for code in self.expect)


def load_cases() -> list[Case]:
    cases = []
    for path in sorted(CORPUS.glob("*/*.json")):
        with path.open(encoding="utf-8") as f:
            cases.append(Case(path, json.load(f)))
    return cases


def default_severity(code: str) -> str:
    try:
        return policy.get_rule(code).severity.value
    except KeyError:
        return ISSUE_RULES.get(code, "error")


# ------------------------------------------------------------------------------- evaluation


@dataclass
class Outcome:
    case: Case
    codes: frozenset[str] = frozenset()
    verdict: str = "pass"
    error: str | None = None  # the engine raised instead of judging

    @property
    def blocked(self) -> bool:
        return self.verdict == "block"

    @property
    def missing(self) -> frozenset[str]:
        return self.case.expect - self.codes

    @property
    def extra(self) -> frozenset[str]:
        return self.codes - self.case.expect


@dataclass
class RuleScore:
    code: str
    tp: int = 0
    fp: int = 0
    fn: int = 0

    @property
    def support(self) -> int:
        return self.tp + self.fn

    @property
    def precision(self) -> float:
        return self.tp / (self.tp + self.fp) if self.tp + self.fp else (1.0 if not self.fn else 0.0)

    @property
    def recall(self) -> float:
        return self.tp / self.support if self.support else 1.0

    @property
    def f1(self) -> float:
        p, r = self.precision, self.recall
        return 2 * p * r / (p + r) if p + r else 0.0


@dataclass
class Evaluation:
    outcomes: list[Outcome]
    scores: dict[str, RuleScore] = field(default_factory=dict)

    @property
    def should_block(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.case.expects_block]

    @property
    def should_pass(self) -> list[Outcome]:
        return [o for o in self.outcomes if not o.case.expects_block]

    @property
    def block_recall(self) -> float:
        group = self.should_block
        return sum(o.blocked for o in group) / len(group) if group else 1.0

    @property
    def false_block_rate(self) -> float:
        group = self.should_pass
        return sum(o.blocked for o in group) / len(group) if group else 0.0

    @property
    def missed_blocks(self) -> list[Outcome]:
        return [o for o in self.should_block if not o.blocked]

    @property
    def false_blocks(self) -> list[Outcome]:
        return [o for o in self.should_pass if o.blocked]

    @property
    def misclassified(self) -> list[Outcome]:
        return [o for o in self.outcomes if o.error or o.missing or o.extra]


def evaluate(cases: list[Case] | None = None) -> Evaluation:
    cases = load_cases() if cases is None else cases
    outcomes = []
    for case in cases:
        try:
            report = policy.check(case.message_dict(), now=case.now)
        except Exception as exc:  # noqa: BLE001  (a crash is a result to report, not to hide)
            outcomes.append(Outcome(case, error=f"{type(exc).__name__}: {exc}"))
            continue
        outcomes.append(Outcome(case, frozenset(report.codes), report.verdict))
    scores: dict[str, RuleScore] = {}
    for o in outcomes:
        for code in o.case.expect | o.codes:
            s = scores.setdefault(code, RuleScore(code))
            if code in o.case.expect and code in o.codes:
                s.tp += 1
            elif code in o.codes:
                s.fp += 1
            else:
                s.fn += 1
    return Evaluation(outcomes, dict(sorted(scores.items())))


@functools.lru_cache(maxsize=1)
def cached_evaluation() -> Evaluation:
    return evaluate()


def format_report(ev: Evaluation, *, limit: int | None = None) -> str:
    """The table engineers tune against: verdict figures, per-rule scores, misclassified files."""
    lines = []
    n_ok = sum(1 for o in ev.outcomes if not o.case.expect)
    lines.append(f"corpus: {len(ev.outcomes)} messages, {n_ok} compliant, "
                 f"{len(ev.outcomes) - n_ok} violating, {len(ev.should_block)} should block")
    lines.append(f"blocked when an error is expected: {ev.block_recall:.3f} "
                 f"(target >= {MIN_BLOCK_RECALL}); missed {len(ev.missed_blocks)}")
    lines.append(f"blocked when no error is expected:  {ev.false_block_rate:.3f} "
                 f"(target <= {MAX_FALSE_BLOCK}); false blocks {len(ev.false_blocks)}")
    lines.append("")
    lines.append(f"{'rule':<6} {'sev':<5} {'TP':>4} {'FP':>4} {'FN':>4} {'prec':>6} {'rec':>6} {'F1':>6}")
    for code, s in ev.scores.items():
        flag = "  <-- below target" if s.support >= MIN_SUPPORT_FOR_F1 and s.f1 < MIN_F1 else ""
        sev = default_severity(code)[:4]
        lines.append(f"{code:<6} {sev:<5} {s.tp:>4} {s.fp:>4} {s.fn:>4} "
                     f"{s.precision:>6.2f} {s.recall:>6.2f} {s.f1:>6.2f}{flag}")
    bad = ev.misclassified
    lines.append("")
    lines.append(f"misclassified files: {len(bad)}")
    for o in bad[:limit] if limit else bad:
        mark = "BLOCK?" if o.case.expects_block and not o.blocked else (
            "FALSE-BLOCK" if o.blocked and not o.case.expects_block else "")
        detail = o.error or (
            (f"missing {','.join(sorted(o.missing))} " if o.missing else "")
            + (f"extra {','.join(sorted(o.extra))}" if o.extra else ""))
        lines.append(f"  {o.case.name:<58} {mark:<11} {detail.strip()}")
    if limit and len(bad) > limit:
        lines.append(f"  ... and {len(bad) - limit} more")
    return "\n".join(lines)


# ------------------------------------------------------------------------------- tests: shape

CASES = load_cases()


def test_corpus_size_and_balance():
    by_lang = {lang: [c for c in CASES if c.path.parent.name == lang] for lang in LANGUAGES}
    assert len(CASES) >= 240, len(CASES)
    assert {c.path.parent.name for c in CASES} <= set(LANGUAGES)
    for lang, cases in by_lang.items():
        assert len(cases) >= 30, (lang, len(cases))
    compliant = sum(1 for c in CASES if not c.expect)
    assert compliant >= len(CASES) - compliant, (compliant, len(CASES))


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus_file_shape(case: Case):
    message = policy.Message.from_dict(case.message_dict())
    assert isinstance(case.data.get("expect"), list), "'expect' must be a list of rule codes"
    assert isinstance(case.data.get("note"), str) and case.data["note"].strip(), "'note' is required"
    assert len(case.data["expect"]) == len(case.expect), "duplicate codes in 'expect'"
    for code in case.expect:
        assert code in ISSUE_RULES, f"{code} is not a rule of issue 2"
        try:
            policy.get_rule(code)
        except KeyError:
            pytest.fail(f"{code} is labelled here but no rule with that code is registered")
    for code, sev in (case.data.get("severity") or {}).items():
        assert code in case.expect and sev in ("error", "warning"), (code, sev)
    assert message.buyer_language == case.path.parent.name, "folder must match buyer_language"
    assert message.sent_at is not None and message.order_date is not None
    assert case.path.stem.isascii() and " " not in case.path.stem


def test_every_rule_has_violating_examples():
    """Each rule needs enough labelled violations for its score to mean something."""
    counts = {code: sum(code in c.expect for c in CASES) for code in ISSUE_RULES}
    registered = {r.code: r.severity.value for r in policy.all_rules()}
    codes = sorted(set(ISSUE_RULES) | set(registered))
    short = []
    for code in codes:
        severity = registered.get(code, ISSUE_RULES.get(code))
        need = 4 if severity == "warning" else 3
        have = sum(code in c.expect for c in CASES)
        if have < need:
            short.append(f"{code}: {have} < {need}")
    assert not short, "rules with too few violating examples: " + ", ".join(short)
    # The corpus's own target (issue 2 brief): 6 per error rule, 4 per warning rule.
    thin = [f"{c}: {counts[c]}" for c, s in ISSUE_RULES.items()
            if counts[c] < (4 if s == "warning" else 6)]
    assert not thin, "corpus below its own per-rule target: " + ", ".join(thin)


ORDER_ID = re.compile(r"(?<!\d)\d{3}-\d{7}-\d{7}(?!\d)")
EMOJI = regex.compile(r"\p{Extended_Pictographic}|[\U0001F1E6-\U0001F1FF]|\u20e3")


@pytest.mark.parametrize("case", CASES, ids=lambda c: c.name)
def test_corpus_labels_are_consistent(case: Case):
    """Label hygiene, independent of the engine: a message is clean for every rule it does not
    list, where that can be told without judging prose (order ID, dates, emoji, context flags)."""
    d, expect = case.data, case.expect
    seen = d.get("subject", "") + "\n" + (d.get("html") or d.get("text") or "")
    oid = d["order_id"]
    has_id = bool(ORDER_ID.search(seen)) or bool(re.search(r"(?<!\d)\d{17}(?!\d)", seen))
    assert has_id == ("O101" not in expect), "order ID presence must match the O101 label"
    if "O102" not in expect and has_id:
        assert oid in seen or oid.replace("-", "") in seen, "the message's own order ID is missing"
    others = {m for m in ORDER_ID.findall(seen) if m != oid}
    assert bool(others) == ("O102" in expect), f"other order IDs {others} vs the O102 label"
    days = (case.now.date() - dt.date.fromisoformat(d["order_date"][:10])).days
    late = d.get("kind", "proactive") == "proactive" and days > 30
    assert late == ("O103" in expect), f"{days} days after the order vs the O103 label"
    assert bool(EMOJI.search(seen)) == ("S301" in expect), "emoji vs the S301 label"
    assert bool(d.get("review_already_requested")) == ("C208" in expect)
    assert ("[Important]" in d.get("subject", "") or "[重要]" in d.get("subject", "")) == (
        "O106" in expect)
    if expect & {"C201", "C202", "C203"}:
        assert "O105" not in expect, (
            "C201, C202 and C203 already say what the message is for instead; O105 is not "
            "labelled beside them")


# ------------------------------------------------------------------------------- tests: quality


def test_engine_judges_every_corpus_message():
    """The engine returns a report for every message (prints the table under `pytest -s`)."""
    ev = cached_evaluation()
    print("\n" + format_report(ev))
    assert len(ev.outcomes) == len(CASES)
    crashed = [f"{o.case.name}: {o.error}" for o in ev.outcomes if o.error]
    assert not crashed, "engine raised on:\n" + "\n".join(crashed)


def test_blocks_messages_with_error_level_violations():
    ev = cached_evaluation()
    assert ev.block_recall >= MIN_BLOCK_RECALL, (
        f"block recall {ev.block_recall:.3f} < {MIN_BLOCK_RECALL}; not blocked:\n"
        + "\n".join(f"  {o.case.name}: expected {sorted(o.case.expect)}, got {sorted(o.codes)}"
                    for o in ev.missed_blocks))


def test_does_not_block_compliant_messages():
    ev = cached_evaluation()
    assert ev.false_block_rate <= MAX_FALSE_BLOCK, (
        f"false block rate {ev.false_block_rate:.3f} > {MAX_FALSE_BLOCK}; blocked:\n"
        + "\n".join(f"  {o.case.name}: expected {sorted(o.case.expect)}, got {sorted(o.codes)}"
                    for o in ev.false_blocks))


def test_per_rule_f1():
    ev = cached_evaluation()
    low = [s for s in ev.scores.values() if s.support >= MIN_SUPPORT_FOR_F1 and s.f1 < MIN_F1]
    assert not low, (
        "rules below F1 %.2f: %s\n\n%s" % (
            MIN_F1, ", ".join(f"{s.code} {s.f1:.2f}" for s in low), format_report(ev)))


def test_metrics_arithmetic():
    """The scoring itself, on a hand-made evaluation (so a broken metric cannot pass silently)."""
    def case(expect, severity=None):
        data = {"expect": list(expect), "note": "x", "text": "x"}
        if severity:
            data["severity"] = severity
        return Case(Path("en/x.json"), data)

    outcomes = [
        Outcome(case(["C204"]), frozenset({"C204"}), "block"),
        Outcome(case(["C204"]), frozenset(), "pass"),
        Outcome(case([]), frozenset({"C204"}), "block"),
        Outcome(case(["C215"], {"C215": "warning"}), frozenset({"C215"}), "warn"),
    ]
    ev = Evaluation(outcomes)
    assert ev.block_recall == 0.5
    assert ev.false_block_rate == 0.5
    s = RuleScore("C204", tp=1, fp=1, fn=1)
    assert (s.precision, s.recall, round(s.f1, 3)) == (0.5, 0.5, 0.5)
    assert RuleScore("X", tp=0, fp=0, fn=0).f1 == 1.0
    assert RuleScore("X", tp=0, fp=2, fn=0).f1 == 0.0
