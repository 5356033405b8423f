// Shared by the demo pages: the success banner and the danger alert. A send the guard blocked
// comes back as {"error": {"code": "BSM_GUARD_BLOCKED", "message", "codes", "diagnostics",
// "howToSendAnyway"}}; see showError for what the alert says. The page never clears the
// message box on failure, so the seller can edit the text.
(() => {
  "use strict";

  const INELIGIBLE = {
    REVIEW_REQUEST_ALREADY_SENT: "A review request was already sent for this order.",
    REVIEW_REQUEST_OUTSIDE_TIME_WINDOW: "This order is outside the 5 to 30 day window for review requests.",
  };

  function el(tag, className, text) {
    const node = document.createElement(tag);
    if (className) node.className = className;
    if (text != null) node.textContent = text;
    return node;
  }

  function hideAlerts() {
    for (const node of document.querySelectorAll(".kat-alert")) node.hidden = true;
  }

  function showSuccess() {
    hideAlerts();
    document.querySelector(".kat-alert-success").hidden = false;
  }

  // error: {message, codes?, diagnostics?, code?}. A guard's block is said once: when the
  // bsm-guard extension is on the page (its panel is there), the extension says why and the
  // page shows only Amazon's own notice; without it the page names the problems. Never a
  // command line.
  function showError(error) {
    hideAlerts();
    const box = document.querySelector(".kat-alert-danger");
    const content = box.querySelector(".kat-alert-danger-content");
    content.replaceChildren();
    const guard = error.code && String(error.code).startsWith("BSM_GUARD");
    const extension = Boolean(document.querySelector("bsm-guard-panel"));
    content.append(el("p", "alert-title", "Not sent"));
    if (guard) {
      content.append(el("p", "alert-message", "This message was not sent as it did not meet the " +
        "Buyer-Seller Messaging communication guidelines."));
    } else {
      content.append(el("p", "alert-message", error.message || "Something went wrong."));
    }
    if (guard && !extension && Array.isArray(error.diagnostics) && error.diagnostics.length) {
      const list = el("ul", "alert-diagnostics");
      for (const d of error.diagnostics) {
        const item = el("li", `severity-${d.severity || "error"}`);
        item.append(el("strong", null, `${d.code} ${d.name || ""}`.trim()), ` ${d.message || ""}`);
        list.append(item);
      }
      content.append(list);
      content.append(el("p", "alert-hint", "Checked by bsm-guard. Edit the message and send it again."));
    }
    if (error.verdictId != null) content.dataset.verdictId = String(error.verdictId);
    else delete content.dataset.verdictId;
    box.hidden = false;
  }

  // Turn a failed response into the alert: the guard's JSON error, Seller Central's, or the status.
  async function errorFrom(response) {
    let data = null;
    try { data = await response.json(); } catch (_) { /* not JSON */ }
    if (data && data.error && typeof data.error === "object") return data.error;
    if (data && typeof data.error === "string") return { message: data.error };
    if (data && data.ineligibleReason) {
      return { message: INELIGIBLE[data.ineligibleReason] || `Not eligible: ${data.ineligibleReason}` };
    }
    return { message: `Seller Central could not send this (HTTP ${response.status}).` };
  }

  window.bsmDemo = { hideAlerts, showSuccess, showError, errorFrom, INELIGIBLE };
})();
