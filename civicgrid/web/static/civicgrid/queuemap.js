// The cases of a list page on a map: a dot per case, red or yellow by card, a link in its popup.
// Drawn when the map's <details> is opened (Leaflet needs a visible box to measure).
(function () {
  var el = document.getElementById("queue-map");
  var data = document.getElementById("queue-markers");
  if (!el || !data || !window.L) return;
  var colours = { red: "#c0392b", yellow: "#d4a017", none: "#0b3d91" };
  var drawn = false;
  function draw() {
    if (drawn || !el.offsetWidth) return;
    drawn = true;
    var markers = JSON.parse(data.textContent);
    var map = L.map(el, { zoomSnap: 0.25 });
    if (el.dataset.tiles) {
      L.tileLayer(el.dataset.tiles, { attribution: el.dataset.attribution || "", maxZoom: 19 }).addTo(map);
    }
    var group = L.featureGroup();
    markers.forEach(function (m) {
      var link = document.createElement("a");
      link.href = m.url;
      link.textContent = m.number;
      var popup = document.createElement("div");
      popup.appendChild(link);
      popup.appendChild(document.createElement("br"));
      popup.appendChild(document.createTextNode(m.label));
      L.circleMarker([m.lat, m.lon], {
        radius: 7, color: colours[m.card] || colours.none, fillOpacity: 0.8,
      }).bindPopup(popup).addTo(group);
    });
    group.addTo(map);
    map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 17 });
    el.dataset.loaded = String(markers.length);
  }
  var details = el.closest("details");
  if (details) details.addEventListener("toggle", draw);
  draw();
})();
