// Minimal stand-ins for the Katal web components that Seller Central's Contact Buyer page uses
// (kat-textarea, kat-radiobutton, kat-button). Like the real ones they keep their inner controls
// in an OPEN shadow root, so the extension must find the <textarea> the same way it does on the
// real site. Only the behaviour the demo needs is implemented.
(() => {
  "use strict";

  const BASE_CSS = `
    :host { display: block; font: inherit; color: inherit; }
    :host([hidden]) { display: none; }
  `;

  class KatTextarea extends HTMLElement {
    static get observedAttributes() { return ["value", "label", "placeholder", "disabled"]; }

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      root.innerHTML = `
        <style>${BASE_CSS}
          label { display: block; font-weight: 700; margin: 0 0 6px; }
          textarea { box-sizing: border-box; width: 100%; min-height: 220px; resize: vertical;
            padding: 10px 12px; border: 1px solid #8d9096; border-radius: 4px; font: 14px/1.5
            "Amazon Ember", Arial, sans-serif; color: #0f1111; background: #fff; }
          textarea:focus { outline: none; border-color: #008296; box-shadow: 0 0 0 3px rgba(0,130,150,.25); }
        </style>
        <label part="label" for="katal-textarea"></label>
        <textarea part="textarea" id="katal-textarea"></textarea>`;
      this._label = root.querySelector("label");
      this._area = root.querySelector("textarea");
      // "change" does not cross a shadow boundary; re-announce it on the host as Katal does.
      this._area.addEventListener("change", () => {
        this.dispatchEvent(new Event("change", { bubbles: true }));
      });
    }

    attributeChangedCallback(name, _old, value) {
      if (name === "value") {
        if (value !== null && value !== this._area.value) this._area.value = value;
      } else if (name === "label") {
        this._label.textContent = value || "";
      } else if (name === "placeholder") {
        this._area.placeholder = value || "";
      } else if (name === "disabled") {
        this._area.disabled = value !== null;
      }
    }

    get value() { return this._area.value; }
    set value(text) { this._area.value = text == null ? "" : String(text); }
    focus() { this._area.focus(); }
  }

  class KatRadiobutton extends HTMLElement {
    static get observedAttributes() { return ["checked", "label", "value", "name"]; }

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      root.innerHTML = `
        <style>${BASE_CSS}
          :host { display: flex; margin: 4px 0; cursor: pointer; }
          label { display: flex; align-items: center; gap: 8px; cursor: pointer; }
          input { accent-color: #008296; width: 16px; height: 16px; margin: 0; cursor: pointer; }
        </style>
        <label part="label"><input part="input" type="radio"><span></span></label>`;
      this._input = root.querySelector("input");
      this._text = root.querySelector("span");
      this._input.addEventListener("change", () => this.select());
      this.addEventListener("click", () => this.select());  // anywhere on the row selects it
    }

    attributeChangedCallback(name, _old, value) {
      if (name === "checked") this._input.checked = value !== null;
      else if (name === "label") this._text.textContent = value || "";
      else if (name === "name") this._input.name = value || "";
      else if (name === "value") this._input.value = value || "";
    }

    get checked() { return this.hasAttribute("checked"); }
    get value() { return this.getAttribute("value"); }

    // Selecting one unchecks the others of its group; `checked` is reflected as an attribute so
    // the page (and the extension) can read the reason with [checked].
    select() {
      const name = this.getAttribute("name");
      for (const other of document.querySelectorAll(`kat-radiobutton[name="${CSS.escape(name || "")}"]`)) {
        if (other !== this) other.removeAttribute("checked");
      }
      if (!this.checked) {
        this.setAttribute("checked", "");
        this.dispatchEvent(new Event("change", { bubbles: true }));
      }
    }
  }

  class KatButton extends HTMLElement {
    static get observedAttributes() { return ["label", "disabled", "variant"]; }

    constructor() {
      super();
      const root = this.attachShadow({ mode: "open" });
      root.innerHTML = `
        <style>${BASE_CSS}
          :host { display: inline-block; }
          button { font: 700 14px/1 "Amazon Ember", Arial, sans-serif; padding: 10px 22px;
            border-radius: 4px; cursor: pointer; border: 1px solid #8d9096; background: #fff; color: #0f1111; }
          :host([variant="primary"]) button { background: #008296; border-color: #00707f; color: #fff; }
          :host([variant="primary"]) button:hover { background: #00707f; }
          :host([variant="secondary"]) button { background: #ff9900; border-color: #e88b00; color: #0f1111; }
          button:disabled { opacity: .55; cursor: default; }
        </style>
        <button part="button" type="button"></button>`;
      this._button = root.querySelector("button");
      // A disabled button swallows the click before the page sees it.
      this.addEventListener("click", (event) => {
        if (this.hasAttribute("disabled")) event.stopImmediatePropagation();
      }, true);
    }

    attributeChangedCallback(name, _old, value) {
      if (name === "label") this._button.textContent = value || "";
      else if (name === "disabled") this._button.disabled = value !== null;
    }
  }

  customElements.define("kat-textarea", KatTextarea);
  customElements.define("kat-radiobutton", KatRadiobutton);
  customElements.define("kat-button", KatButton);
})();
