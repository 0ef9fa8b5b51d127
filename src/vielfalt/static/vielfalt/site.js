// Progressive enhancement only: every page works without this file.
(function () {
  "use strict";
  function focusErrorSummary(root) {
    var summary = (root || document).querySelector("[data-error-summary]");
    if (summary) { summary.focus(); }
  }

  // Character count under long text fields (core/forms/counter.html). The visible count follows every
  // keystroke; screen readers hear it once typing pauses, through a polite live region. Nothing is
  // ever cut: text over the limit is marked, and the server refuses it with a message, keeping it.
  function setUpCounters(root) {
    var counters = (root || document).querySelectorAll("[data-counter-for]");
    Array.prototype.forEach.call(counters, function (counter) {
      var field = document.getElementById(counter.getAttribute("data-counter-for"));
      var live = counter.nextElementSibling;
      if (!field || counter.hasAttribute("data-counter-ready")) { return; }
      counter.setAttribute("data-counter-ready", "");
      var limit = parseInt(field.getAttribute("data-maxlength"), 10);
      var timer = null;
      function text() {
        var count = Array.from(field.value).length;  // characters as people count them, not UTF-16 units
        var over = count > limit;
        var template = counter.getAttribute(over ? "data-over-text" : "data-count-text");
        counter.classList.toggle("vf-counter--over", over);
        return template.replace("%(count)s", String(count));
      }
      function update() {
        counter.textContent = text();
        window.clearTimeout(timer);
        timer = window.setTimeout(function () { if (live) { live.textContent = counter.textContent; } }, 1000);
      }
      field.addEventListener("input", update);
      counter.textContent = text();
    });
  }

  document.addEventListener("DOMContentLoaded", function () {
    focusErrorSummary(document);
    setUpCounters(document);
  });
  // After htmx swaps in a form with errors, move focus to its summary as well.
  document.addEventListener("htmx:afterSwap", function (event) {
    focusErrorSummary(event.target);
    setUpCounters(event.target);
  });
})();
