// The clinic's time-zone picker: a search box above the grouped list (progressive enhancement; the list
// works without it, and typing a letter in a list already jumps). Texts come from the select's data-* attributes,
// translated on the server. No inline script anywhere (CSP).
document.addEventListener("DOMContentLoaded", () => {
  for (const select of document.querySelectorAll("select[data-zone-picker]")) {
    const search = document.createElement("input");
    search.type = "search";
    search.id = `${select.id}-search`;
    search.className = "form-control mb-2";
    search.autocomplete = "off";
    search.setAttribute("aria-controls", select.id);
    const label = document.createElement("label");
    label.htmlFor = search.id;
    label.className = "form-label";
    label.textContent = select.dataset.searchLabel;
    const hint = document.createElement("div");
    hint.id = `${search.id}-hint`;
    hint.className = "form-text mb-1";
    hint.textContent = select.dataset.searchHint;
    const count = document.createElement("div");
    count.className = "visually-hidden";
    count.setAttribute("aria-live", "polite");
    search.setAttribute("aria-describedby", hint.id);
    select.before(label, hint, search, count);

    const options = [...select.options].map((option) => ({
      option,
      text: `${option.value} ${option.textContent}`.toLowerCase().replaceAll("_", " "),
    }));
    let timer;
    search.addEventListener("input", () => {
      clearTimeout(timer);
      timer = setTimeout(() => {
        const words = search.value.toLowerCase().split(/\s+/).filter(Boolean);
        let shown = 0;
        const seen = new Set();
        for (const { option, text } of options) {
          // The country's zones appear twice (first group and region): count each zone once.
          const match = option.selected || words.every((word) => text.includes(word));
          option.hidden = !match;
          if (match && !option.selected && !seen.has(option.value)) shown += 1;
          seen.add(option.value);
        }
        for (const group of select.querySelectorAll("optgroup")) {
          group.hidden = ![...group.children].some((option) => !option.hidden);
        }
        count.textContent = words.length ? select.dataset.searchCount.replace("%(count)s", shown) : "";
      }, 250);
    });
    // Enter in the search box moves to the list rather than saving the form.
    search.addEventListener("keydown", (event) => {
      if (event.key === "Enter") {
        event.preventDefault();
        select.focus();
      }
    });
  }
});
