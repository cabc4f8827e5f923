/* The class suggestion's buttons (insight/_suggestions.html): a click puts the class's code in
   the intake's class field and tells the form (its questions follow the class). */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest("[data-class-code]");
    if (!button) { return; }
    var field = document.getElementById("case_class");
    if (!field) { return; }
    field.value = button.getAttribute("data-class-code");
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
  });
})();
