// The content script's wiring: live checks while the seller types, fixes, the warning before
// a send that would be blocked, and the reason when the guard stopped a send.
//
// It never fetches the API itself (a page-origin fetch to 127.0.0.1 is refused by CORS and
// Local Network Access); every call is a message to the service worker. When the guard is not
// running it shows one line and stays out of the way: no warnings, no blocked clicks.
"use strict";

(() => {
  const G = globalThis.bsmGuard;
  if (!G || G.started || window.top !== window) return;
  G.started = true;
  const { page, ui } = G;

  const state = {
    box: null,
    guard: "unknown", // "up" | "down" | "unknown"
    mode: null, // the guard's mode, from /api/health
    guarded: false, // does this page's traffic go through the guard?
    report: null,
    reportText: null,
    stale: false,
    banner: null, // {kind: "confirm"|"blocked"|"sent"|"info", ...}
    debounceMs: 300,
    seq: 0,
    pendingSend: null, // {at, hash}
    bypassClick: false,
  };
  let panel = null;
  let overlay = null;
  let debounceTimer = null;
  let timing = { inputAt: 0, firedAt: 0 };

  function alive() {
    try {
      return Boolean(chrome.runtime && chrome.runtime.id);
    } catch (err) {
      return false;
    }
  }

  async function send(message) {
    if (!alive()) return { ok: false, error: "extension reloaded" };
    try {
      return (await chrome.runtime.sendMessage(message)) || { ok: false, error: "no answer" };
    } catch (err) {
      return { ok: false, error: String(err && err.message || err) };
    }
  }

  // ------------------------------------------------------------------------- rendering

  function render() {
    if (!state.box) return;
    panel.place(state.box.anchor);
    panel.render(state);
    const report = state.guard === "up" ? state.report : null;
    const { errors, warnings } = ui.counts(report);
    overlay.setBadge(errors, warnings, Boolean(report));
    layout();
  }

  function showMarks() {
    const text = state.box.textarea.value;
    const ranges = [];
    if (state.guard === "up" && state.report && state.reportText !== null) {
      for (const d of state.report.diagnostics) {
        if (d.field !== "body" || !Number.isInteger(d.start16) || !Number.isInteger(d.end16)) continue;
        ranges.push({ start: d.start16, end: d.end16, severity: d.severity });
      }
    }
    overlay.setMarks(text, state.reportText === text ? ranges : shiftRanges(ranges, state.reportText || "", text));
  }

  // While a new check is pending, keep the old highlights where the text around them did not
  // change: one edit region (common prefix and suffix), spans after it shift, spans in it drop.
  function shiftRanges(ranges, before, after) {
    let p = 0;
    const max = Math.min(before.length, after.length);
    while (p < max && before.charCodeAt(p) === after.charCodeAt(p)) p++;
    let s = 0;
    while (s < max - p && before.charCodeAt(before.length - 1 - s) === after.charCodeAt(after.length - 1 - s)) s++;
    const oldEnd = before.length - s;
    const delta = after.length - before.length;
    const out = [];
    for (const r of ranges) {
      if (r.end <= p) out.push(r);
      else if (r.start >= oldEnd) out.push({ ...r, start: r.start + delta, end: r.end + delta });
    }
    return out;
  }

  function layout() {
    if (!state.box) return;
    overlay.attach();
    overlay.layout(state.box.textarea);
  }

  // ----------------------------------------------------------------------------- checks

  function scheduleCheck(delay = state.debounceMs) {
    clearTimeout(debounceTimer);
    debounceTimer = setTimeout(runCheck, delay);
  }

  async function runCheck() {
    clearTimeout(debounceTimer);
    debounceTimer = null;
    if (!state.box) return null;
    const text = state.box.textarea.value;
    const seq = ++state.seq;
    timing.firedAt = performance.now();
    const message = { text, kind: page.kind(), context: page.context() };
    // An empty box has nothing to check yet (and "no order ID" would only be noise).
    const result = text.trim() ? await send({ type: "check", message })
      : { ok: true, report: { verdict: "pass", diagnostics: [], empty: true } };
    if (seq !== state.seq || !state.box) return null; // a newer check superseded this one
    if (result.ok) {
      if (!result.report.empty) state.guard = "up";
      state.report = result.report;
      state.reportText = text;
      state.stale = state.box.textarea.value !== text;
    } else if (result.timeout) {
      // Running but slow (models loading): keep what is shown and try again.
      state.stale = true;
      render();
      scheduleCheck(2000);
      return null;
    } else if (result.unreachable) {
      state.guard = "down";
      state.report = null;
      state.reportText = null;
      state.banner = null;
    } else {
      // The guard answered but refused the check (e.g. bad context): show nothing stale.
      state.guard = "up";
      state.report = { verdict: "pass", diagnostics: [], error: result.error };
      state.reportText = text;
    }
    showMarks();
    render();
    const renderedAt = performance.now();
    const d = panel.host.dataset;
    d.seq = String(seq);
    d.inputAt = timing.inputAt.toFixed(2);
    d.firedAt = timing.firedAt.toFixed(2);
    d.renderedAt = renderedAt.toFixed(2);
    d.checkedLength = String(text.length);
    d.serverMs = state.report && Number.isFinite(state.report.elapsed_ms) ? String(state.report.elapsed_ms) : "";
    d.context = JSON.stringify(message.context); // what the page showed (no message text)
    return state.report;
  }

  function onInput(event) {
    if (!state.box || event.composedPath()[0] !== state.box.textarea) return;
    timing.inputAt = event.timeStamp || performance.now();
    state.stale = true;
    // The text changed: a warning or a block about the old text no longer applies (the live
    // check shows what is wrong with the new one).
    if (state.banner && state.banner.kind !== "info") state.banner = null;
    if (state.guard !== "down") {
      showMarks();
      layout();
    }
    scheduleCheck();
  }

  // ------------------------------------------------------------------------------- fixes

  function applyFix(d) {
    const ta = state.box && state.box.textarea;
    if (!ta || !d.fix) return;
    if (ta.value !== state.reportText) {
      scheduleCheck(0);
      return;
    }
    const start = d.fix.start16;
    const end = d.fix.end16;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return;
    const replacement = d.fix.replacement || "";
    ta.value = ta.value.slice(0, start) + replacement + ta.value.slice(end);
    const caret = start + replacement.length;
    ta.setSelectionRange(caret, caret);
    // The page's own handlers (and ours) see the change as an edit.
    ta.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    ta.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
    scheduleCheck(0);
  }

  function focusSpan(d) {
    const ta = state.box && state.box.textarea;
    if (!ta || ta.value !== state.reportText) return;
    ta.focus();
    ta.setSelectionRange(d.start16, d.end16);
  }

  // ------------------------------------------------------------------------ the send button

  function pressSend(button) {
    state.bypassClick = true;
    try {
      const inner = button.shadowRoot && button.shadowRoot.querySelector("button");
      (inner || button).click();
    } finally {
      state.bypassClick = false;
    }
  }

  async function noteSend() {
    const at = Date.now();
    state.pendingSend = { at, hash: null };
    if (state.banner && state.banner.kind !== "blocked") state.banner = null;
    const hash = await page.textHash(state.box ? state.box.textarea.value : "");
    if (state.pendingSend && state.pendingSend.at === at) state.pendingSend.hash = hash;
  }

  function wouldBlock() {
    return state.report && state.report.verdict === "block" && state.mode !== "off";
  }

  function confirmBanner(button) {
    state.banner = {
      kind: "confirm", button,
      errors: ui.counts(state.report).errors,
      guarded: state.guarded && state.mode === "block",
    };
    render();
    panel.host.scrollIntoView({ block: "nearest" });
  }

  // Capture phase on window: runs before the page's own click handlers, so a send that
  // would be blocked can be held for the seller's decision.
  function onClickCapture(event) {
    const button = page.sendButtonIn(event);
    if (!button) {
      // A contact reason is part of the context: check again when it changes.
      if (state.box && event.composedPath().some((n) => n instanceof Element && n.matches("kat-radiobutton"))) scheduleCheck(50);
      return;
    }
    if (state.bypassClick || !state.box || state.guard !== "up") {
      noteSend();
      return;
    }
    const text = state.box.textarea.value;
    const current = state.report && state.reportText === text && !debounceTimer;
    if (current && !wouldBlock()) {
      noteSend();
      return;
    }
    event.preventDefault();
    event.stopImmediatePropagation();
    if (current) {
      confirmBanner(button);
      return;
    }
    runCheck().then(() => {
      if (state.guard !== "up" || !wouldBlock()) {
        noteSend();
        pressSend(button);
      } else {
        confirmBanner(button);
      }
    });
  }

  function sendAnyway() {
    const banner = state.banner;
    state.banner = null;
    render();
    if (banner && banner.button && banner.button.isConnected) {
      noteSend();
      pressSend(banner.button);
    }
  }

  function keepEditing() {
    state.banner = null;
    render();
    if (state.box) state.box.textarea.focus();
  }

  // The seller chose to send a blocked text anyway: the guard grants one override of exactly
  // this text, then the send is pressed once more.
  async function overrideAndSend() {
    const banner = state.banner;
    if (!banner || banner.kind !== "blocked") return;
    banner.busy = true;
    render();
    const result = await send({ type: "override", verdict_id: banner.event.id });
    if (!result.ok) {
      banner.busy = false;
      banner.error = `The override failed: ${result.error || "unknown error"}`;
      render();
      return;
    }
    state.banner = { kind: "info", text: "Override granted: sending this message once…" };
    render();
    const button = document.querySelector(G.SELECTORS.sendButton);
    if (button) {
      noteSend();
      pressSend(button);
    }
  }

  // -------------------------------------------------------------------- verdicts (events)

  async function matchesThisPage(event) {
    if (!state.box) return false;
    if (event.channel && event.channel !== "contact_buyer") return false;
    const orderId = page.orderId();
    if (event.order_id && orderId && event.order_id !== orderId) return false;
    if (event.text_hash) {
      const hash = await page.textHash(state.box.textarea.value);
      if (hash && hash === event.text_hash) return true;
    }
    return Boolean(state.pendingSend && Date.now() - state.pendingSend.at < 30000);
  }

  async function onVerdict(event) {
    if (!(await matchesThisPage(event))) return;
    if (event.action === "blocked" || event.action === "failed_closed") {
      state.pendingSend = null;
      state.banner = { kind: "blocked", event };
      render();
      panel.host.scrollIntoView({ block: "nearest" });
    } else if (state.pendingSend || (state.banner && state.banner.kind !== "confirm")) {
      state.pendingSend = null;
      state.banner = event.action === "overridden"
        ? { kind: "sent", text: "Sent with your override (recorded by bsm-guard)." }
        : null;
      render();
    }
  }

  // Fallback when the event stream is not connected: the page shows the guard's 422 as an
  // error alert; find the verdict in the history.
  let alertLookup = null;
  function checkDangerAlert() {
    if (!state.pendingSend || alertLookup || (state.banner && state.banner.kind === "blocked")) return;
    const alert = document.querySelector(G.SELECTORS.dangerAlert);
    if (!alert || !/bsm-guard|BSM_GUARD/i.test(alert.textContent)) return;
    alertLookup = setTimeout(async () => {
      alertLookup = null;
      if (!state.pendingSend || (state.banner && state.banner.kind === "blocked")) return;
      const history = await send({ type: "history", limit: 5 });
      const rows = (history.ok && Array.isArray(history.data) ? history.data : history.data?.verdicts) || [];
      for (const row of rows) {
        if (row.action !== "blocked" && row.action !== "failed_closed") continue;
        const full = await send({ type: "verdict", id: row.id });
        const event = { ...row, ...(full.ok ? full.data : {}) };
        if (await matchesThisPage(event)) {
          onVerdict(event);
          return;
        }
      }
    }, 800);
  }

  // ------------------------------------------------------------------------ start-up

  let port = null;
  function connect() {
    if (!alive()) return;
    try {
      port = chrome.runtime.connect({ name: "bsm-guard-page" });
    } catch (err) {
      return;
    }
    port.onMessage.addListener((msg) => {
      if (msg.type === "verdict") onVerdict(msg.event);
    });
    port.onDisconnect.addListener(() => {
      port = null;
      if (alive()) setTimeout(connect, 1000);
      else teardown();
    });
  }
  setInterval(() => {
    if (port) {
      try {
        port.postMessage({ type: "ping" });
      } catch (err) {
        port = null;
      }
    }
  }, 20000);

  async function refreshStatus() {
    const status = await send({ type: "status" });
    if (status.ok && status.reachable) {
      state.mode = status.health && status.health.mode;
      if (state.guard !== "up") {
        state.guard = "up";
        scheduleCheck(0);
      }
    } else if (status.ok) {
      state.guard = "down";
      render();
    }
    const routed = await send({ type: "routed", origin: location.origin });
    state.guarded = Boolean(routed.ok && routed.guarded);
  }

  function teardown() {
    if (panel) panel.remove();
    if (overlay) overlay.remove();
    state.box = null;
  }

  let contextSent = null;
  let connected = false;
  function attach(box) {
    if (!connected) {
      // Only pages with a message box talk to the guard at all.
      connected = true;
      connect();
      refreshStatus();
    }
    state.box = box;
    state.report = null;
    state.reportText = null;
    state.banner = null;
    box.textarea.addEventListener("scroll", layout, { passive: true });
    resizeObserver.disconnect();
    resizeObserver.observe(box.textarea);
    render();
    scheduleCheck(0);
    const ctx = page.context();
    const key = JSON.stringify([ctx.order_id, ctx.buyer_language, ctx.order_date, ctx.marketplace]);
    if (ctx.order_id && key !== contextSent && (ctx.buyer_language || ctx.order_date)) {
      contextSent = key;
      const { order_id, buyer_language, order_date, marketplace } = ctx;
      send({ type: "context", context: { order_id, buyer_language, order_date, marketplace } });
    }
  }

  const resizeObserver = new ResizeObserver(() => layout());

  let scanQueued = false;
  function scan() {
    scanQueued = false;
    if (!alive()) return teardown();
    const box = page.findBox();
    if (box && (!state.box || box.textarea !== state.box.textarea)) attach(box);
    else if (!box && state.box) teardown();
    else if (state.box && !panel.host.isConnected) render();
    checkDangerAlert();
  }
  function queueScan() {
    if (scanQueued) return;
    scanQueued = true;
    setTimeout(scan, 150);
  }

  async function start() {
    panel = new ui.Panel({ applyFix, focusSpan, sendAnyway, keepEditing, overrideAndSend });
    overlay = new ui.Overlay(() => panel.host.scrollIntoView({ block: "nearest" }));
    const conf = await send({ type: "settings" });
    if (conf.ok && Number.isFinite(conf.debounceMs)) state.debounceMs = conf.debounceMs;
    scan();
    new MutationObserver(queueScan).observe(document.documentElement, { childList: true, subtree: true });
    // The box's layout can move without any event we see (banners, fonts), and the page may
    // set the text itself (it clears the box after a send) without an input event.
    setInterval(() => {
      layout();
      const ta = state.box && state.box.textarea;
      if (ta && state.reportText !== null && ta.value !== state.reportText && !debounceTimer && !state.stale) {
        state.stale = true;
        showMarks();
        scheduleCheck();
      }
    }, 250);
    // The mode can change in the popup: look again when the seller comes back to the tab.
    document.addEventListener("visibilitychange", () => { if (!document.hidden && state.box) refreshStatus(); });
    // While the guard is down, look again now and then; it may have been started.
    setInterval(() => { if (state.box && state.guard === "down") refreshStatus(); }, 5000);
  }

  window.addEventListener("click", onClickCapture, true);
  document.addEventListener("input", onInput, true);
  document.addEventListener("change", (e) => {
    if (state.box && e.target instanceof Element && !e.composedPath().includes(state.box.textarea)) scheduleCheck();
  }, true);
  window.addEventListener("scroll", () => layout(), { capture: true, passive: true });
  window.addEventListener("resize", () => layout(), { passive: true });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();

  // Test and bench seam (isolated world only; pages cannot reach it).
  G.state = state;
  G.runCheck = runCheck;
})();
