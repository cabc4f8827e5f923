/* The portal's class suggestion (insight/_portal_suggestions.html): a click chooses the class in
   the form's list of classes (adding it there when the list does not show it) and tells the form,
   so the class's questions follow, as a choice by hand does. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-portal-class]");
    if (!button) { return; }
    var list = document.getElementById("class-list");
    if (!list) { return; }
    var code = button.getAttribute("data-portal-class");
    var radio = list.querySelector('input[name="case_class"][value="' + CSS.escape(code) + '"]');
    if (!radio) {
      var row = list.querySelector(".d-flex");
      if (!row) {
        row = document.createElement("div");
        row.className = "d-flex flex-wrap gap-2";
        list.appendChild(row);
      }
      radio = document.createElement("input");
      radio.type = "radio";
      radio.className = "btn-check";
      radio.name = "case_class";
      radio.id = "cc-" + code;
      radio.value = code;
      radio.required = true;
      var label = document.createElement("label");
      label.className = "btn btn-sm btn-outline-secondary";
      label.htmlFor = radio.id;
      label.textContent = button.getAttribute("data-label");
      row.insertBefore(label, row.firstChild);
      row.insertBefore(radio, label);
    }
    radio.checked = true;
    radio.dispatchEvent(new Event("change", { bubbles: true }));
    button.classList.add("active");
  });
})();
