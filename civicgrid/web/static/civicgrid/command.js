// The command-centre wall: the map of the areas below (filled on a sequential scale over the
// real range of open cases or red cards, edged amber or red above the absolute thresholds; a
// click drills down on the wall, down to a grid), the cases' markers clustered, a heat layer of
// the last days' reports, the grid workers last seen today, and the charts (dark, titled, with
// named axes). htmx refreshes the figures every minute (the charts are drawn again and the
// areas recoloured; the map and the layer choices stay), the new reports every 15 s, the overdue
// list every 30 s and the workers every minute. Names are whatever an administrator typed: they
// go into the page as text (DOM nodes with textContent), never as HTML.
(function () {
  "use strict";
  function text(tag, value, cls) {
    var el = document.createElement(tag);
    el.textContent = value;
    if (cls) el.className = cls;
    return el;
  }
  // a JSON answer, or a rejection (a refused or failed request leaves the layer as it was)
  function json(r) {
    if (!r.ok) throw new Error("HTTP " + r.status + " " + r.url);
    return r.json();
  }
  function quiet() {}
  var data = function (id) {
    var el = document.getElementById(id);
    return el ? JSON.parse(el.textContent) : null;
  };
  var map = null, layer = null, markers = null, heat = null, workers = null, charts = {};
  var lastFeed = 0;
  var choice = function (id) {
    var el = document.getElementById(id);
    return el ? el.value : "";
  };
  var shade = function () {
    var el = document.querySelector("input[name=shade]:checked");
    return el ? el.value : "open";
  };

  // the scale's colours, as wall.css gives them to .wall-step-0 … 4
  var palette = null;
  function colours() {
    if (palette) return palette;
    palette = [];
    for (var i = 0; i < 5; i++) {
      var probe = text("span", "", "wall-step-" + i);
      probe.hidden = true;
      document.body.appendChild(probe);
      palette.push(window.getComputedStyle(probe).backgroundColor);
      probe.remove();
    }
    return palette;
  }
  var EDGE = { amber: "#ffc107", red: "#ff4d4f" };

  function children() {
    var out = {};
    (data("command-children") || []).forEach(function (c) { out[c.code] = c; });
    return out;
  }

  function style(f) {
    if (f.properties.self) return { color: "#4fc3f7", weight: 3, fill: false };
    var c = children()[f.properties.code];
    if (!c) return { color: "#4b6a99", weight: 1, fillColor: "#1b2d4a", fillOpacity: 0.5 };
    var step = shade() === "red" ? c.red_step : c.open_step;
    var edge = EDGE[c.status];
    return {
      color: edge || "#0b1a33", weight: edge ? 4 : 1, dashArray: c.status === "amber" ? "6 4" : null,
      fillColor: colours()[step] || colours()[0], fillOpacity: 0.72,
    };
  }

  function legend() {
    var by = shade();
    document.querySelectorAll("#wall-legend [data-shade]").forEach(function (el) {
      el.hidden = el.dataset.shade !== by;
    });
  }

  function drill(code) {
    var url = new URL(window.location.href);
    url.searchParams.set("area", code);
    window.location = url.toString();
  }

  function drawMap() {
    var el = document.getElementById("command-map");
    if (!el || !window.L) return;
    if (!map) {
      map = L.map(el, { zoomSnap: 0.25, maxZoom: 19, attributionControl: !!el.dataset.tiles });
      watchSize(el);
      // the area's box, rendered into the page: the view is set at once, so the base map loads
      // beside the areas' outlines instead of after them
      var box = (el.dataset.bbox || "").split(",").map(parseFloat);
      if (box.length === 4 && box.every(function (v) { return !isNaN(v); })) {
        map.fitBounds([[box[1], box[0]], [box[3], box[2]]], { padding: [10, 10] });
      }
      if (window.CivicMap && window.CivicMap.base) {
        map.cgBase = window.CivicMap.base(map, {});  // the offline base map (and tiles, if set)
      } else if (el.dataset.tiles) {
        L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
      }
    }
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(json)
      .then(function (geo) {
        if (layer) layer.remove();
        layer = L.geoJSON(geo, {
          style: style,
          onEachFeature: function (f, l) {
            if (f.properties.self) return;
            l.bindTooltip(function () {
              var c = children()[f.properties.code] || { open: 0, red: 0 };
              var box = document.createElement("div");
              box.appendChild(text("strong", f.properties.name));
              box.appendChild(text("div", (labels().open || "") + " " + c.open + " · " + (labels().red || "") + " " + c.red));
              return box;
            }, { direction: "center", className: "grid-label" });
            l.on("click", function () { drill(f.properties.code); });
          },
        }).addTo(map);
        fit();
        el.dataset.loaded = String(geo.features.length);
        drawLayers();
        drawWorkers();
      })
      .catch(quiet);
  }

  // the area in view: on load, and again whenever the map's box changes size (fonts, the live
  // panels filling, a resized window) until the user has moved or zoomed the map
  var touched = false;
  function fit() {
    if (!map || !layer) return;
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
    else map.setView([31.2, 121.4], 12);
  }
  function watchSize(el) {
    ["mousedown", "wheel", "touchstart", "keydown"].forEach(function (type) {
      el.addEventListener(type, function () { touched = true; }, { passive: true });
    });
    if (!window.ResizeObserver) return;
    var last = "";
    new ResizeObserver(function () {
      var now = el.clientWidth + "x" + el.clientHeight;
      if (now === last || !el.clientHeight) return;
      last = now;
      map.invalidateSize(false);
      if (!touched) fit();
    }).observe(el);
  }

  function cells(which, days) {
    var el = document.getElementById("command-map");
    var url = new URL(el.dataset.cells, window.location.href);
    url.searchParams.set("layer", which);
    if (days) url.searchParams.set("days", days);
    return fetch(url, { credentials: "same-origin" }).then(json);
  }

  // Each marker stands for a cell of cases (its count in options.count); a cluster shows the sum.
  function clusterIcon(cluster) {
    var n = cluster.getAllChildMarkers().reduce(function (sum, m) { return sum + m.options.count; }, 0);
    var size = n < 10 ? "small" : n < 100 ? "medium" : "large";
    var box = document.createElement("div");
    box.appendChild(text("span", String(n)));
    return L.divIcon({ html: box, className: "marker-cluster marker-cluster-" + size, iconSize: L.point(40, 40) });
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
          markers.addLayer(L.marker([c[0], c[1]], {
            count: c[2], keyboard: false,
            icon: L.divIcon({ className: "cell-marker cell-" + which, html: text("span", String(c[2])), iconSize: [24, 24] }),
          }));
        });
        markers.addTo(map);
        el.dataset.markers = String(got.cases);
      }).catch(quiet);
    }
    if (days && L.heatLayer) {
      cells("reports", days).then(function (got) {
        if (mine !== drawn) return;
        var top = got.cells.reduce(function (m, c) { return Math.max(m, c[2]); }, 1);
        heat = L.heatLayer(got.cells, { radius: 22, blur: 18, max: top, minOpacity: 0.3 }).addTo(map);
        el.dataset.heat = String(got.cases);
      }).catch(quiet);
    }
  }

  // the workers seen today: one marker each, from the list's data-lon / data-lat
  function drawWorkers() {
    if (!map) return;
    if (workers) { workers.remove(); workers = null; }
    var box = document.getElementById("layer-workers");
    if (box && !box.checked) return;
    workers = L.layerGroup();
    var n = 0;
    document.querySelectorAll("#wall-duty [data-lat]").forEach(function (li) {
      var lat = parseFloat(li.dataset.lat), lon = parseFloat(li.dataset.lon);
      if (isNaN(lat) || isNaN(lon)) return;
      var m = L.marker([lat, lon], {
        keyboard: false,
        icon: L.divIcon({ className: "", html: text("div", "", "wall-worker-marker"), iconSize: [18, 18] }),
      });
      m.bindTooltip(function () {
        var tip = document.createElement("div");
        tip.appendChild(text("strong", li.dataset.name));
        tip.appendChild(text("div", (labels().seen || "") + " " + li.dataset.seen));
        return tip;
      }, { className: "grid-label" });
      workers.addLayer(m);
      n += 1;
    });
    workers.addTo(map);
    var el = document.getElementById("command-map");
    if (el) el.dataset.workers = String(n);
  }

  function labels() { return data("command-labels") || {}; }

  var AXIS = { axisLine: { lineStyle: { color: "#5d7aa6" } }, axisLabel: { color: "#dbe6f7", fontSize: 13 },
    splitLine: { lineStyle: { color: "#1d3357" } }, nameTextStyle: { color: "#a8b9d6", fontSize: 13 } };
  function axis(extra) { return Object.assign({}, AXIS, extra); }

  function chart(id, option) {
    var el = document.getElementById(id);
    if (!el || !window.echarts) return;
    if (charts[id]) charts[id].dispose();
    charts[id] = window.echarts.init(el, "dark");
    if (window.ResizeObserver && !el.dataset.watched) {
      el.dataset.watched = "1";
      new ResizeObserver(function () { if (charts[id]) charts[id].resize(); }).observe(el);
    }
    option.backgroundColor = "transparent";
    option.textStyle = { fontSize: 14 };
    charts[id].setOption(option);
  }

  function drawCharts() {
    var c = data("command-charts"), l = labels();
    if (!c) return;
    var tip = { trigger: "axis", axisPointer: { type: "shadow" } };
    var channels = c.channels || [];
    chart("chart-channels", {
      tooltip: tip, grid: { left: 8, right: 36, top: 6, bottom: 24, containLabel: true },
      xAxis: axis({ type: "value", minInterval: 1, name: l.cases, nameLocation: "middle", nameGap: 22 }),
      yAxis: axis({ type: "category", inverse: true, data: channels.map(function (t) { return t.label; }), axisLabel: { color: "#dbe6f7", fontSize: 13, interval: 0 } }),
      series: [{ type: "bar", barMaxWidth: 28, data: channels.map(function (t) { return t.count; }), itemStyle: { color: "#4fc3f7" },
        label: { show: true, position: "right", color: "#fff", fontSize: 14 } }],
    });
    var el = document.getElementById("chart-classes");
    var width = el ? Math.max(120, Math.round(el.clientWidth * 0.5)) : 160;
    chart("chart-classes", {
      tooltip: tip, grid: { left: 8, right: 36, top: 6, bottom: 24, containLabel: true },
      xAxis: axis({ type: "value", minInterval: 1, name: l.cases, nameLocation: "middle", nameGap: 22 }),
      yAxis: axis({ type: "category", inverse: true, data: c.top_classes.map(function (t) { return t.name; }),
        axisLabel: { color: "#dbe6f7", fontSize: 13, width: width, overflow: "break", lineHeight: 15, interval: 0 } }),
      series: [{ type: "bar", barMaxWidth: 28, data: c.top_classes.map(function (t) { return t.count; }), itemStyle: { color: "#ffb74d" },
        label: { show: true, position: "right", color: "#fff" } }],
    });
    chart("chart-daily", {
      tooltip: { trigger: "axis" }, legend: { top: 0, textStyle: { color: "#dbe6f7", fontSize: 13 } },
      grid: { left: 8, right: 12, top: 30, bottom: 22, containLabel: true },
      xAxis: axis({ type: "category", data: c.days.map(function (d) { return d.slice(5); }), name: l.day, nameLocation: "middle", nameGap: 24 }),
      yAxis: axis({ type: "value", minInterval: 1, name: l.cases }),
      series: [
        { name: l.reported, type: "line", data: c.reported, showSymbol: false, lineStyle: { width: 2 }, itemStyle: { color: "#4fc3f7" } },
        { name: l.closed, type: "line", data: c.closed, showSymbol: false, lineStyle: { width: 2 }, itemStyle: { color: "#81c784" } },
      ],
    });
    chart("chart-hours", {
      tooltip: tip, grid: { left: 8, right: 12, top: 30, bottom: 22, containLabel: true },
      xAxis: axis({ type: "category", data: c.hours.map(function (_, h) { return String(h); }), name: l.hour, nameLocation: "middle", nameGap: 24 }),
      yAxis: axis({ type: "value", minInterval: 1, name: l.cases }),
      series: [{ type: "bar", barMaxWidth: 28, data: c.hours, itemStyle: { color: "#9575cd" } }],
    });
  }

  function recolour() { if (layer) layer.setStyle(style); legend(); }

  // The district's time (settings.TIME_ZONE, in data-zone), not the browser's: a wall whose
  // computer is set to UTC still shows the time of the "as of" beside it. The zone's offset
  // rendered by the server (data-offset, minutes) serves if the browser's Intl lacks the zone.
  function clockText(el, now) {
    var pad = function (n) { return (n < 10 ? "0" : "") + n; };
    if (el.dataset.zone && window.Intl) {
      try {
        var parts = {};
        new Intl.DateTimeFormat("en-GB", {
          timeZone: el.dataset.zone, hourCycle: "h23", year: "numeric", month: "2-digit",
          day: "2-digit", hour: "2-digit", minute: "2-digit",
        }).formatToParts(now).forEach(function (p) { parts[p.type] = p.value; });
        return parts.year + "-" + parts.month + "-" + parts.day + " " + parts.hour + ":" + parts.minute;
      } catch (e) { /* an unknown zone: the offset below */ }
    }
    var offset = parseInt(el.dataset.offset || "0", 10) || 0;
    var d = new Date(now.getTime() + offset * 60000);
    return d.getUTCFullYear() + "-" + pad(d.getUTCMonth() + 1) + "-" + pad(d.getUTCDate()) + " " + pad(d.getUTCHours()) + ":" + pad(d.getUTCMinutes());
  }
  function tickClock() {
    var el = document.getElementById("wall-clock");
    if (!el) return;
    el.textContent = clockText(el, new Date());
  }

  // new reports since the last look flash once
  function markNew(root) {
    var top = lastFeed;
    root.querySelectorAll("[data-id]").forEach(function (li) {
      var id = parseInt(li.dataset.id, 10);
      if (lastFeed && id > lastFeed) li.classList.add("is-new");
      top = Math.max(top, id);
    });
    lastFeed = top;
  }

  document.addEventListener("DOMContentLoaded", function () {
    if (!document.getElementById("wall")) return;
    tickClock();
    legend();
    drawMap();
    // the charts after the first paint (ECharts' set-up of four charts is the page's longest task)
    (window.requestAnimationFrame || window.setTimeout)(function () { window.setTimeout(drawCharts, 0); });
    window.setInterval(tickClock, 15000);
    var layers = document.getElementById("command-layers");  // the choices apply at once
    if (layers) layers.addEventListener("submit", function (event) { event.preventDefault(); });
    document.querySelectorAll("#command-layers input, #command-layers select").forEach(function (c) {
      c.addEventListener("change", function () {
        if (c.name === "shade") recolour();
        else if (c.id === "layer-workers") drawWorkers();
        else drawLayers();
      });
    });
  });
  document.body.addEventListener("htmx:afterSettle", function (event) {
    var t = event.target;
    if (!t) return;
    if (t.id === "command-body") { drawCharts(); recolour(); }
    else if (t.id === "wall-live") {
      var feed = document.getElementById("wall-feed");
      if (feed) markNew(feed);
      drawWorkers();
    }
  });
  window.addEventListener("resize", function () {
    Object.keys(charts).forEach(function (id) { charts[id].resize(); });
  });
})();
