"""Engine speed and memory on a ~650-character message: load time, then median and p99 per
check with every rule, and without spelling and grammar. Prints figures and ratios.

    python bench/bench_policy.py [--runs 300]
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


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--runs", type=int, default=300)
    args = parser.parse_args()
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


if __name__ == "__main__":
    main()
