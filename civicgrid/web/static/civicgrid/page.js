// Behaviour shared by every page, kept here since the Content Security Policy runs no inline
// script or event handler (docs/decisions/0011):
//   <button data-print>                       prints the page
//   <div hx-trigger="every 30s" data-hold-while-checked="selector">
//                                             skips htmx's refresh while something inside matches
//                                             (e.g. rows ticked for a bulk action)
//   <span class="cg-deadline is-ok" data-due="2026-12-06T10:00:00+08:00">剩 3小时</span>
//                                             a deadline badge counting down every minute
//                                             ("剩 3小时12分", "超时 2小时"); past its time it turns
//                                             .is-over. The words come from <body data-cg-left
//                                             data-cg-over data-cg-days data-cg-hours
//                                             data-cg-minutes> (base.html, translated there).
//   <nav class="nav nav-pills"><a class="nav-link" href="/orgs/">  the link to this page is marked
//                                             active (when no link of the row is yet)
//   <table class="cg-table-stack">            one card per row on phones; cells without
//                                             data-label get their column's header text
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest && event.target.closest("[data-print]");
    if (button) {
      event.preventDefault();
      window.print();
    }
  });
  document.addEventListener("htmx:beforeRequest", function (event) {
    var el = event.detail && event.detail.elt;
    var hold = el && el.dataset && el.dataset.holdWhileChecked;
    if (hold && el.querySelector(hold)) event.preventDefault();
  });

  // ---- deadline countdowns ----
  var FALLBACK = {
    left: "%(time)s left", over: "%(time)s overdue",
    days: "%(days)s d", hours: "%(hours)s h", minutes: "%(minutes)s min"
  };

  function words() {
    var data = (document.body && document.body.dataset) || {};
    return {
      left: data.cgLeft || FALLBACK.left,
      over: data.cgOver || FALLBACK.over,
      days: data.cgDays || FALLBACK.days,
      hours: data.cgHours || FALLBACK.hours,
      minutes: data.cgMinutes || FALLBACK.minutes
    };
  }

  function fill(format, name, value) {
    return format.split("%(" + name + ")s").join(String(value));
  }

  // "3小时12分" (Chinese: no spaces between the parts) or "3 h 12 min"
  function span(ms, w) {
    var minutes = Math.max(0, Math.floor(ms / 60000));
    var days = Math.floor(minutes / 1440);
    var hours = Math.floor((minutes % 1440) / 60);
    var mins = minutes % 60;
    var parts = [];
    if (days) parts.push(fill(w.days, "days", days));
    if (hours) parts.push(fill(w.hours, "hours", hours));
    if (!days && (mins || !hours)) parts.push(fill(w.minutes, "minutes", mins));
    var lang = (document.documentElement.lang || "").toLowerCase();
    return parts.join(lang.indexOf("zh") === 0 ? "" : " ");
  }

  function tick(root) {
    var badges = (root || document).querySelectorAll(".cg-deadline[data-due]");
    if (!badges.length) return;
    var w = words();
    var now = Date.now();
    for (var i = 0; i < badges.length; i++) {
      var badge = badges[i];
      var due = Date.parse(badge.getAttribute("data-due"));
      if (isNaN(due)) continue;
      var rest = due - now;
      if (rest >= 0) {
        badge.textContent = fill(w.left, "time", span(rest, w));
      } else {
        badge.textContent = fill(w.over, "time", span(-rest, w));
        if (!badge.classList.contains("is-over")) {
          badge.classList.remove("is-ok", "is-yellow", "is-red");
          badge.classList.add("is-over");
        }
      }
    }
  }

  // ---- tables that stack into cards on phones: every cell names its column ----
  // A <td> without data-label takes its column's header text (colspans followed), so a
  // template that forgot one still reads "列名 值" on a phone.
  function label(root) {
    var tables = (root || document).querySelectorAll("table.cg-table-stack");
    for (var t = 0; t < tables.length; t++) {
      var table = tables[t];
      var head = table.tHead && table.tHead.rows[table.tHead.rows.length - 1];
      if (!head) continue;
      var names = [];
      for (var h = 0; h < head.cells.length; h++) {
        var cell = head.cells[h];
        var text = (cell.textContent || "").replace(/\s+/g, " ").trim();
        for (var span = 0; span < (cell.colSpan || 1); span++) names.push(text);
      }
      for (var b = 0; b < table.tBodies.length; b++) {
        var rows = table.tBodies[b].rows;
        for (var r = 0; r < rows.length; r++) {
          var column = 0;
          for (var c = 0; c < rows[r].cells.length; c++) {
            var td = rows[r].cells[c];
            if (!td.hasAttribute("data-label") && (td.colSpan || 1) === 1 && names[column]) {
              td.setAttribute("data-label", names[column]);
            }
            column += td.colSpan || 1;
          }
        }
      }
    }
  }

  // ---- the sub-navigation of a section (nav-pills, nav-tabs): the page shown is marked ----
  function mark() {
    var here = window.location.pathname;
    var links = document.querySelectorAll("main .nav-pills a.nav-link[href], main .nav-tabs a.nav-link[href]");
    for (var i = 0; i < links.length; i++) {
      var a = links[i];
      if (a.classList.contains("active")) return;
    }
    for (var j = 0; j < links.length; j++) {
      if (links[j].getAttribute("href") === here) {
        links[j].classList.add("active");
        links[j].setAttribute("aria-current", "page");
      }
    }
  }

  function ready() { label(); tick(); mark(); }

  window.CivicPage = { tick: tick, label: label };
  if (document.readyState === "loading") {
    document.addEventListener("DOMContentLoaded", ready);
  } else {
    ready();
  }
  window.setInterval(tick, 60000);
  // lists refreshed by htmx bring new rows and badges: label and count them down at once
  document.addEventListener("htmx:afterSettle", function (event) { label(event.target.parentNode || document); tick(event.target); });
})();
