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

// 2. What was typed when the session ended, offered back after signing in again (accounts/kept_typing.py puts
//    it in the page's "kept-typing" data island, once). The form is only filled: the person checks it and saves.
(() => {
  const island = document.getElementById("kept-typing");
  if (!island) return;
  const { action, fields } = JSON.parse(island.textContent);
  const form = [...document.forms].find(
    (candidate) => candidate.method === "post" && new URL(candidate.action, location.href).pathname === action,
  );
  if (!form) return;
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
  if (first) first.focus();
})();
