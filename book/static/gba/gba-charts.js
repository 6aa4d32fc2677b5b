/* Draw every chart of the page with the Vega libraries served by the site itself.
 * Each <figure class="gba-chart"> holds its spec as inert JSON: Vega, compiled at build
 * time (data-mode="vega"), or Vega-Lite compiled here (data-mode="vega-lite"). Written for
 * the Greater Bay Area innovation book; no network access is needed. */
(function () {
  "use strict";
  function options(figure) {
    return {
      mode: figure.dataset.mode === "vega" ? "vega" : "vega-lite",
      renderer: "svg",
      actions: { export: true, source: false, compiled: false, editor: false },
    };
  }

  function csvCell(value) {
    if (value === null || value === undefined) return "";
    var text = String(value);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  /* A link under the chart that downloads the chart's data as CSV (built in the
   * browser from the spec: no request leaves the page). */
  function mainRows(figure, spec) {
    var wanted = figure.dataset.dataset;
    if (Array.isArray(spec.data)) {  // Vega: named data sets with inline values
      var withValues = spec.data.filter(function (d) { return Array.isArray(d.values); });
      var match = withValues.filter(function (d) { return d.name === wanted; })[0];
      return (match || withValues[0] || {}).values;
    }
    var datasets = spec.datasets || {};
    var name = wanted || (spec.data && spec.data.name);
    return (name && datasets[name]) || datasets[Object.keys(datasets)[0]];
  }

  function addDownload(figure, spec) {
    var rows = mainRows(figure, spec);
    if (!rows || !rows.length) return;
    var fields = Object.keys(rows[0]);
    var lines = [fields.map(csvCell).join(",")];
    rows.forEach(function (row) {
      lines.push(fields.map(function (f) { return csvCell(row[f]); }).join(","));
    });
    var blob = new Blob(["\ufeff" + lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
    var link = document.createElement("a");
    link.className = "gba-chart-download";
    link.href = URL.createObjectURL(blob);
    link.download = (figure.dataset.chart || "chart") + ".csv";
    link.textContent = "Download the data (CSV)";
    var details = figure.querySelector("details.gba-chart-details");
    if (details) {
      details.parentNode.insertBefore(link, details.nextSibling);
    }
  }

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
    addDownload(figure, spec);
    window.vegaEmbed(view, spec, options(figure)).then(function (result) {
      // vega-embed's action menu opens with an icon only: give it a name
      var summary = view.querySelector("details > summary");
      if (summary) summary.setAttribute("aria-label", "Chart actions: save as PNG or SVG");
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
