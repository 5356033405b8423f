"""Memory and first-sight speed of the engine, stage by stage.

Prints:
- RSS after `import policy`, after loading the sentence encoder (its first-load time, and
  whether its embedding table is read on demand from the user cache, was just written to it,
  or is built in memory because the cache is unusable), after checking one corpus message per
  language (en de fr es it ja, in that order, each line with the time that first check took:
  it includes whatever that language loads), idle RSS and PSS after a garbage collection, and
  the peak (VmHWM). PSS divides shared pages (shared libraries) among the processes that map
  them: it is what a guard costs the machine beside other processes;
- the load time and RSS cost of each heavy part, each measured in a fresh interpreter
  (`--parts`): the language model, each spelling list, Harper, the Flesch score, and for
  comparison what the first three replaced (py3langid, a pyspellchecker dict, textstat with
  the CMU dictionary);
- first-sight speed of the whole engine (spelling, grammar and the intent model on): warm up
  on the held-out and evaluation sets, then check every corpus message once; median, p99 and
  max per message.

BLAS is pinned to one thread before numpy can load (as bench/bench_policy.py does), so the
figures match a busy two-core machine.

    python bench/bench_memory.py [--parts] [--no-speed]

To measure the encoder as it was before its table was cached, make the cache unusable:
`XDG_CACHE_HOME=/dev/null/none python bench/bench_memory.py`.
"""

from __future__ import annotations

import os

for _var in ("OPENBLAS_NUM_THREADS", "OMP_NUM_THREADS", "MKL_NUM_THREADS"):
    os.environ.setdefault(_var, "1")

import argparse  # noqa: E402
import datetime as dt  # noqa: E402
import gc  # noqa: E402
import json  # noqa: E402
import statistics  # noqa: E402
import subprocess  # noqa: E402
import sys  # noqa: E402
import time  # noqa: E402
from pathlib import Path  # noqa: E402

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
LANGUAGES = ("en", "de", "fr", "es", "it", "ja")
EXTRA_KEYS = ("expect", "note", "severity")
DEFAULT_NOW = dt.datetime(2026, 11, 20, 12, 0, tzinfo=dt.timezone.utc)

# Each heavy part, loaded alone in a fresh interpreter: (label, statement).
PARTS = (
    ("import policy", "import policy; policy.all_rules()"),
    ("language model (policy.langid_model)", "from policy import language; language._model()"),
    *((f"spelling list {lang} (policy.lexicon)",
       f"from policy.rules import spelling_words as w; w.checker('{lang}')") for lang in
      ("en", "de", "fr", "es", "it")),
    ("Harper linter", "from policy.rules import grammar; grammar.linter()"),
    ("Flesch score (policy.readability)",
     "from policy import readability; readability.flesch_reading_ease('An example sentence "
     "with several syllables, considerably complicated.')"),
)
# What the engine loaded before, for comparison.
REPLACED = (
    ("py3langid, full model", "from py3langid.langid import MODEL_FILE, LanguageIdentifier; "
     "ident = LanguageIdentifier.from_model_file(MODEL_FILE, norm_probs=True)"),
    ("pyspellchecker dict de", "import gzip, json; from importlib import resources; "
     "from spellchecker import SpellChecker; s = SpellChecker(language=None, distance=1, "
     "case_sensitive=True); s.word_frequency.load_json(json.loads(gzip.decompress("
     "resources.files('spellchecker').joinpath('resources', 'de.json.gz').read_bytes())))"),
    ("textstat with cmudict", "import textstat; textstat.flesch_reading_ease('An example "
     "sentence with several syllables, considerably complicated.')"),
)


def status(field: str) -> float:
    """A VmRSS/VmHWM line of /proc/self/status, in MB."""
    with open("/proc/self/status") as handle:
        for line in handle:
            if line.startswith(field + ":"):
                return int(line.split()[1]) / 1024
    return 0.0


def pss() -> float:
    """Proportional set size in MB (/proc/self/smaps_rollup)."""
    try:
        with open("/proc/self/smaps_rollup") as handle:
            for line in handle:
                if line.startswith("Pss:"):
                    return int(line.split()[1]) / 1024
    except OSError:
        pass
    return float("nan")


def load_encoder() -> None:
    """Load the sentence encoder on its own line: its first-load time and where its table
    came from."""
    from policy.intent import encoder

    cached = encoder.table_file(encoder.weights_path())
    existed = cached.exists()
    start = time.perf_counter()
    model = encoder._load()
    table = model._model.table
    took = (time.perf_counter() - start) * 1000
    if isinstance(table, encoder.RowsOnDemand):
        source = f"table rows on demand from {'the cache' if existed else 'a new cache file'}"
    else:
        source = "table built in memory (cache unusable)"
    print(f"{'after loading the encoder':<34} {status('VmRSS'):6.0f} MB   {took:6.0f} ms  "
          f"({source})")


def messages(folder: Path) -> list[tuple[Path, dict]]:
    found = []
    for path in sorted(folder.rglob("*.json")):
        data = json.loads(path.read_text("utf-8"))
        if isinstance(data, dict) and ("text" in data or "html" in data):
            found.append((path, {k: v for k, v in data.items() if k not in EXTRA_KEYS}))
    return found


