// Search-as-you-type for list filters over large tables (portal.lookups.LookupWidget). The
// box works without this: typed text filters by name. With it, Tom Select asks the server for
// the first matches as the officer types, and the chosen record's id is submitted instead.
(function () {
  "use strict";
  if (typeof TomSelect === "undefined") return;
  document.querySelectorAll("input[data-lookup-url]").forEach(function (input) {
    var url = input.getAttribute("data-lookup-url");
    var chosen = input.getAttribute("data-lookup-id");
    var options = [];
    if (chosen) {
      options.push({ id: chosen, label: input.value });
      input.value = chosen;
    } else if (input.value) {
      // Text typed before (no script, or a shared link): kept as what is looked for.
      options.push({ id: input.value, label: input.value });
    }
    var label = input.id ? document.querySelector('label[for="' + input.id + '"]') : null;
    var name = label ? label.textContent.trim() : input.name;
    new TomSelect(input, {
      maxItems: 1,
      valueField: "id",
      labelField: "label",
      searchField: ["label"],
      options: options,
      items: input.value ? [input.value] : [],
      create: true, // Enter on typed text looks for it in names, as without the script
      closeAfterSelect: true,
      // Once chosen, the list closes and lets go, so the next click (Apply) lands where aimed.
      onItemAdd: function () {
        this.setTextboxValue("");
        this.close();
        this.blur();
      },
      createOnBlur: false,
      persist: false,
      loadThrottle: 250,
      shouldLoad: function (query) { return query.length >= 2; },
      load: function (query, callback) {
        fetch(url + "?q=" + encodeURIComponent(query), {
          credentials: "same-origin",
          headers: { Accept: "application/json" },
        })
          .then(function (response) { return response.ok ? response.json() : { results: [] }; })
          .then(function (data) { callback(data.results); })
          .catch(function () { callback(); });
      },
      render: {
        option_create: function (data, escape) {
          return '<div class="create">Names containing <strong>' + escape(data.input) + "</strong></div>";
        },
        no_results: function () { return '<div class="no-results">No match</div>'; },
      },
    });
    // Tom Select moves the label to its own box; the original input, kept for the form but
    // out of the tab order, keeps a name for assistive technology.
    input.setAttribute("aria-label", name);
  });
})();
