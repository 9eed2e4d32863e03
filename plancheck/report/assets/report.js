(function () {
  "use strict";
  var ui = JSON.parse(document.getElementById("pc-ui").textContent);
  var $ = function (id) { return document.getElementById(id); };
  var cards = Array.prototype.slice.call(document.querySelectorAll("article.finding"));
  var texts = cards.map(function (c) { return c.textContent.toLowerCase(); });
  var groups = Array.prototype.slice.call(document.querySelectorAll(".group"));
  var chartSections = Array.prototype.slice.call(document.querySelectorAll("[data-chart-plan]"));
  var sevBoxes = Array.prototype.slice.call(document.querySelectorAll("input[name=sev]"));
  var controls = ["f-plan", "f-rule", "f-waived", "f-baseline", "f-search"].map($).filter(Boolean);
  function val(id) { var el = $(id); return el ? el.value : ""; }
  function apply() {
    var sev = {};
    sevBoxes.forEach(function (b) { sev[b.value] = b.checked; });
    var plan = val("f-plan"), rule = val("f-rule"), waived = val("f-waived"), base = val("f-baseline");
    var terms = val("f-search").toLowerCase().split(/\s+/).filter(Boolean);
    var shown = 0;
    cards.forEach(function (c, i) {
      var d = c.dataset;
      var ok = !!sev[d.sev] &&
        (!plan || (" " + d.plans + " ").indexOf(" " + plan + " ") >= 0) &&
        (!rule || d.rule === rule) &&
        (!waived || (d.waived || "0") === waived) &&
        (!base || (d.baseline || "") === base) &&
        terms.every(function (t) { return texts[i].indexOf(t) >= 0; });
      c.hidden = !ok;
      if (ok) { shown++; }
    });
    groups.forEach(function (g) { g.hidden = !g.querySelector("article.finding:not([hidden])"); });
    chartSections.forEach(function (s) { s.hidden = !!plan && s.getAttribute("data-chart-plan") !== plan; });
    var lang = document.documentElement.getAttribute("data-ui") === "en" ? "en" : "zh";
    if ($("f-count")) {  // a page of tables has no findings and no filters: the language switch only
      $("f-count").textContent = ui.shown[lang].replace("{n}", shown).replace("{total}", cards.length);
      $("no-match").hidden = shown > 0 || cards.length === 0;
    }
  }
  sevBoxes.forEach(function (b) { b.addEventListener("change", apply); });
  controls.forEach(function (c) { c.addEventListener(c.tagName === "INPUT" ? "input" : "change", apply); });
  if ($("f-reset")) {
    $("f-reset").addEventListener("click", function () {
      sevBoxes.forEach(function (b) { b.checked = true; });
      controls.forEach(function (c) { c.value = ""; });
      apply();
    });
  }
  // attributes and text-only elements (tooltips, aria-labels, <option>, <title>) carry both
  // languages as data-zh-NAME / data-en-NAME, listed in data-i18n; markup text uses .lz/.le spans
  var labelled = Array.prototype.slice.call(document.querySelectorAll("[data-i18n]"));
  function relabel(lang) {
    labelled.forEach(function (el) {
      el.getAttribute("data-i18n").split(" ").forEach(function (name) {
        var v = el.getAttribute("data-" + lang + "-" + name);
        if (v === null) { return; }
        if (name === "text") { el.textContent = v; } else { el.setAttribute(name, v); }
      });
    });
  }
  var sw = $("lang-switch");
  if (sw) {
    sw.addEventListener("click", function () {
      var to = document.documentElement.getAttribute("data-ui") === "en" ? "zh" : "en";
      document.documentElement.setAttribute("data-ui", to);
      document.documentElement.setAttribute("lang", to === "zh" ? "zh-CN" : "en");
      relabel(to);
      apply();
    });
  }
  var opened = [];
  window.addEventListener("beforeprint", function () {
    opened = Array.prototype.slice.call(document.querySelectorAll("details:not([open])"));
    opened.forEach(function (d) { d.open = true; });
  });
  window.addEventListener("afterprint", function () { opened.forEach(function (d) { d.open = false; }); opened = []; });
  apply();
})();
