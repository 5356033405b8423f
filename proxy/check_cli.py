"""`bsm-guard check`, `rules` and `rule`: the engine on message files, for templates and CI.

Every input becomes one `Outcome`: a checked `Result`, an input `Problem` (unreadable, binary,
too large, malformed JSON, wrong field types: exit status 2, the other files are still
checked) or a skipped file (a `.json` in a folder that is not a message, such as a
`package.json` next to the templates: a notice, not a failure, because a folder of templates
often holds other JSON). Problems and skips go to stderr as one line each *and* into the
JSON (`errors`, `skipped`) and SARIF (`invocations`) outputs, so CI sees them too.

The output formats live in `proxy.check_output`; a new per-diagnostic detail (such as an
explanation of the learned intent layer) is a field on `Result` plus a few lines there.
"""

from __future__ import annotations

import datetime as dt
import json
import shutil
import sys
import textwrap
import tomllib
from dataclasses import dataclass
from pathlib import Path
from typing import Iterator

import policy
from policy import Config, ConfigError, MessageError
from policy.report import Report
from proxy.check_source import Source

MAX_MESSAGE_BYTES = 1_000_000  # SP-API caps text at 2,000 characters; 1 MB is generous
SUFFIXES = (".json", ".txt", ".html", ".htm")
CONFIG_NAME = "bsm-guard.toml"


class InputError(ValueError):
    """The input cannot be checked (exit status 2)."""


class NotAMessage(InputError):
    """A JSON file that is valid JSON but not a message; skipped when found in a folder."""


@dataclass
class Result:
    path: str
    message: policy.Message
    report: Report
    source: Source  # maps body offsets to positions in the file as written
    explain: list | None = None  # --explain: each sentence's intents (policy.intent.explain)


@dataclass
class Problem:
    path: str
    message: str
    skipped: bool = False  # a notice (a non-message .json in a folder), not an error


Outcome = Result | Problem


