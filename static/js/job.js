// Polls a background job's status and updates the page when it changes.
(function () {
  "use strict";
  var box = document.getElementById("job");
  if (!box || box.dataset.finished === "true") return;
  var statusEl = document.getElementById("job-status");
  var messageEl = document.getElementById("job-message");
  var downloadEl = document.getElementById("job-download");
  var delay = 1000;
  function poll() {
    fetch(box.dataset.statusUrl, { headers: { Accept: "application/json" }, credentials: "same-origin" })
      .then(function (r) { if (!r.ok) throw new Error(r.status); return r.json(); })
      .then(function (job) {
        if (statusEl.textContent !== job.status_display) statusEl.textContent = job.status_display;
        messageEl.textContent = job.message;
        messageEl.className = job.status === "failed" ? "alert alert-danger" : "";
        if (job.finished) {
          var spinner = document.getElementById("job-spinner");
          if (spinner) spinner.remove();
          var waiting = document.getElementById("job-waiting");
          if (waiting) waiting.remove();
          if (job.download_url) {
            document.getElementById("job-file-name").textContent = job.file_name;
            downloadEl.hidden = false;
          }
          return;
        }
        delay = Math.min(delay * 1.5, 10000);
        setTimeout(poll, delay);
      })
      .catch(function () { delay = Math.min(delay * 2, 30000); setTimeout(poll, delay); });
  }
  setTimeout(poll, delay);
})();
