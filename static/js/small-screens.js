// Phones and small tablets (loaded on every page by base.html; pages work without it).
(function () {
  "use strict";

  // A list page's filter panel (templates/portal/includes/filter_panel.html) is a "Filter"
  // disclosure, open in the HTML. Beside the list on a wide screen it stays open; on a phone or
  // a small tablet, where it sits above the list and would push the first row down by screens,
  // it starts closed, unless the filters came back with an error to read.
  var panels = document.querySelectorAll("details.filter-disclosure");
  for (var i = 0; i < panels.length; i++) {
    var panel = panels[i];
    var below = parseInt(panel.getAttribute("data-collapse-below"), 10) || 992;
    var small = window.matchMedia("(max-width: " + (below - 0.02) + "px)").matches;
    if (small && !panel.querySelector(".is-invalid, .invalid-feedback")) panel.open = false;
  }

  // A table wider than the screen scrolls inside its own box (static/css/portal.css). A keyboard
  // user must be able to scroll it too: a box with nothing to focus inside becomes a focusable,
  // named region (a bare table is wrapped in one first, so it keeps its table role).
  var FOCUSABLE = "a[href], button, input, select, textarea, [tabindex]";
  function label(table) {
    var caption = table && table.querySelector("caption");
    var text = caption ? caption.textContent.replace(/\s+/g, " ").trim() : "";
    return text ? text + " (scrolls sideways)" : "Table (scrolls sideways)";
  }
  function region(box, table) {
    if (box.hasAttribute("tabindex") || box.querySelector(FOCUSABLE)) return;
    box.setAttribute("role", "region");
    box.setAttribute("aria-label", label(table));
    box.setAttribute("tabindex", "0");
  }
  function fit() {
    var tables = document.querySelectorAll("main table.table");
    for (var j = 0; j < tables.length; j++) {
      var table = tables[j];
      var box = table.closest(".table-responsive, .table-scroll") || table;
      if (box.scrollWidth <= box.clientWidth + 1) continue;
      if (box === table) {
        box = document.createElement("div");
        box.className = "table-scroll";
        table.parentNode.insertBefore(box, table);
        box.appendChild(table);
      }
      region(box, table);
    }
  }
  fit();
  var timer;
  window.addEventListener("resize", function () {
    clearTimeout(timer);
    timer = setTimeout(fit, 200);
  });
})();
