// FGD session pages: small progressive enhancements (every page also works without JavaScript).
(function () {
  "use strict";

  // Forms that need a confirmation (finalising minutes, removing a file).
  document.addEventListener("submit", function (event) {
    var form = event.target.closest ? event.target.closest("form.js-confirm") : null;
    if (form && !window.confirm(form.dataset.confirm)) {
      event.preventDefault();
    }
  });

  // "Select all" on the invite list.
  document.addEventListener("change", function (event) {
    if (!event.target.classList.contains("js-select-all")) return;
    var table = event.target.closest("table");
    table.querySelectorAll(".js-select-row").forEach(function (box) {
      box.checked = event.target.checked;
    });
  });

  // Controls that only work with JavaScript are hidden until it runs.
  document.querySelectorAll(".js-only").forEach(function (element) {
    element.classList.remove("d-none");
  });

  // Attendance: everyone still "not recorded" becomes "present" (the officer then changes the exceptions).
  document.addEventListener("click", function (event) {
    if (!(event.target.closest && event.target.closest(".js-mark-present"))) return;
    document.querySelectorAll("select[name$='-attendance']").forEach(function (select) {
      if (select.value === "unknown") select.value = "present";
    });
  });

  // The print button of the QR sheet.
  document.addEventListener("click", function (event) {
    if (event.target.closest && event.target.closest(".js-print")) {
      window.print();
    }
  });
})();