def check_command(args) -> int:
    from proxy import check_output

    try:
        config, file_keys = load_config_file(args.config)
    except ConfigError as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return 2
    if not getattr(args, "no_guard_settings", False):
        config = with_guard_settings(config, file_keys, getattr(args, "data_dir", None),
                                     getattr(args, "store", None))
    now = None
    if args.now:
        try:
            now = dt.datetime.fromisoformat(args.now.replace("Z", "+00:00"))
        except ValueError:
            print(f"bsm-guard: --now is not an ISO time: {args.now}", file=sys.stderr)
            return 2
    stream = sys.stdout
    outcomes: list[Outcome] = []
    explaining = getattr(args, "explain", False)
    for outcome in check_paths(args.paths, config, now):
        outcomes.append(outcome)
        if isinstance(outcome, Result) and explaining:
            outcome.explain = explain_message(outcome.message, config)
        if isinstance(outcome, Problem):
            kind = "skipped" if outcome.skipped else "error"
            print(f"{outcome.path}: {kind}: {outcome.message}", file=sys.stderr)
        elif args.format == "text":
            check_output.write_text(outcome, stream, colour=check_output.use_colour(stream))
            if outcome.explain is not None:
                write_explanation(outcome, stream)
            stream.flush()
    if args.format == "json":
        data = check_output.to_json(outcomes)
        if explaining:
            for item, r in zip(data["results"], (o for o in outcomes if isinstance(o, Result))):
                item["explain"] = r.explain
        json.dump(data, stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    elif args.format == "sarif":
        json.dump(check_output.to_sarif(outcomes), stream, ensure_ascii=False, indent=2)
        stream.write("\n")
    else:
        check_output.write_summary(outcomes, stream)
    return exit_status(outcomes)


def explain_message(message: policy.Message, config: Config) -> list:
    """--explain: each sentence's intents, scores and nearest training sentences."""
    from policy.analysis import Analysis
    from policy.intent.explain import explain

    return explain(Analysis(message, config))


def write_explanation(result: Result, stream) -> None:
    """--explain in text: what to write instead, then each sentence's reading."""
    from policy.intent.explain import format_text

    for d in result.report.diagnostics:
        if d.use_instead:
            stream.write(f"{result.path}: {d.code} use instead: {d.use_instead}\n")
    stream.write(f"{result.path}: sentence intents\n{format_text(result.explain)}\n")


def exit_status(outcomes: list[Outcome]) -> int:
    if any(isinstance(o, Problem) and not o.skipped for o in outcomes):
        return 2
    return 1 if any(isinstance(o, Result) and o.report.verdict == "block" for o in outcomes) else 0


def check_paths(paths: list[str], config: Config, now: dt.datetime | None) -> Iterator[Outcome]:
    for path, loaded, in_folder in iter_messages(paths):
        if isinstance(loaded, Exception):
            skip = in_folder and isinstance(loaded, NotAMessage)
            yield Problem(path, f"{loaded}{'; not a message file' if skip else ''}", skip)
            continue
        message, source = loaded
        try:
            report = policy.check(message, config, now=now)
        except policy.CheckError as exc:
            yield Problem(path, f"the checker failed: {exc}")
            continue
        yield Result(path, message, report, source)


# -- configuration -------------------------------------------------------------------------------
def with_guard_settings(file_config: Config, file_keys: set[str], data_dir: str | None,
                        store: str | None) -> Config:
    """The guard's saved settings with the file's on top (`proxy.guard_settings.merge`). A
    store that cannot be read is one notice on stderr; the check goes on with the file."""
    from proxy.guard_settings import merge, read_guard_settings

    guard = read_guard_settings(data_dir, store)
    if guard.notice:
        print(f"bsm-guard: notice: the guard's saved settings were not applied "
              f"({guard.notice}); checking without them", file=sys.stderr)
    if guard.config is None:
        return file_config
    return merge(guard.config, file_config, file_keys)


def load_config(explicit: str | None) -> Config:
    return load_config_file(explicit)[0]


def load_config_file(explicit: str | None) -> tuple[Config, set[str]]:
    """The file's config and the keys it sets (the keys that win over the guard's)."""
    path = Path(explicit) if explicit else find_config(Path.cwd())
    if path is None:
        return Config(), set()
    try:
        text = path.read_text(encoding="utf-8")
    except UnicodeDecodeError:
        raise ConfigError(f"{path}: not UTF-8 text") from None
    except FileNotFoundError:
        raise ConfigError(f"--config: no such file: {path}") from None
    except IsADirectoryError:
        raise ConfigError(f"--config: {path} is a folder; give the bsm-guard.toml file") from None
    except OSError as exc:
        raise ConfigError(f"--config: cannot read {path}: {exc.strerror or exc}") from None
    config = Config.from_toml(text, str(path))
    return config, set(tomllib.loads(text))


def find_config(start: Path) -> Path | None:
    for folder in (start, *start.parents):
        candidate = folder / CONFIG_NAME
        if candidate.is_file():
            return candidate
    return None


# -- reading inputs ------------------------------------------------------------------------------
Loaded = tuple[policy.Message, Source]


def iter_messages(paths: list[str]) -> Iterator[tuple[str, Loaded | Exception, bool]]:
    """(path, message and source or the error, whether it was found in a folder)."""
    for raw in paths:
        if raw == "-":
            data = sys.stdin.buffer.read(MAX_MESSAGE_BYTES + 1)
            yield "<stdin>", _parse_or_error(data, None), False
            continue
        path = Path(raw)
        if path.is_dir():
            files = sorted(p for p in path.rglob("*") if p.is_file() and p.suffix.lower() in SUFFIXES)
            if not files:
                yield raw, InputError("no .json, .txt or .html files in this folder"), False
            for file in files:
                yield str(file), _load_file(file), True
        elif path.is_file():
            yield raw, _load_file(path), False
        else:
            yield raw, InputError("no such file or folder"), False


def _load_file(path: Path) -> Loaded | Exception:
    try:
        size = path.stat().st_size
        if size > MAX_MESSAGE_BYTES:
            return InputError(f"file is {size / 1e6:.1f} MB; a message is at most "
                              f"{MAX_MESSAGE_BYTES // 1_000_000} MB")
        data = path.read_bytes()
    except OSError as exc:
        return InputError(f"cannot read: {exc.strerror or exc}")
    return _parse_or_error(data, path.suffix.lower())


def _parse_or_error(data: bytes, suffix: str | None) -> Loaded | Exception:
    try:
        return parse_message(data, suffix)
    except (InputError, MessageError) as exc:
        return exc


def parse_message(data: bytes, suffix: str | None) -> Loaded:
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
        if not isinstance(value, dict):
            raise NotAMessage(f"a message must be a JSON object, not {_json_type(value)}")
        if value.get("text") is None and value.get("html") is None:
            raise NotAMessage("a message needs a 'text' or an 'html' field")
        return policy.Message.from_dict(value), Source.from_json(text)
    if suffix in (".html", ".htm"):
        return policy.Message(html=text), Source.plain(text)
    return policy.Message(text=text), Source.plain(text)


def _json_type(value) -> str:
    return {list: "an array", str: "a string", bool: "true or false",
            type(None): "null"}.get(type(value), "a number")


# -- rules and rule ------------------------------------------------------------------------------
def rules_command(args) -> int:
    """The rule table, fitted to the terminal: code, name and severity on the left; the
    guideline wrapped in what is left, or on its own indented line when that is too narrow."""
    width = shutil.get_terminal_size((100, 24)).columns
    rules = policy.all_rules()
    name_w = max(len(r.name) for r in rules)
    left = f"{{code:<5}}  {{name:<{name_w}}}  {{severity:<7}}  "
    left_w = 5 + 2 + name_w + 2 + 7 + 2
    room = width - left_w
    header = left.format(code="CODE", name="NAME", severity="LEVEL")
    print((header + "GUIDELINE") if room >= 30 else header.rstrip())
    for r in rules:
        head = left.format(code=r.code, name=r.name, severity=r.severity.value)
        clause = " ".join(r.clause.split())
        if room >= 30:
            lines = textwrap.wrap(clause, room) or [""]
            print(head + lines[0])
            for line in lines[1:]:
                print(" " * left_w + line)
        else:
            print(head.rstrip())
            for line in textwrap.wrap(clause, max(20, width - 7)):
                print("       " + line)
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
