"""The demo Seller Central "origin": a local stand-in for the pages and calls the guard protects.

It mimics the parts of Seller Central that FACTS.md describes (the Contact Buyer page with its
`kat-*` custom elements, the Request a Review page, the same send paths and JSON bodies), so the
addon and the extension meet exactly what they meet on the real site. It is served *through* the
guard (a mitmproxy reverse mode in front of it, see `proxy.demo.demo_command`), never directly:
every send the page makes passes the addon. It records every send it actually receives
(`GET /demo/received`), which is how the tests prove that a blocked send never arrived.

Nothing here talks to Amazon. Order data is made up; order dates are relative to today so the
demo does not drift outside the 30-day window as time passes.
"""

from __future__ import annotations

import datetime as dt
import html
import json
import string
from dataclasses import dataclass
from importlib import resources
from typing import Any

from aiohttp import web

from proxy.demo import gallery_pages

STATIC = resources.files("proxy.demo") / "static"
MAX_BODY = 11 * 1024 * 1024  # Seller Central accepts attachments up to 10 MB


@dataclass(frozen=True)
class DemoOrder:
    order_id: str
    marketplace_id: str
    marketplace: str  # the storefront, as policy.Message.marketplace spells it
    buyer_language: str
    days_ago: int
    product: str
    buyer: str

    @property
    def order_date(self) -> dt.date:
        return dt.date.today() - dt.timedelta(days=self.days_ago)


ORDERS = {o.order_id: o for o in (
    DemoOrder("113-1234567-1234567", "ATVPDKIKX0DER", "amazon.com", "en-US", 6,
              "USB-C charging cable, 2 m", "Jamie R."),
    DemoOrder("302-7654321-7654321", "A1PA6795UKMFR9", "amazon.de", "de-DE", 8,
              "Kaffeemühle, Edelstahl", "Lena K."),
    DemoOrder("114-9876543-2109876", "ATVPDKIKX0DER", "amazon.com", "en-US", 45,
              "Desk lamp with dimmer", "Sam T."),
    # One order per gallery language, so an example opens with the buyer language it is in.
    DemoOrder("171-2345678-3456789", "A13V1IB3VIYZZH", "amazon.fr", "fr-FR", 9,
              "Théière en fonte, 1 L", "Camille D."),
    DemoOrder("402-3456789-4567890", "A1RKKUPIHCS9HS", "amazon.es", "es-ES", 10,
              "Lámpara de escritorio LED", "Lucía M."),
    DemoOrder("403-4567890-5678901", "APJ6JRA9NG5V4", "amazon.it", "it-IT", 7,
              "Moka in alluminio, 6 tazze", "Marco B."),
    DemoOrder("503-5678901-6789012", "A1VC38T7YXB528", "amazon.co.jp", "ja-JP", 6,
              "電気ケトル 1.0L", "佐藤 様"),
)}
DEFAULT_ORDER = "113-1234567-1234567"

# topicId values of the contact reasons (the real page's list is not public; these are ours).
CONTACT_REASONS = (
    ("1", "Order information"),
    ("2", "Shipping or delivery"),
    ("3", "Return or refund"),
    ("4", "Invoice"),
    ("5", "Customization details"),
    ("6", "Additional information required"),
    ("7", "Other"),
)

RECEIVED = web.AppKey("received", list)  # list[dict]: the sends that actually arrived
REVIEWED = web.AppKey("reviewed", set)  # set[str]: orders whose review request arrived


def _examples() -> dict[str, dict[str, Any]]:
    """The gallery's examples (proxy.demo.gallery) as plain dicts, by ID."""
    from proxy.demo import gallery

    return {e.id: e.to_dict(ORDERS) for e in gallery.load()}


EXAMPLES = _examples()


def order_for(order_id: str | None, marketplace_id: str | None = None) -> DemoOrder:
    """The demo order; an unknown ID gets made-up defaults so any URL shows a working page."""
    if order_id in ORDERS:
        return ORDERS[order_id]  # type: ignore[index]
    return DemoOrder(order_id or DEFAULT_ORDER, marketplace_id or "ATVPDKIKX0DER", "amazon.com",
                     "en-US", 7, "Demo product", "Demo buyer")


# -- pages ---------------------------------------------------------------------------------------
def _template(name: str) -> string.Template:
    return string.Template((STATIC / name).read_text("utf-8"))


def _page(name: str, **values: str) -> web.Response:
    """Render a static/*.html template; every value is HTML-escaped unless its key ends in _html."""
    safe = {k: (v if k.endswith("_html") else html.escape(v, quote=True)) for k, v in values.items()}
    body = _template(name).safe_substitute(safe)
    return web.Response(text=body, content_type="text/html", charset="utf-8",
                        headers={"Cache-Control": "no-store"})


def _order_values(order: DemoOrder, marketplace_id: str | None) -> dict[str, str]:
    return {
        "order_id": order.order_id,
        "marketplace_id": marketplace_id or order.marketplace_id,
        "marketplace": order.marketplace,
        "order_date": order.order_date.isoformat(),
        "buyer_language": order.buyer_language,
        "product": order.product,
        "buyer": order.buyer,
    }


async def contact_page(request: web.Request) -> web.Response:
    query = request.query
    example = EXAMPLES.get(query.get("example", ""))
    order_id = query.get("orderID") or (example["order"] if example else DEFAULT_ORDER)
    order = order_for(order_id, query.get("marketplaceID"))
    chosen = example["reason"] if example else "6"
    radios = "\n".join(
        f'        <kat-radiobutton name="contactReason" value="{v}" label="{html.escape(label)}"'
        f'{" checked" if v == chosen else ""}></kat-radiobutton>'
        for v, label in CONTACT_REASONS)
    needs = "".join(f"<li>{html.escape(n)}</li>" for n in example["needs"]) if example else ""
    return _page("contact.html", **_order_values(order, query.get("marketplaceID")),
                 radios_html=radios, text=example["text"] if example else "",
                 example_title=f"Example: {example['title']}" if example else "",
                 example_needs_html=(f'<div class="example-needs"><p>This example also has what '
                                     f'the page has no field for:</p><ul>{needs}</ul></div>'
                                     if needs else ""))


