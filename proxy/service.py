"""`bsm-guard run`: mitmproxy with the guard addon and the local API, on one event loop.

One process, one loop (FACTS.md): a plain mitmproxy `Master` with the default addons, not
`DumpMaster`, whose error check calls `sys.exit` on a busy port. The options matter:

* `confdir` is the data dir, so mitmproxy uses the guard's CA that `ensure_ca` puts there
  (key 0600) and nothing is written to ~/.mitmproxy. It is set when `Options` is built, before any
  addon configures itself.
* `allow_hosts` holds anchored patterns for the Amazon hosts (and reverse-proxy targets):
  every other connection is a tunnel with its TLS untouched.
* `connection_strategy="lazy"`: the upstream is contacted only for a request that goes on, so
  a blocked send never reaches Amazon, not even as a TLS handshake.
* Options owned by addons (`connection_strategy`) are set after the addons are added, and
  shutting down takes `servers.update([])`; `Master.shutdown()` alone leaves the port open.
"""

from __future__ import annotations

import asyncio
import logging
import os
import secrets
import signal
import socket
import sys
from pathlib import Path
from typing import Any, Iterable, Mapping
from urllib.parse import urlsplit

import platformdirs

from policy import ConfigError, __version__
from proxy import pairing
from proxy.state import GuardState
from proxy.store import StoreError

logger = logging.getLogger(__name__)

CA_CERT = "mitmproxy-ca-cert.pem"
TOKEN_FILE = "token"
DB_FILE = "guard.sqlite3"


class GuardStartError(RuntimeError):
    """The guard could not start (a port in use, a bad option); one line for the user."""


def default_data_dir() -> Path:
    return Path(platformdirs.user_data_dir("bsm-guard"))


def ensure_data_dir(data_dir: Path | str | None) -> Path:
    """The data dir, created owner-only (0700) when it does not exist yet. An existing folder
    keeps its permissions (it may be shared on purpose); the guard's own files in it are
    owner-only anyway (`owner_only_files`), and a folder others can enter gets a warning."""
    path = Path(data_dir).expanduser() if data_dir else default_data_dir()
    try:
        path.mkdir(parents=True, mode=0o700)
    except FileExistsError:
        try:
            mode = path.stat().st_mode & 0o777
        except OSError:
            mode = 0
        if mode & 0o077:
            logger.warning("bsm-guard: %s is open to other users (mode %o); the guard's files "
                           "in it are owner-only, but consider a private --data-dir", path, mode)
    return path


def owner_only_files() -> None:
    """Every file this process creates is owner-only (0600, folders 0700): the CA key, the
    token, the database and its -wal/-shm files (which SQLite creates itself), settings."""
    os.umask(0o077)


def load_token(data_dir: Path) -> str:
    """The per-install pairing token, created once with owner-only permissions."""
    path = data_dir / TOKEN_FILE
    try:
        fd = os.open(path, os.O_WRONLY | os.O_CREAT | os.O_EXCL, 0o600)
    except FileExistsError:
        return path.read_text(encoding="utf-8").strip()
    with os.fdopen(fd, "w", encoding="utf-8") as out:
        token = secrets.token_urlsafe(32)
        out.write(token + "\n")
    return token


def open_state(data_dir: Path | None = None, *, mode: str | None = None,
               fail_mode: str | None = None, store: str | None = None,
               seat: str | None = None) -> GuardState:
    """The state of one `bsm-guard run`: settings (command-line modes win for this run),
    the store (`store` URL, default SQLite in the data dir; proxy.team), the token.
    Raises ConfigError or StoreError with a one-line reason."""
    from proxy.team import open_store_and_settings

    data_dir = ensure_data_dir(data_dir)
    guard_store, team, version = open_store_and_settings(data_dir, store)
    pinned = {k: v for k, v in (("mode", mode), ("fail_mode", fail_mode)) if v}
    state = GuardState(data_dir=data_dir, settings=team, store=guard_store,
                       token=load_token(data_dir), seat=seat, pinned=pinned,
                       settings_version=version)
    state.apply_team(team)
    guard_store.watch_settings(state.team_settings_changed, version)
    return state


def ca_cert_path(data_dir: Path) -> Path:
    return data_dir / CA_CERT


