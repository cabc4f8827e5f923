// The case page's action forms (cases/_actions.html), for the desk's roles:
// - the unit picker: type to filter the grouped list (works from the keyboard: type, then the
//   arrow keys and Enter), an escalation's units limited to the tier chosen;
// - the callback: "show number" reveals the reporter's number as a tel: link (the server
//   audits it), and a rating needs the reporter reached;
// - a link to #act-<action> opens that action's panel (the page comes back there after a step).
(function () {
  "use strict";
  var each = function (root, selector, fn) {
    Array.prototype.forEach.call(root.querySelectorAll(selector), fn);
  };

  var picker = function (box) {
    var filter = box.querySelector("[data-unit-filter]");
    var select = box.querySelector("select");
    if (!filter || !select) return;
    filter.classList.remove("d-none");
    var tierSelect = select.dataset.tierFrom ? document.getElementById(select.dataset.tierFrom) : null;
    var fitsTier = function (option) {
      return !tierSelect || !option.value || option.dataset.tier === tierSelect.value;
    };
    var visible = function () {
      return Array.prototype.filter.call(select.options, function (o) {
        return o.value && !o.hidden && !o.disabled;
      });
    };
    var apply = function () {
      var words = filter.value.trim().toLowerCase().split(/\s+/).filter(Boolean);
      each(select, "option", function (o) {
        if (!o.value) return;
        var text = o.textContent.toLowerCase();
        var match = words.every(function (w) { return text.indexOf(w) >= 0; });
        o.hidden = !(match && fitsTier(o));
      });
      each(select, "optgroup", function (g) {
        g.hidden = !Array.prototype.some.call(g.children, function (o) { return !o.hidden; });
      });
      var found = visible();
      if (words.length) {
        select.size = Math.max(2, Math.min(10, found.length + select.querySelectorAll("optgroup:not([hidden])").length + 1));
        if (found.length && (select.selectedIndex < 0 || !select.options[select.selectedIndex].value ||
            select.options[select.selectedIndex].hidden)) {
          found[0].selected = true;
        }
      } else {
        select.size = 0;
      }
      box.dataset.matches = String(found.length);
    };
    filter.addEventListener("input", apply);
    filter.addEventListener("keydown", function (event) {
      if (event.key === "ArrowDown") {
        event.preventDefault();
        select.focus();
      } else if (event.key === "Enter") {
        event.preventDefault();  // choose the first match, do not send the form yet
        var found = visible();
        if (found.length) {
          if (!select.options[select.selectedIndex] || select.options[select.selectedIndex].hidden) found[0].selected = true;
          select.dispatchEvent(new Event("change", { bubbles: true }));
          select.size = 0;
          select.focus();
        }
      } else if (event.key === "Escape") {
        filter.value = "";
        apply();
      }
    });
    select.addEventListener("keydown", function (event) {
      if (event.key === "Enter" && select.size > 1) {
        event.preventDefault();
        select.size = 0;
      }
    });
    if (tierSelect) {
      tierSelect.addEventListener("change", function () {
        var chosen = select.options[select.selectedIndex];
        if (chosen && chosen.value && !fitsTier(chosen)) select.value = "";
        apply();
      });
      apply();
    }
  };

  var reveal = function (form) {
    form.addEventListener("submit", function (event) {
      event.preventDefault();
      var token = form.querySelector("input[name=csrfmiddlewaretoken]").value;
      fetch(form.action, {
        method: "POST",
        credentials: "same-origin",
        headers: { "X-CSRFToken": token, Accept: "application/json" },
      }).then(function (response) {
        if (!response.ok) throw new Error(String(response.status));
        return response.json();
      }).then(function (data) {
        each(document, "[data-reveal-number]", function (span) {
          var link = document.createElement("a");
          link.href = data.tel;
          link.textContent = data.phone;
          link.className = "fw-semibold";
          link.setAttribute("data-revealed", "");
          span.replaceChildren(link);
        });
        each(document, "[data-reveal-button]", function (button) { button.remove(); });
      }).catch(function () {
        form.submit();  // the page without script shows it (and says why when it cannot)
      });
    });
  };

  var needsReached = function (fieldset) {
    var form = fieldset.closest("form");
    var sync = function () {
      var no = form.querySelector("input[name=reached][value=no]");
      var off = !!(no && no.checked);
      each(fieldset, "input", function (input) {
        input.disabled = off && input.value !== "";
        if (off && input.value === "") input.checked = true;
      });
    };
    each(form, "input[name=reached]", function (input) { input.addEventListener("change", sync); });
    sync();
  };

  var openFromHash = function () {
    var id = window.location.hash.slice(1);
    if (!/^act-[a-z_]+$/.test(id)) return;
    var target = document.getElementById(id);
    if (!target || target.tagName !== "DETAILS") return;
    each(document, "details[id^='act-']", function (d) { d.open = d === target; });
    target.scrollIntoView({ block: "nearest" });
  };

  each(document, "[data-unit-picker]", picker);
  each(document, "[data-reveal-form]", reveal);
  each(document, "[data-needs-reached]", needsReached);
  openFromHash();
  window.addEventListener("hashchange", openFromHash);
})();
