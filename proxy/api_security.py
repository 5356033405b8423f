"""The local API's defences, as aiohttp middlewares, and its JSON error shape.

The API listens on the seller's own machine, so any web page the seller visits can try to reach
it. The layers, outermost first:

- `errors`: every failure becomes `{"error": "..."}` with a real status (also 404/405/413), and
  an unexpected exception is logged without the request's content.
- `host_check`: the Host header must name this server by a loopback name or the address the
  connection arrived on, with its port. A DNS-rebinding page reaches us under its own host
  name, so it is refused (421) before anything else runs.
- `origin_check`: a request that carries an Origin must come from the companion extension
  (`proxy.extension_id.EXTENSION_ORIGIN`), exactly; every other origin is refused (403). CORS
  headers are added for that origin only (`add_cors_headers`, on every response including
  errors and streams), never "*". Preflights are answered here.
- `size_check`: bodies are bounded (`MAX_BODY`); a declared larger body is refused at once and
  a chunked one fails when read (413 either way).
- `token_check`: a handler marked with `@needs_token` (state changes, history, events) needs
  the per-install token in `Authorization: Bearer`, `X-BSM-Guard-Token`, or for the event
  stream `?token=`; compared with `hmac.compare_digest`.
"""

from __future__ import annotations

import hmac
import ipaddress
import json
import logging
import traceback
from typing import Any, Awaitable, Callable

from aiohttp import web

from proxy.extension_id import EXTENSION_ORIGIN
from proxy.state import GuardState

log = logging.getLogger("bsm_guard.api")

MAX_BODY = 256 * 1024
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "[::1]")
TOKEN_HEADER = "X-BSM-Guard-Token"
CORS_HEADERS = {
    "Access-Control-Allow-Origin": EXTENSION_ORIGIN,
    "Access-Control-Allow-Methods": "GET, POST, PUT, OPTIONS",
    "Access-Control-Allow-Headers": f"Authorization, Content-Type, {TOKEN_HEADER}",
    "Access-Control-Max-Age": "600",
}

STATE = web.AppKey("state", GuardState)  # re-exported by proxy.api

Handler = Callable[[web.Request], Awaitable[web.StreamResponse]]


class ApiError(Exception):
    """Raised by handlers: becomes `{"error": message, **extra}` with `status`."""

    def __init__(self, status: int, message: str, **extra: Any):
        super().__init__(message)
        self.status = status
        self.message = message
        self.extra = extra


def json_error(status: int, message: str, *, headers: dict[str, str] | None = None,
               **extra: Any) -> web.Response:
    return web.json_response({"error": message, **extra}, status=status, headers=headers)


def needs_token(handler: Handler) -> Handler:
    """Mark a route handler as needing the per-install token."""
    handler.needs_token = True  # type: ignore[attr-defined]
    return handler


def token_from(request: web.Request) -> str | None:
    auth = request.headers.get("Authorization", "")
    if auth[:7].lower() == "bearer ":
        return auth[7:].strip()
    if TOKEN_HEADER in request.headers:
        return request.headers[TOKEN_HEADER].strip()
    if request.path == "/api/events":  # fetch-less clients (EventSource) cannot set headers
        return request.query.get("token")
    return None


def token_matches(given: str | None, expected: str) -> bool:
    if not given or not expected:
        return False
    return hmac.compare_digest(given.encode("utf-8"), expected.encode("utf-8"))


def allowed_hosts(request: web.Request) -> set[str]:
    """Host header values that name this server: loopback names and the address the connection
    arrived on (an IP literal cannot be rebound), each with the port we listen on."""
    sockname = request.transport.get_extra_info("sockname") if request.transport else None
    if not sockname:
        return set()
    address, port = sockname[0], sockname[1]
    names = set(LOOPBACK_NAMES)
    try:
        ip = ipaddress.ip_address(address.split("%")[0])
        names.add(f"[{ip.compressed}]" if ip.version == 6 else ip.compressed)
    except ValueError:
        pass
    return {f"{name}:{port}" for name in names}


