// Changes the seller asks for: a fix, Fix all, ignore once, ignore a rule, add a word. The
// text is edited the way a person would (an input event follows, so the page and the live
// check see an edit); ignoring a rule or adding a word is saved in bsm-guard's own settings
// through the service worker, so the proxy judges the same way. Also the rules' documentation
// for the card.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.edits = (ctx) => {
  const { ui } = bsmGuard;
  const state = ctx.state;

  function edit(edits) {
    const ta = state.box && state.box.textarea;
    if (!ta) return;
    let value = ta.value;
    let caret = null;
    for (const e of [...edits].sort((a, b) => b.start - a.start)) {
      value = value.slice(0, e.start) + e.replacement + value.slice(e.end);
      caret = caret === null ? e.start + e.replacement.length : caret;
    }
    ta.value = value;
    if (edits.length === 1) ta.setSelectionRange(caret, caret);
    // The page's own handlers (and ours) see the change as an edit.
    ta.dispatchEvent(new Event("input", { bubbles: true, composed: true }));
    ta.dispatchEvent(new Event("change", { bubbles: true, composed: true }));
    ctx.card().hide();
    ctx.scheduleCheck(0);
  }

  function current() {
    const ta = state.box && state.box.textarea;
    if (!ta || ta.value !== state.reportText) {
      ctx.scheduleCheck(0);
      return false;
    }
    return true;
  }

  function applyFix(d) {
    if (!d.fix || !current()) return;
    const { start16: start, end16: end } = d.fix;
    if (!Number.isInteger(start) || !Number.isInteger(end)) return;
    edit([{ start, end, replacement: d.fix.replacement || "" }]);
  }

  // Every safe fix at once; where two overlap, the first (by position) wins.
  function fixAll() {
    if (!current()) return;
    const chosen = [];
    for (const d of ctx.safeFixes(ctx.findings(), state.reportText).sort((a, b) => a.fix.start16 - b.fix.start16)) {
      const last = chosen[chosen.length - 1];
      if (last && d.fix.start16 < last.end) continue;
      chosen.push({ start: d.fix.start16, end: d.fix.end16, replacement: d.fix.replacement || "" });
    }
    if (chosen.length) edit(chosen);
  }

  function ignoreOnce(d) {
    state.ignored.add(ctx.ignoreKey(d, state.reportText || ""));
    ctx.card().hide();
    ctx.showMarks();
    ctx.render();
  }

  async function saveSetting(message, done) {
    const result = await ctx.send(message);
    ctx.card().hide();
    state.banner = result.ok ? { kind: "sent", text: done } : { kind: "info", text: `Not saved: ${result.error || "unknown error"}` };
    ctx.scheduleCheck(0);
    ctx.render();
  }

  function ignoreRule(d) {
    const title = docs(d.code).title || d.name;
    saveSetting({ type: "ignoreRule", code: d.code },
      `\u201c${title}\u201d (${d.code}) is no longer checked, here or at send time (saved in bsm-guard's settings).`);
  }

  function addWord(d) {
    const word = (state.reportText || "").slice(d.start16, d.end16).trim();
    if (word) saveSetting({ type: "addWord", word }, `\u201c${word}\u201d was added to your dictionary in bsm-guard's settings.`);
  }

  function docs(code) {
    return state.rules[code] || {};
  }

  async function loadRules() {
    const result = await ctx.send({ type: "rules" });
    if (!result.ok || !Array.isArray(result.data)) return;
    for (const r of result.data) {
      const title = r.name.replace(/-/g, " ").replace(/\bid\b/, "ID").replace(/^./, (c) => c.toUpperCase());
      state.rules[r.code] = { title, why: r.docs?.["Why Amazon blocks it"], instead: r.docs?.["Use instead"] };
    }
    if (ctx.card().open) ctx.render();
  }

  return { applyFix, fixAll, ignoreOnce, ignoreRule, addWord, docs, loadRules, current };
};
