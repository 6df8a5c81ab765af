// The audit log's person and client filters: each a type-ahead, an ARIA combobox with a listbox popup.
// htmx POSTs the text typed (with the CSRF token of the field's own form) and puts the matches in the list,
// and their count in a live region; this script moves through them with the arrow keys, chooses with Enter
// or a click, closes with Escape, and puts the chosen id in the filter's hidden field. Without JavaScript the
// field's "Find" button posts the text and answers with a page of links. No inline script anywhere (CSP).
document.addEventListener("DOMContentLoaded", () => {
  const boxes = [...document.querySelectorAll("[data-audit-search]")];
  for (const box of boxes) {
    const input = box.querySelector("[role=combobox]");
    const list = box.querySelector("[role=listbox]");
    const hidden = box.querySelector("input[type=hidden]");
    const status = box.querySelector("[role=status]");
    const unchosen = box.querySelector("[data-unchosen]");
    box.querySelector("[data-search-find]").hidden = true;
    let chosenText = input.value;
    let active = -1;

    const options = () => [...list.querySelectorAll("[role=option]")];
    const setActive = (index) => {
      active = index;
      options().forEach((option, i) => {
        option.classList.toggle("active", i === index);
        option.setAttribute("aria-selected", String(i === index));
        if (i === index) option.scrollIntoView({ block: "nearest" });
      });
      if (index >= 0) input.setAttribute("aria-activedescendant", options()[index].id);
      else input.removeAttribute("aria-activedescendant");
    };
    const open = (shown) => {
      list.hidden = !shown;
      input.setAttribute("aria-expanded", String(shown));
      if (!shown) setActive(-1);
    };
    const choose = (option) => {
      hidden.value = option.dataset.value;
      input.value = chosenText = option.textContent;
      input.classList.remove("is-invalid");
      unchosen.hidden = true;
      open(false);
      status.textContent = "";
    };

    list.addEventListener("htmx:afterSwap", () => {
      open(options().length > 0 && document.activeElement === input);
    });
    list.addEventListener("mousedown", (event) => event.preventDefault()); // keep the focus in the text box
    list.addEventListener("click", (event) => {
      const option = event.target.closest("[role=option]");
      if (option) choose(option);
    });
    input.addEventListener("input", () => {
      if (input.value !== chosenText) hidden.value = ""; // changing the text undoes the choice
      unchosen.hidden = true;
      if (!input.value.trim()) {
        chosenText = "";
        open(false);
      }
    });
    input.addEventListener("focus", () => open(options().length > 0 && input.value !== chosenText));
    input.addEventListener("blur", () => open(false));
    input.addEventListener("keydown", (event) => {
      const count = options().length;
      if (event.key === "ArrowDown" || event.key === "ArrowUp") {
        event.preventDefault();
        if (!count) return;
        open(true);
        const step = event.key === "ArrowDown" ? 1 : -1;
        setActive(active < 0 && step < 0 ? count - 1 : (active + step + count) % count);
      } else if (event.key === "Enter") {
        // Not the field's own form (the no-JavaScript search): a chosen option, or else the filter itself.
        event.preventDefault();
        if (!list.hidden && active >= 0) choose(options()[active]);
        else input.closest("form").requestSubmit();
      } else if (event.key === "Escape") {
        if (!list.hidden) {
          event.preventDefault();
          open(false);
        } else if (input.value) {
          event.preventDefault();
          input.value = chosenText = hidden.value = "";
        }
      }
    });
  }

  // A name typed but not chosen would filter by no one: say so instead of showing everyone's events.
  const filter = document.querySelector("[data-audit-filter]");
  filter?.addEventListener("submit", (event) => {
    for (const box of boxes) {
      const input = box.querySelector("[role=combobox]");
      if (input.value.trim() && !box.querySelector("input[type=hidden]").value) {
        event.preventDefault();
        input.classList.add("is-invalid");
        box.querySelector("[data-unchosen]").hidden = false;
        input.focus();
        return;
      }
    }
  });
});
