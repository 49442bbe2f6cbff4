// Dashboard charts: each <div data-figure="ID"> gets the Plotly figure kept in
// <script type="application/json" id="ID"> (built by jkp_portal/reporting/charts.py).
// No inline scripts (CSP script-src 'self'); without Plotly the tables remain.
(function () {
  "use strict";

  var PHONE = 576;

  function forPhone(figure) {
    // Narrow screens: smaller type, legend under the chart, tighter margins;
    // month axes get slanted labels, horizontal bars keep theirs.
    var layout = figure.layout || {};
    var first = (figure.data || [])[0] || {};
    var monthly = first.orientation !== "h" && first.type !== "funnel" && first.type !== "pie";
    layout.font = Object.assign({}, layout.font, { size: 11 });
    layout.legend = Object.assign({}, layout.legend, { orientation: "h", x: 0, y: monthly ? -0.3 : -0.12, yanchor: "top" });
    layout.margin = Object.assign({}, layout.margin, { l: Math.min((layout.margin || {}).l || 40, 40), r: 6, b: monthly ? 70 : 30 });
    if (monthly && layout.xaxis) layout.xaxis = Object.assign({}, layout.xaxis, { tickangle: -45, nticks: 8 });
    if (!monthly && layout.xaxis) layout.xaxis = Object.assign({}, layout.xaxis, { nticks: 4 });
    return layout;
  }

  function draw(el) {
    var source = document.getElementById(el.dataset.figure);
    if (!source) return;
    var figure = JSON.parse(source.textContent);
    var layout = window.innerWidth < PHONE ? forPhone(figure) : figure.layout || {};
    window.Plotly.newPlot(el, figure.data, layout, {
      displayModeBar: false,
      responsive: true,
      scrollZoom: false,
      doubleClick: false
    });
    el.classList.add("is-drawn");
  }

  function openTables() {
    // No chart library: show every table instead of empty chart boxes.
    document.querySelectorAll(".dash-chart").forEach(function (el) { el.hidden = true; });
    document.querySelectorAll("details.dash-table").forEach(function (d) { d.open = true; });
  }

  document.addEventListener("DOMContentLoaded", function () {
    var charts = document.querySelectorAll("[data-figure]");
    if (!charts.length) return;
    if (typeof window.Plotly === "undefined") {
      openTables();
      return;
    }
    charts.forEach(function (el) {
      try {
        draw(el);
      } catch (error) {
        el.hidden = true;
        var details = el.parentElement.querySelector("details.dash-table");
        if (details) details.open = true;
        if (window.console) window.console.error(error);
      }
    });
  });
})();
