// The offline base map every map of the product stands on (docs/maps.md): the district's own
// streets, communities and grids with their names, its roads with theirs and the register's
// building outlines, drawn as Leaflet vector layers from /areas/basemap.json for the box in
// view. No tile server by default; with one configured (天地图, an intranet server) its tiles
// lie under the vector layers. GCJ-02 tiles (高德, 腾讯) are moved by the GCJ-02 offset so that
// the district's data, kept in WGS84 everywhere, land on them: overlays are never shifted.
//
//   CivicMap.base(map, {grids: true, roads: true, buildings: true, onBuilding: fn})
//       draws the layers on an existing L.map and keeps them to the view; returns a handle
//       {ready(fn), tiles, refresh()}. onBuilding(properties, latlng) makes outlines clickable.
//   CivicMap.map(element, options)     an L.map with the product's defaults, and base() on it
//   CivicMap.gcj02ToWgs84(lon, lat), CivicMap.wgs84ToGcj02(lon, lat) → [lon, lat]
//   CivicMap.text(value)               a <span> holding value as text (names are never HTML)
//
// Names are whatever an administrator typed: they reach the page as text, never as HTML.
(function () {
  "use strict";
  if (window.CivicMap) return;
  var script = document.currentScript;
  var ENDPOINT = (script && script.dataset.basemap) || "/areas/basemap.json";
  var STYLESHEET = script ? script.src.replace(/basemap\.js(\?.*)?$/, "basemap.css") : null;

  // ---- GCJ-02 (the published offset of Chinese map apps; core/geo.py is the same) ----------
  var A = 6378245.0, EE = 0.00669342162296594323, PI = Math.PI;
  function outsideChina(lon, lat) {
    return !(lon >= 72.004 && lon <= 137.8347 && lat >= 0.8293 && lat <= 55.8271);
  }
  function tLat(x, y) {
    var r = -100 + 2 * x + 3 * y + 0.2 * y * y + 0.1 * x * y + 0.2 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    r += (20 * Math.sin(y * PI) + 40 * Math.sin(y / 3 * PI)) * 2 / 3;
    r += (160 * Math.sin(y / 12 * PI) + 320 * Math.sin(y * PI / 30)) * 2 / 3;
    return r;
  }
  function tLon(x, y) {
    var r = 300 + x + 2 * y + 0.1 * x * x + 0.1 * x * y + 0.1 * Math.sqrt(Math.abs(x));
    r += (20 * Math.sin(6 * x * PI) + 20 * Math.sin(2 * x * PI)) * 2 / 3;
    r += (20 * Math.sin(x * PI) + 40 * Math.sin(x / 3 * PI)) * 2 / 3;
    r += (150 * Math.sin(x / 12 * PI) + 300 * Math.sin(x / 30 * PI)) * 2 / 3;
    return r;
  }
  function wgs84ToGcj02(lon, lat) {
    if (outsideChina(lon, lat)) return [lon, lat];
    var dLat = tLat(lon - 105, lat - 35), dLon = tLon(lon - 105, lat - 35);
    var rad = lat / 180 * PI, magic = 1 - EE * Math.sin(rad) * Math.sin(rad);
    var sq = Math.sqrt(magic);
    dLat = (dLat * 180) / ((A * (1 - EE)) / (magic * sq) * PI);
    dLon = (dLon * 180) / (A / sq * Math.cos(rad) * PI);
    return [lon + dLon, lat + dLat];
  }
  function gcj02ToWgs84(lon, lat) {
    if (outsideChina(lon, lat)) return [lon, lat];
    var wLon = lon, wLat = lat;
    for (var i = 0; i < 10; i++) {
      var g = wgs84ToGcj02(wLon, wLat), dLon = g[0] - lon, dLat = g[1] - lat;
      wLon -= dLon; wLat -= dLat;
      if (Math.abs(dLon) < 1e-9 && Math.abs(dLat) < 1e-9) break;
    }
    return [wLon, wLat];
  }

  function text(value) {
    var span = document.createElement("span");
    span.textContent = value == null ? "" : String(value);
    return span;
  }
  function escapeText(value) {
    return text(value).innerHTML;  // the attribution is set as HTML by Leaflet: keep it text
  }

  function ensureStylesheet() {
    if (!STYLESHEET || document.querySelector('link[data-cg-basemap]')) return;
    var link = document.createElement("link");
    link.rel = "stylesheet";
    link.href = STYLESHEET;
    link.dataset.cgBasemap = "1";
    document.head.appendChild(link);
  }

  // ---- tiles in GCJ-02: each tile moved by the offset at its centre ----------------------
  var ShiftedTiles = L.TileLayer.extend({
    _getTilePos: function (coords) {
      var pos = L.TileLayer.prototype._getTilePos.call(this, coords);
      var size = this.getTileSize(), map = this._map, z = coords.z;
      var centre = map.unproject(coords.scaleBy(size).add(size.divideBy(2)), z);
      var real = gcj02ToWgs84(centre.lng, centre.lat);  // where the tile's centre really is
      var shift = map.project(L.latLng(real[1], real[0]), z).subtract(map.project(centre, z));
      return pos.add(shift.round());
    },
    _pxBoundsToTileRange: function (bounds) {
      // one tile more on each side: a moved tile may be needed to fill the view's edge
      var range = L.TileLayer.prototype._pxBoundsToTileRange.call(this, bounds);
      return L.bounds(range.min.subtract([1, 1]), range.max.add([1, 1]));
    },
  });

  function tileLayer(config, url) {
    var options = {
      attribution: config.attribution ? escapeText(config.attribution) : "",
      subdomains: config.subdomains || "abc",
      maxZoom: 20,
      maxNativeZoom: config.maxZoom || 18,
    };
    return config.crs === "gcj02" ? new ShiftedTiles(url, options) : L.tileLayer(url, options);
  }

  // ---- label placement ---------------------------------------------------------------------
  function label(name, className, angle) {
    var outer = document.createElement("div");
    var inner = text(name);
    inner.className = "cg-label " + className;
    if (angle && Math.abs(angle) > 60) inner.className += " cg-label-vertical";  // 竖排, upright
    else if (angle) inner.style.transform = "translate(-50%, -50%) rotate(" + angle + "deg)";
    outer.appendChild(inner);
    return L.marker([0, 0], {
      icon: L.divIcon({ html: outer, className: "cg-label-anchor", iconSize: null }),
      interactive: false, keyboard: false, pane: "cgLabels",
    });
  }

  function nearestOnLine(map, latlngs, target) {
    // the point of a polyline nearest to target (pixels), with the segment's angle
    var best = null;
    for (var i = 0; i + 1 < latlngs.length; i++) {
      var a = map.latLngToLayerPoint(latlngs[i]), b = map.latLngToLayerPoint(latlngs[i + 1]);
      var p = L.LineUtil.closestPointOnSegment(target, a, b), d = p.distanceTo(target);
      if (!best || d < best.d) {
        var angle = Math.atan2(b.y - a.y, b.x - a.x) * 180 / PI;
        if (angle > 90) angle -= 180;
        if (angle < -90) angle += 180;
        best = { d: d, point: p, angle: angle };
      }
    }
    return best;
  }

  function ringsOf(geometry) {
    if (geometry.type === "Polygon") return [geometry.coordinates];
    if (geometry.type === "MultiPolygon") return geometry.coordinates;
    return [];
  }

  function linesOf(geometry) {
    if (geometry.type === "LineString") return [geometry.coordinates];
    if (geometry.type === "MultiLineString") return geometry.coordinates;
    return [];
  }

  // which names show at which zoom: streets when a district is in view, communities, then grids
  function levelShown(level, zoom) {
    if (level === 3) return zoom < 13.5;
    if (level === 4) return zoom >= 13.5 && zoom < 15;
    return zoom >= 15;
  }

  function base(map, opts) {
    opts = opts || {};
    var want = {
      grids: opts.grids !== false, roads: opts.roads !== false, buildings: opts.buildings !== false,
    };
    ensureStylesheet();
    map.getContainer().classList.add("cg-basemap");
    if (map.attributionControl) map.attributionControl.setPrefix(false);
    [["cgAreas", 350], ["cgRoads", 360], ["cgBuildings", 370], ["cgLabels", 380]].forEach(function (p) {
      if (!map.getPane(p[0])) {
        var pane = map.createPane(p[0]);
        pane.style.zIndex = p[1];
        if (p[0] === "cgLabels") pane.style.pointerEvents = "none";
      }
    });
    var areas = L.layerGroup().addTo(map);
    var roads = L.layerGroup().addTo(map);
    var buildings = L.layerGroup().addTo(map);
    var labels = L.layerGroup().addTo(map);
    var state = { data: null, controller: null, timer: null, tiles: null, waiting: [] };
    var handle = {
      tiles: null,
      layers: { areas: areas, roads: roads, buildings: buildings, labels: labels },
      ready: function (fn) { if (state.data) fn(state.data); else state.waiting.push(fn); },
      refresh: function () { load(); },
    };

    function addTiles(config) {
      if (state.tiles || !config || !config.url || opts.tiles === false) return;
      var group = L.layerGroup([tileLayer(config, config.url)]);
      if (config.labels) group.addLayer(tileLayer(config, config.labels));
      group.addTo(map);
      state.tiles = handle.tiles = group;
      map.getContainer().classList.add("cg-has-tiles");
    }

    function draw(data) {
      var zoom = map.getZoom();
      state.drawn = data; state.zoom = zoom;
      areas.clearLayers(); roads.clearLayers(); buildings.clearLayers();
      var withTiles = !!state.tiles;
      if (want.grids) {
        data.areas.features.forEach(function (f) {
          var level = f.properties.level;
          var style = level === 3
            ? { color: "#5b6b7f", weight: 2.5, dashArray: "8 5", fill: false }
            : level === 4
              ? { color: "#6f86a3", weight: 1.6, dashArray: "4 4", fill: false }
              : { color: "#8aa4c4", weight: 1, fillColor: "#dfe8f2", fillOpacity: withTiles ? 0 : 0.25 };
          style.pane = "cgAreas"; style.interactive = false;
          L.geoJSON(f, { style: style }).addTo(areas);
        });
      }
      if (want.roads) {
        data.roads.features.forEach(function (f) {
          var main = f.properties.main;
          if (!main && zoom < 13) return;  // a district in view: its main roads only
          var w = zoom >= 16 ? (main ? 12 : 8) : zoom >= 15 ? (main ? 8 : 5) : zoom >= 13 ? (main ? 4 : 2) : 2;
          var common = { pane: "cgRoads", interactive: false };
          if (zoom >= 14) {
            L.geoJSON(f, { style: L.extend({ color: "#cfc6b8", weight: w + 2, opacity: withTiles ? 0 : 1 }, common) }).addTo(roads);
          }
          L.geoJSON(f, { style: L.extend({ color: main ? "#f5d58c" : zoom >= 14 ? "#ffffff" : "#e3dccf", weight: w, opacity: withTiles ? 0 : 1 }, common) }).addTo(roads);
        });
      }
      if (want.buildings && zoom >= 15) {
        var clickable = typeof opts.onBuilding === "function";
        data.buildings.features.forEach(function (f) {
          var layer = L.geoJSON(f, {
            style: {
              pane: "cgBuildings", color: "#b4a79a", weight: 1, fillColor: "#ddd3c8",
              fillOpacity: withTiles ? 0.5 : 0.95, interactive: clickable,
              bubblingMouseEvents: !clickable,
            },
          });
          if (clickable) {
            layer.on("click", function (e) { opts.onBuilding(f.properties, e.latlng); });
            layer.bindTooltip(text(f.properties.address || f.properties.name), { sticky: true });
          }
          layer.addTo(buildings);
        });
      }
      placeLabels();
    }

    function settled() { delete map.getContainer().dataset.basemapPending; }

    function placeLabels() {
      labels.clearLayers();
      var data = state.data;
      if (!data) return;
      var zoom = map.getZoom(), view = map.getBounds(), centre = map.latLngToLayerPoint(map.getCenter());
      var placed = [];
      if (want.grids) {
        data.areas.features.forEach(function (f) {
          var level = f.properties.level;
          if (!levelShown(level, zoom)) return;
          var box = L.latLngBounds([]);
          ringsOf(f.geometry).forEach(function (rings) {
            rings[0].forEach(function (c) { box.extend([c[1], c[0]]); });
          });
          if (!box.isValid() || !box.intersects(view)) return;
          var sw = box.getSouthWest(), ne = box.getNorthEast(), vsw = view.getSouthWest(), vne = view.getNorthEast();
          var south = Math.max(sw.lat, vsw.lat), north = Math.min(ne.lat, vne.lat);
          var west = Math.max(sw.lng, vsw.lng), east = Math.min(ne.lng, vne.lng);
          // only an area enough of which is in view to hold its name
          var a = map.latLngToContainerPoint([north, west]), b = map.latLngToContainerPoint([south, east]);
          if (b.x - a.x < 70 || b.y - a.y < 24) return;
          var lat = (south + north) / 2, lng = (west + east) / 2;
          placed.push({ marker: label(f.properties.name, "cg-label-area cg-label-l" + level), at: [lat, lng] });
        });
      }
      if (want.roads && zoom >= 15) {
        data.roads.features.forEach(function (f) {
          var best = null;
          linesOf(f.geometry).forEach(function (line) {
            var found = nearestOnLine(map, line.map(function (c) { return L.latLng(c[1], c[0]); }), centre);
            if (found && (!best || found.d < best.d)) best = found;
          });
          if (!best) return;
          var at = map.layerPointToLatLng(best.point);
          if (!view.contains(at)) return;
          placed.push({ marker: label(f.properties.name, "cg-label-road", best.angle), at: [at.lat, at.lng] });
        });
      }
      var boxes = [];
      placed.forEach(function (p) {
        p.marker.setLatLng(p.at).addTo(labels);
        var el = p.marker.getElement() && p.marker.getElement().firstChild;
        var r = el && el.firstChild && el.firstChild.getBoundingClientRect();
        if (!r) return;
        var clash = boxes.some(function (b) {
          return r.left < b.right && r.right > b.left && r.top < b.bottom && r.bottom > b.top;
        });
        if (clash) labels.removeLayer(p.marker); else boxes.push(r);
      });
    }

    function bboxOf() {
      var b = map.getBounds().pad(map.getZoom() >= 15 ? 0.15 : 0.3);  // a margin to pan into
      var step = map.getZoom() >= 15 ? 0.002 : 0.01;  // snapped outward: neighbours share answers
      var w = Math.floor(b.getWest() / step) * step, s = Math.floor(b.getSouth() / step) * step;
      var e = Math.ceil(b.getEast() / step) * step, n = Math.ceil(b.getNorth() / step) * step;
      w = Math.max(-180, w); s = Math.max(-90, s); e = Math.min(180, e); n = Math.min(90, n);
      return [w, s, e, n].map(function (v) { return v.toFixed(4); }).join(",");
    }

    function load() {
      var bbox = bboxOf();
      if (state.data && state.bbox === bbox) {
        if (state.drawn !== state.data || state.zoom !== map.getZoom()) draw(state.data);
        else placeLabels();
        settled();
        return;
      }
      if (state.controller) state.controller.abort();
      var controller = window.AbortController ? new AbortController() : null;
      state.controller = controller;
      // public data: asked without the session (no cookie to refresh, one cached answer for all)
      fetch((opts.url || ENDPOINT) + "?bbox=" + bbox, {
        credentials: "omit", signal: controller ? controller.signal : undefined,
      })
        .then(function (r) { if (!r.ok) throw new Error("basemap " + r.status); return r.json(); })
        .then(function (data) {
          state.data = data; state.bbox = bbox;
          addTiles(data.tiles);
          draw(data);
          if (state.bbox === bboxOf()) settled();  // else the view moved on: another load comes
          map.getContainer().dataset.basemap = String(
            data.areas.features.length + data.roads.features.length + data.buildings.features.length
          );
          var waiting = state.waiting; state.waiting = [];
          waiting.forEach(function (fn) { fn(data); });
        })
        .catch(function (err) { if (!err || err.name !== "AbortError") map.getContainer().dataset.basemap = "error"; });
    }

    // data-basemap-pending on the container while the layers do not yet match the view
    map.on("movestart zoomstart", function () { map.getContainer().dataset.basemapPending = "1"; });
    map.on("moveend", function () {
      map.getContainer().dataset.basemapPending = "1";
      clearTimeout(state.timer);
      state.timer = setTimeout(load, 120);
    });
    map.getContainer().dataset.basemapPending = "1";
    map.whenReady(load);
    return handle;
  }

  function makeMap(element, options) {
    var map = L.map(element, L.extend({ zoomSnap: 0.25, maxZoom: 19 }, options || {}));
    map.cgBase = base(map, options && options.base);
    return map;
  }

  window.CivicMap = {
    base: base, map: makeMap, text: text,
    gcj02ToWgs84: gcj02ToWgs84, wgs84ToGcj02: wgs84ToGcj02,
  };
})();
