/* The class suggestion's buttons (insight/_suggestions.html): a click puts the class's code in
   the intake's class field and tells the form (its questions follow the class). An article's
   "answered with" button (insight/_hints.html) records the case as answered from it: it is no
   submit button of its own, so Enter in a field never closes a case by the first article. */
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var answer = event.target.closest("[data-answer-from]");
    var chosen = document.getElementById("answer_from");
    if (answer && chosen && answer.form) {
      chosen.value = answer.getAttribute("data-answer-from");
      answer.form.requestSubmit();
      return;
    }
    var button = event.target.closest("[data-class-code]");
    if (!button) { return; }
    var field = document.getElementById("case_class");
    if (!field) { return; }
    field.value = button.getAttribute("data-class-code");
    field.dispatchEvent(new Event("change", { bubbles: true }));
    field.focus();
  });
})();
