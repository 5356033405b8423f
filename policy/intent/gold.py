"""Hand labels for every sentence of a development message set ("gold", beside the silver
labels of `label_corpus`).

    python -m policy.intent.gold export eval_k /tmp/gold      # writes /tmp/gold/eval_k.txt
    python -m policy.intent.gold import eval_k /tmp/gold      # writes train/gold-eval_k.jsonl

Why: the silver pass can only label what the phrase patterns already find, and it leaves out
whole any message whose violation no pattern caught, which are exactly the wordings the model
most needs to learn. Once a set has had its first score it is development data; a person then
labels each sentence the engine would read, by docs/intents.md, seeing the message it sits in
(kind, expected codes, the author's note). The export is a plain text sheet, one block per
message and one line per sentence, `ID<TAB>?<TAB>sentence`; the labeller replaces `?` by
intents (comma-separated) or `-`. The import refuses a sheet with any `?` or unknown intent
left, and skips sentences that an author's file already holds (authors' labels win, as in
`label_corpus`), so one sentence never sits in two groups of the split by author.
"""

from __future__ import annotations

import argparse
import json
import sys
from pathlib import Path

from policy import Message, phrase_view
from policy.analysis import Analysis
from policy.config import Config
from policy.intent.import_authors import TRAIN, key
from policy.intent.inventory import LANGUAGES, validate

ROOT = Path(__file__).resolve().parents[2]


def sentences(data: dict) -> list[str]:
    """The sentences of one message that the engine scores, subject first."""
    from policy.intent.compose import judged

    message = Message.from_dict({k: v for k, v in data.items()
                                 if k not in ("expect", "note", "severity")})
    texts = [message.subject] if message.subject.strip() else []
    texts.append(Analysis(message, Config()).text)
    out = []
    for text in texts:
        view = phrase_view.TextView(text)
        out += [text[s:e].strip() for s, e in view.sentences if judged(text[s:e])]
    return [s.replace("\t", " ").replace("\n", " ") for s in out if s]


def export(name: str, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    lines = []
    for path in sorted((ROOT / "tests" / name).rglob("*.json")):
        data = json.loads(path.read_text(encoding="utf-8"))
        rel = path.relative_to(ROOT / "tests" / name).as_posix()
        lines.append(f"## {rel} | kind={data.get('kind', 'proactive')} | "
                     f"expect={','.join(data.get('expect', [])) or '-'}")
        lines.append(f"## note: {data.get('note', '')}")
        for i, sentence in enumerate(sentences(data)):
            lines.append(f"{rel}#{i}\t?\t{sentence}")
        lines.append("")
    out = folder / f"{name}.txt"
    out.write_text("\n".join(lines) + "\n", encoding="utf-8")
    return out


def parse_sheet(text: str) -> list[tuple[str, list[str], str]]:
    """(id, intents, sentence) per labelled line; ValueError naming every bad line."""
    rows, problems = [], []
    for n, line in enumerate(text.splitlines(), 1):
        if not line.strip() or line.startswith("##"):
            continue
        parts = line.split("\t")
        if len(parts) != 3:
            problems.append(f"line {n}: expected ID<TAB>LABELS<TAB>sentence")
            continue
        ident, labels, sentence = parts
        labels = labels.strip()
        if labels == "?" or not labels:
            problems.append(f"line {n}: not labelled")
            continue
        intents = [] if labels == "-" else [p.strip() for p in labels.split(",") if p.strip()]
        try:
            rows.append((ident, validate(intents, f"line {n}"), sentence.strip()))
        except ValueError as exc:
            problems.append(str(exc))
    if problems:
        raise ValueError("\n".join(problems))
    return rows


def import_sheet(name: str, folder: Path) -> tuple[int, int]:
    rows = parse_sheet((folder / f"{name}.txt").read_text(encoding="utf-8"))
    seen = set()
    for path in sorted(TRAIN.glob("author-*.jsonl")):
        seen |= {key(json.loads(line)["text"])
                 for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}
    out, skipped = [], 0
    for ident, intents, sentence in rows:
        rel = ident.split("#")[0]
        data = json.loads((ROOT / "tests" / name / rel).read_text(encoding="utf-8"))
        lang = data.get("buyer_language") or rel.split("/")[0]
        k = key(sentence)
        if k in seen or len(k) < 2:
            skipped += 1
            continue
        seen.add(k)
        out.append({"text": sentence, "lang": lang if lang in LANGUAGES else "en",
                    "intents": intents, "author": f"gold:{name}",
                    "kind": data.get("kind", "proactive")})
    with (TRAIN / f"gold-{name}.jsonl").open("w", encoding="utf-8") as fh:
        for row in out:
            fh.write(json.dumps(row, ensure_ascii=False) + "\n")
    return len(out), skipped


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("action", choices=("export", "import"))
    parser.add_argument("set", help="a message set under tests/, e.g. eval_k")
    parser.add_argument("folder", type=Path)
    args = parser.parse_args(argv)
    if args.action == "export":
        print(export(args.set, args.folder))
        return 0
    try:
        kept, skipped = import_sheet(args.set, args.folder)
    except ValueError as exc:
        print(exc, file=sys.stderr)
        return 2
    print(f"{args.set}: {kept} sentences, {skipped} already held by an author or repeated")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
