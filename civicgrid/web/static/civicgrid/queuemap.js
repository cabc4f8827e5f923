// The cases of a list page on a map: a dot per case, red or yellow by card, a link in its popup,
// on the district's own base map (basemap.js).
// Drawn when the map's <details> is opened (Leaflet needs a visible box to measure).
(function () {
  var me = document.currentScript;
  function start() {
    var el = document.getElementById("queue-map");
    var data = document.getElementById("queue-markers");
    if (!el || !data || !window.L) return;
    var colours = { red: "#c0392b", yellow: "#d4a017", none: "#0b3d91" };
    var drawn = false;
    function draw() {
      if (drawn || !el.offsetWidth) return;
      drawn = true;
      var markers = JSON.parse(data.textContent);
      var map = L.map(el, { zoomSnap: 0.25, maxZoom: 19 });
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
          radius: 7, color: "#fff", weight: 2, fillColor: colours[m.card] || colours.none, fillOpacity: 0.9,
        }).bindPopup(popup).addTo(group);
      });
      if (markers.length) map.fitBounds(group.getBounds(), { padding: [20, 20], maxZoom: 17 });
      else map.setView([31.2, 121.4], 12);
      CivicMap.base(map);
      group.addTo(map);
      el.dataset.loaded = String(markers.length);
    }
    var details = el.closest("details");
    if (details) details.addEventListener("toggle", draw);
    draw();
  }
  if (window.CivicMap) { start(); return; }
  var s = document.createElement("script");  // the page did not bring the base map: fetch it
  s.src = me.src.replace(/[^/]+(\?.*)?$/, "basemap.js");
  s.onload = start;
  document.head.appendChild(s);
})();
