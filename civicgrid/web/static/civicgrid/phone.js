// The phone pages (web/phone.py, web/patrol.py, the case page on a phone):
// - queues: asks the browser for the position once (kept for five minutes in sessionStorage),
//   writes each card's distance from there (cards carry data-lon/data-lat, WGS84 like the
//   browser's position) and offers "nearest first" ([data-sort-near]) to sort the cards;
// - the patrol report: the location widget's "use my position" is pressed at once when the
//   form opens without a point; a switch with data-shows="#id" shows that part;
// - the case page: a link to #act-<action> (the main action button, a card's link) opens
//   that action's panel and brings it into view.
(function () {
  "use strict";
  var KEY = "cg-position", FRESH = 5 * 60 * 1000;

  function metres(lon1, lat1, lon2, lat2) {
    var r = 6371000, p1 = lat1 * Math.PI / 180, p2 = lat2 * Math.PI / 180;
    var dp = p2 - p1, dl = (lon2 - lon1) * Math.PI / 180;
    var a = Math.sin(dp / 2) * Math.sin(dp / 2) +
      Math.cos(p1) * Math.cos(p2) * Math.sin(dl / 2) * Math.sin(dl / 2);
    return 2 * r * Math.asin(Math.sqrt(a));
  }

  function say(el, text) { if (el) el.textContent = text || ""; }

  // The position, from this tab's last five minutes or from the browser (one prompt).
  function position(done, failed) {
    try {
      var kept = JSON.parse(sessionStorage.getItem(KEY) || "null");
      if (kept && Date.now() - kept.at < FRESH) { done(kept); return; }
    } catch (e) { /* storage off: ask the browser */ }
    if (!navigator.geolocation) { failed(); return; }
    navigator.geolocation.getCurrentPosition(function (p) {
      var got = { lon: p.coords.longitude, lat: p.coords.latitude, at: Date.now() };
      try { sessionStorage.setItem(KEY, JSON.stringify(got)); } catch (e) { /* not kept */ }
      done(got);
    }, failed, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
  }

  function distanceText(m, status) {
    var d = status ? status.dataset : {};
    if (m < 1000) return (d.metres || "%(n)s m").replace("%(n)s", String(Math.round(m / 10) * 10));
    return (d.km || "%(n)s km").replace("%(n)s", (m / 1000).toFixed(1));
  }

  function distances() {
    var lists = document.querySelectorAll("[data-near-list]");
    if (!lists.length) return;
    var status = document.querySelector("[data-near-status]");
    var sorter = document.querySelector("[data-sort-near]");
    say(status, status && status.dataset.asking);
    position(function (here) {
      say(status, "");
      lists.forEach(function (list) {
        list.querySelectorAll(".cg-card[data-lon]").forEach(function (card) {
          var m = metres(here.lon, here.lat, parseFloat(card.dataset.lon), parseFloat(card.dataset.lat));
          card.dataset.metres = String(Math.round(m));
          var out = card.querySelector("[data-distance]");
          if (out) out.textContent = " · " + distanceText(m, status);
        });
      });
      if (sorter) sorter.hidden = false;
      document.documentElement.dataset.nearKnown = "1";
    }, function () {
      say(status, status && status.dataset.refused);
      document.documentElement.dataset.nearKnown = "0";
    });
    if (sorter) sorter.addEventListener("click", function () {
      lists.forEach(function (list) {
        var cards = Array.prototype.slice.call(list.querySelectorAll(":scope > .cg-card"));
        cards.sort(function (a, b) {
          var x = a.dataset.metres ? +a.dataset.metres : Infinity;
          var y = b.dataset.metres ? +b.dataset.metres : Infinity;
          return x - y;
        });
        cards.forEach(function (c) { list.appendChild(c); });
      });
      sorter.setAttribute("aria-pressed", "true");
    });
  }

  function locate() {
    // the location widget (web/_location.html) has its own "use my position": on a patrol
    // report it is pressed once when the form opens without a point
    var widget = document.querySelector("[data-patrol-where] [data-location-me]");
    var empty = document.getElementById("lon");
    if (widget && empty && !empty.value && navigator.geolocation) {
      setTimeout(function () { widget.click(); }, 0);
    }
  }

  function toggles() {
    document.querySelectorAll("input[data-shows]").forEach(function (box) {
      var part = document.querySelector(box.dataset.shows);
      if (!part) return;
      function sync() { part.hidden = !box.checked; }
      box.addEventListener("change", sync);
      sync();
    });
  }

  // Open the action panel named by the address's #act-<action>, or by a link to it.
  function openAction(hash, focus) {
    if (!hash || hash.indexOf("#act-") !== 0) return false;
    var panel = document.getElementById(hash.slice(1));
    if (!panel || panel.tagName !== "DETAILS") return false;
    panel.open = true;
    panel.scrollIntoView({ block: "start" });
    if (focus) {
      var first = panel.querySelector("input:not([type=hidden]), select, textarea, button");
      if (first) first.focus({ preventScroll: true });
    }
    return true;
  }

  function actions() {
    openAction(window.location.hash, false);
    window.addEventListener("hashchange", function () { openAction(window.location.hash, false); });
    document.addEventListener("click", function (event) {
      var link = event.target.closest && event.target.closest("a[data-open-action]");
      if (!link) return;
      if (openAction(link.getAttribute("href"), true)) {
        event.preventDefault();
        history.replaceState(null, "", link.getAttribute("href"));
      }
    });
  }

  distances();
  locate();
  toggles();
  actions();
})();
