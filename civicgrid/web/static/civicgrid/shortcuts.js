// Keyboard shortcuts for people who work all day at the list and the case page (operators above
// all). Never while typing in a field. "?" lists them.
//   /      search the list            j / k   next / previous case in the list
//   n      new case                   a       the open action on a case, the main next step
//                                              (1–9: the n-th, in the order shown)
(function () {
  "use strict";
  var rowLinks = function () {
    return Array.prototype.slice.call(document.querySelectorAll("#case-rows tbody a[href]"));
  };
  var openAction = function (n) {
    var panels = document.querySelectorAll("details form[action*='/act/']");
    var form = panels[n];
    if (!form) return false;
    var details = form.closest("details");
    details.open = true;
    var field = form.querySelector("input:not([type=hidden]), select, textarea, button");
    if (field) field.focus();
    return true;
  };
  // the action whose panel is open (the main next step, or one opened from a link), else the first
  var openIndex = function () {
    var forms = Array.prototype.slice.call(document.querySelectorAll("details form[action*='/act/']"));
    var open = forms.findIndex(function (form) { return form.closest("details").open; });
    return open < 0 ? 0 : open;
  };
  var typing = function (el) {
    return el && (el.isContentEditable || /^(input|textarea|select)$/i.test(el.tagName));
  };
  document.addEventListener("keydown", function (event) {
    if (event.ctrlKey || event.metaKey || event.altKey || typing(event.target)) return;
    var key = event.key, done = false;
    if (key === "/") {
      var search = document.getElementById("f-q");
      if (search) { search.focus(); search.select(); done = true; }
    } else if (key === "j" || key === "k") {
      var links = rowLinks();
      if (links.length) {
        var at = links.indexOf(document.activeElement);
        var next = at < 0 ? 0 : Math.max(0, Math.min(links.length - 1, at + (key === "j" ? 1 : -1)));
        links[next].focus();
        done = true;
      }
    } else if (key === "n") {
      var add = document.querySelector("a[data-shortcut='new-case']");
      if (add) { window.location.href = add.href; done = true; }
    } else if (key === "a") {
      done = openAction(openIndex());
    } else if (/^[1-9]$/.test(key)) {
      done = openAction(Number(key) - 1);
    } else if (key === "?") {
      var help = document.getElementById("shortcuts-help");
      if (help && window.bootstrap) { window.bootstrap.Modal.getOrCreateInstance(help).show(); done = true; }
    }
    if (done) event.preventDefault();
  });
})();
