"""The local API that the browser extension talks to (aiohttp, inside `bsm-guard run`).

Routes (README, "Local API"); "token" marks the routes that need the per-install token:

    GET  /api/health               liveness, mode, ports
    POST /api/check                a message (+ "context" from the page) -> the report, with
                                   UTF-16 offsets for the browser
    GET  /api/rules                every rule with its documentation
    GET  /api/events         token server-sent events: the proxy's verdicts as they happen
                                   (`proxy.api_events`)
    GET  /api/history        token recent verdicts;  GET /api/history/{id}  one, with its text
    GET  /api/settings             the settings;  PUT /api/settings (token) a partial update
    POST /api/override       token let one blocked text ({"verdict_id"}) or a text about to be
                                   sent ({"text"}) through once, for 10 minutes
    POST /api/context        token facts about an order that the page shows
    POST /api/pair                 {"code": "ABC-DEF"} -> the token, only to the extension's own
                                   origin and only for the one-time code that `bsm-guard run` or
                                   `bsm-guard pair` printed (`proxy.pairing`)
    GET  /api/ca.pem               the guard's CA certificate (public part), to trust it

The defences (Host check, Origin allow-list, body limit, token) are middlewares in
`proxy.api_security`. Handlers never log message text above debug level.
"""

from __future__ import annotations

import asyncio
import datetime as dt
import logging
import re
import time
from pathlib import Path
from typing import Any

from aiohttp import web

import policy
from policy import ConfigError, MessageError
from proxy import api_events, pairing
from proxy.api_events import HEARTBEAT  # noqa: F401  (re-exported)
from proxy.api_limits import CheckRunner, ConnectionLimits
from proxy.api_offsets import add_utf16_offsets
from proxy.api_security import (
    MAX_BODY, MIDDLEWARES, STATE, ApiError, add_cors_headers, needs_token, read_json,
)
from proxy import history_page
from proxy.extension_id import EXTENSION_ORIGIN
from proxy.state import GuardState, text_hash

__all__ = ["STATE", "PORTS", "HEARTBEAT", "LIMITS", "make_app"]

log = logging.getLogger("bsm_guard.api")

PORTS = web.AppKey("ports", dict)  # {"proxy": int, "api": int}, filled in by the service
CONTEXT_FIELDS = ("order_id", "buyer_language", "order_date", "marketplace")
OVERRIDE_MINUTES = 10
# Checks run inline on the loop that also runs the proxy; grammar costs ~4 ms per 1,000
# characters, so an absurd text would stall it. Seller Central messages are far shorter.
MAX_CHECK_CHARS = 20_000
LIMITS = web.AppKey("limits", ConnectionLimits)
CHECKS = web.AppKey("checks", object)  # CheckRunner (api_limits): own thread, timeout, rates


# -- health, rules, settings ---------------------------------------------------------------------
async def health(request: web.Request) -> web.Response:
    state = request.app[STATE]
    ports = request.app[PORTS]
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    return web.json_response({
        "ok": True,
        "version": policy.__version__,
        "mode": state.settings.mode,
        "fail_mode": state.settings.fail_mode,
        "proxy_port": ports.get("proxy"),
        "api_port": ports.get("api") or (sockname[1] if sockname else None),
        "store": _store_status(state),
    })


# -- the store (issue 10): calls off the loop, bounded; unavailable -> 503 -------------------
def _store_status(state: GuardState) -> dict[str, Any] | None:
    status = getattr(state.store, "status", None)
    return {**status(), "seat": state.seat, "settings_version": state.settings_version} \
        if status else None


async def _store(func, *args, **kwargs):
    """Run a store call on a thread; a store that is down or slow answers 503, not a stall."""
    from proxy.store import SettingsConflict, StoreError

    try:
        return await asyncio.to_thread(func, *args, **kwargs)
    except SettingsConflict as exc:
        raise ApiError(409, str(exc)) from None
    except StoreError as exc:
        raise ApiError(503, f"the store is unavailable: {exc}") from None


async def rules(request: web.Request) -> web.Response:
    return web.json_response([{
        "code": r.code, "name": r.name, "severity": r.severity.value, "summary": r.summary,
        "clause": r.clause, "url": r.url, "docs": r.docs,
    } for r in policy.all_rules()])


