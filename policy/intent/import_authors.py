"""Import the authors' labelled sentences into the training data, validated and de-duplicated.

    python -m policy.intent.import_authors [/work/authoring]

Each author writes `train_<x>/<lang>.tsv`, one sentence a line: `intent1,intent2<TAB>sentence`
or `-<TAB>sentence` (no intent). This writes `policy/data/intents/train/author-<x>.jsonl` in the
format of docs/intents.md. A bad line (unknown intent, no tab, empty sentence, a language we do
not check) is reported and skipped, never guessed at. The same sentence (case and spacing
folded) is kept once: within an author the first labelling wins, and across authors the
earlier author keeps it, so a sentence never sits on both sides of a split by author. A folder
without its `DONE` file is still being written: it is skipped (its author file, if any, left as
it is) and named, so that half an author never becomes training data. The authors' folders are
only read.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
from pathlib import Path

from policy.intent.inventory import LANGUAGES, validate

TRAIN = Path(__file__).resolve().parents[1] / "data" / "intents" / "train"
_SUBJECT = re.compile(r"^(subject|betreff|objet|asunto|oggetto|件名)\s*[:：]\s*", re.IGNORECASE)
_SPACE = re.compile(r"\s+")


def key(text: str) -> str:
    """The de-duplication key: case-folded, spacing collapsed, end punctuation ignored."""
    return _SPACE.sub(" ", text.casefold()).strip().rstrip(".!?。！？ ")


def parse_line(line: str, where: str) -> tuple[list[str], str]:
    """(intents, sentence) of one TSV line, or ValueError saying what is wrong."""
    labels, tab, sentence = line.partition("\t")
    if not tab:
        raise ValueError(f"{where}: no tab between labels and sentence")
    sentence = _SUBJECT.sub("", sentence.strip())
    if not sentence:
        raise ValueError(f"{where}: empty sentence")
    labels = labels.strip()
    intents = [] if labels == "-" else [p.strip() for p in labels.split(",") if p.strip()]
    if labels != "-" and not intents:
        raise ValueError(f"{where}: no labels (write '-' for none)")
    return validate(intents, where), sentence


def import_author(folder: Path, author: str, seen: dict[str, str]) -> tuple[list[dict], list[str]]:
    rows: list[dict] = []
    problems: list[str] = []
    for lang in LANGUAGES:
        path = folder / f"{lang}.tsv"
        if not path.exists():
            continue
        for n, line in enumerate(path.read_text(encoding="utf-8").splitlines(), 1):
            if not line.strip() or line.startswith("#"):
                continue
            try:
                intents, sentence = parse_line(line, f"{path}:{n}")
            except ValueError as exc:
                problems.append(str(exc))
                continue
            k = key(sentence)
            if k in seen:
                continue
            seen[k] = author
            rows.append({"text": sentence, "lang": lang, "intents": intents, "author": author})
    return rows, problems


def earlier_sentences(train: Path, importing: set[str]) -> dict[str, str]:
    """The sentences of authors already imported whose folders are not being imported now
    (a new machine holds only the new authors' folders): they keep their sentences, so a new
    author never takes one from them. Authors being imported are rebuilt from their folders."""
    seen: dict[str, str] = {}
    for path in sorted(train.glob("author-*.jsonl"), key=lambda p: author_order(Path(p.stem.removeprefix("author-")))):
        author = path.stem.removeprefix("author-")
        if author in importing:
            continue
        for line in path.read_text(encoding="utf-8").splitlines():
            if line.strip():
                seen.setdefault(key(json.loads(line)["text"]), author)
    return seen


def author_order(folder: Path) -> tuple[int, str]:
    """Authors in the order they were commissioned: a..z, then aa, ab... (a spreadsheet's
    columns), so that a new author never takes a shared sentence from an earlier one."""
    name = folder.name.removeprefix("train_")
    return len(name), name


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("root", nargs="?", default="/work/authoring", type=Path)
    args = parser.parse_args(argv)
    TRAIN.mkdir(parents=True, exist_ok=True)
    folders = sorted(args.root.glob("train_*"), key=author_order)
    seen = earlier_sentences(TRAIN, {f.name.removeprefix("train_") for f in folders})
    for folder in folders:
        author = folder.name.removeprefix("train_")
        if not (folder / "DONE").exists():
            print(f"author {author}: no DONE file yet, skipped")
            continue
        rows, problems = import_author(folder, author, seen)
        out = TRAIN / f"author-{author}.jsonl"
        with out.open("w", encoding="utf-8") as fh:
            for row in rows:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        langs = {l: sum(r["lang"] == l for r in rows) for l in LANGUAGES}
        print(f"author {author}: {len(rows)} sentences {langs}; "
              f"{len(problems)} lines skipped")
        for p in problems[:20]:
            print(f"  {p}", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
