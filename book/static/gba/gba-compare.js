/* The city comparison as a grapher: a heading that follows the selection, controls
 * above the chart, Chart and Table tabs, the view as a table and a CSV file, and an
 * address that keeps the view. Every word and choice comes from the build (the spec's
 * usermeta.gbaCompare, written by book/compare/static_config.py from the functions the
 * live panel uses); the chart's parameters (indicator, measure, year, base,
 * show_<city>) do the drawing. gba-charts.js calls prepare() before it draws the chart
 * and attach() once it is drawn. Written for the Greater Bay Area innovation book. */
(function () {
  "use strict";

  function fill(template, values) {
    return String(template).replace(/\{(\w+)\}/g, function (all, key) {
      return key in values ? values[key] : all;
    });
  }

  function make(tag, props, children) {
    var node = document.createElement(tag);
    Object.keys(props || {}).forEach(function (key) {
      if (key === "text") node.textContent = props[key];
      else if (key === "className") node.className = props[key];
      else node.setAttribute(key, props[key]);
    });
    (children || []).forEach(function (child) { if (child) node.appendChild(child); });
    return node;
  }

  /* The book's number rule (book/compare/words.py, figure()): three significant digits,
   * words from a million up, whole numbers with separators from 1,000. */
  function significant(value) {
    var rounded = Number(value.toPrecision(3));
    return Number.isInteger(rounded) ? rounded.toLocaleString("en-US") : String(rounded);
  }
  var WORDS = [[1e12, "trillion"], [1e9, "billion"], [1e6, "million"]];
  function number(value, missing) {
    if (value === null || value === undefined || !isFinite(value)) return missing;
    var size = Math.abs(value);
    for (var i = 0; i < WORDS.length; i++) {
      if (size >= WORDS[i][0]) return significant(value / WORDS[i][0]) + " " + WORDS[i][1];
    }
    if (size >= 1000) return Number(value.toFixed(0)).toLocaleString("en-US");
    return value === 0 ? "0" : significant(value);
  }

  function valid(value) { return value !== null && value !== undefined && isFinite(value); }

  function param(cityId) { return "show_" + cityId.replace(/-/g, "_"); }

  /* ------------------------------------------------------------ the state */

  function Grapher(figure, spec, rows, config, api) {
    this.figure = figure;
    this.config = config;
    this.api = api;
    this.rows = rows;
    this.words = config.words;
    this.signals = Array.isArray(spec.signals) ? spec.signals : spec.params || [];
    this.initial = {};
    var self = this;
    this.signals.forEach(function (s) {
      if (s.bind) {
        self.initial[s.name] = s.value;
        delete s.bind;  // this script draws the controls
      }
    });
    this.state = {
      indicator: this.initial.indicator,
      measure: this.initial.measure,
      year: this.initial.year,
      base: this.initial.base,
      cities: config.cities.map(function (c) { return c.id; })
        .filter(function (id) { return self.initial[param(id)]; }),
    };
    this.message = "";
  }

  Grapher.prototype.indicator = function () {
    var id = this.state.indicator;
    return this.config.indicators.filter(function (i) { return i.id === id; })[0];
  };

  /* The value a row shows for the measure (the index computed from raw values). */
  Grapher.prototype.value = function (row, bases) {
    if (this.state.measure !== "index") return row[this.state.measure];
    var base = bases[row.city_id];
    return valid(row.raw) && valid(base) && base !== 0 ? 100 * row.raw / base : null;
  };

  Grapher.prototype.reason = function (row, value) {
    if (valid(value)) return "";
    var m = this.state.measure;
    if (m === "absolute") return row.note || "";
    if (m === "index") return valid(row.raw) ? "no base-year figure" : row.note || "";
    return row["note_" + m] || "";
  };

  Grapher.prototype.bases = function () {
    var bases = {}, s = this.state;
    this.rows.forEach(function (row) {
      if (row.indicator === s.indicator && row.year === s.base) bases[row.city_id] = row.raw;
    });
    return bases;
  };

  /* The rows of the chosen indicator and cities, with value and reason. */
  Grapher.prototype.chosen = function (year) {
    var s = this.state, self = this, bases = this.bases();
    return this.rows.filter(function (row) {
      return row.indicator === s.indicator && s.cities.indexOf(row.city_id) >= 0 &&
        (year === undefined || row.year === null || row.year === year);
    }).map(function (row) {
      var value = self.value(row, bases);
      return { row: row, value: valid(value) ? value : null, why: self.reason(row, value) };
    });
  };

  /* As book/compare/choices.py default_year: the latest of the years in which the
   * most chosen cities have a value. */
  Grapher.prototype.defaultYear = function () {
    var years = this.indicator().years;
    if (!years) return this.state.year;
    var counts = {}, best = null;
    this.chosen().forEach(function (item) {
      if (item.value !== null && item.row.year !== null) {
        counts[item.row.year] = (counts[item.row.year] || 0) + 1;
      }
    });
    Object.keys(counts).forEach(function (year) {
      year = Number(year);
      if (best === null || counts[year] > counts[best] ||
          (counts[year] === counts[best] && year > best)) best = year;
    });
    return best === null ? years[1] : best;
  };

  Grapher.prototype.snapYear = function (value) {
    var years = this.indicator().years;
    if (!years || !isFinite(value)) return years ? years[1] : this.state.year;
    return Math.min(years[1], Math.max(years[0], Math.round(value)));
  };

  /* A measure the indicator cannot have falls back to the value as published. */
  Grapher.prototype.checkMeasure = function () {
    var indicator = this.indicator(), m = this.state.measure;
    if (!indicator.reasons[m]) return;
    var label = this.label(m);
    this.message = fill(this.words.fallback, {
      measure: label, indicator: indicator.label, reason: indicator.reasons[m],
      shown: this.label("absolute"),
    });
    this.state.measure = "absolute";
  };

  Grapher.prototype.label = function (measure) {
    return this.config.measures.filter(function (m) { return m.id === measure; })[0].label;
  };

  /* ------------------------------------------------------------ the address */

  Grapher.prototype.read = function () {
    var given = new URLSearchParams(window.location.search), s = this.state, self = this;
    var ids = this.config.indicators.map(function (i) { return i.id; });
    if (ids.indexOf(given.get("indicator")) >= 0) s.indicator = given.get("indicator");
    this.config.cities.forEach(function (city) {
      var text = given.get(param(city.id));
      var on = text === "true" || text === "1" ? true : text === "false" || text === "0" ? false : null;
      if (on === null) return;
      s.cities = s.cities.filter(function (id) { return id !== city.id; });
      if (on) s.cities.push(city.id);
    });
    s.cities = this.config.cities.map(function (c) { return c.id; })
      .filter(function (id) { return s.cities.indexOf(id) >= 0; });
    var measure = given.get("measure");
    if (this.config.measures.some(function (m) { return m.id === measure; }) &&
        !this.indicator().reasons[measure]) s.measure = measure;
    this.checkMeasure();
    s.year = given.has("year") && given.get("year") !== "" ?
      this.snapYear(Number(given.get("year"))) : this.defaultYear();
    if (given.has("base") && given.get("base") !== "") {
      var base = this.snapYear(Number(given.get("base")));
      if (valid(base)) s.base = base;
    }
    s.base = this.snapYear(s.base);
    ["year", "base"].forEach(function (name) {
      if (!valid(s[name])) s[name] = self.initial[name];
    });
  };

  Grapher.prototype.address = function () {
    var s = this.state, query = new URLSearchParams(), self = this;
    if (s.indicator !== this.initial.indicator) query.set("indicator", s.indicator);
    if (s.measure !== "absolute") query.set("measure", s.measure);
    if (this.indicator().years && s.year !== this.defaultYear()) query.set("year", s.year);
    if (s.measure === "index" && s.base !== this.initial.base) query.set("base", s.base);
    this.config.cities.forEach(function (city) {
      var on = s.cities.indexOf(city.id) >= 0;
      if (on !== Boolean(self.initial[param(city.id)])) query.set(param(city.id), String(on));
    });
    var address = new URL(window.location.href);  // any path stays on this host
    address.search = query.toString();
    return address.href;
  };

  /* ------------------------------------------------------------ the controls */

  Grapher.prototype.build = function () {
    var w = this.words, self = this;
    var indicator = make("select", { name: "indicator" });
    this.config.indicators.forEach(function (i) {
      indicator.appendChild(make("option", { value: i.id, text: i.label }));
    });
    var measure = make("select", { name: "measure" });
    var year = make("input", { type: "range", name: "year", step: "1" });
    var base = make("input", { type: "range", name: "base", step: "1" });
    var chips = make("div", { className: "gba-compare-chips" });
    this.config.cities.forEach(function (city) {
      var box = make("input", { type: "checkbox", name: param(city.id), value: city.id });
      var swatch = make("span", { className: "gba-compare-swatch", "aria-hidden": "true" });
      swatch.style.background = city.color;
      chips.appendChild(make("label", { className: "gba-compare-chip" }, [
        box, swatch, document.createTextNode(city.name + " "),
        make("span", { lang: "zh-Hans", text: city.zh }),
      ]));
    });
    function field(text, control, extra) {
      return make("label", { className: "gba-compare-field" },
        [make("span", { text: text }), control, extra]);
    }
    this.controls = { indicator: indicator, measure: measure, year: year, base: base };
    this.outputs = { year: make("output", {}), base: make("output", {}) };
    this.fields = {
      year: field(w.year, year, this.outputs.year),
      base: field(w.base, base, this.outputs.base),
    };
    var bar = make("div", { className: "gba-compare-controls" }, [
      make("div", { className: "gba-compare-row" }, [
        field(w.indicator, indicator), field(w.measure, measure),
        this.fields.year, this.fields.base,
      ]),
      make("fieldset", { className: "gba-compare-cities" }, [
        make("legend", { text: w.cities }), chips,
      ]),
    ]);
    this.buildTabs(bar);
    bar.addEventListener("input", function (event) { self.changed(event.target); });
    bar.addEventListener("change", function (event) { self.changed(event.target); });
  };

  Grapher.prototype.buildTabs = function (bar) {
    var figure = this.figure, w = this.words, self = this, key = figure.dataset.chart;
    var view = figure.querySelector(".gba-chart-view");
    var head = figure.querySelector(".gba-chart-head");
    var details = figure.querySelector("details.gba-chart-details");
    this.tablePanel = make("div", {
      className: "gba-compare-table", role: "tabpanel", id: "gba-table-" + key,
      "aria-labelledby": "gba-tab-table-" + key, hidden: "hidden", tabindex: "0",
    });
    view.id = "gba-chart-" + key;
    view.setAttribute("role", "tabpanel");
    view.setAttribute("aria-labelledby", "gba-tab-chart-" + key);
    var tabs = [["chart", w.chart_tab, view], ["table", w.table_tab, this.tablePanel]];
    var list = make("div", { className: "gba-compare-tabs", role: "tablist" });
    this.tabs = tabs.map(function (tab, i) {
      var button = make("button", {
        type: "button", role: "tab", id: "gba-tab-" + tab[0] + "-" + key,
        "aria-controls": tab[2].id, "aria-selected": i === 0 ? "true" : "false",
        tabindex: i === 0 ? "0" : "-1", text: tab[1],
      });
      button.addEventListener("click", function () { self.show(i); });
      button.addEventListener("keydown", function (event) {
        if (event.key !== "ArrowRight" && event.key !== "ArrowLeft") return;
        self.show(1 - i);
        self.tabs[1 - i].button.focus();
      });
      list.appendChild(button);
      return { button: button, panel: tab[2] };
    });
    head.parentNode.insertBefore(bar, head.nextSibling);
    bar.parentNode.insertBefore(list, bar.nextSibling);
    view.parentNode.insertBefore(this.tablePanel, view.nextSibling);
    if (details) details.parentNode.removeChild(details);  // the Table tab shows it
  };

  Grapher.prototype.show = function (index) {
    this.tabs.forEach(function (tab, i) {
      tab.button.setAttribute("aria-selected", i === index ? "true" : "false");
      tab.button.tabIndex = i === index ? 0 : -1;
      if (i === index) tab.panel.removeAttribute("hidden");
      else tab.panel.setAttribute("hidden", "hidden");
    });
    if (index === 0 && this.view) this.api.refit();
  };

  /* The controls show the state: options, ranges, what is hidden. */
  Grapher.prototype.sync = function () {
    var s = this.state, indicator = this.indicator(), c = this.controls, self = this;
    c.indicator.value = s.indicator;
    c.measure.textContent = "";
    this.config.measures.forEach(function (m) {
      var reason = indicator.reasons[m.id];
      var option = make("option", {
        value: m.id,
        text: reason ? fill(self.config.unavailable, { measure: m.label, reason: reason }) : m.label,
      });
      option.disabled = Boolean(reason);
      c.measure.appendChild(option);
    });
    c.measure.value = s.measure;
    var years = indicator.years;
    ["year", "base"].forEach(function (name) {
      if (years) {
        c[name].min = years[0];
        c[name].max = years[1];
        c[name].value = s[name];
      }
      self.outputs[name].textContent = years ? s[name] : self.words.undated;
      c[name].disabled = !years;
    });
    if (s.measure === "index" && years) this.fields.base.removeAttribute("hidden");
    else this.fields.base.setAttribute("hidden", "hidden");
    this.config.cities.forEach(function (city) {
      self.figure.querySelector("input[name=" + param(city.id) + "]").checked =
        s.cities.indexOf(city.id) >= 0;
    });
  };

  Grapher.prototype.changed = function (control) {
    var s = this.state, name = control.name;
    this.message = "";
    if (name === "indicator") {
      s.indicator = control.value;
      this.checkMeasure();
      s.year = this.defaultYear();
      s.base = this.snapYear(s.base);
    } else if (name === "measure") {
      s.measure = control.value;
      if (s.measure === "index") s.base = this.snapYear(s.base);
    } else if (name === "year" || name === "base") {
      s[name] = this.snapYear(Number(control.value));
    } else if (/^show_/.test(name)) {
      var id = control.value;
      s.cities = s.cities.filter(function (c) { return c !== id; });
      if (control.checked) s.cities.push(id);
      var order = this.config.cities.map(function (c) { return c.id; });
      s.cities.sort(function (a, b) { return order.indexOf(a) - order.indexOf(b); });
    } else {
      return Promise.resolve();
    }
    return this.update();
  };

  /* ------------------------------------------------------------ the words */

  Grapher.prototype.texts = function () {
    var s = this.state, entry = this.indicator().measures[s.measure];
    var values = { year: s.year, base: s.base };
    return {
      heading: fill(entry.heading, values),
      header: fill(entry.header, values),
      notes: entry.notes.concat(this.message ? [this.message] : []),
      source: entry.source,
    };
  };

  Grapher.prototype.table = function (words) {
    var w = this.words, dated = Boolean(this.indicator().years);
    var items = this.chosen(dated ? this.state.year : undefined);
    items.sort(function (a, b) {
      if (a.value === null || b.value === null) return a.value === null ? 1 : -1;
      return b.value - a.value;
    });
    var columns = [w.city, w.name_zh].concat(dated ? [w.year] : [], [words.header, w.note]);
    var zh = {};
    this.config.cities.forEach(function (c) { zh[c.id] = c.zh; });
    var rows = items.map(function (item) {
      var r = item.row, year = dated ? [r.year] : [];
      var value = item.value === null ? "" : Number(item.value.toPrecision(6));
      return {
        text: [r.city, zh[r.city_id]].concat(year.map(String),
          [number(item.value, w.missing), item.why]),
        csv: [r.city, zh[r.city_id]].concat(year, [value, item.why]),
      };
    });
    return { columns: columns, rows: rows };
  };

  function csvCell(value) {
    var text = value === null || value === undefined ? "" : String(value);
    return /[",\n]/.test(text) ? '"' + text.replace(/"/g, '""') + '"' : text;
  }

  Grapher.prototype.render = function (words, table) {
    var figure = this.figure;
    figure.querySelector(".gba-chart-headline").textContent = words.heading;
    var foot = figure.querySelector(".gba-chart-foot");
    if (!foot) {
      foot = make("div", { className: "gba-chart-foot" });
      var view = figure.querySelector(".gba-compare-table");
      view.parentNode.insertBefore(foot, view.nextSibling);
    }
    foot.textContent = "";
    words.notes.forEach(function (note) {
      foot.appendChild(make("p", { className: "gba-chart-note", text: note }));
    });
    foot.appendChild(make("p", { className: "gba-chart-source", text: words.source }));
    var head = make("tr", {}, table.columns.map(function (c) {
      return make("th", { scope: "col", text: c });
    }));
    var body = make("tbody", {}, table.rows.map(function (row) {
      return make("tr", {}, row.text.map(function (cell, i) {
        return make("td", i === 1 ? { lang: "zh-Hans", text: cell } : { text: cell });
      }));
    }));
    this.tablePanel.textContent = "";
    this.tablePanel.appendChild(make("table", { className: "gba-chart-data table" }, [
      make("caption", { text: words.heading }), make("thead", {}, [head]), body,
    ]));
    var lines = [table.columns.map(csvCell).join(",")].concat(table.rows.map(function (row) {
      return row.csv.map(csvCell).join(",");
    }));
    var blob = new Blob(["\ufeff" + lines.join("\n") + "\n"], { type: "text/csv;charset=utf-8" });
    if (this.csvLink.href) URL.revokeObjectURL(this.csvLink.href);
    this.csvLink.href = URL.createObjectURL(blob);
    this.csvLink.download = "gba-" + this.state.indicator + "-" + this.state.measure +
      (this.indicator().years ? "-" + this.state.year : "") + ".csv";
  };

  Grapher.prototype.links = function () {
    var w = this.words, figure = this.figure;
    var csv = figure.querySelector("a.gba-chart-download");
    if (!csv) csv = make("a", { className: "gba-chart-download" });
    csv.textContent = w.csv;
    this.csvLink = csv;
    this.permalink = make("a", { className: "gba-chart-permalink", text: w.link });
    var links = make("p", { className: "gba-compare-links" }, [csv, this.permalink]);
    var table = figure.querySelector(".gba-compare-table");
    table.parentNode.insertBefore(links, table.nextSibling);
  };

  /* Everything follows the state: the controls, the chart's parameters, the words,
   * the table, the CSV and the address. */
  Grapher.prototype.update = function () {
    var s = this.state, self = this;
    this.sync();
    var words = this.texts();
    this.render(words, this.table(words));
    var address = this.address();
    this.permalink.href = address;
    window.history.replaceState(window.history.state, "", address);
    if (!this.view) return Promise.resolve();
    this.setSignals(function (name, value) { self.view.signal(name, value); });
    return this.view.runAsync().then(function () { return self.api.refit(); });
  };

  Grapher.prototype.setSignals = function (set) {
    var s = this.state;
    set("indicator", s.indicator);
    set("measure", s.measure);
    set("year", s.year);
    set("base", s.base);
    this.config.cities.forEach(function (city) {
      set(param(city.id), s.cities.indexOf(city.id) >= 0);
    });
  };

  window.gbaCompare = {
    number: number,  // the number rule, for tests
    /* Before the chart is drawn: read the address, build the controls, and start
     * the chart's parameters at the chosen view (one drawing, not two). */
    prepare: function (element, spec, api) {
      var config = spec.usermeta && spec.usermeta.gbaCompare;
      if (!config || element.gbaGrapher) return spec;
      var grapher = new Grapher(element, spec, api.rows, config, api);
      element.gbaGrapher = grapher;
      element.classList.add("gba-compare");
      grapher.read();
      grapher.build();
      grapher.links();
      grapher.update();
      var values = {};
      grapher.setSignals(function (name, value) { values[name] = value; });
      grapher.signals.forEach(function (s) { if (s.name in values) s.value = values[s.name]; });
      return spec;
    },
    /* Once drawn (and after a redraw in one column): the view the controls drive. */
    attach: function (element, view) {
      if (element.gbaGrapher) element.gbaGrapher.view = view;
    },
  };
})();