async def get_settings(request: web.Request) -> web.Response:
    return web.json_response(request.app[STATE].settings.to_dict())


@needs_token
async def put_settings(request: web.Request) -> web.Response:
    state = request.app[STATE]
    changes = await read_json(request)
    if not isinstance(changes, dict):
        raise ApiError(400, "settings must be a JSON object such as {\"mode\": \"warn\"}")
    try:
        settings = await _store(state.update_settings, changes)
    except ConfigError as exc:
        raise ApiError(400, str(exc)) from None
    except OSError as exc:
        raise ApiError(500, f"could not save the settings: {exc.strerror or exc}") from None
    log.info("settings changed: mode=%s fail_mode=%s", settings.mode, settings.fail_mode)
    state.events.publish({"type": "settings", "mode": settings.mode,
                          "fail_mode": settings.fail_mode})
    return web.json_response(settings.to_dict())


# -- checking ------------------------------------------------------------------------------------
def build_message(payload: Any, state: GuardState) -> policy.Message:
    """The message to check: the README's message JSON, with the page's `context` and what the
    guard learned about the order filling fields the message leaves empty (the message's own
    fields win, then the page, then learned facts)."""
    if not isinstance(payload, dict):
        raise MessageError("the body must be a JSON object: a message with 'text' or 'html'")
    context = payload.get("context")
    if context is None:
        context = {}
    if not isinstance(context, dict):
        raise MessageError("'context' must be an object")
    for key in (*CONTEXT_FIELDS, "contact_reason"):
        value = context.get(key)
        if value is not None and not isinstance(value, str):
            raise MessageError(f"'context.{key}' must be a string, not {type(value).__name__}")
    merged = {k: v for k, v in payload.items() if k != "context"}
    order_id = merged.get("order_id") or context.get("order_id")
    learned = state.orders.get(order_id) if isinstance(order_id, str) else {}
    for key in CONTEXT_FIELDS:
        if merged.get(key) in (None, ""):
            value = context.get(key) or learned.get(key)
            if value:
                merged[key] = value
    if not merged.get("attachments") and context.get("attachments"):
        merged["attachments"] = context["attachments"]
    if not merged.get("contact_reason") and context.get("contact_reason"):
        merged["contact_reason"] = context["contact_reason"]
    return policy.Message.from_dict(merged)


async def _review_known(state: GuardState, order_id: str) -> bool:
    try:
        return bool(await asyncio.wait_for(_store(state.store.review_requested, order_id), 0.5))
    except Exception as exc:  # a store problem must not stop live checking
        log.warning("could not read review requests: %s", type(exc).__name__)
        return False


_FIELD = re.compile(r"'([\w.]+(?:\[\d+\])?)'|^(attachments\[\d+\][\w.]*)")


def _field_of(error: MessageError) -> str | None:
    match = _FIELD.search(str(error))
    return (match.group(1) or match.group(2)) if match else None


def _check(message: policy.Message, config: policy.Config):
    started = time.perf_counter()
    report = policy.check(message, config)
    return report, (time.perf_counter() - started) * 1000


async def check(request: web.Request) -> web.Response:
    """Off the loop (never on the thread that carries the proxy), bounded in time and queue,
    rate-limited per client (`proxy.api_limits`)."""
    state = request.app[STATE]
    runner = request.app[CHECKS]
    if not runner.allow(request, state):
        raise ApiError(429, "too many checks from this client; slow down",
                       code="BSM_GUARD_RATE_LIMITED")
    payload = await read_json(request)
    try:
        message = build_message(payload, state)
    except MessageError as exc:
        raise ApiError(400, str(exc), field=_field_of(exc)) from None
    size = len(message.body) + len(message.subject)
    if size > MAX_CHECK_CHARS:
        raise ApiError(413, f"the message is {size} characters; live checking takes at most "
                       f"{MAX_CHECK_CHARS}")
    if (message.order_id and "review_already_requested" not in payload
            and await _review_known(state, message.order_id)):
        message = message.with_context(review_already_requested=True)
    try:
        report, elapsed = await runner.run(_check, message, state.settings.config)
    except policy.CheckError as exc:
        log.error("the checker failed: %s", str(exc).split(":")[0])
        raise ApiError(500, f"the checker failed, so this message was not checked: {exc}",
                       code="BSM_GUARD_CHECK_FAILED") from None
    result = report.to_dict()
    add_utf16_offsets(result["diagnostics"], message.body, message.subject)
    result["codes"] = report.codes
    result["counts"] = {"error": len(report.errors), "warning": len(report.warnings)}
    result["elapsed_ms"] = round(elapsed, 2)
    log.debug("checked %d characters in %.1f ms: %s", len(message.body), elapsed,
              result["codes"])
    return web.json_response(result)


