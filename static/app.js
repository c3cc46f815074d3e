import { initAll } from "./govuk-frontend/govuk-frontend.min.js";

initAll();

// htmx swaps in new markup: start GOV.UK components inside it too.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
});

// Forms that save as you type (hx-post) also have real submit buttons. When one is pressed while
// an autosave is still on its way, wait for it: its answer carries the row's new version, and
// submitting the old one would be refused as a conflict with our own save.
const savesInFlight = new WeakMap();
document.body.addEventListener("htmx:beforeRequest", (event) => {
  const form = event.detail.elt.closest("form");
  if (form) savesInFlight.set(form, (savesInFlight.get(form) || 0) + 1);
});
document.body.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt.closest("form");
  if (form) savesInFlight.set(form, Math.max(0, (savesInFlight.get(form) || 0) - 1));
});
document.addEventListener(
  "submit",
  (event) => {
    const form = event.target;
    if (!form.hasAttribute("hx-post") || !savesInFlight.get(form)) return;
    event.preventDefault();
    const submitter = event.submitter;
    const submitWhenSaved = () => {
      if (savesInFlight.get(form)) {
        setTimeout(submitWhenSaved, 50);
      } else {
        form.requestSubmit(submitter);
      }
    };
    submitWhenSaved();
  },
  true,
);
