// Leaving a page with unsaved clinical text asks first (issue 20). Guarded: every form holding a textarea, and
// any form marked data-unsaved-guard; data-unsaved-guard="off" opts a form out. Submitting a form clears it.
(() => {
  const changed = new Set();
  const guarded = (form) =>
    form instanceof HTMLFormElement &&
    form.dataset.unsavedGuard !== "off" &&
    (form.dataset.unsavedGuard !== undefined || form.querySelector("textarea") !== null);
  const mark = (event) => {
    const form = event.target.form;
    if (guarded(form)) changed.add(form);
  };
  document.addEventListener("input", mark);
  document.addEventListener("change", mark);
  document.addEventListener("submit", (event) => changed.delete(event.target), true);
  window.addEventListener("beforeunload", (event) => {
    for (const form of changed) {
      if (!document.contains(form)) changed.delete(form); // replaced by htmx: nothing left to lose
    }
    if (changed.size === 0) return;
    event.preventDefault();
    event.returnValue = ""; // older browsers need a value to show their own "Leave site?" question
  });
})();
