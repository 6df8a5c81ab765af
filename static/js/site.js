// Small enhancements only; every page works without script. No inline script anywhere (CSP).
document.addEventListener("htmx:afterSwap", (event) => {
  // After htmx replaces part of a page, move focus to the new content's heading, if it has one.
  const heading = event.detail.target.querySelector("h1, h2, h3");
  if (heading) {
    heading.setAttribute("tabindex", "-1");
    heading.focus();
  }
});

// A print button on printable pages (shown only when script runs; browsers' own print works anyway).
document.addEventListener("DOMContentLoaded", () => {
  for (const button of document.querySelectorAll(".js-print")) {
    button.hidden = false;
    button.addEventListener("click", () => window.print());
  }
});
