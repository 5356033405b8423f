// What a seller reads: why a message would be blocked, in plain words (never a rule code or a
// command line), and emoji that stay readable where no emoji font is installed.
"use strict";

var bsmGuard = globalThis.bsmGuard || (globalThis.bsmGuard = {});

bsmGuard.words = (() => {
  // One short noun phrase per rule, to finish "Amazon would block this message: ...".
  const REASONS = {
    O101: "no order ID", O102: "another order's ID", O103: "more than 30 days after the order",
    O104: "not in the buyer's language", O105: "no permitted reason to write",
    O106: "an \u201cImportant\u201d subject", O107: "too long for this kind of message",
    C201: "only an order or shipping confirmation", C202: "only thanks or an offer of help",
    C203: "advertising", C204: "something offered for a review",
    C205: "asking for a positive review", C206: "asking only happy buyers for a review",
    C207: "asking to change or remove a review", C208: "a second review request for this order",
    C209: "a link outside Amazon", C210: "an opt-out link", C211: "an attachment Amazon does not allow",
    C212: "a logo linked to a website", C213: "sensitive or offensive content",
    C214: "a tracking image", C215: "an e-mail address or phone number",
    C216: "a product or unrelated image",
    S301: "an emoji", S302: "an animated GIF", S303: "wide margins", S304: "an oversized image",
    S305: "styling that overrides Amazon's", S306: "too many font sizes",
    S307: "unusual text alignment", S308: "too many blank lines in a row",
    S309: "an image over an insecure link", S310: "a spelling mistake", S311: "a grammar mistake",
    S312: "an accessibility problem",
  };
  const MANY = { S301: "emoji", S310: "spelling mistakes", S311: "grammar mistakes", C209: "links outside Amazon" };

  function reasonFor(code, count = 1, name = "") {
    const phrase = REASONS[code] || (name ? name.replace(/-/g, " ") : "a problem");
    if (count > 1 && MANY[code]) return `${count} ${MANY[code]}`;
    return phrase;
  }

  // "no order ID, 2 emoji and too many blank lines in a row" from the error diagnostics.
  function reasons(diagnostics) {
    const seen = new Map();
    for (const d of diagnostics || []) {
      if (d.severity !== "error") continue;
      const item = seen.get(d.code) || { count: 0, name: d.name };
      item.count++;
      seen.set(d.code, item);
    }
    const parts = [...seen].map(([code, { count, name }]) => reasonFor(code, count, name));
    if (parts.length <= 1) return parts.join("");
    return parts.slice(0, -1).join(", ") + " and " + parts[parts.length - 1];
  }

  // Codes from a verdict (no diagnostics): the same phrases.
  function reasonsOfCodes(codes) {
    return reasons((codes || []).map((code) => ({ code, severity: "error" })));
  }

  // ----------------------------------------------------------------------------- emoji

  const EMOJI = /(?:\p{Regional_Indicator}{2}|[0-9#*]\uFE0F?\u20E3|(?:\p{Emoji_Presentation}|\p{Extended_Pictographic}\uFE0F)(?:\uFE0F|\p{Emoji_Modifier})*(?:\u200D\p{Extended_Pictographic}(?:\uFE0F|\p{Emoji_Modifier})*)*)/gu;
  const drawnCache = new Map();
  let canvas = null;

  function pixels(ctx, text) {
    ctx.clearRect(0, 0, 40, 40);
    ctx.fillText(text, 2, 2);
    return ctx.getImageData(0, 0, 40, 40).data;
  }

  // Does a font here draw this emoji? Fonts differ per emoji (one may have the smiley and not
  // the party popper), so each is tried: drawn the same as an unassigned code point (the
  // empty box) means no font has it.
  function drawn(cluster) {
    if (drawnCache.has(cluster)) return drawnCache.get(cluster);
    let result = false;
    try {
      canvas = canvas || Object.assign(document.createElement("canvas"), { width: 40, height: 40 });
      const ctx = canvas.getContext("2d", { willReadFrequently: true });
      ctx.font = "28px sans-serif";
      ctx.textBaseline = "top";
      ctx.fillStyle = "#000";
      const missing = pixels(ctx, "\u{10FFFD}");
      const glyph = pixels(ctx, cluster);
      result = glyph.some((v, i) => v !== missing[i]);
    } catch (err) {
      result = false;
    }
    drawnCache.set(cluster, result);
    return result;
  }

  function hasEmojiFont() {
    return drawn("\u{1F600}");
  }

  function codePoints(cluster) {
    return [...cluster].map((c) => c.codePointAt(0))
      .filter((p) => p !== 0x200d && p !== 0xfe0f && p !== 0xfe0e)
      .map((p) => "U+" + p.toString(16).toUpperCase().padStart(4, "0")).join(" ");
  }

  // Text for display: an emoji no font here can draw would be an empty box, so it goes: in
  // parentheses after its description ("U+1F389 party popper (🎉)") it is dropped, anywhere
  // else it becomes its code points. Emoji that are drawn stay.
  function display(text) {
    const value = String(text ?? "");
    if (!EMOJI.test(value)) return value;
    EMOJI.lastIndex = 0;
    const paren = new RegExp(String.raw`\s*\((${EMOJI.source})\)`, "gu");
    return value
      .replace(paren, (m, cluster) => (drawn(cluster) ? m : ""))
      .replace(EMOJI, (m) => (drawn(m) ? m : codePoints(m)));
  }

  return { reasonFor, reasons, reasonsOfCodes, display, drawn, hasEmojiFont, codePoints, EMOJI };
})();
