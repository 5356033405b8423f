"""The guard: checks Seller Central and SP-API sends in flight and applies the verdict.

Request side: a flow for any host but Amazon's returns at the first check. A recognised send
(any spelling of its method and path, `addon.normalise`) is decoded and parsed, merged with
what the guard knows of the order, checked by the policy engine and then blocked (an answer in
the sender's error shape that carries the text back; the upstream is never contacted),
annotated or forwarded, per the mode. Response side: review requests are counted once the
upstream accepted them (2xx). (The status page, learning from responses and forwarding SP-API
calls are their own addons: `status.py`, `learn.py`, `sp_forward.py`.)

Nothing that can take time runs on the event loop, which also carries every tunnel, so one
hostile or slow send cannot stall the rest: decoding and parsing a body (within `addon.bodies`
limits on size, fields, parts, nesting and `bsm_guard_body_seconds`), the policy check
(`bsm_guard_check_timeout`) and the store (`bsm_guard_store_timeout`) each run on their own
bounded threads (`addon.workers`). A store that cannot be written does not lose a blocked
message: the block answer always carries the text back.

Spelling and grammar are warnings unless the seller's settings make them errors, so the check
that decides a send leaves them out (they are slow and never change the verdict); the
extension still shows them while the seller types.

Two mitmproxy behaviours would let a send through unchecked, and both are closed here:
* a hook that raises is logged and the flow goes on, so every hook catches its own errors and
  applies the fail mode (closed by default: a 503 saying the guard could not check);
* `stream_large_bodies` streams bodies past the hooks, so `configure` refuses it.
"""

from __future__ import annotations

import functools
import logging
from dataclasses import dataclass, field
from typing import Any, Callable

import policy
from mitmproxy import ctx, exceptions, http
from mitmproxy.utils import human

from addon import bodies, hosts, recognise, responses, trailers
from addon.bodies import BodyError
from addon.recognise import Send
from addon.workers import CheckTimeout, Workers
from addon.sends import (
    Limits, blocking_config, message_with_context, read_send, repeat_review_diagnostic,
    review_key, without_text,
)
from proxy.state import GuardState, Settings, text_hash
from proxy.team import seat_of

logger = logging.getLogger(__name__)

VERDICT_HEADER = "X-BSM-Guard-Verdict"
META = "bsm_guard"  # flow.metadata key: the decision taken for this flow
INLINE_BODY = 32 * 1024  # plain bodies up to this size are parsed on the loop (< 1 ms)


@dataclass
class Decision:
    channel: str
    order_id: str | None
    verdict: str  # block | warn | pass | error
    action: str  # blocked | forwarded | overridden | failed_closed | failed_open | off
    diagnostics: list[dict] = field(default_factory=list)
    verdict_id: int | None = None
    answer: responses.Answer | None = None  # set: the guard answers instead of the upstream
    counts_review: bool = False
    text_hash: str | None = None
    claim: str | None = None  # this send's review request claim (store uid), if it holds one

    @property
    def codes(self) -> list[str]:
        return sorted({d["code"] for d in self.diagnostics})


