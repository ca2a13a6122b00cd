// Forms that guide (portal.forms.RequiredWhenMixin and SearchableCheckboxSelectMultiple).
// Without this script the page still says it all: a conditional field's help text says when it
// is required, and a long list of choices is a plain list of checkboxes.
(function () {
  "use strict";

  // --- Required when another field has a given value -------------------------------------

  function valuesOf(form, name) {
    var control = form.elements.namedItem(name);
    if (!control) return [];
    var controls = control.length !== undefined && !control.options ? Array.prototype.slice.call(control) : [control];
    var values = [];
    controls.forEach(function (c) {
      if (c.options) {
        Array.prototype.forEach.call(c.options, function (o) { if (o.selected) values.push(o.value); });
      } else if (c.type === "checkbox" && controls.length === 1 && c.value === "on") {
        values.push(c.checked ? "true" : "false");
      } else if (c.type === "checkbox" || c.type === "radio") {
        if (c.checked) values.push(c.value);
      } else {
        values.push(c.value);
      }
    });
    return values;
  }

  function labelFor(control) {
    if (control.id) {
      var label = document.querySelector('label[for="' + control.id + '"]');
      if (label && !label.classList.contains("form-check-label")) return label;
    }
    var fieldset = control.closest("fieldset");
    return fieldset ? fieldset.querySelector("legend") : null;
  }

  function mark(control, required) {
    control.setAttribute("aria-required", required ? "true" : "false");
    var label = labelFor(control);
    if (!label) return;
    var marker = label.querySelector(".guided-required");
    if (required && !marker && !label.querySelector(".asteriskField")) {
      marker = document.createElement("span");
      marker.className = "asteriskField guided-required";
      marker.textContent = "*";
      label.appendChild(marker);
      label.classList.add("requiredField");
    } else if (!required && marker) {
      marker.remove();
      label.classList.remove("requiredField");
    }
  }

  document.querySelectorAll("[data-required-when]").forEach(function (control) {
    var form = control.form;
    if (!form) return;
    var other = control.getAttribute("data-required-when");
    var wanted;
    try { wanted = JSON.parse(control.getAttribute("data-required-values")); } catch (e) { return; }
    function update() {
      var given = valuesOf(form, other);
      var holds = wanted[0] === "*"
        ? given.some(function (v) { return v.trim() !== "" && v !== "false"; })
        : given.some(function (v) { return wanted.indexOf(v) !== -1; });
      mark(control, holds);
    }
    form.addEventListener("change", function (event) {
      if (event.target.name === other) update();
    });
    form.addEventListener("input", function (event) {
      if (event.target.name === other) update();
    });
    update();
  });

  // --- A long list of checkboxes narrowed as one types -----------------------------------

  var LONG = 8; // shorter lists are read at a glance

  var groups = {};
  document.querySelectorAll("input[type=checkbox][data-choice-filter]").forEach(function (box) {
    (groups[box.name] = groups[box.name] || []).push(box);
  });

  Object.keys(groups).forEach(function (name, n) {
    var boxes = groups[name];
    if (boxes.length < LONG) return;
    var items = boxes.map(function (box) { return box.closest(".form-check") || box.parentNode; });
    var list = items[0].parentNode;
    var fieldset = list.closest("fieldset");
    var legend = fieldset ? fieldset.querySelector("legend") : null;
    var what = legend ? legend.textContent.replace("*", "").trim() : name;
    var base = (boxes[0].id || "choices-" + n).replace(/_0$/, "");
    list.id = list.id || base + "-list";
    list.classList.add("choice-filter-list");

    var wrapper = document.createElement("div");
    wrapper.className = "choice-filter";
    var label = document.createElement("label");
    label.className = "form-label choice-filter-label";
    label.htmlFor = base + "-filter";
    label.textContent = "Filter the list of " + what.toLowerCase();
    var input = document.createElement("input");
    input.type = "search";
    input.id = base + "-filter";
    input.className = "form-control form-control-sm";
    input.autocomplete = "off";
    input.setAttribute("aria-controls", list.id);
    input.setAttribute("aria-describedby", base + "-filter-status");
    var status = document.createElement("p");
    status.id = base + "-filter-status";
    status.className = "form-text choice-filter-status";
    status.setAttribute("role", "status");
    wrapper.appendChild(label);
    wrapper.appendChild(input);
    wrapper.appendChild(status);
    list.parentNode.insertBefore(wrapper, list);

    var texts = items.map(function (item) { return item.textContent.toLowerCase().replace(/\s+/g, " "); });
    function chosen() { return boxes.filter(function (b) { return b.checked; }).length; }
    function say(shown) {
      var text = shown === boxes.length
        ? boxes.length + " to choose from"
        : shown + " of " + boxes.length + " shown";
      status.textContent = text + ", " + chosen() + " chosen.";
    }
    function narrow() {
      var words = input.value.toLowerCase().split(/\s+/).filter(Boolean);
      var shown = 0;
      items.forEach(function (item, i) {
        var match = words.every(function (w) { return texts[i].indexOf(w) !== -1; });
        item.hidden = !match;
        if (match) shown += 1;
      });
      say(shown);
    }
    input.addEventListener("input", narrow);
    // Enter in the filter narrows the list; it does not send the form half filled in.
    input.addEventListener("keydown", function (event) {
      if (event.key === "Enter") event.preventDefault();
    });
    list.addEventListener("change", function () {
      say(items.filter(function (item) { return !item.hidden; }).length);
    });
    say(boxes.length);
  });
})();
