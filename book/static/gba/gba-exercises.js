/* Check an exercise's answer in the page, with no kernel.
 *
 * Each form.gba-check holds its exercise as JSON (book/exercises/web.py, written
 * at build time from the same definitions and data as the kernel's check). judge()
 * below mirrors book/exercises/kinds.py line for line, so the page gives the same
 * feedback, in the same words and classes, as exercises.check(...) in Jupyter;
 * tests/test_exercises_web.py checks that for every exercise.
 */
(function () {
  "use strict";

  /* null in the JSON stands for NaN or an infinity, which never matches. */
  function num(x) {
    return x === null || x === undefined ? NaN : x;
  }

  /* Python's repr() of a string, as the kernel's message shows a typed text. */
  function pyRepr(text) {
    var quote = text.indexOf("'") >= 0 && text.indexOf('"') < 0 ? '"' : "'";
    var out = quote;
    Array.from(text).forEach(function (ch) {
      var code = ch.codePointAt(0);
      if (ch === "\\" || ch === quote) {
        out += "\\" + ch;
      } else if (ch === "\n") {
        out += "\\n";
      } else if (ch === "\r") {
        out += "\\r";
      } else if (ch === "\t") {
        out += "\\t";
      } else if (code < 0x20 || code === 0x7f) {
        out += "\\x" + ("0" + code.toString(16)).slice(-2);
      } else {
        out += ch;
      }
    });
    return out + quote;
  }

  /* The number a reader typed, or null when it is not one (then it is text, as
   * the kernel would see it). Thousands separators, and a trailing % for an
   * answer in percent, are accepted. */
  function parseNumber(raw, percent) {
    var text = raw.trim().replace(/\u2212/g, "-");
    if (percent) {
      text = text.replace(/\s*%$/, "");
    }
    if (/^[+-]?\d{1,3}(,\d{3})+(\.\d*)?$/.test(text)) {
      text = text.replace(/,/g, "");
    }
    if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/.test(text)) {
      return null;
    }
    return Number(text);
  }

  /* NumberExercise._matches */
  function matches(spec, value, target) {
    if (spec.atol !== null) {
      return Math.abs(value - target) <= spec.atol;
    }
    return Math.abs(value - target) <= spec.rtol * Math.abs(target);
  }

  /* NumberExercise._judge */
  function judgeNumber(spec, raw) {
    var m = spec.messages;
    var value = parseNumber(raw, spec.percent);
    if (value === null) {
      return ["type", m.notANumber + pyRepr(Array.from(raw).slice(0, 40).join(""))];
    }
    var target = num(spec.target);
    if (matches(spec, value, target)) {
      return ["correct", m.correct];
    }
    for (var i = 0; i < spec.slips.length; i++) {
      if (matches(spec, value, num(spec.slips[i][0]))) {
        return ["wrong", spec.slips[i][1]];
      }
    }
    for (var j = 0; j < spec.scales.length; j++) {
      if (matches(spec, value * spec.scales[j][0], target)) {
        return ["wrong", spec.scales[j][1]];
      }
    }
    if (Math.abs(value - target) / Math.abs(target) <= spec.closeRtol) {
      return ["close", m.close];
    }
    return ["wrong", value > target ? m.high : m.low];
  }

  /* _PickExercise._judge */
  function judgePick(spec, raw) {
    var m = spec.messages;
    var key = raw.trim().toLowerCase();
    if (!Object.prototype.hasOwnProperty.call(spec.names, key)) {
      return ["type", m.unknown[0] + raw + m.unknown[1]];
    }
    return spec.names[key] === spec.target ? ["correct", m.correct] : ["wrong", m.wrong];
  }

  /* [status, message] for an answer as typed or picked ("" is no answer). */
  function judge(spec, raw) {
    if (raw.trim() === "") {
      return ["unanswered", spec.messages.unanswered];
    }
    return spec.kind === "number" ? judgeNumber(spec, raw) : judgePick(spec, raw);
  }

  /* Runs of Chinese, as book/sphinxext/chinese.py finds them in the page. */
  var CJK =
    "\\u3000-\\u303f\\u3400-\\u4dbf\\u4e00-\\u9fff\\uf900-\\ufaff\\uff00-\\uffef" +
    "\\u{20000}-\\u{3134f}";
  var INNER = "\\u2010-\\u2027\\u00b7A-Za-z0-9.,%/&+=\\-";
  var RUN = new RegExp(
    "[A-Za-z0-9]*[" + CJK + "](?:[" + CJK + INNER + "]*[" + CJK + "])?",
    "gu"
  );
  var HAN = /[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff\u{20000}-\u{3134f}]/u;
  var OPENING = { "\u201d": "\u201c", "\u2019": "\u2018" };

  /* Append text to an element, each Chinese run in <span lang="zh-Hans">. */
  function appendMarked(parent, text) {
    var done = 0;
    var match;
    RUN.lastIndex = 0;
    while ((match = RUN.exec(text)) !== null) {
      var start = match.index;
      var end = start + match[0].length;
      if (!HAN.test(match[0])) {
        continue;
      }
      var before = text.charAt(start - 1);
      Object.keys(OPENING).forEach(function (closing) {
        if (OPENING[closing] === before && text.slice(start, end).indexOf(closing) >= 0) {
          start -= 1;
        }
      });
      parent.appendChild(document.createTextNode(text.slice(done, start)));
      var span = document.createElement("span");
      span.lang = "zh-Hans";
      span.textContent = text.slice(start, end);
      parent.appendChild(span);
      done = end;
    }
    parent.appendChild(document.createTextNode(text.slice(done)));
  }

  /* The feedback box, as Feedback._repr_html_ writes it (and the build marks). */
  function feedbackBox(spec, verdict) {
    var box = document.createElement("div");
    box.className = "gba-feedback gba-" + verdict[0];
    var label = document.createElement("strong");
    label.textContent = spec.labels[verdict[0]];
    box.appendChild(label);
    appendMarked(box, " (" + spec.id + "): " + verdict[1]);
    return box;
  }

  function answerOf(form) {
    var checked = form.querySelector("input[type=radio]:checked");
    if (checked) {
      return checked.value;
    }
    var field = form.querySelector("input[type=text], select");
    return field ? field.value : "";
  }

  function wire(form) {
    var spec = JSON.parse(form.querySelector("script.gba-check-spec").textContent);
    var result = form.querySelector(".gba-check-result");
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var box = feedbackBox(spec, judge(spec, answerOf(form)));
      /* empty the live region first, so the same verdict twice is read twice */
      result.textContent = "";
      window.setTimeout(function () {
        result.appendChild(box);
      }, 50);
    });
    form.hidden = false;
  }

  window.gbaExercises = { judge: judge, parseNumber: parseNumber, pyRepr: pyRepr };

  function start() {
    Array.prototype.forEach.call(document.querySelectorAll("form.gba-check"), wire);
  }
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", start);
  } else {
    start();
  }
})();
