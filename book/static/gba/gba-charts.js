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

  /* Linkable views. The bound inputs of an interactive chart (selects, sliders,
   * checkboxes) are kept in the page address: ?indicator=gdp&show_zhuhai=true lists
   * the inputs that differ from the chart's defaults. Opening such an address sets
   * the inputs; a number moves to the nearest value its slider offers, and other
   * values that are not among an input's choices are ignored. A "Link to this view"
   * under the chart always points at the current view. */
  function boundSignals(spec) {
    var list = Array.isArray(spec.signals) ? spec.signals : spec.params || [];
    return list.filter(function (s) { return s.bind && s.bind.input; });
  }

  /* A number from the address, moved to the nearest value its slider offers:
   * inside [min, max] and on a step (2020.5 -> 2021; 1900 -> the first year). */
  function snap(value, bind) {
    var min = bind.min !== undefined ? bind.min : value;
    if (bind.step) value = min + Math.round((value - min) / bind.step) * bind.step;
    if (bind.min !== undefined) value = Math.max(bind.min, value);
    if (bind.max !== undefined) value = Math.min(bind.max, value);
    return value;
  }

  function parseValue(signal, text) {
    var initial = signal.value, bind = signal.bind, value;
    if (typeof initial === "boolean") {
      if (text === "true" || text === "1") value = true;
      else if (text === "false" || text === "0") value = false;
      else return undefined;
    } else if (typeof initial === "number") {
      value = Number(text);
      if (text === "" || !isFinite(value)) return undefined;
      value = snap(value, bind);
    } else {
      value = text;
    }
    if (Array.isArray(bind.options) && bind.options.indexOf(value) < 0) return undefined;
    return value;
  }

  function linkViews(figure, view, signals) {
    var given = new URLSearchParams(window.location.search);
    var changed = false;
    signals.forEach(function (s) {
      if (!given.has(s.name)) return;
      var value = parseValue(s, given.get(s.name));
      if (value !== undefined) {
        view.signal(s.name, value);
        changed = true;
      }
    });
    var link = document.createElement("a");
    link.className = "gba-chart-permalink";
    link.textContent = "Link to this view";
    var after = figure.querySelector(".gba-chart-download") ||
      figure.querySelector("details.gba-chart-details");
    if (after) after.parentNode.insertBefore(link, after.nextSibling);
    function record() {
      var query = new URLSearchParams(window.location.search);
      signals.forEach(function (s) {
        var value = view.signal(s.name);
        if (value === s.value) query.delete(s.name);
        else query.set(s.name, String(value));
      });
      // the page's own address with a new query: any path (even "//chapters/")
      // stays on this host, so replaceState never throws
      var address = new URL(window.location.href);
      address.search = query.toString();
      link.href = address.href;
      window.history.replaceState(window.history.state, "", address.href);
    }
    signals.forEach(function (s) { view.addSignalListener(s.name, record); });
    return (changed ? view.runAsync() : Promise.resolve()).then(record);
  }

  /* Charts take their width from their card. A chart is drawn at the width its
   * author chose and then narrowed to the card: the plot of a single view, the
   * panels of a concatenation (stacked in one column on a narrow screen first), or
   * the columns of a matrix (down to MIN_STEP pixels each) give up the excess
   * width, while labels, legends and axis titles keep their size. Only a matrix
   * that cannot narrow further scrolls inside its card. */
  var MIN_STEP = 16, MIN_PLOT = 100, NARROW = 560;

  function room(figure) {
    var card = figure.querySelector(".gba-chart-view");
    var style = window.getComputedStyle(card);
    return card.clientWidth - parseFloat(style.paddingLeft) -
      parseFloat(style.paddingRight);
  }

  /* Split a label into lines of at most `width` characters (at spaces). */
  function wrapText(text, width) {
    var words = String(text === null || text === undefined ? "" : text).split(/\s+/);
    var lines = [], line = "";
    words.forEach(function (word) {
      if (line && (line + " " + word).length > width) {
        lines.push(line);
        line = word;
      } else {
        line = line ? line + " " + word : word;
      }
    });
    if (line) lines.push(line);
    return lines.length > 1 ? lines : lines[0] || "";
  }
  var wrapReady = false;
  function canWrap() {  // registers gbaWrap for Vega expressions, once
    var lib = window.vega || (window.vegaEmbed && window.vegaEmbed.vega);
    if (!wrapReady && lib && lib.expressionFunction) {
      lib.expressionFunction("gbaWrap", wrapText);
      wrapReady = true;
    }
    return wrapReady;
  }

  /* A left-aligned text mark (a value or "no data" label beside a bar) wraps
   * its text onto lines of `chars` characters. */
  function wrapTextMark(mark, chars) {
    var update = mark.type === "text" && mark.encode && mark.encode.update;
    if (!update || !update.text || !canWrap()) return false;
    var align = update.align && (update.align.signal ? "data" : update.align.value);
    if (!/^(left|data)$/.test(align) || update.lineBreak || mark.lineBreak) return false;
    var text = update.text;
    var expr = text.signal ? "(" + text.signal + ")" :
      text.field ? "datum[" + JSON.stringify(text.field) + "]" : null;
    if (!expr) return false;
    var wrapped = "gbaWrap(" + expr + ", " + Math.max(12, chars) + ")";
    update.text = { signal: wrapped };
    // centre the block of lines on the row, as a single line is
    var dy = (update.dy && update.dy.value) || 0;
    update.dy = {
      signal: "(isArray(" + wrapped + ") ? -(length(" + wrapped + ") - 1) * 7 : 0) + " + dy,
    };
    return true;
  }

  /* Before drawing: long category labels on the left and long labels beside bars
   * wrap onto lines (rows are then made tall enough); on a narrow card, panels
   * also go one under another and legends become lists. */
  function narrowSpec(figure, spec, width) {
    var narrow = width < NARROW;
    if (narrow && spec.layout) spec.layout.columns = 1;
    var legendConfig = spec.config && spec.config.legend;
    if (narrow && legendConfig && legendConfig.direction === "horizontal") {
      legendConfig.direction = "vertical";  // the theme's default legends
    }
    var chars = Math.max(12, Math.floor(0.4 * width / 6.6));
    var wrapped = false;
    var rows = (spec.signals || []).some(function (s) { return /y_step$/.test(s.name); });
    var map = Boolean(spec.projections);  // names placed by the builder stay whole
    (function walk(node) {
      (node.legends || []).forEach(function (legend) {
        if (narrow && /^(top|bottom)-(left|right)$/.test(legend.orient || "")) {
          legend.orient = "bottom";  // a legend inside a small map would hide it
        }
        if (narrow && legend.columns > 1) {
          legend.columns = 1;  // long labels side by side would not fit
        } else if (narrow && legend.direction === "horizontal") {
          legend.direction = "vertical";
          delete legend.columns;
        }
      });
      (node.axes || []).forEach(function (axis) {
        if (narrow && typeof axis.title === "string") {
          axis.title = wrapText(axis.title, Math.floor(0.8 * width / 7));
        }
        if (axis.orient !== "left" || axis.labels === false || !canWrap()) return;
        axis.encode = axis.encode || {};
        axis.encode.labels = axis.encode.labels || {};
        axis.encode.labels.update = axis.encode.labels.update || {};
        var given = axis.encode.labels.update.text;  // a labelExpr: wrap its words
        var label = given && given.signal ? "(" + given.signal + ")" : "datum.label";
        axis.encode.labels.update.text = {
          signal: "gbaWrap(" + label + ", " + chars + ")",
        };
        axis.labelLimit = 0;
        axis.labelOverlap = false;  // wrapped labels get tall rows, not dropped
        wrapped = true;
      });
      if (rows || (narrow && !map)) {  // beside bars; on a phone, on a plane too
        (node.marks || []).forEach(function (mark) {
          wrapped = wrapTextMark(mark, Math.floor(0.3 * width / 6.6)) || wrapped;
        });
      }
      (node.marks || []).forEach(walk);
    })(spec);
    if (wrapped) figure.dataset.wrapped = "1";
    return spec;
  }

  function widthSignals(spec) {
    return (spec.signals || []).filter(function (s) {
      return typeof s.value === "number" && !s.update &&
        /^(width|childWidth|concat_\d+_width|(concat_\d+_)?x_step)$/.test(s.name);
    });
  }

  function signalValue(view, name) {
    try {
      return view.signal(name);
    } catch (err) {
      return undefined;  // no such signal
    }
  }

  /* Rows tall enough for the most lines a wrapped label took. */
  function growRows(figure, view, spec) {
    if (!figure.dataset.wrapped) return Promise.resolve();
    var lines = 1;
    figure.querySelectorAll(".gba-chart-view svg.marks text").forEach(function (text) {
      lines = Math.max(lines, text.querySelectorAll("tspan").length);
    });
    var need = lines * 14 + 8;
    (spec.signals || []).forEach(function (s) {
      if (/y_step$/.test(s.name) && view.signal(s.name) < need) view.signal(s.name, need);
    });
    return view.resize().runAsync();
  }

  /* Narrow until the drawing fits (a second pass when labels moved). */
  function fit(figure, view, spec, passes) {
    var step = fitToCard(figure, view, spec);
    if (!step || passes <= 1) return step;
    return step.then(function () { return fit(figure, view, spec, passes - 1); });
  }

  function fitToCard(figure, view, spec) {
    var svg = figure.querySelector(".gba-chart-view svg.marks");
    var excess = (svg ? svg.width.baseVal.value : 0) - room(figure);
    if (excess <= 0.5) return null;
    var signals = widthSignals(spec);
    if (!signals.length && typeof spec.width === "number") {
      var plot = view.width();
      var narrowed = Math.max(MIN_PLOT, Math.floor(plot - excess));
      view.width(narrowed);
      // a map keeps its shape: its height shrinks with its width
      if (spec.projections) view.height(Math.round(view.height() * narrowed / plot));
      return view.resize().runAsync();
    }
    var panels = signals.filter(function (s) { return !/_step$/.test(s.name); });
    var across = spec.layout && spec.layout.columns !== 1 ?
      Math.max(1, panels.length) : 1;
    signals.forEach(function (s) {
      var value = view.signal(s.name);
      if (/_step$/.test(s.name)) {
        var width = signalValue(view, s.name.replace("x_step", "width")) || value;
        view.signal(s.name, Math.max(MIN_STEP, value * (width - excess) / width));
      } else {
        view.signal(s.name, Math.max(MIN_PLOT, Math.floor(value - excess / across)));
      }
    });
    return view.resize().runAsync();
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
    var spec, held;
    try {
      spec = JSON.parse(source.textContent);
    } catch (err) {
      fail(figure, view, "The chart data could not be read.");
      return;
    }
    addDownload(figure, spec);
    var grapher = window.gbaCompare && spec.usermeta && spec.usermeta.gbaCompare;
    if (grapher) {  // the city comparison: its controls, tabs and words (gba-compare.js)
      held = { spec: spec };
      spec = window.gbaCompare.prepare(figure, spec, {
        rows: mainRows(figure, spec) || [],
        refit: function () { return fit(figure, figure.gbaView, held.spec, 3); },
      });
    }
    if (figure.dataset.mode === "vega") spec = narrowSpec(figure, spec, room(figure));
    if (held) held.spec = spec;
    embed(figure, view, spec);
  }

  /* A card that narrows later (the page's layout settling, a phone turned)
   * narrows its chart again. */
  function watchWidth(figure, spec) {
    if (typeof window.ResizeObserver !== "function") return;
    var card = figure.querySelector(".gba-chart-view");
    var last = card.clientWidth;
    new window.ResizeObserver(function () {
      if (card.clientWidth >= last) return;
      last = card.clientWidth;
      fit(figure, figure.gbaView, spec, 3);
    }).observe(card);
  }

  /* Panels side by side that cannot narrow enough go one under another. */
  function overflows(figure) {
    var svg = figure.querySelector(".gba-chart-view svg.marks");
    return svg && svg.width.baseVal.value - room(figure) > 1;
  }

  function embed(figure, view, spec) {
    window.vegaEmbed(view, spec, options(figure)).then(function (result) {
      // vega-embed's action menu opens with an icon only: give it a name
      var summary = view.querySelector("details > summary");
      if (summary) summary.setAttribute("aria-label", "Chart actions: save as PNG or SVG");
      figure.gbaView = result.view;
      if (window.gbaCompare) window.gbaCompare.attach(figure, result.view);
      var signals = boundSignals(spec);
      return Promise.all([
        growRows(figure, result.view, spec).then(function () {
          return fit(figure, result.view, spec, 3);
        }),
        signals.length ? linkViews(figure, result.view, signals) : null,
      ]);
    }).then(function () {
      if (spec.layout && spec.layout.columns !== 1 && overflows(figure)) {
        spec.layout.columns = 1;
        figure.gbaView.finalize();
        return embed(figure, view, spec);
      }
      figure.classList.add("gba-chart-ready");
      watchWidth(figure, spec);
    }).catch(function (err) {
      fail(figure, view, "This chart could not be drawn (" + err.message + ").");
      console.error(err);
    });
  }

  /* Charts on or near the screen are drawn first; the others one at a time when
   * the browser is idle (so a reader scrolling fast, or printing, finds them drawn)
   * or as soon as they come within NEAR pixels of the screen. */
  var NEAR = "1200px 0px";

  function drawAll() {
    var figures = [].slice.call(document.querySelectorAll("figure.gba-chart"));
    if (typeof window.IntersectionObserver !== "function") {
      figures.forEach(draw);
      return;
    }
    var watcher = new window.IntersectionObserver(function (entries) {
      entries.forEach(function (entry) {
        if (!entry.isIntersecting) return;
        watcher.unobserve(entry.target);
        draw(entry.target);
      });
    }, { rootMargin: NEAR });
    figures.forEach(function (figure) { watcher.observe(figure); });
    var idle = window.requestIdleCallback || function (next) { return setTimeout(next, 50); };
    function rest() {
      var next = figures.filter(function (f) { return !f.dataset.drawn; })[0];
      if (!next) return;
      watcher.unobserve(next);
      draw(next);
      idle(rest);
    }
    /* not after "load": an idle moment comes while the page loads too, and the
     * first chart a reader scrolls to is drawn sooner (issue 15: drawing) */
    idle(rest);
    window.addEventListener("beforeprint", function () { figures.forEach(draw); });
  }

  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", drawAll);
  } else {
    drawAll();
  }
})();
