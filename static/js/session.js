// Typing is never lost (issue 20). No inline script anywhere (CSP): everything here reads data attributes.

// 1. "Stay signed in": two minutes before the idle limit, a warning takes focus and is read out; its button
//    asks the server to restart the idle clock. The seconds left come from <body data-session-seconds-left>.
(() => {
  const body = document.body;
  const warning = document.querySelector("[data-session-warning]");
  if (!warning || body.dataset.sessionSecondsLeft === undefined) return;
  const WARN_BEFORE = 120; // seconds
  const soon = warning.querySelector("[data-session-warning-soon]");
  const ended = warning.querySelector("[data-session-warning-ended]");
  const stay = warning.querySelector("[data-session-stay]");
  let warnTimer;
  let endTimer;
  let returnFocus = null;

  const show = () => {
    if (!warning.hidden) return;
    returnFocus = document.activeElement;
    warning.hidden = false;
    warning.focus();
  };
  const hide = () => {
    warning.hidden = true;
    if (returnFocus && document.contains(returnFocus)) returnFocus.focus();
    returnFocus = null;
  };
  const showSoon = () => {
    soon.hidden = false;
    ended.hidden = true;
    stay.hidden = false;
    show();
  };
  const showEnded = () => {
    soon.hidden = true;
    ended.hidden = false;
    stay.hidden = true;
    show();
  };
  const schedule = (seconds) => {
    clearTimeout(warnTimer);
    clearTimeout(endTimer);
    warnTimer = setTimeout(showSoon, Math.max(0, seconds - WARN_BEFORE) * 1000);
    endTimer = setTimeout(showEnded, Math.max(0, seconds) * 1000);
  };

  stay.addEventListener("click", async () => {
    try {
      const response = await fetch(body.dataset.keepAliveUrl, {
        method: "POST",
        headers: { "X-CSRFToken": body.dataset.csrfToken },
        credentials: "same-origin",
        redirect: "manual", // a login redirect means the session has already ended
      });
      if (!response.ok) throw new Error("signed out");
      const { seconds_left: secondsLeft } = await response.json();
      hide();
      schedule(secondsLeft);
    } catch {
      showEnded();
    }
  });
  warning.addEventListener("keydown", (event) => {
    if (event.key === "Escape") hide();
  });
  schedule(Number(body.dataset.sessionSecondsLeft));
})();

// The POST form of this page whose address is `action` (a path).
const formPostingTo = (action) =>
  [...document.forms].find(
    (candidate) => candidate.method === "post" && new URL(candidate.action, location.href).pathname === action,
  );

// Fill a form from {name: [values]}: only filled, never sent; the person checks it and saves. Returns the first
// visible field filled, for the focus.
const fillForm = (form, fields) => {
  const used = {};
  let first = null;
  for (const element of form.elements) {
    const { name, type } = element;
    if (!name || name === "csrfmiddlewaretoken" || type === "file" || type === "password") continue;
    const values = fields[name] || [];
    if (type === "checkbox" || type === "radio") {
      element.checked = values.includes(element.value);
    } else if (element instanceof HTMLSelectElement) {
      for (const option of element.options) option.selected = values.includes(option.value);
    } else if (name in fields && type !== "submit" && type !== "button") {
      used[name] = (used[name] || 0) + 1;
      element.value = values[used[name] - 1] ?? "";
      if (!first && type !== "hidden") first = element;
    } else {
      continue;
    }
    element.dispatchEvent(new Event("input", { bubbles: true })); // word hints and the unsaved-changes guard
  }
  return first;
};

// 2. What was typed when the session ended, offered back after signing in again (accounts/kept_typing.py puts
//    it in the page's "kept-typing" data island, once).
(() => {
  const island = document.getElementById("kept-typing");
  if (!island) return;
  const { action, fields } = JSON.parse(island.textContent);
  const form = formPostingTo(action);
  if (!form) return;
  const first = fillForm(form, fields);
  if (first) first.focus();
})();

// 3. Drafts on the server (issue 23, clients/drafts.py): a form with drafts is saved a few seconds after a change,
//    and as the page is hidden or closed; a draft kept from before is filled back in (unless the kept typing of
//    section 2 already was: it is newer). Saving the form deletes the draft on the server.
(() => {
  const island = document.getElementById("form-draft");
  if (!island) return;
  const { page, url, fields, failed } = JSON.parse(island.textContent);
  const form = formPostingTo(page);
  if (!form) return;
  if (fields && !document.getElementById("kept-typing")) {
    fillForm(form, fields);
    const notice = document.querySelector("[data-draft-notice]");
    if (notice) notice.hidden = false;
  }
  const status = document.createElement("p");
  status.className = "draft-status small";
  status.dataset.draftStatus = "";
  form.append(status);
  const SAVE_AFTER = 3000; // milliseconds after the first change not yet saved
  let timer = null;
  let dirty = false;
  let submitting = false;
  const body = () => {
    const data = new FormData(form);
    data.set("draft_page", page);
    return data;
  };
  const save = async () => {
    clearTimeout(timer);
    timer = null;
    if (!dirty || submitting) return;
    dirty = false;
    try {
      const response = await fetch(url, {
        method: "POST",
        body: body(),
        credentials: "same-origin",
        redirect: "manual", // a login redirect means the session has ended: section 2 keeps the typing then
      });
      if (!response.ok) throw new Error("not saved");
      status.textContent = (await response.json()).said;
    } catch {
      dirty = true;
      status.textContent = failed;
    }
  };
  const changed = (event) => {
    if (event.target.form !== form) return;
    dirty = true;
    if (!timer) timer = setTimeout(save, SAVE_AFTER);
  };
  document.addEventListener("input", changed);
  document.addEventListener("change", changed);
  form.addEventListener("submit", () => {
    submitting = true;
    dirty = false; // what is sent is saved with the form, or comes back to be changed
    clearTimeout(timer);
  });
  // Sent with htmx (the check-in): fields back with what needs a change mean drafts go on; a saved form has none.
  form.addEventListener("htmx:afterSwap", () => {
    if (form.querySelector("textarea, input:not([type=hidden]), select")) {
      submitting = false;
      form.append(status);
    }
  });
  document.addEventListener("visibilitychange", () => {
    if (document.visibilityState === "hidden") save();
  });
  window.addEventListener("pagehide", () => {
    if (dirty && !submitting) navigator.sendBeacon(url, body());
  });
})();
