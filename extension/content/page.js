// What the content script reads from the Contact Buyer page: the message box and the context
// of the order. Read-only: nothing here changes the page.
//
// Seller Central's box is a <textarea> inside the OPEN shadow root of a `kat-textarea` custom
// element. Properties that the page's own scripts define on custom elements are invisible from
// the extension's isolated world (each world has its own JS wrappers), so state is read from
// attributes and from native elements (the <textarea>, an inner <input>), which both worlds share.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.SELECTORS = {
  container: ".contact-buyer-text-area",
  katTextarea: "kat-textarea",
  reasons: 'kat-radiobutton[name="contactReason"]',
  reasonsRoot: "#ayb-contact-buyer",
  fileInput: "div.contact-buyer-file-input input[type=file]",
  sendButton: "kat-button.ayb-contact-form-send-button",
  orderDate: ".order-date",
  buyerLanguage: ".buyer-language",
  dangerAlert: ".kat-alert-danger-content",
  successAlert: "div.kat-alert-success-content",
};

bsmGuard.page = (() => {
  const S = bsmGuard.SELECTORS;

  // Messaging pages only: a bare textarea elsewhere in Seller Central (listings, cases) is not
  // a buyer message.
  function onMessagingPage() {
    return /^\/messaging(\/|$)/.test(location.pathname);
  }

  function shown(el) {
    const rect = el.getBoundingClientRect();
    return rect.width > 0 && rect.height > 0;
  }

  function innerTextarea(host) {
    const root = host.shadowRoot;
    return root ? root.querySelector("textarea") : null;
  }

  // The message box: {textarea, host (the element seen from the page), anchor (where the
  // panel goes, after it)} or null.
  function findBox() {
    const candidates = [...document.querySelectorAll(`${S.container} ${S.katTextarea}`)];
    if (onMessagingPage()) candidates.push(...document.querySelectorAll(S.katTextarea));
    for (const host of candidates) {
      const textarea = innerTextarea(host);
      if (textarea && shown(host)) {
        return { textarea, host, anchor: host.closest(S.container) || host };
      }
    }
    if (!onMessagingPage()) return null;
    // Plain fallback: a textarea in the known container, else the largest visible one.
    let textarea = document.querySelector(`${S.container} textarea`);
    if (!textarea) {
      let best = 0;
      for (const el of document.querySelectorAll("textarea")) {
        const rect = el.getBoundingClientRect();
        if (rect.width * rect.height > best && !el.disabled && !el.readOnly) {
          best = rect.width * rect.height;
          textarea = el;
        }
      }
    }
    if (!textarea || !shown(textarea)) return null;
    return { textarea, host: textarea, anchor: textarea.closest(S.container) || textarea };
  }

  function param(names) {
    const params = new URLSearchParams(location.search);
    for (const name of names) {
      const value = params.get(name);
      if (value) return value.trim();
    }
    return null;
  }

  function text(selector) {
    const el = document.querySelector(selector);
    const value = el && el.textContent.trim();
    return value || null;
  }

  function orderId() {
    const value = param(["orderID", "orderId", "orderid"]);
    return value && /^[A-Z0-9]{3}-\d{7}-\d{7}$/i.test(value) ? value : null;
  }

  function orderDate() {
    const value = text(S.orderDate);
    if (!value) return null;
    const iso = /\d{4}-\d{2}-\d{2}/.exec(value);
    if (iso) return iso[0];
    const parsed = new Date(value);
    return Number.isNaN(parsed.getTime()) ? null : parsed.toISOString().slice(0, 10);
  }

  function buyerLanguage() {
    const value = text(S.buyerLanguage);
    return value && /^[a-z]{2,3}([-_][A-Za-z0-9]{2,4})?$/i.test(value) ? value.replace("_", "-") : null;
  }

  function isChecked(radio) {
    if (radio.hasAttribute("checked") && radio.getAttribute("checked") !== "false") return true;
    const inner = radio.shadowRoot && radio.shadowRoot.querySelector("input");
    return Boolean(inner && inner.checked);
  }

  function contactReason() {
    const root = document.querySelector(S.reasonsRoot) || document;
    for (const radio of root.querySelectorAll(S.reasons)) {
      // The words the seller chose ("Shipping or delivery"): the engine reads the reason.
      if (isChecked(radio)) return radio.getAttribute("label") || radio.getAttribute("value") || null;
    }
    return null;
  }

  function attachments() {
    const input = document.querySelector(S.fileInput);
    if (!input || !input.files) return [];
    return [...input.files].map((f) => {
      const item = { filename: f.name, size: f.size };
      if (f.type) item.content_type = f.type;
      return item;
    });
  }

  // The page context sent with every check (only what the page shows).
  function context() {
    const ctx = {
      order_id: orderId(),
      marketplace: param(["marketplaceID", "marketplaceId"]),
      order_date: orderDate(),
      buyer_language: buyerLanguage(),
      contact_reason: contactReason(),
      attachments: attachments(),
    };
    for (const key of Object.keys(ctx)) {
      if (ctx[key] === null || (Array.isArray(ctx[key]) && !ctx[key].length)) delete ctx[key];
    }
    return ctx;
  }

  function kind() {
    return /\/messaging\/(inbox|thread|reply)/.test(location.pathname) ? "reply" : "proactive";
  }

  // The send button, when this click is on it (the path crosses shadow roots).
  function sendButtonIn(event) {
    for (const node of event.composedPath()) {
      if (node instanceof Element && node.matches(S.sendButton)) return node;
    }
    return null;
  }

  // Same identity as the guard's text_hash: NFC, CRLF -> LF, trimmed, SHA-256 hex.
  async function textHash(value) {
    if (!globalThis.crypto || !crypto.subtle) return null;
    const normal = value.normalize("NFC").replace(/\r\n/g, "\n").trim();
    const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(normal));
    return [...new Uint8Array(digest)].map((b) => b.toString(16).padStart(2, "0")).join("");
  }

  return { findBox, context, kind, orderId, sendButtonIn, textHash, onMessagingPage };
})();
