/* The residents' report page: the plain-language class picker (a picture narrows to its classes,
   typing suggests classes from /portal/classes). */
(function () {
  "use strict";

  var tiles = document.getElementById("plain-choices");
  var list = document.getElementById("class-list");
  var search = document.getElementById("class-search");
  if (!tiles || !list) return;
  var url = tiles.dataset.classesUrl;
  var asked = 0;

  function show(items, title) {
    list.textContent = "";
    var legend = document.createElement("legend");
    legend.className = "h6";
    legend.textContent = (title ? title + ": " : "") + list.dataset.legend;
    list.appendChild(legend);
    if (!items.length) {
      var none = document.createElement("p");
      none.className = "text-muted small mb-0";
      none.textContent = list.dataset.empty;
      list.appendChild(none);
      return;
    }
    var row = document.createElement("div");
    row.className = "d-flex flex-wrap gap-2";
    items.forEach(function (item) {
      var input = document.createElement("input");
      input.className = "btn-check";
      input.type = "radio";
      input.name = "case_class";
      input.id = "cc-" + item.code;
      input.value = item.code;
      input.required = true;
      var label = document.createElement("label");
      label.className = "btn btn-sm btn-outline-secondary";
      label.htmlFor = input.id;
      label.textContent = item.label;
      label.title = item.group;
      row.appendChild(input);
      row.appendChild(label);
    });
    list.appendChild(row);
  }

  function ask(query, title) {
    var mine = ++asked;
    fetch(url + "?" + query, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { return r.ok ? r.json() : { items: [] }; })
      .then(function (data) { if (mine === asked) show(data.items || [], title); })
      .catch(function () { /* the tiles still work as links */ });
  }

  tiles.addEventListener("click", function (event) {
    var tile = event.target.closest("[data-choice]");
    if (!tile) return;
    event.preventDefault();
    tiles.querySelectorAll("[data-choice]").forEach(function (t) {
      t.classList.toggle("active", t === tile);
      if (t === tile) t.setAttribute("aria-current", "true"); else t.removeAttribute("aria-current");
    });
    if (search) search.value = "";
    ask("choice=" + encodeURIComponent(tile.dataset.choice), tile.textContent.trim());
  });

  if (search) {
    var timer = null;
    search.addEventListener("input", function () {
      clearTimeout(timer);
      var q = search.value.trim();
      if (!q) return;
      timer = setTimeout(function () {
        tiles.querySelectorAll("[data-choice]").forEach(function (t) {
          t.classList.remove("active");
          t.removeAttribute("aria-current");
        });
        ask("q=" + encodeURIComponent(q), "");
      }, 200);
    });
    search.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault(); // choosing, not sending the report
    });
  }
})();
