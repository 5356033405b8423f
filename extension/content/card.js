// The card: what is wrong with these words, why Amazon blocks it, what to write instead, and
// what to do about it (apply the fix, replace the sentence, ignore once, ignore the rule, add
// the word to the dictionary). It opens on hover or click on an underline, or from the panel.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.card = (() => {
  const { h, sheet, hasSpan, isSentenceFix } = bsmGuard.ui;
  const { display } = bsmGuard.words;

  const CSS = `
:host([hidden]) { display: none; }
:host { all: initial; position: absolute; z-index: 2147483001; font: 13px/1.45 system-ui, -apple-system, "Segoe UI", Roboto, sans-serif; color: #1f2933; }
.card { width: 360px; max-width: calc(100vw - 24px); background: #fff; border: 1px solid #c9d1da; border-radius: 8px; box-shadow: 0 6px 20px rgba(15, 23, 42, .18); overflow: hidden; }
.finding { padding: 10px 12px; }
.finding + .finding { border-top: 1px solid #e3e8ee; }
.top { display: flex; align-items: baseline; gap: 6px; }
.sev { flex: none; width: 8px; height: 8px; border-radius: 50%; background: #c62828; transform: translateY(-1px); }
.sev.warning { background: #e69500; }
.name { font-weight: 600; flex: 1; }
.code { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; color: #52606d; }
.msg { margin: 4px 0 6px; }
.excerpt { background: #fdecea; border-radius: 3px; padding: 0 3px; }
h4 { margin: 8px 0 2px; font-size: 11px; text-transform: uppercase; letter-spacing: .04em; color: #52606d; }
p.doc { margin: 0 0 4px; color: #323f4b; }
blockquote { margin: 2px 0 4px; padding: 3px 8px; border-left: 3px solid #2e7d32; background: #f3f8f3; white-space: pre-wrap; color: #1e4620; }
details summary { cursor: pointer; color: #0b63c5; font-size: 12px; margin-top: 6px; }
.actions { display: flex; flex-wrap: wrap; gap: 6px; margin-top: 10px; }
button { font: inherit; font-size: 12px; padding: 3px 10px; border-radius: 4px; border: 1px solid #9aa5b1; background: #fff; color: #1f2933; cursor: pointer; }
button:hover { background: #f0f4f8; }
button.primary { background: #232f3e; border-color: #232f3e; color: #fff; }
button.primary:hover { background: #3a4b61; }
button.quiet { border-color: transparent; color: #0b63c5; padding-left: 4px; padding-right: 4px; }
button:disabled { opacity: .5; cursor: default; }
.note { margin-top: 6px; color: #52606d; font-size: 12px; }
`;

  // A rule's documentation section as a seller should read it: paragraphs re-flowed (the
  // docstring's line wraps are not meant for the card), fenced examples shown as a quote.
  function docNodes(text) {
    const nodes = [];
    const parts = String(text || "").split(/^```[^\n]*$/m);
    parts.forEach((part, i) => {
      const value = part.trim();
      if (!value) return;
      if (i % 2 === 1) {
        nodes.push(h("blockquote", {}, display(value)));
        return;
      }
      for (const para of value.split(/\n\s*\n/)) {
        const flowed = para.replace(/\s*\n\s*/g, " ").trim();
        if (flowed) nodes.push(h("p", { class: "doc" }, display(flowed)));
      }
    });
    return nodes;
  }

  class Card {
    // actions: {applyFix(d), ignoreOnce(d), ignoreRule(d), addWord(d), docs(code) -> {why, instead}}
    constructor(actions) {
      this.actions = actions;
      this.host = document.createElement("bsm-guard-card");
      this.host.setAttribute("data-bsm-guard", "card");
      this.root = this.host.attachShadow({ mode: "open" });
      sheet(this.root, CSS);
      this.box = h("div", { class: "card", role: "dialog", "aria-label": "bsm-guard finding" });
      this.root.append(this.box);
      this.host.hidden = true;
      this.pinned = false;
      this.ids = [];
      this.host.addEventListener("mouseenter", () => { this.hovered = true; });
      this.host.addEventListener("mouseleave", () => { this.hovered = false; });
    }

    get open() {
      return !this.host.hidden;
    }

    // findings: the diagnostics to show; rect: where (viewport) to put the card under.
    // bounds: keep the card within this box horizontally (the message box), else the window.
    show(findings, rect, { pinned = false, text = "", stale = false, bounds = null } = {}) {
      if (!findings.length) return this.hide();
      if (!this.host.isConnected) document.documentElement.append(this.host);
      this.ids = findings.map((d) => d.id);
      this.pinned = pinned;
      const brief = findings.length > 1;
      this.box.replaceChildren(...findings.map((d) => this.finding(d, text, stale, brief)));
      this.host.hidden = false;
      this.host.dataset.ids = this.ids.join(" ");
      this.host.dataset.codes = findings.map((d) => d.code).join(" ");
      this.host.dataset.pinned = String(pinned);
      const width = Math.min(360, innerWidth - 24);
      const right = Math.min(innerWidth - 12, bounds ? bounds.right : innerWidth - 12);
      const left = Math.max(bounds ? Math.max(12, bounds.left) : 12, Math.min(rect.left, right - width));
      let top = rect.bottom + 10;
      const height = this.host.getBoundingClientRect().height;
      if (top + height > innerHeight - 8 && rect.top - height - 10 > 8) top = rect.top - height - 10;
      this.host.style.left = `${left + scrollX}px`;
      this.host.style.top = `${top + scrollY}px`;
    }

    focus() {
      const first = this.root.querySelector("button");
      if (first) first.focus();
    }

    hide() {
      this.host.hidden = true;
      this.pinned = false;
      this.ids = [];
      this.host.dataset.ids = "";
    }

    contains(node) {
      return node === this.host;
    }

    // Why and what instead: open for a single finding; behind "Why?" when several share the
    // words, so the card stays short.
    explain(docs, brief) {
      const parts = [
        docs.why ? h("div", { class: "why" }, h("h4", {}, "Why Amazon blocks it"), docNodes(docs.why)) : null,
        docs.instead ? h("div", { class: "instead" }, h("h4", {}, "Use instead"), docNodes(docs.instead)) : null,
      ];
      if (!brief) return parts;
      return h("details", {}, h("summary", {}, "Why Amazon blocks it, and what to write instead"), parts);
    }

    finding(d, text, stale, brief) {
      const docs = this.actions.docs(d.code);
      const excerpt = hasSpan(d) ? text.slice(d.start16, d.end16) : "";
      const sentence = isSentenceFix(d, text);
      const act = (name, fn) => (e) => { e.stopPropagation(); fn(d); };
      const buttons = [];
      if (d.fix && sentence) {
        buttons.push(h("button", { class: "primary", "data-action": "replace-sentence", disabled: stale,
          title: display(d.fix.replacement), onclick: act("replace", this.actions.applyFix) }, "Replace the sentence"));
      } else if (d.fix) {
        buttons.push(h("button", { class: "primary", "data-action": "fix", disabled: stale,
          onclick: act("fix", this.actions.applyFix) }, display(d.fix.description || "Fix")));
      }
      if (d.code === "S310" && excerpt.trim()) {
        buttons.push(h("button", { "data-action": "add-word", onclick: act("word", this.actions.addWord) },
          `Add \u201c${excerpt.trim()}\u201d to the dictionary`));
      }
      buttons.push(h("button", { "data-action": "ignore-once", onclick: act("once", this.actions.ignoreOnce) }, "Ignore once"));
      buttons.push(h("button", { class: "quiet", "data-action": "ignore-rule", title: `Stop checking ${d.code} in every message (saved in bsm-guard's settings)`,
        onclick: act("rule", this.actions.ignoreRule) }, "Ignore this rule"));
      return h("section", { class: "finding", "data-code": d.code, "data-id": d.id },
        h("div", { class: "top" },
          h("span", { class: `sev ${d.severity}`, title: d.severity }),
          h("span", { class: "name" }, docs.title || d.name),
          h("span", { class: "code" }, d.code)),
        h("p", { class: "msg" }, display(d.message)),
        sentence ? h("div", { class: "wording" }, h("h4", {}, "Compliant wording"), h("blockquote", {}, display(d.fix.replacement))) : null,
        this.explain(docs, brief),
        h("div", { class: "actions" }, buttons),
        d.code === "S310" ? null : h("div", { class: "note" }, d.severity === "error" ? "Amazon blocks messages with this problem." : "A warning: Amazon may block it."));
    }
  }

  return { Card };
})();
