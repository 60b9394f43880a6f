// Small enhancements; every page works without them.
(function () {
  "use strict";

  // A table restyled as stacked cards on a phone loses its table semantics in some browsers;
  // explicit roles keep it a table for screen readers, and each cell carries its column's name
  // for the card's label (see .table-stack in portal.css).
  function stackable(table) {
    var headers = Array.prototype.map.call(
      table.querySelectorAll("thead th"),
      function (th) { return th.textContent.trim(); }
    );
    table.setAttribute("role", "table");
    table.querySelectorAll("thead, tbody, tfoot").forEach(function (group) {
      group.setAttribute("role", "rowgroup");
    });
    table.querySelectorAll("tr").forEach(function (row) {
      row.setAttribute("role", "row");
      Array.prototype.forEach.call(row.children, function (cell, index) {
        if (cell.tagName === "TH") {
          cell.setAttribute("role", cell.getAttribute("scope") === "row" ? "rowheader" : "columnheader");
        } else {
          cell.setAttribute("role", "cell");
        }
        if (row.parentElement.tagName !== "THEAD" && headers[index]) {
          cell.setAttribute("data-label", headers[index]);
        }
      });
    });
    table.classList.add("table-stack");
  }

  document.addEventListener("DOMContentLoaded", function () {
    document.querySelectorAll("main table").forEach(stackable);
    // Wide screens show folded parts such as the search filters open; phones keep them
    // folded so that results come first.
    if (window.matchMedia("(min-width: 48rem)").matches) {
      document.querySelectorAll("details[data-open-wide]").forEach(function (details) {
        details.open = true;
      });
    }
  });
})();
