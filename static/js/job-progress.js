// The meeting page's "In progress" panel: polls each job the officer may follow (the job
// page's ?format=json) and says when it has finished. Without JavaScript the panel's
// "Refresh this page" link does the same.
(function () {
  "use strict";
  var panel = document.getElementById("job-progress");
  if (!panel || !window.fetch) return;
  var items = panel.querySelectorAll(".job-progress[data-status-url]");
  var pending = items.length;
  if (!pending) return;

  function finishedAll() {
    var hint = document.getElementById("job-progress-refresh");
    if (!hint) return;
    var link = hint.querySelector("a");
    hint.textContent = "Finished. ";
    if (link) {
      link.textContent = "Reload the page to see the result";
      hint.appendChild(link);
      hint.appendChild(document.createTextNode("."));
    }
  }

  function follow(item) {
    var statusEl = item.querySelector(".job-progress-status");
    var messageEl = item.querySelector(".job-progress-message");
    var delay = 1500;
    function poll() {
      fetch(item.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
        .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
        .then(function (job) {
          var shown = job.status_display.toLowerCase();
          if (statusEl.textContent !== shown) statusEl.textContent = shown;
          if (messageEl.textContent !== job.message) messageEl.textContent = job.message;
          if (job.finished) {
            if (job.status === "failed") item.classList.add("text-danger-emphasis");
            pending -= 1;
            if (pending === 0) finishedAll();
            return;
          }
          delay = Math.min(delay * 1.5, 10000);
          setTimeout(poll, delay);
        })
        .catch(function () { delay = Math.min(delay * 2, 30000); setTimeout(poll, delay); });
    }
    setTimeout(poll, delay);
  }

  Array.prototype.forEach.call(items, follow);
})();
