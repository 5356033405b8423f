// The popup: is the guard reachable and in which mode, does this browser's Seller Central (or
// demo) traffic go through it, the recent verdicts (each opens: why, and the text), the mode
// switch, pairing and optional routing.
// Every API call goes through the service worker (it holds the token).

const $ = (id) => document.getElementById(id);
const ask = (message) => chrome.runtime.sendMessage(message).catch((err) => ({ ok: false, error: String(err) }));

function showError(text) {
  $("error").hidden = !text;
  $("error").textContent = text || "";
}

function setMode(mode) {
  for (const b of document.querySelectorAll("[data-mode]")) {
    b.setAttribute("aria-checked", String(b.dataset.mode === mode));
  }
}

const words = globalThis.bsmGuard.words;

function isSellerCentral(url) {
  return url.protocol === "https:" && /^sellercentral(-europe)?\.amazon\.[a-z.]{2,6}$/.test(url.hostname);
}

// The origin whose routing we report: the Seller Central or demo tab the seller is looking at
// (the active one first, else the one used last), else the US Seller Central host.
async function originToCheck() {
  const { origin: demo } = await ask({ type: "demoOrigin" });
  try {
    const tabs = await chrome.tabs.query({});
    const ours = tabs.filter((t) => {
      try {
        const url = new URL(t.url || "");
        return isSellerCentral(url) || url.origin === demo;
      } catch (err) {
        return false;
      }
    }).sort((a, b) => (b.active - a.active) || ((b.lastAccessed || 0) - (a.lastAccessed || 0)));
    if (ours.length) {
      const origin = new URL(ours[0].url).origin;
      return { origin, demo: origin === demo };
    }
  } catch (err) {
    // no tab access: fall through
  }
  return { origin: "https://sellercentral.amazon.com", demo: false, guess: true };
}

const ACTIONS = { blocked: "blocked", failed_closed: "not checked, stopped", overridden: "sent anyway", forwarded: "sent" };

function el(tag, className, text) {
  const node = document.createElement(tag);
  if (className) node.className = className;
  if (text != null) node.textContent = text;
  return node;
}

