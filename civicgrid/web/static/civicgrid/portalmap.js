// The portal's report map: grids as a background, a click (or "Here") sets the point.
(function () {
  var el = document.getElementById("portal-map");
  if (!el || !window.L) return;
  var lon = document.getElementById("lon"), lat = document.getElementById("lat");
  var map = L.map(el, { zoomSnap: 0.25 }).setView([31.2, 121.4], 12);
  if (el.dataset.tiles) {
    L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
  }
  var marker = null;
  function place(latlng) {
    if (marker) marker.setLatLng(latlng); else marker = L.marker(latlng).addTo(map);
    lon.value = latlng.lng.toFixed(6);
    lat.value = latlng.lat.toFixed(6);
    // the nearby reports below follow the chosen place (htmx listens for this event)
    document.body.dispatchEvent(new CustomEvent("cg:placed"));
  }
  map.on("click", function (e) { place(e.latlng); });
  fetch(el.dataset.geojson).then(function (r) { return r.json(); }).then(function (data) {
    var layer = L.geoJSON(data, { style: { color: "#1f77b4", weight: 1, fillOpacity: 0.06 } }).addTo(map);
    layer.on("click", function (e) { place(e.latlng); });
    var bounds = layer.getBounds();
    if (bounds.isValid()) map.fitBounds(bounds);
    if (lon.value && lat.value) place(L.latLng(parseFloat(lat.value), parseFloat(lon.value)));
    el.dataset.loaded = String(data.features.length);
  });
  var here = document.getElementById("locate-me");
  if (here && navigator.geolocation) {
    here.addEventListener("click", function () {
      navigator.geolocation.getCurrentPosition(function (p) {
        var ll = L.latLng(p.coords.latitude, p.coords.longitude);
        place(ll); map.setView(ll, 16);
      });
    });
  } else if (here) { here.disabled = true; }
})();
