/* Small behaviours of every page, declared in the markup by data attributes: the Content-Security-Policy allows
   no inline script or handler, so nothing is written in onclick/onchange attributes.
   - data-autosubmit on a field: changing it submits its form (filters of a single select);
   - data-confirm="question" on a form: submitting asks the question first;
   - data-history-back on a link: goes back one page (its href stays the fallback);
   - data-print-on-load anywhere: the print dialog opens once the page has loaded (the dashboard's print view). */
(function () {
  "use strict";
  document.addEventListener("change", function (event) {
    var field = event.target.closest ? event.target.closest("[data-autosubmit]") : null;
    if (field && field.form) field.form.submit();
  });
  // Capture phase: asked before htmx or any other listener sends the form.
  document.addEventListener("submit", function (event) {
    var form = event.target;
    if (form && form.dataset && form.dataset.confirm && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
      event.stopImmediatePropagation();
    }
  }, true);
  document.addEventListener("click", function (event) {
    var link = event.target.closest ? event.target.closest("[data-history-back]") : null;
    if (link && window.history.length > 1) {
      event.preventDefault();
      window.history.back();
    }
  });
  window.addEventListener("load", function () {
    if (document.querySelector("[data-print-on-load]")) window.print();
  });
})();
