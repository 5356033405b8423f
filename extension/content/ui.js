// Shared by the in-page parts: a tiny element builder, style sheets in shadow roots, counts,
// the rule families, and what a finding's text looks like to a seller.
//
// Everything the extension draws lives in its OWN elements with their own shadow roots, never
// inside the editor: writing extensions that touch Seller Central's editor DOM break it.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.ui = (() => {
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

  // h("button", {class: "fix", onclick}, "text", child...).
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

  function counts(diagnostics) {
    let errors = 0;
    let warnings = 0;
    for (const d of diagnostics || []) {
      if (d.severity === "error") errors++;
      else warnings++;
    }
    return { errors, warnings };
  }

  function plural(n, word, many = word + "s") {
    return `${n} ${n === 1 ? word : many}`;
  }

  // The four families the panel groups by: the rule code's letter, with spelling and grammar
  // apart from the other style rules (a seller fixes them differently).
  const FAMILIES = [
    { key: "order", title: "Order and context" },
    { key: "content", title: "Content" },
    { key: "style", title: "Style" },
    { key: "language", title: "Language" },
  ];

  function family(code) {
    if (code === "S310" || code === "S311") return "language";
    if (code.startsWith("O")) return "order";
    if (code.startsWith("C")) return "content";
    return "style";
  }

  function hasSpan(d) {
    return d.field === "body" && Number.isInteger(d.start16) && Number.isInteger(d.end16);
  }

  // A fix that rewrites a whole sentence (the intent layer's compliant wording) is offered as
  // "Replace the sentence", never applied by Fix all: the seller reads it first.
  function isSentenceFix(d, text) {
    const f = d.fix;
    if (!f || !Number.isInteger(f.start16) || !Number.isInteger(f.end16)) return false;
    if (f.kind === "sentence") return true;
    const old = text.slice(f.start16, f.end16).trim();
    const before = text.slice(0, f.start16).trimEnd();
    return old.length >= 12 && /\s/.test(old) && /[.!?。！？]$/.test(old) &&
      (before === "" || /[.!?。！？:\n]$/.test(before) || /\n\s*$/.test(text.slice(0, f.start16)));
  }

  // Safe fixes: every fix the engine gives, except spelling suggestions (a name can look like
  // a typo) and sentence rewrites.
  function isSafeFix(d, text) {
    return Boolean(d.fix) && d.fix.safe !== false && d.code !== "S310" && !isSentenceFix(d, text);
  }

  return { sheet, h, counts, plural, FAMILIES, family, hasSpan, isSentenceFix, isSafeFix };
})();
