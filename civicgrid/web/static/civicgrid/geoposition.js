// Fills the hidden lon/lat fields of on-site forms (verify, check) with the browser's position.
(function () {
  var fields = document.querySelectorAll("[data-geo]");
  if (!fields.length || !navigator.geolocation) return;
  navigator.geolocation.getCurrentPosition(function (p) {
    fields.forEach(function (f) {
      f.value = f.dataset.geo === "lon" ? p.coords.longitude.toFixed(6) : p.coords.latitude.toFixed(6);
    });
  }, function () { /* refused or unavailable: the result is recorded without a position */ },
  { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
})();
