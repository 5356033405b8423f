"""The trainer's pages of the demo: the example gallery and the quiz.

The gallery renders every example of `proxy.demo.gallery` as a card (server-side, so it reads
without JavaScript; `gallery.js` only filters by family, rule and language). Each card opens
the Contact Buyer page pre-filled with the example (`/messaging/contact?example=ID`).

The quiz is a static page (`quiz.html` + `quiz.js`) fed by two JSON documents: the examples
(`/demo/examples.json`) and the rule documentation (`/demo/rules.json`, from the rule
registry's docstrings, so what the quiz reveals is what `bsm-guard rule CODE` prints).
"""

from __future__ import annotations

import html
from collections import Counter

from aiohttp import web

import policy
from proxy.demo import gallery

FAMILY_NAMES = {"O": "Order &amp; context", "C": "Content", "S": "Style &amp; language",
                "OK": "Compliant"}
LANGUAGE_NAMES = {"en": "English", "de": "Deutsch", "fr": "Français", "es": "Español",
                  "it": "Italiano", "ja": "日本語"}


def _orders():
    from proxy.demo.server import ORDERS

    return ORDERS


def example_url(ex: gallery.Example) -> str:
    order = _orders()[ex.order]
    return (f"/messaging/contact?orderID={order.order_id}&marketplaceID={order.marketplace_id}"
            f"&example={ex.id}")


def _card(ex: gallery.Example, names: dict[str, str]) -> str:
    e = html.escape
    codes = " ".join(f'<span class="code" title="{e(names.get(c, ""))}">{e(c)}</span>'
                     for c in ex.expect) or '<span class="pass">passes</span>'
    needs = "".join(f"<li>{e(n)}</li>" for n in ex.needs())
    gap = ""
    if ex.missed or ex.extra:
        said = []
        if ex.missed:
            said.append(f"does not flag {', '.join(ex.missed)} here yet")
        if ex.extra:
            said.append(f"wrongly flags {', '.join(ex.extra)} here")
        gap = (f'<p class="engine-gap">Known engine gap: the checker {" and ".join(said)}. '
               f'The example follows the policy.</p>')
    verdict = "compliant" if ex.compliant else ("blocked" if ex.blocks else "warning")
    return f"""
      <article class="card family-{ex.family.lower()}" data-example="{e(ex.id)}" data-rule="{e(ex.rule)}" data-lang="{e(ex.lang)}" data-family="{e(ex.family)}" lang="{e(ex.lang)}">
        <header><span class="family">{FAMILY_NAMES[ex.family]} &middot; {e(ex.rule)} {e(names.get(ex.rule, ""))} &middot; {e(LANGUAGE_NAMES[ex.lang])}</span><h2>{e(ex.title)}</h2></header>
        <p class="explain" lang="en">{e(ex.explain)}</p>
        {f'<div class="needs" lang="en"><span>Context:</span><ul>{needs}</ul></div>' if needs else ''}
        <pre class="preview">{e(ex.context.get("html", ex.text))}</pre>
        {gap}
        <footer>
          <span class="expect verdict-{verdict}">{codes}</span>
          <a class="button primary" href="{e(example_url(ex))}">Open in Contact Buyer</a>
        </footer>
      </article>"""


def _options(values: list[tuple[str, str]]) -> str:
    return "".join(f'<option value="{html.escape(v)}">{html.escape(label)}</option>'
                   for v, label in values)


async def gallery_page(request: web.Request) -> web.Response:
    from proxy.demo.server import ORDERS, _page

    rules = policy.all_rules()
    names = {r.code: r.name for r in rules}
    examples = gallery.load()
    cards = "".join(_card(ex, names) for ex in examples)
    per_lang = Counter(ex.lang for ex in examples)
    rule_options = _options([(r.code, f"{r.code} {r.name}") for r in rules])
    lang_options = _options([(code, f"{name} ({per_lang[code]})")
                             for code, name in LANGUAGE_NAMES.items()])
    reviews = "\n".join(
        f'<li><a href="/messaging/review?orderID={o.order_id}&amp;marketplaceID={o.marketplace_id}">'
        f'{o.order_id}</a> &middot; {html.escape(o.product)} ({o.marketplace})</li>'
        for o in ORDERS.values())
    violations = sum(1 for ex in examples if not ex.compliant)
    summary = (f"{len(examples)} examples: {violations} violations covering all "
               f"{len({ex.rule for ex in examples})} rules, and "
               f"{len(examples) - violations} compliant counterparts.")
    return _page("gallery.html", cards_html=cards, reviews_html=reviews,
                 rule_options_html=rule_options, lang_options_html=lang_options,
                 summary=summary)


async def quiz_page(request: web.Request) -> web.Response:
    from proxy.demo.server import _page

    return _page("quiz.html")


async def examples_json(request: web.Request) -> web.Response:
    orders = _orders()
    out = []
    for ex in gallery.load():
        item = ex.to_dict(orders)
        order = orders[ex.order]
        item["url"] = example_url(ex)
        item["context"] = {"marketplace": order.marketplace, "buyer_language": order.buyer_language,
                           "days_since_order": order.days_ago,
                           "kind": ex.context.get("message_kind", "proactive")}
        out.append(item)
    return web.json_response(out)


async def rules_json(request: web.Request) -> web.Response:
    return web.json_response([{
        "code": r.code, "name": r.name, "severity": r.severity.value, "clause": r.clause,
        "what": r.docs.get("What it does", ""), "why": r.docs.get("Why Amazon blocks it", ""),
        "instead": r.docs.get("Use instead", ""), "example": r.docs.get("Example", ""),
    } for r in policy.all_rules()])


def add_routes(app: web.Application) -> None:
    r = app.router
    r.add_get("/demo/gallery", gallery_page)
    r.add_get("/demo/quiz", quiz_page)
    r.add_get("/demo/examples.json", examples_json)
    r.add_get("/demo/rules.json", rules_json)
