"""`bsm-guard demo`: the guard in front of a local copy of Seller Central's messaging pages.

The origin server (`proxy.demo.server`) listens on an ephemeral loopback port that nothing but
the guard is told about; the page the user opens is the guard's reverse-proxy port (--demo-port),
so every send from the page passes the addon exactly as a real Seller Central send would.
"""

from __future__ import annotations

import asyncio
from typing import Iterator

from proxy.demo.server import DEFAULT_ORDER, ORDERS, start_origin


def demo_command(args) -> int:
    from proxy.service import GuardService, state_for_command

    state = state_for_command(args)
    if state is None:
        return 2

    async def main() -> int:
        from proxy.service import serve

        origin, origin_url = await start_origin("127.0.0.1", 0)
        service = GuardService(state, proxy_port=args.proxy_port, api_port=args.api_port,
                               listen_host=args.listen_host,
                               reverse=[(origin_url, args.demo_port)])
        try:
            return await serve(service, demo_lines(service))
        finally:
            await origin.cleanup()
            state.store.close()  # serve() closes it too when it started; closing twice is fine

    return asyncio.run(main())


def demo_lines(service) -> Iterator[str]:
    """Printed once the guard listens (a generator: the ports are known only then)."""
    order = ORDERS[DEFAULT_ORDER]
    base = f"http://127.0.0.1:{service.reverse_ports[0]}"
    yield "Demo Seller Central, served through the guard:"
    yield (f"  open     {base}/messaging/contact?orderID={order.order_id}"
           f"&marketplaceID={order.marketplace_id}")
    yield f"  gallery  {base}/demo/gallery   (examples for every rule, in six languages)"
    yield f"  quiz     {base}/demo/quiz"
    yield (f"  history  http://127.0.0.1:{service.api_port}/history   (the guard's verdicts; "
           f"it asks for what bsm-guard token prints)")
