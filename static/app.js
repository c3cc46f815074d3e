import { initAll } from "./govuk-frontend/govuk-frontend.min.js";

initAll();

// htmx swaps in new markup: start GOV.UK components inside it too.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
});
