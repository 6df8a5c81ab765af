// Small enhancements only; every page works without script. No inline script anywhere (CSP).
document.addEventListener("htmx:afterSwap", (event) => {
  // After htmx replaces part of a page, move focus to the new content's heading, if it has one.
  const heading = event.detail.target.querySelector("h1, h2, h3");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
});

// What a change made in place says (templates/includes/live_status.html) shows as a toast for a few seconds; the
// region is then emptied (an emptied region is not read out).
(() => {
  const SHOWN_FOR = 6000; // milliseconds
  let timer;
  document.addEventListener("htmx:oobAfterSwap", () => {
    clearTimeout(timer);
    timer = setTimeout(() => {
      const region = document.getElementById("live-status");
      if (region) region.textContent = "";
    }, SHOWN_FOR);
  });
})();

// A print button on printable pages (shown only when script runs; browsers' own print works anyway).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});

// Gentle suggestions for stigmatizing words in free text: never blocking, announced politely.
// The list comes from clients/person_first_terms.py through the page's "language-terms" data island.
(() => {
  const island = document.getElementById("language-terms");
  if (!island) return;
  const { prefix, terms } = JSON.parse(island.textContent);
  const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
  const patterns = terms.map(([term, suggestion]) => ({
    term,
    suggestion,
    pattern: new RegExp(`(?<![\\p{L}\\p{N}_])${escape(term)}(?![\\p{L}\\p{N}_])`, "iu"),
  }));
  const hintFor = (field) => {
    let hint = field.parentElement.querySelector(":scope > .language-hint");
    if (!hint) {
      hint = document.createElement("div");
      hint.className = "language-hint form-text";
      hint.id = `${field.id}-language-hint`;
      hint.setAttribute("aria-live", "polite");
      field.insertAdjacentElement("afterend", hint);
      const described = field.getAttribute("aria-describedby");
      field.setAttribute("aria-describedby", described ? `${described} ${hint.id}` : hint.id);
    }
    return hint;
  };
  const check = (field) => {
    const found = patterns.filter(({ pattern }) => pattern.test(field.value));
    const hint = hintFor(field);
    hint.textContent = found
      .map(({ term, suggestion }) => prefix.replace("%(term)s", term).replace("%(suggestion)s", suggestion))
      .join(" ");
  };
  let timer;
  document.addEventListener("input", (event) => {
    const field = event.target;
    if (!(field instanceof HTMLTextAreaElement) || !field.hasAttribute("data-language-check")) return;
    clearTimeout(timer);
    timer = setTimeout(() => check(field), 400);
  });
})();

// A questionnaire's safety item (the PHQ-9's item 9): an answer above "not at all" shows, at once and under the
// question, the crisis lines and the way to the safety plan. Without script they show after the answers are saved.
document.addEventListener("DOMContentLoaded", () => {
  for (const form of document.querySelectorAll("form[data-safety-item]")) {
    const support = form.querySelector(".js-safety-support");
    const radios = form.querySelectorAll(`input[name="${form.dataset.safetyItem}"]`);
    if (!support || !radios.length) continue;
    const update = () => {
      const chosen = form.querySelector(`input[name="${form.dataset.safetyItem}"]:checked`);
      support.hidden = !chosen || Number(chosen.value) <= 0;
    };
    for (const radio of radios) radio.addEventListener("change", update);
    update();
  }
});
