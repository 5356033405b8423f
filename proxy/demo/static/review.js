// The demo Request a Review page: the eligibility GET and the request POST on the same path the
// real page uses (/messaging/api/solicitations/{orderId}/productReviewAndSellerFeedback).
(() => {
  "use strict";
  const { hideAlerts, showSuccess, showError, errorFrom, INELIGIBLE } = window.bsmDemo;

  const section = document.getElementById("request-review");
  const orderId = section.dataset.orderId;
  const marketplaceId = section.dataset.marketplaceId;
  const csrf = document.querySelector('meta[name="anti-csrftoken-a2z"]').content;
  const button = document.querySelector("kat-button.request-review-button");
  const eligibility = section.querySelector(".eligibility");
  const url = `/messaging/api/solicitations/${encodeURIComponent(orderId)}/productReviewAndSellerFeedback` +
    `?marketplaceId=${encodeURIComponent(marketplaceId)}`;

  async function checkEligibility() {
    try {
      const response = await fetch(url, { credentials: "same-origin" });
      const data = await response.json();
      eligibility.textContent = data.isSuccess
        ? "This order can get a review request."
        : INELIGIBLE[data.ineligibleReason] || `Not eligible: ${data.ineligibleReason}`;
      eligibility.classList.toggle("ineligible", !data.isSuccess);
    } catch (_) {
      eligibility.textContent = "Eligibility could not be checked.";
    }
  }

  async function requestReview() {
    hideAlerts();
    button.setAttribute("disabled", "");
    let response;
    try {
      response = await fetch(`${url}&isReturn=false`, {
        method: "POST",
        credentials: "same-origin",
        headers: { "Content-Type": "application/json", "anti-csrftoken-a2z": csrf },
        body: "{}",
      });
    } catch (_) {
      showError({ message: "The request could not be sent: the connection failed." });
      return;
    } finally {
      button.removeAttribute("disabled");
    }
    if (response.ok) {
      showSuccess();
      document.dispatchEvent(new CustomEvent("demo:review-requested", { detail: { orderId } }));
    } else {
      showError(await errorFrom(response));
    }
    checkEligibility();
  }

  button.addEventListener("click", requestReview);
  checkEligibility();
})();
