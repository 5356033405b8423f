// bsm-guard service worker: the only part of the extension that talks to the local API.
//
// Why everything goes through here: a content script's fetch carries the page's origin, so
// Seller Central's pages cannot reach http://127.0.0.1 (CORS, Local Network Access). The
// service worker's requests carry the extension's own origin, which the API allows (the
// manifest "key" fixes the extension ID, so the API can allow exactly that origin).
//
// It keeps the pairing token in chrome.storage.local, relays checks and overrides for the
// content scripts, streams /api/events (fetch streaming: EventSource does not exist in
// service workers and cannot send an Authorization header) and forwards verdicts to the pages
// connected over ports, and applies the optional PAC routing.

import { pacScript } from "./lib/hosts.js";
import { registerDemo, demoOriginOf, DEFAULT_DEMO_ORIGIN } from "./lib/demo.js";

const DEFAULTS = {
  apiBase: "http://127.0.0.1:8765",
  token: null,
  routing: false,
  debounceMs: 300,
};
const REQUEST_TIMEOUT_MS = 20000; // the first check after start-up loads models (seconds)

// The token is kept with the API base it came from: pointing the extension at another guard
// never sends it the first guard's token.
async function settings() {
  const conf = { ...DEFAULTS, ...(await chrome.storage.local.get([...Object.keys(DEFAULTS), "tokenFor"])) };
  if (conf.tokenFor !== apiBaseOf(conf.apiBase)) conf.token = null;
  return conf;
}

function apiBaseOf(value) {
  return String(value || DEFAULTS.apiBase).replace(/\/+$/, "");
}

// ---------------------------------------------------------------------------------- API calls

// One call to the API. Never throws: {ok, status, data} or {ok:false, unreachable:true}.
// `auth`: the route needs the token. Without one the call is not made: pairing needs the code
// the guard printed, which only the seller can type (popup). Calls that do not need it still
// carry it when there is one (the API rate-limits /api/check per paired client).
async function api(path, { method = "GET", body, auth = false } = {}) {
  const conf = await settings();
  const headers = {};
  if (body !== undefined) headers["Content-Type"] = "application/json";
  if (auth && !conf.token) {
    return { ok: false, status: 401, unpaired: true, error: "not paired with bsm-guard: type the code that bsm-guard run printed into the popup" };
  }
  if (conf.token) headers["Authorization"] = `Bearer ${conf.token}`;
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), REQUEST_TIMEOUT_MS);
  let resp;
  try {
    resp = await fetch(apiBaseOf(conf.apiBase) + path, {
      method, headers, signal: ctrl.signal, cache: "no-store",
      body: body === undefined ? undefined : JSON.stringify(body),
    });
  } catch (err) {
    if (ctrl.signal.aborted) {
      // Running but slow (the first check loads the language models): not "not running".
      return { ok: false, timeout: true, error: "bsm-guard did not answer in time" };
    }
    return { ok: false, unreachable: true, error: "bsm-guard is not running" };
  } finally {
    clearTimeout(timer);
  }
  let data = null;
  try {
    data = await resp.json();
  } catch (err) {
    data = null;
  }
  if (auth && (resp.status === 401 || resp.status === 403)) {
    // The guard was reinstalled or its token changed: the seller pairs again with a new code.
    await chrome.storage.local.remove("token");
    return { ok: false, status: resp.status, unpaired: true, error: "the guard no longer knows this extension: pair again with a new code (bsm-guard pair)" };
  }
  if (!resp.ok) {
    const error = (data && (data.error?.message || data.error || data.message)) || `HTTP ${resp.status}`;
    return { ok: false, status: resp.status, data, error: String(error) };
  }
  return { ok: true, status: resp.status, data };
}

