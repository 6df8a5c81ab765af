// Light or dark, as the person's system asks (static/css/tokens.css): tell Bootstrap, whose components read
// data-bs-theme. Loaded in <head> without defer, so the page is drawn once, in the right colours. Without
// script the tokens still follow the system; only Bootstrap's own components stay light.
(function () {
  "use strict";
  var dark = window.matchMedia ? window.matchMedia("(prefers-color-scheme: dark)") : null;
  function apply() {
    document.documentElement.setAttribute("data-bs-theme", dark && dark.matches ? "dark" : "light");
  }
  apply();
  if (dark && dark.addEventListener) {
    dark.addEventListener("change", apply);
  }
})();
