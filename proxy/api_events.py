"""`GET /api/events`: the proxy's verdicts as server-sent events, for the extension.

Each event is `event: <type>`, an `id:` when it has one, and the JSON as `data:`, never with the
message text (the extension asks for a text by its verdict ID, with the token). A comment every
HEARTBEAT seconds keeps idle connections open through anything that times them out, and on
shutdown every open stream gets `event: bye` and ends, or aiohttp's cleanup would wait 60 s
for them.
"""

from __future__ import annotations

import asyncio
import json
import re
from typing import Any

from aiohttp import web

from proxy.api_security import STATE, needs_token

HEARTBEAT = web.AppKey("heartbeat", float)  # seconds between SSE keep-alive comments
STREAMS = web.AppKey("streams", set)  # the queues of open /api/events streams
_CLOSE: dict[str, Any] = {"type": "__close__"}  # sentinel that ends an event stream


@needs_token
async def events(request: web.Request) -> web.StreamResponse:
    """Server-sent events: `event: <type>` + JSON data per event, a comment every HEARTBEAT
    seconds so idle connections stay open, and a clean end when the server shuts down."""
    state = request.app[STATE]
    response = web.StreamResponse(headers={
        "Content-Type": "text/event-stream; charset=utf-8",
        "Cache-Control": "no-store",
        "X-Accel-Buffering": "no",
    })
    await response.prepare(request)
    queue = state.events.subscribe()
    request.app[STREAMS].add(queue)
    heartbeat = request.app[HEARTBEAT]
    try:
        await response.write(b"retry: 3000\n: connected\n\n")
        while True:
            try:
                event = await asyncio.wait_for(queue.get(), heartbeat)
            except asyncio.TimeoutError:
                await response.write(b": heartbeat\n\n")
                continue
            if event is _CLOSE:
                await response.write(b"event: bye\ndata: {}\n\n")
                break
            await response.write(format_event(event))
    except ConnectionError:  # the client went away
        return response
    finally:
        state.events.unsubscribe(queue)
        request.app[STREAMS].discard(queue)
    await response.write_eof()
    return response


def format_event(event: dict[str, Any]) -> bytes:
    safe = {k: v for k, v in event.items() if k not in ("text", "html", "body")}  # never the text
    kind = re.sub(r"[^\w-]", "", str(safe.get("type") or "message")) or "message"
    lines = [f"event: {kind}"]
    if isinstance(safe.get("id"), int):
        lines.append(f"id: {safe['id']}")
    lines.append("data: " + json.dumps(safe, ensure_ascii=False, separators=(",", ":")))
    return ("\n".join(lines) + "\n\n").encode("utf-8")


async def end_streams(app: web.Application) -> None:
    """on_shutdown: end open event streams, or AppRunner.cleanup() waits 60 s for them."""
    for queue in list(app[STREAMS]):
        while queue.full():
            queue.get_nowait()
        queue.put_nowait(_CLOSE)


def add_routes(app: web.Application, heartbeat: float) -> None:
    app[HEARTBEAT] = heartbeat
    app[STREAMS] = set()
    app.on_shutdown.append(end_streams)
    app.router.add_get("/api/events", events)
