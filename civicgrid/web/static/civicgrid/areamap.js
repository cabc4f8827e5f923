// Draws an area and its children from the page's GeoJSON endpoint on the district's own base
// map (basemap.js: roads and buildings); children link to their page.
// Names are whatever an administrator typed: they go into the page as text, never as HTML.
(function () {
  var me = document.currentScript;
  function start() {
    var el = document.getElementById("map");
    if (!el || !window.L) return;
    var map = L.map(el, { zoomSnap: 0.25, maxZoom: 19 });
    fetch(el.dataset.geojson, { credentials: "same-origin" })
      .then(function (r) { return r.json(); })
      .then(function (data) {
        var layer = L.geoJSON(data, {
          style: function (f) {
            return f.properties.self
              ? { color: "#0b3d91", weight: 3, fill: false }
              : { color: "#1f77b4", weight: 1.5, fillOpacity: 0.08 };
          },
          onEachFeature: function (f, l) {
            if (f.properties.self) return;
            l.bindTooltip(CivicMap.text(f.properties.name), { permanent: f.properties.level >= 4, direction: "center", className: "grid-label" });
            l.on("click", function () { window.location = "../" + f.properties.code + "/"; });
          },
        });
        var bounds = layer.getBounds();
        if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
        else map.setView([31.2, 121.4], 12);
        // the page's own areas carry the names: the base map adds roads and buildings
        CivicMap.base(map, { grids: false });
        layer.addTo(map);
        el.dataset.loaded = String(data.features.length);
      });
  }
  if (window.CivicMap) { start(); return; }
  var s = document.createElement("script");  // the page did not bring the base map: fetch it
  s.src = me.src.replace(/[^/]+(\?.*)?$/, "basemap.js");
  s.onload = start;
  document.head.appendChild(s);
})();