# -- history, override, context -----------------------------------------------------------------
def _limit(request: web.Request) -> int:
    raw = request.query.get("limit", "50")
    if not raw.isdigit() or not 1 <= int(raw) <= 500:
        raise ApiError(400, "'limit' must be a whole number from 1 to 500")
    return int(raw)


@needs_token
async def history(request: web.Request) -> web.Response:
    limit = _limit(request)
    state = request.app[STATE]
    return web.json_response(await _store(state.store.recent_verdicts, limit))


@needs_token
async def history_one(request: web.Request) -> web.Response:
    raw = request.match_info["id"]
    if not raw.isdigit():
        raise ApiError(400, "the verdict ID must be a whole number")
    state = request.app[STATE]
    viewer = await _store(state.store.viewer, state.seat)
    verdict = await _store(state.store.get_verdict, int(raw), viewer=viewer)
    if verdict is None:
        raise ApiError(404, f"no verdict {raw}")
    return web.json_response(verdict)


def _int_field(body: Any, key: str) -> int:
    if not isinstance(body, dict):
        raise ApiError(400, f"the body must be a JSON object with '{key}'")
    value = body.get(key)
    if isinstance(value, bool) or not isinstance(value, int) or value < 1:
        raise ApiError(400, f"'{key}' must be a verdict ID (a positive whole number)",
                       field=key)
    return value


@needs_token
async def override(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await read_json(request)
    if isinstance(body, dict) and "verdict_id" not in body and isinstance(body.get("text"), str):
        return await _override_text(state, body["text"])  # asked in the page before the send
    verdict_id = _int_field(body, "verdict_id")
    verdict = await _store(state.store.get_verdict, verdict_id)
    if verdict is None:
        raise ApiError(404, f"no verdict {verdict_id}")
    if not verdict.get("text_hash"):
        raise ApiError(409, f"verdict {verdict_id} has no message text to allow")
    await _store(state.store.grant_override, verdict["text_hash"], minutes=OVERRIDE_MINUTES)
    log.info("override granted for verdict %d (%d minutes, once)", verdict_id, OVERRIDE_MINUTES)
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=OVERRIDE_MINUTES)
    state.events.publish({"type": "override", "verdict_id": verdict_id,
                          "expires": expires.isoformat(timespec="seconds")})
    return web.json_response({"ok": True, "verdict_id": verdict_id,
                              "expires": expires.isoformat(timespec="seconds"), "uses": 1})


async def _override_text(state: GuardState, text: str) -> web.Response:
    """Let this exact text through once: the seller chose "Send anyway" before sending."""
    if not text.strip():
        raise ApiError(400, "'text' must be the message to let through", field="text")
    await _store(state.store.grant_override, text_hash(text), minutes=OVERRIDE_MINUTES)
    log.info("override granted before a send (%d minutes, once)", OVERRIDE_MINUTES)
    expires = dt.datetime.now(dt.timezone.utc) + dt.timedelta(minutes=OVERRIDE_MINUTES)
    return web.json_response({"ok": True, "expires": expires.isoformat(timespec="seconds"),
                              "uses": 1})


