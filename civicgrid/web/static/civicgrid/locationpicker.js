// The location widget (web/_location.html, docs/maps.md): an address typed as the caller says
// it, with suggestions from the standard address index; a map on the district's own base map
// (basemap.js) where a click sets the point; "use my position" (the browser's position, WGS84);
// and the grid the point lies in. Fills the form's address, lon, lat (and building) fields.
// Announces each placed point: "cg:located" on the widget (detail: {lon, lat, grid}) and
// "cg:placed" on <body> (what the portal's nearby reports listen to).
(function () {
  "use strict";
  var widgets = document.querySelectorAll("[data-location]");
  if (!widgets.length || !window.L || !window.CivicMap) return;

  function debounce(fn, ms) {
    var timer = null;
    return function () {
      var args = arguments;
      clearTimeout(timer);
      timer = setTimeout(function () { fn.apply(null, args); }, ms);
    };
  }

  function setup(root) {
    var p = root.dataset.prefix || "";
    var byId = function (id) { return document.getElementById(p + id); };
    var address = byId("address"), list = byId("address-options");
    var lon = byId("lon"), lat = byId("lat"), building = byId("building"), gcj = byId("gcj02");
    var mapEl = root.querySelector("[data-location-map]");
    var gridName = root.querySelector("[data-location-grid-name]");
    var status = root.querySelector("[data-location-status]");
    var meButton = root.querySelector("[data-location-me]");
    var words = root.dataset;
    var items = [], active = -1, source = lon.value ? "typed" : null, fetching = null;
    var placed = 0;  // the point's number: an answer about an earlier point is dropped

    var map = L.map(mapEl, { zoomSnap: 0.25, maxZoom: 19 });
    var base = null;
    var pin = L.divIcon({ className: "cg-location-pin", html: "<span></span>", iconSize: null });
    var marker = null;

    function say(message) { if (status) status.textContent = message || ""; }

    function showGrid(grid) {
      root.dataset.grid = grid ? grid.code : "";
      if (!grid) { gridName.textContent = words.noGrid; return; }
      var parts = [grid.name];
      if (grid.community && grid.community.name) parts.push(grid.community.name);
      if (grid.street && grid.street.name) parts.push(grid.street.name);
      gridName.textContent = parts.join(" · ");
    }

    function announce(grid) {
      var detail = { lon: parseFloat(lon.value), lat: parseFloat(lat.value), grid: grid };
      root.dispatchEvent(new CustomEvent("cg:located", { detail: detail, bubbles: true }));
      document.body.dispatchEvent(new CustomEvent("cg:placed"));
      var select = words.communitySelect && document.getElementById(words.communitySelect);
      var community = grid && (grid.community ? grid.community.code : grid.parent_code);
      if (select && community) {
        var option = select.querySelector('option[data-code="' + community.replace(/"/g, "") + '"]');
        if (option) { select.value = option.value; select.dispatchEvent(new Event("change", { bubbles: true })); }
      }
    }

    function locate(lonValue, latValue, crs) {
      var mine = placed;
      gridName.textContent = words.locating;
      var url = words.locate + "?lon=" + encodeURIComponent(lonValue) + "&lat=" + encodeURIComponent(latValue) + "&crs=" + crs;
      // the staff API answers within the session's scope; the public locate needs no session
      var credentials = words.locate.indexOf("/api/") === 0 ? "same-origin" : "omit";
      fetch(url, { credentials: credentials, headers: { Accept: "application/json" } })
        .then(function (r) { return r.ok ? r.json() : { grid: null }; })
        .then(function (data) { if (mine === placed) { showGrid(data.grid); announce(data.grid); } })
        .catch(function () { if (mine === placed) gridName.textContent = words.noGrid; });
    }

    function mark(latlng, zoom) {
      if (marker) marker.setLatLng(latlng);
      else marker = L.marker(latlng, { icon: pin, keyboard: false, title: words.pinTitle }).addTo(map);
      if (zoom) map.setView(latlng, Math.max(map.getZoom() || 0, zoom));
      else if (!map.getBounds().contains(latlng)) map.panTo(latlng);
    }

    // a point in WGS84 from the map, the browser or a chosen address
    function setPoint(latlng, how, grid) {
      placed += 1;
      lon.value = latlng.lng.toFixed(6);
      lat.value = latlng.lat.toFixed(6);
      if (gcj) gcj.checked = false;
      source = how;
      mark(latlng, how === "map" ? 0 : 16);
      if (grid) showGrid(grid);  // the address's grid at once
      if (grid && (grid.community || grid.parent_code)) announce(grid);
      else locate(lon.value, lat.value, "wgs84");  // the grid with its community and street
    }

    function clearPoint() {
      placed += 1;
      lon.value = ""; lat.value = "";
      if (building) building.value = "";
      if (marker) { map.removeLayer(marker); marker = null; }
      source = null;
      root.dataset.grid = "";
      gridName.textContent = "—";
    }

    // ---- the address and its suggestions --------------------------------------------------
    function close() {
      list.hidden = true;
      address.setAttribute("aria-expanded", "false");
      address.removeAttribute("aria-activedescendant");
      active = -1;
    }

    function highlight(i) {
      var options = list.querySelectorAll("[role=option]");
      options.forEach(function (o, k) { o.setAttribute("aria-selected", k === i ? "true" : "false"); });
      active = i;
      if (i >= 0 && options[i]) {
        address.setAttribute("aria-activedescendant", options[i].id);
        options[i].scrollIntoView({ block: "nearest" });
      }
    }

    function render(found) {
      items = found;
      list.textContent = "";
      if (!found.length) {
        var none = document.createElement("li");
        none.className = "cg-suggest-empty";
        none.textContent = words.noMatch;
        list.appendChild(none);
      }
      found.forEach(function (item, i) {
        var li = document.createElement("li");
        li.id = p + "address-option-" + i;
        li.setAttribute("role", "option");
        li.setAttribute("aria-selected", "false");
        var main = document.createElement("span");
        main.textContent = item.text;
        li.appendChild(main);
        var meta = [item.label && item.label !== item.text ? item.label : "", item.grid ? item.grid.name : ""]
          .filter(Boolean).join(" · ");
        if (meta) {
          var small = document.createElement("span");
          small.className = "cg-suggest-meta";
          small.textContent = meta;
          li.appendChild(small);
        }
        li.addEventListener("mousedown", function (e) { e.preventDefault(); choose(i); });
        list.appendChild(li);
      });
      list.hidden = false;
      address.setAttribute("aria-expanded", "true");
      active = -1;
      say(found.length ? words.found.replace("%(n)s", found.length) : words.noMatch);
    }

    function choose(i) {
      var item = items[i];
      if (!item) return;
      address.value = item.text;
      if (building) building.value = item.building || "";
      close();
      if (item.lon != null && item.lat != null) {
        setPoint(L.latLng(item.lat, item.lon), "address", item.grid || null);
      }
      root.dataset.chosen = item.text;
    }

    var suggest = debounce(function () {
      var q = address.value.trim();
      if (q.length < 2 || !words.suggest) { close(); return; }
      if (fetching) fetching.abort();
      fetching = window.AbortController ? new AbortController() : null;
      fetch(words.suggest + "?limit=8&q=" + encodeURIComponent(q), {
        credentials: "same-origin", headers: { Accept: "application/json" },
        signal: fetching ? fetching.signal : undefined,
      })
        .then(function (r) { return r.ok ? r.json() : { items: [] }; })
        .then(function (data) { if (address.value.trim() === q) render(data.items || []); })
        .catch(function () { /* a newer request replaced this one, or offline: no list */ });
    }, 150);

    address.addEventListener("input", function () {
      if (source === "address") clearPoint();  // the chosen address no longer says where
      suggest();
    });
    address.addEventListener("keydown", function (e) {
      var open = !list.hidden && items.length;
      if (e.key === "ArrowDown" && open) { e.preventDefault(); highlight(Math.min(active + 1, items.length - 1)); }
      else if (e.key === "ArrowUp" && open) { e.preventDefault(); highlight(Math.max(active - 1, 0)); }
      else if (e.key === "Enter" && open && active >= 0) { e.preventDefault(); choose(active); }
      else if (e.key === "Escape" && !list.hidden) { e.preventDefault(); close(); }
    });
    address.addEventListener("blur", function () { setTimeout(close, 150); });

    // ---- the map ----------------------------------------------------------------------------
    map.on("click", function (e) {
      if (building) building.value = "";
      setPoint(e.latlng, "map");
    });
    mapEl.addEventListener("keydown", function (e) {
      if ((e.key === "Enter" || e.key === " ") && e.target === mapEl) {
        e.preventDefault();
        if (building) building.value = "";
        setPoint(map.getCenter(), "map");
      }
    });

    function startBase() {
      base = CivicMap.base(map, {
        onBuilding: function (props, latlng) {
          // a building's outline: its address, unless the form already has one typed
          if (!address.value.trim() || source === "address" || source === "building") {
            address.value = props.address || props.name || "";
          }
          if (building) building.value = props.code || "";
          setPoint(latlng, "map");
          source = "building";
        },
      });
      mapEl.dataset.ready = "1";
      return base;
    }

    // ---- typed coordinates (staff: from a caller's map app, maybe GCJ-02) --------------------
    function typed() {
      var x = parseFloat(lon.value), y = parseFloat(lat.value);
      if (!isFinite(x) || !isFinite(y) || Math.abs(x) > 180 || Math.abs(y) > 90) return;
      var shown = gcj && gcj.checked ? CivicMap.gcj02ToWgs84(x, y) : [x, y];
      source = "typed";
      placed += 1;
      mark(L.latLng(shown[1], shown[0]), 16);
      locate(x, y, gcj && gcj.checked ? "gcj02" : "wgs84");
    }
    if (lon.type !== "hidden") {
      [lon, lat, gcj].forEach(function (f) { if (f) f.addEventListener("change", typed); });
    }

    // ---- my position ----------------------------------------------------------------------
    if (meButton) {
      if (!navigator.geolocation) { meButton.disabled = true; }
      meButton.addEventListener("click", function () {
        if (!navigator.geolocation) return;
        say(words.finding);
        meButton.disabled = true;
        navigator.geolocation.getCurrentPosition(function (pos) {
          meButton.disabled = false;
          say("");
          if (building) building.value = "";
          // browsers give WGS84 (the GPS's own system): no GCJ-02 conversion
          setPoint(L.latLng(pos.coords.latitude, pos.coords.longitude), "gps");
        }, function () {
          meButton.disabled = false;
          say(words.noPosition);
        }, { enableHighAccuracy: true, timeout: 10000, maximumAge: 60000 });
      });
    }

    // ---- first view: the point the form came back with, else the whole district -----------
    var x0 = parseFloat(lon.value), y0 = parseFloat(lat.value);
    if (isFinite(x0) && isFinite(y0)) {
      var shown = gcj && gcj.checked ? CivicMap.gcj02ToWgs84(x0, y0) : [x0, y0];
      map.setView([shown[1], shown[0]], 16);
      startBase();
      mark(L.latLng(shown[1], shown[0]));
      locate(x0, y0, gcj && gcj.checked ? "gcj02" : "wgs84");
    } else {
      fetch(words.extent, { credentials: "omit" })
        .then(function (r) { return r.json(); })
        .then(function (data) {
          var b = data.bbox;
          if (b) map.fitBounds([[b[1], b[0]], [b[3], b[2]]]);
          else map.setView([31.2, 121.4], 12);
          startBase();
        })
        .catch(function () { map.setView([31.2, 121.4], 12); startBase(); });
    }
  }

  widgets.forEach(setup);
})();
