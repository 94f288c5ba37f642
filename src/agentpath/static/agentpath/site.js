// Every table scrolls sideways inside its own box instead of widening the page (phones): tables that are
// not already inside a .table-responsive get one. Runs on load and on every htmx swap.
(function () {
  function wrapTables(root) {
    (root.querySelectorAll ? root : document).querySelectorAll("main table.table").forEach(function (table) {
      if (table.closest(".table-responsive") || table.classList.contains("req-table")) return;
      const box = document.createElement("div");
      box.className = "table-responsive";
      table.parentNode.insertBefore(box, table);
      box.appendChild(table);
    });
  }
  document.addEventListener("DOMContentLoaded", function () { wrapTables(document); });
  document.addEventListener("htmx:load", function (e) { wrapTables(e.target); });
})();

// Behaviour that pages ask for with data-* attributes (the Content-Security-Policy allows no inline handlers):
//   <select data-autosubmit>       submits its form when changed (filters, pickers, the language)
//   <select data-navigate>         goes to the chosen option's address, keeping the query string
//   <button data-print>            prints the page
// Listeners sit on the document, so content swapped in by htmx behaves the same.
(function () {
  document.addEventListener("change", function (e) {
    const el = e.target;
    if (el.matches("select[data-autosubmit]") && el.form) el.form.submit();
    else if (el.matches("select[data-navigate]")) window.location = el.value + window.location.search;
  });
  document.addEventListener("click", function (e) {
    if (e.target.closest("[data-print]")) window.print();
  });
})();