def ensure_ca(data_dir: Path) -> Path:
    """Create the guard's own CA in the data dir if no CA is there yet (proxy/ca.py: under the
    names mitmproxy loads), check that mitmproxy loads it, and return the certificate's path."""
    from mitmproxy import certs
    from mitmproxy.options import CONF_BASENAME, KEY_SIZE

    from proxy import ca

    ca.ensure_ca(data_dir, CONF_BASENAME)
    certs.CertStore.from_store(data_dir, CONF_BASENAME, KEY_SIZE)
    return ca_cert_path(data_dir)


def _free_port(host: str) -> int:
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    with socket.socket(family, socket.SOCK_STREAM) as sock:
        sock.bind((host, 0))
        return sock.getsockname()[1]


class GuardService:
    """mitmproxy (regular mode on `proxy_port`, plus reverse modes) and the API on one loop.

    Port 0 means "any free port"; after `start()` the attributes hold the bound ports.
    `extra_addons` run after the guard (a test seam: e.g. redirect the upstream), and
    `options` sets further mitmproxy options (e.g. `ssl_insecure` for a test upstream).
    """

    def __init__(self, state: GuardState, *, proxy_port: int = 8080, api_port: int = 8765,
                 listen_host: str = "127.0.0.1", reverse: Iterable[tuple[str, int]] = (),
                 extra_addons: Iterable[Any] = (), options: Mapping[str, Any] | None = None,
                 api: bool = True, upstream_proxy: str | None = None):
        self.state = state
        self.listen_host = listen_host
        self.proxy_port = proxy_port
        self.api_port = api_port
        self.reverse = list(reverse)
        self.reverse_ports: list[int] = [port for _, port in self.reverse]
        self.extra_addons = list(extra_addons)
        self.extra_options = dict(options or {})
        self.with_api = api
        self.upstream_proxy = upstream_proxy  # a company proxy: mitmproxy's upstream mode
        self.master = None
        self.guard = None
        self._runner = None

    @property
    def ca_path(self) -> Path:
        return ca_cert_path(self.state.data_dir)

    async def start(self) -> None:
        from mitmproxy import addons, master, options

        from addon import hosts
        from addon.guard import Guard
        from addon.learn import OrderLearner
        from addon.sp_forward import SpApiForwarder
        from addon.status import GuardStatus
        from addon.trailers import Trailers

        host = self.listen_host
        proxy_port = self.proxy_port or _free_port(host)
        reverse_ports = [port or _free_port(host) for _, port in self.reverse]
        main = f"upstream:{self.upstream_proxy}" if self.upstream_proxy else "regular"
        modes = [f"{main}@{host}:{proxy_port}"] + [
            f"reverse:{url}@{host}:{port}" for (url, _), port in zip(self.reverse, reverse_ports)]
        targets = [_target(url) for url, _ in self.reverse]

        opts = options.Options(
            confdir=str(self.state.data_dir), mode=modes,
            allow_hosts=hosts.allow_hosts_patterns(targets))
        self.master = master.Master(opts, event_loop=asyncio.get_running_loop())
        self.master.addons.add(*addons.default_addons())
        self.guard = Guard(self.state)
        # The forwarder goes last: it answers SP-API calls that every other addon let through.
        self.master.addons.add(GuardStatus(self.state), self.guard, Trailers(),
                               OrderLearner(self.state),
                               *self.extra_addons, SpApiForwarder(self.upstream_proxy))
        from mitmproxy import exceptions

        try:
            # body_size_limit: mitmproxy buffers bodies on intercepted hosts; bounded, so no
            # single request or response can take the process down (the guard's own limits
            # for sends are far lower, see addon/guard.py).
            opts.update(connection_strategy="lazy", body_size_limit="64m", **self.extra_options)
        except exceptions.OptionsError as exc:
            raise GuardStartError(str(exc)) from None

        # mitmproxy's tlsconfig loads the CA only in its `running` hook, after the servers
        # listen; create it first so the CA file exists before the proxy accepts anyone.
        ensure_ca(self.state.data_dir)
        proxyserver = self.master.addons.get("proxyserver")
        quiet = logging.getLogger("mitmproxy.addons.proxyserver")
        level, quiet.level = quiet.level, logging.CRITICAL  # we report a busy port ourselves
        try:
            ok = await proxyserver.setup_servers()
        finally:
            quiet.setLevel(level)
        if not ok:
            problems = [f"{inst.mode.listen_host(host)}:{inst.mode.listen_port()}: "
                        f"{_reason(inst.last_exception)}"
                        for inst in proxyserver.servers if inst.last_exception]
            await proxyserver.servers.update([])
            raise GuardStartError("cannot listen on " + "; ".join(problems or ["a port"]))
        await self.master.running()
        for inst in proxyserver.servers:
            port = inst.listen_addrs[0][1] if inst.listen_addrs else None
            if inst.mode.full_spec == modes[0]:
                self.proxy_port = port
        self.reverse_ports = reverse_ports

        if self.with_api:
            try:
                await self._start_api()
            except BaseException:
                await self._stop_proxy()
                raise

    async def _start_api(self) -> None:
        from aiohttp import web

        from proxy import api

        from proxy.api_limits import LimitedSite

        port = self.api_port
        app = api.make_app(self.state)
        ports = app.get(api.PORTS) if hasattr(api, "PORTS") else None
        # keepalive_timeout: idle API connections go after 15 s (the extension reconnects).
        self._runner = web.AppRunner(app, shutdown_timeout=2.0, access_log=None,
                                     keepalive_timeout=15.0)
        await self._runner.setup()
        site = LimitedSite(self._runner, self.listen_host, port, app[api.LIMITS])
        try:
            await site.start()
        except OSError as exc:
            await self._runner.cleanup()
            self._runner = None
            raise GuardStartError(f"cannot listen on {self.listen_host}:{port} for the API: "
                                  f"{_reason(exc)}") from None
        self.api_port = self._runner.addresses[0][1]
        if ports is not None:  # /api/health reports the bound ports
            ports.update(proxy=self.proxy_port, api=self.api_port)

    async def stop(self) -> None:
        if self._runner is not None:
            await self._runner.cleanup()
            self._runner = None
        await self._stop_proxy()

    async def _stop_proxy(self) -> None:
        if self.master is None:
            return
        proxyserver = self.master.addons.get("proxyserver")
        await proxyserver.servers.update([])
        await self.master.done()
        self.master.should_exit.set()
        self.master = None


