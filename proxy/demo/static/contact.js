// The demo Contact Buyer page: sends exactly what FACTS.md records for the real page
// (POST /messaging/api/orders/{orderId}/contactBuyer, JSON with an HTML-escaped rawMessageBody,
// the anti-csrftoken-a2z header). The guard sits between this page and the origin server.
(() => {
  "use strict";
  const { hideAlerts, showSuccess, showError, errorFrom } = window.bsmDemo;
  const MAX_FILE = 10 * 1024 * 1024;

  const form = document.getElementById("ayb-contact-buyer");
  const orderId = form.dataset.orderId;
  const marketplaceId = form.dataset.marketplaceId;
  const csrf = document.querySelector('meta[name="anti-csrftoken-a2z"]').content;
  const box = document.querySelector(".contact-buyer-text-area kat-textarea");
  const fileInput = document.querySelector(".contact-buyer-file-input input[type=file]");
  const fileList = document.querySelector(".contact-buyer-file-input .file-list");
  const sendButton = document.querySelector("kat-button.ayb-contact-form-send-button");

  function escapeHtml(text) {
    return text.replace(/&/g, "&amp;").replace(/</g, "&lt;").replace(/>/g, "&gt;")
      .replace(/"/g, "&quot;").replace(/'/g, "&#39;");
  }

  function listFiles() {
    fileList.replaceChildren();
    for (const file of fileInput.files) {
      const item = document.createElement("li");
      item.textContent = `${file.name} (${Math.max(1, Math.round(file.size / 1024))} KB)`;
      fileList.append(item);
    }
  }

  async function send() {
    hideAlerts();
    const reason = form.querySelector("kat-radiobutton[checked]");
    const text = box.value;
    if (!reason) return showError({ message: "Select a contact reason." });
    if (!text.trim()) return showError({ message: "Enter a message for the buyer." });
    const files = Array.from(fileInput.files);
    const tooLarge = files.filter((f) => f.size > MAX_FILE);
    if (tooLarge.length) return showError({ message: `${tooLarge[0].name} is larger than 10 MB.` });

    const url = `/messaging/api/orders/${encodeURIComponent(orderId)}/contactBuyer` +
      `?marketplaceId=${encodeURIComponent(marketplaceId)}`;
    const body = {
      topicId: reason.getAttribute("value"),
      rawMessageBody: escapeHtml(text),
      attachments: files.map((f) => ({ fileName: f.name })),
      uploadingFiles: [],
      failedFiles: [],
      failedFilesTooLarge: false,
    };
    sendButton.setAttribute("disabled", "");
    sendButton.setAttribute("label", "Sending\u2026");
    let response;
    try {
      response = await fetch(url, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "anti-csrftoken-a2z": csrf },
        body: JSON.stringify(body),
      });
    } catch (err) {
      showError({ message: "The message could not be sent: the connection failed." });
      return;
    } finally {
      sendButton.removeAttribute("disabled");
      sendButton.setAttribute("label", "Send");
    }
    let data = null;
    if (response.ok) {
      try { data = await response.clone().json(); } catch (_) { /* not JSON */ }
    }
    if (response.ok && (!data || data.isSuccess !== false)) {
      showSuccess();
      box.value = "";
      fileInput.value = "";
      listFiles();
      document.dispatchEvent(new CustomEvent("demo:sent", { detail: { orderId } }));
    } else {
      showError(await errorFrom(response));
      document.dispatchEvent(new CustomEvent("demo:send-failed", { detail: { status: response.status } }));
    }
  }

  fileInput.addEventListener("change", listFiles);
  sendButton.addEventListener("click", send);
})();