class Guard:
    def __init__(self, state: GuardState, check: Callable[..., Any] = policy.check):
        self.state = state
        self.check_message = check  # the policy engine; a test seam
        self.limits = Limits()
        self.workers = Workers(self.limits.store_seconds)
        self._configs: tuple[Any, Any] = (None, None)

    def load(self, loader):
        loader.add_option(
            "bsm_guard_body_limit", str, "11m",
            "Largest request body of a guarded send the guard reads, before and after undoing "
            "its content encoding (k/m/g suffixes). Larger sends get a 413 'too large to "
            "check' answer (fail closed) or go through (fail open). Seller Central "
            "attachments are up to 10 MB; JSON and form bodies are read up to 1 MB.")
        loader.add_option(
            "bsm_guard_text_limit", int, 20_000,
            "Longest message text, in characters, that the guard checks; longer texts are "
            "treated like bodies over bsm_guard_body_limit.")
        loader.add_option(
            "bsm_guard_body_seconds", float, 2.0,
            "Most time spent decoding and parsing one send's body; a body that takes longer "
            "(a compression bomb, 50,000 form parts) is refused with 413.")
        loader.add_option(
            "bsm_guard_check_timeout", float, 10.0,
            "Most time the policy check of one send may take before the fail mode applies.")
        loader.add_option(
            "bsm_guard_store_timeout", float, 2.0,
            "Most time a store read or write for one send may take (a lock held by another "
            "process, a slow disk). A blocked send whose record could not be written still "
            "gets its text back in the block answer.")

    def configure(self, updated):
        names = ("bsm_guard_body_limit", "bsm_guard_text_limit", "bsm_guard_body_seconds",
                 "bsm_guard_check_timeout", "bsm_guard_store_timeout")
        if any(name in updated for name in names):
            try:
                size = human.parse_size(ctx.options.bsm_guard_body_limit)
            except ValueError:
                size = None
            if not size or size <= 0:
                raise exceptions.OptionsError(
                    f"bsm_guard_body_limit: not a size: {ctx.options.bsm_guard_body_limit!r}")
            for name in names[1:]:
                if getattr(ctx.options, name) <= 0:
                    raise exceptions.OptionsError(f"{name} must be positive")
            body = bodies.Limits(body=size, structured=min(size, bodies.Limits().structured),
                                 seconds=ctx.options.bsm_guard_body_seconds)
            self.limits = Limits(body, ctx.options.bsm_guard_text_limit,
                                 ctx.options.bsm_guard_check_timeout,
                                 ctx.options.bsm_guard_store_timeout)
            self.workers.store_seconds = self.limits.store_seconds
        if "stream_large_bodies" in updated and getattr(ctx.options, "stream_large_bodies", None):
            raise exceptions.OptionsError(
                "stream_large_bodies must stay unset while bsm-guard runs: streamed bodies "
                "would pass the guard unchecked")

    def done(self):
        self.workers.shutdown()

    # --- hooks --------------------------------------------------------------------------

    def requestheaders(self, flow: http.HTTPFlow) -> None:
        # Belt and braces for `stream_large_bodies`: mitmproxy decides to stream before this
        # hook runs, and a streamed body would pass the request hook empty.
        if flow.request.stream and hosts.flow_surface(flow):
            flow.request.stream = False

    async def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or not flow.live:
            return
        try:
            await self._request(flow)
        except Exception:  # a bug outside the per-send handling: still never forward a send
            logger.warning("bsm-guard: request hook failed", exc_info=True)
            where = hosts.flow_surface(flow)
            if flow.response is None and where and recognise.normalise.is_write(
                    flow.request.method):
                settings = self.state.settings
                channel = recognise.SP_API_MESSAGE if where == hosts.SP_API \
                    else recognise.CONTACT_BUYER
                closed = settings.fail_mode != "open"
                self._apply(flow, Decision(
                    channel, None, "error", "failed_closed" if closed else "failed_open",
                    answer=responses.failed(channel, None, "the guard failed") if closed
                    else None), settings)

    async def _request(self, flow: http.HTTPFlow) -> None:
        where = hosts.flow_surface(flow)
        if where is None:
            return
        req = flow.request
        path = req.path.partition("?")[0]
        found = recognise.match(where, req.method, req.path)
        if found is None:
            if recognise.normalise.is_write(req.method) and recognise.is_messaging(path):
                logger.info("bsm-guard: unrecognised messaging call %s %s", req.method, path)
            return
        settings = self.state.settings
        endpoint, m = found
        seat = seat_of(flow, self.state.seat)
        if settings.mode == "off":
            # Pass everything, but note the send (and count a review request press once the
            # upstream accepts it), so that switching the guard back on starts from the truth.
            order_id = m.groupdict().get("order")
            try:
                verdict_id = await self.workers.store(functools.partial(
                    self.state.store.record_verdict, channel=endpoint.channel,
                    order_id=order_id, marketplace=None, verdict="pass", action="off",
                    diagnostics=[], text=None, keep_text=False, seat=seat))
            except Exception as exc:
                logger.warning("bsm-guard: could not record a send in mode off: %s", _name(exc))
                verdict_id = None
            self._apply(flow, Decision(endpoint.channel, order_id, "pass", "off", [], verdict_id,
                                       counts_review=endpoint.channel in recognise.REVIEW_CHANNELS),
                        settings)
            return
        send: Send | None = None
        try:
            if req.trailers:  # addon.trailers: kept by the HTTP/1 reader, refused here
                raise BodyError(trailers.TRAILERS_REFUSED)
            send = await self._read_send(flow, endpoint, m)
            if send is None:
                logger.info("bsm-guard: unrecognised messaging call %s %s (no message text)",
                            req.method, path)
                return
            decision = await self._judge(send, settings, seat)
        except Exception as exc:  # never let mitmproxy forward a send whose check raised
            decision = await self._on_failure(exc, endpoint.channel, m, send, settings, path,
                                              seat)
        self._apply(flow, decision, settings)

    async def response(self, flow: http.HTTPFlow) -> None:
        decision: Decision | None = flow.metadata.get(META)
        if decision is None or decision.answer is not None or flow.response is None:
            return  # not a guarded send, or our own answer: the upstream never saw it
        try:
            flow.response.headers[VERDICT_HEADER] = responses.verdict_header(
                decision.verdict, decision.codes, decision.verdict_id)
            accepted = 200 <= flow.response.status_code < 300
            if decision.claim and not accepted:  # the buyer never got it: free the order
                await self.workers.store(self.state.store.release_review, decision.claim)
            elif decision.counts_review and decision.order_id and not decision.claim \
                    and accepted:  # mode off: nothing was claimed before the send
                await self.workers.store(self.state.store.record_review_request,
                                  decision.order_id, decision.channel)
        except Exception as exc:
            logger.warning("bsm-guard: could not count a review request: %s", _name(exc))

    async def error(self, flow: http.HTTPFlow) -> None:
        decision: Decision | None = flow.metadata.get(META)
        if decision is not None and decision.claim and flow.response is None:
            try:  # the upstream was never reached or dropped the send
                await self.workers.store(self.state.store.release_review, decision.claim)
            except Exception:
                logger.warning("bsm-guard: could not release a review claim", exc_info=True)

    # --- request side -------------------------------------------------------------------

    async def _read_send(self, flow: http.HTTPFlow, endpoint, m) -> Send | None:
        req = flow.request
        limits = self.limits
        args = (endpoint, m, tuple(req.query.items(multi=True)),
                req.headers.get("content-type", ""), req.headers.get("content-encoding"),
                req.raw_content or b"", limits)
        if len(args[5]) <= INLINE_BODY and not args[4] and "multipart" not in args[3].lower():
            # A small plain JSON or form body (every real send) costs well under a
            # millisecond: read it here rather than queue behind hostile bodies.
            return read_send(*args)
        return await self.workers.run(self.workers.parse_pool, limits.body.seconds + 1.0,
                                      "reading the body", read_send, *args)

    async def _judge(self, send: Send, settings: Settings, seat: str | None = None
                     ) -> Decision:
        """The verdict on one send and the action it leads to.

        A send that asks for a review and goes on claims the order's one review request in
        the store (exactly once team-wide: a unique constraint, not this read). If another
        guard's claim won in the meantime, this send gets C208 like any repeat."""
        store = self.state.store
        already = False
        if send.order_id:
            try:
                already = bool(await self.workers.store(store.review_requested, send.order_id,
                                                 optional=not send.is_review_request))
            except Exception as exc:
                if send.is_review_request:  # the one thing this check needs to know
                    raise CheckTimeout("the guard could not read its review history") from exc
                logger.warning("bsm-guard: could not read review history: %s", _name(exc))
        if send.is_review_request:
            text = review_key(send)
            diagnostics = [repeat_review_diagnostic(send.order_id, settings.config)] \
                if already else []
            diagnostics = [d for d in diagnostics if d]
            verdict = "block" if any(d["severity"] == "error" for d in diagnostics) \
                else "warn" if diagnostics else "pass"
            counts_review = True
        else:
            text = send.text or ""
            message = message_with_context(send, already,
                                           self.state.orders.get(send.order_id))
            report = await self.workers.run(
                self.workers.check_pool, self.limits.check_seconds, "checking the message",
                self.check_message, message, self._blocking_config(settings.config))
            diagnostics = [d.to_dict() for d in report.diagnostics]
            verdict, counts_review = report.verdict, bool(report.requests_review)
        action = "forwarded"
        if verdict == "block" and settings.mode == "block":
            action = "overridden" if await self._consume_override(text) else "blocked"
        claim = None
        if counts_review and send.order_id and action != "blocked":
            # Not optional: without the claim, a repeat review request could go out twice.
            claim = await self.workers.store(store.claim_review, send.order_id, send.channel, seat)
            repeat = repeat_review_diagnostic(send.order_id, settings.config) \
                if claim is None else None
            if repeat and not any(d.get("code") == repeat["code"] for d in diagnostics):
                diagnostics = diagnostics + [repeat]
                if repeat["severity"] == "error":
                    verdict = "block"
                    action = "blocked" if settings.mode == "block" else action
                elif verdict == "pass":
                    verdict = "warn"
        keep = action == "blocked" and not send.is_review_request
        verdict_id = await self._record(
            channel=send.channel, order_id=send.order_id, marketplace=send.marketplace,
            verdict=verdict, action=action, diagnostics=diagnostics, text=text, keep_text=keep,
            seat=seat)
        answer = responses.blocked(send.channel, verdict_id, diagnostics,
                                   None if send.is_review_request else text) \
            if action == "blocked" else None
        return Decision(send.channel, send.order_id, verdict, action, diagnostics, verdict_id,
                        answer, counts_review, text_hash(text), claim)

    def _blocking_config(self, config: policy.Config) -> policy.Config:
        if self._configs[0] is not config:
            self._configs = (config, blocking_config(config))
        return self._configs[1]

    async def _consume_override(self, text: str) -> bool:
        try:
            return bool(await self.workers.store(self.state.store.consume_override, text_hash(text),
                                          optional=True))
        except Exception as exc:
            logger.warning("bsm-guard: could not read overrides: %s", _name(exc))
            return False

    async def _record(self, **verdict) -> int | None:
        """Record a verdict; None when the store cannot be written in time (the answer still
        carries the text, and the store's own fallback keeps the record when it has one)."""
        call = functools.partial(self.state.store.record_verdict, **verdict)
        if self.workers.store_busy():
            # The store just timed out: do not hold this send for it again; the answer
            # carries the text.
            self.workers.store_later(call)
            return None
        try:
            return await self.workers.store(call)
        except Exception as exc:
            logger.warning("bsm-guard: could not record verdict (%s, %s): %s",
                           verdict["channel"], verdict["action"], _name(exc))
            return None

    async def _on_failure(self, exc: Exception, channel: str, m, send: Send | None,
                          settings: Settings, path: str, seat: str | None = None) -> Decision:
        expected = isinstance(exc, (BodyError, CheckTimeout))
        reason = str(exc) if expected else "the checker failed"
        status = getattr(exc, "status", None)
        logger.warning("bsm-guard: could not check %s send %s: %s", channel, path,
                       reason if expected else f"{type(exc).__name__}: {exc}",
                       exc_info=not expected)
        order_id = send.order_id if send else m.groupdict().get("order")
        review = bool(send and send.is_review_request)
        text = review_key(send) if review else (send.text if send else None)
        action = "failed_open" if settings.fail_mode == "open" else "failed_closed"
        if text is not None and await self._consume_override(text):
            action = "overridden"
        verdict_id = await self._record(
            channel=channel, order_id=order_id, marketplace=send.marketplace if send else None,
            verdict="error", action=action, diagnostics=[], text=text,
            keep_text=action == "failed_closed" and not review, seat=seat)
        answer = responses.failed(channel, verdict_id if text is not None else None, reason,
                                  status=status, text=None if review else text) \
            if action == "failed_closed" else None
        return Decision(channel, order_id, "error", action, [], verdict_id, answer,
                        text_hash=text_hash(text) if text is not None else None)

    def _apply(self, flow: http.HTTPFlow, decision: Decision, settings: Settings) -> None:
        flow.metadata[META] = decision
        if decision.answer is not None:
            answer = decision.answer
            flow.response = http.Response.make(answer.status, answer.body, answer.headers)
        self.state.events.publish({
            "type": "verdict", "id": decision.verdict_id, "time": _now_iso(),
            "channel": decision.channel, "order_id": decision.order_id,
            "verdict": decision.verdict, "action": decision.action, "codes": decision.codes,
            "diagnostics": [without_text(d) for d in decision.diagnostics],
            "text_hash": decision.text_hash,
            "mode": settings.mode,
        })

    # --- off the loop -------------------------------------------------------------------

    async def run_check(self, func, *args, seconds: float = 120.0):
        """Run `func` on the check thread (the service warms the engine this way, so warm-up
        and sends never load the same data at once)."""
        return await self.workers.run(self.workers.check_pool, seconds, "warming up", func,
                                      *args)


def _name(exc: BaseException) -> str:
    return f"{type(exc).__name__}: {exc}" if str(exc) else type(exc).__name__


def _now_iso() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