function timeOf(v) {
  return v.time ? new Date(v.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
}

function verdictRow(v) {
  const li = document.createElement("li");
  const button = el("button", "verdict");
  button.type = "button";
  button.dataset.id = String(v.id);
  button.title = "Why, and the message";
  const about = v.order_id ? `order ${v.order_id}` : v.channel || "";
  button.append(
    el("span", "hint", `#${v.id} ${timeOf(v)}`),
    el("span", `v-${v.action}`, ACTIONS[v.action] || v.action),
    el("span", null, ""),
    el("span", "more", "Why ›"),
    el("span", "codes", [about, (v.codes || []).join(" ") || "no problems"].filter(Boolean).join(" · ")));
  button.addEventListener("click", () => showVerdict(v.id));
  li.append(button);
  return li;
}

// One verdict: why (in a seller's words), each finding, and the text when the guard kept it.
async function showVerdict(id) {
  const result = await ask({ type: "verdict", id });
  $("up").hidden = true;
  $("detail").hidden = false;
  const v = result.ok ? result.data : { id, codes: [] };
  $("detail").dataset.id = String(id);
  $("detail-title").textContent = `#${id} ${ACTIONS[v.action] || v.action || ""} ${timeOf(v)}`.trim() +
    (v.order_id ? ` · order ${v.order_id}` : "");
  const errors = (v.diagnostics || []).filter((d) => d.severity === "error");
  $("detail-why").textContent = !result.ok ? `Not available: ${result.error}`
    : errors.length ? `Amazon would block this message: ${words.display(words.reasons(errors))}.`
    : (v.diagnostics || []).length ? "Nothing that blocks; warnings only." : "No problems found.";
  const list = $("detail-findings");
  list.replaceChildren();
  for (const d of v.diagnostics || []) {
    const item = el("li", null);
    item.append(el("span", "code", `${d.code} `), words.display(d.message || d.name || ""));
    list.append(item);
  }
  $("detail-text").textContent = typeof v.text === "string" && v.text
    ? words.display(v.text)
    : "bsm-guard keeps the text of blocked messages only; this one was not kept.";
}

async function loadHistory() {
  const history = await ask({ type: "history", limit: 8 });
  const list = $("history");
  list.replaceChildren();
  const rows = history.ok ? (Array.isArray(history.data) ? history.data : history.data?.verdicts || []) : [];
  if (!history.ok) {
    list.append(el("li", "hint", history.unpaired ? "Pair to see the history."
      : history.status === 503 ? "The history is in the store, which is unreachable; it shows again when the store is back."
        : `History unavailable: ${history.error}`));
  } else if (!rows.length) {
    list.append(el("li", "hint", "No sends checked yet."));
  } else {
    for (const v of rows) list.append(verdictRow(v));
  }
}

// What the seller chose to ignore or add from the page's card, with a way back.
async function loadSaved() {
  const settings = await ask({ type: "settingsOfGuard" });
  const config = (settings.ok && settings.data && settings.data.config) || {};
  const rows = [
    ...(config.ignore || []).map((code) => ({ key: "ignore", value: code, label: `${code} is not checked`, action: "Check again" })),
    ...(config.words || []).map((word) => ({ key: "words", value: word, label: `\u201c${word}\u201d is in your dictionary`, action: "Remove" })),
  ];
  $("saved-box").hidden = !rows.length;
  $("saved").replaceChildren(...rows.map((row) => {
    const li = el("li", null);
    const button = el("button", null, row.action);
    button.type = "button";
    button.dataset.key = row.key;
    button.dataset.value = row.value;
    button.addEventListener("click", async () => {
      const result = await ask({ type: "forget", key: row.key, value: row.value });
      showError(result.ok ? "" : `Not saved: ${result.error}`);
      loadSaved();
    });
    li.append(el("span", null, row.label), button);
    return li;
  }));
}

// Where the guard keeps its records (health.store): "Store OK", or what it does while the
// store is unreachable (records queued locally, written when it is back).
function storeLine(store) {
  if (!store) return null;
  const team = store.backend === "postgresql" || /^postgres/.test(String(store.store || ""));
  const name = team ? "Team store" : "Store";
  const n = Number(store.queued || 0);
  const records = `${n} record${n === 1 ? "" : "s"}`;
  if (store.ok) return { ok: true, text: `${name} OK` };
  let text;
  if (store.not_durable) {
    text = `${name} unreachable and the local queue cannot be written: ${records} held in memory, lost if the guard stops`;
  } else if (!store.last_error && n) {
    text = `${name} OK, writing ${records} kept while it was unreachable`;
  } else {
    text = `${name} unreachable: ${n ? `${records} kept locally, will be written when it is back`
      : "new records are kept locally until it is back"}`;
  }
  if (store.offline_duplicates) text += `; ${store.offline_duplicates} order(s) had a repeat review request while it was down`;
  return { ok: false, text, why: store.last_error || "" };
}

function showStore(store) {
  const line = storeLine(store);
  $("store-row").hidden = !line;
  if (!line) return;
  $("store").textContent = line.text;
  $("store").className = line.ok ? "ok" : "bad";
  $("store").title = [store.store, line.why].filter(Boolean).join(": ");
}

$("back").addEventListener("click", () => {
  $("detail").hidden = true;
  $("up").hidden = false;
});

async function refresh() {
  const status = await ask({ type: "status" });
  $("version").textContent = `extension ${chrome.runtime.getManifest().version}`;
  const reach = $("reach");
  if (!status.ok || !status.reachable) {
    reach.textContent = "not running";
    reach.className = "pill down";
    $("down").hidden = false;
    $("up").hidden = true;
    $("down-base").textContent = status.apiBase || "http://127.0.0.1:8765";
    return;
  }
  const health = status.health || {};
  reach.textContent = `running${health.version ? " " + health.version : ""}`;
  reach.className = "pill up";
  $("down").hidden = true;
  $("up").hidden = false;
  setMode(health.mode);
  showStore(health.store);
  $("routing").checked = status.routing;
  $("paired").textContent = status.paired ? "paired" : "not paired";
  $("paired").className = status.paired ? "ok" : "bad";
  $("pair").textContent = status.paired ? "Pair again" : "Pair";
  $("code-hint").hidden = status.paired;
  loadHistory();
  loadSaved();
  const target = await originToCheck();
  const routed = await ask({ type: "routed", origin: target.origin });
  const host = new URL(target.origin).host;
  const where = target.demo ? `This demo page (${host})` : target.guess ? `Seller Central (${host})` : host;
  $("routed").textContent = routed.guarded
    ? `${where} goes through the guard \u2713`
    : `${where} does not go through the guard`;
  $("routed").className = routed.guarded ? "ok" : "bad";
  $("routed").dataset.origin = target.origin;
}

for (const button of document.querySelectorAll("[data-mode]")) {
  button.addEventListener("click", async () => {
    const result = await ask({ type: "setMode", mode: button.dataset.mode });
    showError(result.ok ? "" : `Could not change the mode: ${result.error}`);
    refresh();
  });
}

$("pair-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const result = await ask({ type: "pair", code: $("code").value });
  showError(result.ok ? "" : `Pairing failed: ${result.error}`);
  if (result.ok) $("code").value = "";
  refresh();
});

$("routing").addEventListener("change", async (event) => {
  const result = await ask({ type: "setRouting", on: event.target.checked });
  showError(result.ok ? "" : result.error);
  if (result.ok && result.levelOfControl && result.levelOfControl !== "controlled_by_this_extension") {
    showError("Another extension or a policy controls the proxy settings; routing is not in effect.");
  }
  refresh();
});

refresh();
