// The popup: is the guard reachable and in which mode, does this browser's Seller Central
// traffic go through it, the recent verdicts, the mode switch, pairing and optional routing.
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

// The origin whose routing we report: the active tab when it is Seller Central or the demo,
// else the US Seller Central host.
async function originToCheck() {
  try {
    const [tab] = await chrome.tabs.query({ active: true, currentWindow: true });
    if (tab && tab.url) {
      const url = new URL(tab.url);
      if (/^sellercentral(-europe)?\.amazon\./.test(url.hostname) ||
          (/^(127\.0\.0\.1|localhost)$/.test(url.hostname) && url.pathname.startsWith("/messaging"))) {
        return url.origin;
      }
    }
  } catch (err) {
    // no tab access: fall through
  }
  return "https://sellercentral.amazon.com";
}

function verdictRow(v) {
  const li = document.createElement("li");
  const time = v.time ? new Date(v.time).toLocaleTimeString([], { hour: "2-digit", minute: "2-digit" }) : "";
  const action = document.createElement("span");
  action.className = `v-${v.action}`;
  action.textContent = v.action;
  const when = document.createElement("span");
  when.className = "hint";
  when.textContent = `#${v.id} ${time}`;
  const order = document.createElement("span");
  order.textContent = v.order_id || v.channel || "";
  const codes = document.createElement("span");
  codes.className = "codes";
  codes.textContent = (v.codes || []).join(" ") || "no problems";
  li.append(when, action, order, codes);
  return li;
}

async function loadHistory() {
  const history = await ask({ type: "history", limit: 8 });
  const list = $("history");
  list.replaceChildren();
  const rows = history.ok ? (Array.isArray(history.data) ? history.data : history.data?.verdicts || []) : [];
  if (!history.ok) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = history.unpaired ? "Pair to see the history." : `History unavailable: ${history.error}`;
    list.append(li);
  } else if (!rows.length) {
    const li = document.createElement("li");
    li.className = "hint";
    li.textContent = "No sends checked yet.";
    list.append(li);
  } else {
    for (const v of rows) list.append(verdictRow(v));
  }
}

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
  $("routing").checked = status.routing;
  $("paired").textContent = status.paired ? "paired" : "not paired";
  $("paired").className = status.paired ? "ok" : "bad";
  $("pair").textContent = status.paired ? "Pair again" : "Pair";
  loadHistory();
  const origin = await originToCheck();
  const routed = await ask({ type: "routed", origin });
  const host = new URL(origin).host;
  $("routed").textContent = routed.guarded
    ? `${host} goes through the guard ✓`
    : `${host} does not go through the guard`;
  $("routed").className = routed.guarded ? "ok" : "bad";
}

for (const button of document.querySelectorAll("[data-mode]")) {
  button.addEventListener("click", async () => {
    const result = await ask({ type: "setMode", mode: button.dataset.mode });
    showError(result.ok ? "" : `Could not change the mode: ${result.error}`);
    refresh();
  });
}

$("pair").addEventListener("click", async () => {
  const result = await ask({ type: "pair" });
  showError(result.ok ? "" : `Pairing failed: ${result.error}`);
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
