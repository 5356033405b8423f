// The content script's wiring: live checks while the seller types, the highlights and their
// card, the panel, fixes and ignores, and the send flow (send.js).
//
// It never fetches the API itself (a page-origin fetch to 127.0.0.1 is refused by CORS and
// Local Network Access); every call is a message to the service worker. When the guard is not
// running it shows one line and stays out of the way: no warnings, no held clicks.
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
    pendingSend: null, // {at, hash, overridden}
    bypassClick: false,
    ignored: new Set(), // "code|words" ignored once, for this page
    rules: {}, // code -> {title, why, instead}
  };
  let panel = null;
  let overlay = null;
  let card = null;
  let flow = null;
  let edits = null;
  let debounceTimer = null;
  const timing = { inputAt: 0, firedAt: 0 };

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

  // ------------------------------------------------------------------------- findings

  function ignoreKey(d, text) {
    return `${d.code}|${ui.hasSpan(d) ? text.slice(d.start16, d.end16) : d.message}`;
  }

  // The diagnostics of the current report that the seller has not ignored, each with an id.
  function findings() {
    if (state.guard !== "up" || !state.report) return [];
    const text = state.reportText || "";
    return (state.report.diagnostics || [])
      .map((d, id) => withSentenceFix({ ...d, id }, text))
      .filter((d) => !state.ignored.has(ignoreKey(d, text)));
  }

  // The intent layer names a compliant sentence ("use_instead") for a content finding; when the
  // engine gave no fix, offer that sentence in place of the sentence holding the finding, as
  // "Replace the sentence" (never part of Fix all: the seller reads it first).
  function withSentenceFix(d, text) {
    if (d.fix || !d.use_instead || !ui.hasSpan(d)) return d;
    const [start16, end16] = sentenceAround(text, d.start16, d.end16);
    const fix = { kind: "sentence", safe: false, description: "Replace the sentence",
      start16, end16, replacement: d.use_instead };
    const probe = { ...d, fix: { ...fix, kind: undefined } };
    return ui.isSentenceFix(probe, text) ? { ...d, fix } : d;
  }

  // The sentence of `text` that holds [start, end): from after the previous sentence end (or
  // line break) to the next one, its end mark included, without surrounding spaces.
  function sentenceAround(text, start, end) {
    const stop = /[.!?。！？\n]/;
    let s = start;
    while (s > 0 && !stop.test(text[s - 1])) s -= 1;
    let e = Math.max(end, start);
    while (e < text.length && !stop.test(text[e])) e += 1;
    if (e < text.length && text[e] !== "\n") e += 1;
    while (s < e && /\s/.test(text[s])) s += 1;
    return [s, e];
  }

  // ------------------------------------------------------------------------- rendering

  function render() {
    if (!state.box) return;
    const list = findings();
    panel.place(state.box.anchor);
    panel.render({
      guard: state.guard, report: state.report, findings: list, stale: state.stale,
      banner: state.banner, text: state.reportText || "",
      safeFixes: state.report && !state.stale ? safeFixes(list, state.reportText || "").length : 0,
      openIds: card.open ? card.ids : [],
    });
    const { errors, warnings } = ui.counts(list);
    overlay.setBadge(errors, warnings, Boolean(state.report && state.guard === "up"));
    if (card.open) {
      const still = list.filter((d) => card.ids.includes(d.id));
      if (!still.length || state.stale) card.hide();
    }
    layout();
  }

  function showMarks() {
    const text = state.box.textarea.value;
    const ranges = [];
    if (state.guard === "up" && state.reportText !== null) {
      for (const d of findings()) {
        if (ui.hasSpan(d)) ranges.push({ id: d.id, start: d.start16, end: d.end16, severity: d.severity });
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
      // Changed while checking without an input event (the page emptied the box after a
      // send): check again, nothing else will.
      if (state.stale && !debounceTimer) scheduleCheck();
    } else if (result.timeout) {
      state.stale = true; // running but slow (models loading): keep what is shown, try again
      render();
      scheduleCheck(2000);
      return null;
    } else if (result.unreachable) {
      state.guard = "down";
      state.report = null;
      state.reportText = null;
      state.banner = null;
    } else {
      state.guard = "up"; // the guard refused the check (e.g. bad context): show nothing stale
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
    // The text changed: a warning or a block about the old text no longer applies.
    if (state.banner && state.banner.kind !== "info") state.banner = null;
    if (card.open) card.hide();
    if (state.guard !== "down") {
      showMarks();
      layout();
    }
    scheduleCheck();
  }

  function safeFixes(list, text) {
    return list.filter((d) => ui.isSafeFix(d, text) && Number.isInteger(d.fix.start16));
  }

  // ------------------------------------------------------------------------------- card

  let hoverTimer = null;
  function openCard(list, rect, pinned) {
    if (!list.length) return;
    if (pinned) clearTimeout(hoverTimer);
    const bounds = state.box.anchor.getBoundingClientRect();
    card.show(list, rect, { pinned, text: state.reportText || "", stale: state.stale, bounds });
    overlay.highlight(card.ids);
    render();
  }

  // From the panel; from the keyboard, focus moves into the card (Escape closes it).
  function openFromPanel(d, el, keyboard = false) {
    const ta = state.box.textarea;
    const rect = ui.hasSpan(d) && edits.current() ? overlay.rectOf(d.id) : null;
    const onScreen = rect && rect.bottom > ta.getBoundingClientRect().top;
    openCard([d], onScreen ? rect : el.getBoundingClientRect(), true);
    if (keyboard) card.focus();
  }

  function closeCard() {
    card.hide();
    overlay.highlight(null);
    render();
  }

  function underPointer(event) {
    if (!state.box || state.guard !== "up" || state.stale) return [];
    if (!event.composedPath().includes(state.box.textarea)) return [];
    const ids = overlay.hitTest(event.clientX, event.clientY);
    return findings().filter((d) => ids.includes(d.id));
  }

  function onMouseMove(event) {
    if (card.pinned) return;
    const list = underPointer(event);
    clearTimeout(hoverTimer);
    const key = list.map((d) => d.id).join(" ");
    if (key && key === card.ids.join(" ")) return;
    hoverTimer = setTimeout(() => {
      if (card.pinned) return; // pinned by a click since the pointer moved
      if (list.length) openCard(list, overlay.rectOf(list[0].id) || new DOMRect(event.clientX, event.clientY, 0, 0), false);
      else if (card.open && !card.hovered) closeCard();
    }, list.length ? 150 : 300);
  }

  function onPointerDown(event) {
    const path = event.composedPath();
    if (path.includes(card.host) || path.includes(panel.host)) return;
    const list = underPointer(event);
    if (list.length) {
      // after the textarea has placed the caret
      setTimeout(() => openCard(list, overlay.rectOf(list[0].id) || new DOMRect(event.clientX, event.clientY, 0, 0), true), 0);
    } else if (card.open) {
      closeCard();
    }
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
      if (msg.type === "verdict") flow.onVerdict(msg.event);
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
      if (!Object.keys(state.rules).length) edits.loadRules();
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
    if (card) card.hide();
    state.box = null;
  }

  let contextSent = null;
  let connected = false;
  function attach(box) {
    if (!connected) {
      connected = true; // only pages with a message box talk to the guard at all
      connect();
      refreshStatus();
    }
    state.box = box;
    state.report = null;
    state.reportText = null;
    state.banner = null;
    box.textarea.addEventListener("scroll", () => { layout(); if (card.open && !card.pinned) closeCard(); }, { passive: true });
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
    flow.checkPageAlerts();
  }
  function queueScan() {
    if (scanQueued) return;
    scanQueued = true;
    setTimeout(scan, 150);
  }

  async function start() {
    panel = new G.panel.Panel({
      applyFix: edits.applyFix, fixAll: edits.fixAll, openCard: openFromPanel, docs: edits.docs,
      sendAnyway: () => flow.sendAnyway(), keepEditing: () => flow.keepEditing(),
      overrideAndSend: () => flow.overrideAndSend(),
    });
    overlay = new G.overlay.Overlay(() => panel.host.scrollIntoView({ block: "nearest" }));
    card = new G.card.Card(edits);
    const conf = await send({ type: "settings" });
    if (conf.ok && Number.isFinite(conf.debounceMs)) state.debounceMs = conf.debounceMs;
    scan();
    new MutationObserver(queueScan).observe(document.documentElement, { childList: true, subtree: true });
    // The box can move without an event we see (banners, fonts), and the page may set the text
    // itself (it clears the box after a send) without an input event.
    setInterval(() => {
      layout();
      flow.checkPageAlerts();
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

  edits = G.edits({
    state, send, render, showMarks, scheduleCheck, findings, safeFixes, ignoreKey, card: () => card,
  });
  flow = G.sendFlow({
    state, send, render, runCheck, scheduleCheck, findings,
    panel: () => panel, pending: () => Boolean(debounceTimer),
  });

  window.addEventListener("click", (e) => flow.onClickCapture(e), true);
  document.addEventListener("input", onInput, true);
  document.addEventListener("change", (e) => {
    if (state.box && e.target instanceof Element && !e.composedPath().includes(state.box.textarea)) scheduleCheck();
  }, true);
  document.addEventListener("mousemove", onMouseMove, { capture: true, passive: true });
  document.addEventListener("pointerdown", onPointerDown, true);
  document.addEventListener("keydown", (e) => { if (e.key === "Escape" && card && card.open) closeCard(); }, true);
  window.addEventListener("scroll", () => layout(), { capture: true, passive: true });
  window.addEventListener("resize", () => layout(), { passive: true });

  if (document.readyState === "loading") document.addEventListener("DOMContentLoaded", start, { once: true });
  else start();

  // Test and bench seam (isolated world only; pages cannot reach it).
  G.state = state;
  G.runCheck = runCheck;
})();
