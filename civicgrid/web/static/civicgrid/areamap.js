// Draws an area and its children from the page's GeoJSON endpoint; children link to their page.
// Names are whatever an administrator typed: they go into the page as text, never as HTML.
(function () {
  function text(value) {
    var span = document.createElement("span");
    span.textContent = value;
    return span;
  }
  var el = document.getElementById("map");
  if (!el || !window.L) return;
  var map = L.map(el, { zoomSnap: 0.25 });
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
  }
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        style: function (f) {
          return f.properties.self
            ? { color: "#0b3d91", weight: 3, fill: false }
            : { color: "#1f77b4", weight: 1, fillOpacity: 0.12 };
        },
        onEachFeature: function (f, l) {
          if (f.properties.self) return;
          l.bindTooltip(text(f.properties.name), { permanent: f.properties.level >= 4, direction: "center", className: "grid-label" });
          l.on("click", function () { window.location = "../" + f.properties.code + "/"; });
        },
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds, { padding: [10, 10] });
      else map.setView([31.2, 121.4], 12);
      el.dataset.loaded = String(data.features.length);
    });
})();
