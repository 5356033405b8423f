"""`bsm-guard`: the command line. Subcommands import their modules lazily, so `bsm-guard check`
never pays for mitmproxy and gives its first result quickly."""

from __future__ import annotations

import argparse
import sys
from importlib import import_module

DATA_DIR_HELP = "the guard's state folder (default: the user data dir)"

# subcommand -> "module:function"; each function takes the parsed args and returns an exit code.
COMMANDS = {
    "check": "proxy.check_cli:check_command",
    "rules": "proxy.check_cli:rules_command",
    "rule": "proxy.check_cli:rule_command",
    "run": "proxy.service:run_command",
    "demo": "proxy.demo:demo_command",
    "ca-path": "proxy.service:ca_path_command",
    "history": "proxy.history_cli:history_command",
    "allow": "proxy.history_cli:allow_command",
    "token": "proxy.service:token_command",
    "seat": "proxy.history_cli:seat_command",
    "pair": "proxy.service:pair_command",
}


def build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(
        prog="bsm-guard",
        description="Check Amazon buyer-seller messages before they reach the buyer.")
    parser.add_argument("--version", action="version", version=_version())
    sub = parser.add_subparsers(dest="command", metavar="COMMAND", required=True)

    check = sub.add_parser(
        "check", help="check message files (.txt, .html, .json) or - for stdin",
        description="Check messages and templates before they are sent. The settings saved in "
        "the local guard (rules ignored and words added in the browser extension, severities, "
        "allowed domains) apply too, with bsm-guard.toml on top of them; if the guard's store "
        "cannot be read, one notice goes to stderr and the file alone applies. Template placeholders "
        "such as {{order_id}}, [[order-id]] or %buyer_name% are understood: an order-ID "
        "placeholder counts as the order ID, and placeholders are not spell-checked.",
        epilog="Exit status: 0 nothing blocks, 1 something blocks, 2 an input could not be "
        "checked (a .json file in a folder that is not a message is skipped with a notice).")
    check.add_argument("paths", nargs="+", metavar="PATH",
                       help="a message file, a folder (every .json, .txt, .html in it) or - for "
                       "standard input")
    check.add_argument("--format", choices=("text", "json", "sarif"), default="text",
                       help="text for people (default), json (a stable interface) or sarif "
                       "(code scanning)")
    check.add_argument("--config", metavar="FILE", help="bsm-guard.toml to use (default: "
                       "the nearest one upward from the current folder); it goes on top of "
                       "the guard's saved settings: lists (ignore, words, allowed_domains) add "
                       "up, and where the two differ the file wins")
    check.add_argument("--no-guard-settings", action="store_true",
                       help="do not apply the local guard's saved settings (the rules ignored "
                       "and words added in the extension); for CI runs that must depend on "
                       "bsm-guard.toml alone")
    check.add_argument("--data-dir", metavar="DIR", help="read the guard's saved settings "
                       "from this data dir (default: the user data dir `bsm-guard run` uses; "
                       "read only, never created)")
    check.add_argument("--store", metavar="URL", default=None, help="read the guard's saved "
                       "settings from this store: postgresql://user@host/db or "
                       "sqlite:///path/guard.sqlite3 (default: $BSM_GUARD_STORE, else SQLite "
                       "in the data dir)")
    check.add_argument("--now", metavar="ISO-TIME", help=argparse.SUPPRESS)
    check.add_argument("--explain", action="store_true", help="print each sentence's intents, "
                       "scores and nearest training sentences (why a content rule fired)")

    sub.add_parser("rules", help="list every rule: code, name, level and the guideline")
    one = sub.add_parser("rule", help="show one rule's documentation")
    one.add_argument("code", help="a rule code (C204) or name (review-incentive)")

    def team_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--store", metavar="URL", default=None, help="where records and the "
                       "team's settings live: postgresql://user@host/db for a team (default: "
                       "$BSM_GUARD_STORE, else SQLite in the data dir)")
        p.add_argument("--seat", metavar="NAME", help="who works at this machine (recorded "
                       "with each verdict; blocked texts of other seats are for leads)")

    def service_options(p: argparse.ArgumentParser) -> None:
        p.add_argument("--proxy-port", type=int, default=8080,
                       help="port of the proxy that browsers and SP-API tools use (default: 8080)")
        p.add_argument("--api-port", type=int, default=8765,
                       help="port of the local API, the extension's and the history page's "
                       "(default: 8765)")
        p.add_argument("--mode", choices=("block", "warn", "off"), default=None,
                       help="block violating sends, warn (annotate and let through), or off")
        p.add_argument("--fail-mode", choices=("closed", "open"), default=None,
                       help="what to do when the checker itself fails (default: closed)")
        p.add_argument("--data-dir", metavar="DIR", help="where the CA, database and settings "
                       "live (default: the user data dir)")
        p.add_argument("--listen-host", default="127.0.0.1", help=argparse.SUPPRESS)
        team_options(p)
        p.add_argument("--upstream-proxy", metavar="URL", help="send Amazon traffic through "
                       "this company proxy (http://host:port)")
        p.add_argument("--upstream-ca-bundle", metavar="PEM", help="CA certificates to trust "
                       "for upstream TLS (a TLS-inspecting company proxy's CA)")
        p.add_argument("--seats-file", metavar="HTPASSWD", help="a shared guard: ask each "
                       "seat for proxy credentials from this htpasswd file (bcrypt or "
                       "sha1 entries); the user name is the seat")

    run = sub.add_parser("run", help="run the guard: the proxy and the local API")
    service_options(run)
    demo = sub.add_parser("demo", help="run the guard with the demo Seller Central page")
    service_options(demo)
    demo.add_argument("--demo-port", type=int, default=8780,
                      help="port of the demo page, served through the guard")

    ca = sub.add_parser("ca-path", help="print the path of the guard's CA certificate")
    ca.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    token = sub.add_parser("token", help="print the pairing token for the browser extension")
    token.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    pair = sub.add_parser("pair", help="print a new one-time code to type into the extension's "
                          "popup (works beside a running guard)")
    pair.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)

    history = sub.add_parser("history", help="list recent verdicts, or show one blocked message")
    history.add_argument("action", nargs="?", choices=("list", "show"), default="list",
                         help="list recent verdicts (default) or show one")
    history.add_argument("id", nargs="?", type=int, help="the verdict ID to show")
    history.add_argument("--limit", type=int, default=20,
                         help="how many recent verdicts to list (default: 20)")
    history.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    history.add_argument("--format", choices=("text", "json"), default="text",
                         help="text for people (default) or json")
    team_options(history)

    allow = sub.add_parser("allow", help="let one blocked message through once (an override)")
    allow.add_argument("id", type=int, help="the verdict ID from `bsm-guard history`")
    allow.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    allow.add_argument("--minutes", type=int, default=10,
                       help="how long the permission lasts (default: 10); it is used once")
    team_options(allow)

    seat = sub.add_parser("seat", help="list the team's seats, or add one (leads see every "
                          "seat's blocked texts and the team view)")
    seat.add_argument("action", nargs="?", choices=("list", "add"), default="list",
                      help="list the seats (default) or add one")
    seat.add_argument("name", nargs="?", help="the seat to add")
    seat.add_argument("--lead", action="store_true",
                      help="the new seat is a lead's: it sees every seat's blocked texts")
    seat.add_argument("--data-dir", metavar="DIR", help=DATA_DIR_HELP)
    team_options(seat)
    return parser


def main(argv: list[str] | None = None) -> int:
    parser = build_parser()
    args = parser.parse_args(argv)
    module_name, func_name = COMMANDS[args.command].split(":")
    func = getattr(import_module(module_name), func_name)
    try:
        return int(func(args) or 0)
    except KeyboardInterrupt:
        return 130
    except BrokenPipeError:  # `bsm-guard check ... | head`: the reader left, nothing to report
        sys.stderr.close()
        return 0


def _version() -> str:
    from policy import __version__

    return f"bsm-guard {__version__}"


if __name__ == "__main__":  # pragma: no cover
    sys.exit(main())
