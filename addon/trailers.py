"""HTTP/1 chunked requests with trailers, on the hosts the guard intercepts.

mitmproxy 11 reads an HTTP/1 chunked body with h11, and when the last chunk is followed by
trailer fields it raises NotImplementedError inside its connection layer: no hook runs, the
client gets no answer and waits until it gives up. A send must get a clear answer instead. So
the HTTP/1 server side here keeps the trailers on the request (`flow.request.trailers`, where
mitmproxy already puts HTTP/2 trailers) instead of raising, and the request reaches the hooks:

* a recognised send that carries trailers is refused by `Guard` (400 in the send's own error
  shape, fail mode applied like any unreadable body): the guard checks the body, and does not
  guess what a server would make of fields that arrive after it;
* any other intercepted request has its trailers dropped (`Trailers` below): mitmproxy cannot
  send HTTP/1 trailers upstream either, and Amazon's pages do not read them.

Two mitmproxy internals are wrapped, not replaced: `_http1.make_body_reader`, so that chunked
bodies use a reader that hands trailers to its request, and `Http1Server.read_body`, so that
the reader knows its request. Responses keep mitmproxy's own behaviour. If a mitmproxy release
lacks either name, nothing is wrapped and a warning says so.
"""

from __future__ import annotations

import logging

import h11
from mitmproxy import http

from addon import hosts

logger = logging.getLogger(__name__)

TRAILERS_REFUSED = ("it was sent as HTTP/1 chunks followed by trailer fields, which the guard "
                    "does not accept on a send; send it with a Content-Length (any HTTP "
                    "client does by default) or over HTTP/2")


def _reader_class():
    from h11._readers import ChunkedReader

    class TrailerKeepingReader(ChunkedReader):
        """h11's chunked reader whose end-of-message trailers go onto `request` (when it is
        set: the server side) instead of reaching mitmproxy's NotImplementedError."""

        request: http.Request | None = None

        def __call__(self, buf):
            event = super().__call__(buf)
            if isinstance(event, h11.EndOfMessage) and event.headers and \
                    self.request is not None:
                self.request.trailers = http.Headers(
                    [(bytes(name), bytes(value)) for name, value in event.headers.raw_items()])
                return h11.EndOfMessage()
            return event

    return TrailerKeepingReader


_installed = False


def keep_request_trailers() -> bool:
    """Wrap mitmproxy's HTTP/1 body reading once per process; False if it cannot be done."""
    global _installed
    if _installed:
        return True
    try:
        from mitmproxy.proxy.layers.http import _http1

        make_body_reader = _http1.make_body_reader
        read_body = _http1.Http1Server.read_body
    except (ImportError, AttributeError):
        logger.warning("bsm-guard: this mitmproxy has no HTTP/1 body reader to wrap; chunked "
                       "requests with trailers get no answer")
        return False
    reader_class = _reader_class()

    def make_trailer_keeping_body_reader(expected_size):
        if expected_size is None:  # chunked
            return reader_class()
        return make_body_reader(expected_size)

    def read_body_with_request(self, event):
        if isinstance(self.body_reader, reader_class):
            self.body_reader.request = self.request
        return (yield from read_body(self, event))

    _http1.make_body_reader = make_trailer_keeping_body_reader
    _http1.Http1Server.read_body = read_body_with_request
    _installed = True
    return True


class Trailers:
    """Drops HTTP/1 request trailers from intercepted flows that are not sends (runs after
    `Guard`, which refuses sends that carry them), so that they can be forwarded."""

    def load(self, loader):
        keep_request_trailers()

    def request(self, flow: http.HTTPFlow) -> None:
        if flow.response or flow.error or not flow.live:
            return
        if flow.request.trailers and flow.request.http_version.startswith("HTTP/1") and \
                hosts.flow_surface(flow):
            logger.info("bsm-guard: dropped the trailers of %s %s (HTTP/1 cannot forward "
                        "them)", flow.request.method, flow.request.path.partition("?")[0])
            flow.request.trailers = None
