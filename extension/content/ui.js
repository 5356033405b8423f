// What the seller sees: a panel next to the message box and highlights over it.
//
// Both live in the extension's OWN elements with their own shadow roots, never inside the
// editor: writing extensions that touch Seller Central's editor DOM are known to break it.
// The highlights are a mirror of the textarea (same font, padding, wrapping and scroll) with
// transparent text, laid over the textarea with pointer-events off, so typing, selection and
// the page's own handlers are untouched.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.ui = (() => {
  const PANEL_CSS = `
:host { all: initial; display: block; margin: 6px 0 10px; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; }
.panel { border: 1px solid #c9d1da; border-radius: 6px; background: #fff; overflow: hidden; }
.head { display: flex; align-items: center; gap: 8px; padding: 6px 10px; background: #f5f7fa; border-bottom: 1px solid #e3e8ee; }
.panel.quiet .head { border-bottom: 0; }
.brand { font-weight: 600; color: #232f3e; }
.badge { min-width: 18px; padding: 1px 7px; border-radius: 10px; font-weight: 700; font-size: 12px; text-align: center; color: #fff; background: #2e7d32; }
.badge.err { background: #c62828; }
.badge.warn { background: #b26a00; }
.badge.idle { background: #7b8794; }
.summary { flex: 1; color: #52606d; }
.notice { padding: 6px 10px; color: #52606d; }
.banner { padding: 8px 10px; border-bottom: 1px solid #e3e8ee; }
.banner.block { background: #fdecea; color: #611a15; }
.banner.ok { background: #edf7ed; color: #1e4620; }
.banner.confirm { background: #fff4e5; color: #663c00; }
.banner p { margin: 0 0 6px; }
.banner .actions { display: flex; gap: 8px; flex-wrap: wrap; }
ul { list-style: none; margin: 0; padding: 0; max-height: 320px; overflow: auto; }
li { padding: 7px 10px; border-top: 1px solid #eef1f4; display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: start; }
li:first-child { border-top: 0; }
li.focusable { cursor: pointer; }
li.focusable:hover { background: #fafbfc; }
.sev { width: 8px; height: 8px; border-radius: 50%; margin-top: 5px; background: #c62828; }
.sev.warning { background: #e69500; }
.title { font-weight: 600; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: #3e4c59; margin-right: 4px; }
.msg { grid-column: 2 / -1; color: #323f4b; }
.meta { grid-column: 2 / -1; font-size: 12px; }
a { color: #0b63c5; text-decoration: none; }
a:hover { text-decoration: underline; }
button { font: inherit; font-size: 12px; padding: 3px 10px; border-radius: 4px; border: 1px solid #9aa5b1; background: #fff; color: #1f2933; cursor: pointer; white-space: nowrap; }
button:hover { background: #f0f4f8; }
button.primary { background: #232f3e; border-color: #232f3e; color: #fff; }
button.danger { background: #c62828; border-color: #c62828; color: #fff; }
button:disabled { opacity: .5; cursor: default; }
.fix { grid-row: 1; grid-column: 3; }
`;

  const OVERLAY_CSS = `
:host { all: initial; position: absolute; left: 0; top: 0; width: 0; height: 0; pointer-events: none; z-index: 2147483000; }
.mirror { position: absolute; overflow: hidden; box-sizing: border-box; border-style: solid; border-color: transparent; }
.content { position: absolute; left: 0; top: 0; box-sizing: border-box; color: transparent; }
mark { color: transparent; background: rgba(198, 40, 40, .16); border-bottom: 2px solid rgba(198, 40, 40, .85); border-radius: 1px; }
mark.warning { background: rgba(230, 149, 0, .16); border-bottom-color: rgba(230, 149, 0, .9); }
mark.breaks { background: none; border: 0; }
.gap { position: absolute; width: 24px; height: 1.1em; margin-top: .15em; border-left: 3px solid rgba(198, 40, 40, .85); background: rgba(198, 40, 40, .16); }
mark.warning .gap { border-left-color: rgba(230, 149, 0, .9); background: rgba(230, 149, 0, .16); }
.corner { position: absolute; pointer-events: auto; cursor: pointer; font: 700 11px/16px system-ui, sans-serif; min-width: 16px; padding: 0 5px; border-radius: 8px; color: #fff; background: #2e7d32; text-align: center; box-shadow: 0 1px 2px rgba(0,0,0,.25); }
.corner.err { background: #c62828; }
.corner.warn { background: #b26a00; }
.corner[hidden] { display: none; }
`;

  const MIRRORED = [
    "fontFamily", "fontSize", "fontWeight", "fontStyle", "fontVariant", "fontStretch",
    "fontKerning", "fontFeatureSettings", "letterSpacing", "wordSpacing", "lineHeight",
    "textTransform", "textIndent", "textAlign", "tabSize", "direction", "whiteSpace",
    "overflowWrap", "wordBreak", "paddingTop", "paddingRight", "paddingBottom", "paddingLeft",
    "borderTopWidth", "borderRightWidth", "borderBottomWidth", "borderLeftWidth",
  ];

  function sheet(root, css) {
    try {
      const s = new CSSStyleSheet();
      s.replaceSync(css);
      root.adoptedStyleSheets = [s];
    } catch (err) {
      const style = document.createElement("style");
      style.textContent = css;
      root.append(style);
    }
  }

  // Tiny element builder: h("button", {class: "fix", onclick}, "text", child...).
  function h(tag, attrs = {}, ...children) {
    const el = document.createElement(tag);
    for (const [key, value] of Object.entries(attrs)) {
      if (value === undefined || value === null || value === false) continue;
      if (key.startsWith("on")) el.addEventListener(key.slice(2), value);
      else el.setAttribute(key, value === true ? "" : String(value));
    }
    for (const child of children.flat()) {
      if (child === null || child === undefined || child === false) continue;
      el.append(child instanceof Node ? child : document.createTextNode(String(child)));
    }
    return el;
  }

  function counts(report) {
    let errors = 0;
    let warnings = 0;
    for (const d of (report && report.diagnostics) || []) {
      if (d.severity === "error") errors++;
      else warnings++;
    }
    return { errors, warnings };
  }

  function plural(n, word) {
    return `${n} ${word}${n === 1 ? "" : "s"}`;
  }

  // --------------------------------------------------------------------------------- panel

  class Panel {
    constructor(actions) {
      this.actions = actions; // {applyFix(d), focusSpan(d), sendAnyway(), keepEditing(), overrideAndSend()}
      this.host = document.createElement("bsm-guard-panel");
      this.host.setAttribute("data-bsm-guard", "panel");
      this.root = this.host.attachShadow({ mode: "open" });
      sheet(this.root, PANEL_CSS);
      this.box = h("div", { class: "panel", part: "panel" });
      this.root.append(this.box);
    }

    place(anchor) {
      if (this.host.previousElementSibling !== anchor || !this.host.isConnected) {
        anchor.insertAdjacentElement("afterend", this.host);
      }
    }

    remove() {
      this.host.remove();
    }

    // state: {guard: "up"|"down"|"unknown", report, stale, checking, banner}
    render(state) {
      const box = this.box;
      box.replaceChildren();
      if (state.guard === "down") {
        box.className = "panel quiet";
        box.append(h("div", { class: "notice", role: "status" },
          "bsm-guard is not running: messages are not checked"));
        this.host.dataset.errors = "";
        this.host.dataset.state = "down";
        return;
      }
      const { errors, warnings } = counts(state.report);
      const hasReport = Boolean(state.report);
      const badgeClass = !hasReport ? "badge idle" : errors ? "badge err" : warnings ? "badge warn" : "badge";
      const summary = !hasReport
        ? state.guard === "unknown" ? "Connecting to bsm-guard…" : "Checking…"
        : state.report.empty ? "Checks your message as you type"
        : errors || warnings
          ? [errors && plural(errors, "error"), warnings && plural(warnings, "warning")].filter(Boolean).join(", ") +
            (errors ? ": Amazon would block this message" : "")
          : "No problems found";
      box.className = "panel" + (hasReport && !state.banner && !(errors || warnings) ? " quiet" : "");
      box.append(h("div", { class: "head" },
        h("span", { class: "brand" }, "bsm-guard"),
        h("span", { class: badgeClass, title: "errors in this message", "data-count": errors }, hasReport ? String(errors) : "·"),
        h("span", { class: "summary" }, summary + (state.stale && hasReport ? " (checking…)" : ""))));
      if (state.banner) box.append(this.banner(state.banner));
      if (hasReport && state.report.diagnostics.length) {
        const list = h("ul", { role: "list" });
        const sorted = [...state.report.diagnostics].sort((a, b) =>
          (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1) ||
          (a.start16 ?? -1) - (b.start16 ?? -1)); // whole-message problems first, then by position
        for (const d of sorted) list.append(this.item(d, state.stale));
        box.append(list);
      }
      this.host.dataset.errors = hasReport ? String(errors) : "";
      this.host.dataset.warnings = hasReport ? String(warnings) : "";
      this.host.dataset.codes = hasReport ? [...new Set(state.report.diagnostics.map((d) => d.code))].join(" ") : "";
      this.host.dataset.state = state.banner ? state.banner.kind : hasReport ? "checked" : "waiting";
    }

    item(d, stale) {
      const hasSpan = Number.isInteger(d.start16) && Number.isInteger(d.end16) && d.field === "body";
      const fix = d.fix
        ? h("button", {
            class: "fix", "data-code": d.code, disabled: stale, title: "Apply this change to your message",
            onclick: (e) => { e.stopPropagation(); this.actions.applyFix(d); },
          }, d.fix.description || "Fix")
        : null;
      return h("li", {
        class: hasSpan ? "focusable" : null, "data-code": d.code,
        onclick: hasSpan ? () => this.actions.focusSpan(d) : null,
      },
        h("span", { class: `sev ${d.severity}` }),
        h("span", { class: "title" }, h("span", { class: "code" }, d.code), d.name),
        fix,
        h("span", { class: "msg" }, d.message),
        /^https:\/\//.test(d.url || "") ? h("span", { class: "meta" }, h("a", { href: d.url, target: "_blank", rel: "noopener noreferrer" }, "Policy")) : null);
    }

    banner(b) {
      if (b.kind === "confirm") {
        return h("div", { class: "banner confirm", role: "alert" },
          h("p", {}, h("strong", {}, "Send anyway? "),
            `This message has ${plural(b.errors, "problem")} that Amazon blocks` +
            (b.guarded ? "; bsm-guard will stop it unless you override." : ".")),
          h("div", { class: "actions" },
            h("button", { class: "primary", "data-action": "keep-editing", onclick: () => this.actions.keepEditing() }, "Keep editing"),
            h("button", { "data-action": "send-anyway", onclick: () => this.actions.sendAnyway() }, "Send anyway")));
      }
      if (b.kind === "blocked") {
        const codes = (b.event.codes || []).join(", ");
        return h("div", { class: "banner block", role: "alert" },
          h("p", {}, h("strong", {}, "Not sent: "),
            b.event.action === "failed_closed"
              ? "bsm-guard could not check this message, so it stopped it."
              : `bsm-guard stopped this message (${codes || "policy problems"}).`,
            " Your text is still in the box: edit it and send again."),
          h("div", { class: "actions" },
            h("button", { class: "danger", "data-action": "override", disabled: b.busy,
              title: "Let this exact text through once; the override is recorded",
              onclick: () => this.actions.overrideAndSend() }, b.busy ? "Sending…" : "Send anyway")),
          b.error ? h("p", {}, b.error) : null);
      }
      return h("div", { class: `banner ${b.kind === "sent" ? "ok" : "confirm"}`, role: "status" }, h("p", {}, b.text));
    }
  }

  // ------------------------------------------------------------------------------- overlay

  class Overlay {
    constructor(onBadgeClick) {
      this.host = document.createElement("bsm-guard-overlay");
      this.host.setAttribute("data-bsm-guard", "overlay");
      this.root = this.host.attachShadow({ mode: "open" });
      sheet(this.root, OVERLAY_CSS);
      this.mirror = h("div", { class: "mirror" });
      this.content = h("div", { class: "content" });
      this.mirror.append(this.content);
      this.corner = h("div", { class: "corner", hidden: true, title: "bsm-guard: errors in this message", onclick: onBadgeClick });
      this.root.append(this.mirror, this.corner);
      this.marks = [];
      this.text = null;
      this.lastGeometry = "";
    }

    attach() {
      if (!this.host.isConnected) document.documentElement.append(this.host);
    }

    remove() {
      this.host.remove();
    }

    // ranges: [{start, end, severity}] in UTF-16 units of `text`.
    setMarks(text, ranges) {
      this.text = text;
      this.marks = ranges;
      const parts = [];
      let at = 0;
      for (const r of mergeRanges(ranges, text.length)) {
        if (r.start > at) parts.push(text.slice(at, r.start));
        parts.push(markFor(text.slice(r.start, r.end), r.severity));
        at = r.end;
      }
      parts.push(text.slice(at));
      // A trailing newline needs a character after it to take up its line, as in a textarea.
      parts.push("\u200b");
      this.content.replaceChildren(...parts);
    }

    setBadge(errors, warnings, visible) {
      this.corner.hidden = !visible;
      this.corner.className = "corner" + (errors ? " err" : warnings ? " warn" : "");
      this.corner.textContent = errors ? String(errors) : warnings ? String(warnings) : "✓";
      this.corner.setAttribute("data-count", String(errors));
    }

    // Keep the mirror exactly over the textarea (called on scroll, resize, input, timer).
    layout(textarea) {
      const rect = textarea.getBoundingClientRect();
      if (!rect.width || !rect.height) {
        this.host.style.display = "none";
        return;
      }
      this.host.style.display = "";
      const cs = getComputedStyle(textarea);
      const key = [rect.left + scrollX, rect.top + scrollY, rect.width, rect.height,
        textarea.clientWidth, textarea.scrollTop, textarea.scrollLeft, cs.font, cs.padding].join("|");
      if (key === this.lastGeometry) return;
      this.lastGeometry = key;
      const m = this.mirror.style;
      m.left = `${rect.left + scrollX}px`;
      m.top = `${rect.top + scrollY}px`;
      m.width = `${rect.width}px`;
      m.height = `${rect.height}px`;
      const c = this.content.style;
      for (const prop of MIRRORED) {
        if (prop.startsWith("border")) m[prop] = cs[prop];
        else c[prop] = cs[prop];
      }
      if (cs.whiteSpace === "normal") c.whiteSpace = "pre-wrap";
      c.width = `${textarea.clientWidth}px`;
      c.transform = `translate(${-textarea.scrollLeft}px, ${-textarea.scrollTop}px)`;
      const b = this.corner.style;
      const right = rect.left + scrollX + textarea.clientLeft + textarea.clientWidth;
      const bottom = rect.top + scrollY + textarea.clientTop + textarea.clientHeight;
      b.left = `${right - 50}px`; // clear of the textarea's resize grip
      b.top = `${bottom - 24}px`;
    }
  }

  // A span of blank lines has no width to colour, so each blank line gets a bar at its start:
  // an absolutely positioned box sits at its static position (the start of the next line)
  // and takes no room, so the mirror's text flow stays identical to the textarea's.
  function markFor(part, severity) {
    if (!/^\s*\n\s*$/.test(part) || !part.includes("\n")) return h("mark", { class: severity }, part);
    const mark = h("mark", { class: `${severity} breaks` });
    const lines = part.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) mark.append("\n");
      if (i > 0 && i < lines.length - 1) mark.append(h("span", { class: "gap" }));
      if (line) mark.append(line);
    });
    return mark;
  }

  // Overlapping spans become one mark with the more severe colour.
  function mergeRanges(ranges, length) {
    const sorted = ranges
      .map((r) => ({ start: Math.max(0, Math.min(r.start, length)), end: Math.max(0, Math.min(r.end, length)), severity: r.severity }))
      .filter((r) => r.end > r.start)
      .sort((a, b) => a.start - b.start);
    const out = [];
    for (const r of sorted) {
      const last = out[out.length - 1];
      if (last && r.start < last.end) {
        last.end = Math.max(last.end, r.end);
        if (r.severity === "error") last.severity = "error";
      } else {
        out.push({ ...r });
      }
    }
    return out;
  }

  return { Panel, Overlay, counts, mergeRanges };
})();
