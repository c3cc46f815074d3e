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

// An autosave that did not save must never leave "Saved at ..." on the page: say so, keep what
// was typed where it is, and say what to do. (A save that was answered with the sign-in page,
// because the session ended, is not shown inside the form either.)
function notSaved(form, message) {
  const status = form.querySelector("#save-status");
  if (!status) return;
  status.className = "govuk-error-message app-save-status";
  status.setAttribute("role", "alert");
  status.textContent = message;
}
document.body.addEventListener("htmx:beforeSwap", (event) => {
  const form = event.detail.elt.closest("form");
  const signIn = new URL(event.detail.xhr.responseURL || location.href).pathname === "/sign-in/";
  if (form && signIn) {
    event.detail.shouldSwap = false;
    notSaved(form, "Not saved: you have been signed out. Copy what you typed, sign in again in a new tab, then paste it back.");
  }
});
// A save the service could not take (the database restarting, the connection lost) is tried
// again, sooner then later, for about two minutes, saying so each time; what was typed stays in
// the page. Typing again also saves. Only after that is the user asked to copy their text.
const RETRY_SECONDS = [2, 4, 8, 15, 30, 30, 30];
const retries = new WeakMap();
function retryLater(form) {
  const state = retries.get(form) || { attempt: 0, timer: null };
  clearTimeout(state.timer);
  if (state.attempt >= RETRY_SECONDS.length) {
    retries.delete(form);
    notSaved(form, "Not saved: we have not been able to reach the service for two minutes. What you typed is still here: copy it somewhere safe. It will be saved when you type again once the service is back.");
    return;
  }
  const seconds = RETRY_SECONDS[state.attempt];
  state.attempt += 1;
  notSaved(form, `Not saved yet — retrying in ${seconds} seconds. What you typed is still here.`);
  state.timer = setTimeout(() => window.htmx.trigger(form, "change"), seconds * 1000);
  retries.set(form, state);
}
document.body.addEventListener("htmx:afterRequest", (event) => {
  const form = event.detail.elt.closest("form");
  if (form && event.detail.successful && retries.has(form)) {
    clearTimeout(retries.get(form).timer);
    retries.delete(form);
  }
});
document.body.addEventListener("htmx:responseError", (event) => {
  const form = event.detail.elt.closest("form");
  if (!form) return;
  if (event.detail.xhr.status === 403) {
    notSaved(form, "Not saved: you may have been signed out, or the page is out of date. Copy what you typed, reload the page (signing in again if asked), then paste it back.");
  } else if (event.detail.xhr.status >= 500) {
    retryLater(form);
  } else {
    notSaved(form, "Not saved: something went wrong on our side. What you typed is still here: try again in a moment, or copy it somewhere safe.");
  }
});
document.body.addEventListener("htmx:sendError", (event) => {
  const form = event.detail.elt.closest("form");
  if (form) retryLater(form);
});
