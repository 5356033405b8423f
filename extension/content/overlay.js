// The highlights: a mirror of the textarea (same font, padding, wrapping and scroll) with
// transparent text, laid over the textarea with pointer-events off, so typing, selection and
// the page's own handlers are untouched.
//
// Findings that overlap keep their own underline: each finding gets a level (the lowest free
// one among the findings it overlaps), drawn as its own band under the words, level 0 nearest
// the text. The text is cut at every span boundary, so each piece knows which findings cover
// it; `hitTest` finds them again for a pointer position (on the words: all of them; on a band:
// that one), which is how hover and click open the card without the overlay taking events.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.overlay = (() => {
  const { h, sheet } = bsmGuard.ui;
  const BAND = 3; // px per level: a 2 px line and a 1 px gap
  const MAX_LEVELS = 3;
  const COLOURS = { error: "198, 40, 40", warning: "214, 132, 0" };

  const CSS = `
:host { all: initial; position: absolute; left: 0; top: 0; width: 0; height: 0; pointer-events: none; z-index: 2147483000; }
.mirror { position: absolute; overflow: hidden; box-sizing: border-box; border-style: solid; border-color: transparent; }
.content { position: absolute; left: 0; top: 0; box-sizing: border-box; color: transparent; }
.seg { color: transparent; border-radius: 1px; -webkit-box-decoration-break: clone; box-decoration-break: clone; }
.seg.hot { outline: 2px solid rgba(11, 99, 197, .55); outline-offset: 1px; }
.gap { position: absolute; width: 24px; height: 1.1em; margin-top: .15em; border-left: 3px solid rgba(198, 40, 40, .85); background: rgba(198, 40, 40, .16); }
.gap.warning { border-left-color: rgba(214, 132, 0, .9); background: rgba(214, 132, 0, .16); }
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

  // ranges: [{id, start, end, severity}] -> the same with `level`, clipped to the text.
  function assignLevels(ranges, length) {
    const sorted = ranges
      .map((r) => ({ ...r, start: Math.max(0, Math.min(r.start, length)), end: Math.max(0, Math.min(r.end, length)) }))
      .filter((r) => r.end > r.start)
      .sort((a, b) => a.start - b.start || b.end - a.end);
    const placed = [];
    for (const r of sorted) {
      const taken = new Set(placed.filter((p) => p.start < r.end && r.start < p.end).map((p) => p.level));
      let level = 0;
      while (taken.has(level)) level++;
      placed.push({ ...r, level: Math.min(level, MAX_LEVELS - 1) });
    }
    return placed;
  }

  // Cut the text at every boundary: [{start, end, ranges: [...]}] covering the whole text.
  function segments(text, placed) {
    const cuts = new Set([0, text.length]);
    for (const r of placed) { cuts.add(r.start); cuts.add(r.end); }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i < points.length - 1; i++) {
      const [s, e] = [points[i], points[i + 1]];
      out.push({ start: s, end: e, ranges: placed.filter((r) => r.start <= s && r.end >= e) });
    }
    return out;
  }

  function bandStyle(ranges) {
    const byLevel = [...ranges].sort((a, b) => a.level - b.level);
    const worst = ranges.some((r) => r.severity === "error") ? "error" : "warning";
    const shadows = [];
    const top = Math.max(...byLevel.map((r) => r.level));
    for (let level = 0; level <= top; level++) {
      const r = byLevel.find((x) => x.level === level);
      const colour = r ? `rgba(${COLOURS[r.severity] || COLOURS.warning}, .9)` : "rgba(255,255,255,0)";
      shadows.push(`0 ${level * BAND + 2}px 0 0 ${colour}`);
      if (level < top) shadows.push(`0 ${level * BAND + 3}px 0 0 #fff`);
    }
    return `background: rgba(${COLOURS[worst]}, .13); box-shadow: ${shadows.join(", ")};`;
  }

  class Overlay {
    constructor(onBadgeClick) {
      this.host = document.createElement("bsm-guard-overlay");
      this.host.setAttribute("data-bsm-guard", "overlay");
      this.root = this.host.attachShadow({ mode: "open" });
      sheet(this.root, CSS);
      this.mirror = h("div", { class: "mirror" });
      this.content = h("div", { class: "content" });
      this.mirror.append(this.content);
      this.corner = h("div", { class: "corner", hidden: true, title: "bsm-guard: problems in this message", onclick: onBadgeClick });
      this.root.append(this.mirror, this.corner);
      this.placed = [];
      this.lastGeometry = "";
    }

    attach() {
      if (!this.host.isConnected) document.documentElement.append(this.host);
    }

    remove() {
      this.host.remove();
    }

    // ranges: [{id, start, end, severity}] in UTF-16 units of `text`.
    setMarks(text, ranges) {
      this.placed = assignLevels(ranges, text.length);
      const parts = [];
      for (const seg of segments(text, this.placed)) {
        const piece = text.slice(seg.start, seg.end);
        if (!seg.ranges.length) {
          parts.push(piece);
          continue;
        }
        const ids = seg.ranges.map((r) => r.id).join(" ");
        const worst = seg.ranges.some((r) => r.severity === "error") ? "error" : "warning";
        if (/^\s*\n\s*$/.test(piece)) {
          parts.push(breaksMark(piece, ids, worst));
        } else {
          parts.push(h("span", { class: "seg", "data-ids": ids, "data-levels": seg.ranges.length, style: bandStyle(seg.ranges) }, piece));
        }
      }
      parts.push("\u200b"); // a trailing newline needs a character after it, as in a textarea
      this.content.replaceChildren(...parts);
    }

    // Which findings are under this pointer position (viewport coordinates)? [] if none.
    hitTest(x, y) {
      const m = this.mirror.getBoundingClientRect();
      if (x < m.left || x > m.right || y < m.top || y > m.bottom) return [];
      for (const seg of this.root.querySelectorAll("[data-ids]")) {
        const ids = seg.dataset.ids.split(" ").map(Number);
        const levels = this.placed.filter((r) => ids.includes(r.id));
        const depth = Math.max(0, ...levels.map((r) => r.level)) + 1;
        const rects = seg.classList.contains("breaks") ? [...seg.querySelectorAll(".gap")].map((g) => g.getBoundingClientRect())
          : [...seg.getClientRects()];
        for (const rect of rects) {
          if (x < rect.left - 1 || x > rect.right + 1) continue;
          if (y >= rect.top && y <= rect.bottom) return ids;
          const below = y - rect.bottom;
          if (below > 0 && below <= depth * BAND + 1) {
            const level = Math.min(Math.floor((below - 0.5) / BAND), depth - 1);
            const hit = levels.find((r) => r.level === level);
            return hit ? [hit.id] : ids;
          }
        }
      }
      return [];
    }

    // The viewport rectangle of a finding's first piece (to place the card under it).
    rectOf(id) {
      for (const seg of this.root.querySelectorAll("[data-ids]")) {
        if (seg.dataset.ids.split(" ").map(Number).includes(id)) {
          const rect = (seg.classList.contains("breaks") ? seg.querySelector(".gap") : seg)?.getClientRects()[0];
          if (rect) return rect;
        }
      }
      return null;
    }

    highlight(ids) {
      for (const seg of this.root.querySelectorAll("[data-ids]")) {
        const on = ids && seg.dataset.ids.split(" ").some((id) => ids.includes(Number(id)));
        seg.classList.toggle("hot", Boolean(on));
      }
    }

    setBadge(errors, warnings, visible) {
      this.corner.hidden = !visible;
      this.corner.className = "corner" + (errors ? " err" : warnings ? " warn" : "");
      this.corner.textContent = errors ? String(errors) : warnings ? String(warnings) : "\u2713";
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

  // A run of blank lines has no width to colour, so each blank line gets a bar at its start:
  // an absolutely positioned box sits at its static position (the start of the next line)
  // and takes no room, so the mirror's text flow stays identical to the textarea's.
  function breaksMark(part, ids, severity) {
    const mark = h("span", { class: "seg breaks", "data-ids": ids });
    const lines = part.split("\n");
    lines.forEach((line, i) => {
      if (i > 0) mark.append("\n");
      if (i > 0 && i < lines.length - 1) mark.append(h("span", { class: `gap ${severity}` }));
      if (line) mark.append(line);
    });
    return mark;
  }

  return { Overlay, assignLevels, segments };
})();
