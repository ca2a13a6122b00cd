// Behaviour every page shares. Kept small: pages work without it.
(function () {
  "use strict";
  // A form that comes back with errors: move focus to its summary, so a screen reader reads
  // the problems first and a keyboard user can follow the links to each field.
  var summary = document.getElementById("error-summary");
  if (summary) summary.focus();
})();
