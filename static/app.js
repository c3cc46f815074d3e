import { initAll } from "./govuk-frontend/govuk-frontend.min.js";

initAll();
enhancePersonPickers(document);

// htmx swaps in new markup: start GOV.UK components inside it too.
document.body.addEventListener("htmx:afterSettle", (event) => {
  initAll({ scope: event.detail.elt });
  enhancePersonPickers(event.detail.elt);
});

// People pickers (PersonSelect in bexley_qa/forms.py): GOV.UK's accessible autocomplete over the
// select the server sent, searching each person's name, job title, team and service as you type.
// A long list is not sent: the select has a data-search address instead, asked as the user types
// (bexley_qa/people/pickers.py), and only the latest answer is shown.
// The select stays in the form, hidden, and carries the choice; typing something that is not a
// person clears it, so the server says "Choose ..." rather than keeping an earlier choice.
function escapeHtml(text) {
  const span = document.createElement("span");
  span.textContent = text;
  return span.innerHTML;
}
function enhancePersonPickers(scope) {
  if (!window.accessibleAutocomplete) return;
  scope.querySelectorAll('select[data-module="app-person-picker"]').forEach((select) => {
    if (select.dataset.enhanced) return;
    select.dataset.enhanced = "true";
    const people = [...select.options]
      .filter((option) => option.value)
      .map((option) => ({
        value: option.value,
        name: option.dataset.name || option.textContent,
        detail: option.dataset.detail || "",
      }));
    const chosen = people.find((person) => person.value === select.value);
    const searchUrl = select.dataset.search;
    let asked = 0;
    const choose = (person) => {
      if (![...select.options].some((option) => option.value === person.value)) {
        select.add(new Option(person.name, person.value));
      }
      if (!people.some((each) => each.value === person.value)) people.push(person);
      select.value = person.value;
    };
    const searchLocally = (query, populate) => {
      const words = query.toLowerCase().split(/\s+/).filter(Boolean);
      populate(people.filter((person) => {
        const text = `${person.name} ${person.detail}`.toLowerCase();
        return words.every((word) => text.includes(word));
      }));
    };
    const searchServer = (query, populate) => {
      const mine = ++asked;
      // Ask once the typing pauses (150 ms), and show only the latest answer.
      setTimeout(() => { if (mine === asked) ask(query, populate, mine); }, 150);
    };
    const ask = (query, populate, mine) => {
      fetch(`${searchUrl}&q=${encodeURIComponent(query)}`, {
        credentials: "same-origin",
        headers: { Accept: "application/json" },
      })
        .then((response) => (response.ok ? response.json() : { people: [] }))
        .then((answer) => { if (mine === asked) populate(answer.people); })
        .catch(() => { if (mine === asked) populate([]); });
    };
    const id = select.id;
    const describedBy = (select.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
    const element = document.createElement("div");
    element.className = "app-person-picker";
    select.parentNode.insertBefore(element, select);
    select.style.display = "none";
    select.id = `${id}-select`;
    window.accessibleAutocomplete({
      element,
      id,
      name: "",
      defaultValue: chosen ? chosen.name : "",
      showAllValues: true,
      required: select.required,
      source: searchUrl ? searchServer : searchLocally,
      templates: {
        inputValue: (person) => (person ? person.name : ""),
        suggestion: (person) => (typeof person === "string" ? escapeHtml(person)
          : `${escapeHtml(person.name)}<span class="app-person-picker__detail">${escapeHtml(person.detail)}</span>`),
      },
      onConfirm: (person) => {
        const input = document.getElementById(id);
        if (person) {
          choose(person);
        } else if (input && !people.some((p) => p.value === select.value && p.name === input.value)) {
          select.value = "";
        }
      },
      tNoResults: () => "No one with that name, job title, team or service",
    });
    const input = document.getElementById(id);
    // The field's hint and error message describe the new input as they did the select; the
    // autocomplete sets its own hint there while the input is empty, so add them back each time.
    const keepDescribed = () => {
      const ids = (input.getAttribute("aria-describedby") || "").split(/\s+/).filter(Boolean);
      const missing = describedBy.filter((each) => !ids.includes(each));
      if (missing.length) input.setAttribute("aria-describedby", [...ids, ...missing].join(" "));
    };
    new MutationObserver(keepDescribed).observe(input, { attributes: true, attributeFilter: ["aria-describedby"] });
    keepDescribed();
    input.addEventListener("input", () => {
      if (!input.value) select.value = "";
    });
  });
}

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
    if (!form.hasAttribute("data-hx-post") || !savesInFlight.get(form)) return;
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

// The session ends after some idle minutes (every request renews it, autosaves included, in any
// tab). Before it does, a modal dialog warns and offers "Stay signed in" (the GOV.UK/HMRC timeout
// pattern): focus moves into it and stays there; Escape or the button keeps the session; at the end
// the person is signed out and told why. Tabs share the time of the last request (localStorage),
// so working in one tab keeps the others from warning or signing out.
const timeoutDialog = document.getElementById("timeout-dialog");
if (timeoutDialog) {
  const idleMs = Number(timeoutDialog.dataset.idleSeconds) * 1000;
  const warningMs = Number(timeoutDialog.dataset.warningSeconds) * 1000;
  const countdown = timeoutDialog.querySelector(".app-timeout-countdown");
  const announcement = document.getElementById("timeout-announcement");
  const keepAlive = document.getElementById("timeout-keep-alive");
  const signOut = document.getElementById("timeout-sign-out");
  const SHARED = "cca-last-activity";
  let lastActivity = Date.now();
  let warnTimer = null;
  let tickTimer = null;
  let announced = "";

  const shared = () => {
    try {
      return Number(window.localStorage.getItem(SHARED)) || 0;
    } catch {
      return 0;
    }
  };
  const touch = () => {
    lastActivity = Math.max(Date.now(), shared());
    try {
      window.localStorage.setItem(SHARED, String(lastActivity));
    } catch {
      // No storage (a locked-down browser): this tab keeps its own time.
    }
  };
  const words = (seconds) => {
    if (seconds >= 60) {
      const minutes = Math.ceil(seconds / 60);
      return `${minutes} minute${minutes === 1 ? "" : "s"}`;
    }
    return `${seconds} second${seconds === 1 ? "" : "s"}`;
  };
  const schedule = () => {
    clearTimeout(warnTimer);
    warnTimer = setTimeout(warn, Math.max(0, idleMs - warningMs - (Date.now() - lastActivity)));
  };
  const renewedElsewhere = () => {
    // Another tab made a request since: the session is younger than this tab thinks.
    if (shared() <= lastActivity) return false;
    lastActivity = shared();
    clearTimeout(tickTimer);
    if (timeoutDialog.open) timeoutDialog.close();
    schedule();
    return true;
  };
  const tick = () => {
    if (renewedElsewhere()) return;
    const left = Math.max(0, Math.round((lastActivity + idleMs - Date.now()) / 1000));
    // Sign out a moment early: the server's clock for the session started a little before ours.
    if (left <= 2) {
      document.getElementById("timeout-next").disabled = false;
      signOut.submit();
      return;
    }
    countdown.textContent = words(left);
    // Screen readers hear the time left each minute, then at 30 and 10 seconds: not every second.
    const say = left > 60 ? words(left) : left > 30 ? "1 minute" : left > 10 ? "30 seconds" : "10 seconds";
    if (say !== announced) {
      announced = say;
      announcement.textContent = `You will be signed out in ${say}.`;
    }
    tickTimer = setTimeout(tick, 1000);
  };
  function warn() {
    if (renewedElsewhere()) return;
    announced = "";
    timeoutDialog.showModal();
    tick();
  }
  const stay = async () => {
    let response = null;
    try {
      response = await fetch(keepAlive.action, {
        method: "POST",
        body: new FormData(keepAlive),
        credentials: "same-origin",
        redirect: "manual",
      });
    } catch {
      response = null; // the connection: say so below, keep the dialog
    }
    if (response && (response.type === "opaqueredirect" || [401, 403].includes(response.status))) {
      // The session had already ended: say so rather than leave a page that cannot save.
      window.location.href = `${document.getElementById("timeout-next").value}`;
      return;
    }
    if (!response || response.status !== 204) {
      announcement.textContent = "We could not reach the service. Try again in a moment.";
      return;
    }
    clearTimeout(tickTimer);
    touch();
    if (timeoutDialog.open) timeoutDialog.close();
    schedule();
  };
  keepAlive.addEventListener("submit", (event) => {
    event.preventDefault();
    stay();
  });
  // Tab and Shift+Tab go round the dialog's buttons, never out to the browser's own controls.
  timeoutDialog.addEventListener("keydown", (event) => {
    if (event.key !== "Tab") return;
    const buttons = [...timeoutDialog.querySelectorAll("button")];
    const first = buttons[0];
    const last = buttons[buttons.length - 1];
    if (event.shiftKey && document.activeElement === first) {
      event.preventDefault();
      last.focus();
    } else if (!event.shiftKey && document.activeElement === last) {
      event.preventDefault();
      first.focus();
    }
  });
  timeoutDialog.addEventListener("cancel", (event) => {
    event.preventDefault(); // Escape means "stay signed in", as in the HMRC pattern
    stay();
  });
  document.body.addEventListener("htmx:afterRequest", (event) => {
    if (timeoutDialog.open || !event.detail.successful) return;
    touch();
    schedule();
  });
  window.addEventListener("storage", (event) => {
    if (event.key === SHARED) renewedElsewhere();
  });
  touch();
  schedule();
}
