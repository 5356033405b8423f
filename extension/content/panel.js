// The panel under the message box: a count per severity, every finding grouped by family
// (order and context, content, style, language) with nothing hidden behind an inner scroll,
// Fix all for the safe fixes, and the one banner of the send flow.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.panel = (() => {
  const { h, sheet, counts, plural, FAMILIES, family, hasSpan } = bsmGuard.ui;
  const { display, reasons } = bsmGuard.words;

  const CSS = `
:host { all: initial; display: block; margin: 6px 0 10px; font: 13px/1.4 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; }
.panel { border: 1px solid #c9d1da; border-radius: 6px; background: #fff; }
.head { display: flex; align-items: center; flex-wrap: wrap; gap: 6px 8px; padding: 6px 10px; background: #f5f7fa; border-bottom: 1px solid #e3e8ee; border-radius: 6px 6px 0 0; }
.panel.quiet .head { border-bottom: 0; border-radius: 6px; }
.brand { font-weight: 600; color: #232f3e; }
.pill { padding: 1px 8px; border-radius: 10px; font-weight: 700; font-size: 12px; color: #fff; background: #2e7d32; white-space: nowrap; }
.pill.err { background: #c62828; }
.pill.warn { background: #b26a00; }
.pill.idle { background: #7b8794; }
.summary { flex: 1; min-width: 12em; color: #52606d; }
.notice { padding: 6px 10px; color: #52606d; }
.banner { padding: 8px 10px; border-bottom: 1px solid #e3e8ee; }
.banner.block { background: #fdecea; color: #611a15; }
.banner.ok { background: #edf7ed; color: #1e4620; }
.banner.confirm { background: #fff4e5; color: #663c00; }
.banner p { margin: 0 0 6px; }
.banner .actions { display: flex; gap: 8px; flex-wrap: wrap; }
.group { border-top: 1px solid #e3e8ee; }
.group:first-of-type { border-top: 0; }
.group h3 { margin: 0; padding: 5px 10px 3px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #52606d; background: #fbfcfd; }
ul { list-style: none; margin: 0; padding: 0; }
li { padding: 6px 10px; border-top: 1px solid #eef1f4; display: grid; grid-template-columns: auto 1fr auto; gap: 2px 8px; align-items: start; cursor: pointer; }
li:hover, li.open { background: #f5f9ff; }
li:focus-visible { outline: 2px solid #0b63c5; outline-offset: -2px; }
.sev { width: 8px; height: 8px; border-radius: 50%; margin-top: 5px; background: #c62828; }
.sev.warning { background: #e69500; }
.title { font-weight: 600; }
.code { font-family: ui-monospace, SFMono-Regular, Menlo, monospace; font-size: 12px; color: #3e4c59; margin-right: 4px; }
.msg { grid-column: 2 / -1; color: #323f4b; }
button { font: inherit; font-size: 12px; padding: 3px 10px; border-radius: 4px; border: 1px solid #9aa5b1; background: #fff; color: #1f2933; cursor: pointer; white-space: nowrap; }
button:hover { background: #f0f4f8; }
button.primary { background: #232f3e; border-color: #232f3e; color: #fff; }
button.danger { background: #c62828; border-color: #c62828; color: #fff; }
button:disabled { opacity: .5; cursor: default; }
.fix { grid-row: 1; grid-column: 3; }
.why { color: #0b63c5; white-space: nowrap; font-size: 12px; }
`;

  class Panel {
    // actions: {applyFix(d), fixAll(), openCard(d, el), docs(code), sendAnyway(), keepEditing(), overrideAndSend()}
    constructor(actions) {
      this.actions = actions;
      this.host = document.createElement("bsm-guard-panel");
      this.host.setAttribute("data-bsm-guard", "panel");
      this.root = this.host.attachShadow({ mode: "open" });
      sheet(this.root, CSS);
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

    itemFor(id) {
      return this.root.querySelector(`li[data-id="${id}"]`);
    }

    // view: {guard, report, findings (shown, not ignored), stale, banner, safeFixes, openIds}
    render(view) {
      const box = this.box;
      box.replaceChildren();
      const data = this.host.dataset;
      if (view.guard === "down") {
        box.className = "panel quiet";
        box.append(h("div", { class: "notice", role: "status" }, "bsm-guard is not running: messages are not checked"));
        Object.assign(data, { errors: "", warnings: "", codes: "", state: "down" });
        return;
      }
      const report = view.report;
      const findings = view.findings || [];
      const { errors, warnings } = counts(findings);
      const pills = [];
      if (!report) pills.push(h("span", { class: "pill idle" }, "\u00b7"));
      else if (!errors && !warnings) pills.push(h("span", { class: "pill", "data-count": 0 }, "\u2713"));
      if (errors) pills.push(h("span", { class: "pill err", "data-severity": "error", "data-count": errors }, plural(errors, "error")));
      if (warnings) pills.push(h("span", { class: "pill warn", "data-severity": "warning", "data-count": warnings }, plural(warnings, "warning")));
      const summary = !report
        ? view.guard === "unknown" ? "Connecting to bsm-guard\u2026" : "Checking\u2026"
        : report.empty ? "Checks your message as you type"
        : view.banner && /^(confirm|blocked)$/.test(view.banner.kind) ? "" // the banner says why, once
        : errors ? `Amazon would block this message: ${reasons(findings)}.`
        : warnings ? "Amazon would send it; worth a look." : "No problems found";
      const fixAll = view.safeFixes > 0
        ? h("button", { class: "primary", "data-action": "fix-all", disabled: view.stale, title: "Apply every safe fix (not spelling suggestions)",
            onclick: () => this.actions.fixAll() }, `Fix all (${view.safeFixes})`)
        : null;
      box.className = "panel" + (report && !view.banner && !findings.length ? " quiet" : "");
      box.append(h("div", { class: "head" },
        h("span", { class: "brand" }, "bsm-guard"), pills,
        h("span", { class: "summary" }, display(summary) + (view.stale && report ? " (checking\u2026)" : "")),
        fixAll));
      if (view.banner) box.append(this.banner(view.banner));
      for (const fam of FAMILIES) {
        const items = findings.filter((d) => family(d.code) === fam.key)
          .sort((a, b) => (a.severity === "error" ? 0 : 1) - (b.severity === "error" ? 0 : 1) ||
            (a.start16 ?? -1) - (b.start16 ?? -1));
        if (!items.length) continue;
        box.append(h("section", { class: "group", "data-family": fam.key },
          h("h3", {}, `${fam.title} \u00b7 ${items.length}`),
          h("ul", { role: "list" }, items.map((d) => this.item(d, view)))));
      }
      data.errors = report ? String(errors) : "";
      data.warnings = report ? String(warnings) : "";
      data.codes = report ? [...new Set(findings.map((d) => d.code))].join(" ") : "";
      data.state = view.banner ? view.banner.kind : report ? "checked" : "waiting";
    }

    item(d, view) {
      const fix = d.fix
        ? h("button", { class: "fix", "data-code": d.code, disabled: view.stale, title: "Apply this change to your message",
            onclick: (e) => { e.stopPropagation(); this.actions.applyFix(d); } },
          bsmGuard.ui.isSentenceFix(d, view.text || "") ? "Replace the sentence" : display(d.fix.description || "Fix"))
        : null;
      const li = h("li", {
        class: (view.openIds || []).includes(d.id) ? "open" : null, "data-code": d.code, "data-id": d.id,
        "data-span": hasSpan(d) ? "1" : null, title: "Why, and what to do", tabindex: 0,
        onclick: () => this.actions.openCard(d, li),
        onkeydown: (e) => {
          if (e.target === li && (e.key === "Enter" || e.key === " ")) {
            e.preventDefault();
            this.actions.openCard(d, li, true);
          }
        },
      },
      h("span", { class: `sev ${d.severity}` }),
      h("span", { class: "title" }, h("span", { class: "code" }, d.code), (this.actions.docs(d.code) || {}).title || d.name),
      fix,
      h("span", { class: "msg" }, display(d.message), " ", h("span", { class: "why" }, "Why?")));
      return li;
    }

    banner(b) {
      if (b.kind === "confirm") {
        return h("div", { class: "banner confirm", role: "alert" },
          h("p", {}, h("strong", {}, "Amazon would block this message: "), display(b.reasons) + "."),
          h("p", {}, b.override
            ? "Send it anyway? bsm-guard will let this exact text through once and record that you chose to."
            : "Send it anyway?"),
          h("div", { class: "actions" },
            h("button", { class: "primary", "data-action": "keep-editing", onclick: () => this.actions.keepEditing() }, "Keep editing"),
            h("button", { "data-action": "send-anyway", disabled: b.busy, onclick: () => this.actions.sendAnyway() },
              b.busy ? "Sending\u2026" : "Send anyway")),
          b.error ? h("p", { class: "error" }, b.error) : null);
      }
      if (b.kind === "blocked") {
        const failed = b.event.action === "failed_closed";
        return h("div", { class: "banner block", role: "alert" },
          h("p", {}, h("strong", {}, "Not sent. "),
            failed ? "bsm-guard could not check this message, so it stopped it."
              : `Amazon would block it: ${display(b.reasons)}.`,
            " Your text is still in the box: edit it and send again, or send it anyway."),
          h("div", { class: "actions" },
            h("button", { class: "danger", "data-action": "override", disabled: b.busy,
              title: "Let this exact text through once; bsm-guard records that you chose to",
              onclick: () => this.actions.overrideAndSend() }, b.busy ? "Sending\u2026" : "Send anyway")),
          b.error ? h("p", {}, b.error) : null);
      }
      return h("div", { class: `banner ${b.kind === "sent" ? "ok" : "confirm"}`, role: "status" }, h("p", {}, b.text));
    }
  }

  return { Panel };
})();
