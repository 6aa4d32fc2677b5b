// The theme's bootstrap.js (all of Bootstrap 5 and Popper, 24 kB gzipped) loads when a
// reader first uses what needs it, as the search index loads for a search: a header
// button's tooltip (the pointer over it or focus on it) or a dropdown menu (download,
// launch). Until then this script does the one other job bootstrap.js does on every
// page: the "Back to top" button, shown while scrolling up (below 1200 px wide;
// sphinx-book-theme hides it on wider screens). The build removes the theme's
// bootstrap.js tags (book/sphinxext/lean.py).
(function () {
  "use strict";
  var loading = null;

  function source() {
    // next to the theme's own script, with the same ?digest= cache key
    var theme = document.querySelector('script[src*="scripts/pydata-sphinx-theme.js"]');
    if (theme) return theme.src.replace("pydata-sphinx-theme.js", "bootstrap.js");
    var root = document.documentElement.getAttribute("data-content_root") || "";
    return root + "_static/scripts/bootstrap.js";
  }

  function load() {
    if (!loading) {
      loading = new Promise(function (resolve, reject) {
        var script = document.createElement("script");
        script.src = source();
        script.onload = resolve;
        script.onerror = reject;
        document.head.appendChild(script);
      });
    }
    return loading;
  }

  function closest(event, selector) {
    var target = event.target;
    return target && target.closest ? target.closest(selector) : null;
  }

  // Bootstrap makes every tooltip when it loads; show the one in use now.
  function tooltip(event) {
    var element = closest(event, '[data-bs-toggle="tooltip"]');
    if (!element || window.bootstrap) return;
    load().then(function () {
      var tip = window.bootstrap.Tooltip.getInstance(element);
      if (tip && (element.matches(":hover") || element === document.activeElement)) {
        tip.show();
      }
    });
  }

  // The first click (or arrow key) on a dropdown's button opens it once loaded.
  function dropdown(event) {
    var button = closest(event, '[data-bs-toggle="dropdown"]');
    if (!button || window.bootstrap) return;
    var arrow = event.type === "keydown" && /^Arrow(Down|Up)$/.test(event.key);
    if (event.type === "keydown" && !arrow) return;
    event.preventDefault();
    event.stopPropagation();
    load().then(function () {
      var menu = window.bootstrap.Dropdown.getOrCreateInstance(button);
      if (arrow) {
        menu.show();
        var first = button.parentElement.querySelector(".dropdown-menu .dropdown-item");
        if (first) first.focus();
      } else {
        menu.toggle();
      }
    });
  }

  // bootstrap.js's back-to-top: shown while scrolling up below the header
  function backToTop() {
    var button = document.getElementById("pst-back-to-top");
    var header = document.querySelector(".bd-header");
    if (!button || !header) return;
    button.addEventListener("click", function () {
      document.body.scrollTop = 0;
      document.documentElement.scrollTop = 0;
    });
    var bottom = header.getBoundingClientRect().bottom;
    var last = window.scrollY;
    window.addEventListener(
      "scroll",
      function () {
        var up = last > window.scrollY && window.scrollY > bottom;
        button.style.display = up ? "block" : "none";
        last = window.scrollY;
      },
      { passive: true }
    );
  }

  document.addEventListener("pointerover", tooltip, true);
  document.addEventListener("focusin", tooltip, true);
  document.addEventListener("click", dropdown, true);
  document.addEventListener("keydown", dropdown, true);
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", backToTop);
  } else {
    backToTop();
  }
})();
