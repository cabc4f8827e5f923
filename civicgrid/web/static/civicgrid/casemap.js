// Shows a case's point inside its grid on the case page, on the district's own base map
// (basemap.js: roads, buildings, names; a tile server only if configured).
(function () {
  var me = document.currentScript;
  function start() {
    var el = document.getElementById("case-map");
    if (!el || !window.L) return;
    var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
    var map = L.map(el, { zoomSnap: 0.25, maxZoom: 19 }).setView(point, 16);
    CivicMap.base(map);
    L.circleMarker(point, { radius: 8, color: "#fff", weight: 2, fillColor: "#c0392b", fillOpacity: 0.95 }).addTo(map);
    if (!el.dataset.geojson) return;
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        // the grid's outline around the point (the view stays close enough to read the roads)
        L.geoJSON(data, {
          filter: function (f) { return f.properties.self; },
          style: { color: "#0b3d91", weight: 3, fill: false, interactive: false },
        }).addTo(map);
        el.dataset.loaded = "1";
      });
  }
  if (window.CivicMap) { start(); return; }
  var s = document.createElement("script");  // the page did not bring the base map: fetch it
  s.src = me.src.replace(/[^/]+(\?.*)?$/, "basemap.js");
  s.onload = start;
  document.head.appendChild(s);
})();
