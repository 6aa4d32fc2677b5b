/* Draw every chart of the page with the Vega libraries served by the site itself.
 * Each <figure class="gba-chart"> holds its Vega-Lite spec as inert JSON. Written for
 * the Greater Bay Area innovation book; no network access is needed. */
(function () {
  "use strict";
  var OPTIONS = {
    renderer: "svg",
    actions: { export: true, source: false, compiled: false, editor: false },
  };

  function fail(figure, view, message) {
    figure.classList.add("gba-chart-failed");
    view.textContent = message + " The data table below has the same figures.";
  }

  function draw(figure) {
    if (figure.dataset.drawn) return;
    figure.dataset.drawn = "1";
    var view = figure.querySelector(".gba-chart-view");
    var source = figure.querySelector("script.gba-chart-spec");
    if (!view || !source) return;
    if (typeof window.vegaEmbed !== "function") {
      fail(figure, view, "The chart library did not load.");
      return;
    }
    var spec;
    try {
      spec = JSON.parse(source.textContent);
    } catch (err) {
      fail(figure, view, "The chart data could not be read.");
      return;
    }
    window.vegaEmbed(view, spec, OPTIONS).then(function (result) {
      figure.classList.add("gba-chart-ready");
      figure.gbaView = result.view;
    }).catch(function (err) {
      fail(figure, view, "This chart could not be drawn (" + err.message + ").");
      console.error(err);
    });
  }

  function drawAll() {
    document.querySelectorAll("figure.gba-chart").forEach(draw);
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
