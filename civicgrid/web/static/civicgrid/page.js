// Behaviour shared by every page, kept here since the Content Security Policy runs no inline
// script or event handler (docs/decisions/0011):
//   <button data-print>                       prints the page
//   <div hx-trigger="every 30s" data-hold-while-checked="selector">
//                                             skips htmx's refresh while something inside matches
//                                             (e.g. rows ticked for a bulk action)
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
})();
