// Rich-text fields (portal.widgets.RichTextarea): a Tiptap editor with a toolbar in place of
// the textarea, which keeps the HTML the server sanitises (portal.html.sanitise). Without this
// script the field is a plain textarea. Only what the sanitiser keeps can be made: paragraphs,
// two heading levels, bold, italic, underline, lists, tables, quotes and links. Nothing here
// sets an inline style (the Content-Security-Policy refuses them): Tiptap's CSS is in
// static/css/rich-text.css and the table renders with no widths.
(function () {
  "use strict";
  var T = window.Tiptap;
  if (!T) return;

  // --- Pasting from Word ----------------------------------------------------------------

  var WORD_LIST = /mso-list:\s*(l\d+)\s+level(\d+)/i;
  var TAG = /<[a-zA-Z][^>"']*(?:(?:"[^"]*"|'[^']*')[^>"']*)*>/g;
  var STYLE_ATTRIBUTE = /(\s)style(\s*=)/gi;

  function styleOf(el) {
    return el.getAttribute("data-style") || "";
  }

  // Parsing the pasted HTML applies the page's Content-Security-Policy (which refuses style
  // elements and attributes) even in a parsed document, so before it is parsed the style
  // elements go and each style attribute becomes data-style (still read for Word's lists).
  function defuse(html) {
    return html
      .replace(/<style\b[\s\S]*?<\/style\s*>/gi, "")
      .replace(TAG, function (tag) { return tag.replace(STYLE_ATTRIBUTE, "$1data-style$2"); });
  }
  var NUMBERED = /^\(?([0-9]+|[a-z]{1,4}|[ivxlcdm]+)[.)]$/i;

  function markerOf(p) {
    // Word writes the bullet or number in a span styled mso-list:Ignore (inside a conditional
    // comment that the parser drops, leaving the span).
    var spans = p.querySelectorAll("span");
    for (var i = 0; i < spans.length; i++) {
      if (/mso-list:\s*ignore/i.test(styleOf(spans[i]))) return spans[i];
    }
    return null;
  }

  function wordListLevel(p) {
    if (p.tagName !== "P") return 0;
    var match = WORD_LIST.exec(styleOf(p));
    if (match) return parseInt(match[2], 10) || 1;
    return /MsoListParagraph/i.test(p.className || "") && markerOf(p) ? 1 : 0;
  }

  function rebuildWordLists(doc, root) {
    var children = Array.prototype.slice.call(root.children);
    var i = 0;
    while (i < children.length) {
      if (!wordListLevel(children[i])) {
        if (children[i].children.length) rebuildWordLists(doc, children[i]);
        i++;
        continue;
      }
      var stack = []; // [{list, level, lastItem}]
      var first = children[i];
      var top = null;
      while (i < children.length && wordListLevel(children[i])) {
        var p = children[i];
        var level = wordListLevel(p);
        var marker = markerOf(p);
        var text = marker ? marker.textContent.replace(/\u00a0/g, " ").trim() : "";
        if (marker) marker.remove();
        while (stack.length && stack[stack.length - 1].level > level) stack.pop();
        if (!stack.length || stack[stack.length - 1].level < level) {
          var list = doc.createElement(NUMBERED.test(text) ? "ol" : "ul");
          if (!stack.length) {
            top = list;
            first.parentNode.insertBefore(list, first);
          } else {
            var parentItem = stack[stack.length - 1].lastItem;
            (parentItem || stack[stack.length - 1].list).appendChild(list);
          }
          stack.push({ list: list, level: level, lastItem: null });
        }
        var item = doc.createElement("li");
        while (p.firstChild) item.appendChild(p.firstChild);
        stack[stack.length - 1].list.appendChild(item);
        stack[stack.length - 1].lastItem = item;
        p.remove();
        i++;
      }
      if (!top) break;
    }
  }

  function rename(doc, el, tag) {
    var replacement = doc.createElement(tag);
    ["colspan", "rowspan"].forEach(function (name) {
      if (el.hasAttribute(name)) replacement.setAttribute(name, el.getAttribute(name));
    });
    while (el.firstChild) replacement.appendChild(el.firstChild);
    el.parentNode.replaceChild(replacement, el);
  }

  function cleanPastedHTML(html) {
    var doc = new DOMParser().parseFromString(defuse(html), "text/html");
    var body = doc.body;
    body.querySelectorAll("script, style, meta, link, title, xml, template").forEach(function (el) {
      el.remove();
    });
    // Word's empty paragraph markers: <o:p></o:p> (an element named "o:p").
    Array.prototype.slice.call(body.getElementsByTagName("*")).forEach(function (el) {
      if (el.tagName.indexOf(":") !== -1) {
        while (el.firstChild) el.parentNode.insertBefore(el.firstChild, el);
        el.remove();
      }
    });
    rebuildWordLists(doc, body);
    body.querySelectorAll("h1, h2").forEach(function (el) { rename(doc, el, "h3"); });
    body.querySelectorAll("h5, h6").forEach(function (el) { rename(doc, el, "h4"); });
    // A table needs headers (to be read out, and in the pack): a pasted table with none has
    // its first row taken as the headings, as it nearly always is.
    body.querySelectorAll("table").forEach(function (table) {
      if (table.querySelector("th")) return;
      var row = table.querySelector("tr");
      if (!row) return;
      Array.prototype.slice.call(row.children).forEach(function (cell) {
        if (cell.tagName === "TD") rename(doc, cell, "th");
      });
    });
    body.querySelectorAll("*").forEach(function (el) {
      el.removeAttribute("data-style");
      el.removeAttribute("style");
      el.removeAttribute("class");
      el.removeAttribute("lang");
      el.removeAttribute("width");
    });
    return body.innerHTML;
  }

  // --- The editor's schema: what the sanitiser keeps, with no inline styles -------------

  function cellAttributes() {
    return {
      colspan: { default: 1 },
      rowspan: { default: 1 },
    };
  }
  var Cell = T.TableCell.extend({ addAttributes: cellAttributes });
  var Header = T.TableHeader.extend({ addAttributes: cellAttributes });
  var Table = T.Table.extend({
    renderHTML: function (props) {
      return ["table", T.mergeAttributes(this.options.HTMLAttributes, props.HTMLAttributes), ["tbody", 0]];
    },
  });

  function extensions() {
    return [
      T.StarterKit.configure({
        code: false,
        codeBlock: false,
        strike: false,
        horizontalRule: false,
        heading: { levels: [3, 4] },
        link: {
          openOnClick: false,
          autolink: true,
          protocols: ["http", "https", "mailto"],
          HTMLAttributes: { target: null, rel: null, class: null },
          isAllowedUri: function (url) { return /^(https?:|mailto:)/i.test(url); },
        },
      }),
      Table.configure({ resizable: false }),
      T.TableRow,
      Header,
      Cell,
    ];
  }

  // --- Plain text kept before (or typed with no script) becomes paragraphs --------------

  function escapeHTML(text) {
    var div = document.createElement("div");
    div.textContent = text;
    return div.innerHTML;
  }

  function initialContent(value) {
    if (!value.trim()) return "";
    if (/<[a-z][\s\S]*>/i.test(value)) return value;
    return value
      .split(/\n\s*\n/)
      .map(function (para) { return "<p>" + escapeHTML(para.trim()).replace(/\n/g, "<br>") + "</p>"; })
      .join("");
  }

  // --- The toolbar -----------------------------------------------------------------------

  var BUTTONS = [
    { label: "Heading", run: function (c) { return c.toggleHeading({ level: 3 }); }, active: ["heading", { level: 3 }] },
    { label: "Subheading", run: function (c) { return c.toggleHeading({ level: 4 }); }, active: ["heading", { level: 4 }] },
    { label: "Bold", run: function (c) { return c.toggleBold(); }, active: ["bold"] },
    { label: "Italic", run: function (c) { return c.toggleItalic(); }, active: ["italic"] },
    { label: "Bulleted list", run: function (c) { return c.toggleBulletList(); }, active: ["bulletList"] },
    { label: "Numbered list", run: function (c) { return c.toggleOrderedList(); }, active: ["orderedList"] },
    { label: "Link", link: true, active: ["link"] },
    { label: "Table", run: function (c) { return c.insertTable({ rows: 3, cols: 3, withHeaderRow: true }); } },
  ];

  function editLink(editor) {
    var current = editor.getAttributes("link").href || "";
    var href = window.prompt("Link address (https://… or mailto:…). Leave empty to remove the link.", current);
    if (href === null) return;
    href = href.trim();
    var chain = editor.chain().focus().extendMarkRange("link");
    if (!href) {
      chain.unsetLink().run();
    } else if (/^(https?:\/\/|mailto:)/i.test(href)) {
      if (editor.state.selection.empty && !current) {
        chain.insertContent({ type: "text", text: href, marks: [{ type: "link", attrs: { href: href } }] }).run();
      } else {
        chain.setLink({ href: href }).run();
      }
    } else {
      window.alert("A link must start with https://, http:// or mailto:");
    }
  }

  function makeToolbar(editor, labelText) {
    var bar = document.createElement("div");
    bar.className = "rich-text-toolbar";
    bar.setAttribute("role", "toolbar");
    bar.setAttribute("aria-label", "Formatting for " + labelText);
    var buttons = BUTTONS.map(function (spec, n) {
      var button = document.createElement("button");
      button.type = "button";
      button.className = "btn btn-sm btn-outline-secondary";
      button.textContent = spec.label;
      button.tabIndex = n === 0 ? 0 : -1;
      if (spec.active && spec.label !== "Link") button.setAttribute("aria-pressed", "false");
      // Keep the editor's selection: act on click without taking focus on mousedown.
      button.addEventListener("mousedown", function (event) { event.preventDefault(); });
      button.addEventListener("click", function () {
        if (spec.link) editLink(editor);
        else spec.run(editor.chain().focus()).run();
      });
      bar.appendChild(button);
      return { el: button, spec: spec };
    });
    // One tab stop; the arrow keys move along the toolbar (WAI-ARIA toolbar pattern).
    bar.addEventListener("keydown", function (event) {
      var index = buttons.findIndex(function (b) { return b.el === document.activeElement; });
      if (index < 0) return;
      var next = { ArrowRight: index + 1, ArrowLeft: index - 1, Home: 0, End: buttons.length - 1 }[event.key];
      if (next === undefined) return;
      event.preventDefault();
      next = (next + buttons.length) % buttons.length;
      buttons.forEach(function (b, i) { b.el.tabIndex = i === next ? 0 : -1; });
      buttons[next].el.focus();
    });
    function refresh() {
      buttons.forEach(function (b) {
        if (!b.spec.active || !b.el.hasAttribute("aria-pressed")) return;
        b.el.setAttribute("aria-pressed", editor.isActive.apply(editor, b.spec.active) ? "true" : "false");
      });
    }
    editor.on("selectionUpdate", refresh);
    editor.on("transaction", refresh);
    return bar;
  }

  // --- Mounting --------------------------------------------------------------------------

  function mount(textarea) {
    var label = textarea.id && document.querySelector('label[for="' + textarea.id + '"]');
    if (label && !label.id) label.id = textarea.id + "_label";
    var labelText = label ? label.textContent.replace("*", "").trim() : textarea.name;
    var wrapper = document.createElement("div");
    wrapper.className = "rich-text";
    if (textarea.classList.contains("is-invalid")) wrapper.classList.add("is-invalid");
    var area = document.createElement("div");
    area.className = "rich-text-area";
    var attributes = {
      class: "rich-text-content form-control",
      role: "textbox",
      "aria-multiline": "true",
    };
    if (label) attributes["aria-labelledby"] = label.id;
    else attributes["aria-label"] = labelText;
    var describedBy = textarea.getAttribute("aria-describedby");
    if (describedBy) attributes["aria-describedby"] = describedBy;
    if (textarea.getAttribute("aria-invalid")) attributes["aria-invalid"] = textarea.getAttribute("aria-invalid");
    var rows = parseInt(textarea.getAttribute("rows"), 10) || 3;
    wrapper.classList.add(rows > 3 ? "rich-text-tall" : "rich-text-short");

    var editor;
    try {
      editor = new T.Editor({
        element: area,
        extensions: extensions(),
        content: initialContent(textarea.value),
        injectCSS: false,
        editorProps: {
          attributes: attributes,
          transformPastedHTML: cleanPastedHTML,
        },
        onUpdate: function (props) {
          // Written back only after a real edit: an untouched field is sent as it came.
          textarea.value = props.editor.isEmpty ? "" : props.editor.getHTML();
        },
      });
    } catch (error) {
      return; // the plain textarea stays
    }
    wrapper.appendChild(makeToolbar(editor, labelText));
    wrapper.appendChild(area);
    textarea.parentNode.insertBefore(wrapper, textarea.nextSibling);
    textarea.hidden = true;
    textarea.richTextEditor = editor;
    if (label) {
      // The label now names the editor (aria-labelledby); it no longer points at the hidden
      // textarea, and a click on it goes to the editor.
      label.removeAttribute("for");
      label.addEventListener("click", function () { editor.commands.focus(); });
    }
  }

  document.querySelectorAll("textarea[data-rich-text]").forEach(mount);
  window.portalRichText = { cleanPastedHTML: cleanPastedHTML };
})();
