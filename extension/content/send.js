// One send flow. A send that Amazon would block is held once: the seller reads why, in plain
// words, and either keeps editing or sends anyway. "Send anyway" grants bsm-guard's override
// for exactly this text first (when the guard blocks), then presses the page's own Send, so
// the send goes through on the first try and the guard records it as an override.
//
// If the guard stops a send the seller was not asked about (the page's report was out of
// date, or only the guard knew, e.g. a second review request), the reason is shown with a
// Send anyway that overrides that verdict.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.sendFlow = (ctx) => {
  const G = bsmGuard;
  const { page } = G;
  const { reasons, reasonsOfCodes } = G.words;
  const state = ctx.state;

  function pressSend(button) {
    state.bypassClick = true;
    try {
      const inner = button.shadowRoot && button.shadowRoot.querySelector("button");
      (inner || button).click();
    } finally {
      state.bypassClick = false;
    }
  }

  async function noteSend(extra = {}) {
    const at = Date.now();
    state.pendingSend = { at, hash: null, ...extra };
    if (state.banner && state.banner.kind !== "blocked") state.banner = null;
    const hash = await page.textHash(state.box ? state.box.textarea.value : "");
    if (state.pendingSend && state.pendingSend.at === at) state.pendingSend.hash = hash;
  }

  // The guard judges the whole report: an error the seller only ignored once on the page
  // still blocks, so the send is held for it too.
  function errors() {
    return ((state.report && state.report.diagnostics) || []).filter((d) => d.severity === "error");
  }

  function wouldBlock() {
    return errors().length > 0 && state.mode !== "off";
  }

  function confirm(button) {
    state.banner = {
      kind: "confirm", button, reasons: reasons(errors()),
      override: state.mode === "block",
    };
    ctx.render();
    ctx.panel().host.scrollIntoView({ block: "nearest" });
  }

  // Capture phase on window: runs before the page's own click handlers.
  function onClickCapture(event) {
    const button = page.sendButtonIn(event);
    if (!button) {
      // A contact reason is part of the context: check again when it changes.
      if (state.box && event.composedPath().some((n) => n instanceof Element && n.matches("kat-radiobutton"))) ctx.scheduleCheck(50);
      return;
    }
    if (state.bypassClick) return; // our own press: the send was noted before it
    if (!state.box || state.guard !== "up") {
      noteSend();
      return;
    }
    const text = state.box.textarea.value;
    const current = state.report && state.reportText === text && !ctx.pending();
    if (current && !wouldBlock()) {
      noteSend();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (current) {
      confirm(button);
      return;
    }
    ctx.runCheck().then(() => {
      if (state.guard !== "up" || !wouldBlock()) {
        noteSend();
        pressSend(button);
      } else {
        confirm(button);
      }
    });
  }

  // The seller's one decision: send anyway.
  async function sendAnyway() {
    const banner = state.banner;
    if (!banner || banner.kind !== "confirm" || banner.busy) return;
    const text = state.box ? state.box.textarea.value : "";
    if (banner.override) {
      banner.busy = true;
      ctx.render();
      const result = await ctx.send({ type: "override", text });
      if (!result.ok) {
        banner.busy = false;
        banner.error = result.unpaired
          ? "The extension is not paired with bsm-guard, so it cannot let this message through."
          : `bsm-guard did not accept the override: ${result.error || "unknown error"}`;
        ctx.render();
        return;
      }
    }
    state.banner = { kind: "info", text: "Sending\u2026" };
    ctx.render();
    const button = banner.button && banner.button.isConnected ? banner.button : document.querySelector(G.SELECTORS.sendButton);
    if (button) {
      noteSend({ overridden: banner.override });
      pressSend(button);
    }
  }

  function keepEditing() {
    state.banner = null;
    ctx.render();
    if (state.box) state.box.textarea.focus();
  }

  // After a block the seller was not asked about: override that verdict, then send.
  async function overrideAndSend() {
    const banner = state.banner;
    if (!banner || banner.kind !== "blocked" || banner.busy) return;
    banner.busy = true;
    ctx.render();
    const result = await ctx.send({ type: "override", verdict_id: banner.event.id });
    if (!result.ok) {
      banner.busy = false;
      banner.error = `bsm-guard did not accept the override: ${result.error || "unknown error"}`;
      ctx.render();
      return;
    }
    state.banner = { kind: "info", text: "Sending\u2026" };
    ctx.render();
    const button = document.querySelector(G.SELECTORS.sendButton);
    if (button) {
      noteSend({ overridden: true });
      pressSend(button);
    }
  }

  // ------------------------------------------------------------------ verdicts (events)

  async function matchesThisPage(event) {
    if (!state.box) return false;
    if (event.channel && event.channel !== "contact_buyer") return false;
    const orderId = page.orderId();
    if (event.order_id && orderId && event.order_id !== orderId) return false;
    if (event.text_hash) {
      const hash = state.pendingSend?.hash || (await page.textHash(state.box.textarea.value));
      if (hash && hash === event.text_hash) return true;
    }
    return Boolean(state.pendingSend && Date.now() - state.pendingSend.at < 30000);
  }

  async function onVerdict(event) {
    if (!(await matchesThisPage(event))) return;
    if (event.action === "blocked" || event.action === "failed_closed") {
      const asked = state.pendingSend && state.pendingSend.overridden;
      state.pendingSend = null;
      state.banner = {
        kind: "blocked", event,
        reasons: event.diagnostics ? reasons(event.diagnostics) : reasonsOfCodes(event.codes),
        error: asked ? "bsm-guard stopped it although you chose to send it anyway (the text may have changed)." : null,
      };
      ctx.render();
      ctx.panel().host.scrollIntoView({ block: "nearest" });
    } else if (state.pendingSend || (state.banner && state.banner.kind !== "confirm")) {
      state.pendingSend = null;
      state.banner = event.action === "overridden"
        ? { kind: "sent", text: "Sent. bsm-guard recorded that you chose to send it anyway." }
        : null;
      ctx.render();
      ctx.scheduleCheck(0); // the page empties the box after a send: show that at once
    }
  }

  // Without the event stream: the page's own success banner ends a pending send; after an
  // error alert the verdict is looked up in the history (the page's wording is not relied on).
  function shown(selector) {
    const el = document.querySelector(selector);
    return el && el.textContent.trim() && el.getClientRects().length ? el : null;
  }

  let lookup = null;
  function checkPageAlerts() {
    if (!state.pendingSend) return;
    if (shown(G.SELECTORS.successAlert) && (!state.banner || state.banner.kind === "info")) {
      onVerdict({ action: state.pendingSend.overridden ? "overridden" : "forwarded" });
      return;
    }
    if (lookup || (state.banner && state.banner.kind === "blocked")) return;
    if (!shown(G.SELECTORS.dangerAlert)) return;
    lookup = setTimeout(async () => {
      lookup = null;
      if (!state.pendingSend || (state.banner && state.banner.kind === "blocked")) return;
      const history = await ctx.send({ type: "history", limit: 5 });
      const rows = (history.ok && Array.isArray(history.data) ? history.data : history.data?.verdicts) || [];
      for (const row of rows) {
        if (row.action !== "blocked" && row.action !== "failed_closed") continue;
        const full = await ctx.send({ type: "verdict", id: row.id });
        const event = { ...row, ...(full.ok ? full.data : {}) };
        if (await matchesThisPage(event)) {
          onVerdict(event);
          return;
        }
      }
    }, 800);
  }

  return { onClickCapture, sendAnyway, keepEditing, overrideAndSend, onVerdict, checkPageAlerts, noteSend };
};
