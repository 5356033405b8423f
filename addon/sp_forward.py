"""SP-API calls the guard lets through are forwarded by the guard itself.

When mitmproxy cannot reach an upstream it answers with an HTML 502 page, and no addon hook
can change that answer. An SP-API client library reads that page very differently from a
browser: `python-amazon-sp-api` took it for a successful send with an empty payload. So for
the SP-API hosts this addon, the last in the chain, makes the upstream request with aiohttp
and sets the response in the `request` hook; mitmproxy never opens the connection itself, and
every failure becomes SP-API's own `{"errors": [...]}` shape with a fitting status:

* 502 `BSM_GUARD_UPSTREAM_UNAVAILABLE`: the host does not resolve, refuses, resets, or its
  certificate does not verify;
* 504 `BSM_GUARD_UPSTREAM_TIMEOUT`: no complete answer within `bsm_guard_sp_api_timeout`.

Bodies and headers pass byte for byte (no decompression); hop-by-hop headers are dropped,
as any proxy does. Upstream certificates are verified like mitmproxy does (its CA options,
`ssl_insecure` for tests).
"""

from __future__ import annotations

import asyncio
import logging
import ssl

import aiohttp
from mitmproxy import ctx, exceptions, http

from addon import hosts, responses

logger = logging.getLogger(__name__)

HOP_BY_HOP = frozenset({"connection", "keep-alive", "proxy-authenticate", "proxy-authorization",
                        "proxy-connection", "te", "trailer", "transfer-encoding", "upgrade",
                        "host", "content-length"})
MAX_RESPONSE = 64 * 1024 * 1024


class SpApiForwarder:
    def __init__(self, upstream_proxy: str | None = None):
        self.timeout = 30.0
        # In upstream mode (a company proxy), the forwarded call goes through that proxy too.
        self.upstream_proxy = _proxy_url(upstream_proxy)
        self._session: aiohttp.ClientSession | None = None
        self._ssl: ssl.SSLContext | bool | None = None

    def load(self, loader):
        loader.add_option(
            "bsm_guard_sp_api_timeout", float, 30.0,
            "Seconds the guard waits for Amazon's SP-API to answer a call it forwards; "
            "after that the client gets a 504 in SP-API's error shape.")

    def configure(self, updated):
        if "bsm_guard_sp_api_timeout" in updated:
            if ctx.options.bsm_guard_sp_api_timeout <= 0:
                raise exceptions.OptionsError("bsm_guard_sp_api_timeout must be positive")
            self.timeout = ctx.options.bsm_guard_sp_api_timeout
        if {"ssl_insecure", "ssl_verify_upstream_trusted_ca",
                "ssl_verify_upstream_trusted_confdir"} & set(updated):
            self._ssl = None

    async def done(self):
        if self._session is not None:
            await self._session.close()
            self._session = None

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or not flow.live:
            return
        if hosts.flow_surface(flow) != hosts.SP_API:
            return
        try:
            flow.response = await asyncio.wait_for(self._forward(flow), self.timeout)
        except asyncio.TimeoutError:
            self._fail(flow, 504, f"no answer within {self.timeout:g} s")
        except (aiohttp.ClientError, OSError, ssl.SSLError) as exc:
            self._fail(flow, 502, _describe(exc))
        except Exception as exc:  # a bug here must still answer in SP-API's shape
            logger.warning("bsm-guard: forwarding an SP-API call failed", exc_info=True)
            self._fail(flow, 502, f"the guard failed to forward the call ({type(exc).__name__})")

    def _fail(self, flow: http.HTTPFlow, status: int, reason: str) -> None:
        logger.warning("bsm-guard: SP-API %s %s: %s", flow.request.method,
                       flow.request.path.partition("?")[0], reason)
        answer = responses.upstream_failed(status, reason)
        flow.response = http.Response.make(answer.status, answer.body, answer.headers)

    async def _forward(self, flow: http.HTTPFlow) -> http.Response:
        req = flow.request
        if self._session is None:
            self._session = aiohttp.ClientSession(
                auto_decompress=False, skip_auto_headers=("User-Agent", "Accept-Encoding"),
                connector=aiohttp.TCPConnector(limit=64, ttl_dns_cache=300))
        name = hosts.normal_host(req.host_header or req.host)
        headers = [(k, v) for k, v in req.headers.items(multi=True)
                   if k.lower() not in HOP_BY_HOP]
        headers.append(("Host", req.host_header or req.host))
        url = f"{req.scheme}://{_bracket(req.host)}:{req.port}{req.path}"
        async with self._session.request(
                req.method, url, data=req.raw_content or None, headers=headers,
                ssl=self._ssl_context() if req.scheme == "https" else False,
                server_hostname=name if req.scheme == "https" else None,
                proxy=self.upstream_proxy, allow_redirects=False) as resp:
            body = await resp.content.read(MAX_RESPONSE + 1)
            if len(body) > MAX_RESPONSE:
                raise aiohttp.ClientPayloadError("the SP-API answer is larger than 64 MiB")
            fields = [(k, v) for k, v in resp.raw_headers
                      if k.decode("latin-1").lower() not in HOP_BY_HOP]
        response = http.Response.make(resp.status, b"", http.Headers(fields))
        response.reason = resp.reason or ""
        response.raw_content = body
        response.headers["Content-Length"] = str(len(body))
        return response

    def _ssl_context(self) -> ssl.SSLContext | bool:
        if self._ssl is None:
            if ctx.options.ssl_insecure:
                self._ssl = False
            else:
                import certifi

                context = ssl.create_default_context(
                    cafile=ctx.options.ssl_verify_upstream_trusted_ca or certifi.where(),
                    capath=ctx.options.ssl_verify_upstream_trusted_confdir)
                self._ssl = context
        return self._ssl


def _proxy_url(spec: str | None) -> str | None:
    if not spec:
        return None
    return spec if "://" in spec else f"http://{spec}"


def _bracket(host: str) -> str:
    return f"[{host}]" if ":" in host else host


def _describe(exc: BaseException) -> str:
    if isinstance(exc, aiohttp.ClientConnectorCertificateError):
        return "Amazon's certificate did not verify"
    if isinstance(exc, aiohttp.ClientConnectorDNSError):
        return "the SP-API host name does not resolve (offline?)"
    if isinstance(exc, aiohttp.ClientConnectorError):
        return f"cannot connect ({exc.os_error.strerror or exc.os_error})" \
            if exc.os_error else "cannot connect"
    if isinstance(exc, aiohttp.ServerDisconnectedError):
        return "the connection closed before an answer"
    return f"{type(exc).__name__}: {exc}"[:200]