// Pairing: the seller types the short code that `bsm-guard run` (or `bsm-guard pair`) printed;
// the API hands out the token only for that code, so no other local program can pair.
async function pair(code) {
  const conf = await settings();
  const typed = String(code || "").trim();
  if (!typed) return { ok: false, needsCode: true, error: "type the pairing code that bsm-guard run printed" };
  try {
    const resp = await fetch(apiBaseOf(conf.apiBase) + "/api/pair", {
      method: "POST", cache: "no-store", headers: { "Content-Type": "application/json" },
      body: JSON.stringify({ code: typed }),
    });
    let data = null;
    try {
      data = await resp.json();
    } catch (err) {
      data = null;
    }
    if (!resp.ok) {
      const why = (data && typeof data.error === "string") ? data.error : `HTTP ${resp.status}`;
      return { ok: false, status: resp.status, error: `pairing refused: ${why}` };
    }
    if (!data || typeof data.token !== "string" || !data.token) return { ok: false, error: "no token" };
    await chrome.storage.local.set({ token: data.token, tokenFor: apiBaseOf(conf.apiBase) });
    chrome.action.setBadgeText({ text: "" }).catch(() => {});
    return { ok: true, token: data.token };
  } catch (err) {
    return { ok: false, unreachable: true, error: "bsm-guard is not running" };
  }
}

// Is the traffic to this origin answered through the guard? The guard itself answers
// /__bsm-guard/status on the hosts it guards; the real Seller Central does not.
async function routedStatus(origin) {
  const ctrl = new AbortController();
  const timer = setTimeout(() => ctrl.abort(), 3000);
  try {
    const resp = await fetch(`${origin}/__bsm-guard/status`, {
      cache: "no-store", credentials: "omit", redirect: "manual", signal: ctrl.signal,
    });
    if (!resp.ok) return { ok: true, guarded: false, origin };
    const data = await resp.json().catch(() => null);
    return { ok: true, guarded: Boolean(data && data.guarded), mode: data?.mode, origin };
  } catch (err) {
    return { ok: true, guarded: false, origin, error: "not reachable" };
  } finally {
    clearTimeout(timer);
  }
}

// ----------------------------------------------------------------------------------- routing

async function applyRouting(on) {
  if (!on) {
    await chrome.proxy.settings.clear({ scope: "regular" });
    await chrome.storage.local.set({ routing: false });
    return { ok: true, routing: false };
  }
  const health = await api("/api/health");
  if (!health.ok) return { ok: false, error: "bsm-guard is not running: cannot route through it" };
  const conf = await settings();
  const host = new URL(apiBaseOf(conf.apiBase)).hostname;
  const port = health.data.proxy_port || 8080;
  const data = pacScript(host, port);
  await chrome.proxy.settings.set({ value: { mode: "pac_script", pacScript: { data } }, scope: "regular" });
  const now = await chrome.proxy.settings.get({});
  await chrome.storage.local.set({ routing: true });
  return { ok: true, routing: true, proxy: `${host}:${port}`, levelOfControl: now.levelOfControl };
}

// -------------------------------------------------------------------- events to the pages

const ports = new Set();
let stream = null; // {ctrl, connected}

function broadcast(message) {
  for (const port of ports) {
    try {
      port.postMessage(message);
    } catch (err) {
      ports.delete(port);
    }
  }
}

function parseSse(block) {
  let type = "message";
  const data = [];
  for (const line of block.split("\n")) {
    if (!line || line.startsWith(":")) continue;
    const i = line.indexOf(":");
    const field = i < 0 ? line : line.slice(0, i);
    const value = i < 0 ? "" : line.slice(i + 1).replace(/^ /, "");
    if (field === "event") type = value;
    else if (field === "data") data.push(value);
  }
  if (!data.length) return null;
  try {
    return { type, data: JSON.parse(data.join("\n")) };
  } catch (err) {
    return null;
  }
}

