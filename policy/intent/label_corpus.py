"""Label the sentences of the project's message sets, for training and development.

    python -m policy.intent.label_corpus

    python -m policy.intent.label_corpus eval_f eval_g    # only these; the others' files stay

The message sets under `tests/` (corpus, holdout, eval_en, eval_intl, eval_d, eval_e, and since
their first scores eval_f to eval_j) were all used to tune the phrase rules or the model, so
they are training and development data now, never unseen evaluation data. Their labels are per
message (`expect` codes); the model needs them per sentence. This pass derives them ("silver"
labels, author `corpus:<set>`):

- a sentence gets an intent when the phrase set that stands for it matches in that sentence
  AND the message's expected codes agree (rating-steer only where C205 is expected, a
  promotion only where C203 is, and so on); the purposes, review requests and confirmations
  are what a sentence does in any message, so they need no expected code;
- thanks, wishes and offers of help with no other intent are `courtesy-only`; a salutation or
  a sign-off is `[]`;
- a sentence holding a link in a message where C209 is not expected is `link-needed-for-order`;
- only the gated intents are known to be absent where no pattern found them: a sentence the
  purpose patterns missed is not thereby "no purpose", so its row says `"known": [...]`;
- a message whose expected content code is found in none of its sentences is left out whole:
  its sentences cannot be labelled from the patterns, and a wrong `[]` teaches the model to
  miss exactly the wording the patterns missed.

The labels are only as good as the patterns: they teach the model the old sets' wordings and,
more valuable, thousands of ordinary sentences that do nothing wrong. The authors' sentences
(`import_authors`) are the varied part.
"""

from __future__ import annotations

import argparse
import json
import re
from pathlib import Path

from policy import Message, phrase_view, phrases
from policy.analysis import Analysis
from policy.config import Config
from policy.intent.import_authors import TRAIN, key
from policy.intent.inventory import validate

ROOT = Path(__file__).resolve().parents[2]
SETS = ("corpus", "holdout", "eval_en", "eval_intl", "eval_d", "eval_e", "eval_f", "eval_g",
        "eval_h", "eval_i", "eval_j")
# code expected for the message -> (intent, phrase file, set names)
GATED = {
    "C205": ("rating-steer", "review_persuasion", ("persuasion",)),
    "C204": ("value-for-review", "review_incentive", ("link",)),
    "C206": ("review-gate", "review_gating", ("condition", "divert")),
    "C207": ("review-change", "review_change", ("change",)),
    "C203": ("promotion", "marketing", ("marketing",)),
    "C213": ("hostile", "sensitive", ("sensitive",)),
}
ALWAYS = {
    "order-or-dispatch-confirmation": ("confirmation", ("confirmation",)),
    "review-request": ("review_request", ("request", "soft")),
    "purpose-invoice": ("purpose", ("purpose_invoice",)),
    "purpose-fulfilment-problem": ("purpose", ("purpose_issue",)),
    "purpose-order-info": ("purpose", ("purpose_info",)),
    "purpose-return": ("purpose", ("purpose_return",)),
}
# The intents whose absence the expected codes vouch for; the others are judged only where
# a pattern found them (see `train.targets`).
KNOWN = sorted(intent for intent, _, _ in GATED.values())
_HOME = re.compile(r"install|assembl|technic|mount|montage|montaggio|instal|montaje|設置|組み立て|取り付け", re.I)
_DESIGN = re.compile(r"design|proof|artwork|mock|engrav|entwurf|gravur|épreuve|maquette|gravure|"
                     r"boceto|diseño|grabado|bozza|incisione|デザイン|校正|刻印", re.I)
_URL = re.compile(r"https?://|www\.|\b[\w-]+\.(?:com|de|fr|es|it|co\.uk|co\.jp|jp|net|org|shop)\b")


def _found(view: phrase_view.TextView, file: str, names) -> set[int]:
    sets = phrases.load(file)
    out: set[int] = set()
    for name in names:
        out |= {view.sentence_index(s) for s, _ in sets[name].finditer(view)}
    return out


