// Options: where the local API listens, where the demo page is served, and how long to wait
// after typing before a check.
const form = document.getElementById("form");
const apiBase = document.getElementById("apiBase");
const debounce = document.getElementById("debounceMs");
const status = document.getElementById("status");

const demoOrigin = document.getElementById("demoOrigin");
const stored = await chrome.storage.local.get(["apiBase", "debounceMs", "demoOrigin"]);
apiBase.value = stored.apiBase || "http://127.0.0.1:8765";
demoOrigin.value = stored.demoOrigin || "http://127.0.0.1:8780";
debounce.value = stored.debounceMs ?? 300;

form.addEventListener("submit", async (event) => {
  event.preventDefault();
  const base = apiBase.value.trim().replace(/\/+$/, "");
  const demo = (demoOrigin.value.trim() || "http://127.0.0.1:8780").replace(/\/+$/, "");
  await chrome.storage.local.set({ apiBase: base, debounceMs: Number(debounce.value) || 0, demoOrigin: demo });
  const pair = await chrome.runtime.sendMessage({ type: "pair" });
  status.textContent = pair && pair.ok ? "Saved and paired." : `Saved. ${pair && pair.error ? pair.error : ""}`;
});

document.getElementById("token-form").addEventListener("submit", async (event) => {
  event.preventDefault();
  const input = document.getElementById("token");
  const result = await chrome.runtime.sendMessage({ type: "setToken", token: input.value });
  input.value = "";
  document.getElementById("token-status").textContent = result && result.ok
    ? "Paired." : `Not paired: ${(result && result.error) || "unknown error"}`;
});
