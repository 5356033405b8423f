"""Print the quality corpus table: verdict figures, per-rule TP/FP/FN/F1, misclassified files.

Usage: python bench/corpus_report.py
The metrics are defined once, in tests/test_corpus.py; this script only prints them.
"""

from __future__ import annotations

import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))

from tests.test_corpus import evaluate, format_report  # noqa: E402


def main() -> int:
    started = time.perf_counter()
    ev = evaluate()
    elapsed = time.perf_counter() - started
    try:
        print(format_report(ev))
        print(f"\nchecked {len(ev.outcomes)} messages in {elapsed:.2f} s (first call includes loading)")
    except BrokenPipeError:  # piped into head: stop quietly
        sys.stderr.close()
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
