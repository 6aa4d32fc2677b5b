// Make the sidebar buttons work (Jupyter Book 1's theme pair, pydata-sphinx-theme
// 0.17 and sphinx-book-theme 1.3). Both themes wire their toggles to the *first*
// .primary-toggle / .secondary-toggle in the page: a navbar button the book theme
// hides. The buttons a reader sees (the menu and "contents" in the article header)
// were left without a handler: on a phone the navigation drawer never opened, and on
// a desktop the menu did not hide the sidebar. Forward their clicks to the wired one.
(function () {
  "use strict";
  function forward(selector) {
    var all = Array.prototype.slice.call(document.querySelectorAll(selector));
    var wired = all[0];
    all.slice(1).forEach(function (button) {
      button.addEventListener("click", function (event) {
        event.preventDefault();
        event.stopPropagation();
        wired.click();
      });
    });
  }
  function ready() {
    forward(".primary-toggle");
    forward(".secondary-toggle");
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
