"""The guard: checks Seller Central and SP-API sends in flight and applies the verdict.

Request side: a flow for any host but Amazon's returns at the first check (one regex). A
recognised send is parsed, merged with what the guard knows of the order, checked by the
policy engine and then blocked (an answer in the sender's error shape; the upstream is never
contacted), annotated or forwarded, per the mode. Response side: review requests are counted
once the upstream accepted them (2xx). (The status page and learning order facts from
responses are their own addons: `status.py`, `learn.py`.)

Two mitmproxy behaviours would let a send through unchecked, and both are closed here:
* a hook that raises is logged and the flow goes on, so every hook catches its own errors and
  applies the fail mode (closed by default: a 503 saying the guard could not check);
* `stream_large_bodies` streams bodies past the hooks, so `configure` refuses it; bodies over
  `bsm_guard_body_limit` get an explicit 413-style outcome instead.

The policy check and the SQLite writes run on one worker thread: the event loop keeps moving
tunnelled traffic while a message is judged, and checks never run concurrently with each other.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor
from dataclasses import dataclass, field
from typing import Any, Callable, NamedTuple

import policy
from mitmproxy import ctx, exceptions, http
from mitmproxy.utils import human

from addon import hosts, recognise, responses
from addon.recognise import BodyError, Send
from proxy.state import GuardState, Settings, text_hash
from proxy.team import seat_of

logger = logging.getLogger(__name__)

VERDICT_HEADER = "X-BSM-Guard-Verdict"
META = "bsm_guard"  # flow.metadata key: the decision taken for this flow


class Limits(NamedTuple):
    body: int
    text: int


class TooLarge(Exception):
    """The send is bigger than the guard will check."""


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
        self.limits = Limits(body=11 * 1024 * 1024, text=20_000)
        self._worker = ThreadPoolExecutor(1, thread_name_prefix="bsm-guard-check")

    def load(self, loader):
        loader.add_option(
            "bsm_guard_body_limit", str, "11m",
            "Largest request body of a guarded send the guard reads (k/m/g suffixes). Larger "
            "sends get a 413 'too large to check' answer (fail closed) or go through (fail "
            "open). Seller Central attachments are up to 10 MB.")
        loader.add_option(
            "bsm_guard_text_limit", int, 20_000,
            "Longest message text, in characters, that the guard checks; longer texts are "
            "treated like bodies over bsm_guard_body_limit.")

    def configure(self, updated):
        if "bsm_guard_body_limit" in updated or "bsm_guard_text_limit" in updated:
            try:
                body = human.parse_size(ctx.options.bsm_guard_body_limit)
            except ValueError:
                body = None
            if not body or body <= 0:
                raise exceptions.OptionsError(
                    f"bsm_guard_body_limit: not a size: {ctx.options.bsm_guard_body_limit!r}")
            if ctx.options.bsm_guard_text_limit <= 0:
                raise exceptions.OptionsError("bsm_guard_text_limit must be positive")
            self.limits = Limits(body, ctx.options.bsm_guard_text_limit)
        if "stream_large_bodies" in updated and getattr(ctx.options, "stream_large_bodies", None):
            raise exceptions.OptionsError(
                "stream_large_bodies must stay unset while bsm-guard runs: streamed bodies "
                "would pass the guard unchecked")

    def done(self):
        self._worker.shutdown(wait=False, cancel_futures=True)

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
            if flow.response is None and flow.request.method == "POST" and where:
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
        found = recognise.match(where, req.method, path)
        if found is None:
            if req.method == "POST" and path.startswith(recognise.MESSAGING_PREFIX):
                logger.info("bsm-guard: unrecognised messaging call %s %s", req.method, path)
            return
        settings = self.state.settings
        endpoint, m = found
        seat = seat_of(flow, self.state.seat)
        if settings.mode == "off":
            # Pass everything, but note the send (and count a review request press once the
            # upstream accepts it), so that switching the guard back on starts from the truth.
            try:
                decision = await self._run(self._record_off, endpoint.channel,
                                           m.groupdict().get("order"), seat)
            except Exception:
                logger.warning("bsm-guard: could not record a send in mode off", exc_info=True)
                return
            self._apply(flow, decision, settings)
            return
        send: Send | None = None
        try:
            send = self._read_send(flow, endpoint, m)
            if send is None:
                logger.info("bsm-guard: unrecognised messaging call %s %s (no message text)",
                            req.method, path)
                return
            known = self.state.orders.get(send.order_id)  # read on the loop thread
            decision = await self._run(self._judge, send, settings, known, seat)
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
                await self._run(self.state.store.release_review, decision.claim)
            elif decision.counts_review and decision.order_id and not decision.claim \
                    and accepted:  # mode off: nothing was claimed before the send
                await self._run(self.state.store.record_review_request,
                                decision.order_id, decision.channel)
        except Exception:
            logger.warning("bsm-guard: could not count a review request", exc_info=True)

    async def error(self, flow: http.HTTPFlow) -> None:
        decision: Decision | None = flow.metadata.get(META)
        if decision is not None and decision.claim and flow.response is None:
            try:  # the upstream was never reached or dropped the send
                await self._run(self.state.store.release_review, decision.claim)
            except Exception:
                logger.warning("bsm-guard: could not release a review claim", exc_info=True)

    # --- request side -------------------------------------------------------------------

    def _read_send(self, flow: http.HTTPFlow, endpoint, m) -> Send | None:
        req = flow.request
        raw = req.raw_content or b""
        if len(raw) > self.limits.body:
            raise TooLarge(f"the request body is {len(raw):,} bytes, over the guard's limit of "
                           f"{self.limits.body:,}")
        try:
            body = req.get_content(strict=True) or b""  # undoes gzip, deflate, br, zstd
        except ValueError as exc:
            raise BodyError(f"the body's content encoding cannot be decoded ({exc})") from None
        if len(body) > self.limits.body:
            raise TooLarge(f"the decoded body is {len(body):,} bytes, over the guard's limit")
        send = recognise.parse(endpoint, m, req.query.items(multi=True),
                               req.headers.get("content-type", ""), body)
        if send is not None and send.text is not None and len(send.text) > self.limits.text:
            raise TooLarge(f"the message text is {len(send.text):,} characters, over the "
                           f"guard's limit of {self.limits.text:,}")
        return send

    def _judge(self, send: Send, settings: Settings, known: dict[str, str],
               seat: str | None = None) -> Decision:
        """The verdict on one send and the action it leads to (runs on the worker thread).

        A send that asks for a review and goes on claims the order's one review request in
        the store (exactly once team-wide: a unique constraint, not this read). If another
        guard's claim won in the meantime, this send gets C208 like any repeat."""
        store = self.state.store
        already = bool(send.order_id) and store.review_requested(send.order_id)
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
            report = self.check_message(self._message(send, already, known), settings.config)
            diagnostics = [d.to_dict() for d in report.diagnostics]
            verdict, counts_review = report.verdict, bool(report.requests_review)
        if verdict == "block" and settings.mode == "block":
            action = "overridden" if store.consume_override(text_hash(text)) else "blocked"
        else:
            action = "forwarded"
        claim = None
        if counts_review and send.order_id and action != "blocked":
            claim = store.claim_review(send.order_id, send.channel, seat)
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
        verdict_id = store.record_verdict(
            channel=send.channel, order_id=send.order_id, marketplace=send.marketplace,
            verdict=verdict, action=action, diagnostics=diagnostics, text=text, keep_text=keep,
            seat=seat)
        answer = responses.blocked(send.channel, verdict_id, diagnostics) \
            if action == "blocked" else None
        return Decision(send.channel, send.order_id, verdict, action, diagnostics, verdict_id,
                        answer, counts_review, text_hash(text), claim)

    def _message(self, send: Send, review_already_requested: bool,
                 known: dict[str, str]) -> policy.Message:
        """The send's message with what the guard knows of the order filled in where the call
        itself said nothing. Context that does not parse is dropped: it never blocks."""
        data = dict(send.message or {})
        data["review_already_requested"] = review_already_requested
        plain = policy.Message.from_dict(data)
        for key, value in known.items():
            if not data.get(key):
                data[key] = value
        if not known:
            return plain
        try:
            return policy.Message.from_dict(data)
        except policy.MessageError as exc:
            logger.info("bsm-guard: ignoring unusable context for order %s: %s",
                        send.order_id, exc)
            return plain

    def _record_off(self, channel: str, order_id: str | None,
                    seat: str | None = None) -> Decision:
        verdict_id = self.state.store.record_verdict(
            channel=channel, order_id=order_id, marketplace=None, verdict="pass",
            action="off", diagnostics=[], text=None, keep_text=False, seat=seat)
        return Decision(channel, order_id, "pass", "off", [], verdict_id,
                        counts_review=channel in recognise.REVIEW_CHANNELS)

    async def _on_failure(self, exc: Exception, channel: str, m, send: Send | None,
                          settings: Settings, path: str, seat: str | None = None) -> Decision:
        expected = isinstance(exc, (BodyError, TooLarge))
        reason = str(exc) if expected else "the checker failed"
        logger.warning("bsm-guard: could not check %s send %s: %s", channel, path,
                       reason if expected else f"{type(exc).__name__}: {exc}",
                       exc_info=not expected)
        order_id = send.order_id if send else m.groupdict().get("order")
        text = review_key(send) if send and send.is_review_request else \
            (send.text if send else None)
        try:
            return await self._run(self._record_failure, channel, order_id, send, text,
                                   reason, settings, isinstance(exc, TooLarge), seat)
        except Exception:
            logger.warning("bsm-guard: could not record the failure", exc_info=True)
            action = "failed_open" if settings.fail_mode == "open" else "failed_closed"
            answer = None if action == "failed_open" else responses.failed(
                channel, None, reason, too_large=isinstance(exc, TooLarge))
            return Decision(channel, order_id, "error", action, answer=answer)

    def _record_failure(self, channel, order_id, send, text, reason, settings,
                        too_large, seat=None) -> Decision:
        store = self.state.store
        if text is not None and store.consume_override(text_hash(text)):
            action = "overridden"
        else:
            action = "failed_open" if settings.fail_mode == "open" else "failed_closed"
        verdict_id = store.record_verdict(
            channel=channel, order_id=order_id, marketplace=send.marketplace if send else None,
            verdict="error", action=action, diagnostics=[], text=text,
            keep_text=action == "failed_closed" and not (send and send.is_review_request),
            seat=seat)
        answer = responses.failed(channel, verdict_id if text is not None else None, reason,
                                  too_large=too_large) if action == "failed_closed" else None
        return Decision(channel, order_id, "error", action, [], verdict_id, answer,
                        text_hash=text_hash(text) if text is not None else None)

    def _apply(self, flow: http.HTTPFlow, decision: Decision, settings: Settings) -> None:
        flow.metadata[META] = decision
        if decision.answer is not None:
            self._answer(flow, decision.answer)
        self.state.events.publish({
            "type": "verdict", "id": decision.verdict_id, "time": _now_iso(),
            "channel": decision.channel, "order_id": decision.order_id,
            "verdict": decision.verdict, "action": decision.action, "codes": decision.codes,
            "diagnostics": decision.diagnostics, "text_hash": decision.text_hash,
            "mode": settings.mode,
        })

    @staticmethod
    def _answer(flow: http.HTTPFlow, answer: responses.Answer) -> None:
        flow.response = http.Response.make(answer.status, answer.body, answer.headers)

    async def _run(self, func, *args):
        return await asyncio.get_running_loop().run_in_executor(self._worker, func, *args)


def review_key(send: Send) -> str:
    """The stand-in text of a review request button press, so that an override (which is
    keyed by a text's hash) can let one blocked press through."""
    return f"[{send.channel}] review request for order {send.order_id}"


def repeat_review_diagnostic(order_id: str | None, config: policy.Config) -> dict | None:
    """C208 for a review request press on an order that already had one (None when the
    seller's configuration turned C208 off)."""
    try:
        rule = policy.get_rule("C208")
        code, name, severity, url = rule.code, rule.name, rule.severity, rule.url
    except KeyError:  # the rule module is not there: keep the guard's own minimum
        code, name, severity = "C208", "repeat-review-request", policy.Severity.ERROR
        url = "https://sellercentral.amazon.com/help/hub/reference/external/G1801"
    if not config.enabled(code, name):
        return None
    severity = config.severity.get(code, severity)
    return policy.Diagnostic(
        code=code, name=name, severity=severity, field="context", url=url,
        message=f"A review was already requested for order {order_id}; Amazon allows one "
                f"review request per order, counting Request a Review and messages.",
    ).to_dict()


def _now_iso() -> str:
    import datetime as dt

    return dt.datetime.now(dt.timezone.utc).isoformat(timespec="seconds").replace("+00:00", "Z")
