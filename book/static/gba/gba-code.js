// One code switch per chapter. A chapter hides the input of some cells (tag
// hide-input: a later chart that calls a builder taught earlier); myst-nb gives each
// a "Show code cell source" bar. This script puts one button under the chapter
// title that opens or closes all of them at once; each cell keeps a small toggle of
// its own (restyled in gba-outputs.css). Without JavaScript the per-cell toggles
// still work, and the cells that are not hidden are never touched.
(function () {
  "use strict";
  function hiddenCells() {
    return Array.prototype.slice.call(
      document.querySelectorAll("div.cell.tag_hide-input > details.hide")
    );
  }

  function allOpen(cells) {
    return cells.every(function (cell) { return cell.open; });
  }

  function update(button, cells) {
    var n = cells.length;
    var cellsWord = n === 1 ? "1 cell" : n + " cells";
    button.textContent = allOpen(cells)
      ? "Hide code (" + cellsWord + ")"
      : "Show all code (" + cellsWord + " hidden)";
  }

  function place(line) {
    var runLinks = document.querySelector("article p.gba-run-links");
    var title = document.querySelector("article h1");
    var after = runLinks || title;
    if (!after) return false;
    after.parentNode.insertBefore(line, after.nextSibling);
    return true;
  }

  function ready() {
    var cells = hiddenCells();
    if (!cells.length) return;
    var line = document.createElement("p");
    line.className = "gba-code-switch-line";
    var button = document.createElement("button");
    button.type = "button";
    button.className = "gba-code-switch";
    line.appendChild(button);
    if (!place(line)) return;
    update(button, cells);
    button.addEventListener("click", function () {
      var open = !allOpen(cells);
      cells.forEach(function (cell) { cell.open = open; });
      update(button, cells);
    });
    cells.forEach(function (cell) {
      cell.addEventListener("toggle", function () { update(button, cells); });
    });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
})();