@needs_token
async def context(request: web.Request) -> web.Response:
    state = request.app[STATE]
    body = await read_json(request)
    if not isinstance(body, dict):
        raise ApiError(400, "the body must be a JSON object with 'order_id'")
    for key in CONTEXT_FIELDS:
        value = body.get(key)
        if value is not None and (not isinstance(value, str) or len(value) > 100):
            raise ApiError(400, f"'{key}' must be a short string", field=key)
    if not body.get("order_id"):
        raise ApiError(400, "'order_id' is required", field="order_id")
    if body.get("order_date"):
        try:
            dt.date.fromisoformat(body["order_date"][:10])
        except ValueError:
            raise ApiError(400, "'order_date' must be a date such as 2026-11-01",
                           field="order_date") from None
    facts = {k: body.get(k) for k in CONTEXT_FIELDS[1:]}
    state.orders.learn(body["order_id"], **facts)
    return web.json_response({"ok": True, "order_id": body["order_id"],
                              "known": state.orders.get(body["order_id"])})


# -- pairing and the CA --------------------------------------------------------------------------
async def pair(request: web.Request) -> web.Response:
    """The token for the code the seller typed: an Origin header alone proves nothing (any
    local process can send one), a code printed on the seller's terminal does."""
    if request.headers.get("Origin") != EXTENSION_ORIGIN:
        raise ApiError(403, "pairing is only for the bsm-guard extension; "
                       "`bsm-guard token` prints the token")
    body = await read_json(request)
    state = request.app[STATE]
    try:
        pairing.redeem(state.data_dir, body.get("code") if isinstance(body, dict) else None)
    except pairing.PairingRefused as exc:
        log.warning("refused to pair: %s", exc.message)
        raise ApiError(exc.status, exc.message, code="BSM_GUARD_PAIRING_CODE") from None
    log.info("paired with the extension")
    return web.json_response({"token": state.token})


_CERT = re.compile(rb"-----BEGIN CERTIFICATE-----\r?\n[A-Za-z0-9+/=\r\n]+-----END CERTIFICATE-----")
CA_NAMES = ("mitmproxy-ca-cert.pem",)


def find_ca_cert(data_dir: Path) -> Path | None:
    for base in (data_dir, data_dir / "mitmproxy", data_dir / "ca"):
        for name in CA_NAMES:
            if (base / name).is_file():
                return base / name
    return None


async def ca_pem(request: web.Request) -> web.Response:
    path = find_ca_cert(request.app[STATE].data_dir)
    if path is None:
        raise ApiError(404, "the guard has no CA certificate yet; start `bsm-guard run` once")
    match = _CERT.search(path.read_bytes())  # the certificate only, never a key beside it
    if match is None:
        raise ApiError(500, f"{path.name} holds no certificate")
    return web.Response(body=match.group(0) + b"\n", content_type="application/x-pem-file",
                        headers={"Content-Disposition": 'attachment; filename="bsm-guard-ca.pem"'})


# -- the app -------------------------------------------------------------------------------------
async def _close_checks(app: web.Application) -> None:
    app[CHECKS].close()


def make_app(state: GuardState, *, proxy_port: int | None = None,
             heartbeat: float = 15.0) -> web.Application:
    """The API application; tests run it without the proxy. The service may fill
    `app[PORTS]` with the bound ports after start-up."""
    app = web.Application(middlewares=MIDDLEWARES, client_max_size=MAX_BODY)
    app[STATE] = state
    app[PORTS] = {"proxy": proxy_port} if proxy_port else {}
    app[LIMITS] = ConnectionLimits()
    app[CHECKS] = CheckRunner()
    app.on_response_prepare.append(app[LIMITS].on_response_prepare)
    app.on_cleanup.append(_close_checks)
    app.on_response_prepare.append(add_cors_headers)
    r = app.router
    r.add_get("/api/health", health)
    r.add_post("/api/check", check)
    r.add_get("/api/rules", rules)
    api_events.add_routes(app, heartbeat)
    r.add_get("/api/history", history)
    r.add_get("/api/history/{id}", history_one)
    r.add_get("/api/settings", get_settings)
    r.add_put("/api/settings", put_settings)
    r.add_post("/api/override", override)
    r.add_post("/api/context", context)
    r.add_post("/api/pair", pair)
    r.add_get("/api/ca.pem", ca_pem)
    history_page.add_routes(app)  # /history, /api/report, /api/report.csv
    return app
