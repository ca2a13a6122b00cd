// The structure chart opens a long branch in place: the link (which without this script goes
// to the branch's own page) fetches the branch's list and puts it where the link was.
(function () {
  "use strict";
  document.addEventListener("click", function (event) {
    var link = event.target.closest("a.tree-open");
    if (!link || event.metaKey || event.ctrlKey || event.shiftKey) return;
    event.preventDefault();
    var holder = link.parentElement;
    link.setAttribute("aria-busy", "true");
    fetch(link.getAttribute("data-branch-url"), { credentials: "same-origin" })
      .then(function (response) {
        if (!response.ok) throw new Error(response.status);
        return response.text();
      })
      .then(function (html) {
        var box = document.createElement("div");
        box.innerHTML = html;
        var list = box.querySelector("ul.tree");
        if (!list) throw new Error("no list");
        // The branch's list, and its "and N more in the register" line when it has one.
        holder.replaceWith.apply(holder, Array.prototype.slice.call(box.children));
        var first = list.querySelector("a");
        if (first) first.focus();
      })
      .catch(function () { window.location.href = link.href; });
  });
})();
