// The command-centre page: the map of the areas below coloured by open cases or red cards, the
// cases' markers clustered, a heat layer of the last days' reports, and the charts. All are drawn
// again when htmx refreshes the page's body (every minute); the layer choices sit outside it and
// stay as chosen. Names are whatever an administrator typed: they go into the page as text (DOM
// nodes with textContent), never as HTML.
(function () {
  "use strict";
  function text(tag, value) {
    var el = document.createElement(tag);
    el.textContent = value;
    return el;
  }
  var data = function (id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };
  var map = null, layer = null, markers = null, heat = null, charts = {};
  var choice = function (id) {
    var el = document.getElementById(id);
    return el ? el.value : "";
  };
  var shade = function () {
    var el = document.querySelector("input[name=shade]:checked");
    return el ? el.value : "open";
  };

  function colour(n, max) {
    if (!n) return "#d9e7f5";
    var t = Math.min(1, n / Math.max(1, max));
    return t > 0.66 ? "#c0392b" : t > 0.33 ? "#e67e22" : "#f1c40f";
  }

  // the children's counts by the chosen shade (open cases or red cards), and the largest
  function counts() {
    var by = shade(), out = { max: 0 };
    (data("command-children") || []).forEach(function (c) { out[c.code] = c[by]; out.max = Math.max(out.max, c[by]); });
    return out;
  }

  function style(open) {
    return function (f) {
      return f.properties.self
        ? { color: "#0b3d91", weight: 3, fill: false }
        : { color: "#34495e", weight: 1, fillColor: colour(open[f.properties.code], open.max), fillOpacity: 0.6 };
    };
  }

  function drawMap() {
    var el = document.getElementById("command-map");
    if (!el || !window.L) return;
    var open = counts();
    if (!map || map.getContainer() !== el) {  // first draw, or htmx replaced the body
      map = L.map(el, { zoomSnap: 0.25, maxZoom: 19 });
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
          style: style(open),
          onEachFeature: function (f, l) {
            if (f.properties.self) return;
            l.bindTooltip(function () { return text("span", f.properties.name + " · " + (counts()[f.properties.code] || 0)); }, { direction: "center", className: "grid-label" });
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
        drawLayers();
      });
  }

  function cells(layer, days) {
    var el = document.getElementById("command-map");
    var url = new URL(el.dataset.cells, window.location.href);
    url.searchParams.set("layer", layer);
    if (days) url.searchParams.set("days", days);
    return fetch(url, { credentials: "same-origin" }).then(function (r) { return r.json(); });
  }

  // Each marker stands for a cell of cases (its count in options.count); a cluster shows the sum.
  function clusterIcon(cluster) {
    var n = cluster.getAllChildMarkers().reduce(function (sum, m) { return sum + m.options.count; }, 0);
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var box = document.createElement("div");
    box.appendChild(text("span", String(n)));
    return L.divIcon({
      html: box,
      className: "marker-cluster marker-cluster-" + size,
      iconSize: L.point(40, 40),
    });
  }

  var drawn = 0;  // a later drawing makes the answers an earlier one still awaits stale
  function drawLayers() {
    var el = document.getElementById("command-map");
    if (!map || !el) return;
    var mine = ++drawn;
    if (markers) { markers.remove(); markers = null; }
    if (heat) { heat.remove(); heat = null; }
    var which = choice("layer-markers"), days = choice("layer-heat");
    if (which && L.markerClusterGroup) {
      cells(which).then(function (got) {
        if (mine !== drawn) return;
        markers = L.markerClusterGroup({ iconCreateFunction: clusterIcon, maxClusterRadius: 50 });
        got.cells.forEach(function (c) {
          var m = L.marker([c[0], c[1]], {
            count: c[2],
            icon: L.divIcon({ className: "cell-marker cell-" + which, html: text("span", String(c[2])), iconSize: [24, 24] }),
            keyboard: false,
          });
          markers.addLayer(m);
        });
        markers.addTo(map);
        el.dataset.markers = String(got.cases);
      });
    }
    if (days && L.heatLayer) {
      cells("reports", days).then(function (got) {
        if (mine !== drawn) return;
        var top = got.cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 1);
        heat = L.heatLayer(got.cells, { radius: 22, blur: 18, max: top, minOpacity: 0.3 }).addTo(map);
        el.dataset.heat = String(got.cases);
      });
    }
  }

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    if (charts[id]) charts[id].dispose();
    var map = document.getElementById("command-map");
    charts[id] = window.echarts.init(el, map && map.dataset.wall ? "dark" : null);
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
  document.addEventListener("DOMContentLoaded", function () {
    draw();
    var layers = document.getElementById("command-layers");  // the choices apply at once
    if (layers) layers.addEventListener("submit", function (event) { event.preventDefault(); });
    document.querySelectorAll("#command-layers input, #command-layers select").forEach(function (c) {
      c.addEventListener("change", function () {
        if (c.name !== "shade") drawLayers();
        else if (layer) layer.setStyle(style(counts()));
      });
    });
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    if (event.target && event.target.id === "command-body") draw();
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
})();