def _target(url: str) -> tuple[str, int]:
    parts = urlsplit(url if "://" in url else f"http://{url}")
    return parts.hostname or "127.0.0.1", parts.port or (443 if parts.scheme == "https" else 80)


def _reason(exc: BaseException | None) -> str:
    if isinstance(exc, OSError) and exc.errno in (98, 48, 10048):
        return "the address is already in use (is another bsm-guard running?)"
    if isinstance(exc, OSError) and exc.strerror:
        return exc.strerror.lower()
    return str(exc)


# --- the commands -------------------------------------------------------------------------


def configure_logging() -> None:
    logging.basicConfig(level=logging.INFO, format="%(message)s", stream=sys.stderr)
    for noisy in ("mitmproxy", "aiohttp.access", "hpack", "passlib"):
        logging.getLogger(noisy).setLevel(logging.WARNING)


def say(line: str) -> None:
    print(line, flush=True)


def banner(service: GuardService, code: str | None = None) -> str:
    state = service.state
    lines = [
        f"bsm-guard {__version__}: guarding Seller Central and SP-API sends "
        f"(mode {state.settings.mode}, fail mode {state.settings.fail_mode})",
        f"  proxy   {service.listen_host}:{service.proxy_port}   set this as the HTTP and HTTPS "
        f"proxy of the browser or the SP-API tool",
        f"  API     http://{service.listen_host}:{service.api_port}",
        f"  history http://{service.listen_host}:{service.api_port}/history   verdicts, "
        f"blocked texts, CSV (asks for the token: bsm-guard token)",
        f"  CA      {service.ca_path}   trust it once (README: Trusting the guard's CA)",
    ]
    if code:
        lines.append(f"  pairing code {code}: type it into the bsm-guard extension's popup and "
                     f"press Pair (valid {pairing.CODE_MINUTES} minutes, once; "
                     f"`bsm-guard pair` prints a new one)")
    return "\n".join(lines)


