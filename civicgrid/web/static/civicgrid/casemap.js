// Shows a case's point inside its grid on the case page (no external tiles unless configured).
(function () {
  var el = document.getElementById("case-map");
  if (!el || !window.L) return;
  var point = [parseFloat(el.dataset.lat), parseFloat(el.dataset.lon)];
  var map = L.map(el, { zoomSnap: 0.25 }).setView(point, 16);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
  }
  L.circleMarker(point, { radius: 7, color: "#c0392b", fillOpacity: 0.8 }).addTo(map);
  if (!el.dataset.geojson) return;
  fetch(el.dataset.geojson, { credentials: "same-origin" })
    .then(function (r) { return r.json(); })
    .then(function (data) {
      var layer = L.geoJSON(data, {
        filter: function (f) { return f.properties.self; },
        style: { color: "#0b3d91", weight: 2, fillOpacity: 0.05 },
      }).addTo(map);
      var bounds = layer.getBounds();
      if (bounds.isValid()) map.fitBounds(bounds.extend(point), { padding: [10, 10] });
      el.dataset.loaded = "1";
    });
})();
