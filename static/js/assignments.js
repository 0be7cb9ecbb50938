// Task and activity forms: add an enterprise found by the htmx search to the tax-code list.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var button = event.target.closest(".add-tax-code");
    if (!button) { return; }
    var form = button.closest("form");
    var box = form && form.querySelector("textarea.tax-codes");
    if (!box) { return; }
    var code = button.getAttribute("data-tax-code");
    var codes = box.value.split(/[\s,;]+/).filter(Boolean);
    if (codes.indexOf(code) === -1) { codes.push(code); }
    box.value = codes.join(", ");
    button.disabled = true;
    button.textContent = "✓";
  });
})();
