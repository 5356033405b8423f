"""Template placeholders: the slots seller tools fill in before a message is sent.

Sellers keep their messages as templates in feedback tools, helpdesks and spreadsheets, and
check those templates in CI with `bsm-guard check`. A template is not a finished message:
`{{order_id}}` will become the order ID and `{{ buyer_name }}` a name. Judged literally, the
first gives O101 (no order ID) and the second a spelling warning, so the tool cries wolf on
every template. This module recognises the placeholder syntaxes in common use, so that:

- an order-ID placeholder counts as the order ID (O101; POLICY_READING.md, "Order and context");
- placeholders are not words (S310 blanks them, as it blanks order IDs and links).

Recognised forms (NAME is letters, digits, `_`, `-`, `.`, up to 60 characters, and may be in
any script, e.g. `{{注文番号}}`):

    {{NAME}}  {{ NAME }}  {{ NAME | filter }}     Handlebars, Liquid, Jinja, Mustache
    [[NAME]]                                      several feedback tools
    {NAME}  ${NAME}                               Python format strings, JS templates
    %NAME%                                        mail-merge tools, Windows-style

A single `{` or `%` only counts when NAME is one identifier with no spaces, so "50% off 20%"
and "{ see below }" are left alone. Pure functions, no I/O.
"""

from __future__ import annotations

import re
from typing import Iterator, NamedTuple

_NAME = r"[^\W\d][\w.\-]{0,59}"
_PATTERN = re.compile(
    r"\{\{\s*(?P<a>" + _NAME + r")\s*(?:\|[^{}\n]{0,60})?\}\}"  # {{ name | filter }}
    r"|\[\[\s*(?P<b>" + _NAME + r")\s*\]\]"                     # [[name]]
    r"|\$?\{(?P<c>" + _NAME + r")\}"                             # {name} ${name}
    r"|%(?P<d>" + _NAME + r")%"                                  # %name%
)

# Normalised names (lower case, letters and digits only) that stand for the order ID, in the
# marketplace languages. A name *ending* in one of the first group also counts
# ("amazon_order_id", "order.orderId").
_ORDER_SUFFIXES = ("orderid", "ordernumber", "orderno", "ordernr", "ordernum", "orderref")
_ORDER_NAMES = frozenset((
    "order", "amazonorder", "bestellnummer", "bestellung", "bestellnr", "auftragsnummer",
    "commande", "numerocommande", "numcommande", "nocommande", "idcommande",
    "pedido", "numeropedido", "numpedido", "idpedido",
    "ordine", "numeroordine", "idordine", "ordinen",
    "注文番号", "注文id", "オーダー番号", "オーダーid",
))


class Placeholder(NamedTuple):
    start: int
    end: int
    name: str

    @property
    def is_order_id(self) -> bool:
        return is_order_id_name(self.name)


def find(text: str) -> Iterator[Placeholder]:
    """Every placeholder in `text`, in order, as spans of `text`."""
    if not text or not any(ch in text for ch in "{[%"):
        return
    for match in _PATTERN.finditer(text):
        name = next(g for g in match.groups() if g is not None)
        yield Placeholder(match.start(), match.end(), name)


def normalise(name: str) -> str:
    return re.sub(r"[\W_]", "", name).lower()


def is_order_id_name(name: str) -> bool:
    key = normalise(name)
    return key in _ORDER_NAMES or key.endswith(_ORDER_SUFFIXES)


def has_order_id(text: str) -> bool:
    """True when `text` holds a placeholder for the order ID."""
    return any(p.is_order_id for p in find(text))


def blank(text: str) -> str:
    """`text` with every placeholder replaced by spaces of the same length (offsets unchanged),
    the way `Analysis.masked_text` blanks order IDs and links."""
    spans = list(find(text))
    if not spans:
        return text
    chars = list(text)
    for p in spans:
        for i in range(p.start, p.end):
            if chars[i] != "\n":
                chars[i] = " "
    return "".join(chars)