def label_message(data: dict) -> list[dict] | None:
    """The labelled sentences of one message (subject first), or None when it cannot be."""
    message = Message.from_dict({k: v for k, v in data.items()
                                 if k not in ("expect", "note", "severity")})
    expect = set(data.get("expect", []))
    rows = []
    texts = [message.subject] if message.subject.strip() else []
    texts.append(Analysis(message, Config()).text)
    covered = set()
    for text in texts:
        view = phrase_view.TextView(text)
        labels: dict[int, set[str]] = {i: set() for i in range(len(view.sentences))}
        for code, (intent, file, names) in GATED.items():
            if code in expect:
                for i in _found(view, file, names):
                    labels[i].add(intent)
                    covered.add(code)
        for intent, (file, names) in ALWAYS.items():
            for i in _found(view, file, names):
                labels[i].add(intent)
        if message.kind == "proactive":
            for i in _found(view, "review_wish", ("wish",)):
                labels[i].add("review-request")
        for i in _found(view, "purpose", ("purpose_schedule",)):
            s, e = view.sentences[i]
            labels[i].add("purpose-home-services" if _HOME.search(text[s:e])
                          else "purpose-delivery-scheduling")
        for i in _found(view, "purpose", ("purpose_needed",)):
            s, e = view.sentences[i]
            labels[i].add("purpose-custom-design" if _DESIGN.search(text[s:e])
                          else "purpose-other-needed-contact")
        courteous = _found(view, "purpose", ("thanks", "help", "wishes"))
        for i, (s, e) in enumerate(view.sentences):
            if not labels[i] and i in courteous:
                labels[i].add("courtesy-only")
            if "C209" not in expect and _URL.search(text[s:e]) and "promotion" not in labels[i]:
                labels[i].add("link-needed-for-order")
            rows.append({"text": text[s:e], "intents": validate(labels[i])})
    if any(code in expect and code not in covered for code in GATED):
        return None
    return rows


def _keys(path: Path) -> set[str]:
    if not path.exists():
        return set()
    return {key(json.loads(line)["text"])
            for line in path.read_text(encoding="utf-8").splitlines() if line.strip()}


def main(argv: list[str] | None = None) -> int:
    """Relabel the named sets (all by default). A set not named keeps its file as it is, and
    its sentences still count as seen, so relabelling a new set leaves the old ones unchanged
    even after the phrase patterns have moved on."""
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("sets", nargs="*", help=f"any of {', '.join(SETS)}")
    chosen = set(parser.parse_args(argv).sets) or set(SETS)
    if chosen - set(SETS):
        parser.error(f"unknown set(s): {', '.join(sorted(chosen - set(SETS)))}")
    seen: set[str] = set()
    for path in sorted(TRAIN.glob("author-*.jsonl")):
        seen |= _keys(path)
    for name in SETS:
        if name not in chosen:
            seen |= _keys(TRAIN / f"corpus-{name}.jsonl")
            continue
        kept = skipped = 0
        out = []
        for path in sorted((ROOT / "tests" / name).rglob("*.json")):
            data = json.loads(path.read_text(encoding="utf-8"))
            rows = label_message(data)
            if rows is None:
                skipped += 1
                continue
            kept += 1
            lang = data.get("buyer_language") or path.parent.name
            lang = lang if lang in ("en", "de", "fr", "es", "it", "ja") else "en"
            for row in rows:
                k = key(row["text"])
                if k in seen or len(k) < 2:
                    continue
                seen.add(k)
                out.append({"text": row["text"], "lang": lang, "intents": row["intents"],
                            "author": f"corpus:{name}", "kind": data.get("kind", "proactive"),
                            "known": KNOWN})
        with (TRAIN / f"corpus-{name}.jsonl").open("w", encoding="utf-8") as fh:
            for row in out:
                fh.write(json.dumps(row, ensure_ascii=False) + "\n")
        print(f"{name}: {kept} messages labelled, {skipped} left out, {len(out)} new sentences")
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
