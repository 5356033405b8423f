"""`bsm-guard history [list|show ID]` and `bsm-guard allow ID`.

These open the guard's store directly (SQLite in WAL mode is safe next to a running guard;
PostgreSQL with `--store`), so they work whether or not `bsm-guard run` is up. With
`--seat`, a seat that is not a lead lists only its own verdicts and reads only its own
blocked texts. `allow` grants an override for the exact
text of a verdict: the next send of that text within the time limit goes through once.
"""

from __future__ import annotations

import json
import sys

from proxy.service import ensure_data_dir
from proxy.store import SQLStore, StoreError, open_backend


def _open(args) -> SQLStore:
    """The store named by --store / BSM_GUARD_STORE (default: SQLite in the data dir)."""
    return open_backend(getattr(args, "store", None), ensure_data_dir(args.data_dir))


def history_command(args) -> int:
    try:
        store = _open(args)
    except StoreError as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return 2
    try:
        if args.action == "show":
            if args.id is None:
                print("bsm-guard: `history show` needs a verdict ID (see `bsm-guard history`)",
                      file=sys.stderr)
                return 2
            verdict = store.get_verdict(args.id, viewer=store.viewer(args.seat))
            if verdict is None:
                print(f"bsm-guard: no verdict {args.id}", file=sys.stderr)
                return 2
            print(json.dumps(verdict, indent=2, ensure_ascii=False) if args.format == "json"
                  else format_verdict(verdict))
            return 0
        viewer = store.viewer(args.seat)
        verdicts = store.recent_verdicts(args.limit, seat=None if viewer.lead else args.seat)
        if args.format == "json":
            print(json.dumps(verdicts, indent=2, ensure_ascii=False))
        elif not verdicts:
            print("No verdicts yet.")
        else:
            print(format_table(verdicts))
        return 0
    finally:
        store.close()


def allow_command(args) -> int:
    if args.minutes <= 0:
        print("bsm-guard: --minutes must be positive", file=sys.stderr)
        return 2
    try:
        store = _open(args)
    except StoreError as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return 2
    try:
        verdict = store.get_verdict(args.id)
        if verdict is None:
            print(f"bsm-guard: no verdict {args.id}", file=sys.stderr)
            return 2
        if not verdict["text_hash"]:
            print(f"bsm-guard: verdict {args.id} has no message text to allow (the guard "
                  f"could not read that send)", file=sys.stderr)
            return 2
        store.grant_override(verdict["text_hash"], minutes=args.minutes)
        print(f"Allowed verdict {args.id}'s text once for the next {args.minutes} minutes: "
              f"send it again now.")
        return 0
    finally:
        store.close()


def seat_command(args) -> int:
    """`bsm-guard seat [list]` and `bsm-guard seat add NAME [--lead]`."""
    try:
        store = _open(args)
    except StoreError as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return 2
    try:
        if args.action == "add":
            if not args.name:
                print("bsm-guard: `seat add` needs a seat name", file=sys.stderr)
                return 2
            store.set_seat(args.name, lead=args.lead)
            print(f"Seat {args.name}{' (lead)' if args.lead else ''} saved.")
            return 0
        for name, lead in sorted(store.seats().items()):
            print(f"{name}{'  lead' if lead else ''}")
        return 0
    finally:
        store.close()


def format_table(verdicts: list[dict]) -> str:
    rows = [("ID", "TIME (UTC)", "CHANNEL", "ORDER", "VERDICT", "ACTION", "CODES")]
    for v in verdicts:
        rows.append((str(v["id"]), v["time"].replace("T", " ").rstrip("Z"), v["channel"],
                     v["order_id"] or "-", v["verdict"], v["action"],
                     ",".join(v["codes"]) or "-"))
    widths = [max(len(r[i]) for r in rows) for i in range(len(rows[0]) - 1)]
    return "\n".join("  ".join(cell.ljust(w) for cell, w in zip(r, widths)) + "  " + r[-1]
                     for r in rows)


def format_verdict(v: dict) -> str:
    lines = [
        f"Verdict {v['id']}  {v['time']}",
        f"  channel     {v['channel']}",
        f"  order       {v['order_id'] or '-'}   marketplace {v['marketplace'] or '-'}",
        f"  verdict     {v['verdict']} ({v['action']})",
    ]
    for d in v.get("diagnostics", []):
        where = f" line {d['line']}" if d.get("line") else ""
        lines.append(f"  {d['code']} {d.get('name', '')} [{d.get('severity', '')}]{where}: "
                     f"{d.get('message', '')}")
    if v.get("text") is not None:
        lines += ["", "Message text:", v["text"]]
    elif v.get("text_hidden"):
        lines += ["", "(another seat's text: only a lead can read it)"]
    elif v["action"] in ("blocked", "failed_closed"):
        lines += ["", "(the text is no longer kept)"]
    if v["action"] in ("blocked", "failed_closed") and v["text_hash"]:
        lines += ["", f"To send it anyway: bsm-guard allow {v['id']}"]
    return "\n".join(lines)
