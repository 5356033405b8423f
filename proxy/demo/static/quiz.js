// The quiz: a message from the gallery, two questions (would Amazon block it? which rules?),
// then the answer with the rules' documentation from the rule registry (/demo/rules.json:
// what the rule does, why Amazon blocks it, what to write instead). Two points a question:
// one for block or not, one for exactly the right rules. Text is always set with
// textContent, never parsed as HTML: examples hold HTML source on purpose.
(() => {
  "use strict";
  const $ = (sel, root = document) => root.querySelector(sel);
  const CHOICES = 6;
  const LANGS = { en: "English", de: "German", fr: "French", es: "Spanish", it: "Italian", ja: "Japanese" };
  let examples = [];
  let rules = {};
  let questions = [];
  let index = 0;
  let score = 0;
  let answers = [];

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function shuffle(list) {
    const out = list.slice();
    for (let i = out.length - 1; i > 0; i -= 1) {
      const j = Math.floor(Math.random() * (i + 1));
      [out[i], out[j]] = [out[j], out[i]];
    }
    return out;
  }

  async function load() {
    const [ex, rl] = await Promise.all([fetch("/demo/examples.json"), fetch("/demo/rules.json")]);
    examples = await ex.json();
    for (const rule of await rl.json()) rules[rule.code] = rule;
  }

  function correctRules(q) {
    return q.expect.length ? q.expect.slice().sort() : [];
  }

  function candidates(q) {
    const right = q.expect.length ? q.expect : [q.rule];
    const family = Object.keys(rules).filter((c) => c[0] === q.rule[0] && !right.includes(c));
    const others = Object.keys(rules).filter((c) => c[0] !== q.rule[0] && !right.includes(c));
    const pool = shuffle(family).concat(shuffle(others));
    return shuffle(right.concat(pool.slice(0, Math.max(0, CHOICES - right.length))));
  }

  function start(event) {
    event.preventDefault();
    const form = $("form.quiz-setup");
    const lang = form.elements.lang.value;
    const count = Number(form.elements.count.value);
    // About two violations for each compliant message, in random order.
    const pool = examples.filter((e) => !lang || e.lang === lang);
    const bad = shuffle(pool.filter((e) => e.expect.length));
    const good = shuffle(pool.filter((e) => !e.expect.length));
    const wantGood = Math.min(good.length, Math.round(count / 3));
    questions = shuffle(good.slice(0, wantGood).concat(bad.slice(0, count - wantGood)));
    index = 0; score = 0; answers = [];
    $(".result").hidden = true;
    form.hidden = true;
    show();
  }

  function show() {
    const q = questions[index];
    const section = $("section.question");
    section.hidden = false;
    section.dataset.example = q.id;
    $(".progress").textContent = `Question ${index + 1} of ${questions.length} \u00b7 score ${score}`;
    const c = q.context;
    // A reply is said in the context notes below; a proactive message here.
    $(".context").textContent = `${c.kind === "reply" ? "" : "A proactive message \u00b7 "}` +
      `${c.marketplace} \u00b7 buyer reads ${c.buyer_language} \u00b7 order placed ${c.days_since_order} days ago`;
    const needs = $(".quiz-message .needs");
    $("ul", needs).replaceChildren(...q.needs.map((n) => el("li", null, n)));
    needs.hidden = !q.needs.length;
    const preview = $(".quiz-message .preview");
    preview.textContent = q.text;
    preview.lang = q.lang;
    for (const input of section.querySelectorAll("input")) { input.checked = false; input.disabled = false; }
    for (const label of section.querySelectorAll("label")) label.classList.remove("correct", "wrong-pick");
    const choices = $(".q-rules .choices");
    choices.replaceChildren(...candidates(q).map((code) => {
      const label = el("label", "rule-choice");
      const input = el("input");
      input.type = "checkbox"; input.name = "rule"; input.value = code;
      label.append(input, ` ${code} ${rules[code].name}`);
      label.title = rules[code].clause;
      return label;
    }));
    $(".reveal").hidden = true;
    $("button.check").hidden = false;
    updateCheck();
  }

  function picked() {
    return Array.from(document.querySelectorAll(".q-rules input:checked")).map((i) => i.value);
  }

  function updateCheck() {
    const block = document.querySelector(".q-block input:checked");
    $("button.check").disabled = !(block && picked().length);
  }

  function onRuleChange(event) {
    if (event.target.name !== "rule") return;
    if (event.target.value === "none" && event.target.checked) {
      for (const i of document.querySelectorAll(".q-rules .choices input")) i.checked = false;
    } else if (event.target.checked) {
      $(".q-rules input[value=none]").checked = false;
    }
  }

  // A docstring section as paragraphs: blank lines part them, ``` fences make an example
  // block, `backticks` make code; the docstring's own line breaks are only wrapping.
  function docNodes(text) {
    return text.split(/\n\s*\n/).filter((block) => block.trim()).map((block) => {
      const fenced = /^\s*```[^\n]*\n([\s\S]*?)\n?\s*```\s*$/.exec(block);
      if (fenced) return el("pre", "doc-example", fenced[1]);
      const para = el("p");
      block.split(/\s+/).join(" ").split("`").forEach((part, i) => {
        para.append(i % 2 ? el("code", null, part) : document.createTextNode(part));
      });
      return para;
    });
  }

  function docsFor(code, counterpart) {
    const rule = rules[code];
    const box = el("section", "rule-doc");
    box.dataset.rule = code;
    if (counterpart) box.append(el("p", "counterpart", "The rule this compliant message stays clear of:"));
    box.append(el("h3", null, `${code} ${rule.name} (${rule.severity})`));
    for (const [title, text] of [["What it does", rule.what], ["Why Amazon blocks it", rule.why],
      ["Use instead", rule.instead]]) {
      box.append(el("h4", null, title), ...docNodes(text));
    }
    return box;
  }

  function check() {
    const q = questions[index];
    const saidBlock = document.querySelector(".q-block input:checked").value === "yes";
    const chosen = picked().filter((c) => c !== "none").sort();
    const blockRight = saidBlock === q.blocks;
    const rulesRight = JSON.stringify(chosen) === JSON.stringify(correctRules(q));
    const points = Number(blockRight) + Number(rulesRight);
    score += points;
    answers.push({ q, points, blockRight, rulesRight });
    for (const input of document.querySelectorAll("section.question input")) input.disabled = true;
    // Mark the choices: the right ones, and the wrong ones the trainee picked.
    const right = correctRules(q).length ? correctRules(q) : ["none"];
    for (const input of document.querySelectorAll(".q-rules input")) {
      const label = input.closest("label");
      label.classList.toggle("correct", right.includes(input.value));
      label.classList.toggle("wrong-pick", input.checked && !right.includes(input.value));
    }
    for (const input of document.querySelectorAll(".q-block input")) {
      const label = input.closest("label");
      const isRight = (input.value === "yes") === q.blocks;
      label.classList.toggle("correct", isRight);
      label.classList.toggle("wrong-pick", input.checked && !isRight);
    }
    $("button.check").hidden = true;
    const verdict = $(".reveal .verdict");
    const outcome = q.blocks ? "Amazon would block it" :
      q.expect.length ? "It would go through, with a warning from the guard" : "It would go through: it is compliant";
    const expected = q.expect.length ? q.expect.join(", ") : "none";
    verdict.textContent = `${outcome}. Rules: ${expected}. ` +
      `You scored ${points} of 2 (${blockRight ? "right" : "wrong"} on blocking, ` +
      `${rulesRight ? "right" : "wrong"} on the rules).`;
    verdict.className = `verdict points-${points}`;
    $(".reveal .explain").textContent = q.explain + (q.lang !== "en" ? ` (Message in ${LANGS[q.lang]}.)` : "");
    const docs = $(".reveal .rule-docs");
    docs.replaceChildren(...(q.expect.length ? q.expect.map((c) => docsFor(c, false))
      : [docsFor(q.rule, true)]));
    $(".reveal a.open").href = q.url;
    $(".next").textContent = index + 1 < questions.length ? "Next question" : "See my score";
    $(".reveal").hidden = false;
    $(".progress").textContent = `Question ${index + 1} of ${questions.length} \u00b7 score ${score}`;
  }

  function next() {
    index += 1;
    if (index < questions.length) return show();
    $("section.question").hidden = true;
    const result = $(".result");
    result.hidden = false;
    $(".final").textContent = `Your score: ${score} of ${questions.length * 2}`;
    $(".answers").replaceChildren(...answers.map((a) => {
      const item = el("li", a.points === 2 ? "right" : "wrong",
        `${a.q.title} (${a.q.expect.join(", ") || "compliant"}): ${a.points} of 2`);
      return item;
    }));
  }

  function again() {
    $(".result").hidden = true;
    $("form.quiz-setup").hidden = false;
  }

  $("form.quiz-setup").addEventListener("submit", start);
  $(".q-rules").addEventListener("change", onRuleChange);
  $("section.question").addEventListener("change", updateCheck);
  $("button.check").addEventListener("click", check);
  $("button.next").addEventListener("click", next);
  $("button.again").addEventListener("click", again);
  $("button.start").disabled = true;
  load().then(() => { $("button.start").disabled = false; });
})();