async function runEvents(ctrl) {
  let delay = 500;
  while (!ctrl.signal.aborted && ports.size) {
    const conf = await settings();
    const token = conf.token;
    if (token) {
      try {
        const resp = await fetch(apiBaseOf(conf.apiBase) + "/api/events", {
          headers: { Authorization: `Bearer ${token}`, Accept: "text/event-stream" },
          cache: "no-store", signal: ctrl.signal,
        });
        if (resp.status === 401 || resp.status === 403) {
          await chrome.storage.local.remove("token");
        } else if (resp.ok && resp.body) {
          stream.connected = true;
          delay = 500;
          broadcast({ type: "guard", connected: true });
          const reader = resp.body.pipeThrough(new TextDecoderStream()).getReader();
          let buffer = "";
          for (;;) {
            const { value, done } = await reader.read();
            if (done) break;
            buffer += value.replace(/\r\n?/g, "\n");
            let cut;
            while ((cut = buffer.indexOf("\n\n")) >= 0) {
              const event = parseSse(buffer.slice(0, cut));
              buffer = buffer.slice(cut + 2);
              if (event && event.type === "verdict") broadcast({ type: "verdict", event: event.data });
            }
          }
        }
      } catch (err) {
        // guard stopped or the stream was aborted: retry below unless aborted
      }
    }
    if (stream && stream.ctrl === ctrl && stream.connected) {
      stream.connected = false;
      broadcast({ type: "guard", connected: false });
    }
    if (ctrl.signal.aborted) break;
    await new Promise((r) => setTimeout(r, delay));
    delay = Math.min(delay * 2, 10000);
  }
}

function ensureEvents() {
  if (stream || !ports.size) return;
  const ctrl = new AbortController();
  stream = { ctrl, connected: false };
  runEvents(ctrl).finally(() => {
    if (stream && stream.ctrl === ctrl) stream = null;
    if (ports.size && !ctrl.signal.aborted) ensureEvents();
  });
}

function restartEvents() {
  if (stream) stream.ctrl.abort();
  stream = null;
  ensureEvents();
}

chrome.runtime.onConnect.addListener((port) => {
  if (port.name !== "bsm-guard-page") return;
  ports.add(port);
  port.onMessage.addListener(() => {}); // pings keep the worker alive while a page is open
  port.onDisconnect.addListener(() => {
    ports.delete(port);
    if (!ports.size && stream) {
      stream.ctrl.abort();
      stream = null;
    }
  });
  ensureEvents();
});

chrome.storage.onChanged.addListener((changes, area) => {
  if (area !== "local") return;
  if (changes.demoOrigin) registerDemo();
  if (changes.apiBase) {
    rulesCache = null;
    restartEvents(); // another guard: stream its events instead (pairing happens on demand)
  } else if (changes.token && changes.token.newValue) {
    if (stream && !stream.connected) restartEvents();
  }
});

// ----------------------------------------------------------- rules and saved settings

let rulesCache = null;
async function rules() {
  if (rulesCache) return rulesCache;
  const result = await api("/api/rules");
  if (result.ok) rulesCache = result;
  return result;
}

// Ignoring a rule or adding a word changes the guard's own settings (PUT /api/settings), so
// the proxy and every page judge the same way. A config list is replaced as a whole: read it,
// add, write.
async function addToConfig(key, value) {
  if (!value) return { ok: false, error: "nothing to add" };
  const current = await api("/api/settings");
  if (!current.ok) return current;
  const list = (current.data && current.data.config && current.data.config[key]) || [];
  if (list.includes(value) || (key === "words" && list.includes(value.toLowerCase()))) return { ok: true, data: current.data };
  return api("/api/settings", { method: "PUT", body: { config: { [key]: [...list, value] } }, auth: true });
}

// The popup's undo: check a rule again, or take a word out of the dictionary.
async function removeFromConfig(key, value) {
  if (key !== "ignore" && key !== "words") return { ok: false, error: "unknown setting" };
  const current = await api("/api/settings");
  if (!current.ok) return current;
  const list = (current.data && current.data.config && current.data.config[key]) || [];
  return api("/api/settings", { method: "PUT", body: { config: { [key]: list.filter((v) => v !== value) } }, auth: true });
}

// --------------------------------------------------------------------------- requests

