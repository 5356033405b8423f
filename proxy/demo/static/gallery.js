// The gallery's filters: show the cards of one family, rule or language. The cards are
// rendered by the server; this only hides the others and says how many are shown. The
// choice is kept in the URL (?rule=C204&lang=de) so a trainer can link to a selection.
(() => {
  "use strict";
  const form = document.querySelector("form.filters");
  const cards = Array.from(document.querySelectorAll("article.card"));
  const shown = form.querySelector("output.shown");

  function apply() {
    const want = Object.fromEntries(new FormData(form));
    let count = 0;
    for (const card of cards) {
      const match = (!want.family || card.dataset.family === want.family) &&
        (!want.rule || card.dataset.rule === want.rule) &&
        (!want.lang || card.dataset.lang === want.lang);
      card.hidden = !match;
      if (match) count += 1;
    }
    shown.textContent = `${count} of ${cards.length} shown`;
    const query = new URLSearchParams(Object.entries(want).filter(([, v]) => v));
    history.replaceState(null, "", query.toString() ? `?${query}` : location.pathname);
  }

  const initial = new URLSearchParams(location.search);
  for (const name of ["family", "rule", "lang"]) {
    if (initial.get(name)) form.elements[name].value = initial.get(name);
  }
  form.addEventListener("change", apply);
  form.addEventListener("submit", (event) => event.preventDefault());
  apply();
})();
