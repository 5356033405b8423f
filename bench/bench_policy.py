"""Engine speed and memory on a ~650-character message: load time, then median and p99 per
check with every rule, and without spelling and grammar. Prints figures and ratios.

Then "first sight", the figure the targets are set on: after a warm-up on other messages
(tests/holdout), every corpus message (tests/corpus, six languages) is checked once with the
whole engine (the intent model, spelling and grammar), so no cache can answer from memory
except for sentences that really repeat across messages. Median and p99 per message, with and
without the intent model; the process's peak RSS, and the RSS the model adds (encoder weights
and heads, measured around its loading).

    python bench/bench_policy.py [--runs 300] [--first-sight-only]
"""

from __future__ import annotations

import argparse
import datetime as dt
import resource
import statistics
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

MESSAGE = (
    "Hello Sam,\n\n"
    "thank you for your order 113-1234567-1234567. The solid oak dining table you ordered is a "
    "bulky item, so our carrier needs to arrange a delivery window with you before it can leave "
    "the warehouse. Could you tell us which weekday next week suits you best, and whether "
    "someone will be home between 8am and 1pm? The driver will carry the parcel to the room of "
    "your choice.\n\n"
    "If the table arrives damaged, please refuse the delivery and let us know through Amazon "
    "messaging, and we will send a replacement straight away. The assembly instructions are "
    "attached as a PDF, and you can always find your order in Your Orders on Amazon.\n\n"
    "Kind regards,\nThe Oakwood Furniture team"
)


def rss_mb() -> float:
    return resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024


def measure(check, message, config, runs: int) -> list[float]:
    times = []
    for i in range(runs):
        # A new text each run, so no cache inside a checker can answer from memory.
        varied = message.with_context(text=message.text + f" Ref {i}.")
        start = time.perf_counter()
        check(varied, config)
        times.append((time.perf_counter() - start) * 1000)
    return times


def summary(label: str, times: list[float]) -> float:
    times = sorted(times)
    median = statistics.median(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    print(f"{label:<36} median {median:7.3f} ms   p99 {p99:7.3f} ms   max {times[-1]:7.2f} ms")
    return median


def current_rss_mb() -> float:
    with open("/proc/self/statm") as fh:
        return int(fh.read().split()[1]) * resource.getpagesize() / 2**20


def corpus_messages(folder: Path) -> list:
    import json

    import policy

    out = []
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        data = {k: v for k, v in data.items() if k not in ("expect", "note", "severity")}
        out.append(policy.Message.from_dict(data))
    return out


def first_sight(label: str, config, messages, warmup) -> None:
    import policy

    for message in warmup:
        policy.check(message, config)
    times = []
    for message in messages:
        start = time.perf_counter()
        policy.check(message, config)
        times.append((time.perf_counter() - start) * 1000)
    summary(label, times)


def first_sight_main() -> None:
    import policy

    root = Path(__file__).resolve().parents[1] / "tests"
    before = current_rss_mb()
    from policy.intent import encoder, heads

    encoder.encode(["Thank you for your order."])
    heads.load()
    model_rss = current_rss_mb() - before
    messages = corpus_messages(root / "corpus")
    warmup = corpus_messages(root / "holdout")[:60]
    print(f"first sight: {len(messages)} corpus messages, each checked once after "
          f"{len(warmup)} warm-up messages")
    first_sight("whole engine with the intent model", policy.Config(), messages, warmup)
    from policy.intent import encoder as enc

    enc._cache.clear()
    first_sight("whole engine without the model", policy.Config(intents=False), messages, [])
    print(f"intent model adds {model_rss:.0f} MB RSS (encoder weights and heads); "
          f"peak RSS {rss_mb():.0f} MB; targets: median <= 15 ms, p99 <= 40 ms, RSS <= 350 MB")


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    parser.add_argument("--first-sight-only", action="store_true")
    args = parser.parse_args()
    if args.first_sight_only:
        first_sight_main()
        return
    base_rss = rss_mb()
    start = time.perf_counter()
    import policy

    rules = policy.all_rules()
    print(f"message: {len(MESSAGE)} characters; {len(rules)} rules; python {sys.version.split()[0]}")
    print(f"import + registry: {(time.perf_counter() - start) * 1000:.0f} ms")
    message = policy.Message(text=MESSAGE, order_id="113-1234567-1234567", buyer_language="en",
                             order_date=dt.date(2026, 11, 1),
                             sent_at=dt.datetime(2026, 11, 5, tzinfo=dt.timezone.utc))
    light = policy.Config(spelling=False, grammar=False)
    full = policy.Config()

    start = time.perf_counter()
    policy.check(message, light)
    print(f"first check without spelling/grammar: {(time.perf_counter() - start) * 1000:.0f} ms")
    start = time.perf_counter()
    report = policy.check(message, full)
    print(f"first check with everything (loads dictionaries, grammar): "
          f"{(time.perf_counter() - start) * 1000:.0f} ms")
    print(f"verdict on the benchmark message: {report.verdict} {report.codes}")

    light_median = summary("without spelling and grammar", measure(policy.check, message, light, args.runs))
    full_median = summary("every rule, spelling and grammar", measure(policy.check, message, full, args.runs))
    html = policy.Message(html="<p>" + MESSAGE.replace("\n\n", "</p><p>") + "</p>",
                          order_id="113-1234567-1234567", buyer_language="en")
    summary("HTML body, without spelling/grammar", measure(
        lambda m, c: policy.check(m.with_context(html=m.text), c), html.with_context(text=html.html),
        light, args.runs))
    print(f"ratio full/light: {full_median / light_median:.1f}x; targets: light < 2 ms, "
          f"full median < 10 ms, p99 < 30 ms")
    print(f"peak RSS: {rss_mb():.0f} MB (interpreter alone: {base_rss:.0f} MB)")
    print()
    first_sight_main()


if __name__ == "__main__":
    main()