const handlers = {
  async setToken({ token }) {
    // Fallback pairing: the token that `bsm-guard token` prints, pasted in the options page.
    const conf = await settings();
    const value = String(token || "").trim();
    if (!value) return { ok: false, error: "empty token" };
    await chrome.storage.local.set({ token: value, tokenFor: apiBaseOf(conf.apiBase) });
    const probe = await api("/api/history?limit=1", { auth: true });
    if (!probe.ok) {
      await chrome.storage.local.remove(["token", "tokenFor"]);
      return { ok: false, error: probe.unreachable ? probe.error : "the guard did not accept this token" };
    }
    return { ok: true };
  },
  async check({ message }) {
    const result = await api("/api/check", { method: "POST", body: message });
    return result.ok ? { ok: true, report: result.data } : result;
  },
  async context({ context }) {
    return api("/api/context", { method: "POST", body: context, auth: true });
  },
  // {verdict_id}: a send the guard stopped; {text}: a send the seller chose to make anyway,
  // granted before the page sends it.
  async override({ verdict_id, text }) {
    const body = typeof text === "string" ? { text } : { verdict_id };
    return api("/api/override", { method: "POST", body, auth: true });
  },
  rules: () => rules(),
  ignoreRule: ({ code }) => addToConfig("ignore", String(code || "")),
  addWord: ({ word }) => addToConfig("words", String(word || "").trim()),
  forget: ({ key, value }) => removeFromConfig(key, String(value || "")),
  settingsOfGuard: () => api("/api/settings"),
  async status() {
    const conf = await settings();
    const health = await api("/api/health");
    return {
      ok: true,
      reachable: health.ok,
      health: health.ok ? health.data : null,
      apiBase: apiBaseOf(conf.apiBase),
      paired: Boolean(conf.token),
      routing: Boolean(conf.routing),
      events: Boolean(stream && stream.connected),
      extensionId: chrome.runtime.id,
    };
  },
  pair: ({ code }) => pair(code),
  async setMode({ mode }) {
    return api("/api/settings", { method: "PUT", body: { mode }, auth: true });
  },
  async history({ limit = 10 }) {
    return api(`/api/history?limit=${Number(limit) || 10}`, { auth: true });
  },
  async verdict({ id }) {
    return api(`/api/history/${Number(id)}`, { auth: true });
  },
  setRouting: ({ on }) => applyRouting(Boolean(on)),
  routed: ({ origin }) => routedStatus(origin),
  settings: () => settings().then((s) => ({ ok: true, debounceMs: s.debounceMs, apiBase: s.apiBase })),
  async demoOrigin() {
    const { demoOrigin } = await chrome.storage.local.get("demoOrigin");
    return { ok: true, origin: demoOriginOf(demoOrigin) || DEFAULT_DEMO_ORIGIN };
  },
};

chrome.runtime.onMessage.addListener((msg, sender, sendResponse) => {
  if (sender.id !== chrome.runtime.id) return false;
  const handler = msg && handlers[msg.type];
  if (!handler) return false;
  Promise.resolve()
    .then(() => handler(msg))
    .then(sendResponse, (err) => sendResponse({ ok: false, error: String(err && err.message || err) }));
  return true; // answer asynchronously
});

// First run: open the popup's pairing step? Chrome cannot open a popup by itself; the badge
// says "pair" until the seller has typed the code. (Defaults are applied on read, never
// written here: a write could race a setting made while the worker starts.)
chrome.runtime.onInstalled.addListener(async () => {
  await registerDemo();
  if (!(await settings()).token) chrome.action.setBadgeText({ text: "pair" }).catch(() => {});
});
chrome.runtime.onStartup.addListener(() => registerDemo());

// Open pages keep the event stream alive; the alarm restarts it after the worker was stopped.
chrome.alarms.create("bsm-guard-keepalive", { periodInMinutes: 1 });
chrome.alarms.onAlarm.addListener(() => ensureEvents());

// Test and bench seam: lets a test read state without guessing. Not reachable by pages.
globalThis.bsmGuard = {
  settings, pair, api, routedStatus, applyRouting, ports,
  setToken: (token) => handlers.setToken({ token }),
  restartEvents,
  registerDemo,
  async setDemoOrigin(origin) {
    await chrome.storage.local.set({ demoOrigin: origin });
    return registerDemo();
  },
  stopEvents() {
    if (stream) stream.ctrl.abort();
    stream = null;
  },
  get stream() { return stream; },
};
