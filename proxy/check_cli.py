"""`bsm-guard check`, `rules` and `rule`: the engine on message files.

Input errors (unreadable, binary, too large, malformed JSON, wrong field types) are one line on
stderr naming the file, and the exit status becomes 2; the other files are still checked.
"""

from __future__ import annotations

import datetime as dt
import json
import os
import sys
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import policy
from policy import Config, ConfigError, MessageError
from policy.report import Report

MAX_MESSAGE_BYTES = 1_000_000  # SP-API caps text at 2,000 characters; 1 MB is generous
SUFFIXES = (".json", ".txt", ".html", ".htm")
CONFIG_NAME = "bsm-guard.toml"


class InputError(ValueError):
    pass


@dataclass
class Result:
    path: str
    message: policy.Message
    report: Report


def check_command(args) -> int:
    try:
        config = load_config(args.config)
    except (ConfigError, OSError) as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return 2
    now = None
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        except ValueError:
            print(f"bsm-guard: --now is not an ISO time: {args.now}", file=sys.stderr)
            return 2
    results: list[Result] = []
    input_error = False
    stream = sys.stdout
    for path, loaded in iter_messages(args.paths):
        if isinstance(loaded, Exception):
            print(f"{path}: error: {loaded}", file=sys.stderr)
            input_error = True
            continue
        try:
            report = policy.check(loaded, config, now=now)
        except policy.CheckError as exc:
            print(f"{path}: error: the checker failed: {exc}", file=sys.stderr)
            input_error = True
            continue
        result = Result(path, loaded, report)
        results.append(result)
        if args.format == "text":
            write_text(result, stream, colour=_use_colour(stream))
            stream.flush()
    if args.format == "json":
        json.dump(to_json(results), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif args.format == "sarif":
        json.dump(to_sarif(results), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        write_summary(results, stream)
    if input_error:
        return 2
    return 1 if any(r.report.verdict == "block" for r in results) else 0


def load_config(explicit: str | None) -> Config:
    path = Path(explicit) if explicit else find_config(Path.cwd())
    if path is None:
        return Config()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    return Config.from_toml(text, str(path))


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


def iter_messages(paths: list[str]) -> Iterator[tuple[str, policy.Message | Exception]]:
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
            yield "<stdin>", _parse_or_error(data, None)
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield raw, InputError("no .json, .txt or .html files in this folder")
            for file in files:
                yield str(file), _load_file(file)
        elif path.is_file():
            yield raw, _load_file(path)
        else:
            yield raw, InputError("no such file or folder")


def _load_file(path: Path) -> policy.Message | Exception:
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES:
            return InputError(f"file is {size / 1e6:.1f} MB; a message is at most "
                              f"{MAX_MESSAGE_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        return InputError(f"cannot read: {exc.strerror or exc}")
    return _parse_or_error(data, path.suffix.lower())


def _parse_or_error(data: bytes, suffix: str | None) -> policy.Message | Exception:
    try:
        return parse_message(data, suffix)
    except (InputError, MessageError) as exc:
        return exc


def parse_message(data: bytes, suffix: str | None) -> policy.Message:
    if len(data) > MAX_MESSAGE_BYTES:
        raise InputError(f"input is over {MAX_MESSAGE_BYTES // 1_000_000} MB")
    if b"\x00" in data:
        raise InputError("binary data, not a text message")
    try:
        text = data.decode("utf-8-sig")
    except UnicodeDecodeError as exc:
        raise InputError(f"not UTF-8 text (invalid byte at offset {exc.start})") from None
    if suffix is None:
        stripped = text.lstrip()
        suffix = ".json" if stripped.startswith("{") else ".html" if stripped.startswith("<") else ".txt"
    if suffix == ".json":
        try:
            value = json.loads(text)
        except json.JSONDecodeError as exc:
            raise InputError(f"malformed JSON at line {exc.lineno}, column {exc.colno}: {exc.msg}") from None
        except RecursionError:
            raise InputError("malformed JSON: nested too deeply") from None
        return policy.Message.from_dict(value)
    if suffix in (".html", ".htm"):
        return policy.Message(html=text)
    return policy.Message(text=text)


# -- output ------------------------------------------------------------------------------------
_COLOURS = {"error": "\033[31m", "warning": "\033[33m", "bold": "\033[1m", "dim": "\033[2m",
            "reset": "\033[0m"}


def _use_colour(stream) -> bool:
    return stream.isatty() and "NO_COLOR" not in os.environ and os.environ.get("TERM") != "dumb"


def write_text(result: Result, stream, colour: bool = False) -> None:
    c = _COLOURS if colour else dict.fromkeys(_COLOURS, "")
    for d in result.report.diagnostics:
        where = f"{result.path}:{d.line}:{d.column}" if d.line else f"{result.path}:{d.field}"
        sev = d.severity.value
        stream.write(f"{c['bold']}{where}:{c['reset']} {d.code} {c[sev]}[{sev}]{c['reset']} "
                     f"{d.name}: {d.message}\n")
        if d.excerpt:
            stream.write(f"    {c['dim']}| {d.excerpt.replace(chr(10), ' ')}{c['reset']}\n")
        if d.fix:
            stream.write(f"    {c['dim']}fix: {d.fix.description}{c['reset']}\n")


def write_summary(results: list[Result], stream) -> None:
    verdicts = [r.report.verdict for r in results]
    errors = sum(len(r.report.errors) for r in results)
    warnings = sum(len(r.report.warnings) for r in results)
    noun = "message" if len(results) == 1 else "messages"
    stream.write(f"{len(results)} {noun} checked: {verdicts.count('block')} blocked, "
                 f"{verdicts.count('warn')} with warnings, {verdicts.count('pass')} passed "
                 f"({errors} errors, {warnings} warnings)\n")


def to_json(results: list[Result]) -> dict:
    return {
        "version": policy.__version__,
        "results": [{"path": r.path, **r.report.to_dict()} for r in results],
    }


def to_sarif(results: list[Result]) -> dict:
    rules = policy.all_rules()
    index = {r.code: i for i, r in enumerate(rules)}
    driver = {
        "name": "bsm-guard",
        "version": policy.__version__,
        "informationUri": "https://github.com/bsm-guard/bsm-guard",
        "rules": [{
            "id": r.code,
            "name": r.name,
            "shortDescription": {"text": r.summary},
            "fullDescription": {"text": r.clause},
            "helpUri": r.url,
            "help": {"text": "\n\n".join(f"{k}: {v}" for k, v in r.docs.items())},
            "defaultConfiguration": {"level": r.severity.value},
        } for r in rules],
    }
    sarif_results = []
    for res in results:
        for d in res.report.diagnostics:
            item = {
                "ruleId": d.code,
                "ruleIndex": index.get(d.code, 0),
                "level": d.severity.value,
                "message": {"text": d.message},
                "locations": [{"physicalLocation": {
                    "artifactLocation": {"uri": Path(res.path).as_posix()
                                         if res.path != "<stdin>" else "stdin"},
                }}],
            }
            if d.line is not None and d.start is not None and d.end is not None:
                end_line, end_col = _end_position(res.message.body, d.start, d.end, d.line, d.column)
                item["locations"][0]["physicalLocation"]["region"] = {
                    "startLine": d.line, "startColumn": d.column,
                    "endLine": end_line, "endColumn": end_col,
                    "charOffset": d.start, "charLength": d.end - d.start,
                }
            sarif_results.append(item)
    return {
        "$schema": "https://json.schemastore.org/sarif-2.1.0.json",
        "version": "2.1.0",
        "runs": [{"tool": {"driver": driver}, "results": sarif_results,
                  "columnKind": "unicodeCodePoints"}],
    }


def _end_position(body: str, start: int, end: int, line: int, column: int) -> tuple[int, int]:
    segment = body[start:end]
    newlines = segment.count("\n")
    if not newlines:
        return line, column + len(segment)
    return line + newlines, len(segment) - segment.rfind("\n")


def rules_command(args) -> int:
    for r in policy.all_rules():
        print(f"{r.code}  {r.name:<32} {r.severity.value:<8} {r.summary}")
    return 0


def rule_command(args) -> int:
    try:
        r = policy.get_rule(args.code)
    except KeyError:
        print(f"bsm-guard: no rule {args.code!r}; `bsm-guard rules` lists them", file=sys.stderr)
        return 2
    print(f"{r.code} {r.name} ({r.severity.value})\n")
    print(f"Policy: {r.clause}\n{r.url}\n")
    for section, body in r.docs.items():
        print(f"## {section}\n{body}\n")
    return 0
