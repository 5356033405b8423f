// The demo page's content script, registered for the one demo origin the seller uses.
//
// The manifest's content scripts run only on Seller Central. The demo (`bsm-guard demo`)
// serves its copy of the Contact Buyer page on a local port; rather than running on every
// localhost page, the same scripts are registered at run time for exactly that origin
// (Options, "Demo page"; default http://127.0.0.1:8780). Only loopback origins are accepted:
// they are the only ones the extension has host permissions for besides Seller Central.

export const DEFAULT_DEMO_ORIGIN = "http://127.0.0.1:8780";
const ID = "bsm-guard-demo";

// "http://127.0.0.1:8780/anything" -> "http://127.0.0.1:8780"; null if not a loopback origin.
export function demoOriginOf(value) {
  try {
    const url = new URL(String(value || ""));
    if (url.protocol !== "http:" || !["127.0.0.1", "localhost"].includes(url.hostname)) return null;
    return url.origin;
  } catch (err) {
    return null;
  }
}

// Calls are queued: the install handler and a settings change may both register at start-up.
let queue = Promise.resolve();
export function registerDemo() {
  const run = queue.then(register, register);
  queue = run.catch(() => null);
  return run.catch((err) => ({ ok: false, error: String(err && err.message || err) }));
}

async function register() {
  const { demoOrigin } = await chrome.storage.local.get("demoOrigin");
  const origin = demoOriginOf(demoOrigin) || DEFAULT_DEMO_ORIGIN;
  const [main] = chrome.runtime.getManifest().content_scripts;
  // A match pattern's port is part of the origin: "http://127.0.0.1:8780/*" is that port only.
  const script = {
    id: ID, matches: [`${origin}/*`], js: main.js, runAt: "document_start", allFrames: false,
    persistAcrossSessions: true,
  };
  const existing = await chrome.scripting.getRegisteredContentScripts({ ids: [ID] });
  if (existing.length) await chrome.scripting.updateContentScripts([script]);
  else await chrome.scripting.registerContentScripts([script]);
  return { ok: true, origin, matches: script.matches };
}