async def serve(service: GuardService, extra_lines: Iterable[str] = ()) -> int:
    """Start `service` and say where it listens at once, warm the engine in the background
    (saying so), run until Ctrl-C or SIGTERM, stop cleanly. Returns the exit code (2 when it
    cannot start). A seller never waits in silence: every step prints a line."""
    say("bsm-guard: starting the proxy and the local API ...")
    try:
        await service.start()
    except GuardStartError as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return 2
    code = pairing.new_code(service.state.data_dir)
    say(banner(service, code))
    say(store_line(service))
    for line in extra_lines:
        say(line)
    say("  engine  loading the rules for en, de, fr, es, it, ja in the background; sends are "
        "checked meanwhile (the first ones may take a few seconds)")
    warming = asyncio.create_task(_warm_and_say(service))
    say("Press Ctrl-C to stop.")
    stop = asyncio.Event()
    loop = asyncio.get_running_loop()
    for sig in (signal.SIGINT, signal.SIGTERM):
        try:
            loop.add_signal_handler(sig, stop.set)
        except (NotImplementedError, RuntimeError):  # pragma: no cover (Windows)
            signal.signal(sig, lambda *_: loop.call_soon_threadsafe(stop.set))
    try:
        await stop.wait()
    finally:
        warming.cancel()
        print("bsm-guard: stopping", file=sys.stderr, flush=True)
        await service.stop()
        service.state.store.close()
    return 0


async def _warm_and_say(service: GuardService) -> None:
    from proxy.warmup import warm_up

    try:
        seconds = await warm_up(service)
    except asyncio.CancelledError:
        raise
    except Exception as exc:  # the guard still checks; the first sends are just slower
        say(f"  engine  warm-up failed ({type(exc).__name__}: {exc}); checking on demand")
        return
    say(f"  engine  ready: six languages loaded in {seconds:.1f} s")


def state_for_command(args) -> GuardState | None:
    """open_state from the CLI's options, or None after one line on stderr (exit 2)."""
    configure_logging()
    owner_only_files()
    try:
        return open_state(args.data_dir, mode=args.mode, fail_mode=args.fail_mode,
                          store=getattr(args, "store", None), seat=getattr(args, "seat", None))
    except (ConfigError, StoreError, OSError) as exc:
        print(f"bsm-guard: {exc}", file=sys.stderr)
        return None


# --- team options (issue 10): store, seat, company proxy ----------------------------------


def team_options(args) -> dict[str, Any]:
    """GuardService keyword arguments for --upstream-proxy, --upstream-ca-bundle and
    --seats-file (per-seat proxy credentials: mitmproxy's proxyauth with an htpasswd file)."""
    options: dict[str, Any] = {}
    if getattr(args, "upstream_ca_bundle", None):
        options["ssl_verify_upstream_trusted_ca"] = str(Path(args.upstream_ca_bundle).resolve())
    if getattr(args, "seats_file", None):
        options["proxyauth"] = "@" + str(Path(args.seats_file).resolve())
    return {"upstream_proxy": getattr(args, "upstream_proxy", None), "options": options}


def store_line(service: GuardService) -> str:
    status = service.state.store.status()
    seat = f", seat {service.state.seat}" if service.state.seat else ""
    health = "ok" if status["ok"] else (f"UNAVAILABLE ({status['last_error']}); "
                                        f"{status['queued']} record(s) queued locally")
    return f"  store   {status['store']}{seat}: {health}"


def run_command(args) -> int:
    say("bsm-guard: opening the guard's state ...")
    state = state_for_command(args)
    if state is None:
        return 2
    service = GuardService(state, proxy_port=args.proxy_port, api_port=args.api_port,
                           listen_host=args.listen_host, **team_options(args))
    return asyncio.run(serve(service))


def ca_path_command(args) -> int:
    owner_only_files()
    print(ensure_ca(ensure_data_dir(args.data_dir)))
    return 0


def token_command(args) -> int:
    owner_only_files()
    print(load_token(ensure_data_dir(args.data_dir)))
    return 0


def pair_command(args) -> int:
    owner_only_files()
    code = pairing.new_code(ensure_data_dir(args.data_dir))
    print(f"pairing code {code}: type it into the bsm-guard extension's popup and press Pair "
          f"(valid {pairing.CODE_MINUTES} minutes, once)")
    return 0