def _now(data: dict) -> dt.datetime:
    sent = data.get("sent_at")
    if sent:
        return dt.datetime.fromisoformat(sent.replace("Z", "+00:00"))
    return DEFAULT_NOW


def check(policy, data: dict) -> float:
    return timed(policy, data)[0]


def timed(policy, data: dict) -> tuple[float, float]:
    """(wall, CPU) milliseconds of one check. CPU time leaves out waiting for a core, which on
    a shared machine is most of the noise in the wall time."""
    start, cpu = time.perf_counter(), time.thread_time()
    policy.check(policy.Message.from_dict(data), now=_now(data))
    return (time.perf_counter() - start) * 1000, (time.thread_time() - cpu) * 1000


def quantiles(times: list[float]) -> str:
    times = sorted(times)
    p99 = times[min(len(times) - 1, int(len(times) * 0.99))]
    return f"median {statistics.median(times):6.2f} ms   p99 {p99:6.2f} ms   max {times[-1]:6.1f} ms"


def part_cost(statement: str, numpy_first: bool = True) -> tuple[float, float]:
    """(seconds, MB) that `statement` costs in a fresh interpreter, over `import policy` and
    (unless told not to) numpy, which the sentence encoder loads anyway."""
    code = (
        "import os, time, sys\n"
        f"sys.path.insert(0, {str(ROOT)!r})\n"
        "os.environ.setdefault('OPENBLAS_NUM_THREADS', '1')\n"
        "import policy\n"
        + ("import numpy\n" if numpy_first else "") +
        "def rss():\n"
        "    for line in open('/proc/self/status'):\n"
        "        if line.startswith('VmRSS:'): return int(line.split()[1]) / 1024\n"
        "before = rss(); start = time.perf_counter()\n"
        f"{statement}\n"
        "print(time.perf_counter() - start, rss() - before)\n"
    )
    if statement.startswith("import policy"):
        code = code.replace("import policy\n", "", 1)
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    seconds, megabytes = out.stdout.split()[-2:]
    return float(seconds), float(megabytes)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--parts", action="store_true", help="also measure each heavy part alone")
    parser.add_argument("--no-speed", action="store_true", help="skip the first-sight timing")
    args = parser.parse_args()

    print(f"python {sys.version.split()[0]}; interpreter alone {status('VmRSS'):.0f} MB")
    start = time.perf_counter()
    import policy

    policy.all_rules()
    print(f"{'after import policy':<34} {status('VmRSS'):6.0f} MB   "
          f"{(time.perf_counter() - start) * 1000:6.0f} ms")

    load_encoder()
    corpus = {lang: messages(ROOT / "tests" / "corpus" / lang) for lang in LANGUAGES}
    for lang in LANGUAGES:
        # the longest message of the language: it reaches spelling, grammar and detection
        path, data = max(corpus[lang], key=lambda item: len(item[1].get("text") or ""))
        took = check(policy, data)
        print(f"{'after one ' + lang + ' message':<34} {status('VmRSS'):6.0f} MB   "
              f"{took:6.0f} ms  ({path.name})")
    gc.collect()
    print(f"{'idle after six languages':<34} {status('VmRSS'):6.0f} MB   PSS {pss():4.0f} MB")
    print(f"{'peak so far':<34} {status('VmHWM'):6.0f} MB")

    if args.parts:
        print("\nheavy parts, each alone in a fresh interpreter (load time, RSS added):")
        seconds, megabytes = part_cost("import numpy", numpy_first=False)
        print(f"  {'numpy (each part below is measured after it)':<38} {seconds * 1000:7.0f} ms "
              f"{megabytes:7.1f} MB")
        for label, statement in PARTS:
            seconds, megabytes = part_cost(statement)
            print(f"  {label:<38} {seconds * 1000:7.0f} ms {megabytes:7.1f} MB")
        print("what they replace:")
        for label, statement in REPLACED:
            seconds, megabytes = part_cost(statement)
            print(f"  {label:<38} {seconds * 1000:7.0f} ms {megabytes:7.1f} MB")

    if not args.no_speed:
        warm = [d for folder in ("holdout", "eval_d", "eval_e", "eval_en", "eval_intl")
                for _, d in messages(ROOT / "tests" / folder)]
        for data in warm:
            check(policy, data)
        pairs = [timed(policy, data) for lang in LANGUAGES for _, data in corpus[lang]]
        print(f"\nfirst sight, whole engine with the intent model: {len(pairs)} corpus messages "
              f"after {len(warm)} warm-up messages")
        print(f"  wall  {quantiles([wall for wall, _ in pairs])}")
        print(f"  CPU   {quantiles([cpu for _, cpu in pairs])}")
        gc.collect()
        print(f"{'idle after the corpus':<34} {status('VmRSS'):6.0f} MB   PSS {pss():4.0f} MB")
        print(f"{'peak':<34} {status('VmHWM'):6.0f} MB")


if __name__ == "__main__":
    main()
