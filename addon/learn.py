"""Learns order context from responses the guard already sees.

Rules such as wrong-language (the buyer's locale) and outside-30-days (the order date) need
facts a message does not carry. SP-API tools fetch them anyway (`GetAttributes` returns
`buyer.locale`, the Orders API `PurchaseDate`), and Seller Central's Request a Review
eligibility check says when a review was already requested; this addon keeps those facts in
`state.orders` (and the review in the store) for the guard to merge into later sends. Best
effort: a response it cannot read teaches nothing and never fails the flow.
"""

from __future__ import annotations

import asyncio
import logging
from concurrent.futures import ThreadPoolExecutor

from mitmproxy import http

from addon import hosts, recognise

logger = logging.getLogger(__name__)

META_LEARN = "bsm_guard_learn"  # flow.metadata: the surface of a GET worth learning from
MAX_BODY = 4 * 1024 * 1024
STORE_SECONDS = 2.0


class OrderLearner:
    def __init__(self, state):
        self.state = state
        self._pool = ThreadPoolExecutor(1, thread_name_prefix="bsm-guard-learn")

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or flow.request.method != "GET":
            return
        where = hosts.flow_surface(flow)
        if where and recognise.wants_response(where, "GET", flow.request.path.partition("?")[0]):
            flow.metadata[META_LEARN] = where

    async def response(self, flow: http.HTTPFlow) -> None:
        where = flow.metadata.get(META_LEARN)
        if not where or flow.response is None or flow.response.status_code != 200:
            return
        try:
            body = flow.response.get_content(strict=False) or b""
            if len(body) > MAX_BODY:
                return
            path = flow.request.path.partition("?")[0]
            for fact in recognise.learn(where, path, body):
                if fact.facts:
                    self.state.orders.learn(fact.order_id, **fact.facts)
                if fact.review_already_sent:
                    # Bounded, on its own thread: a busy store loses this hint (the upstream
                    # refuses a repeat anyway), never holds the loop.
                    await asyncio.wait_for(asyncio.get_running_loop().run_in_executor(
                        self._pool, self._note_review_sent, fact.order_id), STORE_SECONDS)
        except Exception:
            logger.warning("bsm-guard: could not learn from a response", exc_info=True)

    def _note_review_sent(self, order_id: str) -> None:
        store = self.state.store
        if not store.review_requested(order_id):
            store.record_review_request(order_id, recognise.REQUEST_REVIEW)
