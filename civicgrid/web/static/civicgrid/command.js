// The command-centre page: the map of the areas below coloured by open cases, and the charts.
// Both are drawn again when htmx refreshes the page's body (every minute).
(function () {
  "use strict";
  var data = function (id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };
  var map = null, layer = null, charts = {};

  function colour(n, max) {
    if (!n) return "#d9e7f5";
    var t = Math.min(1, n / Math.max(1, max));
    return t > 0.66 ? "#c0392b" : t > 0.33 ? "#e67e22" : "#f1c40f";
  }

  function drawMap() {
    var el = document.getElementById("command-map");
    if (!el || !window.L) return;
    var children = data("command-children") || [];
    var open = {}, max = 0;
    children.forEach(function (c) { open[c.code] = c.open; max = Math.max(max, c.open); });
    if (!map || map.getContainer() !== el) {  // first draw, or htmx replaced the body
      map = L.map(el, { zoomSnap: 0.25 });
      layer = null;
      if (el.dataset.tiles) {
        L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
      }
    }
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (geo) {
        if (layer) layer.remove();
        layer = L.geoJSON(geo, {
          style: function (f) {
            return f.properties.self
              ? { color: "#0b3d91", weight: 3, fill: false }
              : { color: "#34495e", weight: 1, fillColor: colour(open[f.properties.code], max), fillOpacity: 0.6 };
          },
          onEachFeature: function (f, l) {
            if (f.properties.self) return;
            l.bindTooltip(f.properties.name + " · " + (open[f.properties.code] || 0), { direction: "center", className: "grid-label" });
            if (f.properties.level < 5) {
              l.on("click", function () {
                var url = new URL(window.location.href);
                url.searchParams.set("area", f.properties.code);
                window.location = url.toString();
              });
            }
          },
        }).addTo(map);
        var bounds = layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
        else map.setView([31.2, 121.4], 12);
        el.dataset.loaded = String(geo.features.length);
      });
  }

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    if (charts[id]) charts[id].dispose();
    charts[id] = window.echarts.init(el, document.body.style.background ? "dark" : null);
    charts[id].setOption(option);
  }

  function drawCharts() {
    var c = data("command-charts"), labels = data("command-labels") || {};
    if (!c) return;
    var grid = { left: 40, right: 10, top: 30, bottom: 30 };
    chart("chart-daily", {
      tooltip: { trigger: "axis" }, legend: { top: 0 }, grid: grid,
      xAxis: { type: "category", data: c.days.map(function (d) { return d.slice(5); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [
        { name: labels.reported, type: "line", data: c.reported, showSymbol: false },
        { name: labels.closed, type: "line", data: c.closed, showSymbol: false },
      ],
    });
    chart("chart-classes", {
      tooltip: {}, grid: { left: 90, right: 10, top: 10, bottom: 20 },
      xAxis: { type: "value", minInterval: 1 },
      yAxis: { type: "category", inverse: true, data: c.top_classes.map(function (t) { return t.name; }) },
      series: [{ type: "bar", data: c.top_classes.map(function (t) { return t.count; }) }],
    });
    chart("chart-hours", {
      tooltip: {}, grid: grid,
      xAxis: { type: "category", data: c.hours.map(function (_, h) { return String(h); }) },
      yAxis: { type: "value", minInterval: 1 },
      series: [{ type: "bar", data: c.hours }],
    });
  }

  function draw() { drawMap(); drawCharts(); }
  document.addEventListener("DOMContentLoaded", draw);
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "command-body") draw();
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
})();