async def review_page(request: web.Request) -> web.Response:
    order = order_for(request.query.get("orderID"), request.query.get("marketplaceID"))
    return _page("review.html", **_order_values(order, request.query.get("marketplaceID")))


async def index(request: web.Request) -> web.Response:
    raise web.HTTPFound("/demo/gallery")


async def favicon(request: web.Request) -> web.Response:
    return web.Response(status=204)


async def static_file(request: web.Request) -> web.Response:
    name = request.match_info["name"]
    types = {".js": "application/javascript", ".css": "text/css"}
    suffix = name[name.rfind("."):] if "." in name else ""
    if "/" in name or name.startswith(".") or suffix not in types:
        raise web.HTTPNotFound()
    path = STATIC / name
    if not path.is_file():
        raise web.HTTPNotFound()
    return web.Response(text=path.read_text("utf-8"), content_type=types[suffix],
                        headers={"Cache-Control": "no-store"})


# -- the calls the pages make --------------------------------------------------------------------
def _record(request: web.Request, kind: str, order_id: str, body: Any) -> dict[str, Any]:
    entry = {
        "time": dt.datetime.now(dt.timezone.utc).isoformat(timespec="milliseconds"),
        "kind": kind,
        "method": request.method,
        "path": request.path,
        "order_id": order_id,
        "marketplace_id": request.query.get("marketplaceId"),
        "csrf_header": "anti-csrftoken-a2z" in request.headers,  # present or not; never the value
        "body": body,
    }
    request.app[RECEIVED].append(entry)
    return entry


async def contact_buyer(request: web.Request) -> web.Response:
    order_id = request.match_info["order_id"]
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8"))
    except (UnicodeDecodeError, ValueError):
        _record(request, "contact_buyer", order_id, {"unparsed": len(raw)})
        return web.json_response({"isSuccess": False, "error": "malformed request"}, status=400)
    _record(request, "contact_buyer", order_id, body)
    if not isinstance(body, dict) or not str(body.get("rawMessageBody", "")).strip():
        return web.json_response({"isSuccess": False, "error": "The message is empty."}, status=400)
    return web.json_response({"isSuccess": True, "status": "SENT"})


async def review_eligibility(request: web.Request) -> web.Response:
    order_id = request.match_info["order_id"]
    if order_id in request.app[REVIEWED]:
        return web.json_response({"isSuccess": False,
                                  "ineligibleReason": "REVIEW_REQUEST_ALREADY_SENT"})
    order = order_for(order_id)
    if not 5 <= order.days_ago <= 30:  # delivery is taken as the order date in the demo
        return web.json_response({"isSuccess": False,
                                  "ineligibleReason": "REVIEW_REQUEST_OUTSIDE_TIME_WINDOW"})
    return web.json_response({"isSuccess": True, "ineligibleReason": None})


async def request_review(request: web.Request) -> web.Response:
    order_id = request.match_info["order_id"]
    raw = await request.read()
    try:
        body = json.loads(raw.decode("utf-8")) if raw.strip() else {}
    except (UnicodeDecodeError, ValueError):
        body = {"unparsed": len(raw)}
    _record(request, "request_review", order_id, body)
    if order_id in request.app[REVIEWED]:
        # Only reachable when the guard let a repeat through (mode off or warn).
        return web.json_response({"isSuccess": False,
                                  "ineligibleReason": "REVIEW_REQUEST_ALREADY_SENT"}, status=400)
    request.app[REVIEWED].add(order_id)
    return web.json_response({"isSuccess": True})


async def received(request: web.Request) -> web.Response:
    return web.json_response(request.app[RECEIVED])


async def reset(request: web.Request) -> web.Response:
    """DELETE /demo/received: forget what arrived (sends and review requests); for trainers and tests."""
    request.app[RECEIVED].clear()
    request.app[REVIEWED].clear()
    return web.json_response({"ok": True})


def make_origin_app() -> web.Application:
    """The origin's aiohttp app; tests build it without running the guard."""
    app = web.Application(client_max_size=MAX_BODY)
    app[RECEIVED] = []
    app[REVIEWED] = set()
    r = app.router
    r.add_get("/", index)
    r.add_get("/messaging/contact", contact_page)
    r.add_get("/messaging/review", review_page)
    r.add_post("/messaging/api/orders/{order_id}/contactBuyer", contact_buyer)
    solicit = "/messaging/api/solicitations/{order_id}/productReviewAndSellerFeedback"
    r.add_get(solicit, review_eligibility)
    r.add_post(solicit, request_review)
    gallery_pages.add_routes(app)  # /demo/gallery, /demo/quiz, /demo/examples.json, /demo/rules.json
    r.add_get("/demo/received", received)
    r.add_delete("/demo/received", reset)
    r.add_get("/demo/static/{name}", static_file)
    r.add_get("/favicon.ico", favicon)
    return app


async def start_origin(host: str = "127.0.0.1", port: int = 0) -> tuple[web.AppRunner, str]:
    """Run the origin on `host:port` (0 = ephemeral); returns the runner and its base URL."""
    runner = web.AppRunner(make_origin_app(), access_log=None)
    await runner.setup()
    site = web.TCPSite(runner, host, port)
    await site.start()
    bound = runner.addresses[0][1]
    return runner, f"http://{host}:{bound}"