# -- middlewares ---------------------------------------------------------------------------------
@web.middleware
async def errors(request: web.Request, handler: Handler) -> web.StreamResponse:
    try:
        return await handler(request)
    except ApiError as exc:
        return json_error(exc.status, exc.message, **exc.extra)
    except web.HTTPException as exc:
        if exc.status < 400:
            raise
        message = {
            404: f"no such API route: {request.method} {request.path}",
            405: f"{request.method} is not allowed on {request.path}",
            413: f"the request body is larger than {MAX_BODY // 1024} KiB",
        }.get(exc.status, exc.reason)
        headers = {"Allow": exc.headers["Allow"]} if "Allow" in exc.headers else None
        return json_error(exc.status, message, headers=headers)
    except Exception as exc:  # a bug: say so, log where, never log the request's content
        where = "".join(traceback.format_tb(exc.__traceback__, limit=-3)).strip()
        log.error("API %s %s failed with %s at\n%s", request.method, request.path,
                  type(exc).__name__, where)
        return json_error(500, "internal error in the bsm-guard API; see the guard's log")


@web.middleware
async def host_check(request: web.Request, handler: Handler) -> web.StreamResponse:
    host = request.headers.get("Host", "").strip().lower()
    if host not in allowed_hosts(request):
        log.warning("refused a request for Host %r (not this guard's address)", host[:100])
        return json_error(421, "this API only answers requests addressed to 127.0.0.1, "
                          "localhost or [::1] with its own port")
    return await handler(request)


@web.middleware
async def origin_check(request: web.Request, handler: Handler) -> web.StreamResponse:
    origin = request.headers.get("Origin")
    if origin is not None and origin != EXTENSION_ORIGIN:
        log.warning("refused a request from origin %r", origin[:100])
        return json_error(403, "this API answers only the bsm-guard browser extension")
    if request.method == "OPTIONS":
        if origin is None or "Access-Control-Request-Method" not in request.headers:
            return json_error(403, "preflight requests are answered only for the extension")
        return web.Response(status=204)
    return await handler(request)


@web.middleware
async def size_check(request: web.Request, handler: Handler) -> web.StreamResponse:
    if request.content_length is not None and request.content_length > MAX_BODY:
        return json_error(413, f"the request body is larger than {MAX_BODY // 1024} KiB")
    return await handler(request)


@web.middleware
async def token_check(request: web.Request, handler: Handler) -> web.StreamResponse:
    if getattr(request.match_info.handler, "needs_token", False):
        given = token_from(request)
        if not given:
            return json_error(401, "this route needs the pairing token (Authorization: Bearer "
                              "<token>); `bsm-guard token` prints it",
                              headers={"WWW-Authenticate": "Bearer"})
        if not token_matches(given, request.app[STATE].token):
            log.warning("refused a wrong token on %s %s", request.method, request.path)
            return json_error(403, "the pairing token is wrong; pair the extension again")
    return await handler(request)


MIDDLEWARES = (errors, host_check, origin_check, size_check, token_check)


async def add_cors_headers(request: web.Request, response: web.StreamResponse) -> None:
    """on_response_prepare: CORS for the extension's origin only; runs for streams and errors."""
    vary = response.headers.get("Vary")
    if not vary:
        response.headers["Vary"] = "Origin"
    elif "origin" not in vary.lower():
        response.headers["Vary"] = f"{vary}, Origin"
    if request.headers.get("Origin") != EXTENSION_ORIGIN:
        return
    response.headers.update(CORS_HEADERS)
    if request.headers.get("Access-Control-Request-Private-Network") == "true":
        response.headers["Access-Control-Allow-Private-Network"] = "true"


async def read_json(request: web.Request) -> Any:
    """The body as JSON; a malformed one is a 400 that says where."""
    raw = await request.read()  # raises 413 past client_max_size
    if not raw.strip():
        raise ApiError(400, "the request body is empty; send a JSON object")
    try:
        return json.loads(raw.decode("utf-8"))
    except UnicodeDecodeError:
        raise ApiError(400, "the request body is not UTF-8") from None
    except json.JSONDecodeError as exc:
        raise ApiError(400, f"malformed JSON at line {exc.lineno}, column {exc.colno}: "
                       f"{exc.msg}") from None
    except RecursionError:
        raise ApiError(400, "malformed JSON: nested too deeply") from None
