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
